// npm run bench: measures, never asserts. Prints five tables and writes bench/results.json.
// Every figure is a median of several runs; every comparison is measured side by side in this run.
import { execFile, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { largeScenario } from '../src/sandbox/scenario.js';
import { startSandbox } from '../src/sandbox/server.js';
import { cliStartBench, cliStartTable } from './cli-start.js';
import { diagnosisBench, diagnosisTable } from './diagnosis.js';
import { CORES, fleetBench } from './fleet.js';

const ROOT = join(import.meta.dirname, '..');
const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);
const lambdaBundle = require('../infra/aws/bundle-options.cjs') as BuildOptions;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] as number;
const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };
const table = (title: string, rows: (string | number)[][]) => {
  console.log(`\n## ${title}`);
  const w = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length))) ?? [];
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(w[i] ?? 0)).join('  '));
};

// 1. Cold start and bundle sizes ------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'kt-bench-'));
const minimal = join(dir, 'minimal.ts');
writeFileSync(
  minimal,
  `import { App, AwsLambdaReceiver } from '@slack/bolt';
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? 's' });
const app = new App({ token: 'xoxb-0', botId: 'B', botUserId: 'U', receiver });
app.command('/k8s', async ({ ack }) => { await ack('ok'); });
export const handler = receiver.toHandler();`,
);
const bundle = async (entry: string, out: string) =>
  build({ ...lambdaBundle, entryPoints: [entry], outfile: out, nodePaths: [join(ROOT, 'node_modules')] });
await bundle(join(ROOT, 'src/handlers/slack.ts'), join(dir, 'slack.js'));
await bundle(join(ROOT, 'src/handlers/worker.ts'), join(dir, 'worker.js'));
await bundle(minimal, join(dir, 'minimal.js'));
const size = (f: string) => statSync(join(dir, f)).size / 1024 / 1024;
const slackText = readFileSync(join(dir, 'slack.js'), 'utf8');
const loadMs = (file: string): number => {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `const t=performance.now();require(${JSON.stringify(join(dir, file))});process.stdout.write(String(performance.now()-t))`,
    ],
    { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } },
  );
  return Number(out.toString());
};
const cold = { slack: [] as number[], minimal: [] as number[] };
for (let i = 0; i < 9; i++) {
  cold.slack.push(loadMs('slack.js'));
  cold.minimal.push(loadMs('minimal.js'));
}
results.coldStart = {
  slackLoadMs: median(cold.slack),
  minimalBoltLoadMs: median(cold.minimal),
  ratio: median(cold.slack) / median(cold.minimal),
  bundleMB: { slack: size('slack.js'), worker: size('worker.js'), minimalBolt: size('minimal.js') },
  slackBundleHasKubernetesClient: /loadFromOptions|makeApiClient/.test(slackText),
};
table('1. Cold start (median of 9 fresh processes) and bundle sizes', [
  ['what', 'value', 'target'],
  ['load slack handler bundle', `${median(cold.slack).toFixed(1)} ms`, ''],
  ['load minimal Bolt AwsLambdaReceiver bundle', `${median(cold.minimal).toFixed(1)} ms`, ''],
  ['ratio', `${(median(cold.slack) / median(cold.minimal)).toFixed(2)}×`, '≤ 1.3×'],
  ['slack bundle', `${size('slack.js').toFixed(2)} MB`, '≤ 2 MB, no Kubernetes client'],
  ['worker bundle', `${size('worker.js').toFixed(2)} MB`, '≤ 2 MB'],
  ['slack bundle contains client-node', String(/loadFromOptions|makeApiClient/.test(slackText)), 'false'],
]);

