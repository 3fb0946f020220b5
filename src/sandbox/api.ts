/**
 * The sandbox's request handling: one request to one apiserver endpoint, answered as that apiserver
 * would. Its clock in Date and in what it stamps, its fault, authentication and RBAC (auth.ts),
 * discovery, self reviews, TokenRequest, and reads (get, list with paging and Table, watch). The
 * stages run in the apiserver's handler-chain order; each is a function below.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowed_, allowedNonResource, type Identity, rulesReview } from './auth.js';
import type { ApiserverSpec, Scenario } from './scenario.js';
import type { Obj, ResourceType, World } from './world.js';

const S = 1000;

/** One request the sandbox received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Listener that received it: "front", an apiserver name, or "kubelet/<node>". */
  readonly listener: string;
  readonly status: number;
  readonly user?: string;
}

/** What the request handler reads: the scenario, its world, the identities, the request log. */
export interface HandlerDeps {
  readonly scenario: Scenario;
  readonly world: () => World;
  readonly requests: RecordedRequest[];
  readonly throttleCount: Map<number, number>;
  readonly authenticate: (header: string | undefined, clockMs: number) => Promise<Identity | undefined>;
  readonly mint: (ns: string, name: string, iatMs: number, expMs: number) => Promise<string>;
  readonly issuer: string;
}

/** One request in flight: where it came in, the answering apiserver's clock, how to record it. */
interface Call {
  readonly d: HandlerDeps;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly api: ApiserverSpec;
  readonly apiIndex: number;
  readonly realNow: number;
  /** The answering apiserver's clock, ms. */
  readonly clock: number;
  readonly url: URL;
  readonly record: (status: number, user?: string) => void;
}

/** Answers one request to one apiserver endpoint (`apiIndex`), received on `listener`. */
export async function handleRequest(
  d: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  listener: string,
  apiIndex: number,
): Promise<void> {
  const api = d.scenario.apiservers[apiIndex] as ApiserverSpec;
  const realNow = Date.now();
  const clock = realNow + api.clockOffsetSeconds * S;
  const url = new URL(req.url ?? '/', 'https://sandbox');
  const record = (status: number, user?: string): void => {
    d.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      listener,
      status,
      ...(user ? { user } : {}),
    });
  };
  const c: Call = { d, req, res, api, apiIndex, realNow, clock, url, record };
  res.setHeader('Date', new Date(clock).toUTCString());
  res.setHeader('Audit-Id', `sandbox-${d.requests.length}`);
  res.setHeader('Cache-Control', 'no-cache, private');
  if (await answeredByFault(c)) return;
  // Drain any body (reviews) with a cap.
  const body = await readBody(req, 64 * 1024);
  const path = url.pathname;
  if (['/livez', '/readyz', '/healthz'].includes(path)) {
    record(200);
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('ok');
  }
  const who = await d.authenticate(req.headers.authorization, clock);
  if (!who) return sendStatus(res, 401, 'Unauthorized', 'Unauthorized', record);
  if (api.fault === 'malformed') {
    record(200, who.user);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return void res.end('{"kind":"NodeList","apiVersion":"v1","items":[{"metadata":');
  }
  if ((!path.startsWith('/api/') && !path.startsWith('/apis/')) || path === '/api' || path === '/apis')
    return nonResource(c, who);
  const route = parsePath(path.replace(/\/serviceaccounts\/([^/]+)\/token$/, '/serviceaccounts/$1'));
  if (!route) return notFound(c, who);
  if (route.resource === undefined)
    return sendJson(res, resourceList(d.world(), route.group, route.version), record, who.user);
  const method = req.method ?? 'GET';
  // Self reviews (the only writes the sandbox accepts; they change nothing).
  if (route.group === 'authorization.k8s.io' && method === 'POST') {
    const answered = selfReview(c, who, route.resource, body);
    if (answered) return;
  }
  const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  const verb = method === 'GET' ? (route.name ? 'get' : watch ? 'watch' : 'list') : method.toLowerCase();
  if (!allowed_(who, d.scenario, verb, route.group, route.resource, route.name)) {
    const scope = route.namespace ? `in the namespace "${route.namespace}"` : 'at the cluster scope';
    const what = `${route.resource}${route.name ? ` "${route.name}"` : ''}`;
    const msg = `${what} is forbidden: User "${who.user}" cannot ${verb} resource "${route.resource}" in API group "${route.group}" ${scope}`;
    return sendStatus(res, 403, 'Forbidden', msg, record, who.user);
  }
  const tr = /^\/api\/v1\/namespaces\/([a-z0-9-]{1,63})\/serviceaccounts\/([a-z0-9-]{1,253})\/token$/.exec(
    path,
  );
  if (tr && method === 'POST' && !who.readOnly)
    return tokenRequest(c, who, tr[1] as string, tr[2] as string, body);
  if (method !== 'GET')
    return sendStatus(res, 405, 'MethodNotAllowed', 'the sandbox cluster is read-only', record, who.user);
  return read(c, who, route as Route & { resource: string }, verb);
}

