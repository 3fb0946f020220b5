/**
 * The kube-triage CLI: thin. Parses arguments, asks the engine or the diagnosis, renders.
 * Exit codes: 0 ran; 1 could not run; 2 usage error; 3 findings at or above --fail-on.
 * @module
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
// Only light modules are imported up front: each command loads what it needs when it runs (the
// engine and the Kubernetes client, Bolt, the sandbox, YAML), so `--version`, `--help` and a short
// `diagnose` start like kubectl (bench/cli-start.ts measures it).
import { CHECK_IDS, type CheckId } from '../checks/types.js';
import type { ClusterRecord, ClusterRegistry } from '../cluster/registry.js';
import { deadline } from '../core/deadline.js';
import { PASTE_MAX_BYTES } from '../core/limits.js';
import { atLeast, type Severity } from '../core/severity.js';
import { scenarioNames } from '../sandbox/names.js';
import type { RegisterOptions } from './register.js';

/** This package's version (read once from package.json, beside src/ and dist/). */
const VERSION = await readFile(new URL('../../package.json', import.meta.url), 'utf8')
  .then((t) => (JSON.parse(t) as { version?: string }).version ?? 'unknown')
  .catch(() => 'unknown');

/** Reads a file, or stdin for "-" / no argument, bounded to 2× the paste cap. */
async function readInput(file: string | undefined, io: Io): Promise<string> {
  const max = 2 * PASTE_MAX_BYTES;
  if (file && file !== '-') {
    try {
      const fh = await open(file, 'r');
      try {
        const buf = Buffer.alloc(max);
        const { bytesRead } = await fh.read(buf, 0, max, 0);
        return buf.subarray(0, bytesRead).toString('utf8');
      } finally {
        await fh.close();
      }
    } catch {
      throw new CliError(`Cannot read ${file}: no such file or not readable.`, 1);
    }
  }
  if (io.stdin === undefined)
    throw new CliError('Nothing to diagnose: give a file, or pipe text into `kube-triage diagnose -`.', 2);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of io.stdin) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    size += b.length;
    chunks.push(b);
    if (size >= max) break;
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/** Where the CLI writes; tests pass their own. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, when there is one to read. */
  readonly stdin?: AsyncIterable<Buffer | string>;
}

