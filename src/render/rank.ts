/**
 * The one order findings are shown in, everywhere (Slack, terminal, JSON, the daily report): most
 * severe first, then what breaks first.
 * @module
 */
import type { Finding } from '../core/finding.js';
import { compareSeverity } from '../core/severity.js';

/**
 * When a finding breaks, for ranking: the date in an "expired …"/"expires …" title, else now (it is
 * breaking already). Ms since the epoch.
 */
export function breaksAt(f: Finding, nowMs: number): number {
  const m = /\bexpire[sd] (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(f.title);
  const t = m ? Date.parse(`${(m[1] as string).replace(' ', 'T')}Z`) : Number.NaN;
  return Number.isNaN(t) ? nowMs : t;
}

/** Most severe first; among equals, what breaks first (expired, then breaking now, then expiring). */
export function byUrgency(a: Finding, b: Finding, nowMs: number): number {
  return compareSeverity(a.severity, b.severity) || breaksAt(a, nowMs) - breaksAt(b, nowMs);
}
