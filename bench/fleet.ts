// The fleet row of `npm run bench` (issue #17): N registered clusters over a few sandbox servers
// (healthy, broken, one large, one that never answers) reported through the fan-out path: startRun
// → one scan event per cluster → a pool of warm "containers" (child processes running the esbuild
// bundle of the scan function, as many as the scan function's reserved concurrency) → results, the
// counter and the history in dynalite → the last scan assembles and posts to a local Slack API. The
// in-process runner (`report --all`) runs over the same registry in its own process, side by side.
import { type ChildProcess, execFile, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { FileRegistry } from '../src/cluster/registry-file.js';
import { type ScanEvent, startRun } from '../src/jobs/fleet.js';
import { DynamoRunStore } from '../src/report/runs.js';
import { DynamoStore } from '../src/report/store.js';
import { localSlack } from '../test/support/slack.js';

const ROOT = join(import.meta.dirname, '..');
const execFileAsync = promisify(execFile);

export interface FleetRow {
  clusters: number;
  containers: number;
  budgetMs: number;
  fanOut: {
    wallMs: number;
    dispatchMs: number;
    slowestInvocationMs: number;
    slowestCluster: string;
    slowestScanMs: number;
    slowestScanCluster: string;
    assemblyMs: number;
    assembledBy: string;
    otherScansDoneAtMs: number;
    coldStartMedianMs: number;
    peakRssMB: number;
    invocations: number;
    summaries: number;
  };
  /** The first run, with no history (registry order). */
  firstDayWallMs: number;
  inProcess: { wallMs: number; peakRssMB: number };
  alone: { largeMs: number; largeRssMB: number; smallMs: number; coldStartMs: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const yamlRecord = (
  name: string,
  sb: { server: string; ca: string; token: string; endpoints: string[] },
  server = sb.server,
  endpoints = true,
) =>
  `  - name: ${name}\n    server: ${server}\n    ca: ${JSON.stringify(sb.ca)}\n    token: ${sb.token}\n` +
  `    endpoints: [${endpoints ? sb.endpoints.map((e) => `"${e}"`).join(', ') : ''}]\n` +
  `    kubeletsReachable: false\n    channels: [C-FLEET]\n`;

/** The fleet bench: `n` clusters, `containers` warm scan containers, each scan's budget `budgetMs`. */
export async function fleetBench(
  n = 200,
  o: { containers?: number; budgetMs?: number } = {},
): Promise<FleetRow> {
  // Lambda runs each environment on its own CPU share; here they share this machine's cores with the
  // sandboxes and dynalite. A scan is mostly waiting (network, the clock probes' second boundary:
  // ~1 s wall, ~0.1 s CPU), so containers beyond the cores still help, up to where cold starts
  // thrash (measured on 2 cores: 50 containers, median cold start 39 s instead of 0.7 s; 4
  // containers, 74 s for the run: scans queue behind each other).
  const containers = o.containers ?? Math.max(16, 8 * cpus().length);
  // The production budget: a cluster that never answers takes all of it, as it would on Lambda.
  const budgetMs = o.budgetMs ?? 45_000;
  const dir = mkdtempSync(join(tmpdir(), 'kt-bench-fleet-'));
  // Inside the repository: the bundle's import() of the AWS SDK resolves from node_modules, as in
  // Lambda (where the runtime provides it).
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const bundle = join(mkdtempSync(join(ROOT, '.cache', 'bench-')), 'scan.cjs');
  await build({
    ...(createRequire(import.meta.url)('../infra/aws/bundle-options.cjs') as BuildOptions),
    entryPoints: [join(ROOT, 'src/handlers/scan.ts')],
    outfile: bundle,
    nodePaths: [join(ROOT, 'node_modules')],
  });
  // The world in three processes of its own (four small sandboxes and one that never answers; one
  // of 50,000 pods; dynalite), so this process only orchestrates.
  type Conn = { server: string; ca: string; token: string; endpoints: string[] };
  const world: ChildProcess[] = [];
  const part = (what: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'child-world.ts'), what], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      world.push(c);
      let out = '';
      c.stdout?.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      c.once('exit', (code) => reject(new Error(`bench world ${what} exited with ${code}`)));
    });
  const [smallPart, largePart, dbPart] = await Promise.all([part('small'), part('large'), part('dynalite')]);
  const small = (smallPart as { small: Conn[] }).small;
  const hungUrl = (smallPart as { hung: string }).hung;
  const large = (largePart as { large: Conn }).large;
  const dbUrl = (dbPart as { dynalite: string }).dynalite;
  let yaml = 'clusters:\n';
  for (let i = 0; i < n - 2; i++)
    yaml += yamlRecord(`c-${String(i).padStart(4, '0')}`, small[i % small.length] as Conn);
  yaml += yamlRecord('large-1', large);
  yaml += yamlRecord('hung-1', large, hungUrl, false);
  const registryFile = join(dir, 'clusters.yaml');
  writeFileSync(registryFile, yaml, { mode: 0o600 });

  const store = new DynamoStore('kt-bench', { endpoint: dbUrl });
  await store.createTable();
  const runs = new DynamoRunStore('kt-bench', store);
  const slack = await localSlack();

  // The pool of warm containers (Lambda: reserved concurrency; events beyond it wait in the queue).
  const env = {
    ...process.env,
    NODE_PATH: join(ROOT, 'node_modules'),
    KT_SCAN_BUNDLE: bundle,
    // The AWS SDK's Node 20 notice, once per container, would drown the bench's tables.
    NODE_NO_WARNINGS: '1',
    KT_STAGE_KIND: 'local',
    KUBE_TRIAGE_CLUSTERS: registryFile,
    HISTORY_TABLE: 'kt-bench',
    DYNAMODB_ENDPOINT: dbUrl,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: slack.apiUrl,
    KUBE_TRIAGE_POST_INTERVAL_MS: '0',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-east-1',
  };
  const directory = new FileRegistry(registryFile);
  // One day's run with fresh containers (a day apart, Lambda's environments are cold again). Day 1
  // has no history (registry order); day 2 dispatches the clusters slow or unreachable on day 1 first.
  const day = async (history?: DynamoStore) => {
    const queue: { id: number; event: ScanEvent }[] = [];
    const idle: ChildProcess[] = [];
    const cold: number[] = [];
    const done = new Map<
      number,
      { outcome: string; ms: number; endedAt: number; maxRssMB: number; cluster: string }
    >();
    const logs: string[] = [];
    let peakRss = 0;
    let nextId = 0;
    let started = 0;
    let starting = 0;
    const pump = () => {
      while (queue.length && idle.length) {
        const c = idle.pop() as ChildProcess;
        const job = queue.shift() as { id: number; event: ScanEvent };
        c.send(job);
        c.once(
          'message',
          (m: { id: number; outcome: string; ms: number; endedAt: number; maxRssMB: number }) => {
            done.set(m.id, { ...m, cluster: job.event.cluster });
            peakRss = Math.max(peakRss, m.maxRssMB);
            idle.push(c);
            pump();
          },
        );
      }
      // Lambda starts a new environment for a queued event while under the reserved concurrency.
      while (queue.length > idle.length + starting && started < containers) {
        started++;
        starting++;
        const c = fork(join(ROOT, 'bench', 'child-container.cjs'), [], {
          env,
          stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
        });
        let buf = '';
        c.stdout?.on('data', (d) => {
          buf += d;
          const lines = buf.split('\n');
          buf = lines.pop() ?? '';
          logs.push(...lines);
        });
        all.push(c);
        c.once('message', (m: { coldMs: number; maxRssMB: number }) => {
          cold.push(m.coldMs);
          starting--;
          idle.push(c);
          pump();
        });
      }
    };
    const all: ChildProcess[] = [];
    const invoke = async (event: ScanEvent) => {
      queue.push({ id: nextId++, event });
      pump();
    };

    const t0 = performance.now();
    const t0Wall = Date.now();
    const plan = await startRun(
      directory,
      runs,
      invoke,
      { info: () => {}, warn: () => {} },
      {
        budgetMs,
        deadlineMs: 10 * 60_000,
        ...(history ? { history } : {}),
      },
    );
    const dispatchMs = performance.now() - t0;
    let finished: number | undefined;
    while (!finished) {
      await new Promise((r) => setTimeout(r, 100));
      if (process.env.KT_BENCH_DEBUG && Math.random() < 0.05)
        console.error('fleet bench:', {
          queued: queue.length,
          idle: idle.length,
          started,
          done: done.size,
          outcomes: [...new Set([...done.values()].map((d) => d.outcome))],
        });
      finished = (await runs.getRun(plan?.id as string))?.finished;
    }
    const wallMs = performance.now() - t0;
    for (const c of all) c.kill();
    const inv = [...done.values()];
    const slowest = inv.reduce((a, b) => (b.ms > a.ms ? b : a));
    // Each scan's own time (logged before any assembly), and the assembly: the completing
    // invocation's time beyond its scan.
    const scans = logs
      .filter((l) => l.includes('"msg":"fleet scan"'))
      .map((l) => JSON.parse(l) as { cluster: string; ms: number });
    const scanMs = new Map(scans.map((x) => [x.cluster, x.ms]));
    const completer = inv.reduce((a, b) => (b.endedAt > a.endedAt ? b : a));
    const assemblyMs = completer.ms - (scanMs.get(completer.cluster) ?? 0);
    const slowestScan = scans.reduce((a, b) => (b.ms > a.ms ? b : a));
    const lastScanEnd = Math.max(...inv.filter((x) => x !== completer).map((x) => x.endedAt));
    return {
      wallMs,
      dispatchMs,
      slowestInvocationMs: slowest.ms,
      slowestCluster: slowest.cluster,
      slowestScanMs: slowestScan.ms,
      slowestScanCluster: slowestScan.cluster,
      assemblyMs,
      assembledBy: completer.cluster,
      otherScansDoneAtMs: lastScanEnd - t0Wall,
      coldStartMedianMs: median(cold),
      peakRssMB: peakRss,
      invocations: inv.length,
    };
  };
  const day1 = await day();
  const fanOut = await day(store);
  const summaries = slack.calls.filter((c) => c.path === '/api/chat.postMessage' && !c.body.thread_ts).length;

  // The in-process runner over the same registry, and the slowest clusters alone.
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'child-inprocess.ts')],
    {
      env: { ...process.env, KT_BENCH_REGISTRY: registryFile, KT_BENCH_BUDGET_MS: String(budgetMs) },
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const inProc = JSON.parse(stdout) as { ms: number; maxRssMB: number };
  const alone = async (rec: Conn) => {
    const r = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'child-engine.ts')],
      {
        env: { ...process.env, KT_BENCH_RECORD: JSON.stringify(rec) },
        cwd: ROOT,
      },
    );
    return JSON.parse(r.stdout) as { ms: number; maxRssMB: number };
  };
  const largeAlone = await alone(large);
  // One container's cold start with the machine otherwise idle (Lambda starts environments on
  // separate hosts; here they share this machine's cores).
  const coldAlone = await new Promise<number>((resolve) => {
    const c = fork(join(ROOT, 'bench', 'child-container.cjs'), [], {
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    c.once('message', (m: { coldMs: number }) => {
      c.kill();
      resolve(m.coldMs);
    });
  });
  const smallAlone = await alone(small[1] as Conn);

  for (const c of world) {
    c.removeAllListeners('exit');
    c.kill();
  }
  await slack.close();
  rmSync(dirname(bundle), { recursive: true, force: true });
  return {
    clusters: n,
    containers,
    budgetMs,
    fanOut: { ...fanOut, summaries },
    firstDayWallMs: day1.wallMs,
    inProcess: { wallMs: inProc.ms, peakRssMB: inProc.maxRssMB },
    alone: {
      largeMs: largeAlone.ms,
      largeRssMB: largeAlone.maxRssMB,
      smallMs: smallAlone.ms,
      coldStartMs: coldAlone,
    },
  };
}

/** Cores of this machine (the bench's fan-out shares them; Lambda gives each container its own). */
export const CORES = cpus().length;
