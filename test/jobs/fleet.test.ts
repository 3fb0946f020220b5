// The fleet report's fan-out and fan-in (jobs/fleet.ts) over real sandbox clusters, with runs and
// history in a real DynamoDB-compatible server (dynalite) and a local Slack API. Invocations are
// delivered by an in-process stand-in for Lambda's async queue that duplicates, retries and drops
// events as Lambda may; test/e2e/fleet-offline.test.ts runs the same path through osls offline.
import { createServer, type Server, type Socket } from 'node:net';
import dynalite from 'dynalite';
import { afterAll, describe, expect } from 'vitest';
import { type ClusterRecord, StaticRegistry } from '../../src/cluster/registry.js';
import type { Finding } from '../../src/core/finding.js';
import { type ClusterScan, diffScans, postReport, reportMessages } from '../../src/jobs/daily.js';
import {
  assembleRun,
  type FleetDeps,
  fitScan,
  type Invoke,
  type ScanEvent,
  scanForRun,
  startRun,
  sweepRuns,
} from '../../src/jobs/fleet.js';
import { DynamoRunStore, storedSize } from '../../src/report/runs.js';
import { DynamoLedger, DynamoStore } from '../../src/report/store.js';
import { sandboxesTest } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';
import { type LocalSlack, localSlack, type SlackCall } from '../support/slack.js';

const quiet = { info: () => {}, warn: () => {} };
const summaries = (slack: LocalSlack, channel: string): SlackCall[] =>
  slack.calls.filter(
    (c) => c.path === '/api/chat.postMessage' && c.body.channel === channel && !c.body.thread_ts,
  );
const text = (c: SlackCall | undefined): string => JSON.stringify(c?.body.blocks ?? []);

/** Findings of a stored scan (none when it holds an error). */
const scanFindings = (s: ClusterScan): readonly Finding[] => ('error' in s.current ? [] : s.current);

const test = sandboxesTest({ demo: 'demo', healthy: 'healthy' });

