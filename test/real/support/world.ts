// The real-apiserver world: three live apiservers (real clock, +90 s, one whose in-memory loopback
// certificate expires within days), a fourth whose clock jumped 2 h forward for a while and that is
// then stopped (its identity Lease lingers), and what controllers and kubelets would have written
// through them: nodes, node Leases (field manager `kubelet`, each node's own clock, written through
// different apiservers), pods with status, kubelet events, a dry pod IP range, TLS kubelet
// listeners (worker-2's certificate lacks its node IP), the `infra/k8s` identity and its token.
import type { ClusterRecord } from '../../../src/cluster/registry.js';
import { Secret } from '../../../src/core/secret.js';
import { addDays, issue, rsaKey } from '../../../src/sandbox/pki.js';
import {
  type Apiserver,
  ControlPlane,
  findBinaries,
  freePort,
  HOW_TO_GET_BINARIES,
  kubectl,
  ROOT,
  waitFor,
} from './control-plane.js';

/** A node of the world and the clock its kubelet writes with. */
export interface WorldNode {
  readonly name: string;
  readonly address: string;
  readonly offsetSeconds: number;
  /** Host of the apiserver its lease writes go through. */
  readonly leaseVia: string;
  readonly controlPlane: boolean;
  readonly podCIDR: string;
}

/** Node clocks the tier must recover (issue #12: −30/+5/+75 s within ±1 s). */
export const NODES: readonly WorldNode[] = [
  {
    name: 'cp-1',
    address: '127.0.1.1',
    offsetSeconds: 0,
    leaseVia: 'cp-1',
    controlPlane: true,
    podCIDR: '10.244.10.0/24',
  },
  {
    name: 'cp-2',
    address: '127.0.1.2',
    offsetSeconds: 90,
    leaseVia: 'cp-2',
    controlPlane: true,
    podCIDR: '10.244.11.0/24',
  },
  {
    name: 'cp-3',
    address: '127.0.1.3',
    offsetSeconds: 0,
    leaseVia: 'cp-3',
    controlPlane: true,
    podCIDR: '10.244.12.0/24',
  },
  // written through the +90 s apiserver: renewTime − managedFields time reads −120 s there
  {
    name: 'worker-1',
    address: '127.0.2.1',
    offsetSeconds: -30,
    leaseVia: 'cp-2',
    controlPlane: false,
    podCIDR: '10.244.1.0/24',
  },
  {
    name: 'worker-2',
    address: '127.0.2.2',
    offsetSeconds: 5,
    leaseVia: 'cp-1',
    controlPlane: false,
    podCIDR: '10.244.2.0/24',
  },
  {
    name: 'worker-3',
    address: '127.0.2.3',
    offsetSeconds: 75,
    leaseVia: 'cp-3',
    controlPlane: false,
    podCIDR: '10.244.3.0/24',
  },
];

/** The apiserver whose clock jumps: +2 h for this long after start, then real time. */
export const JUMP_SECONDS = 7_200;
const JUMP_FOR_SECONDS = 30;
/** Pods created through the jumping apiserver (seed 001). */
export const JUMPED_PODS = ['report-0', 'report-1', 'report-2'];
/** Pods that hold an IP on worker-3, whose range is dry (seed 004): the rest are leaked leases. */
export const WORKER3_LIVE_PODS = 9;

/** The running world. */
export interface World {
  readonly cp: ControlPlane;
  readonly byHost: ReadonlyMap<string, Apiserver>;
  /** The `infra/k8s` identity's cluster record: server cp-1, endpoints of all three. */
  readonly record: ClusterRecord;
  /** Its token, for register. */
  readonly token: string;
  readonly kubeletPort: number;
  readonly adminKubeconfig: string;
  /** Real time the jumping apiserver's clock came back, ms. */
  readonly jumpEndedAt: number;
  /** Real time it was stopped, ms. */
  readonly oldStoppedAt: number;
}

const micro = (ms: number): string => `${new Date(Math.floor(ms)).toISOString().slice(0, 23)}000Z`;
const seconds = (ms: number): string => `${new Date(Math.floor(ms)).toISOString().slice(0, 19)}Z`;

