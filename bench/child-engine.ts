// Runs in its own process so its peak RSS is the engine's alone: collect + check one cluster.
import { CHECK_IDS } from '../src/checks/index.js';
import type { ClusterRecord } from '../src/cluster/registry.js';
import { Secret } from '../src/core/secret.js';
import { inspect } from '../src/engine.js';

const input = JSON.parse(process.env.KT_BENCH_RECORD ?? '{}') as {
  server: string;
  ca: string;
  token: string;
  endpoints?: string[];
};
const record: ClusterRecord = {
  name: 'bench',
  server: input.server,
  caData: input.ca,
  auth: { kind: 'token', token: new Secret(input.token) },
  // Loopback apiservers are in no EndpointSlice: the record lists them (as a user registers them).
  endpoints: input.endpoints ?? [],
  channels: [],
  kubeletsReachable: false,
  source: 'bench',
};
const t = performance.now();
const insp = await inspect(record, CHECK_IDS, AbortSignal.timeout(300_000), {
  budgetMs: 290_000,
  refineClocks: false,
});
const ms = performance.now() - t;
const unreadable = insp.results.flatMap((r) => r.unreadable.map((u) => `${u.part}:${u.reason}`));
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    requests: insp.requestCount,
    pods: insp.counts.pods,
    nodes: insp.counts.nodes,
    events: insp.counts.events,
    findings: insp.results.reduce((a, r) => a + r.findings.length, 0),
    unreadable,
  }),
);
