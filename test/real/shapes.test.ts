// Distribution shapes around a real kube-apiserver (run once per version of the matrix):
// - k3s-like: a TLS front on its own address with a `k3s-serving` certificate signed by a
//   `k3s-server-ca@…` CA, proxying to the apiserver, as the k3s supervisor does on :6443. kube-triage
//   recognises it read-only and never sends it SNI apiserver-loopback-client (k3s#7312: the
//   supervisor would add the name to its certificate, a write).
// - managed-like: an identity that may not read leases or nodes, and an apiserver endpoint that does
//   not answer: the answer says what is unknown and what to grant, and is not a failure.
import {
  createServer as createTlsServer,
  request as httpsRequest,
  type Server as TlsServer,
} from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClusterRecord } from '../../src/cluster/registry.js';
import { Secret } from '../../src/core/secret.js';
import { inspect } from '../../src/engine.js';
import { addDays, issue, rsaKey } from '../../src/sandbox/pki.js';
import {
  type Apiserver,
  ControlPlane,
  findBinaries,
  freePort,
  kubectl,
  ROOT,
} from './support/control-plane.js';

const bins = findBinaries(ROOT);
if (!bins) throw new Error('npm run test:real checks for the binaries first');

let cp: ControlPlane;
let api: Apiserver;
let token = '';
let front: TlsServer;
let frontUrl = '';
let k3sCa = '';
const sniNames: string[] = [];

/** A k3s-supervisor-like TLS front: its own CA and serving certificate, HTTP proxied to the apiserver. */
async function startK3sFront(): Promise<void> {
  const now = new Date();
  const caKey = rsaKey();
  const ca = issue({
    cn: `k3s-server-ca@${Math.floor(now.getTime() / 1000)}`,
    notBefore: addDays(now, -1),
    notAfter: addDays(now, 3650),
    isCA: true,
    key: caKey,
  });
  const leaf = issue({
    cn: 'k3s',
    org: 'k3s',
    notBefore: addDays(now, -1),
    notAfter: addDays(now, 365),
    dns: ['kubernetes', 'kubernetes.default', 'localhost'],
    ips: ['127.0.3.1'],
    key: rsaKey(),
    issuer: { cert: ca.cert, key: caKey },
  });
  k3sCa = ca.pem.certPem;
  front = createTlsServer(
    {
      cert: leaf.pem.certPem,
      key: leaf.pem.keyPem,
      SNICallback: (name, cb) => {
        sniNames.push(name);
        cb(null, undefined);
      },
    },
    (req, res) => {
      const { host: _host, ...headers } = req.headers;
      const up = httpsRequest(
        new URL(req.url ?? '/', api.url),
        {
          method: req.method,
          headers,
          ca: cp.ca.certPem,
          servername: '',
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    },
  );
  const port = await freePort('127.0.3.1');
  await new Promise<void>((r) => front.listen(port, '127.0.3.1', r));
  frontUrl = `https://127.0.3.1:${port}`;
}

beforeAll(async () => {
  cp = new ControlPlane(bins);
  await cp.startEtcd();
  api = await cp.startApiserver({ host: 'cp-shape', address: '127.0.1.1' });
  const admin = cp.writeAdminKubeconfig(api);
  kubectl(admin, ['apply', '-k', join(ROOT, 'infra', 'k8s')]);
  token = await cp.mintToken('kube-triage', 'kube-triage', api, 3600);
  await startK3sFront();
}, 120_000);
afterAll(async () => {
  front?.close();
  await cp?.close();
});

const record = (o: Partial<ClusterRecord>): ClusterRecord => ({
  name: 'shape',
  server: api.url,
  caData: cp.ca.certPem,
  auth: { kind: 'token', token: new Secret(token) },
  endpoints: [],
  channels: [],
  kubeletsReachable: false,
  source: 'real shapes',
  ...o,
});

describe('k3s-like: a supervisor front on the apiserver port', () => {
  test('is recognised from its serving certificate and never sent SNI apiserver-loopback-client', async () => {
    const port = Number(new URL(frontUrl).port);
    const insp = await inspect(
      record({ server: frontUrl, caData: k3sCa, endpoints: [`127.0.3.1:${port}`] }),
      ['certs'],
      AbortSignal.timeout(30_000),
    );
    const certs = insp.results.find((r) => r.check === 'certs');
    expect(certs?.unreadable.map((u) => u.detail).join('; ')).not.toMatch(/version/);
    expect(sniNames).not.toContain('apiserver-loopback-client');
    // The front answered kube-triage's reads (its serving certificate was probed and read).
    expect(certs?.table?.some((row) => String(row[0]).startsWith('apiserver-serving'))).toBe(true);
  });

  test('a plain apiserver endpoint is probed for its loopback certificate (the probe the front is spared)', async () => {
    const insp = await inspect(
      record({ endpoints: [`${api.address}:${api.port}`] }),
      ['certs'],
      AbortSignal.timeout(30_000),
    );
    const certs = insp.results.find((r) => r.check === 'certs');
    expect(certs?.table?.some((row) => String(row[0]).startsWith('apiserver-loopback'))).toBe(true);
  });
});

describe('managed-like: RBAC without leases or nodes, an endpoint that does not answer', () => {
  test('says what is unknown and what to grant; the rest answers; no failure', async () => {
    // A narrower role than infra/k8s: pods and events only.
    await cp.must('POST', '/api/v1/namespaces/kube-triage/serviceaccounts', { metadata: { name: 'narrow' } });
    await cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      metadata: { name: 'narrow' },
      rules: [{ apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list'] }],
    });
    await cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: 'narrow' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'narrow' },
      subjects: [{ kind: 'ServiceAccount', name: 'narrow', namespace: 'kube-triage' }],
    });
    const narrow = await cp.mintToken('kube-triage', 'narrow', api, 3600);
    const silent = await freePort('127.0.3.2');
    const insp = await inspect(
      record({ auth: { kind: 'token', token: new Secret(narrow) }, endpoints: [`127.0.3.2:${silent}`] }),
      ['skew', 'token', 'certs', 'ipam'],
      AbortSignal.timeout(60_000),
      { budgetMs: 30_000 },
    );
    const unreadable = insp.results.flatMap((r) => r.unreadable);
    const text = unreadable.map((u) => `${u.part}: ${u.reason}: ${u.detail}`).join('\n');
    expect(
      unreadable.some((u) => u.part === 'nodes' && u.reason === 'forbidden'),
      text,
    ).toBe(true);
    expect(
      unreadable.some((u) => u.part === 'leases' && u.reason === 'forbidden'),
      text,
    ).toBe(true);
    // Every check still answered: what it could read, and what it could not.
    expect(insp.results.map((r) => r.check).sort()).toEqual(['certs', 'ipam', 'skew', 'token']);
    for (const r of insp.results) expect(r.examined.length).toBeGreaterThan(0);
  }, 90_000);
});

describe('read-only on every shape, as the apiserver audited it', () => {
  test('kube-triage (through the front and direct) and the narrow identity only read, or review themselves', () => {
    const users = [
      'system:serviceaccount:kube-triage:kube-triage',
      'system:serviceaccount:kube-triage:narrow',
    ];
    const mine = cp.auditEvents().filter((e) => users.includes(e.user.username));
    expect(mine.length).toBeGreaterThan(10);
    const writes = mine.filter(
      (e) =>
        !['get', 'list', 'watch'].includes(e.verb) &&
        !/selfsubject(?:rules|access)reviews/.test(e.requestURI),
    );
    expect(writes).toEqual([]);
  });
});
