// What differs between the kube-apiserver versions of the matrix (scripts/test-real.ts runs this file
// once per version, KUBE_VERSION says which), asserted against the real apiserver, and what kube-triage
// makes of it: bound-token claims (jti and the node, 1.30+), legacy Secret-based tokens labelled
// kubernetes.io/legacy-token-invalid-since (rejected from 1.30, accepted by 1.28), the loopback
// certificate's lifetime, and the identity Lease's name and labels. One apiserver (in the shared etcd under its own prefix): about 15 s.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';
import {
  type Apiserver,
  apiserverVersion,
  ControlPlane,
  findBinaries,
  minorOf,
  ROOT,
} from './support/control-plane.js';

const bins = findBinaries(ROOT);
if (!bins) throw new Error('npm run test:real checks for the binaries first');
const VERSION = process.env.KUBE_VERSION ?? apiserverVersion(bins.apiserver);
const MINOR = minorOf(VERSION);
const NS = 'versions';

let cp: ControlPlane;
let api: Apiserver;
let podUid = '';
let nodeUid = '';
let saUid = '';

async function must(method: string, path: string, body?: unknown, o: { contentType?: string } = {}) {
  const r = await cp.request(method, path, body, { via: api, ...o });
  if (r.status >= 300)
    throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body as { metadata: { uid: string } } & Record<string, unknown>;
}

beforeAll(async () => {
  cp = new ControlPlane(bins);
  await cp.startEtcd();
  api = await cp.startApiserver({ host: 'cp-version', address: '127.0.1.1' });
  await must('POST', '/api/v1/namespaces', { metadata: { name: NS } });
  saUid = (await must('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'app' } }))
    .metadata.uid;
  nodeUid = (await must('POST', '/api/v1/nodes', { metadata: { name: 'node-a' } })).metadata.uid;
  podUid = (
    await must('POST', `/api/v1/namespaces/${NS}/pods`, {
      metadata: { name: 'web-0' },
      spec: {
        serviceAccountName: 'app',
        automountServiceAccountToken: false,
        nodeName: 'node-a',
        containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }],
      },
    })
  ).metadata.uid;
});
afterAll(async () => {
  await cp?.close();
});

