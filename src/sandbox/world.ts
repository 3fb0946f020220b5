/**
 * The sandbox's objects: built once from a scenario at start, with every time-dependent field
 * (lease renewals, heartbeats) computed from the live clock plus the relevant clock offset when
 * an object is read. Large lists are kept as compact records and turned into API objects per page.
 * @module
 */
import { createHash } from 'node:crypto';
import { addDays, csrPem, issue, type RsaKey, rsaKey } from './pki.js';
import type { ApiserverSpec, NodeSpec, Scenario } from './scenario.js';

/** A JSON API object. */
export type Obj = Record<string, unknown>;

/** Everything a request needs to build time-dependent objects. */
export interface ReadContext {
  /** Real time of the request, ms since epoch. */
  readonly realNowMs: number;
}

/** A listable resource type. */
export interface ResourceType<T = unknown> {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly items: readonly T[];
  namespaceOf(item: T): string | undefined;
  nameOf(item: T): string;
  /** Field values for fieldSelector (e.g. spec.nodeName). */
  fieldOf(item: T, field: string): string | undefined;
  labelsOf(item: T): Readonly<Record<string, string>>;
  toObject(item: T, ctx: ReadContext): Obj;
}

/** Addresses and ports the server chose, needed to build objects. */
export interface Layout {
  readonly apiserverIPs: readonly string[];
  readonly apiserverPort: number;
  readonly nodeIPs: readonly string[];
  /** Kubelet listener port per node (10250 when no listener). */
  readonly kubeletPorts: readonly number[];
  readonly caPem: string;
}

const S = 1000;

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function isoSeconds(ms: number): string {
  return `${new Date(Math.floor(ms / S) * S).toISOString().slice(0, 19)}Z`;
}

/** RFC 3339 with microseconds, as metav1.MicroTime serialises. */
export function isoMicro(ms: number): string {
  const d = new Date(Math.floor(ms));
  return `${d.toISOString().slice(0, 23)}000Z`;
}

function uid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Compact pod record; expanded to a full Pod per page. */
interface PodRec {
  readonly ns: string;
  readonly name: string;
  readonly node: string;
  readonly phase: string;
  readonly hostNetwork: boolean;
  readonly ip: string;
  /** Creation time as the apiserver stamped it (its clock), ms. */
  readonly createdMs: number;
  /** Start time as the kubelet stamped it (its clock), ms. */
  readonly startedMs: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly containerStartedMs?: number;
  readonly image: string;
}

/** Compact event record. */
interface EventRec {
  readonly ns: string;
  readonly name: string;
  readonly reason: string;
  readonly message: string;
  readonly type: string;
  readonly component: string;
  readonly host?: string;
  readonly involvedKind: string;
  readonly involvedName: string;
  readonly involvedNs?: string;
  readonly count: number;
  /** Emitter clock at first occurrence, ms. */
  readonly firstMs: number;
  /** Emitter clock at last occurrence, ms. */
  readonly lastMs: number;
  /** Apiserver clock when created, ms. */
  readonly createdMs: number;
}

/** An event before its name (from its object and first time) is given. */
type EventDraft = Omit<EventRec, 'name'>;

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
}

function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The i-th pod address in a podCIDR (gateway .1 excluded, so i = 0 → .2). */
export function podIP(cidr: string, i: number): string {
  const [base] = cidr.split('/');
  return intToIpv4(ipv4ToInt(base as string) + 2 + i);
}

const NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'apps',
  'monitoring',
  'argo-run',
];
const APP_NS = ['apps', 'monitoring', 'argo-run', 'default'];

/** The object store of one sandbox cluster. */
export class World {
  readonly resources: ResourceType<never>[] = [];
  readonly startMs: number;
  readonly uidPrefix: string;
  private readonly apiByName: Map<string, { spec: ApiserverSpec; index: number }>;

  readonly scenario: Scenario;
  readonly layout: Layout;

  constructor(scenario: Scenario, layout: Layout, startMs: number) {
    this.scenario = scenario;
    this.layout = layout;
    this.startMs = startMs;
    this.uidPrefix = scenario.name;
    this.apiByName = new Map(scenario.apiservers.map((spec, index) => [spec.name, { spec, index }]));
    this.build();
  }

  /** Clock offset (ms) of the apiserver with this name, 0 when unknown. */
  apiOffsetMs(name: string | undefined): number {
    const a = name === undefined ? undefined : this.apiByName.get(name);
    return (a?.spec.clockOffsetSeconds ?? this.scenario.apiservers[0]?.clockOffsetSeconds ?? 0) * S;
  }

  private add<T>(r: ResourceType<T>): void {
    this.resources.push(r as unknown as ResourceType<never>);
  }

  private build(): void {
    const pods = this.addPods();
    this.addNodesAndLeases();
    const events = this.addEvents();
    this.addTheRest(pods, events);
  }

