/**
 * collectSnapshot: fetches each part a check needs once, concurrently, page by page, reducing API
 * objects to narrow facts as it goes, within a per-request timeout and an overall budget. What
 * cannot be read becomes an Unreadable entry, never an exception.
 * @module
 */
import { setMaxListeners } from 'node:events';
import {
  API_CERT_FIELD_MAX_CHARS,
  IDENTITY_WATCH_MS,
  LIST_PAGE_SIZE,
  SNAPSHOT_BUDGET_MS,
} from '../core/limits.js';
import { parsePemChain } from '../core/x509.js';
import { ApiClient, ApiFailure, mapNetError, statusDetail } from './connect.js';
import { parseCsr } from './csr.js';
import { probeAgent, probeClock } from './probes/clock.js';
import { probeTls, type TlsTarget } from './probes/tls.js';
import {
  arr,
  credentialFacts,
  date,
  eventFacts,
  leaseFacts,
  nodeFacts,
  obj,
  parseMetrics,
  podFacts,
  str,
} from './reduce.js';
import type { ClusterRecord } from './registry.js';
import type {
  ApiserverEndpoint,
  CalicoFacts,
  ClockReading,
  ClusterSnapshot,
  CsrFacts,
  EventFacts,
  IdentityWatch,
  LeaseFacts,
  LeaseRenewal,
  ListStamp,
  MetricsFacts,
  NodeFacts,
  PodFacts,
  SnapshotPart,
  TlsProbe,
  Unreadable,
  WebhookFacts,
} from './snapshot.js';

type J = Record<string, unknown>;

/** Options for {@link collectSnapshot}. */
export interface CollectOptions {
  /** Overall budget, ms. @default SNAPSHOT_BUDGET_MS */
  readonly budgetMs?: number;
  /** Refine clock offsets below 1 s by waiting for the Date second to tick. @default true */
  readonly refineClocks?: boolean;
}

/** The RBAC rule each list needs, shown when the read is forbidden (matches infra/k8s). */
const RBAC_HINT: Record<string, string> = {
  nodes: 'nodes: get, list',
  pods: 'pods: get, list',
  events: 'events: get, list',
  leases: 'coordination.k8s.io leases: get, list',
  endpointslices: 'discovery.k8s.io endpointslices: get, list',
  certificatesigningrequests: 'certificates.k8s.io certificatesigningrequests: get, list',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io validatingwebhookconfigurations: get, list',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io mutatingwebhookconfigurations: get, list',
  apiservices: 'apiregistration.k8s.io apiservices: get, list',
  daemonsets: 'apps daemonsets: get, list',
  ippools: 'crd.projectcalico.org ippools, ipamblocks, ipamconfigs: get, list',
  ipamblocks: 'crd.projectcalico.org ippools, ipamblocks, ipamconfigs: get, list',
  configmaps: 'configmaps (resourceNames: kube-root-ca.crt): get',
  '/metrics': 'nonResourceURLs /metrics: get',
  '/version': 'nonResourceURLs /version: get',
};

/** Failure of one part, carried to the Unreadable list. */
class PartFailure extends Error {
  readonly unreadable: Omit<Unreadable, 'part'>;
  constructor(u: Omit<Unreadable, 'part'>) {
    super(u.detail);
    this.unreadable = u;
  }
}

function failureFor(status: number, resource: string, body = ''): PartFailure {
  if (status === 403) {
    const rbac = RBAC_HINT[resource];
    return new PartFailure({
      reason: 'forbidden',
      detail: `403 Forbidden: cannot list ${resource}`,
      ...(rbac ? { rbac } : {}),
    });
  }
  if (status === 401) return new PartFailure({ reason: 'forbidden', detail: statusDetail(401) });
  if (status === 404) {
    // A Status naming the object means the object is missing; otherwise the API is not served.
    let named = '';
    try {
      const st = obj(JSON.parse(body.slice(0, 4_096)));
      if (st.reason === 'NotFound') named = str(obj(st.details).name);
    } catch {
      // not a Status: a plain 404 from something that does not serve this path
    }
    return new PartFailure({
      reason: 'not-found',
      detail: named ? `${resource} "${named}" not found` : `${resource}: 404 Not Found (API not served)`,
    });
  }
  return new PartFailure({ reason: 'error', detail: `${resource}: ${statusDetail(status)}` });
}