describe(`kube-apiserver ${VERSION}`, () => {
  test('a bound token carries jti and its node from 1.30, neither before; kube-triage names what it carries', async () => {
    const tr = (await must('POST', `/api/v1/namespaces/${NS}/serviceaccounts/app/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        expirationSeconds: 3600,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web-0', uid: podUid },
      },
    })) as unknown as { status: { token: string } };
    const token = tr.status.token;
    const claims = decodeJwt(token) as Record<string, unknown> & {
      'kubernetes.io': { pod?: { name: string; uid: string }; node?: { name: string; uid: string } };
    };
    expect(claims['kubernetes.io'].pod).toEqual({ name: 'web-0', uid: podUid });
    if (MINOR >= 1.3) {
      expect(typeof claims.jti).toBe('string');
      expect(claims['kubernetes.io'].node).toEqual({ name: 'node-a', uid: nodeUid });
    } else {
      expect(claims.jti).toBeUndefined();
      expect(claims['kubernetes.io'].node).toBeUndefined();
    }
    // The same token pasted: decoded, bound pod named, node named exactly when the token carries it.
    const d = diagnose(`Authorization: Bearer ${token}`, new Date());
    const said = JSON.stringify(d);
    expect(said).not.toContain(token.split('.')[2]);
    expect(said).toContain(`pod ${NS}/web-0`);
    if (MINOR >= 1.3) expect(said).toContain('node node-a');
    else expect(said).not.toContain('node node-a');
  });

  test('a legacy token labelled legacy-token-invalid-since: rejected from 1.30, accepted by 1.28; the real log line is diagnosed', async () => {
    const key = createPrivateKey(readFileSync(join(cp.dir, 'sa.key'), 'utf8'));
    // What the legacy token controller would have minted for a kubernetes.io/service-account-token Secret.
    const legacy = await new SignJWT({
      'kubernetes.io/serviceaccount/namespace': NS,
      'kubernetes.io/serviceaccount/secret.name': 'app-token',
      'kubernetes.io/serviceaccount/service-account.name': 'app',
      'kubernetes.io/serviceaccount/service-account.uid': saUid,
    })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('kubernetes/serviceaccount')
      .setSubject(`system:serviceaccount:${NS}:app`)
      .sign(key);
    await must('POST', `/api/v1/namespaces/${NS}/secrets`, {
      metadata: { name: 'app-token', annotations: { 'kubernetes.io/service-account.name': 'app' } },
      type: 'kubernetes.io/service-account-token',
      data: { token: Buffer.from(legacy).toString('base64') },
    });
    const asLegacy = () =>
      cp.request('GET', `/api/v1/namespaces/${NS}/pods`, undefined, { via: api, token: legacy });
    // The ServiceAccount lists the Secret (as the old token controller did), so the token counts as
    // auto-generated: the response carries the apiserver's warning, which a paste rule must name.
    // (Listed before the first use: a successful review, warnings included, is cached for 10 s.)
    await must(
      'PATCH',
      `/api/v1/namespaces/${NS}/serviceaccounts/app`,
      { secrets: [{ name: 'app-token' }] },
      { contentType: 'application/merge-patch+json' },
    );
    // The authenticator reads the ServiceAccount from its informer cache, which under load can lag the
    // PATCH; a review without the warning is then cached for 10 s too. Ask again past that cache, at
    // most twice: the warning must come.
    let first = await asLegacy();
    for (let i = 0; i < 2 && !first.warning; i++) {
      await new Promise((r) => setTimeout(r, 11_000));
      first = await asLegacy();
    }
    // Authenticated (403: no RBAC for it), not rejected (401).
    expect(first.status).toBe(403);
    expect(first.warning).toContain('instead of auto-generated secret-based tokens');
    expect(diagnose(first.warning, new Date()).findings[0]?.code, first.warning).toBe('token/legacy-in-use');
    await must(
      'PATCH',
      `/api/v1/namespaces/${NS}/secrets/app-token`,
      { metadata: { labels: { 'kubernetes.io/legacy-token-invalid-since': '2024-01-01' } } },
      { contentType: 'application/merge-patch+json' },
    );
    // A successful token review is cached for 10 s (the apiserver's token success cache), so the label
    // takes effect only after that: wait past it.
    await new Promise((r) => setTimeout(r, 11_000));
    const after = await asLegacy();
    if (MINOR >= 1.3) {
      expect(after.status).toBe(401);
      const log = cp.logTail('cp-version', 400);
      const line = log.split('\n').find((l) => /Unable to authenticate the request/.test(l));
      expect(line, log.slice(-2000)).toBeDefined();
      const d = diagnose(line ?? '', new Date());
      expect(d.findings[0]?.code, line).toBe('token/legacy-in-use');
      expect(d.findings[0]?.title).toContain(`Secret ${NS}/app-token rejected`);
    } else {
      expect(after.status).toBe(403);
    }
    // 40 s as before, plus the two 11-second retries the cache may cost.
  }, 62_000);

  test('the loopback certificate lasts a year minus an hour before 1.33, as the certs check says', async () => {
    const cert = await new Promise<PeerCertificate>((res, rej) => {
      const s = connect(
        {
          host: api.address,
          port: api.port,
          servername: 'apiserver-loopback-client',
          rejectUnauthorized: false,
        },
        () => {
          res(s.getPeerCertificate());
          s.end();
        },
      );
      s.once('error', rej);
      s.setTimeout(10_000, () => s.destroy(new Error('loopback probe timed out')));
    });
    expect(String(cert.subject.CN)).toMatch(/^apiserver-loopback-client@\d+$/);
    const hours = (Date.parse(cert.valid_to) - Date.parse(cert.valid_from)) / 3_600_000;
    if (MINOR < 1.33) expect(Math.abs(hours - (365 * 24 - 1)) <= 2, `${hours} h`).toBe(true);
    else expect(hours).toBeGreaterThan(3 * 365 * 24 - 48);
  });

  test('the identity Lease is apiserver-<hash>, labelled with the host name', async () => {
    const leases = (await must(
      'GET',
      '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?labelSelector=apiserver.kubernetes.io%2Fidentity%3Dkube-apiserver',
    )) as unknown as { items: { metadata: { name: string; labels: Record<string, string> } }[] };
    expect(leases.items).toHaveLength(1);
    expect(leases.items[0]?.metadata.name).toMatch(/^apiserver-[a-z0-9]+$/);
    expect(leases.items[0]?.metadata.labels['kubernetes.io/hostname']).toBe('cp-version');
  });
});

// npm run test:real starts one etcd for the whole matrix: each control plane keeps its objects under
// its own --etcd-prefix there, as clusters sharing an etcd do (run alone, it has an etcd of its own).
describe('one etcd for the matrix', () => {
  test("this apiserver's objects live under its own prefix in the etcd, and only there", async () => {
    const { url, prefix } = cp.etcd;
    if (process.env.KT_ETCD_URL) expect(prefix).toMatch(/^\/registry-/);
    const count = async (key: string): Promise<number> => {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      // etcd's gRPC gateway: the range [key, key + "\0") is that key alone.
      const res = await fetch(`${url}/v3/kv/range`, {
        method: 'POST',
        body: JSON.stringify({ key: b64(key), range_end: b64(`${key}\0`), count_only: true }),
      });
      return Number(((await res.json()) as { count?: string }).count ?? 0);
    };
    expect(await count(`${prefix ?? '/registry'}/namespaces/${NS}`)).toBe(1);
    if (prefix) expect(await count(`/registry/namespaces/${NS}`)).toBe(0);
  });
});
