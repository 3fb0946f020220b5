/**
 * The sandbox cluster's network side: one TLS listener per apiserver endpoint (own clock, own
 * serving and loopback certificates), a front listener that spreads requests like a load balancer,
 * and one TLS listener per kubelet. Authenticates bearer tokens with the 60 s leeway against the
 * handling apiserver's clock, authorizes with the scenario's RBAC, and records every request.
 * @module
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { compactVerify, importSPKI, SignJWT } from 'jose';
import { parse, stringify } from 'yaml';
import { addDays, issue, type KeyedCert, type RsaKey, rsaKey } from './pki.js';
import type { ApiserverSpec, RbacRule, Scenario } from './scenario.js';
import { type Obj, type ResourceType, World } from './world.js';

/** Name of the service account kube-triage uses in the sandbox. */
export const BOT_SA = { namespace: 'kube-triage', name: 'kube-triage' } as const;

/** One request the sandbox received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Listener that received it: "front", an apiserver name, or "kubelet/<node>". */
  readonly listener: string;
  readonly status: number;
  readonly user?: string;
}

/** An apiserver endpoint as reachable from outside. */
export interface SandboxEndpoint {
  readonly name: string;
  readonly ip: string;
  readonly port: number;
  readonly url: string;
}

/** A running sandbox cluster. */
export interface Sandbox {
  readonly scenario: Scenario;
  /** URL of the front (load-balanced) listener, the kubeconfig `server`. */
  readonly server: string;
  /** PEM of the cluster CA. */
  readonly caPem: string;
  /** Read-only token for kube-triage (the `kube-triage` service account). */
  readonly token: string;
  /** Token of a cluster-admin identity, for tests of `register`'s refusal. */
  readonly adminToken: string;
  readonly endpoints: readonly SandboxEndpoint[];
  readonly kubelets: readonly { readonly node: string; readonly ip: string; readonly port: number }[];
  /** Every request received so far, oldest first. */
  readonly requests: RecordedRequest[];
  /** A kubeconfig YAML for this sandbox (context `sandbox`). */
  kubeconfig(contextName?: string): string;
  close(): Promise<void>;
}

/** Options for {@link startSandbox}. */
export interface SandboxOptions {
  /** Real start time (ms); default now. */
  readonly startMs?: number;
}

/**
 * What every authenticated identity may do in a real cluster regardless of bindings:
 * system:discovery, system:public-info-viewer and system:basic-user (self reviews).
 */
const DEFAULT_RULES: readonly RbacRule[] = [
  {
    nonResourceURLs: [
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/version',
      '/healthz',
      '/livez',
      '/readyz',
      '/openapi',
      '/openapi/*',
    ],
    verbs: ['get'],
  },
  // system:basic-user: every authenticated identity may review its own permissions and, from 1.28,
  // its own identity (observed on kube-apiserver v1.28.7; docs/clocks.md).
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    verbs: ['create'],
  },
  {
    apiGroups: ['authentication.k8s.io'],
    resources: ['selfsubjectreviews'],
    verbs: ['create'],
  },
];

/** The rules of infra/k8s/clusterrole.yaml: the sandbox grants kube-triage exactly what the manifest grants. */
export function readOnlyRules(): RbacRule[] {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [
    join(here, '..', '..', 'infra', 'k8s', 'clusterrole.yaml'),
    join(here, '..', '..', '..', 'infra', 'k8s', 'clusterrole.yaml'),
  ]) {
    if (!existsSync(p)) continue;
    const doc = parse(readFileSync(p, 'utf8')) as { rules?: RbacRule[] };
    return doc.rules ?? [];
  }
  throw new Error('sandbox: infra/k8s/clusterrole.yaml not found');
}

const ADMIN_RULES: readonly RbacRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

const S = 1000;

/** Starts a sandbox cluster for the scenario on free loopback addresses and ports. */
export async function startSandbox(scenario: Scenario, opts: SandboxOptions = {}): Promise<Sandbox> {
  const startMs = opts.startMs ?? Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await tryStart(scenario, startMs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 8) throw e;
    }
  }
}

interface Identity {
  readonly user: string;
  readonly rules: readonly RbacRule[];
  readonly readOnly: boolean;
}