/** Pages through a list, reducing each item; returns the reduced items and the first page's stamp. */
async function listAll<T>(
  client: ApiClient,
  path: string,
  resource: string,
  reduce: (item: J) => T | undefined,
  signal: AbortSignal,
  query = '',
): Promise<{ items: T[]; stamp: ListStamp }> {
  const items: T[] = [];
  let cont = '';
  let stamp: ListStamp | undefined;
  for (let page = 0; page < 10_000; page++) {
    const q = new URLSearchParams(query);
    q.set('limit', String(LIST_PAGE_SIZE));
    if (cont) q.set('continue', cont);
    let res: Awaited<ReturnType<ApiClient['get']>>;
    try {
      res = await client.get(`${path}?${q.toString()}`, signal);
    } catch (e) {
      const f = mapNetError(e);
      throw new PartFailure({ reason: f.reason, detail: `${resource}: ${f.message}` });
    }
    if (res.status !== 200) throw failureFor(res.status, resource, res.body);
    if (!stamp) {
      const t = Date.parse(String(res.headers.date ?? ''));
      const d = Number.isNaN(t) ? undefined : new Date(t);
      stamp = { ...(d ? { serverDate: d } : {}), localTime: new Date(res.receivedAt) };
    }
    let body: J;
    try {
      body = obj(JSON.parse(res.body));
    } catch {
      throw new PartFailure({ reason: 'error', detail: `${resource}: the server sent malformed JSON` });
    }
    for (const it of arr(body.items)) {
      const r = reduce(obj(it));
      if (r !== undefined) items.push(r);
    }
    cont = str(obj(body.metadata).continue);
    if (!cont) break;
  }
  return { items, stamp: stamp ?? { localTime: new Date() } };
}