// 2. Ack latency -----------------------------------------------------------------------------------
const SECRET = 'bench-secret';
const signed = (text: string) => {
  const body = new URLSearchParams({
    command: '/k8s',
    text,
    team_id: 'T',
    channel_id: 'C',
    user_id: 'U',
    response_url: 'http://127.0.0.1:9/x',
    trigger_id: `t${Math.random()}`,
    api_app_id: 'A',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    isBase64Encoded: false,
    requestContext: {},
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sig,
    },
    body,
  };
};
process.env.SLACK_SIGNING_SECRET = SECRET;
process.env.SLACK_BOT_TOKEN = 'xoxb-bench';
const clustersFile = join(dir, 'clusters.yaml');
writeFileSync(
  clustersFile,
  'clusters:\n  - name: prod\n    server: https://127.0.0.1:6443\n    token: x\n    channels: [C]\n',
);
process.env.KUBE_TRIAGE_CLUSTERS = clustersFile;
const { createSlackHandler } = await import('../src/slack/lambda.js');
const { FileRegistry } = await import('../src/cluster/registry-file.js');
const h = createSlackHandler(
  { signingSecret: SECRET, botToken: 'xoxb-bench', botId: 'B', botUserId: 'U' },
  new FileRegistry(clustersFile),
  async () => {},
  { log: { info: () => {}, warn: () => {} } },
);
const warm: number[] = [];
for (let i = 0; i < 300; i++) {
  const cmd = i % 2 ? 'skew prod' : 'diagnose x509: certificate has expired or is not yet valid';
  const t = performance.now();
  await h(signed(cmd), {});
  warm.push(performance.now() - t);
}
// Cold: a fresh process loads the deployed ingress bundle and its Lambda entry answers the first
// request, with its config from the environment (a local stage) and the worker invoke going to a
// local stand-in of Lambda's Invoke API (202, as for an async invoke).
const lambdaApi = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(202, { 'Content-Type': 'application/json' }).end('{}'));
});
await new Promise<void>((r) => lambdaApi.listen(0, '127.0.0.1', () => r()));
const coldEnv = {
  ...process.env,
  NODE_PATH: join(ROOT, 'node_modules'),
  NODE_NO_WARNINGS: '1',
  KT_STAGE_KIND: 'local',
  LAMBDA_ENDPOINT: `http://127.0.0.1:${(lambdaApi.address() as { port: number }).port}`,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
};
// Inside the repository (as .cjs: the package is ESM): the bundle's import() of the AWS SDK resolves from node_modules, as in
// Lambda (where the runtime provides it).
mkdirSync(join(ROOT, '.cache'), { recursive: true });
const ackDir = mkdtempSync(join(ROOT, '.cache', 'bench-ack-'));
copyFileSync(join(dir, 'slack.js'), join(ackDir, 'slack.cjs'));
const coldAck: number[] = [];
for (let i = 0; i < 5; i++) {
  const ev = JSON.stringify(signed('skew prod'));
  const script = `const t=performance.now();require(${JSON.stringify(join(ackDir, 'slack.cjs'))}).handler(${ev},{}).then(r=>process.stdout.write(JSON.stringify({ms:performance.now()-t,status:r.statusCode})))`;
  const r = await execFileAsync(process.execPath, ['-e', script], { env: coldEnv });
  // The function's own log lines come first on stdout; the figure is the last line.
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  const out = JSON.parse(last) as { ms: number; status: number };
  if (out.status !== 200) throw new Error(`cold ack: the ingress answered ${out.status}`);
  coldAck.push(out.ms);
}
lambdaApi.close();
rmSync(ackDir, { recursive: true, force: true });
results.ack = {
  warmP50Ms: pct(warm, 50),
  warmP99Ms: pct(warm, 99),
  coldMedianMs: median(coldAck),
  coldMaxMs: Math.max(...coldAck),
};
table('2. Ack latency of a signed slash command', [
  ['what', 'value', 'target'],
  ['warm p50 (300 requests)', `${pct(warm, 50).toFixed(2)} ms`, ''],
  ['warm p99', `${pct(warm, 99).toFixed(2)} ms`, '≪ 3 s'],
  ['cold (load bundle + first request), median of 5', `${median(coldAck).toFixed(0)} ms`, '≪ 3 s'],
]);

// 3. Scale -----------------------------------------------------------------------------------------
// Children run asynchronously: the sandbox they query lives in this process's event loop.
const runChild = async (script: string, rec: object) => {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script)], {
    env: { ...process.env, KT_BENCH_RECORD: JSON.stringify(rec) },
    maxBuffer: 16 * 1024 * 1024,
    cwd: ROOT,
    timeout: 600_000,
  });
  return JSON.parse(stdout);
};
const scale: Record<string, unknown>[] = [];
for (const [label, nodes, perNode, events] of [
  ['500 pods', 50, 10, 1_000],
  ['50,000 pods', 1_700, 29, 7_000],
  ['large: 5,000 nodes, 150,000 pods, 20,000 events', 5_000, 30, 20_000],
] as const) {
  const sb = await startSandbox(largeScenario(nodes, perNode, events));
  const rec = {
    server: sb.server,
    ca: sb.caPem,
    token: sb.token,
    endpoints: sb.endpoints.map((e) => `${e.ip}:${e.port}`),
  };
  const eng: { ms: number; maxRssMB: number; requests: number; pods: number; unreadable: string[] }[] = [];
  const floor: { ms: number; maxRssMB: number; requests: number }[] = [];
  const runs = nodes >= 5_000 ? 3 : 5;
  for (let i = 0; i < runs; i++) {
    eng.push(await runChild('child-engine.ts', rec));
    floor.push(await runChild('child-floor.ts', rec));
  }
  await sb.close();
  const row = {
    label,
    reportMs: median(eng.map((e) => e.ms)),
    peakRssMB: Math.max(...eng.map((e) => e.maxRssMB)),
    requests: eng[0]?.requests,
    pods: eng[0]?.pods,
    unreadable: eng[0]?.unreadable,
    floorMs: median(floor.map((f) => f.ms)),
    floorRssMB: Math.max(...floor.map((f) => f.maxRssMB)),
    floorRequests: floor[0]?.requests,
  };
  scale.push({ ...row, ratio: row.reportMs / row.floorMs });
}
results.scale = scale;
table('3. Scale: `report` (every check) vs the floor (plain node:https + JSON.parse of the same lists)', [
  ['cluster', 'report', 'peak RSS', 'requests', 'floor', 'floor RSS', 'ratio', 'target'],
  ...scale.map((s) => [
    String(s.label),
    `${(Number(s.reportMs) / 1000).toFixed(2)} s`,
    `${Number(s.peakRssMB).toFixed(0)} MB`,
    String(s.requests),
    `${(Number(s.floorMs) / 1000).toFixed(2)} s`,
    `${Number(s.floorRssMB).toFixed(0)} MB`,
    `${Number(s.ratio).toFixed(2)}×`,
    '≤ 1.5×, ≤ 512 MB',
  ]),
]);