/** The TLS contexts of one apiserver endpoint: serving, loopback (SNI), and the serving PEM. */
export type Ctxs = { normal: SecureContext; loopback: SecureContext; pem: KeyedCert };

/**
 * The sandbox's keys and certificates: the cluster CA, and per apiserver its serving certificate and
 * its in-memory loopback certificate (each stamped with that apiserver's clock). One key per role
 * (RSA generation is the slow part of a start).
 */
function makePki(scenario: Scenario, startMs: number, frontIP: string) {
  const caKey = rsaKey();
  const leafKey = rsaKey();
  const firstOff = (scenario.apiservers[0]?.clockOffsetSeconds ?? 0) * S;
  const caStart = new Date(startMs - 200 * 86_400_000 + firstOff);
  const ca = issue({
    cn: 'kubernetes',
    notBefore: caStart,
    notAfter: addDays(new Date(startMs), scenario.caExpiresInDays),
    isCA: true,
    key: caKey,
  });
  const caPem = ca.pem.certPem;
  const commonDns = [
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    'localhost',
  ];
  const servingCtx = (api: ApiserverSpec, ip: string): Ctxs => {
    const off = api.clockOffsetSeconds * S;
    const serving = issue({
      cn: 'kube-apiserver',
      notBefore: addDays(new Date(startMs + off), -api.serving.notBeforeDaysAgo),
      notAfter: addDays(new Date(startMs + off), api.serving.expiresInDays),
      dns: [...commonDns, api.name],
      ips: [ip, frontIP, '10.96.0.1', '127.0.0.1'],
      key: leafKey,
      issuer: { cert: ca.cert, key: caKey },
    });
    // kube-apiserver's in-memory loopback certificate (serving_with_loopback.go): self-signed CA +
    // leaf for SNI apiserver-loopback-client, NotBefore = start − 1 h, stamped with its own clock.
    const apiStart = startMs - api.startedDaysAgo * 86_400_000 + off;
    const unix = Math.floor(apiStart / 1000);
    const nb = new Date(apiStart - 3_600_000);
    const lbCa = issue({
      cn: `apiserver-loopback-client-ca@${unix}`,
      notBefore: nb,
      notAfter: addDays(nb, api.loopbackValidityDays),
      isCA: true,
      key: caKey,
    });
    const lb = issue({
      cn: `apiserver-loopback-client@${unix}`,
      notBefore: nb,
      notAfter: addDays(nb, api.loopbackValidityDays),
      dns: ['apiserver-loopback-client'],
      key: leafKey,
      issuer: { cert: lbCa.cert, key: caKey },
    });
    return {
      normal: createSecureContext({ cert: serving.pem.certPem + caPem, key: serving.pem.keyPem }),
      loopback: createSecureContext({ cert: lb.pem.certPem + lbCa.pem.certPem, key: lb.pem.keyPem }),
      pem: { certPem: serving.pem.certPem + caPem, keyPem: serving.pem.keyPem },
    };
  };
  return { ca, caPem, caKey, leafKey, servingCtx };
}

/**
 * Service-account tokens signed with the sandbox's key, and authentication as a real apiserver does
 * it (go-jose with a 60 s leeway, against the answering apiserver's clock): the read-only bot, an
 * admin, and any other service account (authenticated, no rules).
 */