/** Starts and seeds the world; throws with HOW_TO_GET_BINARIES when a binary is missing. */
export async function startWorld(): Promise<World> {
  const bins = findBinaries(ROOT);
  if (!bins) throw new Error(HOW_TO_GET_BINARIES);
  const cp = new ControlPlane(bins);
  try {
    await cp.startEtcd();
    const apis = await Promise.all([
      cp.startApiserver({ host: 'cp-1', address: '127.0.1.1' }),
      cp.startApiserver({ host: 'cp-2', address: '127.0.1.2', skewSeconds: 90 }),
      // 360 days back for its first 25 s: its loopback certificate (1 year from start by its own
      // clock) expires 5 days from now, while its clock is real afterwards (seed 003).
      cp.startApiserver({ host: 'cp-3', address: '127.0.1.3', skewSeconds: -31_104_000, skewForSeconds: 25 }),
      cp.startApiserver({
        host: 'cp-old',
        address: '127.0.1.4',
        skewSeconds: JUMP_SECONDS,
        skewForSeconds: JUMP_FOR_SECONDS,
      }),
    ]);
    const byHost = new Map(apis.map((a) => [a.host, a]));
    const via = (h: string): Apiserver => byHost.get(h) as Apiserver;
    const cp1 = via('cp-1');
    const old = via('cp-old');
    await assertSkew(cp, via('cp-2'), 90);
    await assertSkew(cp, old, JUMP_SECONDS);

    await seedNamespaces(cp);
    await seedJumpedPods(cp, old, cp1);
    const kubeletPort = await seedNodes(cp, byHost);
    await seedWorkloads(cp, cp1);
    // The read-only identity, applied as an operator would, and its token.
    const adminKubeconfig = cp.writeAdminKubeconfig(cp1);
    kubectl(adminKubeconfig, ['apply', '-k', 'infra/k8s']);
    const token = await cp.mintToken('kube-triage', 'kube-triage', cp1, 365 * 86_400);
    const { jumpEndedAt, oldStoppedAt } = await retireJumpingApiserver(cp, old, byHost);

    const record: ClusterRecord = {
      name: 'real',
      server: cp1.url,
      caData: cp.ca.certPem,
      auth: { kind: 'token', token: new Secret(token) },
      endpoints: ['cp-1', 'cp-2', 'cp-3'].map((h) => `${via(h).address}:${via(h).port}`),
      channels: ['C-REAL'],
      kubeletsReachable: true,
      source: 'real-apiserver tier',
    };
    return { cp, byHost, record, token, kubeletPort, adminKubeconfig, jumpEndedAt, oldStoppedAt };
  } catch (e) {
    await cp.close();
    throw e;
  }
}

/** What the controller-manager would create: namespaces and their default ServiceAccounts. */
async function seedNamespaces(cp: ControlPlane): Promise<void> {
  for (const ns of ['apps', 'batch', 'kube-flannel']) {
    await cp.must('POST', '/api/v1/namespaces', { metadata: { name: ns } });
    await cp.must('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'default' } });
  }
}

/**
 * Seed 001: pods created through the apiserver while its clock is 2 h ahead (tokens minted for them
 * carry iat in the future). The kubelet on worker-1 starts them by its own clock.
 */
async function seedJumpedPods(cp: ControlPlane, old: Apiserver, cp1: Apiserver): Promise<void> {
  for (const [i, name] of JUMPED_PODS.entries()) {
    await createPod(cp, 'batch', name, 'worker-1', old);
    await podStatus(cp, 'batch', name, 'worker-1', `10.244.1.${10 + i}`, cp1);
  }
  const jumpedAgain = await cp.request('GET', '/livez', undefined, { via: old });
  if (Date.parse(jumpedAgain.date) - Date.now() < JUMP_SECONDS * 1000 - 60_000)
    throw new Error('the jumping apiserver came back before its pods were created: raise JUMP_FOR_SECONDS');
}

/** Nodes with addresses, podCIDRs and status; TLS kubelet listeners on one shared port (returned). */
async function seedNodes(cp: ControlPlane, byHost: Map<string, Apiserver>): Promise<number> {
  const kubeletPort = await sharedFreePort(NODES.map((n) => n.address));
  const now = new Date();
  for (const n of NODES) {
    await cp.must('POST', '/api/v1/nodes', {
      metadata: {
        name: n.name,
        labels: {
          'kubernetes.io/hostname': n.name,
          ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        },
        annotations: { 'flannel.alpha.coreos.com/backend-type': 'vxlan' },
      },
      spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] },
    });
    await cp.must(
      'PATCH',
      `/api/v1/nodes/${n.name}/status`,
      {
        status: {
          addresses: [
            { type: 'InternalIP', address: n.address },
            { type: 'Hostname', address: n.name },
          ],
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
              lastHeartbeatTime: seconds(Date.now() + n.offsetSeconds * 1000),
              lastTransitionTime: seconds(Date.now() - 86_400_000),
            },
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
          nodeInfo: { kubeletVersion: 'v1.28.7', kubeProxyVersion: 'v1.28.7' },
          capacity: { pods: '110', cpu: '2', memory: '4Gi' },
        },
      },
      { contentType: 'application/strategic-merge-patch+json', fieldManager: 'kubelet' },
    );
    // worker-2's serving certificate lost its node IP (seed 004, kubelet-san): only 127.0.0.1.
    const cert = issue({
      cn: `${n.name}@1700000000`,
      notBefore: addDays(now, -30),
      notAfter: addDays(now, 335),
      dns: [n.name],
      ips: n.name === 'worker-2' ? ['127.0.0.1'] : [n.address],
      key: rsaKey(),
      issuer: { cert: cp.caForge, key: cp.caKey },
    });
    await cp.kubeletListener(n.address, kubeletPort, cert.pem);
  }
  await writeNodeLeases(cp, byHost);
  return kubeletPort;
}

