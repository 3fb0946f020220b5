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

type Conn = { server: string; ca: string; token: string; endpoints: string[] };
type DayRow = Omit<FleetRow['fanOut'], 'summaries'>;

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
  const bundle = await bundleScan();
  const world = await startBenchWorld();
  const registryFile = join(dir, 'clusters.yaml');
  writeFileSync(registryFile, registryYaml(n, world), { mode: 0o600 });
  const store = new DynamoStore('kt-bench', { endpoint: world.dbUrl });
  await store.createTable();
  const runs = new DynamoRunStore('kt-bench', store);
  const slack = await localSlack();
  const env = containerEnv(bundle, registryFile, world.dbUrl, slack.apiUrl);
  const directory = new FileRegistry(registryFile);
  // One day's run with fresh containers (a day apart, Lambda's environments are cold again). Day 1
  // has no history (registry order); day 2 dispatches the clusters slow or unreachable on day 1 first.
  const day = (history?: DynamoStore) =>
    runDay(new ContainerPool(env, containers), directory, runs, budgetMs, history);
  const day1 = await day();
  const fanOut = await day(store);
  const summaries = slack.calls.filter((c) => c.path === '/api/chat.postMessage' && !c.body.thread_ts).length;
  const side = await sideBySide(registryFile, budgetMs, world, env);
  world.stop();
  await slack.close();
  rmSync(dirname(bundle), { recursive: true, force: true });
  return {
    clusters: n,
    containers,
    budgetMs,
    fanOut: { ...fanOut, summaries },
    firstDayWallMs: day1.wallMs,
    ...side,
  };
}

/** The scan function as deployed: its esbuild bundle, inside the repository (its import() of the AWS SDK resolves from node_modules, as in Lambda). */
async function bundleScan(): Promise<string> {
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const bundle = join(mkdtempSync(join(ROOT, '.cache', 'bench-')), 'scan.cjs');
  await build({
    ...(createRequire(import.meta.url)('../infra/aws/bundle-options.cjs') as BuildOptions),
    entryPoints: [join(ROOT, 'src/handlers/scan.ts')],
    outfile: bundle,
    nodePaths: [join(ROOT, 'node_modules')],
  });
  return bundle;
}

interface BenchWorld {
  small: Conn[];
  hungUrl: string;
  large: Conn;
  dbUrl: string;
  stop(): void;
}

/**
 * The world in three processes of its own (four small sandboxes and one that never answers; one of
 * 50,000 pods; dynalite), so this process only orchestrates.
 */
async function startBenchWorld(): Promise<BenchWorld> {
  const procs: ChildProcess[] = [];
  const part = (what: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'child-world.ts'), what], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      procs.push(c);
      let out = '';
      c.stdout?.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      c.once('exit', (code) => reject(new Error(`bench world ${what} exited with ${code}`)));
    });
  const [smallPart, largePart, dbPart] = await Promise.all([part('small'), part('large'), part('dynalite')]);
  return {
    small: (smallPart as { small: Conn[] }).small,
    hungUrl: (smallPart as { hung: string }).hung,
    large: (largePart as { large: Conn }).large,
    dbUrl: (dbPart as { dynalite: string }).dynalite,
    stop() {
      for (const c of procs) {
        c.removeAllListeners('exit');
        c.kill();
      }
    },
  };
}

/** `n` clusters: the small sandboxes in turn, the large one, and one that never answers. */
function registryYaml(n: number, world: BenchWorld): string {
  let yaml = 'clusters:\n';
  for (let i = 0; i < n - 2; i++)
    yaml += yamlRecord(`c-${String(i).padStart(4, '0')}`, world.small[i % world.small.length] as Conn);
  yaml += yamlRecord('large-1', world.large);
  yaml += yamlRecord('hung-1', world.large, world.hungUrl, false);
  return yaml;
}

/** A scan container's environment: a local stage reading the registry file, dynalite and the local Slack. */
function containerEnv(
  bundle: string,
  registryFile: string,
  dbUrl: string,
  slackApiUrl: string,
): NodeJS.ProcessEnv {
  return {
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
    SLACK_API_URL: slackApiUrl,
    KUBE_TRIAGE_POST_INTERVAL_MS: '0',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-east-1',
  };
}

type Done = { outcome: string; ms: number; endedAt: number; maxRssMB: number; cluster: string };

/**
 * Warm "containers" (child processes running the scan bundle), as Lambda's reserved concurrency:
 * an event waits in the queue for an idle one; a new one starts while under the limit.
 */
class ContainerPool {
  readonly queue: { id: number; event: ScanEvent }[] = [];
  readonly idle: ChildProcess[] = [];
  readonly all: ChildProcess[] = [];
  readonly cold: number[] = [];
  readonly done = new Map<number, Done>();
  readonly logs: string[] = [];
  peakRss = 0;
  #nextId = 0;
  #started = 0;
  #starting = 0;