async function getJson(client: ApiClient, path: string, resource: string, signal: AbortSignal): Promise<J> {
  let res: Awaited<ReturnType<ApiClient['get']>>;
  try {
    res = await client.get(path, signal);
  } catch (e) {
    const f = mapNetError(e);
    throw new PartFailure({ reason: f.reason, detail: `${resource}: ${f.message}` });
  }
  if (res.status !== 200) throw failureFor(res.status, resource, res.body);
  try {
    return obj(JSON.parse(res.body));
  } catch {
    throw new PartFailure({ reason: 'error', detail: `${resource}: the server sent malformed JSON` });
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Collects the parts `needs` asks for (plus what they depend on) from one cluster. */
export async function collectSnapshot(
  record: ClusterRecord,
  needs: readonly SnapshotPart[],
  signal: AbortSignal,
  opts: CollectOptions = {},
): Promise<ClusterSnapshot> {
  const client = new ApiClient(record);
  const budget = AbortSignal.any([signal, AbortSignal.timeout(opts.budgetMs ?? SNAPSHOT_BUDGET_MS)]);
  // Every request and probe listens on it (dozens at once on a large cluster): not a leak.
  setMaxListeners(0, budget);
  const unreadable: Unreadable[] = [];
  const want = new Set<SnapshotPart>(needs);
  if (want.has('clocks') || want.has('servingCerts')) want.add('apiserverEndpoints');
  if (want.has('kubeletCerts') || want.has('apiserverEndpoints')) want.add('nodes');
  const memo = new Map<string, Promise<unknown>>();
  const part = <T>(p: SnapshotPart, empty: T, fn: () => Promise<T>, key: string = p): Promise<T> => {
    let pr = memo.get(key) as Promise<T> | undefined;
    if (!pr) {
      pr = fn().catch((e: unknown) => {
        if (e instanceof PartFailure) unreadable.push({ part: p, ...e.unreadable });
        else if (budget.aborted)
          unreadable.push({ part: p, reason: 'timeout', detail: 'snapshot budget ran out' });
        else if (e instanceof ApiFailure) unreadable.push({ part: p, reason: e.reason, detail: e.message });
        else
          unreadable.push({
            part: p,
            reason: 'error',
            detail: `while reading ${p}: ${(e as Error).message ?? 'unknown error'}`.slice(0, 200),
          });
        return empty;
      });
      memo.set(key, pr);
    }
    return pr;
  };

  const version = () =>
    part<{ gitVersion: string } | undefined>('version', undefined, async () => {
      const v = await getJson(client, '/version', '/version', budget);
      return { gitVersion: str(v.gitVersion) };
    });
  const nodes = () =>
    part<NodeFacts[]>(
      'nodes',
      [],
      async () => (await listAll(client, '/api/v1/nodes', 'nodes', nodeFacts, budget)).items,
    );
  const pods = () =>
    part<PodFacts[]>(
      'pods',
      [],
      async () => (await listAll(client, '/api/v1/pods', 'pods', podFacts, budget)).items,
    );
  const events = () =>
    part<EventFacts[]>(
      'events',
      [],
      async () => (await listAll(client, '/api/v1/events', 'events', eventFacts, budget)).items,
    );
  const leases = () =>
    part<{ items: LeaseFacts[]; stamp?: ListStamp }>('leases', { items: [] }, async () =>
      listAll(client, '/apis/coordination.k8s.io/v1/leases', 'leases', leaseFacts, budget),
    );
  const endpoints = () =>
    part<ApiserverEndpoint[]>('apiserverEndpoints', [], async () => {
      const ns = await nodes();
      const byIP = new Map(ns.filter((n) => n.internalIP).map((n) => [n.internalIP as string, n.name]));
      const { items } = await listAll(
        client,
        '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
        'endpointslices',
        (s) => s,
        budget,
        'labelSelector=kubernetes.io%2Fservice-name%3Dkubernetes',
      );
      const out: ApiserverEndpoint[] = [];
      const seen = new Set<string>();
      for (const s of items) {
        const port = Number(obj(arr(s.ports)[0]).port) || 6443;
        for (const e of arr(s.endpoints)) {
          for (const a of arr(obj(e).addresses)) {
            const address = str(a);
            if (!address || seen.has(`${address}:${port}`)) continue;
            seen.add(`${address}:${port}`);
            const node = byIP.get(address);
            out.push({ address, port, source: 'endpointslice', ...(node ? { node } : {}) });
          }
        }
      }
      for (const extra of record.endpoints) {
        const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(extra);
        if (!m || seen.has(extra)) continue;
        seen.add(extra);
        const node = byIP.get(m[1] as string);
        out.push({
          address: m[1] as string,
          port: Number(m[2]),
          source: 'record',
          ...(node ? { node } : {}),
        });
      }
      return out;
    });
  const clocks = () =>
    part<ClockReading[]>('clocks', [], async () => {
      const eps = await endpoints();
      const agent = probeAgent(record.caData || undefined);
      const readings = await pool(eps, 8, (e) =>
        probeClock(
          agent,
          {
            name: e.node ?? `${e.address}:${e.port}`,
            kind: 'apiserver',
            address: e.address,
            port: e.port,
            path: '/livez',
          },
          budget,
          opts.refineClocks ?? true,
        ),
      );
      agent.destroy();
      return readings;
    });
  // Identity Leases that no probed endpoint accounts for (an apiserver the probes cannot reach, or
  // one that stopped): watch them for one renewal interval. A renewal gives that apiserver's offset
  // to within the event's delivery time; a Lease not renewed in the whole window is not live.
  const identityWatch = () =>
    part<IdentityWatch | undefined>(
      'leases',
      undefined,
      async () => {
        const [ls, cls] = await Promise.all([leases(), clocks()]);
        const answered = cls.filter((c) => c.offsetMs !== undefined);
        const probed = new Set(answered.map((c) => c.target));
        const identity = ls.items.filter((l) => l.apiserverIdentity && l.namespace === 'kube-system');
        const watched = new Set(
          identity.filter((l) => !(l.hostname && probed.has(l.hostname))).map((l) => l.name),
        );
        // As many answering endpoints as Leases left over: the clock model pairs them by clock
        // agreement, no watch needed. More Leases than endpoints: an apiserver the probes did not
        // reach, or one that stopped (its Lease lingers): only a watch tells them apart.
        const unmatchedProbes = answered.filter((c) => !identity.some((l) => l.hostname === c.target)).length;
        if (watched.size === 0 || watched.size <= unmatchedProbes) return undefined;
        const renewals: LeaseRenewal[] = [];
        const renewed = new Set<string>();
        const startedAt = new Date();
        const window = AbortSignal.any([budget, AbortSignal.timeout(IDENTITY_WATCH_MS)]);
        let error: string | undefined;
        try {
          const status = await client.watch(
            `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?watch=1&timeoutSeconds=${Math.ceil(IDENTITY_WATCH_MS / 1000) + 1}`,
            window,
            (line, at) => {
              let ev: J;
              try {
                ev = obj(JSON.parse(line));
              } catch {
                return undefined;
              }
              if (ev.type !== 'MODIFIED') return undefined;
              const l = leaseFacts(obj(ev.object));
              if (!watched.has(l.name) || !l.renewTime) return undefined;
              renewals.push({ name: l.name, renewTime: l.renewTime, receivedAt: new Date(at) });
              renewed.add(l.name);
              return renewed.size === watched.size;
            },
          );
          if (status !== 200) error = statusDetail(status);
        } catch (e) {
          error = mapNetError(e).message;
        }
        return {
          watched: [...watched],
          startedAt,
          endedAt: new Date(),
          renewals,
          ...(error ? { error } : {}),
        };
      },
      'identityWatch',
    );
  const servingCerts = () =>
    part<TlsProbe[]>('servingCerts', [], async () => {
      const eps = await endpoints();
      const ca = record.caData ? { ca: record.caData } : {};
      const targets: TlsTarget[] = eps.flatMap((e) => {
        const node = e.node ? { node: e.node } : {};
        return [
          { target: 'apiserver-serving' as const, address: e.address, port: e.port, ...node, ...ca },
          {
            target: 'apiserver-loopback' as const,
            address: e.address,
            port: e.port,
            servername: 'apiserver-loopback-client',
            ...node,
          },
        ];
      });
      // Also the address clients use (a load balancer, or the only reachable endpoint): it answers
      // even when the API itself cannot be read (an expired serving certificate, a wrong CA).
      const u = new URL(record.server);
      const host = u.hostname.replace(/^\[|\]$/g, '');
      const port = Number(u.port) || 443;
      if (!eps.some((e) => e.address === host && e.port === port)) {
        const sni = /^[\d.]+$|:/.test(host) ? {} : { servername: host };
        targets.push({ target: 'apiserver-serving', address: host, port, ...sni, ...ca });
      }
      return pool(targets, 8, (t) => probeTls(t, budget));
    });
  const kubeletCerts = () =>
    part<TlsProbe[]>('kubeletCerts', [], async () => {
      if (!record.kubeletsReachable) return [];
      const ns = (await nodes()).filter((n) => n.internalIP);
      return pool(ns, 16, (n) =>
        probeTls(
          {
            target: 'kubelet',
            address: n.internalIP as string,
            port: n.kubeletPort,
            node: n.name,
            ...(record.caData ? { ca: record.caData } : {}),
          },
          budget,
        ),
      );
    });
  const clusterCA = () =>
    part(
      'servingCerts',
      undefined,
      async () => {
        const cm = await getJson(
          client,
          '/api/v1/namespaces/kube-system/configmaps/kube-root-ca.crt',
          'configmaps',
          budget,
        );
        const pem = obj(cm.data)['ca.crt'];
        return parsePemChain(typeof pem === 'string' ? pem.slice(0, API_CERT_FIELD_MAX_CHARS) : '');
      },
      'clusterCA',
    );
  const csrs = () =>
    part<CsrFacts[]>(
      'csrs',
      [],
      async () =>
        (
          await listAll(
            client,
            '/apis/certificates.k8s.io/v1/certificatesigningrequests',
            'certificatesigningrequests',
            (c) => {
              const md = obj(c.metadata);
              const spec = obj(c.spec);
              const st = obj(c.status);
              const conds = arr(st.conditions).map((x) => str(obj(x).type));
              // The request is base64 PEM (~1–2 KB): bounded separately from API_STRING_MAX_CHARS.
              const req =
                typeof spec.request === 'string' ? spec.request.slice(0, API_CERT_FIELD_MAX_CHARS) : '';
              const parsed = parseCsr(Buffer.from(req, 'base64').toString('utf8'));
              return {
                name: str(md.name),
                signerName: str(spec.signerName),
                username: str(spec.username),
                createdAt: date(md.creationTimestamp) ?? new Date(0),
                state: conds.includes('Denied')
                  ? 'Denied'
                  : conds.includes('Failed')
                    ? 'Failed'
                    : conds.includes('Approved')
                      ? 'Approved'
                      : 'Pending',
                issued: typeof st.certificate === 'string' && st.certificate.length > 0,
                dnsNames: parsed?.dnsNames ?? [],
                ipAddresses: parsed?.ipAddresses ?? [],
                ...(parsed?.keyType ? { keyType: parsed.keyType } : {}),
              } satisfies CsrFacts;
            },
            budget,
          )
        ).items,
    );
  const webhooks = () =>
    part<WebhookFacts[]>('webhooks', [], async () => {
      const out: WebhookFacts[] = [];
      for (const [kind, path, res] of [
        [
          'ValidatingWebhookConfiguration',
          '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
          'validatingwebhookconfigurations',
        ],
        [
          'MutatingWebhookConfiguration',
          '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
          'mutatingwebhookconfigurations',
        ],
      ] as const) {
        const { items } = await listAll(client, path, res, (w) => w, budget);
        for (const w of items) {
          for (const h of arr(w.webhooks).map(obj)) {
            const cc = obj(h.clientConfig);
            const svc = obj(cc.service);
            out.push({
              kind,
              name: str(obj(w.metadata).name),
              webhook: str(h.name),
              ...(svc.name ? { service: `${str(svc.namespace)}/${str(svc.name)}` } : {}),
              caBundle: parsePemChain(
                Buffer.from(
                  str(cc.caBundle) ? String(cc.caBundle).slice(0, API_CERT_FIELD_MAX_CHARS) : '',
                  'base64',
                ).toString('utf8'),
              ),
            });
          }
        }
      }
      const { items } = await listAll(
        client,
        '/apis/apiregistration.k8s.io/v1/apiservices',
        'apiservices',
        (a) => a,
        budget,
      );
      for (const a of items) {
        const spec = obj(a.spec);
        if (!spec.service) continue;
        const svc = obj(spec.service);
        const avail = arr(obj(a.status).conditions)
          .map(obj)
          .find((c) => c.type === 'Available');
        out.push({
          kind: 'APIService',
          name: str(obj(a.metadata).name),
          service: `${str(svc.namespace)}/${str(svc.name)}`,
          caBundle: parsePemChain(
            Buffer.from(
              str(spec.caBundle) ? String(spec.caBundle).slice(0, API_CERT_FIELD_MAX_CHARS) : '',
              'base64',
            ).toString('utf8'),
          ),
          ...(avail && avail.status === 'False' ? { unavailableMessage: str(avail.message) } : {}),
        });
      }
      return out;
    });
  const metrics = () =>
    part<MetricsFacts | undefined>('metrics', undefined, async () => {
      let res: Awaited<ReturnType<ApiClient['get']>>;
      try {
        res = await client.get('/metrics', budget, undefined, 'text/plain');
      } catch (e) {
        const f = mapNetError(e);
        throw new PartFailure({ reason: f.reason, detail: `/metrics: ${f.message}` });
      }
      if (res.status !== 200) throw failureFor(res.status, '/metrics');
      return parseMetrics(res.body.slice(0, 16 * 1024 * 1024));
    });
  const daemonSets = () =>
    part<string[]>(
      'kubeSystem',
      [],
      async () =>
        (
          await listAll(
            client,
            '/apis/apps/v1/daemonsets',
            'daemonsets',
            (d) => `${str(obj(d.metadata).namespace)}/${str(obj(d.metadata).name)}`,
            budget,
          )
        ).items,
    );

  const calico = () =>
    part<CalicoFacts | undefined>('calico', undefined, async () => {
      // Calico's KDD CRDs; a 404 means Calico (KDD) is not installed, which is an answer, not a failure.
      const base = '/apis/crd.projectcalico.org/v1';
      const probe = await client.get(`${base}/ippools?limit=1`, budget).catch((e: unknown) => {
        const f = mapNetError(e);
        throw new PartFailure({ reason: f.reason, detail: `ippools: ${f.message}` });
      });
      if (probe.status === 404) return undefined;
      if (probe.status !== 200) throw failureFor(probe.status, 'ippools');
      const [pools, blocks] = await Promise.all([
        listAll(
          client,
          `${base}/ippools`,
          'ippools',
          (p) => {
            const spec = obj(p.spec);
            return {
              name: str(obj(p.metadata).name),
              cidr: str(spec.cidr),
              blockSize: Number(spec.blockSize) || 26,
              disabled: spec.disabled === true,
            };
          },
          budget,
        ),
        listAll(
          client,
          `${base}/ipamblocks`,
          'ipamblocks',
          (b) => {
            const spec = obj(b.spec);
            const allocations = arr(spec.allocations);
            const affinity = str(spec.affinity);
            return {
              cidr: str(spec.cidr),
              ...(affinity.startsWith('host:') ? { host: affinity.slice(5) } : {}),
              used: allocations.filter((a) => a !== null).length,
              size: allocations.length,
            };
          },
          budget,
        ),
      ]);
      let maxBlocksPerHost = 0;
      const cfg = await client.get(`${base}/ipamconfigs/default`, budget).catch(() => undefined);
      if (cfg?.status === 200) {
        try {
          maxBlocksPerHost = Number(obj(obj(JSON.parse(cfg.body)).spec).maxBlocksPerHost) || 0;
        } catch {
          // keep 0 (unlimited)
        }
      }
      return { pools: pools.items, blocks: blocks.items, maxBlocksPerHost };
    });

  const has = (p: SnapshotPart): boolean => want.has(p);
  const [v, ns, ps, evs, ls, eps, cls, sc, kc, ca, cs, whs, m, ds, cal, iw] = await Promise.all([
    has('version') ? version() : undefined,
    has('nodes') ? nodes() : [],
    has('pods') ? pods() : [],
    has('events') ? events() : [],
    has('leases') ? leases() : { items: [] },
    has('apiserverEndpoints') ? endpoints() : [],
    has('clocks') ? clocks() : [],
    has('servingCerts') ? servingCerts() : [],
    has('kubeletCerts') ? kubeletCerts() : [],
    has('servingCerts') || has('kubeletCerts') ? clusterCA() : undefined,
    has('csrs') ? csrs() : [],
    has('webhooks') ? webhooks() : [],
    has('metrics') ? metrics() : undefined,
    has('kubeSystem') ? daemonSets() : [],
    has('calico') ? calico() : undefined,
    has('clocks') && has('leases') ? identityWatch() : undefined,
  ]);
  client.close();
  const lsv = ls as { items: LeaseFacts[]; stamp?: ListStamp };
  const caFacts = ca as ReturnType<typeof parsePemChain> | undefined;
  const trusted = record.caData ? parsePemChain(record.caData) : [];
  return {
    cluster: record.name,
    server: record.server,
    takenAt: new Date(),
    parts: [...want],
    ...(v ? { version: v } : {}),
    nodes: ns,
    pods: ps,
    events: evs,
    leases: lsv.items,
    ...(lsv.stamp ? { leasesStamp: lsv.stamp } : {}),
    ...(iw ? { identityWatch: iw } : {}),
    apiserverEndpoints: eps,
    clocks: cls,
    servingCerts: sc,
    kubeletCerts: kc,
    ...(caFacts && caFacts.length > 0 ? { clusterCA: caFacts } : {}),
    ...(trusted.length > 0 ? { trustedCA: trusted } : {}),
    csrs: cs,
    webhooks: whs,
    ...(m ? { metrics: m } : {}),
    ...(has('credential') ? { credential: credentialFacts(record) } : {}),
    ...(has('kubeSystem')
      ? {
          kubeSystem: {
            pods: ps.filter((p) => p.namespace === 'kube-system').map((p) => p.name),
            daemonSets: ds,
          },
        }
      : {}),
    ...(cal ? { calico: cal } : {}),
    kubeletsReachable: record.kubeletsReachable,
    unreadable,
    requestCount: client.requestCount,
  };
}
