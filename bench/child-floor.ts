// The floor: fetch and JSON.parse the same paginated lists with plain node:https, nothing else.
import { request } from 'node:https';

const input = JSON.parse(process.env.KT_BENCH_RECORD ?? '{}') as {
  server: string;
  ca: string;
  token: string;
};
const agent = new (await import('node:https')).Agent({ keepAlive: true, ca: input.ca });
let requests = 0;
function get(path: string): Promise<{ items?: unknown[]; metadata?: { continue?: string } }> {
  requests++;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, input.server),
      { agent, headers: { Authorization: `Bearer ${input.token}`, Accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const t = performance.now();
let items = 0;
await Promise.all(
  ['/api/v1/nodes', '/api/v1/pods', '/api/v1/events', '/apis/coordination.k8s.io/v1/leases'].map(
    async (p) => {
      let cont = '';
      do {
        const page = await get(`${p}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
        items += page.items?.length ?? 0;
        cont = page.metadata?.continue ?? '';
      } while (cont);
    },
  ),
);
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - t,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    requests,
    items,
  }),
);
agent.destroy();
