// `npx tsx bench/fleet-only.ts [N]`: only the fleet row (the full bench is `npm run bench`).
import { fleetBench } from './fleet.js';

const containers = process.argv[3] ? { containers: Number(process.argv[3]) } : {};
console.log(JSON.stringify(await fleetBench(Number(process.argv[2] ?? 200), containers), null, 2));
