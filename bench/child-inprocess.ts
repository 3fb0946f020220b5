// The in-process runner (`kube-triage report --all`) over the same registry, in its own process so
// its peak RSS is its own: every cluster scanned 8 at a time, diffed against a file history.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRegistry } from '../src/cluster/registry-file.js';
import { runReport } from '../src/jobs/daily.js';
import { FileStore } from '../src/report/store.js';

const registry = new FileRegistry(process.env.KT_BENCH_REGISTRY as string);
const records = (await Promise.all((await registry.list()).map((r) => registry.get(r.name)))).filter(
  (r) => r !== undefined,
);
const store = new FileStore(join(mkdtempSync(join(tmpdir(), 'kt-bench-hist-')), 'history.json'));
const t = performance.now();
const reports = await runReport(records, store, { budgetMs: Number(process.env.KT_BENCH_BUDGET_MS) });
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - t,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    clusters: reports.length,
    unreachable: reports.filter((r) => !r.diff.reachable).length,
  }),
);
