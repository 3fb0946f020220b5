// `npx tsx bench/fleet-only.ts [N]`: only the fleet row (the full bench is `npm run bench`).
import { createRequire } from 'node:module';
import { fleetBench } from './fleet.js';

const stubs = createRequire(import.meta.url)('../infra/aws/esbuild-plugins.cjs') as never[];
const containers = process.argv[3] ? { containers: Number(process.argv[3]) } : {};
console.log(
  JSON.stringify(await fleetBench(Number(process.argv[2] ?? 200), { stubs, ...containers }), null, 2),
);