async function makeAuth(scenario: Scenario, startMs: number, saKey: RsaKey) {
  const saPrivate = saKey.privatePem;
  const { createPrivateKey } = await import('node:crypto');
  const signKey = createPrivateKey(saPrivate);
  const verifyKey = await importSPKI(saKey.publicPem, 'RS256');
  const issuer = 'https://kubernetes.default.svc.cluster.local';
  const mint = async (ns: string, name: string, iatMs: number, expMs: number): Promise<string> =>
    new SignJWT({
      'kubernetes.io': { namespace: ns, serviceaccount: { name, uid: `uid-${ns}-${name}` } },
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'sandbox-sa-key' })
      .setIssuer(issuer)
      .setSubject(`system:serviceaccount:${ns}:${name}`)
      .setAudience([issuer])
      .setIssuedAt(Math.floor(iatMs / S))
      .setNotBefore(Math.floor(iatMs / S))
      .setExpirationTime(Math.floor(expMs / S))
      .sign(signKey);
  const token = await mint(
    BOT_SA.namespace,
    BOT_SA.name,
    startMs - 86_400_000,
    startMs + scenario.botTokenExpiresInDays * 86_400_000,
  );
  const adminToken = await mint('kube-system', 'admin', startMs - 86_400_000, startMs + 365 * 86_400_000);
  const identities = new Map<string, Identity>([
    [
      `system:serviceaccount:${BOT_SA.namespace}:${BOT_SA.name}`,
      {
        user: `system:serviceaccount:${BOT_SA.namespace}:${BOT_SA.name}`,
        rules: [...readOnlyRules(), ...DEFAULT_RULES],
        readOnly: true,
      },
    ],
    [
      'system:serviceaccount:kube-system:admin',
      { user: 'system:serviceaccount:kube-system:admin', rules: ADMIN_RULES, readOnly: false },
    ],
  ]);
  const verified = new Map<string, { sub: string; nbf: number; exp: number } | null>();
  const authenticate = async (header: string | undefined, clockMs: number): Promise<Identity | undefined> => {
    const m = /^Bearer ([A-Za-z0-9._-]{1,8192})$/.exec(header ?? '');
    if (!m) return undefined;
    const jwt = m[1] as string;
    let claims = verified.get(jwt);
    if (claims === undefined) {
      try {
        const { payload } = await compactVerify(jwt, verifyKey);
        const c = JSON.parse(new TextDecoder().decode(payload)) as { sub: string; nbf: number; exp: number };
        claims = { sub: c.sub, nbf: c.nbf, exp: c.exp };
      } catch {
        claims = null;
      }
      if (verified.size > 1000) verified.clear();
      verified.set(jwt, claims);
    }
    if (!claims) return undefined;
    // go-jose validation with jwt.DefaultLeeway = 60 s, against this apiserver's clock.
    const now = clockMs / S;
    if (now + 60 < claims.nbf || now - 60 > claims.exp) return undefined;
    // Any other service account authenticates but has no rules (403 for everything).
    return identities.get(claims.sub) ?? { user: claims.sub, rules: DEFAULT_RULES, readOnly: true };
  };
  return { token, adminToken, authenticate, mint, issuer };
}

/** What the request handler reads: the scenario, its world, the identities, the request log. */
interface HandlerDeps {
  readonly scenario: Scenario;
  readonly world: () => World;
  readonly requests: RecordedRequest[];
  readonly throttleCount: Map<number, number>;
  readonly authenticate: (header: string | undefined, clockMs: number) => Promise<Identity | undefined>;
  readonly mint: (ns: string, name: string, iatMs: number, expMs: number) => Promise<string>;
  readonly issuer: string;
}

/**
 * One request to one apiserver endpoint, answered as that apiserver would: its clock in Date and in
 * what it stamps, its fault, authentication and RBAC, discovery, reviews, lists and watches. (About
 * 250 lines: one route table, read top to bottom like the apiserver's handler chain.)
 */
