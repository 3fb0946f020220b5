/**
 * The sandbox cluster's network side: one TLS listener per apiserver endpoint (own clock, own
 * serving and loopback certificates), a front listener that spreads requests like a load balancer,
 * and one TLS listener per kubelet. Authenticates bearer tokens with the 60 s leeway against the
 * handling apiserver's clock, authorizes with the scenario's RBAC, and records every request.
 * @module
 */
import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { stringify } from 'yaml';
import { type HandlerDeps, handleRequest, type RecordedRequest, sendStatus } from './api.js';
import { makeAuth } from './auth.js';
import { addDays, type Ctxs, issue, type KeyedCert, makePki, rsaKey } from './pki.js';
import type { Scenario } from './scenario.js';
import { World } from './world.js';

export type { RecordedRequest } from './api.js';
export { BOT_SA } from './auth.js';

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
  /** Every TLS server name (SNI) clients asked the apiserver listeners for, oldest first. */
  readonly sniNames: string[];
  /** A kubeconfig YAML for this sandbox (context `sandbox`). */
  kubeconfig(contextName?: string): string;
  close(): Promise<void>;
}

/** Options for {@link startSandbox}. */
export interface SandboxOptions {
  /** Real start time (ms); default now. */
  readonly startMs?: number;
}
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

/** The sandbox's loopback addresses: one per apiserver, the front, one per node (control-plane nodes share their apiserver's). */
function addresses(scenario: Scenario): { apiIPs: string[]; frontIP: string; nodeIPs: string[] } {
  const a = randomInt(1, 255);
  const b = randomInt(0, 200);
  const apiIPs = scenario.apiservers.map((_, i) => `127.${a}.${b}.${10 + i}`);
  const nodeIPs = scenario.nodes.map((n, i) => {
    const api = scenario.apiservers.findIndex((x) => x.name === n.name);
    return api >= 0 ? (apiIPs[api] as string) : `127.${a}.${b + 1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
  });
  return { apiIPs, frontIP: `127.${a}.${b}.2`, nodeIPs };
}

/** The servers of one sandbox and their open sockets: listen, or close them all on the first failure. */
class Listeners {
  private readonly servers: (HttpsServer | NetServer)[] = [];
  private readonly sockets = new Set<Socket>();

  /** Listens on ip:port (0: any free port) and returns the port; on failure closes every listener. */
  async listen(s: HttpsServer | NetServer, ip: string, port: number): Promise<number> {
    this.servers.push(s);
    s.on('connection', (sock: Socket) => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
    });
    try {
      return await new Promise((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, ip, () => {
          s.off('error', reject);
          resolve((s.address() as { port: number }).port);
        });
      });
    } catch (e) {
      await this.closeAll();
      throw e;
    }
  }

  async closeAll(): Promise<void> {
    for (const sock of this.sockets) sock.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** An HTTPS server with the apiserver's two certificates: the loopback one for SNI apiserver-loopback-client. */
function apiserverTls(
  ctxs: Ctxs,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  sniNames: string[],
): HttpsServer {
  return createHttpsServer(
    {
      // Without SNI (a client dialling an IP) the default certificate is the serving one.
      cert: ctxs.pem.certPem,
      key: ctxs.pem.keyPem,
      SNICallback: (servername, cb) => {
        if (sniNames.length < 10_000) sniNames.push(servername);
        cb(null, servername === 'apiserver-loopback-client' ? ctxs.loopback : ctxs.normal);
      },
    },
    onRequest,
  );
}

type OnRequest = (
  listener: string,
  pick: () => number,
) => (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The apiserver endpoints: one port on different loopback IPs, like 6443 on each control-plane node.
 * A `refuse` endpoint is listed with nothing listening; a `tls-fail` one answers plain text.
 */
async function startApiservers(
  scenario: Scenario,
  apiIPs: string[],
  contexts: Ctxs[],
  onRequest: OnRequest,
  ls: Listeners,
  sniNames: string[],
): Promise<{ apiPort: number; endpoints: SandboxEndpoint[] }> {
  let apiPort = 0;
  const endpoints: SandboxEndpoint[] = [];
  for (const [i, api] of scenario.apiservers.entries()) {
    const ip = apiIPs[i] as string;
    if (api.fault === 'refuse') {
      endpoints.push({ name: api.name, ip, port: 0, url: '' });
      continue;
    }
    const s =
      api.fault === 'tls-fail'
        ? createNetServer((sock) => sock.end('HTTP/1.1 400 Bad Request\r\n\r\nnot tls'))
        : apiserverTls(
            contexts[i] as Ctxs,
            onRequest(api.name, () => i),
            sniNames,
          );
    apiPort = await ls.listen(s, ip, apiPort);
    endpoints.push({ name: api.name, ip, port: apiPort, url: `https://${ip}:${apiPort}` });
  }
  if (apiPort === 0) {
    await ls.closeAll();
    throw new Error('sandbox: every apiserver refuses connections; at least one must listen');
  }
  const port = apiPort;
  return {
    apiPort,
    endpoints: endpoints.map((e) => (e.url === '' ? { ...e, port, url: `https://${e.ip}:${port}` } : e)),
  };
}

/**
 * The kubelets' serving endpoints (only /healthz answers without credentials), each with a
 * certificate stamped with its node's clock: signed by the cluster CA (`system:node:<name>`) or
 * self-signed, with the SANs the scenario gives.
 */
async function startKubelets(
  scenario: Scenario,
  nodeIPs: string[],
  pki: ReturnType<typeof makePki>,
  startMs: number,
  requests: RecordedRequest[],
  ls: Listeners,
): Promise<{ node: string; ip: string; port: number }[]> {
  const kubelets: { node: string; ip: string; port: number }[] = [];
  if (!scenario.kubeletListeners) return kubelets;
  for (const [i, n] of scenario.nodes.entries()) {
    const ip = nodeIPs[i] as string;
    const off = n.clockOffsetSeconds * S;
    const s = createHttpsServer(kubeletCert(n, ip, pki, startMs), (req, res) => {
      res.setHeader('Date', new Date(Date.now() + off).toUTCString());
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const ok = path === '/healthz';
      requests.push({
        method: req.method ?? 'GET',
        path,
        listener: `kubelet/${n.name}`,
        status: ok ? 200 : 401,
      });
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'text/plain' });
      res.end(ok ? 'ok' : 'Unauthorized');
    });
    kubelets.push({ node: n.name, ip, port: await ls.listen(s, ip, 0) });
  }
  return kubelets;
}

