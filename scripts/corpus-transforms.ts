// How the dev split scores when its texts arrive in other shapes: hard-wrapped by a terminal, quoted
// in Slack, fenced, HTML-escaped, lower-cased, as container JSON logs, one line, timestamped, or said
// of a Kubernetes cluster. A
// transform changes how a text is pasted, not what it says, so every drop is a generalisation gap.
// Dev only (never the test split). Usage: npx tsx scripts/corpus-transforms.ts
import { type CorpusEntry, loadCorpus, score } from '../test/support/corpus.js';
import { hardWrap } from '../test/support/paste-shapes.js';

const perLine = (f: (line: string) => string) => (text: string) => text.split('\n').map(f).join('\n');

const TRANSFORMS: Record<string, (text: string) => string> = {
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

const dev = loadCorpus().filter((e) => e.split === 'dev');
const base = score(dev);
const missedBefore = new Set(base.misses.map((m) => m.entry.id));
for (const [name, transform] of Object.entries(TRANSFORMS)) {
  const s = score(dev.map((e): CorpusEntry => ({ ...e, text: transform(e.text) })));
  const fresh = s.misses.filter((m) => !missedBefore.has(m.entry.id));
  const lost = fresh.filter((m) => m.entry.expected !== 'none').map((m) => m.entry.id);
  const flagged = fresh.filter((m) => m.entry.expected === 'none').map((m) => m.entry.id);
  console.log(
    `${name.padEnd(19)} family ${s.family}/${s.positives}  exact ${s.exact}/${s.positives}  false positives ${s.falsePositives}/${s.lookalikes}` +
      (lost.length ? `  lost: ${lost.join(' ')}` : '') +
      (flagged.length ? `  newly flagged: ${flagged.join(' ')}` : ''),
  );
}
