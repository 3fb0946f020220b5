// A real control plane for the real-apiserver tier: etcd plus several kube-apiserver processes on
// loopback, each in its own UTS namespace (its own host name, so its own identity Lease) and with
// its own wall clock (the LAB_CLOCK_SKEW_* build described in docs/testing.md). Also an admin
// client that writes what controllers and kubelets would, and TLS kubelet listeners.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { addDays, issue, type KeyedCert, rsaKey } from '../../../src/sandbox/pki.js';

/** Where the binaries are, or why they are missing. */
export interface Binaries {
  readonly apiserver: string;
  readonly etcd: string;
}

/** Text printed when a binary is missing: how to get one. */
export const HOW_TO_GET_BINARIES = `The real-apiserver tier needs kube-apiserver and etcd.
- kube-apiserver: set KUBE_APISERVERS=/path/a:/path/b (the version matrix) or KUBE_APISERVER=/path, or put
  them at .cache/kube-apiserver-v<version> (bash .ci/run unpacks the lab builds there; docs/testing.md), or on PATH.
  Official release binaries: https://dl.k8s.io/release/v1.28.7/bin/linux/amd64/kube-apiserver
  (the clock-skew cases need a build whose time.Now honours LAB_CLOCK_SKEW_SECONDS and
  LAB_CLOCK_SKEW_FOR_SECONDS; see docs/testing.md; the tier checks that the offset took effect).
- etcd: apt-get install -y etcd-server (Debian), or set ETCD=/path/to/etcd.`;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** Addresses of the HA tier's apiservers, on the lo of its own network namespace (test/real/ha). */
export const HA_ADDRESSES = ['10.77.0.11', '10.77.0.12', '10.77.0.13'] as const;

/** Finds kube-apiserver and etcd; undefined when either is missing. */
export function findBinaries(root: string): Binaries | undefined {
  const apiserver = process.env.KUBE_APISERVER ?? findApiservers(root)[0] ?? onPath('kube-apiserver');
  const etcd = process.env.ETCD ?? onPath('etcd');
  if (!apiserver || !etcd || !existsSync(apiserver) || !existsSync(etcd)) return undefined;
  return { apiserver, etcd };
}

/**
 * Every kube-apiserver the version matrix runs: KUBE_APISERVERS (colon-separated) if set, else each
 * `.cache/kube-apiserver-v*` (CI unpacks one per lab build; docs/testing.md), else `.cache/kube-apiserver`.
 */
export function findApiservers(root: string): string[] {
  const listed = process.env.KUBE_APISERVERS?.split(':').filter(Boolean);
  if (listed?.length) return listed.filter((p) => existsSync(p));
  const cache = join(root, '.cache');
  const versioned = existsSync(cache)
    ? readdirSync(cache)
        .filter((f) => /^kube-apiserver-v\d/.test(f))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .map((f) => join(cache, f))
    : [];
  if (versioned.length) return versioned;
  return existsSync(join(cache, 'kube-apiserver')) ? [join(cache, 'kube-apiserver')] : [];
}

/** The version a kube-apiserver binary reports ("v1.32.0-beta.0+ste.cd13ec4a"). */
export function apiserverVersion(bin: string): string {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return /Kubernetes (v\S+)/.exec(out)?.[1] ?? 'unknown';
}

/** Major.minor of a version string, as a number for comparisons (v1.32.0-beta.0 → 1.32). */
export function minorOf(version: string): number {
  const m = /v(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[1]) + Number(m[2]) / 100 : 0;
}

