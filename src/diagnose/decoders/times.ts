/**
 * Time formats the decoders share: month names and HTTP Date headers in pasted transcripts.
 * @module
 */

import { MONTHS } from '../../core/format.js';
import type { Paste } from '../rule.js';

/** Month abbreviations, index = month − 1. */
export { MONTHS };

/** A month's index (0–11) from its three-letter name in any case ("Sep", "sep", "SEP"), else −1. */
export function monthIndex(name: string): number {
  const n = name.toLowerCase();
  return MONTHS.findIndex((m) => m.toLowerCase() === n);
}

/** `date: Sun, 27 Nov 2022 08:12:15 GMT` (curl -v, `< date:` or plain). */
const DATE_HEADER_RE = /^[<\s]*date:\s*([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT)/i;

/** Every HTTP Date header in the paste: the answering server's clock, with its line. */
export function dateHeaders(paste: Paste): { line: number; date: Date }[] {
  const out: { line: number; date: Date }[] = [];
  paste.lines.forEach((l, i) => {
    if (l.length > 200 || !/date/i.test(l)) return;
    const m = DATE_HEADER_RE.exec(l);
    if (m) out.push({ line: i, date: new Date(m[1] as string) });
  });
  return out;
}
