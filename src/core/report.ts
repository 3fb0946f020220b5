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
  readonly newFindings: readonly Finding[];
  readonly still: readonly { readonly finding: Finding; readonly since: string }[];
  readonly fixed: readonly FixedFinding[];
  /** Findings hidden by an active mute (counted, not shown). */
  readonly muted: number;
}
