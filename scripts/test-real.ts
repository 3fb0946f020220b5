// npm run test:real: the real-apiserver tier. Checks for kube-apiserver and etcd first and says how
// to get them (exit 1) instead of failing inside the tests.
import { spawnSync } from 'node:child_process';
import { findBinaries, HOW_TO_GET_BINARIES, ROOT } from '../test/real/support/control-plane.js';

const bins = findBinaries(ROOT);
if (!bins) {
  process.stderr.write(`${HOW_TO_GET_BINARIES}\n`);
  process.exit(1);
}
process.stdout.write(`kube-apiserver: ${bins.apiserver}\netcd: ${bins.etcd}\n`);
const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.real.config.ts', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, KUBE_APISERVER: bins.apiserver, ETCD: bins.etcd },
});
process.exit(r.status ?? 1);
