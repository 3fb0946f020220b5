/**
 * The daily report for a fleet (docs/fleet.md): fan-out to one scan per cluster, fan-in through the
 * run record.
 *
 * 1. `startRun` (the scheduled `report` function): lists the clusters due, writes the run (id,
 *    clusters, channels, deadline) and invokes the `scan` function asynchronously once per cluster,
 *    a bounded number in flight.
 * 2. `scanForRun` (one `scan` invocation per cluster): scans its cluster within its own budget and
 *    memory, stores the result with a conditional write (a duplicate or retry changes nothing),
 *    counts it once, and the invocation whose count completes the run assembles it.
 * 3. `assembleRun`: the stored scans → history diff (mutes applied) → one summary per channel with
 *    details in its thread, each channel claimed before it is posted (exactly one report per channel
 *    per run). `sweepRuns` (the same `report` function, every minute) assembles runs whose deadline
 *    passed, listing the clusters without a result as "did not answer".
 *
 * The in-process runner (`kube-triage report --all`, serve) shares `scanCluster`, `diffScans` and
 * `deliverReport` with this path (jobs/daily.ts).
 * @module
 */
import type { ClusterDirectory, ClusterRegistry } from '../cluster/registry.js';
import {
  ASSEMBLY_CONCURRENCY,
  ASSEMBLY_LEASE_MS,
  FAN_OUT_IN_FLIGHT,
  RUN_DEADLINE_MAX_MS,
  RUN_DEADLINE_MS,
  RUN_RESULT_MAX_BYTES,
  SNAPSHOT_BUDGET_MS,
} from '../core/limits.js';
import { mapBounded } from '../core/pool.js';
import { byUrgency } from '../core/rank.js';
import { type RunState, type RunStore, storedSize } from '../report/runs.js';
import type { HistoryStore } from '../report/store.js';
import type { Log } from '../slack/deliver.js';
import {
  type ClusterScan,
  channelMap,
  deliverReport,
  diffScans,
  type MissingScan,
  scanCluster,
} from './daily.js';

/** What a run is: which clusters, which channels see which clusters, by when, with what budget. */
export interface RunPlan {
  readonly id: string;
  /** ISO time the run started (the report's date). */
  readonly startedAt: string;
  readonly budgetMs: number;
  readonly clusters: readonly string[];
  /** Channel → the names of its clusters. */
  readonly channels: Readonly<Record<string, readonly string[]>>;
}

/** The event of one scan invocation. */
export interface ScanEvent {
  readonly kind: 'fleet-scan';
  readonly runId: string;
  readonly cluster: string;
}

/** Hands one scan event to the scan function (an asynchronous Lambda invoke; a child process in the bench). */
export type Invoke = (event: ScanEvent) => Promise<void>;

/** What the fleet steps read and write. */
export interface FleetDeps {
  readonly runs: RunStore;
  readonly history: HistoryStore;
  readonly slack: { readonly apiUrl: string; readonly token: string };
  readonly log: Log;
  readonly now?: () => number;
  /** Pause between two posts to one channel (default REPORT_POST_INTERVAL_MS or the env override). */
  readonly intervalMs?: number;
}

/** A bounded whole number of ms from an event field in seconds, else the default. */
export function boundedMs(seconds: unknown, fallbackMs: number, maxMs: number): number {
  const s = Number(seconds);
  return Number.isFinite(s) && s > 0 ? Math.min(Math.round(s * 1000), maxMs) : fallbackMs;
}

/**
 * Starts a run: lists the clusters due (those with a channel `channels` allows; all channels when
 * absent), records the run, and invokes one scan per cluster. Resolves to the plan (undefined when
 * no cluster is due). An invoke that fails after the invoker's own retries is logged; its cluster
 * shows as "did not answer" when the deadline passes.
 */