/** A user-facing error with a stable code and exit status. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

function spinner(io: Io, text: string): () => void {
  if (!io.isTTY) return () => {};
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let i = 0;
  const t = setInterval(() => io.err(`\r${frames[i++ % frames.length]} ${text}`), 80);
  return () => {
    clearInterval(t);
    io.err('\r\u001b[K');
  };
}

interface CheckOpts {
  all?: boolean;
  channel?: string;
  sinceLast?: boolean;
  scenario?: string;
  json?: boolean;
  color: boolean;
  failOn?: Severity;
  clusters?: string;
  kubeconfig?: string;
  context?: string;
}

async function runCheckCommand(
  io: Io,
  ids: readonly CheckId[],
  clusterArg: string | undefined,
  o: CheckOpts,
): Promise<number> {
  const name = o.context ?? clusterArg ?? 'sandbox';
  const [{ cliRegistry }, { RegistryError }, { ScenarioError }, { suggest }] = await Promise.all([
    import('./registry.js'),
    import('../cluster/registry-file.js'),
    import('../sandbox/scenario.js'),
    import('../slack/grammar.js'),
  ]);
  let regs: ReturnType<typeof cliRegistry>;
  try {
    regs = cliRegistry({
      ...(o.clusters ? { clusters: o.clusters } : {}),
      ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
      ...(o.scenario ? { scenario: o.scenario } : {}),
      env: io.env,
    });
  } catch (e) {
    if (e instanceof RegistryError) throw new CliError(e.message, 1);
    throw e;
  }
  try {
    let record: Awaited<ReturnType<typeof regs.registry.get>>;
    try {
      record = await regs.registry.get(name);
    } catch (e) {
      if (e instanceof ScenarioError || e instanceof RegistryError) throw new CliError(e.message, 2);
      throw e;
    }
    if (!record) {
      const names = (await regs.registry.list()).map((r) => r.name);
      // The same "did you mean" as in Slack (edit distance), one suggestion function for both.
      const close = suggest(name, names);
      throw new CliError(
        `Unknown cluster "${name}". Registered: ${names.join(', ')}.${close ? ` Did you mean ${close}?` : ''}`,
        2,
      );
    }
    if (o.sinceLast || o.all) {
      return await runReportPreview(io, regs.registry, o, record.name);
    }
    const [{ inspect }, { toJsonReport }, { reportText }, { readState }] = await Promise.all([
      import('../engine.js'),
      import('../render/json.js'),
      import('../render/text.js'),
      import('../core/report.js'),
    ]);
    const stop = spinner(io, `Reading ${record.name} (${ids.join(', ')})…`);
    const ac = new AbortController();
    const onSig = (): void => ac.abort();
    process.once('SIGINT', onSig);
    let insp: Awaited<ReturnType<typeof inspect>>;
    try {
      insp = await inspect(record, ids, ac.signal);
    } finally {
      stop();
      process.off('SIGINT', onSig);
    }
    if (o.json)
      io.out(
        `${JSON.stringify(toJsonReport(insp.cluster, insp.results, { server: insp.server, takenAt: insp.takenAt }), null, 2)}\n`,
      );
    else
      io.out(
        `${reportText(insp.cluster, insp.results, { color: o.color && io.isTTY }, { server: insp.server, elapsedMs: insp.elapsedMs })}\n`,
      );
    if (readState(insp.results).kind === 'unreachable') return 1;
    if (o.failOn) {
      const floor = o.failOn;
      if (insp.results.some((r) => r.findings.some((f) => atLeast(f.severity, floor)))) return 3;
    }
    return 0;
  } finally {
    await regs.sandbox.close();
  }
}

/** `report --all` / `--since-last`: the daily report in the terminal, with the same history logic. */
async function runReportPreview(
  io: Io,
  registry: ClusterRegistry,
  o: CheckOpts,
  single: string,
): Promise<number> {
  const names = o.all ? (await registry.list()).map((r) => r.name).filter((n) => n !== 'demo') : [single];
  const records: ClusterRecord[] = [];
  for (const n of names) {
    const r = await registry.get(n);
    if (r && (!o.channel || r.channels.includes('*') || r.channels.includes(o.channel))) records.push(r);
  }
  const [{ FileStore }, { runReport }, { reportPreviewText }] = await Promise.all([
    import('../report/store.js'),
    import('../jobs/daily.js'),
    import('../render/text.js'),
  ]);
  const dir = join(io.env.HOME ?? homedir(), '.kube-triage');
  mkdirSync(dir, { recursive: true });
  const store = new FileStore(io.env.KUBE_TRIAGE_HISTORY ?? join(dir, 'history.json'));
  const stop = spinner(io, `Reading ${records.length} cluster${records.length === 1 ? '' : 's'}…`);
  const reports = await runReport(records, store).finally(stop);
  if (o.json)
    io.out(
      `${JSON.stringify(
        reports.map((r) => r.diff),
        null,
        2,
      )}\n`,
    );
  else
    io.out(
      reportPreviewText(
        reports.map((r) => r.diff),
        { color: o.color && io.isTTY },
      ),
    );
  const floor = o.failOn;
  if (
    floor &&
    reports.some((r) =>
      [...r.diff.newFindings, ...r.diff.still.map((s) => s.finding)].some((f) => atLeast(f.severity, floor)),
    )
  )
    return 3;
  return reports.every((r) => !r.diff.reachable) ? 1 : 0;
}