  /** Pods: running, finished and host-network ones per node, with clock-jumped start times. */
  private addPods(): PodRec[] {
    const pods: PodRec[] = this.scenario.nodes.flatMap((n, i) => [
      ...this.appPods(n, i),
      ...this.systemPods(n, i),
    ]);
    pods.push(...this.scenarioPods());
    pods.sort((a, b) => (a.ns === b.ns ? (a.name < b.name ? -1 : 1) : a.ns < b.ns ? -1 : 1));
    this.add<PodRec>({
      group: '',
      version: 'v1',
      plural: 'pods',
      kind: 'Pod',
      namespaced: true,
      shortNames: ['po'],
      items: pods,
      namespaceOf: (p) => p.ns,
      nameOf: (p) => p.name,
      labelsOf: (p) => p.labels,
      fieldOf: (p, f) =>
        f === 'spec.nodeName'
          ? p.node
          : f === 'status.phase'
            ? p.phase
            : f === 'metadata.name'
              ? p.name
              : f === 'metadata.namespace'
                ? p.ns
                : undefined,
      toObject: (p) => this.podObject(p),
    });
    return pods;
  }

  /**
   * A node's application pods. On a node whose clock jumped, the first three (kube-system) started
   * while it was ahead: their startTime carries the jump (and their creationTimestamp too when the
   * node runs an apiserver).
   */
  private appPods(n: NodeSpec, i: number): PodRec[] {
    const start = this.startMs;
    const firstApiOff = this.apiOffsetMs(undefined);
    const nodeOff = n.clockOffsetSeconds * S;
    const jump = n.clockJump;
    const jumpedPods = jump ? Math.min(3, n.runningPods) : 0;
    const pods: PodRec[] = [];
    for (let k = 0; k < n.runningPods; k++) {
      const jumped = jump !== undefined && k < jumpedPods;
      const age = 3_600_000 * (24 + ((i * 31 + k * 7) % 500));
      let createdMs = start - age + firstApiOff;
      let startedMs = createdMs - firstApiOff + nodeOff + 1500;
      if (jump && jumped) {
        // Started while this node's clock (and its apiserver, when it runs one) was ahead.
        const realCreate =
          start - jump.correctedSecondsAgo * S - (jump.durationSeconds * S * (k + 1)) / (jumpedPods + 1);
        createdMs = realCreate + (n.controlPlane ? jump.forwardSeconds * S : 0) + firstApiOff;
        startedMs = realCreate + jump.forwardSeconds * S + nodeOff + 1500;
      }
      const app = jumped ? (['coredns', 'kube-flannel', 'metrics-agent'][k] ?? 'app') : `app-${k % 7}`;
      pods.push({
        ns: jumped ? 'kube-system' : (APP_NS[(i + k) % APP_NS.length] as string),
        name: `${app}-${n.name}-${k.toString(36).padStart(3, '0')}`,
        node: n.name,
        phase: 'Running',
        hostNetwork: false,
        ip: n.podCIDR ? podIP(n.podCIDR, k) : '',
        createdMs,
        startedMs,
        labels: { app },
        image: `registry.example/${app}:1.0`,
      });
    }
    return pods;
  }

  /** A node's host-network pods: the static control-plane pods (kubeadm layout) and flannel. */
  private systemPods(n: NodeSpec, i: number): PodRec[] {
    const sc = this.scenario;
    const start = this.startMs;
    const firstApiOff = this.apiOffsetMs(undefined);
    const nodeOff = n.clockOffsetSeconds * S;
    const ip = this.layout.nodeIPs[i] as string;
    const pods: PodRec[] = [];
    if (n.controlPlane && sc.distribution !== 'k3s') {
      const api = this.apiByName.get(n.name);
      const apiStarted = api ? start - api.spec.startedDaysAgo * 86_400_000 : start - 30 * 86_400_000;
      for (const c of ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler']) {
        pods.push({
          ns: 'kube-system',
          name: `${c}-${n.name}`,
          node: n.name,
          phase: 'Running',
          hostNetwork: true,
          ip,
          createdMs: apiStarted + firstApiOff,
          startedMs: apiStarted + nodeOff,
          containerStartedMs: c === 'kube-apiserver' ? apiStarted + nodeOff : apiStarted + nodeOff + 2000,
          labels: { component: c, tier: 'control-plane' },
          image: `registry.k8s.io/${c}:${sc.kubernetesVersion}`,
        });
      }
    }
    pods.push({
      ns: 'kube-flannel',
      name: `kube-flannel-ds-${uid(n.name).slice(0, 5)}`,
      node: n.name,
      phase: 'Running',
      hostNetwork: true,
      ip,
      createdMs: start - 40 * 86_400_000 + firstApiOff,
      startedMs: start - 40 * 86_400_000 + nodeOff,
      labels: { app: 'flannel' },
      image: 'docker.io/flannel/flannel:v0.25.1',
    });
    return pods;
  }

