/**
 * The daily report's memory: which findings each cluster had at the last run (by findingKey, with
 * first and last seen), since when a cluster is unreachable, and muted findings. Pure diffing here;
 * stores (file, DynamoDB) in store.ts.
 * @module
 */
import { type Finding, findingKey } from '../core/finding.js';
import type { ClusterDiff, Mute } from '../core/report.js';
import type { Severity } from '../core/severity.js';

export type { ClusterDiff } from '../core/report.js';

/** One finding as remembered between runs. */
export interface HistoryEntry {
  readonly key: string;
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly subject: string;
  /** ISO times. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** A cluster's status between runs. */
export interface ClusterStatus {
  readonly lastRun?: string;
  /** Set while the cluster cannot be read; ISO time of the first failed run. */
  readonly unreachableSince?: string;
  /** How long the last run's scan took, ms (a fleet run dispatches the slow ones first). */
  readonly lastScanMs?: number;
}

export type { Mute } from '../core/report.js';

/** Compares a run's findings with the remembered ones; returns the diff and what to remember. */
export function diffRun(
  cluster: string,
  prev: readonly HistoryEntry[],
  status: ClusterStatus | undefined,
  current: readonly Finding[] | { readonly error: string },
  mutes: readonly Mute[],
  now: Date,
): { diff: ClusterDiff; entries: HistoryEntry[]; status: ClusterStatus } {
  const at = now.toISOString();
  if ('error' in current) {
    // Unreachable: nothing is "fixed" because nothing was seen; keep what we knew.
    const since = status?.unreachableSince ?? at;
    return {
      diff: {
        cluster,
        reachable: false,
        unreachableSince: since,
        error: current.error,
        newFindings: [],
        still: [],
        fixed: [],
        muted: 0,
      },
      entries: [...prev],
      status: { lastRun: at, unreachableSince: since },
    };
  }
  // Cluster-wide mutes only: a mute set from one channel hides the finding in that channel's report
  // alone (applyChannelMutes, when the report is posted there).
  const active = mutes.filter((m) => m.cluster === cluster && m.until > at && m.channel === undefined);
  const isMuted = (f: Finding): boolean =>
    active.some((m) => m.code === f.code && (m.subject === undefined || m.subject === subjectOf(f)));
  const byKey = new Map(prev.map((e) => [e.key, e]));
  const seen = new Set<string>();
  const newFindings: Finding[] = [];
  const still: { finding: Finding; since: string }[] = [];
  const entries: HistoryEntry[] = [];
  let muted = 0;
  for (const f of current) {
    const key = findingKey(cluster, f);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = byKey.get(key);
    entries.push({
      key,
      code: f.code,
      severity: f.severity,
      title: f.title.slice(0, 300),
      subject: subjectOf(f),
      firstSeen: old?.firstSeen ?? at,
      lastSeen: at,
    });
    if (isMuted(f)) muted++;
    else if (old) still.push({ finding: f, since: old.firstSeen });
    else newFindings.push(f);
  }
  const fixed = prev.filter(
    (e) =>
      !seen.has(e.key) &&
      !active.some((m) => m.code === e.code && (m.subject === undefined || m.subject === e.subject)),
  );
  return {
    diff: { cluster, reachable: true, newFindings, still, fixed, muted },
    entries,
    status: { lastRun: at },
  };
}

/**
 * One channel's view of a report: findings muted from that channel are counted, not shown. Other
 * channels of the same cluster still see them (a mute is one team's decision, not everyone's).
 */
export function applyChannelMutes(
  diff: ClusterDiff,
  mutes: readonly Mute[],
  channel: string,
  at: string,
): ClusterDiff {
  const mine = mutes.filter((m) => m.cluster === diff.cluster && m.channel === channel && m.until > at);
  if (mine.length === 0) return diff;
  const hidden = (f: Finding): boolean =>
    mine.some((m) => m.code === f.code && (m.subject === undefined || m.subject === subjectOf(f)));
  const newFindings = diff.newFindings.filter((f) => !hidden(f));
  const still = diff.still.filter((s) => !hidden(s.finding));
  const muted =
    diff.muted + (diff.newFindings.length - newFindings.length) + (diff.still.length - still.length);
  return { ...diff, newFindings, still, muted };
}

/** A finding's subject as one string ("node worker-1", "pod apps/web-1"), as mutes and history key it. */
export function subjectOf(f: Pick<Finding, 'subject'>): string {
  return `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ''}${f.subject.name}`.slice(
    0,
    200,
  );
}
