/**
 * The clock model both the skew and token checks read: each apiserver's offset from kube-triage's
 * own clock, each node's offset, and the objects stamped in the future, all from one snapshot.
 * Pure; every figure says which method it came from and its uncertainty.
 * @module
 */
import type { ClusterSnapshot, EventFacts, IdentityWatch, PodFacts } from '../cluster/snapshot.js';
import { median, signedSeconds } from '../core/format.js';
import type { ClockMeasurement } from './types.js';

const signedSecondsShort = (ms: number): string => signedSeconds(ms, 0);

/** An offset estimate: true value within offsetMs ± uncertaintyMs. */
export interface Offset {
  readonly offsetMs: number;
  readonly uncertaintyMs: number;
  /** How it was measured, for evidence. */
  readonly method: string;
  /** Where it was observed, for evidence. */
  readonly source: string;
}

/** One apiserver's clock: a probed endpoint and its identity Lease merged, never counted twice. */
export interface ApiserverClock extends Offset {
  /** Node name when the endpoint maps to a node, else the Lease's host name, else address:port. */
  readonly name: string;
  readonly address?: string;
  /** Its identity Lease (kube-system), when one was matched. */
  readonly lease?: string;
  /** How the endpoint and the Lease were matched, or that one of them stands alone. */
  readonly note?: string;
}

/** An identity Lease nobody renews any more: a stopped or removed apiserver, not a clock. */
export interface StoppedApiserver {
  readonly name: string;
  readonly lease: string;
  readonly lastRenewal: Date;
  /** Local time minus its last renewTime (by its own clock when it last wrote), ms. */
  readonly agoMs: number;
  readonly source: string;
}

/** One node's clock. */
export interface NodeClock extends Offset {
  readonly node: string;
  /** Offset is relative to the apiserver that handled the kubelet's lease write, not real time. */
  readonly relativeTo?: string;
  /** Second method, when kubelet events allow it. */
  readonly crossCheck?: Offset;
}

/**
 * Apiserver identity lease renewal period, ms (kubernetes pkg/controlplane/instance.go,
 * IdentityLeaseRenewIntervalPeriod = 10 s; leaseDurationSeconds 3600).
 */
const IDENTITY_RENEW_MS = 10_000;
/**
 * A watched renewal reaches kube-triage within this, ms: the update's round trip, the etcd write and
 * the watch cache's dispatch. Measured on real apiservers (npm run test:real): well under 100 ms on
 * loopback; the bound leaves room for a loaded control plane.
 */
const WATCH_DELIVERY_MS = 600;
/** Node lease renewal period, ms: 0.25 × nodeLeaseDurationSeconds 40 s (component-helpers lease controller). */
const NODE_RENEW_MS = 10_000;
/**
 * managedFields time is truncated to the second (observed on kube-apiserver v1.28.7; docs/clocks.md).
 */
const MANAGED_FIELDS_RESOLUTION_MS = 1_000;
/** Events recorded by the kubelet reach the apiserver within this, ms (recording latency bound). */
const EVENT_LATENCY_MS = 1_000;
/** An apiserver offset at most this uncertain is precise enough to place node clocks, ms. */
const PRECISE_MS = 1_000;

/** The apiservers of one snapshot: live ones (merged) and Leases left by stopped ones. */
export interface ApiserverModel {
  readonly api: readonly ApiserverClock[];
  readonly stopped: readonly StoppedApiserver[];
}

/**
 * Apiserver clocks, one row per apiserver: Date probes of the endpoints merged with the identity
 * Leases (by the Lease's host name = the endpoint's node, else by clock agreement). A Lease no
 * probe accounts for is measured at a watched renewal (± delivery latency), or from one LIST
 * (±5 s) when it could not be watched; a Lease not renewed during a whole watch is a stopped
 * apiserver, listed apart.
 */
export function apiserverModel(s: ClusterSnapshot): ApiserverModel {
  const { clocks, stopped } = identityLeaseClocks(s);
  return {
    api: mergeApiserverClocks(probedApiserverClocks(s), clocks, stopped.length > 0, servingNames(s)),
    stopped,
  };
}

/** The DNS names in each apiserver endpoint's serving certificate, by address:port. */
function servingNames(s: ClusterSnapshot): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const p of s.servingCerts)
    if (p.target === 'apiserver-serving' && p.chain?.[0])
      out.set(`${p.address}:${p.port}`, p.chain[0].dnsNames);
  return out;
}

