import { test } from 'vitest';
import { startWorld } from './support/world.js';
import { inspect } from '../../src/engine.js';
import { toJsonReport } from '../../src/render/json.js';
import { writeFileSync } from 'node:fs';
test('probe', async () => {
  const t0 = Date.now();
  const w = await startWorld();
  console.log('world ready in', Date.now() - t0);
  try {
    const ins = await inspect(w.record, ['skew','token','certs','ipam'], AbortSignal.timeout(60000));
    writeFileSync('/tmp/report.json', JSON.stringify(toJsonReport('real', ins.results), null, 1));
    console.log('report in', ins.elapsedMs);
  } finally { await w.cp.close(); }
}, 300000);
