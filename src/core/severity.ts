/**
 * How urgent a finding is, and the one ordering of severities every renderer uses.
 * @module
 */

/** How urgent a finding is. Ordered: critical > warning > info. */
export const Severity = {
  /** Breaking now, or will within 24 h. */
  Critical: 'critical',
  /** Will break, or is degraded. */
  Warning: 'warning',
  /** Worth knowing; nothing is breaking. */
  Info: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

const RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

/** Sorts most severe first: negative when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

/** True when `s` is at least as severe as `floor`. */
export function atLeast(s: Severity, floor: Severity): boolean {
  return RANK[s] >= RANK[floor];
}