/** A free TCP port on `host`. */
export async function freePort(host: string): Promise<number> {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.once('error', rej);
    s.listen(0, host, () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

/** One apiserver as the tier starts it. */
export interface ApiserverSpec {
  /** Host name in its UTS namespace: the identity Lease's kubernetes.io/hostname. */
  readonly host: string;
  readonly address: string;
  /** Offset of its wall clock, s (LAB_CLOCK_SKEW_SECONDS). */
  readonly skewSeconds?: number;
  /** The offset applies only for this long after start, s (LAB_CLOCK_SKEW_FOR_SECONDS). */
  readonly skewForSeconds?: number;
  /**
   * Run the real endpoint reconciler (lease): the apiserver writes its advertise address into the
   * kubernetes Service's Endpoints. Only for non-loopback addresses (test/real/ha, in its own
   * network namespace); by default `none`, since Endpoints may not hold loopback addresses.
   */
  readonly reconciler?: 'lease';
  /** Port to listen on (default: a free one). An HA control plane uses one port on every address. */
  readonly port?: number;
}

/** A running apiserver. */
export interface Apiserver extends ApiserverSpec {
  readonly port: number;
  readonly url: string;
  readonly startedAt: number;
  readonly auditLog: string;
  readonly process: ChildProcess;
  /** Stops it (SIGTERM, then SIGKILL) and waits for the exit. */
  stop(): Promise<void>;
}

/** A response from the admin client. */
export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly date: string;
  /** The Warning header(s) the apiserver sent (299 - "…"), joined; '' when none. */
  readonly warning: string;
}

/** Tokens in the token-auth file: an admin (system:masters) and a node identity (Node authorizer). */
export const ADMIN_TOKEN = 'real-tier-admin-token-0123456789abcdef';
export const NODE_TOKEN = 'real-tier-node-token-0123456789abcdef';

/** The control plane: etcd, the apiservers, the PKI, and an admin client. */
export class ControlPlane {
  readonly dir: string;
  readonly ca: KeyedCert;
  readonly caForge: ReturnType<typeof issue>['cert'];
  readonly caKey: ReturnType<typeof rsaKey>;
  readonly apiservers: Apiserver[] = [];
  #etcd?: ChildProcess;
  #etcdUrl = '';
  /** Set when this control plane shares an etcd (KT_ETCD_URL): its own key prefix there. */
  #etcdPrefix?: string;
  readonly #bins: Binaries;
  readonly #logs: string[] = [];
  readonly #servers: TlsServer[] = [];

  constructor(bins: Binaries) {
    this.#bins = bins;
    this.dir = mkdtempSync(join(tmpdir(), 'kt-real-'));
    this.caKey = rsaKey();
    const now = new Date();
    const ca = issue({
      cn: 'kubernetes',
      notBefore: addDays(now, -1),
      notAfter: addDays(now, 3650),
      isCA: true,
      key: this.caKey,
    });
    this.ca = ca.pem;
    this.caForge = ca.cert;
    writeFileSync(join(this.dir, 'ca.crt'), ca.pem.certPem);
    const sa = rsaKey();
    writeFileSync(join(this.dir, 'sa.key'), sa.privatePem);
    writeFileSync(join(this.dir, 'sa.pub'), sa.publicPem);
    writeFileSync(
      join(this.dir, 'tokens.csv'),
      `${ADMIN_TOKEN},admin,admin-uid,"system:masters"\n${NODE_TOKEN},system:node:worker-1,node-uid,"system:nodes"\n`,
    );
    // Every request at Metadata level: who did what (verb, resource, subresource), nothing of the bodies.
    writeFileSync(
      join(this.dir, 'audit-policy.yaml'),
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: Metadata\n',
    );
  }

  /** The etcd the apiservers store in, and their key prefix when that etcd is shared. */
  get etcd(): { url: string; prefix?: string } {
    return { url: this.#etcdUrl, ...(this.#etcdPrefix ? { prefix: this.#etcdPrefix } : {}) };
  }

  /**
   * Starts etcd on a free port; with KT_ETCD_URL (npm run test:real starts one for the whole
   * version matrix) uses that one instead, under a key prefix of its own per control plane
   * (`--etcd-prefix`), as a real cluster sharing an etcd would.
   */
  async startEtcd(): Promise<void> {
    const shared = process.env.KT_ETCD_URL;
    if (shared) {
      this.#etcdUrl = shared;
      const version = (process.env.KUBE_VERSION ?? 'v').replace(/[^\w.-]/g, '-');
      this.#etcdPrefix = `/registry-${version}-${randomBytes(4).toString('hex')}`;
      return;
    }
    const client = await freePort('127.0.0.1');
    const peer = await freePort('127.0.0.1');
    this.#etcdUrl = `http://127.0.0.1:${client}`;
    const data = join(this.dir, 'etcd');
    mkdirSync(data);
    this.#etcd = this.#spawn('etcd', this.#bins.etcd, [
      `--data-dir=${data}`,
      `--listen-client-urls=${this.#etcdUrl}`,
      `--advertise-client-urls=${this.#etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=default=http://127.0.0.1:${peer}`,
      '--log-level=error',
      '--unsafe-no-fsync',
    ]);
    await waitFor(
      async () => (await httpGetStatus(`${this.#etcdUrl}/health`)) === 200,
      20_000,
      'etcd /health',
    );
  }

  #spawn(
    name: string,
    bin: string,
    args: string[],
    env: Record<string, string> = {},
    host?: string,
  ): ChildProcess {
    const log = join(this.dir, `${name}.log`);
    this.#logs.push(log);
    // Its own UTS namespace gives it its own host name (as root; else through a user namespace).
    const cmd = host ? 'unshare' : bin;
    const argv = host
      ? [
          ...(process.getuid?.() === 0 ? [] : ['--map-root-user']),
          '--uts',
          'sh',
          '-c',
          `hostname ${host} && exec "$0" "$@"`,
          bin,
          ...args,
        ]
      : args;
    // The logs stay on disk for failure messages.
    const out = openSync(log, 'a');
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
    child.on('error', () => undefined);
    return child;
  }

  /** Starts one apiserver; resolves once it is ready (/readyz). */
  async startApiserver(spec: ApiserverSpec): Promise<Apiserver> {
    const port = spec.port ?? (await freePort(spec.address));
    const serving = issue({
      cn: 'kube-apiserver',
      notBefore: addDays(new Date(), -400),
      notAfter: addDays(new Date(), 365),
      dns: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'localhost', spec.host],
      ips: [spec.address, '127.0.0.1'],
      key: rsaKey(),
      issuer: { cert: this.caForge, key: this.caKey },
    });
    const base = join(this.dir, spec.host);
    writeFileSync(`${base}.crt`, serving.pem.certPem);
    writeFileSync(`${base}.key`, serving.pem.keyPem);
    const auditLog = `${base}-audit.log`;
    const env: Record<string, string> = {};
    if (spec.skewSeconds !== undefined) env.LAB_CLOCK_SKEW_SECONDS = String(spec.skewSeconds);
    if (spec.skewForSeconds !== undefined) env.LAB_CLOCK_SKEW_FOR_SECONDS = String(spec.skewForSeconds);
    const startedAt = Date.now();
    const child = this.#spawn(
      spec.host,
      this.#bins.apiserver,
      [
        `--etcd-servers=${this.#etcdUrl}`,
        ...(this.#etcdPrefix ? [`--etcd-prefix=${this.#etcdPrefix}`] : []),
        `--bind-address=${spec.address}`,
        `--advertise-address=${spec.address}`,
        `--secure-port=${port}`,
        `--tls-cert-file=${base}.crt`,
        `--tls-private-key-file=${base}.key`,
        `--client-ca-file=${join(this.dir, 'ca.crt')}`,
        `--token-auth-file=${join(this.dir, 'tokens.csv')}`,
        '--authorization-mode=Node,RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${join(this.dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(this.dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/12',
        // Endpoints may not hold loopback addresses; without this each apiserver logs every 10 s.
        `--endpoint-reconciler-type=${spec.reconciler ?? 'none'}`,
        `--audit-policy-file=${join(this.dir, 'audit-policy.yaml')}`,
        `--audit-log-path=${auditLog}`,
        '--profiling=false',
        '--v=0',
      ],
      env,
      spec.host,
    );
    const url = `https://${spec.address}:${port}`;
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const a: Apiserver = {
      ...spec,
      port,
      url,
      startedAt,
      auditLog,
      process: child,
      stop: async () => {
        if (exited) return;
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(t);
      },
    };
    this.apiservers.push(a);
    await waitFor(
      async () => {
        if (exited) throw new Error(`${spec.host} exited during start:\n${this.logTail(spec.host)}`);
        return (
          (await this.request('GET', '/readyz', undefined, { via: a }).catch(() => undefined))?.status === 200
        );
      },
      120_000,
      `${spec.host} /readyz`,
    );
    return a;
  }

  /** The last lines of a process log, for failure messages. */
  logTail(name: string, lines = 20): string {
    const p = join(this.dir, `${name}.log`);
    return existsSync(p) ? readFileSync(p, 'utf8').split('\n').slice(-lines).join('\n') : '';
  }

  /** An admin (or other token's) request to one apiserver. */
  request(
    method: string,
    path: string,
    body?: unknown,
    o: { via?: Apiserver; token?: string; fieldManager?: string; contentType?: string } = {},
  ): Promise<KubeResponse> {
    const via = o.via ?? this.apiservers[0];
    if (!via) throw new Error('no apiserver');
    const u = new URL(path, via.url);
    if (o.fieldManager) u.searchParams.set('fieldManager', o.fieldManager);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((res, rej) => {
      const req = request(
        u,
        {
          method,
          ca: this.ca.certPem,
          servername: '',
          headers: {
            Authorization: `Bearer ${o.token ?? ADMIN_TOKEN}`,
            Accept: 'application/json',
            ...(payload
              ? {
                  'Content-Type': o.contentType ?? 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
          },
          timeout: 20_000,
        },
        (r) => {
          let raw = '';
          r.on('data', (c) => (raw += c));
          r.on('end', () => {
            let parsed: unknown = raw;
            try {
              parsed = JSON.parse(raw);
            } catch {
              // plain text (healthz)
            }
            res({
              status: r.statusCode ?? 0,
              body: parsed,
              date: String(r.headers.date ?? ''),
              warning: [r.headers.warning ?? []].flat().join('\n'),
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', rej);
      req.end(payload);
    });
  }

  /** Like request, but throws unless the status is 2xx (409 AlreadyExists allowed for creates). */
  async must(
    method: string,
    path: string,
    body?: unknown,
    o: Parameters<ControlPlane['request']>[3] = {},
  ): Promise<KubeResponse> {
    const r = await this.request(method, path, body, o);
    if (r.status >= 300 && !(method === 'POST' && r.status === 409))
      throw new Error(
        `${method} ${path} via ${o.via?.host ?? 'first'}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`,
      );
    return r;
  }

  /** Mints a token for a ServiceAccount with TokenRequest (as `kubectl create token` does). */
  async mintToken(namespace: string, sa: string, via?: Apiserver, seconds = 3600): Promise<string> {
    const r = await this.must(
      'POST',
      `/api/v1/namespaces/${namespace}/serviceaccounts/${sa}/token`,
      { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: seconds } },
      via ? { via } : {},
    );
    return String((r.body as { status?: { token?: string } }).status?.token ?? '');
  }

  /** A kubeconfig for the admin through `via` (for kubectl). */
  writeAdminKubeconfig(via: Apiserver): string {
    const path = join(this.dir, 'admin.kubeconfig');
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: real\n  cluster:\n    server: ${via.url}\n    certificate-authority: ${join(this.dir, 'ca.crt')}`,
        'users:',
        `- name: admin\n  user:\n    token: ${ADMIN_TOKEN}`,
        'contexts:',
        '- name: real\n  context:\n    cluster: real\n    user: admin',
        'current-context: real',
        '',
      ].join('\n'),
    );
    return path;
  }

  /** A TLS listener that stands in for a kubelet's serving endpoint with the given certificate. */
  async kubeletListener(address: string, port: number, cert: KeyedCert): Promise<void> {
    const server = createTlsServer({ cert: cert.certPem, key: cert.keyPem }, (s) => {
      s.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(port, address, () => r()));
    this.#servers.push(server);
  }

  /** Audit events of every apiserver (ResponseComplete stage). */
  auditEvents(): AuditEvent[] {
    const out: AuditEvent[] = [];
    for (const a of this.apiservers) {
      if (!existsSync(a.auditLog)) continue;
      for (const line of readFileSync(a.auditLog, 'utf8').split('\n')) {
        if (!line) continue;
        const e = JSON.parse(line) as AuditEvent;
        out.push({ ...e, apiserver: a.host });
      }
    }
    return out;
  }

  /** Stops everything and removes the working directory. */
  async close(): Promise<void> {
    for (const s of this.#servers) s.close();
    await Promise.all(this.apiservers.map((a) => a.stop()));
    if (this.#etcd && this.#etcd.exitCode === null) {
      const gone = new Promise<void>((r) => this.#etcd?.once('exit', () => r()));
      this.#etcd.kill('SIGTERM');
      await gone;
    }
    if (!process.env.KT_REAL_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One line of the audit log (Metadata level). */
export interface AuditEvent {
  readonly verb: string;
  readonly requestURI: string;
  readonly user: { readonly username: string };
  readonly objectRef?: {
    readonly resource?: string;
    readonly subresource?: string;
    readonly apiGroup?: string;
  };
  readonly responseStatus?: { readonly code?: number };
  readonly apiserver?: string;
}

/** The HTTP status of a GET (0 when nothing answers). */
export async function httpGetStatus(url: string): Promise<number> {
  const { get } = await import('node:http');
  return new Promise((res) => {
    const r = get(url, (x) => {
      x.resume();
      res(x.statusCode ?? 0);
    });
    r.on('error', () => res(0));
    r.setTimeout(2_000, () => r.destroy());
  });
}

/** Polls `pred` every 250 ms until it is true; throws with `what` after `timeoutMs`. */
export async function waitFor(pred: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Runs kubectl with a kubeconfig; returns stdout. */
export function kubectl(kubeconfig: string, args: string[]): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', cwd: ROOT });
}
