/**
 * The reducers: pure functions from one raw API object to the narrow facts a snapshot holds
 * (NodeFacts, PodFacts, LeaseFacts, EventFacts, token metrics, the record's own credential), with
 * every string bounded. No I/O: collect.ts fetches, these shrink.
 * @module
 */
import { decodeJwt } from 'jose';
import { API_STRING_MAX_CHARS } from '../core/limits.js';
import type { ClusterRecord } from './registry.js';
import type {
  CredentialFacts,
  EventFacts,
  LeaseFacts,
  MetricsFacts,
  NodeFacts,
  PodFacts,
} from './snapshot.js';

type J = Record<string, unknown>;

/** A bounded string from an API field ('' when absent). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v.slice(0, API_STRING_MAX_CHARS) : '';
}

/** A time from an API field (undefined when absent or malformed). */
export function date(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** An object from an API field ({} when absent). */
export function obj(v: unknown): J {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as J) : {};
}

/** An array from an API field ([] when absent). */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Reduces a Node. */
export function nodeFacts(n: J): NodeFacts {
  const md = obj(n.metadata);
  const spec = obj(n.spec);
  const st = obj(n.status);
  const labels = obj(md.labels);
  const ann = obj(md.annotations);
  const addresses = arr(st.addresses).map((a) => ({ type: str(obj(a).type), address: str(obj(a).address) }));
  const ready = arr(st.conditions)
    .map(obj)
    .find((c) => c.type === 'Ready');
  const podCIDRs = arr(spec.podCIDRs).map(str).filter(Boolean);
  if (podCIDRs.length === 0 && str(spec.podCIDR)) podCIDRs.push(str(spec.podCIDR));
  const rs = str(ready?.status);
  const hb = date(ready?.lastHeartbeatTime);
  const internalIP = addresses.find((a) => a.type === 'InternalIP')?.address;
  const reason = str(ready?.reason);
  return {
    name: str(md.name),
    ...(internalIP ? { internalIP } : {}),
    addresses,
    podCIDRs,
    kubeletVersion: str(obj(st.nodeInfo).kubeletVersion),
    kubeletPort: Number(obj(obj(st.daemonEndpoints).kubeletEndpoint).Port) || 10250,
    controlPlane:
      'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels,
    ready: rs === 'True' || rs === 'False' ? rs : 'Unknown',
    ...(reason ? { readyReason: reason } : {}),
    ...(hb ? { readyHeartbeat: hb } : {}),
    maxPods: Number(obj(st.capacity).pods) || 110,
    flannel: Object.keys(ann).some((k) => k.startsWith('flannel.alpha.coreos.com/')),
    calico: Object.keys(ann).some((k) => k.startsWith('projectcalico.org/')),
  };
}

/** Reduces a Pod. */
export function podFacts(p: J): PodFacts {
  const md = obj(p.metadata);
  const spec = obj(p.spec);
  const st = obj(p.status);
  const owner = obj(arr(md.ownerReferences)[0]);
  const starts = arr(st.containerStatuses)
    .map((c) => date(obj(obj(obj(c).state).running).startedAt))
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => a.getTime() - b.getTime());
  const node = str(spec.nodeName);
  const ip = str(st.podIP);
  const started = date(st.startTime);
  return {
    namespace: str(md.namespace),
    name: str(md.name),
    ...(node ? { node } : {}),
    phase: str(st.phase) || 'Unknown',
    hostNetwork: spec.hostNetwork === true,
    ...(ip ? { ip } : {}),
    createdAt: date(md.creationTimestamp) ?? new Date(0),
    ...(started ? { startedAt: started } : {}),
    ...(starts[0] ? { containerStartedAt: starts[0] } : {}),
    ...(owner.kind ? { owner: `${str(owner.kind)}/${str(owner.name)}` } : {}),
  };
}

