/**
 * One collector per snapshot part, behind a table (COLLECTORS) as the checks are (checks/index.ts):
 * each reads its part with the client and the budget, through the other parts it needs (read once
 * per snapshot), and reduces API objects to facts (reduce.ts). collect.ts runs the ones a check needs.
 * @module
 */

import { deadline } from '../core/deadline.js';
import { API_CERT_FIELD_MAX_CHARS, IDENTITY_WATCH_MS, METRICS_MAX_CHARS } from '../core/limits.js';
import { mapBounded } from '../core/pool.js';
import { parsePemChain } from '../core/x509.js';
import type { ApiClient } from './connect.js';
import { mapNetError, statusDetail } from './connect.js';
import { parseCsr } from './csr.js';
import { failureFor, getJson, type J, listAll, PartFailure } from './fetch.js';
import { parseApiJson } from './json.js';
import { probeAgent, probeClock } from './probes/clock.js';
import { probeTls, type TlsTarget } from './probes/tls.js';
import { arr, date, eventFacts, leaseFacts, nodeFacts, obj, parseMetrics, podFacts, str } from './reduce.js';
import type { ClusterRecord } from './registry.js';
import type {
  ApiserverEndpoint,
  CalicoFacts,
  ClockReading,
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
  WebhookFacts,
} from './snapshot.js';

/** Options for {@link collectSnapshot} (collect.ts). */
export interface CollectOptions {
  /** Overall budget, ms. @default SNAPSHOT_BUDGET_MS */
  readonly budgetMs?: number;
  /** Refine clock offsets below 1 s by waiting for the Date second to tick. @default true */
  readonly refineClocks?: boolean;
}

/** What each collector produces. */
export interface PartValues {
  version: { gitVersion: string } | undefined;
  nodes: NodeFacts[];
  pods: PodFacts[];
  events: EventFacts[];
  leases: { items: LeaseFacts[]; stamp?: ListStamp };
  apiserverEndpoints: ApiserverEndpoint[];
  clocks: ClockReading[];
  identityWatch: IdentityWatch | undefined;
  servingCerts: TlsProbe[];
  kubeletCerts: TlsProbe[];
  clusterCA: ReturnType<typeof parsePemChain> | undefined;
  csrs: CsrFacts[];
  webhooks: WebhookFacts[];
  metrics: MetricsFacts | undefined;
  daemonSets: string[];
  calico: CalicoFacts | undefined;
}

/** A collector's name. */
export type PartKey = keyof PartValues;

/** What a collector reads with. */
export interface Reads {
  readonly client: ApiClient;
  readonly record: ClusterRecord;
  /** The snapshot's budget (and the caller's signal). */
  readonly budget: AbortSignal;
  readonly opts: CollectOptions;
  /** Another part, read once per snapshot (its empty value when it could not be read). */
  get<K extends PartKey>(k: K): Promise<PartValues[K]>;
}

/** A collector: the part whose Unreadable entry reports its failure, its empty value, how it reads. */
export interface Collector<K extends PartKey> {
  readonly part: SnapshotPart;
  readonly empty: PartValues[K];
  collect(r: Reads): Promise<PartValues[K]>;
}

/** The apiserver version (/version). */
async function readVersion(r: Reads): Promise<{ gitVersion: string } | undefined> {
  const v = await getJson(r.client, '/version', '/version', r.budget);
  return { gitVersion: str(v.gitVersion) };
}

/** Nodes, reduced to facts. */
async function readNodes(r: Reads): Promise<NodeFacts[]> {
  return (await listAll(r.client, '/api/v1/nodes', 'nodes', nodeFacts, r.budget)).items;
}

/** Pods, reduced to facts. */
async function readPods(r: Reads): Promise<PodFacts[]> {
  return (await listAll(r.client, '/api/v1/pods', 'pods', podFacts, r.budget)).items;
}

/** Events, reduced to facts. */
async function readEvents(r: Reads): Promise<EventFacts[]> {
  return (await listAll(r.client, '/api/v1/events', 'events', eventFacts, r.budget)).items;
}