async function handleRequest(
  d: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  listener: string,
  apiIndex: number,
): Promise<void> {
  const { scenario, requests, throttleCount, authenticate, mint, issuer } = d;
  const world = d.world();

  const api = scenario.apiservers[apiIndex] as ApiserverSpec;
  const realNow = Date.now();
  const clock = realNow + api.clockOffsetSeconds * S;
  const url = new URL(req.url ?? '/', 'https://sandbox');
  const record = (status: number, user?: string): void => {
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      listener,
      status,
      ...(user ? { user } : {}),
    });
  };
  res.setHeader('Date', new Date(clock).toUTCString());
  res.setHeader('Audit-Id', `sandbox-${requests.length}`);
  res.setHeader('Cache-Control', 'no-cache, private');
  if (api.fault === 'hang') return; // accepts and never answers
  if (api.fault === 'slow') await new Promise((r) => setTimeout(r, 2_500));
  if (api.fault === 'error-500')
    return sendStatus(
      res,
      500,
      'InternalError',
      'Internal error occurred: etcdserver: request timed out',
      record,
    );
  if (api.fault === 'throttle-429') {
    const n = (throttleCount.get(apiIndex) ?? 0) + 1;
    throttleCount.set(apiIndex, n);
    if (n % 2 === 1) {
      res.setHeader('Retry-After', '1');
      return sendStatus(res, 429, 'TooManyRequests', 'Too many requests, please try again later.', record);
    }
  }
  // Drain any body (reviews) with a cap.
  const body = await readBody(req, 64 * 1024);
  const path = url.pathname;
  if (['/livez', '/readyz', '/healthz'].includes(path)) {
    record(200);
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('ok');
  }
  const who = await authenticate(req.headers.authorization, clock);
  if (!who) return sendStatus(res, 401, 'Unauthorized', 'Unauthorized', record);
  const w = world as World;
  const method = req.method ?? 'GET';
  if (api.fault === 'malformed') {
    record(200, who.user);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return void res.end('{"kind":"NodeList","apiVersion":"v1","items":[{"metadata":');
  }
  // Non-resource URLs.
  if ((!path.startsWith('/api/') && !path.startsWith('/apis/')) || path === '/api' || path === '/apis') {
    if (!allowedNonResource(who.rules, path)) {
      return sendStatus(
        res,
        403,
        'Forbidden',
        `forbidden: User "${who.user}" cannot get path "${path}"`,
        record,
        who.user,
      );
    }
    if (path === '/version') return sendJson(res, versionInfo(scenario), record, who.user);
    if (path === '/metrics') {
      record(200, who.user);
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      return void res.end(metricsText(scenario));
    }
    if (path === '/api')
      return sendJson(
        res,
        {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${api.name}:6443` }],
        },
        record,
        who.user,
      );
    if (path === '/apis') return sendJson(res, apiGroupList(w), record, who.user);
    return sendStatus(
      res,
      404,
      'NotFound',
      'the server could not find the requested resource',
      record,
      who.user,
    );
  }
  const route = parsePath(path.replace(/\/serviceaccounts\/([^/]+)\/token$/, '/serviceaccounts/$1'));
  if (!route)
    return sendStatus(
      res,
      404,
      'NotFound',
      'the server could not find the requested resource',
      record,
      who.user,
    );
  if (route.resource === undefined) {
    return sendJson(res, resourceList(w, route.group, route.version), record, who.user);
  }
  // Self reviews (the only writes the sandbox accepts; they change nothing).
  if (route.group === 'authorization.k8s.io' && method === 'POST') {
    const spec = (safeJson(body) as { spec?: Obj } | undefined)?.spec ?? {};
    if (route.resource === 'selfsubjectrulesreviews') {
      return sendJson(res, rulesReview(who, spec), record, who.user, 201);
    }
    if (route.resource === 'selfsubjectaccessreviews') {
      const ra = (spec.resourceAttributes ?? {}) as Obj;
      const na = (spec.nonResourceAttributes ?? {}) as Obj;
      const allowed = spec.nonResourceAttributes
        ? allowedNonResource(who.rules, String(na.path ?? ''), String(na.verb ?? 'get'))
        : allowed_(
            who,
            scenario,
            String(ra.verb ?? 'get'),
            String(ra.group ?? ''),
            ra.subresource
              ? `${String(ra.resource ?? '')}/${String(ra.subresource)}`
              : String(ra.resource ?? ''),
            ra.name as string | undefined,
          );
      return sendJson(
        res,
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec,
          status: { allowed },
        },
        record,
        who.user,
        201,
      );
    }
  }
  const verb =
    method === 'GET'
      ? route.name
        ? 'get'
        : ['true', '1'].includes(url.searchParams.get('watch') ?? '')
          ? 'watch'
          : 'list'
      : method.toLowerCase();
  if (!allowed_(who, scenario, verb, route.group, route.resource, route.name)) {
    const scope = route.namespace ? `in the namespace "${route.namespace}"` : 'at the cluster scope';
    return sendStatus(
      res,
      403,
      'Forbidden',
      `${route.resource}${route.name ? ` "${route.name}"` : ''} is forbidden: User "${who.user}" cannot ${verb} resource "${route.resource}" in API group "${route.group}" ${scope}`,
      record,
      who.user,
    );
  }
  // TokenRequest (kubectl create token): the handling apiserver stamps iat = nbf = its own clock.
  const tr = /^\/api\/v1\/namespaces\/([a-z0-9-]{1,63})\/serviceaccounts\/([a-z0-9-]{1,253})\/token$/.exec(
    path,
  );
  if (tr && method === 'POST' && !who.readOnly) {
    const spec = ((safeJson(body) as { spec?: { expirationSeconds?: number } } | undefined)?.spec ?? {}) as {
      expirationSeconds?: number;
    };
    const ttl = Math.min(Math.max(Number(spec.expirationSeconds) || 3600, 600), 365 * 86_400);
    const jwt = await mint(tr[1] as string, tr[2] as string, clock, clock + ttl * S);
    return sendJson(
      res,
      {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name: tr[2], namespace: tr[1] },
        spec: { audiences: [issuer], expirationSeconds: ttl },
        status: {
          token: jwt,
          expirationTimestamp: new Date(clock + ttl * S).toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      },
      record,
      who.user,
      201,
    );
  }
  if (method !== 'GET')
    return sendStatus(res, 405, 'MethodNotAllowed', 'the sandbox cluster is read-only', record, who.user);
  const rt = w.resources.find(
    (r) => r.group === route.group && r.version === route.version && r.plural === route.resource,
  );
  if (!rt)
    return sendStatus(
      res,
      404,
      'NotFound',
      'the server could not find the requested resource',
      record,
      who.user,
    );
  const table = (req.headers.accept ?? '').includes('as=Table');
  const ctx = { realNowMs: realNow };
  if (route.name) {
    const item = rt.items.find(
      (it) => rt.nameOf(it) === route.name && (!rt.namespaced || rt.namespaceOf(it) === route.namespace),
    );
    if (!item)
      return sendStatus(
        res,
        404,
        'NotFound',
        `${route.resource}${route.group ? `.${route.group}` : ''} "${route.name}" not found`,
        record,
        who.user,
        { name: route.name, ...(route.group ? { group: route.group } : {}), kind: route.resource },
      );
    const obj = rt.toObject(item, ctx);
    return sendJson(res, table ? toTable(rt, [obj], clock, {}) : obj, record, who.user);
  }
  if (verb === 'watch')
    return watchItems(req, res, rt, route.namespace, url.searchParams, () => record(200, who.user));
  let list: ReturnType<typeof listItems>;
  try {
    list = listItems(rt, route.namespace, url.searchParams);
  } catch (e) {
    return sendStatus(res, 400, 'BadRequest', (e as Error).message, record, who.user);
  }
  if (list.expired)
    return sendStatus(
      res,
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result.',
      record,
      who.user,
    );
  const objs = list.items.map((it) => rt.toObject(it, ctx));
  const listMeta: Obj = { resourceVersion: String(RESOURCE_VERSION) };
  if (list.next !== undefined) {
    listMeta.continue = list.next;
    listMeta.remainingItemCount = list.remaining;
  }
  if (table) return sendJson(res, toTable(rt, objs, clock, listMeta), record, who.user);
  return sendJson(
    res,
    {
      kind: `${rt.kind}List`,
      apiVersion: rt.group ? `${rt.group}/${rt.version}` : rt.version,
      metadata: listMeta,
      items: objs,
    },
    record,
    who.user,
  );
}

async function tryStart(scenario: Scenario, startMs: number): Promise<Sandbox> {
  const a = randomInt(1, 255);
  const b = randomInt(0, 200);
  const apiIPs = scenario.apiservers.map((_, i) => `127.${a}.${b}.${10 + i}`);
  const frontIP = `127.${a}.${b}.2`;
  // A control-plane node named like an apiserver has that apiserver's address, as in a real cluster.
  const nodeIPs = scenario.nodes.map((n, i) => {
    const api = scenario.apiservers.findIndex((x) => x.name === n.name);
    return api >= 0 ? (apiIPs[api] as string) : `127.${a}.${b + 1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
  });

  const saKey = rsaKey();
  const { ca, caPem, caKey, leafKey, servingCtx } = makePki(scenario, startMs, frontIP);
  const { token, adminToken, authenticate, mint, issuer } = await makeAuth(scenario, startMs, saKey);

  // --- listeners ------------------------------------------------------------------------------------
  const requests: RecordedRequest[] = [];
  const servers: (HttpsServer | NetServer)[] = [];
  const sockets = new Set<Socket>();
  const track = (s: HttpsServer | NetServer): void => {
    servers.push(s);
    s.on('connection', (sock: Socket) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
  };
  const listen = (s: HttpsServer | NetServer, ip: string, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, ip, () => {
        s.off('error', reject);
        resolve((s.address() as { port: number }).port);
      });
    });
  const closeAll = async (): Promise<void> => {
    for (const sock of sockets) sock.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  };

  let world: World | undefined;
  let rr = 0;
  // The front listener is a TCP-level load balancer: it skips endpoints that do not accept or finish
  // a TLS handshake, and passes HTTP-level trouble (slow, 500, 429, malformed) straight through.
  const healthy = scenario.apiservers
    .map((_, i) => i)
    .filter((i) => !['hang', 'refuse', 'tls-fail'].includes(scenario.apiservers[i]?.fault ?? 'none'));

  const throttleCount = new Map<number, number>();

  const deps: HandlerDeps = {
    scenario,
    world: () => world as World,
    requests,
    throttleCount,
    authenticate,
    mint,
    issuer,
  };
  const handle = (req: IncomingMessage, res: ServerResponse, listener: string, apiIndex: number) =>
    handleRequest(deps, req, res, listener, apiIndex);

  const onRequest = (listener: string, pick: () => number) => (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, listener, pick()).catch((e: unknown) => {
      if (!res.headersSent)
        sendStatus(res, 500, 'InternalError', `sandbox: ${(e as Error).message}`, () => {});
    });
  };

  // Apiserver endpoints share one port on different loopback IPs, like 6443 on each control-plane node.
  let apiPort = 0;
  const endpoints: SandboxEndpoint[] = [];
  const contexts = scenario.apiservers.map((api, i) => servingCtx(api, apiIPs[i] as string));
  for (const [i, api] of scenario.apiservers.entries()) {
    const ip = apiIPs[i] as string;
    const ctxs = contexts[i] as Ctxs;
    if (api.fault === 'refuse') {
      // Listed in the EndpointSlice, nothing listens: connection refused.
      endpoints.push({ name: api.name, ip, port: apiPort, url: '' });
      continue;
    }
    let s: HttpsServer | NetServer;
    if (api.fault === 'tls-fail') {
      s = createNetServer((sock) => sock.end('HTTP/1.1 400 Bad Request\r\n\r\nnot tls'));
    } else {
      s = createHttpsServer(
        {
          // Without SNI (a client dialling an IP) the default certificate is the serving one.
          cert: ctxs.pem.certPem,
          key: ctxs.pem.keyPem,
          SNICallback: (servername, cb) =>
            cb(null, servername === 'apiserver-loopback-client' ? ctxs.loopback : ctxs.normal),
        },
        onRequest(api.name, () => i),
      );
    }
    track(s);
    try {
      apiPort = await listen(s, ip, apiPort);
    } catch (e) {
      await closeAll();
      throw e;
    }
    endpoints.push({ name: api.name, ip, port: apiPort, url: `https://${ip}:${apiPort}` });
  }
  if (apiPort === 0) {
    await closeAll();
    throw new Error('sandbox: every apiserver refuses connections; at least one must listen');
  }
  const fixed = endpoints.map((e) =>
    e.url === '' ? { ...e, port: apiPort, url: `https://${e.ip}:${apiPort}` } : e,
  );

  // Front listener: a load balancer over the healthy endpoints (round robin), like the address in a
  // kubeconfig. TLS terminates here with a cert for the front address signed by the cluster CA.
  const frontCtx = contexts[healthy[0] ?? 0] as Ctxs;
  const front = createHttpsServer(
    {
      cert: frontCtx.pem.certPem,
      key: frontCtx.pem.keyPem,
      SNICallback: (servername, cb) =>
        cb(null, servername === 'apiserver-loopback-client' ? frontCtx.loopback : frontCtx.normal),
    },
    onRequest('front', () => {
      const pool = healthy.length > 0 ? healthy : [0];
      const i = pool[rr++ % pool.length] as number;
      return i;
    }),
  );
  track(front);
  const frontPort = await listen(front, frontIP, 0).catch(async (e) => {
    await closeAll();
    throw e;
  });

  // Kubelets.
  const kubelets: { node: string; ip: string; port: number }[] = [];
  const kubeletPorts: number[] = [];
  if (scenario.kubeletListeners) {
    for (const [i, n] of scenario.nodes.entries()) {
      const ip = nodeIPs[i] as string;
      const off = n.clockOffsetSeconds * S;
      const k = n.kubelet;
      const ipSans = (k.ipSans ?? ['$internalIP', '127.0.0.1']).map((x) => (x === '$internalIP' ? ip : x));
      const selfCa = k.selfSigned
        ? issue({
            cn: `${n.name}-ca@${Math.floor(startMs / S)}`,
            notBefore: addDays(new Date(startMs + off), -k.notBeforeDaysAgo),
            notAfter: addDays(new Date(startMs + off), k.expiresInDays + 30),
            isCA: true,
            key: caKey,
          })
        : undefined;
      const cert = issue({
        cn: k.selfSigned ? `${n.name}@${Math.floor(startMs / S)}` : `system:node:${n.name}`,
        ...(k.selfSigned ? {} : { org: 'system:nodes' }),
        notBefore: addDays(new Date(startMs + off), -k.notBeforeDaysAgo),
        notAfter: addDays(new Date(startMs + off), k.expiresInDays),
        dns: k.dnsSans ?? [n.name, 'localhost'],
        ips: ipSans,
        key: leafKey,
        issuer: selfCa ? { cert: selfCa.cert, key: caKey } : { cert: ca.cert, key: caKey },
      });
      const chain: KeyedCert = cert.pem;
      const s = createHttpsServer({ cert: chain.certPem, key: chain.keyPem }, (req, res) => {
        res.setHeader('Date', new Date(Date.now() + off).toUTCString());
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        requests.push({
          method: req.method ?? 'GET',
          path,
          listener: `kubelet/${n.name}`,
          status: path === '/healthz' ? 200 : 401,
        });
        if (path === '/healthz') {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          return void res.end('ok');
        }
        res.writeHead(401, { 'Content-Type': 'text/plain' });
        res.end('Unauthorized');
      });
      track(s);
      const port = await listen(s, ip, 0).catch(async (e) => {
        await closeAll();
        throw e;
      });
      kubelets.push({ node: n.name, ip, port });
      kubeletPorts.push(port);
    }
  }

  world = new World(
    scenario,
    { apiserverIPs: apiIPs, apiserverPort: apiPort, nodeIPs, kubeletPorts, caPem },
    startMs,
  );
  const server = `https://${frontIP}:${frontPort}`;
  return {
    scenario,
    server,
    caPem,
    token,
    adminToken,
    endpoints: fixed,
    kubelets,
    requests,
    kubeconfig(contextName = 'sandbox') {
      return stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: contextName,
            cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
          },
        ],
        users: [{ name: `${contextName}-kube-triage`, user: { token } }],
        contexts: [
          { name: contextName, context: { cluster: contextName, user: `${contextName}-kube-triage` } },
        ],
        'current-context': contextName,
      });
    },
    close: closeAll,
  };
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