export async function startRun(
  directory: ClusterDirectory,
  runs: RunStore,
  invoke: Invoke,
  log: Log,
  o: {
    channels?: readonly string[];
    deadlineMs?: number;
    budgetMs?: number;
    now?: () => number;
    id?: string;
    /** When given, the clusters slow or unreachable last time are dispatched first. */
    history?: HistoryStore;
  } = {},
): Promise<RunPlan | undefined> {
  const now = o.now ?? Date.now;
  const wanted = (c: string): boolean => c !== '*' && (!o.channels?.length || o.channels.includes(c));
  const grants = (await Promise.all((await directory.list()).map((r) => directory.get(r.name)))).filter(
    (g): g is NonNullable<typeof g> => !!g && g.channels.some(wanted),
  );
  if (grants.length === 0) {
    log.info('fleet run: no cluster due', { channels: o.channels?.length ?? 0 });
    return undefined;
  }
  const started = now();
  if (o.history) await slowestFirst(grants, o.history);
  const plan: RunPlan = {
    id:
      o.id ??
      `${new Date(started).toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`,
    startedAt: new Date(started).toISOString(),
    budgetMs: Math.min(o.budgetMs ?? SNAPSHOT_BUDGET_MS, SNAPSHOT_BUDGET_MS),
    clusters: grants.map((g) => g.name),
    channels: Object.fromEntries(channelMap(grants, wanted)),
  };
  const deadline = started + Math.min(o.deadlineMs ?? RUN_DEADLINE_MS, RUN_DEADLINE_MAX_MS);
  if (!(await runs.createRun(plan.id, plan, plan.clusters.length, deadline))) {
    log.warn('fleet run exists already', { run: plan.id });
    return undefined;
  }
  let failed = 0;
  await mapBounded(plan.clusters, FAN_OUT_IN_FLIGHT, async (cluster) => {
    try {
      await invoke({ kind: 'fleet-scan', runId: plan.id, cluster });
    } catch (e) {
      failed++;
      log.warn('fleet scan invoke failed', { run: plan.id, cluster, error: (e as Error).name });
    }
  });
  log.info('fleet run started', {
    run: plan.id,
    clusters: plan.clusters.length,
    channels: Object.keys(plan.channels).length,
    invokeFailed: failed,
    fanOutMs: now() - started,
  });
  return plan;
}

/**
 * Orders clusters (in place) by how long their last scan took, longest first; unreachable ones (a
 * whole budget, usually) before all, new ones after the known slow ones. When the scan pool is
 * smaller than the fleet, the slowest clusters then start first instead of queueing behind the fast
 * ones (longest-first keeps the run near its slowest cluster).
 */
async function slowestFirst<T extends { name: string }>(items: T[], history: HistoryStore): Promise<void> {
  const cost = new Map<string, number>();
  await mapBounded(items, FAN_OUT_IN_FLIGHT, async (g) => {
    const st = await history.status(g.name);
    cost.set(g.name, st?.unreachableSince ? Number.POSITIVE_INFINITY : (st?.lastScanMs ?? 1_000));
  });
  items.sort((a, b) => (cost.get(b.name) ?? 0) - (cost.get(a.name) ?? 0));
}

/** A scan as stored: at most RUN_RESULT_MAX_BYTES, the least urgent findings left out beyond it. */
export function fitScan(scan: ClusterScan, maxBytes = RUN_RESULT_MAX_BYTES): ClusterScan {
  if ('error' in scan.current || storedSize(scan) <= maxBytes) return scan;
  const now = Date.now();
  const all = [...scan.current].sort((a, b) => byUrgency(a, b, now));
  let keep = all.length;
  let fitted: ClusterScan = scan;
  do {
    keep = Math.floor(keep / 2);
    fitted = { ...scan, current: all.slice(0, keep), omitted: all.length - keep };
  } while (keep > 0 && storedSize(fitted) > maxBytes);
  return fitted;
}

/**
 * One scan invocation: scans the cluster unless this run has its result already, stores it once,
 * counts it once, and assembles the run when this count completes it. Resolves to what it did.
 */