/** The endpoint's fault, if it answers before anything else: hang, slow, 500, every other call 429. */
async function answeredByFault(c: Call): Promise<boolean> {
  const { api, res, record } = c;
  if (api.fault === 'hang') return true; // accepts and never answers
  if (api.fault === 'slow') await new Promise((r) => setTimeout(r, 2_500));
  if (api.fault === 'error-500') {
    sendStatus(res, 500, 'InternalError', 'Internal error occurred: etcdserver: request timed out', record);
    return true;
  }
  if (api.fault === 'throttle-429') {
    const n = (c.d.throttleCount.get(c.apiIndex) ?? 0) + 1;
    c.d.throttleCount.set(c.apiIndex, n);
    if (n % 2 === 1) {
      c.res.setHeader('Retry-After', '1');
      sendStatus(res, 429, 'TooManyRequests', 'Too many requests, please try again later.', record);
      return true;
    }
  }
  return false;
}

function notFound(c: Call, who: Identity): void {
  sendStatus(c.res, 404, 'NotFound', 'the server could not find the requested resource', c.record, who.user);
}

/** Non-resource URLs: /version, /metrics, discovery roots; RBAC by path. */
function nonResource(c: Call, who: Identity) {
  const { res, record } = c;
  const path = c.url.pathname;
  if (!allowedNonResource(who.rules, path)) {
    const msg = `forbidden: User "${who.user}" cannot get path "${path}"`;
    return sendStatus(res, 403, 'Forbidden', msg, record, who.user);
  }
  if (path === '/version') return sendJson(res, versionInfo(c.d.scenario), record, who.user);
  if (path === '/metrics') {
    record(200, who.user);
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    return void res.end(metricsText(c.d.scenario));
  }
  if (path === '/api') {
    const versions = {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${c.api.name}:6443` }],
    };
    return sendJson(res, versions, record, who.user);
  }
  if (path === '/apis') return sendJson(res, apiGroupList(c.d.world()), record, who.user);
  return notFound(c, who);
}

/** SelfSubjectRulesReview and SelfSubjectAccessReview; false for any other authorization POST. */
function selfReview(c: Call, who: Identity, resource: string, body: string): boolean {
  const spec = (safeJson(body) as { spec?: Obj } | undefined)?.spec ?? {};
  if (resource === 'selfsubjectrulesreviews') {
    sendJson(c.res, rulesReview(who, spec), c.record, who.user, 201);
    return true;
  }
  if (resource !== 'selfsubjectaccessreviews') return false;
  const ra = (spec.resourceAttributes ?? {}) as Obj;
  const na = (spec.nonResourceAttributes ?? {}) as Obj;
  const res = String(ra.resource ?? '');
  const allowed = spec.nonResourceAttributes
    ? allowedNonResource(who.rules, String(na.path ?? ''), String(na.verb ?? 'get'))
    : allowed_(
        who,
        c.d.scenario,
        String(ra.verb ?? 'get'),
        String(ra.group ?? ''),
        ra.subresource ? `${res}/${String(ra.subresource)}` : res,
        ra.name as string | undefined,
      );
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec,
    status: { allowed },
  };
  sendJson(c.res, review, c.record, who.user, 201);
  return true;
}

/** TokenRequest (kubectl create token): the handling apiserver stamps iat = nbf = its own clock. */
async function tokenRequest(c: Call, who: Identity, ns: string, name: string, body: string): Promise<void> {
  const spec = (safeJson(body) as { spec?: { expirationSeconds?: number } } | undefined)?.spec ?? {};
  const ttl = Math.min(Math.max(Number(spec.expirationSeconds) || 3600, 600), 365 * 86_400);
  const jwt = await c.d.mint(ns, name, c.clock, c.clock + ttl * S);
  const answer = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace: ns },
    spec: { audiences: [c.d.issuer], expirationSeconds: ttl },
    status: {
      token: jwt,
      expirationTimestamp: new Date(c.clock + ttl * S).toISOString().replace(/\.\d+Z$/, 'Z'),
    },
  };
  return sendJson(c.res, answer, c.record, who.user, 201);
}

/** A read: get one object, watch, or list (paged, continue tokens that expire, Table on request). */
function read(c: Call, who: Identity, route: Route & { resource: string }, verb: string) {
  const { res, record, url, clock } = c;
  const rt = c.d
    .world()
    .resources.find(
      (r) => r.group === route.group && r.version === route.version && r.plural === route.resource,
    );
  if (!rt) return notFound(c, who);
  const table = (c.req.headers.accept ?? '').includes('as=Table');
  const ctx = { realNowMs: c.realNow };
  if (route.name) {
    const item = rt.items.find(
      (it) => rt.nameOf(it) === route.name && (!rt.namespaced || rt.namespaceOf(it) === route.namespace),
    );
    if (!item) {
      const msg = `${route.resource}${route.group ? `.${route.group}` : ''} "${route.name}" not found`;
      const details = {
        name: route.name,
        ...(route.group ? { group: route.group } : {}),
        kind: route.resource,
      };
      return sendStatus(res, 404, 'NotFound', msg, record, who.user, details);
    }
    const obj = rt.toObject(item, ctx);
    return sendJson(res, table ? toTable(rt, [obj], clock, {}) : obj, record, who.user);
  }
  if (verb === 'watch')
    return watchItems(c.req, res, rt, route.namespace, url.searchParams, () => record(200, who.user));
  let list: ReturnType<typeof listItems>;
  try {
    list = listItems(rt, route.namespace, url.searchParams);
  } catch (e) {
    return sendStatus(res, 400, 'BadRequest', (e as Error).message, record, who.user);
  }
  if (list.expired) {
    const msg = 'The provided continue parameter is too old to display a consistent list result.';
    return sendStatus(res, 410, 'Expired', msg, record, who.user);
  }
  const objs = list.items.map((it) => rt.toObject(it, ctx));
  const listMeta: Obj = { resourceVersion: String(RESOURCE_VERSION) };
  if (list.next !== undefined) {
    listMeta.continue = list.next;
    listMeta.remainingItemCount = list.remaining;
  }
  if (table) return sendJson(res, toTable(rt, objs, clock, listMeta), record, who.user);
  const apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
  return sendJson(
    res,
    { kind: `${rt.kind}List`, apiVersion, metadata: listMeta, items: objs },
    record,
    who.user,
  );
}

const RESOURCE_VERSION = 424242;

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function sendJson(
  res: ServerResponse,
  obj: unknown,
  record: (status: number, user?: string) => void,
  user?: string,
  status = 200,
): void {
  record(status, user);
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(obj));
}

export function sendStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  record: (status: number, user?: string) => void,
  user?: string,
  details?: Obj,
): void {
  sendJson(
    res,
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    },
    record,
    user,
    code,
  );
}

function versionInfo(sc: Scenario): Obj {
  const v =
    sc.distribution === 'k3s'
      ? `${sc.kubernetesVersion}+k3s1`
      : sc.distribution === 'rke2'
        ? `${sc.kubernetesVersion}+rke2r1`
        : sc.kubernetesVersion;
  const [major, minor] = v.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion: v,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-02-14T10:32:40Z',
    goVersion: 'go1.21.7',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function metricsText(sc: Scenario): string {
  return [
    '# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    '# TYPE apiserver_request_total counter',
    'apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="nodes",scope="cluster",subresource="",verb="LIST",version="v1"} 1234',
    '# HELP serviceaccount_legacy_tokens_total [ALPHA] Cumulative legacy service account tokens used',
    '# TYPE serviceaccount_legacy_tokens_total counter',
    `serviceaccount_legacy_tokens_total ${sc.metrics.legacyTokens}`,
    '# HELP serviceaccount_stale_tokens_total [ALPHA] Cumulative stale projected service account tokens used',
    '# TYPE serviceaccount_stale_tokens_total counter',
    `serviceaccount_stale_tokens_total ${sc.metrics.staleTokens}`,
    '# HELP serviceaccount_valid_tokens_total [ALPHA] Cumulative valid projected service account tokens used',
    '# TYPE serviceaccount_valid_tokens_total counter',
    'serviceaccount_valid_tokens_total 52113',
    '',
  ].join('\n');
}

interface Route {
  readonly group: string;
  readonly version: string;
  readonly namespace?: string;
  readonly resource?: string;
  readonly name?: string;
}

const SEG = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function parsePath(path: string): Route | undefined {
  const parts = path.split('/').filter(Boolean);
  let group = '';
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  }
  if (!version || rest.some((p) => !SEG.test(p))) return undefined;
  if (rest.length === 0) return { group, version };
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    return {
      group,
      version,
      namespace: rest[1] as string,
      resource: rest[2] as string,
      ...(rest[3] ? { name: rest[3] } : {}),
    };
  }
  if (rest.length > 2) return undefined;
  return { group, version, resource: rest[0] as string, ...(rest[1] ? { name: rest[1] } : {}) };
}

const REVIEWS = [
  { name: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview' },
  { name: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview' },
];

function groupVersions(w: World): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const r of w.resources) {
    if (!m.has(r.group)) m.set(r.group, new Set());
    m.get(r.group)?.add(r.version);
  }
  m.set('authorization.k8s.io', new Set(['v1']));
  return m;
}

function apiGroupList(w: World): Obj {
  const groups = [...groupVersions(w).entries()]
    .filter(([g]) => g !== '')
    .map(([name, versions]) => {
      const vs = [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
      return { name, versions: vs, preferredVersion: vs[0] };
    });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

function resourceList(w: World, group: string, version: string): Obj {
  const resources: Obj[] = w.resources
    .filter((r) => r.group === group && r.version === version)
    .map((r) => ({
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ['get', 'list', 'watch'],
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    }));
  if (group === 'authorization.k8s.io') {
    for (const r of REVIEWS)
      resources.push({ name: r.name, singularName: '', namespaced: false, kind: r.kind, verbs: ['create'] });
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

type Selector = { key: string; op: '=' | '!=' | 'exists' | '!exists'; value?: string }[];

function parseSelector(s: string | null, kind: 'label' | 'field'): Selector {
  if (!s) return [];
  if (s.length > 4096) throw new Error(`${kind}Selector is too long`);
  return s.split(',').map((term) => {
    const t = term.trim();
    let m = /^([^=!]+)(==|=|!=)(.*)$/.exec(t);
    if (m)
      return { key: (m[1] as string).trim(), op: m[2] === '!=' ? '!=' : '=', value: (m[3] as string).trim() };
    m = /^!([A-Za-z0-9./_-]+)$/.exec(t);
    if (m && kind === 'label') return { key: m[1] as string, op: '!exists' };
    if (/^[A-Za-z0-9./_-]+$/.test(t) && kind === 'label') return { key: t, op: 'exists' };
    throw new Error(`unable to parse requirement: invalid ${kind} selector "${t}"`);
  });
}

function matches(sel: Selector, get: (k: string) => string | undefined): boolean {
  return sel.every((r) => {
    const v = get(r.key);
    if (r.op === 'exists') return v !== undefined;
    if (r.op === '!exists') return v === undefined;
    if (r.op === '=') return v === r.value;
    return v !== r.value;
  });
}

/**
 * A watch: streams MODIFIED events as objects change (the sandbox computes objects from the clock,
 * so it polls them every 100 ms and sends those whose resourceVersion moved), until
 * timeoutSeconds (default 30 s, at most 60 s) or the client goes away.
 */
function watchItems(
  req: IncomingMessage,
  res: ServerResponse,
  rt: ResourceType<never>,
  namespace: string | undefined,
  q: URLSearchParams,
  record: () => void,
): void {
  const pick = (): Obj[] => {
    const p = new URLSearchParams(q);
    p.delete('watch');
    p.delete('timeoutSeconds');
    return listItems(rt, namespace, p).items.map((it) => rt.toObject(it, { realNowMs: Date.now() }) as Obj);
  };
  const rv = (o: Obj): string => String(((o.metadata ?? {}) as Obj).resourceVersion ?? '');
  const key = (o: Obj): string =>
    `${((o.metadata ?? {}) as Obj).namespace}/${((o.metadata ?? {}) as Obj).name}`;
  const last = new Map(pick().map((o) => [key(o), rv(o)]));
  record();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  const timer = setInterval(() => {
    for (const o of pick()) {
      if (last.get(key(o)) === rv(o)) continue;
      last.set(key(o), rv(o));
      res.write(`${JSON.stringify({ type: 'MODIFIED', object: o })}\n`);
    }
  }, 100);
  const stop = (): void => {
    clearInterval(timer);
    clearTimeout(end);
    if (!res.writableEnded) res.end();
  };
  const end = setTimeout(stop, Math.min(Number(q.get('timeoutSeconds')) || 30, 60) * 1000);
  req.on('close', stop);
}

function listItems(
  rt: ResourceType<never>,
  namespace: string | undefined,
  q: URLSearchParams,
): { items: never[]; next?: string; remaining?: number; expired?: boolean } {
  const labelSel = parseSelector(q.get('labelSelector'), 'label');
  const fieldSel = parseSelector(q.get('fieldSelector'), 'field');
  for (const f of fieldSel) {
    if (
      rt.fieldOf(rt.items[0] as never, f.key) === undefined &&
      rt.items.length > 0 &&
      !['metadata.name', 'metadata.namespace', 'source.host'].includes(f.key)
    ) {
      throw new Error(`"${f.key}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
  }
  const limit = Math.max(0, Number(q.get('limit') ?? '0') || 0);
  let start = 0;
  const cont = q.get('continue');
  if (cont) {
    try {
      const c = JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as { rv: number; start: number };
      if (c.rv !== RESOURCE_VERSION) return { items: [], expired: true };
      start = c.start;
    } catch {
      throw new Error('continue key is not valid: illegal base64 data');
    }
  }
  const out: never[] = [];
  let i = start;
  for (; i < rt.items.length; i++) {
    const it = rt.items[i] as never;
    if (namespace !== undefined && rt.namespaceOf(it) !== namespace) continue;
    if (!matches(labelSel, (k) => rt.labelsOf(it)[k])) continue;
    if (!matches(fieldSel, (k) => rt.fieldOf(it, k))) continue;
    if (limit > 0 && out.length >= limit) break;
    out.push(it);
  }
  if (limit > 0 && i < rt.items.length) {
    // Count what remains (approximate like the real apiserver: unfiltered remainder).
    return {
      items: out,
      next: Buffer.from(JSON.stringify({ rv: RESOURCE_VERSION, start: i })).toString('base64'),
      remaining: rt.items.length - i,
    };
  }
  return { items: out };
}

function age(fromIso: unknown, nowMs: number): string {
  const t = typeof fromIso === 'string' ? Date.parse(fromIso) : Number.NaN;
  if (Number.isNaN(t)) return '<unknown>';
  const s = Math.max(0, Math.round((nowMs - t) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** A meta.k8s.io/v1 Table, as `kubectl get` asks for. */
function toTable(rt: ResourceType<never>, objs: Obj[], clockMs: number, listMeta: Obj): Obj {
  const col = (name: string, type = 'string', format = ''): Obj => ({
    name,
    type,
    format,
    description: name,
    priority: 0,
  });
  let columns: Obj[] = [col('Name', 'string', 'name')];
  let cells = (o: Obj): unknown[] => [(o.metadata as Obj).name];
  const ageOf = (o: Obj): string => age((o.metadata as Obj).creationTimestamp, clockMs);
  if (rt.kind === 'Node') {
    columns = [col('Name', 'string', 'name'), col('Status'), col('Roles'), col('Age'), col('Version')];
    cells = (o) => {
      const st = o.status as Obj;
      const ready = (st.conditions as Obj[]).find((c) => c.type === 'Ready');
      const labels = (o.metadata as Obj).labels as Record<string, string>;
      const roles =
        Object.keys(labels)
          .filter((k) => k.startsWith('node-role.kubernetes.io/'))
          .map((k) => k.split('/')[1])
          .join(',') || '<none>';
      return [
        (o.metadata as Obj).name,
        ready?.status === 'True' ? 'Ready' : ready?.status === 'Unknown' ? 'NotReady' : 'NotReady',
        roles,
        ageOf(o),
        (st.nodeInfo as Obj).kubeletVersion,
      ];
    };
  } else if (rt.kind === 'Lease') {
    columns = [col('Name', 'string', 'name'), col('Holder'), col('Age')];
    cells = (o) => [(o.metadata as Obj).name, (o.spec as Obj).holderIdentity, ageOf(o)];
  } else if (rt.kind === 'EndpointSlice') {
    columns = [col('Name', 'string', 'name'), col('AddressType'), col('Ports'), col('Endpoints'), col('Age')];
    cells = (o) => [
      (o.metadata as Obj).name,
      o.addressType,
      ((o.ports as Obj[]) ?? []).map((p) => p.port).join(','),
      ((o.endpoints as Obj[]) ?? []).flatMap((e) => e.addresses as string[]).join(','),
      ageOf(o),
    ];
  } else if (rt.kind === 'Pod') {
    columns = [
      col('Name', 'string', 'name'),
      col('Ready'),
      col('Status'),
      col('Restarts', 'integer'),
      col('Age'),
      col('IP'),
      col('Node'),
    ];
    cells = (o) => [
      (o.metadata as Obj).name,
      '1/1',
      (o.status as Obj).phase,
      0,
      ageOf(o),
      (o.status as Obj).podIP ?? '<none>',
      (o.spec as Obj).nodeName,
    ];
  } else {
    columns = [col('Name', 'string', 'name'), col('Age')];
    cells = (o) => [(o.metadata as Obj).name, ageOf(o)];
  }
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns,
    rows: objs.map((o) => ({
      cells: cells(o),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
