/**
 * The engine: collect a snapshot of a registered cluster, then run the checks. The one module
 * that imports both cluster/ and checks/.
 * @module
 */
import { type CheckId, type CheckResult, partsFor, runChecks } from './checks/index.js';
import { type CollectOptions, collectSnapshot } from './cluster/collect.js';
import type { ClusterRecord } from './cluster/registry.js';

/** One cluster's answer. */
export interface Inspection {
  readonly cluster: string;
  readonly server: string;
  readonly results: readonly CheckResult[];
  readonly takenAt: Date;
  readonly elapsedMs: number;
  readonly requestCount: number;
  readonly counts: { readonly nodes: number; readonly pods: number; readonly events: number };
}

/** Collects what the checks need and runs them. Never throws for cluster trouble: it is in `unreadable`. */
export async function inspect(
  record: ClusterRecord,
  checks: readonly CheckId[],
  signal: AbortSignal,
  opts: CollectOptions & { now?: () => Date } = {},
): Promise<Inspection> {
  const t0 = performance.now();
  const snapshot = await collectSnapshot(record, partsFor(checks), signal, opts);
  const results = runChecks(snapshot, opts.now?.() ?? new Date(), checks);
  return {
    cluster: record.name,
    server: record.server,
    results,
    takenAt: snapshot.takenAt,
    elapsedMs: Math.round(performance.now() - t0),
    requestCount: snapshot.requestCount,
    counts: { nodes: snapshot.nodes.length, pods: snapshot.pods.length, events: snapshot.events.length },
  };
}