  /** The pods the scenario lists by name (finished ones, host-network ones, fixed IPs). */
  private scenarioPods(): PodRec[] {
    const sc = this.scenario;
    const start = this.startMs;
    const firstApiOff = this.apiOffsetMs(undefined);
    const nodeIndex = new Map(sc.nodes.map((n, i) => [n.name, i]));
    return sc.pods.map((p) => {
      const i = nodeIndex.get(p.node) as number;
      const n = sc.nodes[i] as NodeSpec;
      return {
        ns: p.namespace,
        name: p.name,
        node: p.node,
        phase: p.phase,
        hostNetwork: p.hostNetwork,
        ip: p.ip ?? (p.hostNetwork ? (this.layout.nodeIPs[i] as string) : ''),
        createdMs: start - p.ageSeconds * S + firstApiOff,
        startedMs: start - p.ageSeconds * S + n.clockOffsetSeconds * S + 1500,
        labels: {},
        image: 'registry.example/app:1.0',
      };
    });
  }

  /** Nodes, node Leases (stamped by each node's clock) and apiserver identity Leases. */
  private addNodesAndLeases(): void {
    const sc = this.scenario;
    const nodeIndex = new Map(sc.nodes.map((n, i) => [n.name, i]));

    // --- nodes and node leases ------------------------------------------------------------------
    this.add<NodeSpec>({
      group: '',
      version: 'v1',
      plural: 'nodes',
      kind: 'Node',
      namespaced: false,
      shortNames: ['no'],
      items: sc.nodes,
      namespaceOf: () => undefined,
      nameOf: (n) => n.name,
      labelsOf: (n) => this.nodeLabels(n),
      fieldOf: (n, f) => (f === 'metadata.name' ? n.name : undefined),
      toObject: (n, ctx) => this.nodeObject(n, nodeIndex.get(n.name) as number, ctx),
    });

    type LeaseRec =
      | { kind: 'node'; node: NodeSpec; index: number }
      | { kind: 'apiserver'; api: ApiserverSpec; index: number };
    const leases: LeaseRec[] = [
      ...sc.apiservers.map((api, index) => ({ kind: 'apiserver' as const, api, index })),
      ...sc.nodes.map((node, index) => ({ kind: 'node' as const, node, index })),
    ];
    this.add<LeaseRec>({
      group: 'coordination.k8s.io',
      version: 'v1',
      plural: 'leases',
      kind: 'Lease',
      namespaced: true,
      items: leases,
      namespaceOf: (l) => (l.kind === 'node' ? 'kube-node-lease' : 'kube-system'),
      nameOf: (l) => (l.kind === 'node' ? l.node.name : this.identityLeaseName(l.api)),
      labelsOf: (l): Record<string, string> =>
        l.kind === 'node'
          ? {}
          : { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': l.api.name },
      fieldOf: (l, f) =>
        f === 'metadata.name' ? (l.kind === 'node' ? l.node.name : this.identityLeaseName(l.api)) : undefined,
      toObject: (l, ctx) =>
        l.kind === 'node' ? this.nodeLease(l.node, l.index, ctx) : this.identityLease(l.api, l.index, ctx),
    });
  }

  /** Events: kubelet and controller events, the IP-exhaustion and CIDR events the scenario asks for. */
  private addEvents(): EventRec[] {
    const sc = this.scenario;
    const drafts: EventDraft[] = [
      ...sc.nodes.flatMap((n) => [
        ...this.ipExhaustedEvents(n),
        ...this.clockJumpEvents(n),
        ...this.steadyEvents(n),
      ]),
      ...this.scenarioEvents(),
      ...this.filler(),
    ];
    const events: EventRec[] = drafts.map((e) => ({
      ...e,
      name: `${e.involvedName}.${(e.firstMs * 1000).toString(16).slice(0, 16)}`,
    }));
    events.sort((a, b) => (a.ns === b.ns ? (a.name < b.name ? -1 : 1) : a.ns < b.ns ? -1 : 1));
    const eventFields = (e: EventRec, f: string): string | undefined =>
      ({
        'involvedObject.kind': e.involvedKind,
        'involvedObject.name': e.involvedName,
        reason: e.reason,
        type: e.type,
        'source.component': e.component,
        'source.host': e.host,
        'metadata.name': e.name,
        'metadata.namespace': e.ns,
      })[f];
    this.add<EventRec>({
      group: '',
      version: 'v1',
      plural: 'events',
      kind: 'Event',
      namespaced: true,
      shortNames: ['ev'],
      items: events,
      namespaceOf: (e) => e.ns,
      nameOf: (e) => e.name,
      labelsOf: () => ({}),
      fieldOf: eventFields,
      toObject: (e) => this.coreEvent(e),
    });
    this.add<EventRec>({
      group: 'events.k8s.io',
      version: 'v1',
      plural: 'events',
      kind: 'Event',
      namespaced: true,
      items: events,
      namespaceOf: (e) => e.ns,
      nameOf: (e) => e.name,
      labelsOf: () => ({}),
      fieldOf: (e, f) =>
        eventFields(
          e,
          f.replace(/^regarding\./, 'involvedObject.').replace(/^reportingController$/, 'source.component'),
        ),
      toObject: (e) => this.eventsEvent(e),
    });
    return events;
  }

  /** flannel's host-local IPAM out of addresses: FailedCreatePodSandBox, one every 45 s. */
  private ipExhaustedEvents(n: NodeSpec): EventDraft[] {
    if (n.ipExhaustedEvents <= 0 || !n.podCIDR) return [];
    const nodeOff = n.clockOffsetSeconds * S;
    const via = this.apiOffsetMs(n.leaseVia);
    const base = ipv4ToInt(n.podCIDR.split('/')[0] as string);
    const range = `${intToIpv4(base + 1)}-${intToIpv4(base + 254)}`;
    return Array.from({ length: n.ipExhaustedEvents }, (_, k) => {
      const real = this.startMs - (k + 1) * 45 * S;
      const sandbox = createHash('sha256').update(`${n.name}${k}`).digest('hex');
      return {
        ns: 'apps',
        reason: 'FailedCreatePodSandBox',
        type: 'Warning',
        component: 'kubelet',
        host: n.name,
        involvedKind: 'Pod',
        involvedName: `web-${n.name}-${k}`,
        involvedNs: 'apps',
        count: 12 + k,
        message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandbox}": plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: ${range}`,
        firstMs: real - 3_600_000 + nodeOff,
        lastMs: real + nodeOff,
        createdMs: real - 3_600_000 + via + 20,
      };
    });
  }

