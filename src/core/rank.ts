/**
 * The one order findings are shown in and the one grouping into incidents, everywhere (Slack, the
 * terminal, JSON, the daily report): most severe first, then what breaks first; effects under
 * their cause. Computed from data (`breaksAt`, codes and subjects), never from title text.
 * @module
 */
import type { Finding } from './finding.js';
import { compareSeverity, type Severity } from './severity.js';

/** When a finding breaks, ms since the epoch: its `breaksAt`, else now (it is breaking already). */
export function breaksAt(f: Pick<Finding, 'breaksAt'>, nowMs: number): number {
  const t = f.breaksAt ? Date.parse(f.breaksAt) : Number.NaN;
  return Number.isNaN(t) ? nowMs : t;
}

/** Most severe first; among equals, what breaks first (expired, then breaking now, then expiring). */
export function byUrgency(a: Finding, b: Finding, nowMs: number): number {
  return compareSeverity(a.severity, b.severity) || breaksAt(a, nowMs) - breaksAt(b, nowMs);
}

/** Findings in the order every answer shows them (a copy; the input is not reordered). */
export function ranked<F extends Finding>(findings: readonly F[], nowMs = Date.now()): F[] {
  return [...findings].sort((x, y) => byUrgency(x, y, nowMs));
}

/** A root cause and the findings it explains. */
export interface Incident<F extends Finding = Finding> {
  readonly cause: F;
  readonly effects: F[];
}

/**
 * Findings that share a cause, as one incident: the root cause first and its effects under it. The
 * causal chain kube-triage knows: an apiserver whose clock is ahead (skew/apiserver-clock) makes the
 * tokens it mints rejected elsewhere (token/not-yet-valid on that endpoint), and the node it runs on
 * has the same clock (skew/node-clock on that node). Everything else is its own incident. Most
 * severe incident first (as severe as its worst finding); within a severity the input order stands.
 */
export function incidents<F extends Finding>(findings: readonly F[]): Incident<F>[] {
  const out: Incident<F>[] = [];
  const clockOf = new Map<string, Incident<F>>();
  for (const f of findings)
    if (f.code === 'skew/apiserver-clock') {
      const inc = { cause: f, effects: [] as F[] };
      clockOf.set(f.subject.name, inc);
      out.push(inc);
    }
  for (const f of findings) {
    if (f.code === 'skew/apiserver-clock') continue;
    const inc =
      (f.code === 'token/not-yet-valid' && f.subject.kind === 'endpoint') ||
      (f.code === 'skew/node-clock' && f.subject.kind === 'node')
        ? clockOf.get(f.subject.name)
        : undefined;
    if (inc) inc.effects.push(f);
    else out.push({ cause: f, effects: [] });
  }
  const worst = (i: Incident<F>): Severity =>
    [i.cause, ...i.effects].reduce(
      (w, f) => (compareSeverity(f.severity, w) < 0 ? f.severity : w),
      i.cause.severity as Severity,
    );
  return out.sort((a, b) => compareSeverity(worst(a), worst(b)));
}

/**
 * What a diagnosis found, counted: its causes, and apart from them the informational findings (a
 * legacy-token warning above an RBAC refusal is worth knowing, not the cause of anything).
 */
export function foundPhrase(findings: readonly Pick<Finding, 'severity'>[]): string {
  const facts = findings.filter((f) => f.severity === 'info').length;
  const causes = findings.length - facts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (causes === 0) return `${plural(facts, 'fact')} worth knowing, no failure named`;
  return facts
    ? `${plural(causes, 'cause')} found (and ${plural(facts, 'fact')} worth knowing)`
    : `${plural(causes, 'cause')} found`;
}