/**
 * The jumped pods' status (worker-1's kubelet), seed 004's dry range on worker-3, pods on the other
 * nodes, and the flannel DaemonSet (what CNI detection reads).
 */
async function seedWorkloads(cp: ControlPlane, cp1: Apiserver): Promise<void> {
  // The jumped pods' status, written by worker-1's kubelet (its clock, −30 s) through cp-1.
  for (const name of JUMPED_PODS)
    await podStatus(cp, 'batch', name, 'worker-1', `10.244.1.${10 + JUMPED_PODS.indexOf(name)}`, cp1);

  // Seed 004: worker-3's range 10.244.3.0/24 is dry though only 9 pods hold an IP there.
  for (let i = 0; i < WORKER3_LIVE_PODS; i++) {
    await createPod(cp, 'apps', `web-${i}`, 'worker-3', cp1);
    await podStatus(cp, 'apps', `web-${i}`, 'worker-3', `10.244.3.${20 + i}`, cp1);
  }
  await createPod(cp, 'apps', 'web-pending', 'worker-3', cp1);
  for (let k = 0; k < 3; k++) {
    const node = NODES.find((n) => n.name === 'worker-3') as WorldNode;
    const t = Date.now() + node.offsetSeconds * 1000;
    await cp.must('POST', '/api/v1/namespaces/apps/events', {
      metadata: { name: `web-pending.${(t + k).toString(16)}`, namespace: 'apps' },
      involvedObject: { kind: 'Pod', namespace: 'apps', name: 'web-pending', apiVersion: 'v1' },
      reason: 'FailedCreatePodSandBox',
      type: 'Warning',
      source: { component: 'kubelet', host: 'worker-3' },
      count: 12 + k,
      firstTimestamp: seconds(t - 3_600_000),
      lastTimestamp: seconds(t),
      message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${'ab'.repeat(32)}": plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10.244.3.1-10.244.3.254`,
    });
  }
  // Pods on the other nodes, and the flannel DaemonSet (what CNI detection reads).
  for (const [i, n] of ['worker-1', 'worker-2'].entries()) {
    await createPod(cp, 'apps', `api-${i}`, n, cp1);
    await podStatus(cp, 'apps', `api-${i}`, n, `10.244.${i + 1}.5`, cp1);
  }
  await cp.must('POST', '/apis/apps/v1/namespaces/kube-flannel/daemonsets', {
    metadata: { name: 'kube-flannel-ds', namespace: 'kube-flannel' },
    spec: {
      selector: { matchLabels: { app: 'flannel' } },
      template: {
        metadata: { labels: { app: 'flannel' } },
        spec: { containers: [{ name: 'kube-flannel', image: 'docker.io/flannel/flannel:v0.24.2' }] },
      },
    },
  });
}

/**
 * The jumping apiserver comes back to real time, renews its Lease once by it, and is stopped: its
 * Lease lingers (leaseDurationSeconds 3600) although nobody renews it.
 */