  /** Kubelet events stamped while the node's clock was ahead (and created ahead on its apiserver). */
  private clockJumpEvents(n: NodeSpec): EventDraft[] {
    const j = n.clockJump;
    if (!j) return [];
    const nodeOff = n.clockOffsetSeconds * S;
    const via = this.apiOffsetMs(n.leaseVia);
    return [0, 1, 2, 3].map((k) => {
      const real = this.startMs - j.correctedSecondsAgo * S - (j.durationSeconds * S * (k + 1)) / 5;
      return {
        ns: 'kube-system',
        reason: k % 2 === 0 ? 'Pulled' : 'Started',
        type: 'Normal',
        component: 'kubelet',
        host: n.name,
        involvedKind: 'Pod',
        involvedName: `coredns-${n.name}-00${k}`,
        involvedNs: 'kube-system',
        count: 1,
        message:
          k % 2 === 0
            ? 'Container image "registry.k8s.io/coredns/coredns:v1.10.1" already present on machine'
            : 'Started container coredns',
        firstMs: real + j.forwardSeconds * S + nodeOff,
        lastMs: real + j.forwardSeconds * S + nodeOff,
        createdMs: real + via + (n.controlPlane ? j.forwardSeconds * S : 0) + 15,
      };
    });
  }

  /** Steady kubelet events: emitter time ~ creation time + node offset (recording latency 15 ms). */
  private steadyEvents(n: NodeSpec): EventDraft[] {
    const nodeOff = n.clockOffsetSeconds * S;
    const via = this.apiOffsetMs(n.leaseVia);
    return ['NodeHasSufficientMemory', 'NodeReady'].map((reason, k) => {
      const real = this.startMs - (k + 1) * 600 * S;
      return {
        ns: 'default',
        reason,
        type: 'Normal',
        component: 'kubelet',
        host: n.name,
        involvedKind: 'Node',
        involvedName: n.name,
        count: 1,
        message: `Node ${n.name} status is now: ${reason}`,
        firstMs: real + nodeOff,
        lastMs: real + nodeOff,
        createdMs: real + via + 15,
      };
    });
  }

  /** The events the scenario lists, stamped by their node's clock (or the first apiserver's). */
  private scenarioEvents(): EventDraft[] {
    const sc = this.scenario;
    const nodeIndex = new Map(sc.nodes.map((n, i) => [n.name, i]));
    return sc.events.map((e) => {
      const n = e.node === undefined ? undefined : sc.nodes[nodeIndex.get(e.node) as number];
      const off = n ? n.clockOffsetSeconds * S : this.apiOffsetMs(undefined);
      const real = this.startMs - e.ageSeconds * S;
      const first = real - (e.count > 1 ? 600 * S : 0);
      return {
        ns: e.namespace,
        reason: e.reason,
        type: e.type,
        component: e.component,
        ...(e.node !== undefined ? { host: e.node } : {}),
        involvedKind: e.involvedKind,
        involvedName: e.involvedName,
        involvedNs: e.involvedKind === 'Node' ? undefined : e.namespace,
        count: e.count,
        message: e.message,
        firstMs: first + off,
        lastMs: real + off,
        createdMs: first + this.apiOffsetMs(n?.leaseVia) + 15,
      };
    });
  }

