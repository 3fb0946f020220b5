/**
 * Shapes a paste takes on its way to us (tests and scripts/corpus-transforms.ts share them).
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