function sendStatus(
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

function ruleMatches(rule: RbacRule, verb: string, group: string, resource: string, name?: string): boolean {
  if (!rule.resources) return false;
  const has = (list: readonly string[] | undefined, v: string): boolean =>
    !!list && (list.includes('*') || list.includes(v));
  if (!has(rule.verbs, verb) || !has(rule.apiGroups, group) || !has(rule.resources, resource)) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0)
    return name !== undefined ? rule.resourceNames.includes(name) : false;
  return true;
}

function allowed_(
  who: Identity,
  sc: Scenario,
  verb: string,
  group: string,
  resource: string,
  name?: string,
): boolean {
  if (who.readOnly && sc.forbid.includes(resource)) return false;
  const ok = who.rules.some((r) => ruleMatches(r, verb, group, resource, name));
  if (ok) return true;
  if (resource === 'configmaps' && verb === 'list')
    return who.rules.some((r) => ruleMatches(r, 'list', group, resource, 'kube-root-ca.crt'));
  return false;
}

function allowedNonResource(rules: readonly RbacRule[], path: string, verb = 'get'): boolean {
  return rules.some(
    (r) =>
      r.nonResourceURLs?.some(
        (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
      ) &&
      (r.verbs.includes('*') || r.verbs.includes(verb)),
  );
}

function rulesReview(who: Identity, spec: Obj): Obj {
  const resourceRules = who.rules
    .filter((r) => r.resources)
    .map((r) => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
    }));
  resourceRules.push(
    {
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  );
  const nonResourceRules = who.rules
    .filter((r) => r.nonResourceURLs)
    .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    spec,
    status: { resourceRules, nonResourceRules, incomplete: false },
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
