/**
 * The clock model both the skew and token checks read: each apiserver's offset from kube-triage's
 * own clock, each node's offset, and the objects stamped in the future, all from one snapshot.
 * Pure; every figure says which method it came from and its uncertainty.
 * @module
 */
import type { ClusterSnapshot, EventFacts, PodFacts } from '../cluster/snapshot.js';
import { median, signedSeconds } from '../core/format.js';

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

/** One apiserver's clock. */
export interface ApiserverClock extends Offset {
  /** Node name when the endpoint maps to a node, otherwise address:port. */
  readonly name: string;
  readonly address?: string;
}

/** One node's clock. */
export interface NodeClock extends Offset {
  readonly node: string;
  /** Offset is relative to the apiserver that handled the kubelet's lease write, not real time. */
  readonly relativeTo?: string;
  /** Second method, when kubelet events allow it. */
  readonly crossCheck?: Offset;
}

/** Apiserver identity lease renewal period, ms (controlplane apiserver identity lease controller). */
const IDENTITY_RENEW_MS = 10_000;
/** Node lease renewal period, ms: 0.25 × nodeLeaseDurationSeconds 40 s (component-helpers lease controller). */
const NODE_RENEW_MS = 10_000;
/** managedFields time is truncated to the second (../shared/notes/verified-apiserver.md). */
const MANAGED_FIELDS_RESOLUTION_MS = 1_000;
/** Events recorded by the kubelet reach the apiserver within this, ms (recording latency bound). */
const EVENT_LATENCY_MS = 1_000;

