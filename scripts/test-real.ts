// npm run test:real: the real-apiserver tier, once per kube-apiserver version (the version matrix:
// .cache/kube-apiserver-v* or KUBE_APISERVERS). Checks for the binaries first and says how to get
// them (exit 1) instead of failing inside the tests. Extra arguments go to vitest; a --outputFile
// gets the version appended per run (x.json → x.v1.28.7.json).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiserverVersion,
  findApiservers,
  findBinaries,
  freePort,
  HA_ADDRESSES,
  HOW_TO_GET_BINARIES,
  httpGetStatus,
  ROOT,
  waitFor,
} from '../test/real/support/control-plane.js';

const bins = findBinaries(ROOT);
const apiservers = process.env.KUBE_APISERVER ? [process.env.KUBE_APISERVER] : findApiservers(ROOT);
if (!bins || apiservers.length === 0) {
  process.stderr.write(`${HOW_TO_GET_BINARIES}\n`);
  process.exit(1);
}
// One etcd for every version's apiservers (each control plane under its own --etcd-prefix); the HA
// part runs in its own network namespace and brings its own.
const etcdDir = mkdtempSync(join(tmpdir(), 'kt-etcd-'));
const [client, peer] = [await freePort('127.0.0.1'), await freePort('127.0.0.1')];
const etcdUrl = `http://127.0.0.1:${client}`;
const etcd = spawn(
  bins.etcd,
  [
    `--data-dir=${etcdDir}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-cluster=default=http://127.0.0.1:${peer}`,
    '--log-level=error',
    '--unsafe-no-fsync',
  ],
  { stdio: 'ignore' },
);
await waitFor(async () => (await httpGetStatus(`${etcdUrl}/health`)) === 200, 20_000, 'etcd /health');
const stopEtcd = () => {
  etcd.kill('SIGTERM');
  rmSync(etcdDir, { recursive: true, force: true });
};
process.on('exit', stopEtcd);
const args = process.argv.slice(2);
/** Test files named on the command line (then only those run; the HA part only when named). */
const only = args.filter((a) => a.startsWith('test/'));
const results: string[] = [];
let failed = false;
for (const apiserver of apiservers) {
  const version = apiserverVersion(apiserver);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBE_APISERVER: apiserver,
    KUBE_VERSION: version,
    ETCD: bins.etcd,
    KT_ETCD_URL: etcdUrl,
  };
  const haEnv: NodeJS.ProcessEnv = { ...env };
  delete haEnv.KT_ETCD_URL;
  const short = version.replace(/\+.*/, '');
  process.stdout.write(`\n== kube-apiserver ${version}: ${apiserver}\netcd: ${bins.etcd}\n`);
  const perRun = args.map((a, i) =>
    args[i - 1] === '--outputFile' || a.startsWith('--outputFile=')
      ? a.replace(/(\.json)?$/, `.${short}$1`)
      : a,
  );
  const started = Date.now();
  const mainFiles = only.filter((a) => !a.includes('/ha/'));
  if (only.length > 0 && mainFiles.length === 0) {
    results.push(`${short}: main tier not asked for`);
  } else {
    const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.real.config.ts', ...perRun], {
      cwd: ROOT,
      stdio: 'inherit',
      env,
    });
    const ok = r.status === 0;
    failed ||= !ok;
    results.push(`${short}: ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  // HA with the real endpoint reconciler: in a private network namespace whose lo carries the
  // apiservers' own (non-loopback) addresses, so the Endpoints can hold them.
  if (only.length === 0 || only.some((a) => a.includes('/ha/'))) {
    const haStarted = Date.now();
    const setup = ['ip link set lo up', ...HA_ADDRESSES.map((a) => `ip addr add ${a}/32 dev lo`)].join(
      ' && ',
    );
    const haArgs = perRun.filter((a) => !a.startsWith('test/')).map((a) => a.replace(/(\.json)$/, '.ha$1'));
    const ha = spawnSync(
      'unshare',
      [
        ...(process.getuid?.() === 0 ? [] : ['--map-root-user']),
        '--net',
        'sh',
        '-c',
        `${setup} && exec npx vitest run --config vitest.real-ha.config.ts "$@"`,
        'sh',
        ...haArgs,
      ],
      {
        cwd: ROOT,
        stdio: 'inherit',
        env: haEnv,
      },
    );
    const haOk = ha.status === 0;
    failed ||= !haOk;
    results.push(
      `${short} HA: ${haOk ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - haStarted) / 1000)} s`,
    );
  }
}
process.stdout.write(`\nversion matrix: ${results.join('; ')}\n`);
process.exit(failed ? 1 : 0);
