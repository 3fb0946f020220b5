// HA with the real endpoint reconciler (issue #23): three kube-apiservers on 10.77.0.11-13 in a
// private network namespace (scripts/test-real.ts runs this file under `unshare --net` with those
// addresses on its own lo), each writing its address into the kubernetes Service's Endpoints as a
// real control plane does. kube-triage finds them from the EndpointSlice alone (no endpoints in the
// record), counts each apiserver once (EndpointSlice and identity Lease merged), and reads only.
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ClusterRecord } from '../../../src/cluster/registry.js';
import { Secret } from '../../../src/core/secret.js';
import { inspect } from '../../../src/engine.js';
import {
  type Apiserver,
  ControlPlane,
  findBinaries,
  HA_ADDRESSES,
  kubectl,
  ROOT,
  waitFor,
} from '../support/control-plane.js';

const bins = findBinaries(ROOT);
if (!bins) throw new Error('npm run test:real checks for the binaries first');
const SA_USER = 'system:serviceaccount:kube-triage:kube-triage';

let cp: ControlPlane;
let apis: Apiserver[] = [];
let record: ClusterRecord;

beforeAll(async () => {
  const mine = Object.values(networkInterfaces())
    .flat()
    .map((i) => i?.address);
  const missing = HA_ADDRESSES.filter((a) => !mine.includes(a));
  if (missing.length)
    throw new Error(
      `test/real/ha needs ${missing.join(', ')} on a local interface: run it through npm run test:real (unshare --net)`,
    );
  cp = new ControlPlane(bins);
  await cp.startEtcd();
  // One port on every address, as a real control plane (6443): the reconciler publishes one port.
  apis = await Promise.all(
    HA_ADDRESSES.map((address, i) =>
      cp.startApiserver({ host: `ha-${i + 1}`, address, reconciler: 'lease', port: 6443 }),
    ),
  );
  const admin = cp.writeAdminKubeconfig(apis[0] as Apiserver);
  kubectl(admin, ['apply', '-k', join(ROOT, 'infra', 'k8s')]);
  const token = await cp.mintToken('kube-triage', 'kube-triage', apis[0], 3600);
  // The reconciler adds each apiserver as it becomes ready (and its lease is seen): wait for all three.
  await waitFor(
    async () => {
      const r = await cp.request('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
      const addrs = ((r.body as { subsets?: { addresses?: { ip: string }[] }[] }).subsets ?? []).flatMap(
        (x) => (x.addresses ?? []).map((a) => a.ip),
      );
      return HA_ADDRESSES.every((a) => addrs.includes(a));
    },
    90_000,
    'the reconciler listing all three apiservers in the kubernetes EndpointSlice',
  );
  record = {
    name: 'ha',
    server: (apis[0] as Apiserver).url,
    caData: cp.ca.certPem,
    auth: { kind: 'token', token: new Secret(token) },
    endpoints: [],
    channels: [],
    kubeletsReachable: false,
    source: 'real HA tier',
  };
}, 180_000);
afterAll(async () => {
  await cp?.close();
});

describe('HA control plane with the real endpoint reconciler', () => {
  test('three apiservers from the EndpointSlice alone, one row each (Leases merged, none twice), clocks measured', async () => {
    const insp = await inspect(record, ['skew'], AbortSignal.timeout(60_000));
    const skew = insp.results.find((r) => r.check === 'skew');
    const clocks = (skew?.clocks ?? []).filter((c) => c.kind === 'apiserver');
    // Their clocks agree, so clock agreement cannot say which address is which host; each endpoint's
    // serving certificate names its own host, and that does (never a guess): one row per apiserver,
    // none counted twice, each with its identity Lease.
    expect(clocks.map((c) => [c.name, c.endpoint]).sort(), JSON.stringify(clocks, null, 1)).toEqual(
      HA_ADDRESSES.map((a, i) => [`ha-${i + 1}`, `${a}:6443`]),
    );
    expect(skew?.examined).toMatch(/^3 apiservers/);
    expect(skew?.findings.filter((f) => f.code === 'skew/apiserver-clock')).toEqual([]);
  });

  test('read-only, as the apiservers audited it', () => {
    const mine = cp.auditEvents().filter((e) => e.user.username === SA_USER);
    expect(mine.length).toBeGreaterThan(3);
    const writes = mine.filter(
      (e) =>
        !['get', 'list', 'watch'].includes(e.verb) &&
        !/selfsubject(?:rules|access)reviews/.test(e.requestURI),
    );
    expect(writes).toEqual([]);
  });
});