describe('fleet report: fan-out, fan-in', () => {
  let db: ReturnType<typeof dynalite>;
  let store: DynamoStore;
  let runs: DynamoRunStore;
  let slack: LocalSlack;
  let hung: Server;
  const sockets: Socket[] = [];
  let registry: StaticRegistry;
  let deps: FleetDeps;

  test.beforeAll(async ({ demo, healthy }) => {
    db = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((r) => db.listen(0, '127.0.0.1', () => r()));
    const endpoint = `http://127.0.0.1:${(db.address() as { port: number }).port}`;
    store = new DynamoStore('kt-fleet', { endpoint });
    await store.createTable();
    runs = new DynamoRunStore('kt-fleet', store);
    slack = await localSlack();
    // A cluster that accepts connections and never answers (not even the TLS handshake).
    hung = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
    const records: ClusterRecord[] = [];
    for (let i = 0; i < 10; i++)
      records.push(recordFor(demo, { name: `demo-${i}`, channels: ['C-OPS'], kubeletsReachable: false }));
    for (let i = 0; i < 10; i++)
      records.push(
        recordFor(healthy, {
          name: `ok-${i}`,
          channels: i < 2 ? ['C-OPS', 'C-EDGE'] : ['C-OPS'],
          kubeletsReachable: false,
        }),
      );
    records.push({
      ...recordFor(healthy, { name: 'hung-1', channels: ['C-EDGE'], kubeletsReachable: false }),
      server: `https://127.0.0.1:${(hung.address() as { port: number }).port}`,
      endpoints: [],
    });
    registry = new StaticRegistry(records);
    deps = {
      runs,
      history: store,
      slack: { apiUrl: slack.apiUrl, token: 'xoxb-fleet' },
      log: quiet,
      intervalMs: 0,
    };
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => hung.close(() => r()));
    await slack.close();
    await new Promise<void>((r) => db.close(() => r()));
  });

  /** Lambda's async queue, in process: every event runs on its own; `twice` are delivered twice. */
  function lambda(o: { twice?: (e: ScanEvent) => boolean; drop?: (e: ScanEvent) => boolean } = {}) {
    const running: Promise<string>[] = [];
    const invoke: Invoke = async (e) => {
      if (o.drop?.(e)) return;
      running.push(scanForRun(e, registry, deps));
      if (o.twice?.(e)) running.push(scanForRun(e, registry, deps));
    };
    return { invoke, running };
  }

  test('20 clusters, duplicates and a retry after a crash: one result each, one summary per channel, posted by the last scan', async () => {
    const before = slack.calls.length;
    // A previous invocation for demo-3 stored its result and died before counting it: the retry
    // must count it (and not scan again into a second result).
    const crashed: ClusterScan = { cluster: 'demo-3', current: [], ms: 1 };
    const q = lambda({ twice: (e) => /-(1|4|7)$/.test(e.cluster) });
    let storedEarly = false;
    const invoke: Invoke = async (e) => {
      if (e.cluster === 'demo-3' && !storedEarly) {
        storedEarly = await runs.putResult(e.runId, e.cluster, crashed);
      }
      await q.invoke(e);
    };
    const plan = await startRun(registry, runs, invoke, quiet, { channels: ['C-OPS'], id: 'run-ops' });
    expect(plan?.clusters).toHaveLength(20);
    expect(Object.keys(plan?.channels ?? {})).toEqual(['C-OPS']);
    const outcomes = await Promise.all(q.running);
    expect(outcomes.filter((o) => o === 'scanned')).toHaveLength(19);
    // Six duplicates (demo-1/4/7, ok-1/4/7 delivered twice) and the retry of demo-3 found a result
    // stored already.
    expect(outcomes).toHaveLength(26);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(7);
    const results = await runs.results<ClusterScan>('run-ops');
    expect(results.map((r) => r.cluster).sort()).toEqual([...(plan?.clusters ?? [])].sort());
    expect(results.find((r) => r.cluster === 'demo-3')?.value.ms).toBe(1);
    const run = await runs.getRun('run-ops');
    expect(run?.done).toBe(20);
    expect(run?.finished).toBeGreaterThan(0);
    // Exactly one summary in C-OPS, nothing anywhere else; every cluster is named in it.
    const mine = slack.calls.slice(before);
    expect(summaries(slack, 'C-OPS')).toHaveLength(1);
    expect(mine.filter((c) => c.body.channel !== 'C-OPS')).toEqual([]);
    const summary = text(summaries(slack, 'C-OPS')[0]);
    for (const c of plan?.clusters ?? []) expect(summary).toContain(c);
    // 20 clusters: the clean ones (ten healthy, and demo-3 whose stored result had no findings) are
    // folded into one line; the demo clusters with new findings have rows.
    expect(summary).toMatch(/11 clusters with nothing new, nothing fixed, nothing critical: demo-3, ok-0/);
    expect(summary).toMatch(/\*demo-0\*/);
    expect(summary).toContain('20 clusters');
    // Details in the thread, for clusters with findings only.
    const thread = mine.filter((c) => c.body.thread_ts);
    expect(thread.length).toBeGreaterThan(0);
    expect(thread.some((c) => JSON.stringify(c.body).includes('ok-0'))).toBe(false);
    // A late duplicate and the sweep change nothing.
    expect(await scanForRun({ kind: 'fleet-scan', runId: 'run-ops', cluster: 'ok-5' }, registry, deps)).toBe(
      'late',
    );
    expect(await sweepRuns(deps)).toEqual([]);
    expect(await assembleRun('run-ops', deps, 'complete')).toEqual([]);
    expect(summaries(slack, 'C-OPS')).toHaveLength(1);
  }, 120_000);

  test('a hung cluster: the sweep assembles the run at its deadline and marks it "did not answer"; its late scan posts nothing', async () => {
    const q = lambda();
    let clock = Date.now();
    const plan = await startRun(registry, runs, q.invoke, quiet, {
      channels: ['C-EDGE'],
      id: 'run-edge',
      deadlineMs: 60_000,
      budgetMs: 4_000,
      now: () => clock,
    });
    expect([...(plan?.clusters ?? [])].sort()).toEqual(['hung-1', 'ok-0', 'ok-1']);
    const swept = { ...deps, now: () => clock };
    // Before the deadline the sweep leaves the run alone, even with two of three answers in.
    const t0 = Date.now();
    while ((await runs.results('run-edge')).length < 2 && Date.now() - t0 < 20_000)
      await new Promise((r) => setTimeout(r, 50));
    expect(await sweepRuns(swept)).toEqual([]);
    expect(summaries(slack, 'C-EDGE')).toHaveLength(0);
    clock += 61_000;
    expect(await sweepRuns(swept)).toEqual(['C-EDGE']);
    const summary = text(summaries(slack, 'C-EDGE')[0]);
    expect(summary).toMatch(/hung-1\*: did not answer before the report's deadline/);
    expect(summary).toContain('ok-0');
    expect(summary).toContain('ok-1');
    // The hung scan ends at its budget, after the run was reported: its result is stored (it
    // started before the run was reported) but nothing is posted again.
    await Promise.all(q.running);
    const late = (await runs.results<ClusterScan>('run-edge')).find((r) => r.cluster === 'hung-1');
    expect(late?.value.current).toEqual({ error: expect.stringMatching(/^timeout: .*no answer within the/) });
    expect(await sweepRuns(swept)).toEqual([]);
    expect(summaries(slack, 'C-EDGE')).toHaveLength(1);
    // History: "did not answer" left hung-1's history untouched.
    expect((await store.load('hung-1')).status).toBeUndefined();
  }, 60_000);

  test('a run whose assembly died is taken over after the lease, and each channel is still posted once', async () => {
    const q = lambda({ drop: () => true });
    let clock = Date.now();
    await startRun(registry, runs, q.invoke, quiet, {
      channels: ['C-EDGE'],
      id: 'run-dead',
      deadlineMs: 1_000,
      now: () => clock,
    });
    // Someone claimed the assembly and died before posting anything.
    expect(await runs.claimAssembly('run-dead', clock, 15 * 60_000)).toBe(true);
    clock += 2_000;
    const swept = { ...deps, now: () => clock };
    expect(await sweepRuns(swept)).toEqual([]);
    clock += 15 * 60_000;
    const before = summaries(slack, 'C-EDGE').length;
    expect(await sweepRuns(swept)).toEqual(['C-EDGE']);
    const s = text(summaries(slack, 'C-EDGE').at(-1));
    // Every invoke was lost: every cluster did not answer.
    for (const c of ['hung-1', 'ok-0', 'ok-1']) expect(s).toContain(`${c}*: did not answer`);
    expect(summaries(slack, 'C-EDGE')).toHaveLength(before + 1);
  }, 30_000);

  test('at fleet size Slack says 429 with Retry-After: the report waits it out and every message arrives', async () => {
    const stored = (await runs.results<ClusterScan>('run-ops')).map((r) => r.value);
    const reports = await diffScans(stored.slice(0, 3), store);
    const msgs = reportMessages(reports, new Date());
    slack.channelRate = { burst: 2 };
    try {
      expect(
        await postReport('C-RATE', msgs, { apiUrl: slack.apiUrl, token: 'xoxb-fleet' }, quiet, {
          intervalMs: 0,
        }),
      ).toBe(true);
    } finally {
      slack.channelRate = undefined;
    }
    const got = slack.calls.filter((c) => c.body.channel === 'C-RATE');
    expect(got).toHaveLength(1 + msgs.thread.length);
    expect(msgs.thread.length).toBeGreaterThan(3);
    expect(slack.limited).toBeGreaterThan(0);
  }, 60_000);

  test('the thread stops at its cap and names the clusters left out, with the command to see them', async () => {
    const stored = (await runs.results<ClusterScan>('run-ops')).map((r) => r.value);
    const reports = (await diffScans(stored, store)).filter((r) => r.diff.still.length > 0);
    const msgs = reportMessages(reports, new Date(), { maxThread: 10 });
    expect(msgs.thread.length).toBeLessThanOrEqual(10);
    const last = msgs.thread.at(-1)?.text ?? '';
    expect(last).toMatch(/^Details of \d+ more clusters are not in this thread/);
    expect(last).toContain('/k8s report &lt;cluster&gt;');
    // Slack reads a raw < as a link's bracket: the placeholder is sent as entities.
    expect(last).not.toMatch(/<(?![@#!]|https?:)/);
    const shown = new Set(msgs.thread.slice(0, -1).map((m) => JSON.stringify(m).match(/demo-\d/)?.[0]));
    for (const r of reports) expect(shown.has(r.diff.cluster) || last.includes(r.diff.cluster)).toBe(true);
  });

  test('the clusters slow or unreachable last time are dispatched first', async () => {
    const at = new Date().toISOString();
    await store.save('ok-5', [], { lastRun: at, unreachableSince: at });
    await store.save('demo-2', [], { lastRun: at, lastScanMs: 30_000 });
    await store.save('demo-6', [], { lastRun: at, lastScanMs: 10_000 });
    const order: string[] = [];
    await startRun(registry, runs, async (e) => void order.push(e.cluster), quiet, {
      channels: ['C-OPS'],
      id: 'run-order',
      history: store,
    });
    expect(order.slice(0, 3)).toEqual(['ok-5', 'demo-2', 'demo-6']);
    expect(order).toHaveLength(20);
    // diffScans remembers each scan's duration for the next run.
    await diffScans([{ cluster: 'ok-9', current: [], ms: 1_234 }], store);
    expect((await store.load('ok-9')).status?.lastScanMs).toBe(1_234);
  });

  test('conditional writes: a second createRun never replaces a plan; a released claim frees only our own', async () => {
    const id = `cond-${Date.now()}`;
    expect(await runs.createRun(id, { clusters: ['a'] }, 1, Date.now() + 60_000)).toBe(true);
    expect(await runs.createRun(id, { clusters: ['evil'] }, 9, Date.now() + 60_000)).toBe(false);
    const run = await runs.getRun<{ clusters: string[] }>(id);
    expect(run?.plan.clusters).toEqual(['a']);
    expect(run?.expected).toBe(1);
    // A claim that expired and was taken by another container is not freed by the first one's release.
    const endpoint = `http://127.0.0.1:${(db.address() as { port: number }).port}`;
    const a = new DynamoLedger('kt-fleet', { endpoint });
    const b = new DynamoLedger('kt-fleet', { endpoint });
    const key = `scan#${id}`;
    expect(await a.claim(key, 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await b.claim(key, 60)).toBe(true);
    await a.release(key);
    expect(await a.claim(key, 60)).toBe(false);
    await b.release(key);
    expect(await a.claim(key, 60)).toBe(true);
  });

  test('a result too large for one DynamoDB item keeps the most urgent findings and says how many were left out', () => {
    const finding = (i: number) => ({
      code: 'skew/node-clock' as const,
      severity: (i === 7 ? 'critical' : 'warning') as 'critical' | 'warning',
      subject: { kind: 'node' as const, name: `node-${i}` },
      title: `Node node-${i} clock is ${i} s ahead`,
      evidence: [
        { fact: `x${'y'.repeat(200)}${Math.random()}`, source: `lease of node-${i} ${Math.random()}` },
      ],
      fix: { why: 'w', steps: [] },
    });
    const scan: ClusterScan = {
      cluster: 'big',
      current: Array.from({ length: 3_000 }, (_, i) => finding(i)),
      ms: 1,
    };
    const fitted = fitScan(scan, 50_000);
    expect(storedSize(fitted)).toBeLessThanOrEqual(50_000);
    expect(fitted.omitted).toBeGreaterThan(0);
    expect((fitted.current as unknown[]).length + (fitted.omitted ?? 0)).toBe(3_000);
    expect(scanFindings(fitted)[0]?.subject.name).toBe('node-7');
    expect(fitScan({ ...scan, current: scanFindings(scan).slice(0, 3) }, 50_000).omitted).toBeUndefined();
  });
});