async function retireJumpingApiserver(
  cp: ControlPlane,
  old: Apiserver,
  byHost: Map<string, Apiserver>,
): Promise<{ jumpEndedAt: number; oldStoppedAt: number }> {
  await waitFor(
    async () =>
      Math.abs(Date.parse((await cp.request('GET', '/livez', undefined, { via: old })).date) - Date.now()) <
      5_000,
    (JUMP_FOR_SECONDS + 30) * 1000,
    'cp-old clock back to real time',
  );
  const jumpEndedAt = Date.now();
  await waitFor(
    async () => {
      const l = await oldLease(cp);
      return l !== undefined && Math.abs(l - Date.now()) < 5_000;
    },
    30_000,
    'cp-old identity Lease renewed at real time',
  );
  await old.stop();
  const oldStoppedAt = Date.now();
  await writeNodeLeases(cp, byHost);
  return { jumpEndedAt, oldStoppedAt };
}

async function assertSkew(cp: ControlPlane, a: Apiserver, expectSeconds: number): Promise<void> {
  const r = await cp.request('GET', '/livez', undefined, { via: a });
  const off = (Date.parse(r.date) - Date.now()) / 1000;
  if (Math.abs(off - expectSeconds) > 5)
    throw new Error(
      `${a.host} answers with Date ${r.date} (${off.toFixed(0)} s off), not +${expectSeconds} s: this kube-apiserver does not honour LAB_CLOCK_SKEW_SECONDS (see docs/testing.md)`,
    );
}

async function oldLease(cp: ControlPlane): Promise<number | undefined> {
  const r = await cp.request(
    'GET',
    '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?labelSelector=kubernetes.io%2Fhostname%3Dcp-old',
  );
  const it = (r.body as { items?: { spec?: { renewTime?: string } }[] }).items?.[0];
  return it?.spec?.renewTime ? Date.parse(it.spec.renewTime) : undefined;
}

/** Writes each node's Lease as its kubelet does: renewTime by the node's clock, manager `kubelet`. */
async function writeNodeLeases(cp: ControlPlane, byHost: ReadonlyMap<string, Apiserver>): Promise<void> {
  for (const n of NODES) {
    const via = byHost.get(n.leaseVia) as Apiserver;
    const body = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: n.name, namespace: 'kube-node-lease' },
      spec: {
        holderIdentity: n.name,
        leaseDurationSeconds: 40,
        renewTime: micro(Date.now() + n.offsetSeconds * 1000),
      },
    };
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases`;
    // A merge PATCH is an Update in managedFields, like the kubelet's PUT.
    const r = await cp.request(
      'PATCH',
      `${path}/${n.name}`,
      { spec: body.spec },
      {
        via,
        fieldManager: 'kubelet',
        contentType: 'application/merge-patch+json',
      },
    );
    if (r.status === 404) await cp.must('POST', path, body, { via, fieldManager: 'kubelet' });
    else if (r.status >= 300) throw new Error(`PATCH lease ${n.name}: ${r.status}`);
  }
}

async function createPod(
  cp: ControlPlane,
  ns: string,
  name: string,
  node: string,
  via: Apiserver,
): Promise<void> {
  await cp.must(
    'POST',
    `/api/v1/namespaces/${ns}/pods`,
    {
      metadata: { name, namespace: ns, labels: { app: name.replace(/-\d+$/, '') } },
      spec: { nodeName: node, containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9' }] },
    },
    { via },
  );
}

async function podStatus(
  cp: ControlPlane,
  ns: string,
  name: string,
  node: string,
  ip: string,
  via: Apiserver,
): Promise<void> {
  const n = NODES.find((x) => x.name === node) as WorldNode;
  const t = Date.now() + n.offsetSeconds * 1000;
  await cp.must(
    'PATCH',
    `/api/v1/namespaces/${ns}/pods/${name}/status`,
    {
      status: {
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        hostIP: n.address,
        startTime: seconds(t),
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: seconds(t) }],
        containerStatuses: [
          {
            name: 'main',
            ready: true,
            restartCount: 0,
            image: 'registry.k8s.io/pause:3.9',
            imageID: '',
            state: { running: { startedAt: seconds(t) } },
          },
        ],
      },
    },
    { via, contentType: 'application/strategic-merge-patch+json', fieldManager: 'kubelet' },
  );
}

/** A port free on every one of `addresses`. */
async function sharedFreePort(addresses: readonly string[]): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await freePort(addresses[0] as string);
    let ok = true;
    for (const a of addresses.slice(1)) {
      const q = await new Promise<boolean>((res) => {
        import('node:net').then(({ createServer }) => {
          const s = createServer();
          s.once('error', () => res(false));
          s.listen(p, a, () => s.close(() => res(true)));
        });
      });
      if (!q) ok = false;
    }
    if (ok) return p;
  }
  throw new Error('no port free on every node address');
}
