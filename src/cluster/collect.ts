/**
 * collectSnapshot: fetches each part a check needs once, concurrently, page by page, reducing API
 * objects to narrow facts as it goes, within a per-request timeout and an overall budget. What
 * cannot be read becomes an Unreadable entry, never an exception. The collectors are in
 * collectors.ts (one per part), the list/get plumbing in fetch.ts, the reducers in reduce.ts.
 * @module
 */

import { setMaxListeners } from 'node:events';
import { deadline } from '../core/deadline.js';
import { SNAPSHOT_BUDGET_MS } from '../core/limits.js';
import { parsePemChain } from '../core/x509.js';
import {
  COLLECTORS,
  type CollectOptions,
  type PartKey,
  type PartValues,
  type Reads,
  RUNS,
} from './collectors.js';
import { ApiClient, ApiFailure } from './connect.js';
import { PartFailure } from './fetch.js';
import { credentialFacts } from './reduce.js';
import type { ClusterRecord } from './registry.js';
import type { ClusterSnapshot, SnapshotPart, Unreadable } from './snapshot.js';

export type { CollectOptions } from './collectors.js';

/** Collects the parts `needs` asks for (plus what they depend on) from one cluster. */
export async function collectSnapshot(
  record: ClusterRecord,
  needs: readonly SnapshotPart[],
  signal: AbortSignal,
  opts: CollectOptions = {},
): Promise<ClusterSnapshot> {
  const client = new ApiClient(record);
  const budget = deadline(opts.budgetMs ?? SNAPSHOT_BUDGET_MS, signal);
  // Every request and probe listens on it (dozens at once on a large cluster): not a leak.
  setMaxListeners(0, budget);
  const unreadable: Unreadable[] = [];
  const want = new Set<SnapshotPart>(needs);
  if (want.has('clocks') || want.has('servingCerts')) want.add('apiserverEndpoints');
  if (want.has('kubeletCerts') || want.has('apiserverEndpoints')) want.add('nodes');
  const memo = new Map<PartKey, Promise<unknown>>();
  const reads: Reads = {
    client,
    record,
    budget,
    opts,
    get<K extends PartKey>(k: K): Promise<PartValues[K]> {
      let pr = memo.get(k) as Promise<PartValues[K]> | undefined;
      if (!pr) {
        const c = COLLECTORS[k];
        pr = c.collect(reads).catch((e: unknown) => {
          unreadable.push(unreadableOf(c.part, e, budget));
          return c.empty;
        });
        memo.set(k, pr);
      }
      return pr;
    },
  };
  const keys = (Object.keys(COLLECTORS) as PartKey[]).filter((k) => RUNS[k]((p) => want.has(p)));
  const got = new Map<PartKey, unknown>(
    await Promise.all(keys.map(async (k) => [k, await reads.get(k)] as const)),
  );
  client.close();
  const val = <K extends PartKey>(k: K): PartValues[K] =>
    got.has(k) ? (got.get(k) as PartValues[K]) : COLLECTORS[k].empty;
  return snapshotOf(record, want, val, unreadable, client.requestCount);
}

/** The snapshot from the collected parts (a part not collected is its collector's empty value). */
function snapshotOf(
  record: ClusterRecord,
  want: ReadonlySet<SnapshotPart>,
  val: <K extends PartKey>(k: K) => PartValues[K],
  unreadable: Unreadable[],
  requestCount: number,
): ClusterSnapshot {
  const has = (p: SnapshotPart): boolean => want.has(p);
  const [v, ns, ps, evs, lsv, eps, cls, sc, kc, caFacts, cs, whs, m, ds, cal, iw] = [
    val('version'),
    val('nodes'),
    val('pods'),
    val('events'),
    val('leases'),
    val('apiserverEndpoints'),
    val('clocks'),
    val('servingCerts'),
    val('kubeletCerts'),
    val('clusterCA'),
    val('csrs'),
    val('webhooks'),
    val('metrics'),
    val('daemonSets'),
    val('calico'),
    val('identityWatch'),
  ] as const;
  const trusted = record.caData ? parsePemChain(record.caData) : [];
  return {
    cluster: record.name,
    server: record.server,
    takenAt: new Date(),
    parts: [...want],
    ...(v ? { version: v } : {}),
    nodes: ns,
    pods: ps,
    events: evs,
    leases: lsv.items,
    ...(lsv.stamp ? { leasesStamp: lsv.stamp } : {}),
    ...(iw ? { identityWatch: iw } : {}),
    apiserverEndpoints: eps,
    clocks: cls,
    servingCerts: sc,
    kubeletCerts: kc,
    ...(caFacts && caFacts.length > 0 ? { clusterCA: caFacts } : {}),
    ...(trusted.length > 0 ? { trustedCA: trusted } : {}),
    csrs: cs,
    webhooks: whs,
    ...(m ? { metrics: m } : {}),
    ...(has('credential') ? { credential: credentialFacts(record) } : {}),
    ...(has('kubeSystem')
      ? {
          kubeSystem: {
            pods: ps.filter((p) => p.namespace === 'kube-system').map((p) => p.name),
            daemonSets: ds,
          },
        }
      : {}),
    ...(cal ? { calico: cal } : {}),
    kubeletsReachable: record.kubeletsReachable,
    unreadable,
    requestCount,
  };
}

/** The Unreadable entry for a collector's failure. */
function unreadableOf(part: SnapshotPart, e: unknown, budget: AbortSignal): Unreadable {
  if (e instanceof PartFailure) return { part, ...e.unreadable };
  if (budget.aborted) return { part, reason: 'timeout', detail: 'snapshot budget ran out' };
  if (e instanceof ApiFailure) return { part, reason: e.reason, detail: e.message };
  return {
    part,
    reason: 'error',
    detail: `while reading ${part}: ${(e as Error).message ?? 'unknown error'}`.slice(0, 200),
  };
}