  /** `extraEvents` routine pod events (volume for paging and size tests). */
  private filler(): EventDraft[] {
    const sc = this.scenario;
    return Array.from({ length: sc.extraEvents }, (_, k) => {
      const n = sc.nodes[k % Math.max(1, sc.nodes.length)];
      const real = this.startMs - (k % 3600) * S;
      const off = n ? n.clockOffsetSeconds * S : 0;
      const ns = APP_NS[k % APP_NS.length] as string;
      return {
        ns,
        reason: k % 3 === 0 ? 'Pulled' : k % 3 === 1 ? 'Created' : 'Started',
        type: 'Normal',
        component: 'kubelet',
        ...(n ? { host: n.name } : {}),
        involvedKind: 'Pod',
        involvedName: `app-${k}`,
        involvedNs: ns,
        count: 1,
        message:
          k % 3 === 0 ? 'Successfully pulled image "registry.example/app:1.0"' : 'Created container app',
        firstMs: real + off,
        lastMs: real + off,
        createdMs: real + this.apiOffsetMs(n?.leaseVia) + 15,
      };
    });
  }

  /** Everything else: namespaces, services, endpoints, CSRs, webhooks, ConfigMaps, DaemonSets, Calico. */
  private addTheRest(pods: readonly PodRec[], events: readonly EventRec[]): void {
    const sc = this.scenario;
    const L = this.layout;

    const nsNames = [
      ...new Set([...NAMESPACES, ...pods.map((p) => p.ns), ...events.map((e) => e.ns)]),
    ].sort();
    this.simple(
      '',
      'v1',
      'namespaces',
      'Namespace',
      false,
      nsNames.map((n) => ({
        metadata: this.meta(n),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      })),
      ['ns'],
    );
    this.simple(
      '',
      'v1',
      'configmaps',
      'ConfigMap',
      true,
      sc.rootCAConfigMap
        ? nsNames.map((n) => ({ metadata: this.meta('kube-root-ca.crt', n), data: { 'ca.crt': L.caPem } }))
        : [],
      ['cm'],
    );
    this.addKubernetesService();
    this.addCertificateObjects();
  }