/** Leases (node and identity), with the list's own timing. */
async function readLeases(r: Reads): Promise<{ items: LeaseFacts[]; stamp?: ListStamp }> {
  return listAll(r.client, '/apis/coordination.k8s.io/v1/leases', 'leases', leaseFacts, r.budget);
}

/** The apiserver endpoints: the `kubernetes` EndpointSlice and the record's own list. */
async function readApiserverEndpoints(r: Reads): Promise<ApiserverEndpoint[]> {
  const ns = await r.get('nodes');
  const byIP = new Map(ns.filter((n) => n.internalIP).map((n) => [n.internalIP as string, n.name]));
  const { items } = await listAll(
    r.client,
    '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
    'endpointslices',
    (s) => s,
    r.budget,
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
  for (const extra of r.record.endpoints) {
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
}

/** Anonymous clock probes of every apiserver endpoint. */
async function readClocks(r: Reads): Promise<ClockReading[]> {
  const eps = await r.get('apiserverEndpoints');
  const agent = probeAgent(r.record.caData || undefined);
  const readings = await mapBounded(eps, 8, (e) =>
    probeClock(
      agent,
      {
        name: e.node ?? `${e.address}:${e.port}`,
        kind: 'apiserver',
        address: e.address,
        port: e.port,
        path: '/livez',
      },
      r.budget,
      r.opts.refineClocks ?? true,
    ),
  );
  agent.destroy();
  return readings;
}

/** Identity Leases that no probed endpoint accounts for (an apiserver the probes cannot reach, or
one that stopped): watch them for one renewal interval. A renewal gives that apiserver's offset
to within the event's delivery time; a Lease not renewed in the whole window is not live. */
async function readIdentityWatch(r: Reads): Promise<IdentityWatch | undefined> {
  const [ls, cls] = await Promise.all([r.get('leases'), r.get('clocks')]);
  const answered = cls.filter((c) => c.offsetMs !== undefined);
  const probed = new Set(answered.map((c) => c.target));
  const identity = ls.items.filter((l) => l.apiserverIdentity && l.namespace === 'kube-system');
  const watched = new Set(identity.filter((l) => !(l.hostname && probed.has(l.hostname))).map((l) => l.name));
  // As many answering endpoints as Leases left over: the clock model pairs them by clock
  // agreement, no watch needed. More Leases than endpoints: an apiserver the probes did not
  // reach, or one that stopped (its Lease lingers): only a watch tells them apart.
  const unmatchedProbes = answered.filter((c) => !identity.some((l) => l.hostname === c.target)).length;
  if (watched.size === 0 || watched.size <= unmatchedProbes) return undefined;
  const renewals: LeaseRenewal[] = [];
  const renewed = new Set<string>();
  const startedAt = new Date();
  const window = deadline(IDENTITY_WATCH_MS, r.budget);
  let error: string | undefined;
  try {
    const status = await r.client.watch(
      `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?watch=1&timeoutSeconds=${Math.ceil(IDENTITY_WATCH_MS / 1000) + 1}`,
      window,
      (line, at) => {
        let ev: J;
        try {
          ev = obj(parseApiJson(line));
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
}

/**
 * A k3s or RKE2 supervisor answers on the apiserver's port and (before mid-2023, k3s#7312) adds
 * every SNI name it is asked for to its `k3s-serving` certificate, stored in the cluster: a probe
 * with SNI apiserver-loopback-client would write to the cluster. It is recognised read-only first,
 * from the version string or the serving certificate's issuer, and then never sent that name.
 */
export function isK3sLike(version: string | undefined, serving: readonly TlsProbe[]): boolean {
  if (version && /\+(?:k3s|rke2)/.test(version)) return true;
  return serving.some((p) =>
    (p.chain ?? []).some(
      (c) =>
        /CN=(?:k3s|rke2)-(?:server-)?ca@\d+/.test(c.issuer) ||
        /O=k3s\b/.test(c.subject) ||
        c.commonName === 'k3s',
    ),
  );
}

/** TLS probes of each endpoint (serving, then loopback certificates) and of the address clients use. */
async function readServingCerts(r: Reads): Promise<TlsProbe[]> {
  const [eps, version] = await Promise.all([r.get('apiserverEndpoints'), r.get('version')]);
  const ca = r.record.caData ? { ca: r.record.caData } : {};
  const serving: TlsTarget[] = eps.map((e) => ({
    target: 'apiserver-serving' as const,
    address: e.address,
    port: e.port,
    ...(e.node ? { node: e.node } : {}),
    ...ca,
  }));
  // Also the address clients use (a load balancer, or the only reachable endpoint): it answers
  // even when the API itself cannot be read (an expired serving certificate, a wrong CA).
  const u = new URL(r.record.server);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port) || 443;
  if (!eps.some((e) => e.address === host && e.port === port)) {
    const sni = /^[\d.]+$|:/.test(host) ? {} : { servername: host };
    serving.push({ target: 'apiserver-serving', address: host, port, ...sni, ...ca });
  }
  const servingProbes = await mapBounded(serving, 8, (t) => probeTls(t, r.budget));
  if (isK3sLike(version?.gitVersion, servingProbes)) return servingProbes;
  const loopback: TlsTarget[] = eps.map((e) => ({
    target: 'apiserver-loopback' as const,
    address: e.address,
    port: e.port,
    servername: 'apiserver-loopback-client',
    ...(e.node ? { node: e.node } : {}),
  }));
  return [...servingProbes, ...(await mapBounded(loopback, 8, (t) => probeTls(t, r.budget)))];
}

/** TLS probes of each kubelet (when the record says kubelets are reachable). */
async function readKubeletCerts(r: Reads): Promise<TlsProbe[]> {
  if (!r.record.kubeletsReachable) return [];
  const ns = (await r.get('nodes')).filter((n) => n.internalIP);
  return mapBounded(ns, 16, (n) =>
    probeTls(
      {
        target: 'kubelet',
        address: n.internalIP as string,
        port: n.kubeletPort,
        node: n.name,
        ...(r.record.caData ? { ca: r.record.caData } : {}),
      },
      r.budget,
    ),
  );
}

/** The cluster CA from kube-root-ca.crt. */
async function readClusterCA(r: Reads): Promise<ReturnType<typeof parsePemChain> | undefined> {
  const cm = await getJson(
    r.client,
    '/api/v1/namespaces/kube-system/configmaps/kube-root-ca.crt',
    'configmaps',
    r.budget,
  );
  const pem = obj(cm.data)['ca.crt'];
  return parsePemChain(typeof pem === 'string' ? pem.slice(0, API_CERT_FIELD_MAX_CHARS) : '');
}

/** CertificateSigningRequests, with the names and key type of each request. */
async function readCsrs(r: Reads): Promise<CsrFacts[]> {
  return (
    await listAll(
      r.client,
      '/apis/certificates.k8s.io/v1/certificatesigningrequests',
      'certificatesigningrequests',
      (c) => {
        const md = obj(c.metadata);
        const spec = obj(c.spec);
        const st = obj(c.status);
        const conds = arr(st.conditions).map((x) => str(obj(x).type));
        // The request is base64 PEM (~1–2 KB): bounded separately from API_STRING_MAX_CHARS.
        const req = typeof spec.request === 'string' ? spec.request.slice(0, API_CERT_FIELD_MAX_CHARS) : '';
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
      r.budget,
    )
  ).items;
}

/** Webhook configurations and APIServices with their CA bundles. */
async function readWebhooks(r: Reads): Promise<WebhookFacts[]> {
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
    const { items } = await listAll(r.client, path, res, (w) => w, r.budget);
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
    r.client,
    '/apis/apiregistration.k8s.io/v1/apiservices',
    'apiservices',
    (a) => a,
    r.budget,
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
}

/** The apiserver's token metrics (/metrics). */
async function readMetrics(r: Reads): Promise<MetricsFacts | undefined> {
  let res: Awaited<ReturnType<ApiClient['get']>>;
  try {
    res = await r.client.get('/metrics', r.budget, undefined, 'text/plain');
  } catch (e) {
    const f = mapNetError(e);
    throw new PartFailure({ reason: f.reason, detail: `/metrics: ${f.message}` });
  }
  if (res.status !== 200) throw failureFor(res.status, '/metrics');
  return parseMetrics(res.body.slice(0, METRICS_MAX_CHARS));
}

/** DaemonSets (which CNI and agents run). */
async function readDaemonSets(r: Reads): Promise<string[]> {
  return (
    await listAll(
      r.client,
      '/apis/apps/v1/daemonsets',
      'daemonsets',
      (d) => `${str(obj(d.metadata).namespace)}/${str(obj(d.metadata).name)}`,
      r.budget,
    )
  ).items;
}

/** Calico IPAM (KDD CRDs), when installed. */
async function readCalico(r: Reads): Promise<CalicoFacts | undefined> {
  // Calico's KDD CRDs; a 404 means Calico (KDD) is not installed, which is an answer, not a failure.
  const base = '/apis/crd.projectcalico.org/v1';
  const probe = await r.client.get(`${base}/ippools?limit=1`, r.budget).catch((e: unknown) => {
    const f = mapNetError(e);
    throw new PartFailure({ reason: f.reason, detail: `ippools: ${f.message}` });
  });
  if (probe.status === 404) return undefined;
  if (probe.status !== 200) throw failureFor(probe.status, 'ippools');
  const [pools, blocks] = await Promise.all([
    listAll(
      r.client,
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
      r.budget,
    ),
    listAll(
      r.client,
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
      r.budget,
    ),
  ]);
  let maxBlocksPerHost = 0;
  const cfg = await r.client.get(`${base}/ipamconfigs/default`, r.budget).catch(() => undefined);
  if (cfg?.status === 200) {
    try {
      maxBlocksPerHost = Number(obj(obj(parseApiJson(cfg.body)).spec).maxBlocksPerHost) || 0;
    } catch {
      // keep 0 (unlimited)
    }
  }
  return { pools: pools.items, blocks: blocks.items, maxBlocksPerHost };
}

/** Every collector, by name. */
export const COLLECTORS: { readonly [K in PartKey]: Collector<K> } = {
  version: { part: 'version', empty: undefined, collect: readVersion },
  nodes: { part: 'nodes', empty: [], collect: readNodes },
  pods: { part: 'pods', empty: [], collect: readPods },
  events: { part: 'events', empty: [], collect: readEvents },
  leases: { part: 'leases', empty: { items: [] }, collect: readLeases },
  apiserverEndpoints: { part: 'apiserverEndpoints', empty: [], collect: readApiserverEndpoints },
  clocks: { part: 'clocks', empty: [], collect: readClocks },
  identityWatch: { part: 'leases', empty: undefined, collect: readIdentityWatch },
  servingCerts: { part: 'servingCerts', empty: [], collect: readServingCerts },
  kubeletCerts: { part: 'kubeletCerts', empty: [], collect: readKubeletCerts },
  clusterCA: { part: 'servingCerts', empty: undefined, collect: readClusterCA },
  csrs: { part: 'csrs', empty: [], collect: readCsrs },
  webhooks: { part: 'webhooks', empty: [], collect: readWebhooks },
  metrics: { part: 'metrics', empty: undefined, collect: readMetrics },
  daemonSets: { part: 'kubeSystem', empty: [], collect: readDaemonSets },
  calico: { part: 'calico', empty: undefined, collect: readCalico },
};

/** Which collectors a snapshot runs, given the parts wanted. */
export const RUNS: { readonly [K in PartKey]: (has: (p: SnapshotPart) => boolean) => boolean } = {
  version: (has) => has('version'),
  nodes: (has) => has('nodes'),
  pods: (has) => has('pods'),
  events: (has) => has('events'),
  leases: (has) => has('leases'),
  apiserverEndpoints: (has) => has('apiserverEndpoints'),
  clocks: (has) => has('clocks'),
  identityWatch: (has) => has('clocks') && has('leases'),
  servingCerts: (has) => has('servingCerts'),
  kubeletCerts: (has) => has('kubeletCerts'),
  clusterCA: (has) => has('servingCerts') || has('kubeletCerts'),
  csrs: (has) => has('csrs'),
  webhooks: (has) => has('webhooks'),
  metrics: (has) => has('metrics'),
  daemonSets: (has) => has('kubeSystem'),
  calico: (has) => has('calico'),
};