  readonly #env: NodeJS.ProcessEnv;
  readonly #max: number;

  constructor(env: NodeJS.ProcessEnv, max: number) {
    this.#env = env;
    this.#max = max;
  }

  readonly invoke = async (event: ScanEvent): Promise<void> => {
    this.queue.push({ id: this.#nextId++, event });
    this.pump();
  };

  private pump(): void {
    while (this.queue.length && this.idle.length) {
      const c = this.idle.pop() as ChildProcess;
      const job = this.queue.shift() as { id: number; event: ScanEvent };
      c.send(job);
      c.once('message', (m: Omit<Done, 'cluster'> & { id: number }) => {
        this.done.set(m.id, { ...m, cluster: job.event.cluster });
        this.peakRss = Math.max(this.peakRss, m.maxRssMB);
        this.idle.push(c);
        this.pump();
      });
    }
    // Lambda starts a new environment for a queued event while under the reserved concurrency.
    while (this.queue.length > this.idle.length + this.#starting && this.#started < this.#max) this.start();
  }

  private start(): void {
    this.#started++;
    this.#starting++;
    const c = fork(join(ROOT, 'bench', 'child-container.cjs'), [], {
      env: this.#env,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let buf = '';
    c.stdout?.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      this.logs.push(...lines);
    });
    this.all.push(c);
    c.once('message', (m: { coldMs: number; maxRssMB: number }) => {
      this.cold.push(m.coldMs);
      this.#starting--;
      this.idle.push(c);
      this.pump();
    });
  }

  status(): object {
    const outcomes = [...new Set([...this.done.values()].map((d) => d.outcome))];
    return {
      queued: this.queue.length,
      idle: this.idle.length,
      started: this.#started,
      done: this.done.size,
      outcomes,
    };
  }

  stop(): void {
    for (const c of this.all) c.kill();
  }
}

/** One run: start it, wait until it is posted, and measure its parts from the containers' logs. */
async function runDay(
  pool: ContainerPool,
  directory: FileRegistry,
  runs: DynamoRunStore,
  budgetMs: number,
  history?: DynamoStore,
): Promise<DayRow> {
  const t0 = performance.now();
  const t0Wall = Date.now();
  const quiet = { info: () => {}, warn: () => {} };
  const options = { budgetMs, deadlineMs: 10 * 60_000, ...(history ? { history } : {}) };
  const plan = await startRun(directory, runs, pool.invoke, quiet, options);
  const dispatchMs = performance.now() - t0;
  let finished: number | undefined;
  while (!finished) {
    await new Promise((r) => setTimeout(r, 100));
    if (process.env.KT_BENCH_DEBUG && Math.random() < 0.05) console.error('fleet bench:', pool.status());
    finished = (await runs.getRun(plan?.id as string))?.finished;
  }
  const wallMs = performance.now() - t0;
  pool.stop();
  const inv = [...pool.done.values()];
  const slowest = inv.reduce((a, b) => (b.ms > a.ms ? b : a));
  // Each scan's own time (logged before any assembly), and the assembly: the completing
  // invocation's time beyond its scan.
  const scans = pool.logs
    .filter((l) => l.includes('"msg":"fleet scan"'))
    .map((l) => JSON.parse(l) as { cluster: string; ms: number });
  const scanMs = new Map(scans.map((x) => [x.cluster, x.ms]));
  const completer = inv.reduce((a, b) => (b.endedAt > a.endedAt ? b : a));
  const slowestScan = scans.reduce((a, b) => (b.ms > a.ms ? b : a));
  const lastScanEnd = Math.max(...inv.filter((x) => x !== completer).map((x) => x.endedAt));
  return {
    wallMs,
    dispatchMs,
    slowestInvocationMs: slowest.ms,
    slowestCluster: slowest.cluster,
    slowestScanMs: slowestScan.ms,
    slowestScanCluster: slowestScan.cluster,
    assemblyMs: completer.ms - (scanMs.get(completer.cluster) ?? 0),
    assembledBy: completer.cluster,
    otherScansDoneAtMs: lastScanEnd - t0Wall,
    coldStartMedianMs: median(pool.cold),
    peakRssMB: pool.peakRss,
    invocations: inv.length,
  };
}

/** The in-process runner over the same registry, the slowest clusters alone, and one cold start alone. */
async function sideBySide(
  registryFile: string,
  budgetMs: number,
  world: BenchWorld,
  env: NodeJS.ProcessEnv,
): Promise<Pick<FleetRow, 'inProcess' | 'alone'>> {
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
  const largeAlone = await alone(world.large);
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
  const smallAlone = await alone(world.small[1] as Conn);
  return {
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