/** Builds the commander program. */
export function program(io: Io, setExit: (code: number) => void): Command {
  const p = new Command('kube-triage')
    .description(
      'Finds the quiet Kubernetes failures: clock skew, rejected service-account tokens, hidden certificate expiry, leaked pod IPs.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .showSuggestionAfterError(true);
  for (const add of [
    addCheckCommands,
    addDiagnoseCommand,
    addRegisterCommand,
    addServeCommand,
    addClustersCommand,
    addSandboxCommand,
  ])
    add(p, io, setExit);
  return p;
}

type AddCommand = (p: Command, io: Io, setExit: (code: number) => void) => void;

/** `skew`, `token`, `certs`, `ipam` and `report`: one check (or all) on a cluster or the sandbox. */
const addCheckCommands: AddCommand = (p, io, setExit) => {
  const addCheckOptions = (c: Command): Command =>
    c
      .option('--scenario <name|file>', `sandbox scenario (${scenarioNames().join(', ')})`)
      .option('--json', 'print JSON (docs/cli.md)')
      .option('--no-color', 'no colour or emphasis')
      .addOption(
        new Option('--fail-on <severity>', 'exit 3 when findings at or above this severity exist').choices([
          'critical',
          'warning',
          'info',
        ]),
      )
      .option('--clusters <file>', 'cluster registry YAML (default $KUBE_TRIAGE_CLUSTERS)')
      .option('--kubeconfig <file>', 'kubeconfig whose contexts are clusters')
      .option('--context <name>', 'kubeconfig context to use as the cluster')
      .option('--all', 'report: every registered cluster')
      .option('--channel <id>', 'report --all: only clusters this Slack channel may query')
      .option(
        '--since-last',
        'report: compare with the last run (history in $KUBE_TRIAGE_HISTORY or ~/.kube-triage/history.json)',
      );
  for (const id of [...CHECK_IDS, 'report'] as const) {
    const desc = id === 'report' ? 'run every check' : `run the ${id} check`;
    addCheckOptions(
      p.command(id).argument('[cluster]', 'registered cluster name (default: sandbox)').description(desc),
    ).action(async (cluster: string | undefined, o: CheckOpts) => {
      setExit(await runCheckCommand(io, id === 'report' ? CHECK_IDS : [id], cluster, o));
    });
  }
};

/** `diagnose`: pasted text, logs, tokens or certificates from a file or stdin. */
const addDiagnoseCommand: AddCommand = (p, io, setExit) => {
  p.command('diagnose')
    .description(
      'diagnose pasted error text, logs, tokens or certificates (FILE, or stdin with - or no argument)',
    )
    .argument('[file]', 'file to read; - or nothing for stdin')
    .option('--json', 'print JSON')
    .option('--no-color', 'no colour or emphasis')
    .option('--fail-on <severity>', 'exit 3 when causes at or above this severity are found')
    .action(async (file: string | undefined, o: { json?: boolean; color: boolean; failOn?: Severity }) => {
      const text = await readInput(file, io);
      const [{ diagnose }, { toJsonDiagnosis }, { diagnosisText }] = await Promise.all([
        import('../diagnose/index.js'),
        import('../render/json.js'),
        import('../render/text.js'),
      ]);
      const d = diagnose(text, new Date());
      io.out(
        o.json
          ? `${JSON.stringify(toJsonDiagnosis(d), null, 2)}\n`
          : diagnosisText(d, { color: o.color && io.isTTY }),
      );
      const floor = o.failOn;
      setExit(floor && d.findings.some((f) => atLeast(f.severity, floor)) ? 3 : 0);
    });
};

/** `register`: check a read-only identity against a cluster and record it. */
const addRegisterCommand: AddCommand = (p, io, setExit) => {
  p.command('register')
    .description('check a read-only identity against a cluster and add it to the registry file')
    .argument('<name>', 'name to register the cluster under')
    .option('--context <name>', 'kubeconfig context giving the server and CA')
    .option('--kubeconfig <file>', 'kubeconfig for --context')
    .option('--server <url>', 'API server URL (instead of --context)')
    .option('--ca <file>', 'CA certificate PEM (with --server)')
    .option('--token-file <file>', 'token of the kube-triage service account')
    .option(
      '--clusters <file>',
      'registry file to write (default $KUBE_TRIAGE_CLUSTERS or ./kube-triage.clusters.yaml)',
    )
    .option('--channels <ids>', 'Slack channel IDs allowed to query it, comma-separated')
    .option('--kubelets-reachable', 'kube-triage can reach node IPs on the kubelet port')
    .option('--store <where>', 'file (default) or ssm', 'file')
    .option('--ssm-prefix <prefix>', "with --store ssm: the functions' PARAM_PREFIX, e.g. /kube-triage/prod")
    .option('--accept-incomplete', 'register although the apiserver could not list every rule of the token')
    .action(async (name: string, o: Omit<RegisterOptions, 'clusters'> & { clusters?: string }) => {
      const clusters = o.clusters ?? io.env.KUBE_TRIAGE_CLUSTERS ?? 'kube-triage.clusters.yaml';
      const { register } = await import('./register.js');
      const r = await register(name, { ...o, clusters }, deadline(30_000));
      for (const l of r.lines) (r.ok ? io.out : io.err)(`${l}\n`);
      setExit(r.ok ? 0 : 1);
    });
};

interface ServeOpts {
  port: string;
  host: string;
  scenario?: string;
  clusters?: string;
  reportAt?: string;
  history: string;
  sandboxChannels: string;
}

/** `serve`: the Slack app over HTTP or Socket Mode, optionally with the daily report. */
const addServeCommand: AddCommand = (p, io, setExit) => {
  p.command('serve')
    .description(
      'run the Slack app as an HTTP server (POST /slack/events), or Socket Mode with SLACK_APP_TOKEN',
    )
    .option('--port <n>', 'port to listen on', '3000')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--scenario <name|file>', 'sandbox scenario for the `sandbox` cluster')
    .option('--clusters <file>', 'cluster registry YAML')
    .option('--report-at <HH:MM>', "post the daily report at this UTC time to each cluster's channels")
    .option(
      '--sandbox-channels <ids>',
      'Slack channels that may query the embedded sandbox (opt-in; none by default), comma-separated; "dm" = direct messages, "*" = every channel',
      '',
    )
    .option(
      '--history <kind>',
      'report history: dynalite (local DynamoDB, ~/.kube-triage) or file',
      'dynalite',
    )
    .action(async (o: ServeOpts) => setExit(await runServe(io, o)));
};

async function runServe(io: Io, o: ServeOpts): Promise<number> {
  const env = io.env;
  if (!env.SLACK_SIGNING_SECRET || !env.SLACK_BOT_TOKEN)
    throw new CliError(
      'serve needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN in the environment (SLACK_APP_TOKEN for Socket Mode).',
      2,
    );
  const [{ cliRegistry }, { slackConfigFromEnv }, { HistoryLockError, openHistory }, { serve }] =
    await Promise.all([
      import('./registry.js'),
      import('../slack/config.js'),
      import('./scheduler.js'),
      import('./serve.js'),
    ]);
  const regs = cliRegistry({
    ...(o.clusters ? { clusters: o.clusters } : {}),
    ...(o.scenario ? { scenario: o.scenario } : {}),
    env,
    // The demo cluster answers in DMs (and channels the operator names), not in every channel.
    sandboxChannels: o.sandboxChannels
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  });
  const cfg = slackConfigFromEnv(env, { allowApiUrl: true });
  if (o.history !== 'dynalite' && o.history !== 'file')
    throw new CliError(`--history must be dynalite or file, got "${o.history}"`, 2);
  if (o.reportAt && !/^\d{1,2}:\d{2}$/.test(o.reportAt))
    throw new CliError(`--report-at must be HH:MM (UTC), got "${o.reportAt}"`, 2);
  const history = await openHistory(o.history, join(env.HOME ?? homedir(), '.kube-triage')).catch(
    (e: unknown) => {
      if (e instanceof HistoryLockError) throw new CliError(e.message, 1);
      throw e;
    },
  );
  const s = await serve(cfg, regs.registry, {
    port: Number(o.port),
    host: o.host,
    history: history.store,
    processHandlers: true,
    ...(o.reportAt ? { reportAt: o.reportAt } : {}),
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
  });
  io.out(
    env.SLACK_APP_TOKEN
      ? 'kube-triage is connected over Socket Mode. Ctrl-C stops it.\n'
      : `kube-triage listens on http://${o.host}:${s.port}/slack/events. Ctrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await s.stop();
  await history.close();
  await regs.sandbox.close();
  return 0;
}

/** `clusters`: the registered clusters, never their tokens. */
const addClustersCommand: AddCommand = (p, io, setExit) => {
  p.command('clusters')
    .description('list registered clusters (names, servers, where each came from; never tokens)')
    .option('--clusters <file>')
    .option('--kubeconfig <file>')
    .option('--json')
    .action(async (o: { clusters?: string; kubeconfig?: string; json?: boolean }) => {
      const { cliRegistry } = await import('./registry.js');
      const { registry } = cliRegistry({ ...o, env: io.env });
      const list = await registry.list();
      if (o.json) io.out(`${JSON.stringify(list, null, 2)}\n`);
      else for (const r of list) io.out(`${r.name.padEnd(16)} ${r.server.padEnd(40)} ${r.source}\n`);
      setExit(0);
    });
};

/** `sandbox`: the embedded sandbox cluster in the foreground, with a kubeconfig for kubectl. */
const addSandboxCommand: AddCommand = (p, io, setExit) => {
  p.command('sandbox')
    .description('run the embedded sandbox cluster in the foreground and write a kubeconfig for it')
    .argument('[scenario]', `scenario name or file (${scenarioNames().join(', ')})`, 'demo')
    .option('--kubeconfig-out <path>', 'where to write the kubeconfig', 'sandbox.kubeconfig')
    .action(async (scenario: string, o: { kubeconfigOut: string }) =>
      setExit(await runSandbox(io, scenario, o)),
    );
};

async function runSandbox(io: Io, scenario: string, o: { kubeconfigOut: string }): Promise<number> {
  const [{ loadScenario, ScenarioError }, { startSandbox }] = await Promise.all([
    import('../sandbox/scenario.js'),
    import('../sandbox/server.js'),
  ]);
  let sc: ReturnType<typeof loadScenario>;
  try {
    sc = loadScenario(scenario);
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(e.message, 2);
    throw e;
  }
  const sb = await startSandbox(sc);
  writeFileSync(o.kubeconfigOut, sb.kubeconfig(), { mode: 0o600 });
  io.out(`Sandbox "${sc.name}" is running: ${sc.description}\n`);
  io.out(`  API server   ${sb.server}\n`);
  for (const e of sb.endpoints) io.out(`  apiserver    ${e.name.padEnd(12)} ${e.url}\n`);
  io.out(
    `  kubeconfig   ${o.kubeconfigOut}\n\n  kubectl --kubeconfig ${o.kubeconfigOut} get nodes,leases -A\n\nPress Ctrl-C to stop.\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await sb.close();
  return 0;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const p = program(io, (c) => {
    code = c;
  });
  try {
    await p.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliError) {
      io.err(`kube-triage: ${e.message}\n`);
      return e.exitCode;
    }
    io.err(`kube-triage: unexpected error: ${(e as Error).message}\n`);
    return 1;
  }
}

/** Runs the CLI on this process's arguments and sets the exit code. */
export function runFromProcess(): void {
  const io: Io = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    ...(process.stdin.isTTY ? {} : { stdin: process.stdin }),
  };
  main(process.argv.slice(2), io).then((c) => {
    process.exitCode = c;
  });
}

if (process.argv[1] && /cli[\\/]main\.[jt]s$/.test(process.argv[1])) runFromProcess();
