import { execFile } from 'node:child_process';
import type { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { largeScenario, parseScenario } from '../../src/sandbox/scenario.js';
import { sandboxTest, test } from '../support/fixtures.js';

const run = promisify(execFile);

function get(
  url: string,
  ca: string,
  token?: string,
): Promise<{ status: number; date: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, date: String(res.headers.date), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function post(
  url: string,
  ca: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function peerCert(host: string, port: number, servername?: string): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const s = connect(
      { host, port, rejectUnauthorized: false, ...(servername ? { servername } : {}) },
      () => {
        const c = s.getPeerX509Certificate();
        s.destroy();
        if (c) resolve(c);
        else reject(new Error('no certificate'));
      },
    );
    s.on('error', reject);
  });
}

const skewTest = sandboxTest('seed-000-apiserver-skew');

describe('sandbox apiserver (seed-000-apiserver-skew)', () => {
  skewTest(
    'kubectl lists nodes and leases through the written kubeconfig; no EndpointSlice holds loopback addresses',
    async ({ sb }) => {
      const dir = mkdtempSync(join(tmpdir(), 'kt-'));
      const kc = join(dir, 'kubeconfig');
      writeFileSync(kc, sb.kubeconfig());
      const { stdout } = await run(
        'kubectl',
        ['--kubeconfig', kc, 'get', 'nodes,leases,endpointslices', '-A'],
        { timeout: 20_000 },
      );
      expect(stdout).toMatch(/node\/node1\s+Ready\s+control-plane/);
      expect(stdout).toContain('kube-node-lease');
      expect(stdout).toMatch(/apiserver-[0-9a-f]+/);
      // A real apiserver refuses loopback addresses in EndpointSlices ("may not be in the loopback range").
      expect(stdout).not.toContain('endpointslice');
    },
  );

  skewTest('a missing object is a NotFound Status naming it, as a real apiserver answers', async ({ sb }) => {
    const r = await get(
      `${sb.server}/api/v1/namespaces/kube-system/configmaps/no-such`,
      sb.caPem,
      sb.adminToken,
    );
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'NotFound', details: { name: 'no-such' } });
  });

  skewTest(
    'a watch on the identity Leases streams each renewal as it happens (every 10 s)',
    async ({ sb }) => {
      const lines: {
        type: string;
        object: { metadata: { name: string; labels?: Record<string, string> }; spec: { renewTime: string } };
        at: number;
      }[] = [];
      const t0 = Date.now();
      await new Promise<void>((resolve, reject) => {
        const req = request(
          `${sb.server}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?watch=1&timeoutSeconds=11`,
          { ca: sb.caPem, headers: { Authorization: `Bearer ${sb.token}` } },
          (res) => {
            let buf = '';
            res.on('data', (c) => {
              buf += c;
              const parts = buf.split('\n');
              buf = parts.pop() ?? '';
              for (const p of parts) if (p) lines.push({ ...JSON.parse(p), at: Date.now() });
            });
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(10_000);
      const identity = lines.filter(
        (l) => l.type === 'MODIFIED' && l.object.metadata.name.startsWith('apiserver-'),
      );
      // Each of the two apiservers renews once or twice in 11 s (twice when a renewal falls in the
      // first second); node2's renewTime is 90 s ahead (its clock), node1's is not.
      expect(new Set(identity.map((l) => l.object.metadata.name)).size).toBe(2);
      // renewTime is the renewing apiserver's clock at the renewal; the event arrives within 0.5 s.
      const seen = JSON.stringify(
        identity.map((l) => [l.object.metadata.name, l.object.spec.renewTime, new Date(l.at).toISOString()]),
      );
      for (const l of identity) {
        const host = l.object.metadata.labels?.['kubernetes.io/hostname'];
        const expected = host === 'node2' ? 90_000 : 0;
        expect(host, seen).toMatch(/^node[12]$/);
        expect(Math.abs(Date.parse(l.object.spec.renewTime) - l.at - expected), seen).toBeLessThan(500);
      }
    },
  );

  skewTest(
    'two apiserver endpoints return Date headers that differ by the scenario offset',
    async ({ sb }) => {
      const [a, b] = sb.endpoints;
      const [ra, rb] = await Promise.all([
        get(`${a?.url}/livez`, sb.caPem),
        get(`${b?.url}/livez`, sb.caPem),
      ]);
      const diff = (Date.parse(rb.date) - Date.parse(ra.date)) / 1000;
      expect(diff).toBeGreaterThanOrEqual(89);
      expect(diff).toBeLessThanOrEqual(91);
    },
  );

  skewTest(
    'SNI apiserver-loopback-client returns the loopback certificate with the scenario dates',
    async ({ sb }) => {
      const ep = sb.endpoints[1];
      const cert = await peerCert(ep?.ip as string, ep?.port as number, 'apiserver-loopback-client');
      expect(cert.subject).toMatch(/^CN=apiserver-loopback-client@\d+$/);
      expect(cert.issuer).toMatch(/^CN=apiserver-loopback-client-ca@\d+$/);
      const start = Number(cert.subject.split('@')[1]) * 1000;
      // node2's apiserver started 30 days ago (default) on a clock 90 s ahead; NotBefore = start − 1 h.
      expect(Math.abs(start - (Date.now() + 90_000 - 30 * 86_400_000))).toBeLessThan(60_000);
      expect(Date.parse(cert.validFrom)).toBe(start - 3_600_000);
      expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(365 * 86_400_000);
      const normal = await peerCert(ep?.ip as string, ep?.port as number);
      expect(normal.subject).toBe('CN=kube-apiserver');
    },
  );

  skewTest(
    'a token minted by the apiserver 90 s ahead is rejected by the other with 401 and accepted by its minter',
    async ({ sb }) => {
      const [node1, node2] = sb.endpoints;
      const minted = await post(
        `${node2?.url}/api/v1/namespaces/argo-run/serviceaccounts/loofah/token`,
        sb.caPem,
        sb.adminToken,
        { spec: { expirationSeconds: 3600 } },
      );
      expect(minted.status).toBe(201);
      const token = JSON.parse(minted.body).status.token as string;
      const { decodeJwt } = await import('jose');
      const iat = (decodeJwt(token).iat as number) * 1000;
      expect(Math.abs(iat - (Date.now() + 90_000))).toBeLessThan(2_000);
      // node1 is 90 s behind the token's nbf (more than the 60 s leeway): 401. node2 authenticates it
      // (403 only because the account has no RBAC rules).
      const r1 = await get(`${node1?.url}/api/v1/pods`, sb.caPem, token);
      expect(r1.status).toBe(401);
      expect(JSON.parse(r1.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      const r2 = await get(`${node2?.url}/api/v1/pods`, sb.caPem, token);
      expect(r2.status).toBe(403);
    },
  );

  skewTest('the read-only identity cannot mint tokens', async ({ sb }) => {
    const r = await post(
      `${sb.server}/api/v1/namespaces/default/serviceaccounts/default/token`,
      sb.caPem,
      sb.token,
      {},
    );
    expect(r.status).toBe(403);
  });

  skewTest('every request is recorded with its method', async ({ sb }) => {
    const before = sb.requests.length;
    await get(`${sb.server}/version`, sb.caPem, sb.token);
    expect(sb.requests.slice(before)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/version', status: 200, listener: 'front' }),
    ]);
  });
});

describe('sandbox RBAC', () => {
  test('a resource the scenario forbids answers 403 with the real message shape', async ({ sandbox }) => {
    const sb = await sandbox(
      parseScenario(
        { apiservers: [{ name: 'cp-1' }], nodes: [{ name: 'cp-1' }], forbid: ['events'] },
        'forbid',
      ),
    );
    const r = await get(`${sb.server}/api/v1/events`, sb.caPem, sb.token);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).message).toBe(
      'events is forbidden: User "system:serviceaccount:kube-triage:kube-triage" cannot list resource "events" in API group "" at the cluster scope',
    );
    expect((await get(`${sb.server}/api/v1/events`, sb.caPem, sb.adminToken)).status).toBe(200);
  });
});

describe('sandbox large', () => {
  test('client-node lists 5,000 nodes with limit/continue pagination', async ({ sandbox }) => {
    const sb = await sandbox(largeScenario(5_000, 2, 10));
    const kc = new KubeConfig();
    kc.loadFromString(sb.kubeconfig());
    const core = kc.makeApiClient(CoreV1Api);
    let cont: string | undefined;
    let pages = 0;
    const names = new Set<string>();
    do {
      const list = await core.listNode({ limit: 500, ...(cont ? { _continue: cont } : {}) });
      pages++;
      for (const n of list.items) names.add(n.metadata?.name as string);
      cont = list.metadata?._continue;
    } while (cont);
    expect(names.size).toBe(5_000);
    expect(pages).toBe(10);
  });
});