/** Reduces a Lease; managedTime is the managedFields time of the holder's Update. */
export function leaseFacts(l: J): LeaseFacts {
  const md = obj(l.metadata);
  const spec = obj(l.spec);
  const labels = obj(md.labels);
  const mf = arr(md.managedFields)
    .map(obj)
    .filter((m) => m.operation === 'Update' && 'f:renewTime' in obj(obj(m.fieldsV1)['f:spec']));
  const latest = mf
    .map((m) => ({ m, t: date(m.time) }))
    .sort((a, b) => (b.t?.getTime() ?? 0) - (a.t?.getTime() ?? 0))[0];
  const holder = str(spec.holderIdentity);
  const renew = date(spec.renewTime);
  const created = date(md.creationTimestamp);
  const hostname = str(labels['kubernetes.io/hostname']);
  const identity =
    labels['apiserver.kubernetes.io/identity'] === 'kube-apiserver' ||
    labels['k8s.io/component'] === 'kube-apiserver';
  return {
    namespace: str(md.namespace),
    name: str(md.name),
    ...(holder ? { holder } : {}),
    ...(renew ? { renewTime: renew } : {}),
    ...(created ? { createdAt: created } : {}),
    ...(latest?.t ? { managedTime: latest.t, manager: str(latest.m.manager) } : {}),
    ...(hostname ? { hostname } : {}),
    apiserverIdentity: identity,
    ...(typeof spec.leaseDurationSeconds === 'number' ? { durationSeconds: spec.leaseDurationSeconds } : {}),
  };
}

/** Reduces a core/v1 Event. */
export function eventFacts(e: J): EventFacts {
  const md = obj(e.metadata);
  const io = obj(e.involvedObject);
  const src = obj(e.source);
  const first = date(e.firstTimestamp);
  const last = date(e.lastTimestamp);
  const et = date(e.eventTime);
  const host = str(src.host) || str(e.reportingInstance);
  const ins = str(io.namespace);
  return {
    namespace: str(md.namespace),
    reason: str(e.reason),
    message: str(e.message),
    type: str(e.type),
    component: str(src.component) || str(e.reportingComponent),
    ...(host ? { host } : {}),
    involvedKind: str(io.kind),
    involvedName: str(io.name),
    ...(ins ? { involvedNamespace: ins } : {}),
    count: typeof e.count === 'number' ? e.count : 1,
    ...(first ? { firstTimestamp: first } : {}),
    ...(last ? { lastTimestamp: last } : {}),
    ...(et ? { eventTime: et } : {}),
    createdAt: date(md.creationTimestamp) ?? new Date(0),
  };
}

/** Parses the two service-account token counters from Prometheus text. */
export function parseMetrics(text: string): MetricsFacts {
  const sum = (name: string): number | undefined => {
    let total: number | undefined;
    for (const line of text.split('\n')) {
      if (!line.startsWith(name)) continue;
      const rest = line.slice(name.length);
      if (rest[0] !== ' ' && rest[0] !== '{') continue;
      const v = Number(line.trim().split(/\s+/).pop());
      if (Number.isFinite(v)) total = (total ?? 0) + v;
    }
    return total;
  };
  const stale = sum('serviceaccount_stale_tokens_total');
  const legacy = sum('serviceaccount_legacy_tokens_total');
  return {
    ...(stale !== undefined ? { staleTokens: stale } : {}),
    ...(legacy !== undefined ? { legacyTokens: legacy } : {}),
  };
}

/** Claims of the record's own token, decoded without verification (never the token itself). */
export function credentialFacts(record: ClusterRecord): CredentialFacts {
  if (record.auth.kind !== 'token') return { kind: 'none' };
  try {
    const c = decodeJwt(record.auth.token.reveal());
    return {
      kind: 'jwt',
      ...(typeof c.sub === 'string' ? { subject: c.sub } : {}),
      ...(typeof c.iat === 'number' ? { issuedAt: new Date(c.iat * 1000) } : {}),
      ...(typeof c.exp === 'number' ? { expiresAt: new Date(c.exp * 1000) } : {}),
    };
  } catch {
    return { kind: 'opaque' };
  }
}