/** The Date-header probes of the apiserver endpoints. */
function probedApiserverClocks(s: ClusterSnapshot): ApiserverClock[] {
  const probed: ApiserverClock[] = [];
  for (const c of s.clocks) {
    if (c.kind !== 'apiserver' || c.offsetMs === undefined) continue;
    probed.push({
      name: c.target,
      address: `${c.address}:${c.port}`,
      offsetMs: c.offsetMs,
      uncertaintyMs: c.uncertaintyMs ?? 1000,
      method: 'Date header',
      source: `Date header of an unauthenticated GET https://${c.address.includes(':') ? `[${c.address}]` : c.address}:${c.port}/livez`,
    });
  }
  return probed;
}

type LeaseClock = ApiserverClock & { hostname?: string };

/**
 * One clock per identity Lease: at a watched renewal (± delivery latency) or from one LIST (±5 s);
 * a Lease expired, or not renewed during a whole watch, is a stopped apiserver instead.
 */
function identityLeaseClocks(s: ClusterSnapshot): { clocks: LeaseClock[]; stopped: StoppedApiserver[] } {
  const local = s.leasesStamp?.localTime;
  const w = s.identityWatch;
  const watchedFully =
    w !== undefined && !w.error && w.endedAt.getTime() - w.startedAt.getTime() >= IDENTITY_RENEW_MS;
  const stopped: StoppedApiserver[] = [];
  const leaseClocks: LeaseClock[] = [];
  for (const l of s.leases) {
    if (!l.apiserverIdentity || !l.renewTime || !local) continue;
    const name = l.hostname ?? l.name;
    const renewals = w?.renewals.filter((r) => r.name === l.name) ?? [];
    const ago = local.getTime() - l.renewTime.getTime();
    const expired = ago > (l.durationSeconds ?? 3600) * 1000;
    if ((renewals.length === 0 && watchedFully && w?.watched.includes(l.name)) || expired) {
      stopped.push({
        name,
        lease: l.name,
        lastRenewal: l.renewTime,
        agoMs: ago,
        source: expired
          ? `Lease kube-system/${l.name} spec.renewTime, older than its leaseDurationSeconds`
          : `Lease kube-system/${l.name}: not renewed during a ${((w as IdentityWatch).endedAt.getTime() - (w as IdentityWatch).startedAt.getTime()) / 1000} s watch (live apiservers renew every 10 s)`,
      });
      continue;
    }
    const host = l.hostname ? { hostname: l.hostname } : {};
    if (renewals.length > 0) {
      // renewTime is its clock at the write; the event arrived 0..WATCH_DELIVERY_MS later here.
      let lo = Number.NEGATIVE_INFINITY;
      let hi = Number.POSITIVE_INFINITY;
      for (const r of renewals) {
        const d = r.renewTime.getTime() - r.receivedAt.getTime();
        lo = Math.max(lo, d);
        hi = Math.min(hi, d + WATCH_DELIVERY_MS);
      }
      if (lo > hi) [lo, hi] = [hi, lo];
      leaseClocks.push({
        name,
        lease: l.name,
        offsetMs: Math.round((lo + hi) / 2),
        uncertaintyMs: Math.round((hi - lo) / 2),
        method: 'identity lease renewal (watched)',
        source: `Lease kube-system/${l.name} spec.renewTime at a renewal, vs the time the watch event arrived`,
        ...host,
      });
      continue;
    }
    // The lease was renewed (by that apiserver's clock) at most 10 s before we read it.
    const lo = l.renewTime.getTime() - local.getTime();
    leaseClocks.push({
      name,
      lease: l.name,
      offsetMs: Math.round(lo + IDENTITY_RENEW_MS / 2),
      uncertaintyMs: IDENTITY_RENEW_MS / 2,
      method: 'identity lease',
      source: `Lease kube-system/${l.name} spec.renewTime (written every 10 s by that apiserver), one LIST`,
      ...host,
    });
  }
  return { clocks: leaseClocks, stopped };
}

/**
 * Probes and Lease clocks merged into one row per apiserver: by the Lease's host name, then by clock
 * agreement (closest pair first); Leases no probe matched are apiservers the probes could not reach.
 */
