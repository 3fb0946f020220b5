/**
 * Scenario files for the sandbox cluster: types, YAML loading and validation with messages that
 * name the field. All times are relative to the moment the sandbox starts or to the live clock, so a
 * scenario stays "live" however long the sandbox runs. Documented in docs/sandbox.md.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { scenarioNames, scenariosDir } from './names.js';

/** Certificate validity relative to sandbox start. */
export interface CertSpec {
  /** Days before start the certificate became valid (negative: it becomes valid in the future). */
  readonly notBeforeDaysAgo: number;
  /** Days from start until it expires (negative: already expired). */
  readonly expiresInDays: number;
}

/** How an apiserver endpoint misbehaves (fault injection). */
export type Fault =
  | 'none'
  | 'hang'
  | 'refuse'
  | 'slow'
  | 'error-500'
  | 'throttle-429'
  | 'malformed'
  | 'tls-fail';

/** One kube-apiserver endpoint: its own listener, clock and certificates. */
export interface ApiserverSpec {
  /** Host name of the control-plane node it runs on. */
  readonly name: string;
  /** Clock offset from real time, in seconds (positive: ahead). */
  readonly clockOffsetSeconds: number;
  /** How long ago (real time) the process started, in days; sets the loopback certificate. */
  readonly startedDaysAgo: number;
  /** Loopback certificate validity in days (365 up to 1.32, 1096 from 1.33). */
  readonly loopbackValidityDays: number;
  /** Serving certificate validity. */
  readonly serving: CertSpec;
  readonly fault: Fault;
}

/** The kubelet serving certificate of a node. */
export interface KubeletCertSpec extends CertSpec {
  /** IP SANs; default the node's InternalIP and 127.0.0.1. */
  readonly ipSans?: readonly string[];
  /** DNS SANs; default the node name and localhost. */
  readonly dnsSans?: readonly string[];
  /** Self-signed by the kubelet instead of signed by the cluster CA. */
  readonly selfSigned: boolean;
}

/** A clock jump on a node, already corrected. */
export interface ClockJumpSpec {
  /** How far the clock jumped forward, in seconds. */
  readonly forwardSeconds: number;
  /** How long the clock stayed wrong, in seconds. */
  readonly durationSeconds: number;
  /** How long ago (real time) the clock was corrected, in seconds. */
  readonly correctedSecondsAgo: number;
}

/** One node with its kubelet. */
export interface NodeSpec {
  readonly name: string;
  readonly controlPlane: boolean;
  /** Clock offset of the node (kubelet) from real time, in seconds. */
  readonly clockOffsetSeconds: number;
  /** Name of the apiserver that handles this kubelet's writes; default the first. */
  readonly leaseVia?: string;
  /** podCIDR, or absent for a node the range allocator gave none. */
  readonly podCIDR?: string;
  readonly maxPods: number;
  /** Ready condition status. */
  readonly ready: 'True' | 'False' | 'Unknown';
  /** Seconds ago (node clock) the lease was last renewed, when the kubelet stopped renewing. */
  readonly leaseStoppedSecondsAgo?: number;
  /** Address the node reports now, when it differs from its listener address (seed 004). */
  readonly kubelet: KubeletCertSpec;
  /** Running pods generated on this node, each holding an IP from its podCIDR. */
  readonly runningPods: number;
  /** Pods the scenario says were started while a clock was jumped forward. */
  readonly clockJump?: ClockJumpSpec;
  /** Number of FailedCreatePodSandBox events "no IP addresses available" on this node. */
  readonly ipExhaustedEvents: number;
  /** CNI network name used in host-local messages. */
  readonly cniNetwork: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A pod defined explicitly. */
export interface PodSpec {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly phase: 'Running' | 'Pending' | 'Succeeded' | 'Failed';
  readonly hostNetwork: boolean;
  readonly ip?: string;
  /** Seconds ago (real time) it was created. */
  readonly ageSeconds: number;
}

/** A core/v1 event defined explicitly. */
export interface EventSpec {
  readonly namespace: string;
  readonly reason: string;
  readonly message: string;
  readonly type: 'Normal' | 'Warning';
  readonly node?: string;
  readonly component: string;
  readonly involvedKind: string;
  readonly involvedName: string;
  readonly count: number;
  readonly ageSeconds: number;
}

/** An identity (ServiceAccount) with its RBAC rules, for tokens the sandbox issues. */
export interface IdentitySpec {
  readonly name: string;
  readonly namespace: string;
  /** Rules as in a ClusterRole; `["*"]` verbs and resources for cluster-admin. */
  readonly rules: readonly RbacRule[];
}

/** One RBAC rule. */
export interface RbacRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs: readonly string[];
}