/** Apiserver clocks: direct Date probes, else identity leases (one LIST gives every apiserver). */
export function apiserverClocks(s: ClusterSnapshot): ApiserverClock[] {
  const out: ApiserverClock[] = [];
  const seen = new Set<string>();
  for (const c of s.clocks) {
    if (c.kind !== 'apiserver' || c.offsetMs === undefined) continue;
    out.push({
      name: c.target,
      address: `${c.address}:${c.port}`,
      offsetMs: c.offsetMs,
      uncertaintyMs: c.uncertaintyMs ?? 1000,
      method: 'Date header',
      source: `Date header of GET https://${c.address}:${c.port}/livez`,
    });
    seen.add(c.target);
  }
  const local = s.leasesStamp?.localTime;
  if (local) {
    for (const l of s.leases) {
      if (!l.apiserverIdentity || !l.renewTime) continue;
      const name = l.hostname ?? l.name;
      if (seen.has(name)) continue;
      seen.add(name);
      // The lease was renewed (by that apiserver's clock) at most 10 s before we read it.
      const lo = l.renewTime.getTime() - local.getTime();
      const hi = lo + IDENTITY_RENEW_MS;
      out.push({
        name,
        offsetMs: Math.round((lo + hi) / 2),
        uncertaintyMs: IDENTITY_RENEW_MS / 2,
        method: 'identity lease',
        source: `Lease kube-system/${l.name} spec.renewTime (written every 10 s by that apiserver)`,
      });
    }
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
  // Kubelet-emitted events: emitter time − creation time ≈ node offset − apiserver offset.
  const evDiffs = new Map<string, number[]>();
  for (const e of s.events) {
    if (e.component !== 'kubelet' || !e.host || e.count !== 1) continue;
    const t = eventEmitterTime(e);
    if (!t) continue;
    const d = t.getTime() - e.createdAt.getTime();
    const list = evDiffs.get(e.host) ?? [];
    list.push(d);
    evDiffs.set(e.host, list);
  }
  const out: NodeClock[] = [];
  for (const n of s.nodes) {
    const l = leases.get(n.name);
    let cross: Offset | undefined;
    const diffs = evDiffs.get(n.name);
    if (diffs && diffs.length > 0) {
      const d = median(diffs);
      // Only a steady offset is a clock offset; wildly differing diffs are a jump (see futureStamps).
      cross = {
        offsetMs: Math.round(d + (ref.agree ? ref.offsetMs : 0)),
        uncertaintyMs: 1_000 + EVENT_LATENCY_MS + (ref.agree ? ref.uncertaintyMs : 0),
        method: ref.agree ? 'kubelet events' : 'kubelet events, relative to the apiserver that recorded them',
        source: `median of ${diffs.length} kubelet event(s): firstTimestamp − metadata.creationTimestamp`,
      };
    }
    if (l?.renewTime && l.managedTime && l.manager === 'kubelet') {
      // renewTime is the kubelet's clock (µs); managedFields time is the handling apiserver's clock at the
      // same write, truncated to the second, so the true offset lies in (d − 1 s, d].
      const d = l.renewTime.getTime() - l.managedTime.getTime();
      const rel = d - MANAGED_FIELDS_RESOLUTION_MS / 2;
      const base = {
        method: 'lease managedFields',
        source: `Lease kube-node-lease/${n.name}: spec.renewTime (kubelet clock) − managedFields[kubelet].time (apiserver clock)`,
        ...(cross ? { crossCheck: cross } : {}),
      };
      if (ref.agree || api.length === 0) {
        out.push({
          node: n.name,
          offsetMs: Math.round(rel + ref.offsetMs),
          uncertaintyMs: Math.round(MANAGED_FIELDS_RESOLUTION_MS / 2 + ref.uncertaintyMs),
          ...base,
        });
      } else {
        // Apiservers disagree, so the figure depends on which one handled the write
        // (../shared/notes/verified-apiserver.md). A control-plane node's kubelet usually writes through
        // its own apiserver; otherwise take the smallest candidate and name the alternatives.
        const own = api.find((a) => a.name === n.name);
        const candidates = own
          ? [own]
          : [...api].sort((a, b) => Math.abs(rel + a.offsetMs) - Math.abs(rel + b.offsetMs));
        const pick = candidates[0] as ApiserverClock;
        const others = api.filter((a) => Math.abs(a.offsetMs - pick.offsetMs) > 2_000);
        out.push({
          node: n.name,
          offsetMs: Math.round(rel + pick.offsetMs),
          uncertaintyMs: Math.round(MANAGED_FIELDS_RESOLUTION_MS / 2 + pick.uncertaintyMs),
          relativeTo: own
            ? `assuming its kubelet writes through its own apiserver ${own.name}`
            : `if its lease was written through ${api
                .filter((a) => Math.abs(a.offsetMs - pick.offsetMs) <= 2_000)
                .map((a) => a.name)
                .join(
                  '/',
                )}${others.length ? `; ${others.map((a) => `${signedSecondsShort(rel + a.offsetMs)} through ${a.name}`).join(', ')}` : ''}`,
          ...base,
        });
      }
    } else if (l?.renewTime && s.leasesStamp) {
      // Fallback: a synced node's renewTime is 0–10 s before the response time.
      const local = s.leasesStamp.localTime.getTime();
      const lo = l.renewTime.getTime() - local;
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

/** Something stamped by a clock that was ahead when it wrote, and is not now. */
export interface FutureStamp {
  readonly what: string;
  /** Node whose clock (or whose apiserver's clock) did it. */
  readonly node?: string;
  /** How far ahead of the writer's current clock the stamp was, ms. */
  readonly aheadMs: number;
  /** Real time the stamp was written, estimated, ms. */
  readonly writtenAtMs: number;
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
      out.push({
        what: `pod ${p.namespace}/${p.name} created`,
        ...(p.node ? { node: p.node } : {}),
        aheadMs: created,
        writtenAtMs: p.createdAt.getTime() - created,
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
  const api = apiserverClocks(s);
  const nodes = nodeClocks(s, api);
  const model = { api, nodes, stamps: futureStamps(s, now, api, nodes) };
  models.set(s, { at: now.getTime(), model });
  return model;
}