function mergeApiserverClocks(
  probed: readonly ApiserverClock[],
  leaseClocks: readonly LeaseClock[],
  anyStopped: boolean,
  certNames: ReadonlyMap<string, readonly string[]> = new Map(),
): ApiserverClock[] {
  const out: ApiserverClock[] = [];
  const left = new Set(leaseClocks);
  // 1. By host name: the Lease's kubernetes.io/hostname is the control-plane node the endpoint is.
  for (const p of probed) {
    const byHost = [...left].find((l) => l.hostname !== undefined && l.hostname === p.name);
    if (!byHost) continue;
    left.delete(byHost);
    out.push({
      ...p,
      lease: byHost.lease as string,
      note: `identity Lease ${byHost.lease} (host ${byHost.hostname})`,
    });
  }
  // 1b. By the endpoint's serving certificate: kubeadm puts the node's host name in each apiserver's
  // certificate; a Lease host named in exactly one endpoint's certificate is that endpoint (this
  // tells apart apiservers whose clocks agree, which clock agreement cannot).
  const certOf = (p: ApiserverClock) => (p.address ? (certNames.get(p.address) ?? []) : []);
  for (const p of probed) {
    if (out.some((o) => o.address === p.address)) continue;
    const named = [...left].filter(
      (l) =>
        l.hostname !== undefined &&
        certOf(p).includes(l.hostname) &&
        probed.filter((q) => certOf(q).includes(l.hostname as string)).length === 1,
    );
    const l = named.length === 1 ? named[0] : undefined;
    if (!l) continue;
    left.delete(l);
    out.push({
      ...p,
      name: /^[\d.:[\]]+$/.test(p.name) ? (l.hostname as string) : p.name,
      lease: l.lease as string,
      note: `identity Lease ${l.lease} (host ${l.hostname}, named in this endpoint's serving certificate)`,
    });
  }
  // 2. By clock agreement within both methods' uncertainties, closest pair first.
  const rest = probed.filter((p) => !out.some((o) => o.address === p.address));
  const pairs = rest
    .flatMap((p) => [...left].map((l) => ({ p, l, d: Math.abs(p.offsetMs - l.offsetMs) })))
    .filter((x) => x.d <= x.p.uncertaintyMs + x.l.uncertaintyMs + 500)
    .sort((a, b) => a.d - b.d);
  const pairedP = new Set<ApiserverClock>();
  for (const { p, l } of pairs) {
    if (pairedP.has(p) || !left.has(l)) continue;
    pairedP.add(p);
    left.delete(l);
    // Named after the Lease's host only when no other Lease agrees with this endpoint as well:
    // apiservers whose clocks agree cannot be told apart by clock, so the address stays the name.
    const rivals = pairs.filter((x) => x.p === p && x.l !== l).length;
    out.push({
      ...p,
      name: /^[\d.:[\]]+$/.test(p.name) && l.hostname && rivals === 0 ? l.hostname : p.name,
      lease: l.lease as string,
      note: `identity Lease ${l.lease}${l.hostname ? ` (host ${l.hostname})` : ''}, matched by clock agreement`,
    });
  }
  const anyLease = leaseClocks.length > 0 || anyStopped;
  for (const p of rest) {
    if (pairedP.has(p)) continue;
    out.push(anyLease ? { ...p, note: 'probed endpoint; no identity Lease matched it' } : p);
  }
  // 3. Leases no probe reached: an apiserver the probes could not reach.
  for (const l of left) {
    const { hostname: _h, ...clock } = l;
    out.push({
      ...clock,
      note: 'identity Lease only: no probed endpoint matched it (not reachable by the probes)',
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether the apiservers agree closely enough to turn lease-relative node offsets into absolute ones. */
function apiserverReference(api: readonly ApiserverClock[]): {
  offsetMs: number;
  uncertaintyMs: number;
  agree: boolean;
} {
  if (api.length === 0) return { offsetMs: 0, uncertaintyMs: 0, agree: false };
  const offs = api.map((a) => a.offsetMs);
  const spread = Math.max(...offs) - Math.min(...offs);
  const u = Math.max(...api.map((a) => a.uncertaintyMs));
  return { offsetMs: median(offs), uncertaintyMs: u + spread / 2, agree: spread <= 2_000 };
}

function eventEmitterTime(e: EventFacts): Date | undefined {
  return e.eventTime ?? e.firstTimestamp;
}

/** Node clocks: lease renewTime vs managedFields time; cross-checked with kubelet events. */
export function nodeClocks(s: ClusterSnapshot, api: readonly ApiserverClock[]): NodeClock[] {
  const ref = apiserverReference(api);
  const leases = new Map(s.leases.filter((l) => l.namespace === 'kube-node-lease').map((l) => [l.name, l]));
  const events = kubeletEventOffsets(s, ref);
  const out: NodeClock[] = [];
  for (const n of s.nodes) {
    const l = leases.get(n.name);
    const cross = events.get(n.name);
    if (l?.renewTime && l.managedTime && l.manager === 'kubelet') {
      // renewTime is the kubelet's clock (µs); managedFields time is the handling apiserver's clock at the
      // same write, truncated to the second, so the true offset lies in (d − 1 s, d].
      const rel = l.renewTime.getTime() - l.managedTime.getTime() - MANAGED_FIELDS_RESOLUTION_MS / 2;
      const base = {
        method: 'lease managedFields',
        source: `Lease kube-node-lease/${n.name}: spec.renewTime (kubelet clock) − managedFields[kubelet].time (apiserver clock)`,
        ...(cross ? { crossCheck: cross } : {}),
      };
      const halfSecond = MANAGED_FIELDS_RESOLUTION_MS / 2;
      if (ref.agree || api.length === 0)
        out.push({
          node: n.name,
          offsetMs: Math.round(rel + ref.offsetMs),
          uncertaintyMs: Math.round(halfSecond + ref.uncertaintyMs),
          ...base,
        });
      else out.push({ node: n.name, ...throughWhichApiserver(n.name, rel, api), ...base });
    } else if (l?.renewTime && s.leasesStamp) {
      // Fallback: a synced node's renewTime is 0–10 s before the response time.
      const lo = l.renewTime.getTime() - s.leasesStamp.localTime.getTime();
      out.push({
        node: n.name,
        offsetMs: Math.round(lo + NODE_RENEW_MS / 2),
        uncertaintyMs: NODE_RENEW_MS / 2,
        method: 'lease age',
        source: `Lease kube-node-lease/${n.name} spec.renewTime vs the time kube-triage read it`,
        ...(cross ? { crossCheck: cross } : {}),
      });
    } else if (cross) {
      out.push({ node: n.name, ...cross });
    }
  }
  return out.sort((a, b) => a.node.localeCompare(b.node));
}

/** Per node, the offset its kubelet's events show: emitter time − creation time ≈ node − apiserver offset. */
function kubeletEventOffsets(
  s: ClusterSnapshot,
  ref: ReturnType<typeof apiserverReference>,
): Map<string, Offset> {
  const evDiffs = new Map<string, number[]>();
  for (const e of s.events) {
    if (e.component !== 'kubelet' || !e.host || e.count !== 1) continue;
    const t = eventEmitterTime(e);
    if (!t) continue;
    const list = evDiffs.get(e.host) ?? [];
    list.push(t.getTime() - e.createdAt.getTime());
    evDiffs.set(e.host, list);
  }
  const out = new Map<string, Offset>();
  for (const [host, diffs] of evDiffs) {
    // Only a steady offset is a clock offset; wildly differing diffs are a jump (see futureStamps).
    out.set(host, {
      offsetMs: Math.round(median(diffs) + (ref.agree ? ref.offsetMs : 0)),
      uncertaintyMs: 1_000 + EVENT_LATENCY_MS + (ref.agree ? ref.uncertaintyMs : 0),
      method: ref.agree ? 'kubelet events' : 'kubelet events, relative to the apiserver that recorded them',
      source: `median of ${diffs.length} kubelet event(s): firstTimestamp − metadata.creationTimestamp`,
    });
  }
  return out;
}

/**
 * A node's offset when the apiservers disagree: the figure depends on which one handled the lease
 * write, which is not recorded (docs/clocks.md).
 */
function throughWhichApiserver(
  node: string,
  rel: number,
  api: readonly ApiserverClock[],
): { offsetMs: number; uncertaintyMs: number; relativeTo: string } {
  // A control-plane node's kubelet usually writes through its own apiserver; otherwise take, among
  // the precisely measured apiservers only, the one that gives the smallest offset, and name the
  // alternatives.
  const own = api.find((a) => a.name === node);
  const precise = api.filter((a) => a.uncertaintyMs <= PRECISE_MS);
  const pool = own ? [own] : precise.length > 0 ? precise : [...api];
  const candidates = [...pool].sort((a, b) => Math.abs(rel + a.offsetMs) - Math.abs(rel + b.offsetMs));
  const pick = candidates[0] as ApiserverClock;
  const same = pool.filter((a) => Math.abs(a.offsetMs - pick.offsetMs) <= 2_000).map((a) => a.name);
  const others = pool.filter((a) => Math.abs(a.offsetMs - pick.offsetMs) > 2_000);
  const alternatives = others.length
    ? `; ${others.map((a) => `${signedSecondsShort(rel + a.offsetMs)} if through ${a.name}`).join(', ')}`
    : '';
  return {
    offsetMs: Math.round(rel + pick.offsetMs),
    uncertaintyMs: Math.round(MANAGED_FIELDS_RESOLUTION_MS / 2 + pick.uncertaintyMs),
    relativeTo: own
      ? `assuming its kubelet writes through its own apiserver ${own.name}`
      : `which apiserver handled its lease write is not recorded: taken as ${same.join('/')}, the ${precise.length > 0 ? 'precisely measured ' : ''}apiserver that gives the smallest offset${alternatives}`,
  };
}

/** Something stamped by a clock that was ahead when it wrote, and is not now. */
export interface FutureStamp {
  readonly what: string;
  /** Node whose clock (or whose apiserver's clock) did it. */
  readonly node?: string;
  /** How far ahead of the writer's current clock the stamp was, ms. */
  readonly aheadMs: number;
  /** Real time the stamp was written, estimated, ms. */
  readonly writtenAtMs: number;
  /** Whether writtenAtMs is a real estimate (the kubelet's start time of the pod), not a bound. */
  readonly writtenAtKnown: boolean;
  /** Size of the jump when writtenAtMs is known: stamp minus real time of the write, ms. */
  readonly jumpMs: number;
  readonly source: string;
  readonly pod?: PodFacts;
  /** 'apiserver' when the apiserver clock stamped it (tokens minted then carry the same iat). */
  readonly clock: 'apiserver' | 'kubelet';
}

/** A stamp must be ahead by this much to count as a jump, ms (well above lease and event jitter). */
export const JUMP_TOLERANCE_MS = 120_000;

/**
 * Objects stamped in the future relative to their writer's clock now: pods created (apiserver
 * clock) or started (kubelet clock) after "now", and kubelet events whose emitter time is far from
 * their creation time beyond the node's steady offset.
 */
export function futureStamps(
  s: ClusterSnapshot,
  now: Date,
  api: readonly ApiserverClock[],
  nodes: readonly NodeClock[],
): FutureStamp[] {
  const apiMax = api.length > 0 ? Math.max(...api.map((a) => a.offsetMs)) : 0;
  const nodeOff = new Map(nodes.map((n) => [n.node, n.offsetMs]));
  const out: FutureStamp[] = [];
  const t = now.getTime();
  for (const p of s.pods) {
    const created = p.createdAt.getTime() - (t + apiMax);
    if (created > JUMP_TOLERANCE_MS) {
      // The kubelet started the pod moments after the create, by its own clock: that start, less
      // the node's offset, is when the jumped apiserver stamped it in real time.
      const started = p.startedAt ?? p.containerStartedAt;
      const nodeOffset = p.node ? nodeOff.get(p.node) : undefined;
      const real =
        started && nodeOffset !== undefined && started.getTime() - nodeOffset < p.createdAt.getTime()
          ? started.getTime() - nodeOffset
          : undefined;
      out.push({
        what: `pod ${p.namespace}/${p.name} created`,
        ...(p.node ? { node: p.node } : {}),
        aheadMs: created,
        writtenAtMs: real ?? p.createdAt.getTime() - created,
        writtenAtKnown: real !== undefined,
        jumpMs: real !== undefined ? p.createdAt.getTime() - real : created,
        source: `Pod ${p.namespace}/${p.name} metadata.creationTimestamp (apiserver clock)`,
        pod: p,
        clock: 'apiserver',
      });
      continue;
    }
    const start = p.startedAt ?? p.containerStartedAt;
    if (start && p.node) {
      const ahead = start.getTime() - (t + (nodeOff.get(p.node) ?? 0));
      if (ahead > JUMP_TOLERANCE_MS) {
        out.push({
          what: `pod ${p.namespace}/${p.name} started`,
          node: p.node,
          aheadMs: ahead,
          writtenAtMs: p.createdAt.getTime(),
          writtenAtKnown: true,
          jumpMs: ahead,
          source: `Pod ${p.namespace}/${p.name} status.startTime (kubelet clock)`,
          pod: p,
          clock: 'kubelet',
        });
      }
    }
  }
  for (const e of s.events) {
    if (e.component !== 'kubelet' || !e.host) continue;
    const et = eventEmitterTime(e);
    if (!et) continue;
    const steady = (nodeOff.get(e.host) ?? 0) - (api.length > 0 ? median(api.map((a) => a.offsetMs)) : 0);
    const diff = et.getTime() - e.createdAt.getTime() - steady;
    if (Math.abs(diff) > JUMP_TOLERANCE_MS && e.count === 1) {
      out.push({
        what: `event ${e.reason} for ${e.involvedKind.toLowerCase()} ${e.involvedName}`,
        node: e.host,
        aheadMs: diff,
        writtenAtMs: e.createdAt.getTime(),
        writtenAtKnown: true,
        jumpMs: diff,
        source: `Event ${e.namespace}/${e.involvedName} (${e.reason}): firstTimestamp (kubelet clock) vs metadata.creationTimestamp`,
        clock: 'kubelet',
      });
    }
  }
  return out;
}

/** The clock model of one snapshot at one instant: apiserver and node clocks, and future stamps. */
export interface ClockModel {
  readonly api: readonly ApiserverClock[];
  /** Identity Leases of apiservers that stopped renewing: not clocks, never compared. */
  readonly stopped: readonly StoppedApiserver[];
  readonly nodes: readonly NodeClock[];
  readonly stamps: readonly FutureStamp[];
}

const models = new WeakMap<ClusterSnapshot, { at: number; model: ClockModel }>();

/**
 * The clock model, computed once per snapshot and instant: the skew and token checks both read it,
 * and on a large cluster it walks every pod and event.
 */
export function clockModel(s: ClusterSnapshot, now: Date): ClockModel {
  const hit = models.get(s);
  if (hit && hit.at === now.getTime()) return hit.model;
  const { api, stopped } = apiserverModel(s);
  const nodes = nodeClocks(s, api);
  const model = { api, stopped, nodes, stamps: futureStamps(s, now, api, nodes) };
  models.set(s, { at: now.getTime(), model });
  return model;
}

/**
 * The apiserver whose clock stamped future objects, when it can be known: the one whose identity
 * Lease was itself stamped in the future (created or renewed during the jump), or the only
 * apiserver there is. Undefined: "a control-plane clock".
 */
export function jumpedApiserver(s: ClusterSnapshot, now: Date, model: ClockModel): string | undefined {
  const apiMax = model.api.length > 0 ? Math.max(...model.api.map((a) => a.offsetMs)) : 0;
  const limit = now.getTime() + apiMax + JUMP_TOLERANCE_MS;
  const marked = s.leases.filter(
    (l) =>
      l.apiserverIdentity &&
      ((l.createdAt && l.createdAt.getTime() > limit) || (l.renewTime && l.renewTime.getTime() > limit)),
  );
  if (marked.length === 1) {
    const l = marked[0] as (typeof marked)[number];
    return l.hostname ?? l.name;
  }
  if (model.api.length + model.stopped.length === 1) return (model.api[0] ?? model.stopped[0])?.name;
  return undefined;
}

/** The model's clocks as data, for `--json` (seconds, 3 decimals). */
export function clockMeasurements(m: ClockModel): ClockMeasurement[] {
  const s3 = (ms: number): number => Math.round(ms) / 1000;
  return [
    ...m.api.map((a) => ({
      kind: 'apiserver' as const,
      name: a.name,
      ...(a.address ? { endpoint: a.address } : {}),
      offsetS: s3(a.offsetMs),
      uncertaintyS: s3(a.uncertaintyMs),
      method: a.method,
    })),
    ...m.nodes.map((n) => ({
      kind: 'node' as const,
      name: n.node,
      offsetS: s3(n.offsetMs),
      uncertaintyS: s3(n.uncertaintyMs),
      method: n.method,
    })),
  ];
}