function kubeletCert(
  n: Scenario['nodes'][number],
  ip: string,
  pki: ReturnType<typeof makePki>,
  startMs: number,
): { cert: string; key: string } {
  const off = n.clockOffsetSeconds * S;
  const k = n.kubelet;
  const { ca, caKey, leafKey } = pki;
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
  return { cert: chain.certPem, key: chain.keyPem };
}

/** A kubeconfig for the front address with the read-only token. */
function kubeconfigYaml(server: string, caPem: string, token: string, contextName: string): string {
  const user = `${contextName}-kube-triage`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: contextName,
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: contextName, context: { cluster: contextName, user } }],
    'current-context': contextName,
  });
}

async function tryStart(scenario: Scenario, startMs: number): Promise<Sandbox> {
  const { apiIPs, frontIP, nodeIPs } = addresses(scenario);
  const pki = makePki(scenario, startMs, frontIP);
  const { token, adminToken, authenticate, mint, issuer } = await makeAuth(scenario, startMs, rsaKey());
  const requests: RecordedRequest[] = [];
  const ls = new Listeners();
  let world: World | undefined;
  const deps: HandlerDeps = {
    scenario,
    world: () => world as World,
    requests,
    throttleCount: new Map(),
    authenticate,
    mint,
    issuer,
  };
  const onRequest: OnRequest = (listener, pick) => (req, res) => {
    handleRequest(deps, req, res, listener, pick()).catch((e: unknown) => {
      if (!res.headersSent)
        sendStatus(res, 500, 'InternalError', `sandbox: ${(e as Error).message}`, () => {});
    });
  };
  const contexts = scenario.apiservers.map((api, i) => pki.servingCtx(api, apiIPs[i] as string));
  const sniNames: string[] = [];
  const { apiPort, endpoints } = await startApiservers(scenario, apiIPs, contexts, onRequest, ls, sniNames);

  // The front listener is a TCP-level load balancer (the kubeconfig's address): round robin over the
  // endpoints that accept and finish a TLS handshake; HTTP-level trouble (slow, 500, 429, malformed)
  // passes straight through. TLS terminates here with a cert for the front address.
  const healthy = scenario.apiservers
    .map((_, i) => i)
    .filter((i) => !['hang', 'refuse', 'tls-fail'].includes(scenario.apiservers[i]?.fault ?? 'none'));
  const pool = healthy.length > 0 ? healthy : [0];
  let rr = 0;
  const front = apiserverTls(
    contexts[pool[0] as number] as Ctxs,
    onRequest('front', () => pool[rr++ % pool.length] as number),
    sniNames,
  );
  const frontPort = await ls.listen(front, frontIP, 0);
  const kubelets = await startKubelets(scenario, nodeIPs, pki, startMs, requests, ls);

  const kubeletPorts = kubelets.map((k) => k.port);
  const { caPem } = pki;
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
    endpoints,
    kubelets,
    requests,
    sniNames,
    kubeconfig: (contextName = 'sandbox') => kubeconfigYaml(server, caPem, token, contextName),
    close: () => ls.closeAll(),
  };
}
