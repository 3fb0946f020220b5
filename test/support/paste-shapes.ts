/**
 * Shapes a paste takes on its way to us: the metamorphic tests, the corpus test and
 * scripts/corpus-transforms.ts share them.
 * @module
 */

/** Cuts every line at `width` columns, as a terminal or an email client does. */
export function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const rows: string[] = [];
      for (let at = 0; at < line.length; at += width) rows.push(line.slice(at, at + width));
      return rows.length > 0 ? rows : [''];
    })
    .join('\n');
}

const perLine = (f: (line: string) => string) => (text: string) => text.split('\n').map(f).join('\n');

/**
 * Whole-text shapes: each changes how a text is pasted, not what it says, so a text diagnosed
 * differently in one of them is a generalisation gap.
 */
export const PASTE_SHAPES: Readonly<Record<string, (text: string) => string>> = {
  'as pasted': (t) => t,
  'wrap at 80': (t) => hardWrap(t, 80),
  'wrap at 120': (t) => hardWrap(t, 120),
  'Slack quote': perLine((l) => `> ${l}`),
  'code fence': (t) => `\`\`\`\n${t}\n\`\`\``,
  'HTML-escaped': (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  CRLF: (t) => t.replace(/\n/g, '\r\n'),
  'lower case': (t) => t.toLowerCase(),
  'container JSON log': perLine((l) =>
    JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2024-01-01T00:00:00Z' }),
  ),
  'indented 4': perLine((l) => `    ${l}`),
  'one line': (t) => t.replace(/\n+/g, ' '),
  timestamped: perLine((l) => `2024-05-01T10:00:00.000Z ${l}`),
  // A look-alike told about a Kubernetes cluster is still a look-alike: gates must read whose
  // clock, certificate or token it is, not whether the paste names Kubernetes.
  'said of a cluster': (t) => `Our Kubernetes cluster (kubeadm 1.28) shows this:\n${t}`,
};
