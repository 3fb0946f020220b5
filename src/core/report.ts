/**
 * What changed for one cluster between two daily reports: the shape the report produces and the
 * renderers show.
 * @module
 */
import type { Finding } from './finding.js';

/** A finding that was there last time and is gone now. */
export interface FixedFinding {
  readonly code: string;
  readonly title: string;
  readonly subject: string;
}

/** What changed for one cluster since the last run. */
export interface ClusterDiff {
  readonly cluster: string;
  readonly reachable: boolean;
  /** ISO time of the first run that could not read the cluster. */
  readonly unreachableSince?: string;
  readonly error?: string;
  /**
   * False when no result came back at all (a fleet run's scan never finished before the deadline):
   * nothing is known about the cluster, its history is left as it was.
   */
  readonly answered?: boolean;
  readonly newFindings: readonly Finding[];
  readonly still: readonly { readonly finding: Finding; readonly since: string }[];
  readonly fixed: readonly FixedFinding[];
  /** Findings hidden by an active mute (counted, not shown). */
  readonly muted: number;
}

/** What a check run could read, as the renderers and the report need it. */
export interface ReadResult {
  readonly findings: readonly unknown[];
  readonly unreadable: readonly { readonly part: string; readonly reason: string; readonly detail: string }[];
}

/** Whether a cluster answered: fully, partly (these parts could not be read), or not at all. */
export type ReadState =
  | { readonly kind: 'read' }
  | { readonly kind: 'partial'; readonly parts: readonly string[] }
  | { readonly kind: 'unreachable'; readonly reason: string; readonly detail: string };

/** Parts every check reads first: when they fail for a network or credential reason, nothing was read. */
const CORE_PARTS = new Set(['nodes', 'version']);
const DEAD_REASONS = new Set(['unreachable', 'timeout', 'tls', 'forbidden']);

/**
 * The read state of one cluster's results. Unreachable: the node list itself failed for a network,
 * TLS, timeout or credential reason (or every part failed that way); partial: some part could not
 * be read. A cluster that could not be reached is never "no problems found".
 */
export function readState(results: readonly ReadResult[]): ReadState {
  const all = results.flatMap((r) => r.unreadable);
  if (all.length === 0) return { kind: 'read' };
  const core = all.find((u) => CORE_PARTS.has(u.part) && DEAD_REASONS.has(u.reason));
  const everyPartDead = results.every(
    (r) => r.unreadable.length > 0 && r.unreadable.every((u) => DEAD_REASONS.has(u.reason)),
  );
  if (core && (core.reason !== 'forbidden' || /401/.test(core.detail)))
    return { kind: 'unreachable', reason: core.reason, detail: core.detail };
  if (everyPartDead && results.every((r) => r.findings.length === 0)) {
    const first = all[0] as (typeof all)[number];
    return { kind: 'unreachable', reason: first.reason, detail: first.detail };
  }
  return { kind: 'partial', parts: [...new Set(all.map((u) => u.part))] };
}

/** A finding a team accepted: counted, not shown, until `until`. */
export interface Mute {
  readonly cluster: string;
  readonly code: string;
  /**
   * The finding's subject ("node worker-1"): a mute is per finding key, so muting one node's clock
   * leaves the others shown. Absent on mutes stored before subjects were recorded: the whole code.
   */
  readonly subject?: string;
  /** The finding's title when it was muted, for `/k8s mutes`. */
  readonly title?: string;
  /** The channel it was muted from. */
  readonly channel?: string;
  readonly reason: string;
  readonly by: string;
  /** ISO time the mute ends. */
  readonly until: string;
}