export async function scanForRun(
  ev: ScanEvent,
  registry: ClusterRegistry,
  deps: FleetDeps,
): Promise<'scanned' | 'duplicate' | 'late' | 'unknown-run'> {
  const run = await deps.runs.getRun<RunPlan>(ev.runId);
  if (!run?.plan.clusters.includes(ev.cluster)) {
    deps.log.warn('fleet scan for an unknown run or cluster', { run: ev.runId, cluster: ev.cluster });
    return 'unknown-run';
  }
  if (run.finished) {
    deps.log.info('fleet scan after its run was reported', { run: ev.runId, cluster: ev.cluster });
    return 'late';
  }
  // A duplicate or a retry whose result is stored already does not scan the cluster again; it only
  // makes sure the result is counted.
  let scan: ClusterScan | undefined;
  let stored = false;
  if (!(await deps.runs.hasResult(ev.runId, ev.cluster))) {
    const rec = await registry.get(ev.cluster);
    scan = rec
      ? fitScan(await scanCluster(rec, run.plan.budgetMs))
      : { cluster: ev.cluster, current: { error: 'no longer registered' }, ms: 0 };
    stored = await deps.runs.putResult(ev.runId, ev.cluster, scan);
  }
  // Counted once per cluster, also when an earlier invocation stored the result and died before
  // counting it (Lambda then retries the event).
  const counting = await deps.runs.claimCount(ev.runId, ev.cluster);
  deps.log.info('fleet scan', {
    run: ev.runId,
    cluster: ev.cluster,
    ms: scan?.ms,
    findings: scan && !('error' in scan.current) ? scan.current.length : undefined,
    error: scan && 'error' in scan.current ? scan.current.error : undefined,
    stored,
    counted: counting,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  });
  if (!counting) return stored ? 'scanned' : 'duplicate';
  const done = await deps.runs.addDone(ev.runId);
  if (done >= run.expected) await assembleRun(ev.runId, deps, 'complete');
  return stored ? 'scanned' : 'duplicate';
}

/**
 * Assembles a run and posts it: claims the assembly (one at a time; a dead one is taken over after
 * ASSEMBLY_LEASE_MS), diffs every stored scan against the history, marks clusters without a result
 * "did not answer", and posts each channel once. Resolves to the channels posted by this call.
 */
export async function assembleRun(
  runId: string,
  deps: FleetDeps,
  why: 'complete' | 'deadline',
): Promise<string[]> {
  const now = deps.now ?? Date.now;
  if (!(await deps.runs.claimAssembly(runId, now(), ASSEMBLY_LEASE_MS))) return [];
  const run = (await deps.runs.getRun<RunPlan>(runId)) as RunState<RunPlan>;
  const stored = new Map((await deps.runs.results<ClusterScan>(runId)).map((r) => [r.cluster, r.value]));
  const scans: (ClusterScan | MissingScan)[] = run.plan.clusters.map(
    (c) => stored.get(c) ?? { cluster: c, missing: true },
  );
  const at = new Date(run.plan.startedAt);
  const reports = await diffScans(scans, deps.history, { now: () => at, concurrency: ASSEMBLY_CONCURRENCY });
  const posted = await deliverReport(
    reports,
    new Map(Object.entries(run.plan.channels)),
    deps.slack,
    deps.log,
    {
      at,
      claim: (channel) => deps.runs.claimPost(runId, channel),
      mutes: await deps.history.mutes(),
      ...(deps.intervalMs === undefined ? {} : { intervalMs: deps.intervalMs }),
    },
  );
  await deps.runs.finish(runId, now());
  const times = [...stored.values()].map((s) => s.ms);
  deps.log.info('fleet run reported', {
    run: runId,
    why,
    clusters: run.plan.clusters.length,
    answered: stored.size,
    didNotAnswer: run.plan.clusters.length - stored.size,
    channels: posted.length,
    slowestMs: times.length ? Math.max(...times) : 0,
    wallMs: now() - Date.parse(run.plan.startedAt),
  });
  return posted;
}

/** The scheduled sweep: assembles every open run whose deadline passed (or whose assembly died). */
export async function sweepRuns(deps: FleetDeps): Promise<string[]> {
  const now = (deps.now ?? Date.now)();
  const posted: string[] = [];
  for (const run of await deps.runs.openRuns()) {
    const due = run.deadline <= now || run.done >= run.expected;
    const stale = run.assembling === undefined || run.assembling < now - ASSEMBLY_LEASE_MS;
    if (due && stale) posted.push(...(await assembleRun(run.id, deps, 'deadline')));
  }
  return posted;
}