  /** The `kubernetes` Service, and its EndpointSlice and Endpoints where a real apiserver would keep them. */
  private addKubernetesService(): void {
    const L = this.layout;
    const slicePorts = [{ name: 'https', port: L.apiserverPort, protocol: 'TCP' }];
    // A real apiserver refuses loopback addresses in Endpoints and EndpointSlices ("may not be in the
    // loopback range"), so a loopback cluster like this one has neither: its apiserver endpoints
    // are known only from the cluster record (docs/clocks.md, "Verified on real apiservers").
    const sliceIPs = L.apiserverIPs.filter((ip) => !ip.startsWith('127.'));
    this.simple(
      'discovery.k8s.io',
      'v1',
      'endpointslices',
      'EndpointSlice',
      true,
      sliceIPs.length === 0
        ? []
        : [
            {
              metadata: this.meta('kubernetes', 'default', {
                labels: {
                  'kubernetes.io/service-name': 'kubernetes',
                  'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
                },
              }),
              addressType: 'IPv4',
              endpoints: sliceIPs.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
              ports: slicePorts,
            },
          ],
    );
    this.simple(
      '',
      'v1',
      'endpoints',
      'Endpoints',
      true,
      sliceIPs.length === 0
        ? []
        : [
            {
              metadata: this.meta('kubernetes', 'default'),
              subsets: [{ addresses: sliceIPs.map((ip) => ({ ip })), ports: slicePorts }],
            },
          ],
      ['ep'],
    );
    this.simple(
      '',
      'v1',
      'services',
      'Service',
      true,
      [
        {
          metadata: this.meta('kubernetes', 'default', {
            labels: { component: 'apiserver', provider: 'kubernetes' },
          }),
          spec: {
            type: 'ClusterIP',
            clusterIP: '10.96.0.1',
            ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: L.apiserverPort }],
          },
        },
      ],
      ['svc'],
    );
  }

  /** CSRs, webhook configurations, APIServices, DaemonSets and Calico's objects. */
  private addCertificateObjects(): void {
    const sc = this.scenario;
    const key = sc.csrs.length || sc.webhooks.length ? rsaKey() : undefined;
    const csrs = sc.csrs.map((c) => this.csrObject(c, key as RsaKey));
    const csrKind = 'CertificateSigningRequest';
    this.simple('certificates.k8s.io', 'v1', 'certificatesigningrequests', csrKind, false, csrs, ['csr']);
    const hooks = (kind: 'Validating' | 'Mutating'): Obj[] =>
      sc.webhooks.filter((w) => w.kind === kind).map((w) => this.webhookObject(w, key as RsaKey));
    const admission = 'admissionregistration.k8s.io';
    const validating = 'ValidatingWebhookConfiguration';
    const mutating = 'MutatingWebhookConfiguration';
    this.simple(admission, 'v1', 'validatingwebhookconfigurations', validating, false, hooks('Validating'));
    this.simple(admission, 'v1', 'mutatingwebhookconfigurations', mutating, false, hooks('Mutating'));
    if (sc.calico) this.addCalico(sc.calico);
    this.simple('apiregistration.k8s.io', 'v1', 'apiservices', 'APIService', false, [
      {
        metadata: this.meta('v1.'),
        spec: { version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 },
        status: {
          conditions: [
            {
              type: 'Available',
              status: 'True',
              reason: 'Local',
              message: 'Local APIServices are always available',
              lastTransitionTime: isoSeconds(this.startMs - 200 * 86_400_000),
            },
          ],
        },
      },
    ]);
    this.simple(
      'apps',
      'v1',
      'daemonsets',
      'DaemonSet',
      true,
      [
        {
          metadata: this.meta('kube-flannel-ds', 'kube-flannel', { labels: { app: 'flannel' } }),
          spec: { selector: { matchLabels: { app: 'flannel' } } },
          status: { desiredNumberScheduled: sc.nodes.length, numberReady: sc.nodes.length },
        },
      ],
      ['ds'],
    );
  }

  /** A kubelet serving CSR (a real PKCS#10 for the node's name and IP), pending, approved or denied. */
  private csrObject(c: Scenario['csrs'][number], key: RsaKey): Obj {
    const ip = this.layout.nodeIPs[this.scenario.nodes.findIndex((n) => n.name === c.node)] as string;
    const request = csrPem(key, `system:node:${c.node}`, [c.node], [ip]);
    const reason = c.state === 'Approved' ? 'AutoApproved' : 'Denied';
    return {
      metadata: {
        ...this.meta(c.name),
        creationTimestamp: isoSeconds(this.startMs - c.ageSeconds * S + this.apiOffsetMs(undefined)),
      },
      spec: {
        request: Buffer.from(request).toString('base64'),
        signerName: c.signer,
        usages: ['digital signature', 'server auth'],
        username: `system:node:${c.node}`,
        groups: ['system:nodes', 'system:authenticated'],
      },
      status:
        c.state === 'Pending'
          ? {}
          : {
              conditions: [
                { type: c.state, status: 'True', reason, lastUpdateTime: isoSeconds(this.startMs) },
              ],
            },
    };
  }

  /** An admission webhook configuration whose caBundle expires as the scenario says. */
  private webhookObject(w: Scenario['webhooks'][number], key: RsaKey): Obj {
    const start = this.startMs;
    const [ns, svc] = w.service.split('/') as [string, string];
    const ca = issue({
      cn: `${svc}-ca`,
      notBefore: addDays(new Date(start), -(365 - w.expiresInDays)),
      notAfter: addDays(new Date(start), w.expiresInDays),
      isCA: true,
      key,
    });
    return {
      metadata: this.meta(w.name),
      webhooks: [
        {
          name: `${svc}.${ns}.svc`,
          clientConfig: {
            service: { namespace: ns, name: svc, path: '/validate', port: 443 },
            caBundle: Buffer.from(ca.pem.certPem).toString('base64'),
          },
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Fail',
        },
      ],
    };
  }

  /** Calico's IPPool, IPAMBlocks (per host, the scenario's use per block) and IPAMConfig. */
  private addCalico(c: NonNullable<Scenario['calico']>): void {
    const size = 2 ** (32 - c.blockSize);
    const base = ipv4ToInt(c.poolCIDR.split('/')[0] as string);
    const blocks: Obj[] = [];
    let n = 0;
    for (const h of c.hosts) {
      for (let b = 0; b < h.blocks; b++, n++) {
        const cidr = `${intToIpv4(base + n * size)}/${c.blockSize}`;
        blocks.push({
          metadata: this.meta(cidr.replace(/[./]/g, '-')),
          spec: {
            cidr,
            affinity: `host:${h.node}`,
            strictAffinity: false,
            allocations: Array.from({ length: size }, (_, k) => (k < h.usedPerBlock ? k : null)),
            unallocated: [],
            attributes: [],
          },
        });
      }
    }
    this.simple('crd.projectcalico.org', 'v1', 'ippools', 'IPPool', false, [
      {
        metadata: this.meta('default-ipv4-ippool'),
        spec: { cidr: c.poolCIDR, blockSize: c.blockSize, ipipMode: 'Always', natOutgoing: true },
      },
    ]);
    this.simple('crd.projectcalico.org', 'v1', 'ipamblocks', 'IPAMBlock', false, blocks);
    this.simple('crd.projectcalico.org', 'v1', 'ipamconfigs', 'IPAMConfig', false, [
      {
        metadata: this.meta('default'),
        spec: { strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: c.maxBlocksPerHost },
      },
    ]);
  }

  /** Registers a resource of plain objects (metadata + the rest as is). */
  private simple(
    group: string,
    version: string,
    plural: string,
    kind: string,
    namespaced: boolean,
    items: Obj[],
    shortNames?: string[],
  ): void {
    this.add<Obj>({
      group,
      version,
      plural,
      kind,
      namespaced,
      ...(shortNames ? { shortNames } : {}),
      items,
      namespaceOf: (o) => (o.metadata as Obj).namespace as string | undefined,
      nameOf: (o) => (o.metadata as Obj).name as string,
      labelsOf: (o) => ((o.metadata as Obj).labels as Record<string, string> | undefined) ?? {},
      fieldOf: (o, f) =>
        f === 'metadata.name'
          ? ((o.metadata as Obj).name as string)
          : f === 'metadata.namespace'
            ? ((o.metadata as Obj).namespace as string)
            : undefined,
      toObject: (o) => ({ apiVersion: group ? `${group}/${version}` : version, kind, ...o }),
    });
  }

  /** Object metadata as the apiserver returns it. */
  private meta(name: string, namespace?: string, extra: Obj = {}): Obj {
    return {
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      uid: uid(`${this.uidPrefix}/${namespace ?? ''}/${name}`),
      resourceVersion: '1',
      creationTimestamp: isoSeconds(this.startMs - 200 * 86_400_000 + this.apiOffsetMs(undefined)),
      ...extra,
    };
  }

  identityLeaseName(api: ApiserverSpec): string {
    return `apiserver-${createHash('sha256').update(api.name).digest('hex').slice(0, 26)}`;
  }

  nodeLabels(n: NodeSpec): Record<string, string> {
    return {
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      ...(this.scenario.distribution === 'k3s' ? { 'node.kubernetes.io/instance-type': 'k3s' } : {}),
      ...n.labels,
    };
  }

  private nodeObject(n: NodeSpec, i: number, ctx: ReadContext): Obj {
    const sc = this.scenario;
    const nodeNow = ctx.realNowMs + n.clockOffsetSeconds * S;
    const heartbeat =
      n.leaseStoppedSecondsAgo !== undefined
        ? nodeNow - n.leaseStoppedSecondsAgo * S
        : Math.floor(nodeNow / 60_000) * 60_000;
    const created = this.startMs - 200 * 86_400_000 + this.apiOffsetMs(undefined);
    const transition = n.ready === 'True' ? created + 120_000 : this.startMs - 300 * S;
    const cond = (type: string, status: string, reason: string, message: string): Obj => ({
      type,
      status: n.ready === 'Unknown' ? 'Unknown' : status,
      lastHeartbeatTime: isoSeconds(heartbeat),
      lastTransitionTime: isoSeconds(n.ready === 'Unknown' ? transition : created + 120_000),
      reason: n.ready === 'Unknown' ? 'NodeStatusUnknown' : reason,
      message: n.ready === 'Unknown' ? 'Kubelet stopped posting node status.' : message,
    });
    const ip = this.layout.nodeIPs[i] as string;
    const kv =
      sc.distribution === 'k3s'
        ? `${sc.kubernetesVersion}+k3s1`
        : sc.distribution === 'rke2'
          ? `${sc.kubernetesVersion}+rke2r1`
          : sc.kubernetesVersion;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        uid: uid(`${this.uidPrefix}/node/${n.name}`),
        resourceVersion: String(1000 + i),
        creationTimestamp: isoSeconds(created),
        labels: this.nodeLabels(n),
        annotations: {
          ...(this.scenario.calico
            ? { 'projectcalico.org/IPv4Address': `${ip}/24` }
            : { 'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/public-ip': ip }),
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: n.podCIDR ? { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] } : {},
      status: {
        capacity: { cpu: '4', memory: '16374584Ki', pods: String(n.maxPods) },
        allocatable: { cpu: '4', memory: '16272184Ki', pods: String(n.maxPods) },
        conditions: [
          cond(
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
          ),
          cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          cond(
            'Ready',
            n.ready,
            n.ready === 'True' ? 'KubeletReady' : 'KubeletNotReady',
            n.ready === 'True' ? 'kubelet is posting ready status' : 'container runtime network not ready',
          ),
        ],
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: n.name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: this.layout.kubeletPorts[i] ?? 10250 } },
        nodeInfo: {
          machineID: uid(n.name).replace(/-/g, ''),
          systemUUID: uid(`sys${n.name}`),
          bootID: uid(`boot${n.name}`),
          kernelVersion: '6.1.0-18-amd64',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          containerRuntimeVersion: 'containerd://1.7.13',
          kubeletVersion: kv,
          kubeProxyVersion: kv,
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
  }

  private nodeLease(n: NodeSpec, i: number, ctx: ReadContext): Obj {
    // The kubelet renews every 10 s (0.25 × 40 s) with its own clock; the apiserver that handled
    // the write stamps managedFields.time with its clock, truncated to the second
    // (observed on kube-apiserver v1.28.7: docs/clocks.md).
    const nodeOff = n.clockOffsetSeconds * S;
    const nodeNow = ctx.realNowMs + nodeOff;
    const phase = ((i * 1370) % 10_000) + 123;
    let renewNode = Math.floor((nodeNow - phase) / 10_000) * 10_000 + phase;
    if (n.leaseStoppedSecondsAgo !== undefined) renewNode = nodeNow - n.leaseStoppedSecondsAgo * S;
    const renewReal = renewNode - nodeOff;
    const writeTime = renewReal + 4 + this.apiOffsetMs(n.leaseVia);
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: n.name,
        namespace: 'kube-node-lease',
        uid: uid(`${this.uidPrefix}/lease/${n.name}`),
        resourceVersion: String(Math.floor(renewReal / 1000)),
        creationTimestamp: isoSeconds(this.startMs - 200 * 86_400_000 + this.apiOffsetMs(undefined)),
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: n.name, uid: uid(`${this.uidPrefix}/node/${n.name}`) },
        ],
        managedFields: [
          {
            manager: 'kubelet',
            operation: 'Update',
            apiVersion: 'coordination.k8s.io/v1',
            time: isoSeconds(writeTime),
            fieldsType: 'FieldsV1',
            fieldsV1: {
              'f:metadata': { 'f:ownerReferences': {} },
              'f:spec': { 'f:holderIdentity': {}, 'f:leaseDurationSeconds': {}, 'f:renewTime': {} },
            },
          },
        ],
      },
      spec: { holderIdentity: n.name, leaseDurationSeconds: 40, renewTime: isoMicro(renewNode) },
    };
  }

  private identityLease(api: ApiserverSpec, i: number, ctx: ReadContext): Obj {
    const off = api.clockOffsetSeconds * S;
    const now = ctx.realNowMs + off;
    const phase = 2_000 + i * 3_100;
    const renew = Math.floor((now - phase) / 10_000) * 10_000 + phase;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.identityLeaseName(api),
        namespace: 'kube-system',
        uid: uid(`${this.uidPrefix}/idlease/${api.name}`),
        resourceVersion: String(Math.floor(renew / 1000)),
        creationTimestamp: isoSeconds(this.startMs - api.startedDaysAgo * 86_400_000 + off),
        labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': api.name },
        managedFields: [
          {
            manager: 'kube-apiserver',
            operation: 'Update',
            apiVersion: 'coordination.k8s.io/v1',
            time: isoSeconds(renew + 3),
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:renewTime': {} } },
          },
        ],
      },
      spec: {
        holderIdentity: `${this.identityLeaseName(api)}_${uid(`holder${api.name}`)}`,
        leaseDurationSeconds: 3600,
        renewTime: isoMicro(renew),
      },
    };
  }

  private podObject(p: PodRec): Obj {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: p.name,
        namespace: p.ns,
        uid: uid(`${this.uidPrefix}/pod/${p.ns}/${p.name}`),
        resourceVersion: '2',
        creationTimestamp: isoSeconds(p.createdMs),
        labels: p.labels,
      },
      spec: {
        nodeName: p.node,
        hostNetwork: p.hostNetwork || undefined,
        serviceAccountName: 'default',
        containers: [{ name: 'main', image: p.image, resources: {} }],
        volumes: [
          {
            name: 'kube-api-access',
            projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] },
          },
        ],
      },
      status: {
        phase: p.phase,
        podIP: p.ip || undefined,
        podIPs: p.ip ? [{ ip: p.ip }] : undefined,
        startTime: isoSeconds(p.startedMs),
        containerStatuses: [
          {
            name: 'main',
            ready: p.phase === 'Running',
            restartCount: 0,
            image: p.image,
            state:
              p.phase === 'Running'
                ? { running: { startedAt: isoSeconds(p.containerStartedMs ?? p.startedMs + 2000) } }
                : { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
    };
  }

  private coreEvent(e: EventRec): Obj {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: e.name,
        namespace: e.ns,
        uid: uid(`${this.uidPrefix}/ev/${e.ns}/${e.name}`),
        resourceVersion: '3',
        creationTimestamp: isoSeconds(e.createdMs),
      },
      involvedObject: {
        kind: e.involvedKind,
        name: e.involvedName,
        ...(e.involvedNs ? { namespace: e.involvedNs } : {}),
        apiVersion: 'v1',
      },
      reason: e.reason,
      message: e.message,
      source: { component: e.component, ...(e.host ? { host: e.host } : {}) },
      firstTimestamp: isoSeconds(e.firstMs),
      lastTimestamp: isoSeconds(e.lastMs),
      count: e.count,
      type: e.type,
      eventTime: null,
      reportingComponent: e.component,
      reportingInstance: e.host ?? '',
    };
  }

  private eventsEvent(e: EventRec): Obj {
    return {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: {
        name: e.name,
        namespace: e.ns,
        uid: uid(`${this.uidPrefix}/ev/${e.ns}/${e.name}`),
        resourceVersion: '3',
        creationTimestamp: isoSeconds(e.createdMs),
      },
      eventTime: null,
      reportingController: e.component,
      reportingInstance: e.host ?? '',
      regarding: {
        kind: e.involvedKind,
        name: e.involvedName,
        ...(e.involvedNs ? { namespace: e.involvedNs } : {}),
        apiVersion: 'v1',
      },
      reason: e.reason,
      note: e.message,
      type: e.type,
      deprecatedSource: { component: e.component, ...(e.host ? { host: e.host } : {}) },
      deprecatedFirstTimestamp: isoSeconds(e.firstMs),
      deprecatedLastTimestamp: isoSeconds(e.lastMs),
      deprecatedCount: e.count,
    };
  }
}