/** A CertificateSigningRequest the sandbox serves. */
export interface CsrSpec {
  readonly name: string;
  /** Node whose kubelet asked (CN system:node:<node>; SANs its name and address). */
  readonly node: string;
  readonly signer: string;
  readonly state: 'Pending' | 'Approved' | 'Denied';
  readonly ageSeconds: number;
}

/** An admission webhook whose caBundle the sandbox serves. */
export interface WebhookSpec {
  readonly name: string;
  readonly kind: 'Validating' | 'Mutating';
  /** "namespace/name" of the webhook's Service. */
  readonly service: string;
  /** Days until the caBundle certificate expires (negative: expired). */
  readonly expiresInDays: number;
}

/** Calico IPAM (KDD CRDs) the sandbox serves. */
export interface CalicoSpec {
  readonly poolCIDR: string;
  readonly blockSize: number;
  readonly maxBlocksPerHost: number;
  /** Blocks affine to each host and how many addresses of each are in use. */
  readonly hosts: readonly {
    readonly node: string;
    readonly blocks: number;
    readonly usedPerBlock: number;
  }[];
}

/** A whole sandbox cluster. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly kubernetesVersion: string;
  readonly distribution: 'kubeadm' | 'k3s' | 'rke2';
  readonly apiservers: readonly ApiserverSpec[];
  readonly nodes: readonly NodeSpec[];
  readonly pods: readonly PodSpec[];
  readonly events: readonly EventSpec[];
  /** Resources (plural names, e.g. "events") every identity gets 403 for. */
  readonly forbid: readonly string[];
  /** Start a TLS listener per kubelet (off for huge scenarios). */
  readonly kubeletListeners: boolean;
  /**
   * Whether a controller-manager publishes the `kube-root-ca.crt` ConfigMaps. Without one (a bare
   * control plane, as in the real-apiserver tier) a GET of it is a plain 404 NotFound.
   * @default true
   */
  readonly rootCAConfigMap: boolean;
  /** Days until the token the sandbox issues for kube-triage expires. */
  readonly botTokenExpiresInDays: number;
  readonly metrics: { readonly staleTokens: number; readonly legacyTokens: number };
  readonly caExpiresInDays: number;
  /** Extra generated events (for `large`). */
  readonly extraEvents: number;
  readonly csrs: readonly CsrSpec[];
  readonly webhooks: readonly WebhookSpec[];
  readonly calico?: CalicoSpec;
}

