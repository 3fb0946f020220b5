// npm run test:real: the real-apiserver tier, once per kube-apiserver version (the version matrix:
// .cache/kube-apiserver-v* or KUBE_APISERVERS). Checks for the binaries first and says how to get
// them (exit 1) instead of failing inside the tests. Extra arguments go to vitest; a --outputFile
// gets the version appended per run (x.json → x.v1.28.7.json).
import { spawnSync } from 'node:child_process';
import {
  apiserverVersion,
  findApiservers,
  findBinaries,
  HOW_TO_GET_BINARIES,
  ROOT,
} from '../test/real/support/control-plane.js';

const bins = findBinaries(ROOT);
const apiservers = process.env.KUBE_APISERVER ? [process.env.KUBE_APISERVER] : findApiservers(ROOT);
if (!bins || apiservers.length === 0) {
  process.stderr.write(`${HOW_TO_GET_BINARIES}\n`);
  process.exit(1);
}
const args = process.argv.slice(2);
const results: string[] = [];
let failed = false;
for (const apiserver of apiservers) {
  const version = apiserverVersion(apiserver);
  const short = version.replace(/\+.*/, '');
  process.stdout.write(`\n== kube-apiserver ${version}: ${apiserver}\netcd: ${bins.etcd}\n`);
  const perRun = args.map((a, i) =>
    args[i - 1] === '--outputFile' || a.startsWith('--outputFile=')
      ? a.replace(/(\.json)?$/, `.${short}$1`)
      : a,
  );
  const started = Date.now();
  const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.real.config.ts', ...perRun], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, KUBE_APISERVER: apiserver, KUBE_VERSION: version, ETCD: bins.etcd },
  });
  const ok = r.status === 0;
  failed ||= !ok;
  results.push(`${short}: ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
}
process.stdout.write(`\nversion matrix: ${results.join('; ')}\n`);
process.exit(failed ? 1 : 0);