// 4. Diagnosis -------------------------------------------------------------------------------------
const diag = diagnosisBench();
results.diagnosis = diag;
table(
  '4. Diagnosis (median of 5; floor = decode, split lines, one case-insensitive regex per line)',
  diagnosisTable(diag),
);

// 4b. CLI start --------------------------------------------------------------------------------------
const start = cliStartBench();
results.cliStart = start;
table(
  '4b. CLI start (median of 9, installed entry point bin/kube-triage.js; ratio to node -e 0)',
  cliStartTable(start),
);

// 5. Fleet ------------------------------------------------------------------------------------------
const fleet = await fleetBench(200);
results.fleet = fleet;
const f = fleet.fanOut;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
// Issue #17's bound: the fan-out's wall within 1.5× of the slowest single cluster plus the invoke
// overhead (dispatch + one cold start). The slowest cluster is the one that never answers.
const overhead = f.dispatchMs + fleet.alone.coldStartMs;
const bound = 1.5 * (f.slowestScanMs + overhead);
// On Lambda with reserved concurrency ≥ the fleet every scan starts at once on its own CPU: the
// wall is the slowest cluster's own path.
const lambdaPath = f.dispatchMs + fleet.alone.coldStartMs + f.slowestScanMs + f.assemblyMs;
results.fleetBoundMs = bound;
results.fleetLambdaPathMs = lambdaPath;
table(
  `5. Fleet: ${fleet.clusters} clusters (4 sandboxes, one of 50,000 pods, one that never answers) through the fan-out: ${fleet.containers} warm scan containers on ${CORES} cores`,
  [
    ['what', 'value', 'target'],
    ['fan-out wall on this machine, day 2 (start → report posted)', sec(f.wallMs), `≤ ${sec(bound)}`],
    ['  day 1 (no history: registry order, the hung cluster last)', sec(fleet.firstDayWallMs), ''],
    ['  dispatch (run record + 200 async invokes)', sec(f.dispatchMs), ''],
    ['  the other 199 scans done at', sec(f.otherScansDoneAtMs), ''],
    ['  slowest scan', `${sec(f.slowestScanMs)} (${f.slowestScanCluster})`, ''],
    ['  assembly by the last scan (diff 200 histories, post)', sec(f.assemblyMs), ''],
    [
      '  cold start alone / median in the run',
      `${fleet.alone.coldStartMs.toFixed(0)} ms / ${f.coldStartMedianMs.toFixed(0)} ms`,
      '',
    ],
    ['  peak RSS of any container', `${f.peakRssMB.toFixed(0)} MB`, '< 1024 MB (scan memorySize)'],
    ['  invocations, summaries posted (both days)', `${f.invocations}, ${f.summaries}`, '200, 2'],
    ['Lambda path (dispatch + cold start + slowest scan + assembly)', sec(lambdaPath), `≤ ${sec(bound)}`],
    [
      'in-process runner (report --all, 8 at a time)',
      `${sec(fleet.inProcess.wallMs)}, ${fleet.inProcess.peakRssMB.toFixed(0)} MB`,
      '',
    ],
    [
      'largest cluster alone (50,000 pods)',
      `${sec(fleet.alone.largeMs)}, ${fleet.alone.largeRssMB.toFixed(0)} MB`,
      '',
    ],
    ['small cluster alone (demo)', `${fleet.alone.smallMs.toFixed(0)} ms`, ''],
  ],
);

writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');