/** A scenario file that is not valid; the message names the field. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export { scenarioNames, scenariosDir };

/** Loads a bundled scenario by name, or a scenario file by path. */
export function loadScenario(nameOrPath: string): Scenario {
  if (nameOrPath === 'large') return largeScenario();
  const bundled = join(scenariosDir(), `${nameOrPath}.yaml`);
  const path = existsSync(bundled) ? bundled : nameOrPath;
  if (!existsSync(path)) {
    throw new ScenarioError(
      `Unknown scenario "${nameOrPath}". Bundled: ${scenarioNames().join(', ')}; or give a path to a .yaml file.`,
    );
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ScenarioError(`${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseScenario(raw, basename(path, '.yaml'));
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Reader {
  private readonly o: Obj;
  private readonly path: string;
  constructor(o: Obj, path: string) {
    this.o = o;
    this.path = path;
  }
  private at(k: string): string {
    return this.path ? `${this.path}.${k}` : k;
  }
  str(k: string, def?: string): string {
    const v = this.o[k];
    if (v === undefined) {
      if (def === undefined) throw new ScenarioError(`${this.at(k)} is missing`);
      return def;
    }
    if (typeof v !== 'string' || v.length === 0)
      throw new ScenarioError(`${this.at(k)} must be a non-empty string`);
    return v;
  }
  optStr(k: string): string | undefined {
    return this.o[k] === undefined ? undefined : this.str(k);
  }
  num(k: string, def?: number): number {
    const v = this.o[k];
    if (v === undefined) {
      if (def === undefined) throw new ScenarioError(`${this.at(k)} is missing`);
      return def;
    }
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ScenarioError(`${this.at(k)} must be a number, got ${JSON.stringify(v)}`);
    return v;
  }
  bool(k: string, def: boolean): boolean {
    const v = this.o[k];
    if (v === undefined) return def;
    if (typeof v !== 'boolean') throw new ScenarioError(`${this.at(k)} must be true or false`);
    return v;
  }
  oneOf<T extends string>(k: string, allowed: readonly T[], def: T): T {
    const v = this.str(k, def);
    if (!(allowed as readonly string[]).includes(v))
      throw new ScenarioError(`${this.at(k)} must be one of ${allowed.join(', ')}, got "${v}"`);
    return v as T;
  }
  strList(k: string): string[] | undefined {
    const v = this.o[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw new ScenarioError(`${this.at(k)} must be a list of strings`);
    return v as string[];
  }
  list(k: string): Reader[] {
    const v = this.o[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new ScenarioError(`${this.at(k)} must be a list`);
    return v.map((item, i) => {
      if (!isObj(item)) throw new ScenarioError(`${this.at(k)}[${i}] must be a mapping`);
      return new Reader(item, `${this.at(k)}[${i}]`);
    });
  }
  obj(k: string): Reader {
    const v = this.o[k];
    if (v === undefined) return new Reader({}, this.at(k));
    if (!isObj(v)) throw new ScenarioError(`${this.at(k)} must be a mapping`);
    return new Reader(v, this.at(k));
  }
  has(k: string): boolean {
    return this.o[k] !== undefined;
  }
  labels(k: string): Record<string, string> {
    const v = this.o[k];
    if (v === undefined) return {};
    if (!isObj(v) || Object.values(v).some((x) => typeof x !== 'string'))
      throw new ScenarioError(`${this.at(k)} must map strings to strings`);
    return v as Record<string, string>;
  }
}

function cert(r: Reader, def: CertSpec): CertSpec {
  return {
    notBeforeDaysAgo: r.num('notBeforeDaysAgo', def.notBeforeDaysAgo),
    expiresInDays: r.num('expiresInDays', def.expiresInDays),
  };
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Validates parsed YAML into a Scenario; throws {@link ScenarioError} naming the bad field. */
export function parseScenario(raw: unknown, fallbackName: string): Scenario {
  if (!isObj(raw)) throw new ScenarioError('a scenario must be a YAML mapping');
  const r = new Reader(raw, '');
  const apiservers = r.list('apiservers').map(apiserverSpec);
  if (apiservers.length === 0) throw new ScenarioError('apiservers must list at least one apiserver');
  const apiNames = new Set(apiservers.map((a) => a.name));
  if (apiNames.size !== apiservers.length) throw new ScenarioError('apiservers: names must be unique');
  const nodes = r.list('nodes').map((n, i) => nodeSpec(n, i, apiNames));
  const nodeNames = new Set(nodes.map((n) => n.name));
  if (nodeNames.size !== nodes.length) throw new ScenarioError('nodes: names must be unique');
  const m = r.obj('metrics');
  return {
    ...(r.has('calico') ? { calico: calicoSpec(r.obj('calico'), nodeNames) } : {}),
    csrs: r.list('csrs').map((c, i) => csrSpec(c, i, nodeNames)),
    webhooks: r.list('webhooks').map(webhookSpec),
    name: r.str('name', fallbackName),
    description: r.str('description', fallbackName),
    kubernetesVersion: r.str('kubernetesVersion', 'v1.28.7'),
    distribution: r.oneOf('distribution', ['kubeadm', 'k3s', 'rke2'] as const, 'kubeadm'),
    apiservers,
    nodes,
    pods: r.list('pods').map((p, i) => podSpec(p, i, nodeNames)),
    events: r.list('events').map((e, i) => eventSpec(e, i, nodeNames)),
    forbid: r.strList('forbid') ?? [],
    kubeletListeners: r.bool('kubeletListeners', true),
    rootCAConfigMap: r.bool('rootCAConfigMap', true),
    botTokenExpiresInDays: r.num('botTokenExpiresInDays', 365),
    metrics: { staleTokens: m.num('staleTokens', 0), legacyTokens: m.num('legacyTokens', 0) },
    caExpiresInDays: r.num('caExpiresInDays', 3000),
    extraEvents: r.num('extraEvents', 0),
  };
}

function apiserverSpec(a: Reader): ApiserverSpec {
  const fault = a.oneOf(
    'fault',
    ['none', 'hang', 'refuse', 'slow', 'error-500', 'throttle-429', 'malformed', 'tls-fail'] as const,
    'none',
  );
  return {
    name: a.str('name'),
    clockOffsetSeconds: a.num('clockOffsetSeconds', 0),
    startedDaysAgo: a.num('startedDaysAgo', 30),
    loopbackValidityDays: a.num('loopbackValidityDays', 365),
    serving: cert(a.obj('serving'), { notBeforeDaysAgo: 100, expiresInDays: 265 }),
    fault,
  } satisfies ApiserverSpec;
}

function nodeSpec(n: Reader, i: number, apiNames: Set<string>): NodeSpec {
  const name = n.str('name');
  const leaseVia = n.optStr('leaseVia');
  if (leaseVia !== undefined && !apiNames.has(leaseVia)) {
    throw new ScenarioError(`nodes[${i}].leaseVia names unknown apiserver "${leaseVia}"`);
  }
  const podCIDR = n.optStr('podCIDR');
  if (podCIDR !== undefined && !CIDR_RE.test(podCIDR))
    throw new ScenarioError(`nodes[${i}].podCIDR must be an IPv4 CIDR like 10.42.0.0/24`);
  const k = n.obj('kubelet');
  const j = n.has('clockJump') ? n.obj('clockJump') : undefined;
  return {
    name,
    controlPlane: n.bool('controlPlane', false),
    clockOffsetSeconds: n.num('clockOffsetSeconds', 0),
    ...(leaseVia !== undefined ? { leaseVia } : {}),
    ...(podCIDR !== undefined ? { podCIDR } : {}),
    maxPods: n.num('maxPods', 110),
    ready: n.oneOf('ready', ['True', 'False', 'Unknown'] as const, 'True'),
    ...(n.has('leaseStoppedSecondsAgo') ? { leaseStoppedSecondsAgo: n.num('leaseStoppedSecondsAgo') } : {}),
    kubelet: {
      ...cert(k, { notBeforeDaysAgo: 30, expiresInDays: 335 }),
      ...(k.strList('ipSans') ? { ipSans: k.strList('ipSans') } : {}),
      ...(k.strList('dnsSans') ? { dnsSans: k.strList('dnsSans') } : {}),
      selfSigned: k.bool('selfSigned', false),
    },
    runningPods: n.num('runningPods', 5),
    ...(j
      ? {
          clockJump: {
            forwardSeconds: j.num('forwardSeconds'),
            durationSeconds: j.num('durationSeconds'),
            correctedSecondsAgo: j.num('correctedSecondsAgo'),
          },
        }
      : {}),
    ipExhaustedEvents: n.num('ipExhaustedEvents', 0),
    cniNetwork: n.str('cniNetwork', 'cbr0'),
    labels: n.labels('labels'),
  } satisfies NodeSpec;
}

function podSpec(p: Reader, i: number, nodeNames: Set<string>): PodSpec {
  const node = p.str('node');
  if (!nodeNames.has(node)) throw new ScenarioError(`pods[${i}].node names unknown node "${node}"`);
  const ip = p.optStr('ip');
  return {
    namespace: p.str('namespace', 'default'),
    name: p.str('name'),
    node,
    phase: p.oneOf('phase', ['Running', 'Pending', 'Succeeded', 'Failed'] as const, 'Running'),
    hostNetwork: p.bool('hostNetwork', false),
    ...(ip !== undefined ? { ip } : {}),
    ageSeconds: p.num('ageSeconds', 3600),
  } satisfies PodSpec;
}

function eventSpec(e: Reader, i: number, nodeNames: Set<string>): EventSpec {
  const node = e.optStr('node');
  if (node !== undefined && !nodeNames.has(node))
    throw new ScenarioError(`events[${i}].node names unknown node "${node}"`);
  return {
    namespace: e.str('namespace', 'default'),
    reason: e.str('reason'),
    message: e.str('message'),
    type: e.oneOf('type', ['Normal', 'Warning'] as const, 'Warning'),
    ...(node !== undefined ? { node } : {}),
    component: e.str('component', 'kubelet'),
    involvedKind: e.str('involvedKind', 'Pod'),
    involvedName: e.str('involvedName', 'unknown'),
    count: e.num('count', 1),
    ageSeconds: e.num('ageSeconds', 60),
  } satisfies EventSpec;
}

function csrSpec(c: Reader, i: number, nodeNames: Set<string>): CsrSpec {
  const node = c.str('node');
  if (!nodeNames.has(node)) throw new ScenarioError(`csrs[${i}].node names unknown node "${node}"`);
  return {
    name: c.str('name'),
    node,
    signer: c.str('signer', 'kubernetes.io/kubelet-serving'),
    state: c.oneOf('state', ['Pending', 'Approved', 'Denied'] as const, 'Pending'),
    ageSeconds: c.num('ageSeconds', 3600),
  } satisfies CsrSpec;
}

function webhookSpec(w: Reader, i: number): WebhookSpec {
  const service = w.str('service');
  if (!/^[a-z0-9-]{1,63}\/[a-z0-9-]{1,63}$/.test(service))
    throw new ScenarioError(`webhooks[${i}].service must be "namespace/name"`);
  return {
    name: w.str('name'),
    kind: w.oneOf('kind', ['Validating', 'Mutating'] as const, 'Validating'),
    service,
    expiresInDays: w.num('expiresInDays', 300),
  } satisfies WebhookSpec;
}

function calicoSpec(c: Reader, nodeNames: Set<string>): CalicoSpec {
  const poolCIDR = c.str('poolCIDR');
  if (!CIDR_RE.test(poolCIDR))
    throw new ScenarioError('calico.poolCIDR must be an IPv4 CIDR like 192.168.0.0/16');
  return {
    poolCIDR,
    blockSize: c.num('blockSize', 26),
    maxBlocksPerHost: c.num('maxBlocksPerHost', 0),
    hosts: c.list('hosts').map((h, i) => {
      const node = h.str('node');
      if (!nodeNames.has(node))
        throw new ScenarioError(`calico.hosts[${i}].node names unknown node "${node}"`);
      return { node, blocks: h.num('blocks', 1), usedPerBlock: h.num('usedPerBlock', 10) };
    }),
  };
}

/** The generated `large` scenario: 5,000 nodes, 150,000 pods, 20,000 events. */
export function largeScenario(nodeCount = 5_000, podsPerNode = 30, extraEvents = 20_000): Scenario {
  const base = parseScenario(
    {
      name: 'large',
      description: `Generated: ${nodeCount} nodes, ${nodeCount * podsPerNode} pods, ${extraEvents} events; healthy clocks.`,
      apiservers: [{ name: 'cp-1' }, { name: 'cp-2' }, { name: 'cp-3' }],
      kubeletListeners: false,
      extraEvents,
    },
    'large',
  );
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < nodeCount; i++) {
    nodes.push({
      name: `node-${String(i).padStart(5, '0')}`,
      controlPlane: i < 3,
      clockOffsetSeconds: 0,
      podCIDR: `10.${64 + Math.floor(i / 256)}.${i % 256}.0/24`,
      maxPods: 110,
      ready: 'True',
      kubelet: { notBeforeDaysAgo: 30, expiresInDays: 335, selfSigned: false },
      runningPods: podsPerNode,
      ipExhaustedEvents: 0,
      cniNetwork: 'cbr0',
      labels: {},
    });
  }
  return { ...base, nodes };
}
