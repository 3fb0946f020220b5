// A piece of the fleet bench's world in its own process, so the scans, the sandboxes and dynalite
// spread over the machine's cores: `small` (four sandbox clusters and one that never answers),
// `large` (50,000 pods) or `dynalite`. Prints one JSON line with what it serves, then runs until killed.
import { createServer, type Socket } from 'node:net';
import dynalite from 'dynalite';
import { largeScenario, loadScenario } from '../src/sandbox/scenario.js';
import { type Sandbox, startSandbox } from '../src/sandbox/server.js';

const what = process.argv[2];
const info = (sb: Sandbox) => ({
  server: sb.server,
  ca: sb.caPem,
  token: sb.token,
  endpoints: sb.endpoints.map((e) => `${e.ip}:${e.port}`),
});
if (what === 'small') {
  const sbs = await Promise.all(
    ['healthy', 'demo', 'node-skew', 'seed-004-ip-leak'].map((s) => startSandbox(loadScenario(s))),
  );
  const held: Socket[] = [];
  const hung = createServer((s) => held.push(s));
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
  const port = (hung.address() as { port: number }).port;
  console.log(JSON.stringify({ small: sbs.map(info), hung: `https://127.0.0.1:${port}` }));
} else if (what === 'large') {
  console.log(JSON.stringify({ large: info(await startSandbox(largeScenario(1_700, 29, 7_000))) }));
} else {
  const db = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((r) => db.listen(0, '127.0.0.1', () => r()));
  console.log(JSON.stringify({ dynalite: `http://127.0.0.1:${(db.address() as { port: number }).port}` }));
}
