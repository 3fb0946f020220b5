/**
 * Turns a ClusterRecord into an authenticated HTTPS client. client-node's KubeConfig supplies the
 * TLS settings and credentials (tokens, client certificates, exec/OIDC users); requests go through
 * node:https so the collector sees Date headers and raw managedFields, streams large lists page by
 * page, and bounds every call with an AbortSignal. GET only: kube-triage never writes.
 * @module
 */

import { Agent, type RequestOptions, request } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { deadline, isDeadline, linked } from '../core/deadline.js';
import { API_MAX_RETRIES, API_MAX_RETRY_AFTER_MS, API_REQUEST_TIMEOUT_MS } from '../core/limits.js';
import type { ClusterRecord } from './registry.js';
import type { Unreadable } from './snapshot.js';

/** Builds the KubeConfig for a record. The only place that does. */
export function kubeConfigFor(record: ClusterRecord): KubeConfig {
  const kc = new KubeConfig();
  if (record.auth.kind === 'kubeconfig') {
    kc.loadFromString(record.auth.kubeconfig.reveal());
    kc.setCurrentContext(record.auth.context);
    return kc;
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: record.name,
        server: record.server,
        caData: record.caData ? Buffer.from(record.caData).toString('base64') : undefined,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'kube-triage', token: record.auth.token.reveal() }],
    contexts: [{ name: record.name, cluster: record.name, user: 'kube-triage' }],
    currentContext: record.name,
  });
  return kc;
}

/** A response, with the local times around it. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** Local clock when the request was sent / the response headers arrived, ms. */
  readonly sentAt: number;
  readonly receivedAt: number;
}

/** A failure to get any HTTP answer, already mapped to a reason. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  readonly reason: Unreadable['reason'];
  /** The socket error code behind it (ECONNRESET …), for retry decisions; never shown. */
  readonly code?: string;
  constructor(reason: Unreadable['reason'], detail: string, code?: string) {
    super(detail);
    this.reason = reason;
    if (code) this.code = code;
  }
}

/** Largest response body read, in bytes (a page of 500 pods is a few MB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/**
 * Largest total read from one cluster by one client (a scan), in bytes: the largest sandbox
 * (150,000 pods, 5,000 nodes) reads well under this; a server that ignores `limit` or never ends its
 * `continue` chain is cut here, whatever the time budget says.
 */
export const MAX_CLIENT_BYTES = 768 * 1024 * 1024;

/** Maps a Node socket/TLS error to a reason and a short, safe detail. */
export function mapNetError(e: unknown): ApiFailure {
  const err = e as NodeJS.ErrnoException & { name?: string };
  if (err instanceof ApiFailure) return err;
  if (err.name === 'AbortError' || isDeadline(err) || err.code === 'ABORT_ERR')
    return new ApiFailure('timeout', 'no answer within the time budget');
  const code = err.code ?? '';
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))
    return new ApiFailure('unreachable', `connection failed (${code})`);
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return new ApiFailure('unreachable', `connection reset (${code})`, code);
  if (
    /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/.test(code) ||
    /SSL|TLS|certificate/i.test(err.message ?? '')
  ) {
    return new ApiFailure('tls', `TLS failed (${code || 'handshake'})`);
  }
  return new ApiFailure('error', code ? `request failed (${code})` : 'request failed');
}

/** An authenticated GET-only client for one cluster. */
export class ApiClient {
  readonly #kc: KubeConfig;
  readonly #server: URL;
  #base?: RequestOptions;
  #agent?: Agent;
  /** Requests sent so far (for the benchmark and the report). */
  requestCount = 0;
  /** Response bytes read so far, across requests (capped at MAX_CLIENT_BYTES). */
  bytesRead = 0;

  constructor(record: ClusterRecord) {
    this.#kc = kubeConfigFor(record);
    this.#server = new URL(this.#kc.getCurrentCluster()?.server ?? record.server);
  }

  /** Closes idle kept-alive connections. */
  close(): void {
    this.#agent?.destroy();
  }

  /** The API server URL. */
  get server(): URL {
    return this.#server;
  }

  async #options(): Promise<RequestOptions> {
    if (!this.#base) {
      const o: RequestOptions = { method: 'GET', headers: {} };
      // Await it: client-node attaches the agent after an await (slack-lambda notes §4).
      await this.#kc.applyToHTTPSOptions(o);
      // Same TLS material, but keep connections alive across the hundreds of list pages of a large
      // cluster (a fresh TLS handshake per page cost more than parsing it).
      const tls = o as RequestOptions & {
        ca?: Buffer;
        cert?: Buffer;
        key?: Buffer;
        rejectUnauthorized?: boolean;
        servername?: string;
      };
      this.#agent = new Agent({
        keepAlive: true,
        maxSockets: 16,
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.cert ? { cert: tls.cert } : {}),
        ...(tls.key ? { key: tls.key } : {}),
        ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
        ...(tls.servername ? { servername: tls.servername } : {}),
      });
      o.agent = this.#agent;
      this.#base = o;
    }
    return this.#base;
  }

  /**
   * GETs `path` on the server, or on `base` (another endpoint of the same cluster, verified with the
   * same CA). Retries 429/5xx/connection resets up to API_MAX_RETRIES times, honouring Retry-After.
   */
  async get(
    path: string,
    signal: AbortSignal,
    base?: URL,
    accept = 'application/json',
  ): Promise<ApiResponse> {
    let attempt = 0;
    for (;;) {
      let res: ApiResponse | undefined;
      let failure: ApiFailure | undefined;
      try {
        res = await this.#once(path, signal, base, accept);
      } catch (e) {
        failure = mapNetError(e);
      }
      const retryable = res
        ? res.status === 429 || res.status >= 500
        : failure?.code === 'ECONNRESET' || failure?.code === 'EPIPE';
      if (!retryable || attempt >= API_MAX_RETRIES || signal.aborted) {
        if (res) return res;
        throw failure;
      }
      attempt++;
      const ra = res ? Number(res.headers['retry-after']) : Number.NaN;
      const wait = Number.isFinite(ra) && ra >= 0 ? ra * 1000 : 200 * 2 ** attempt;
      if (wait > API_MAX_RETRY_AFTER_MS) {
        if (res) return res;
        throw failure;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * Watches `path` (a `?watch=1` URL) and calls `onLine` with each JSON line and the local time it
   * arrived, until the server ends the stream, `signal` aborts or `onLine` returns true. Resolves
   * with the HTTP status; never rejects for an abort.
   */
  async watch(
    path: string,
    signal: AbortSignal,
    onLine: (line: string, receivedAt: number) => boolean | undefined,
  ): Promise<number> {
    const opts = await this.#options();
    const target = new URL(path, this.#server);
    this.requestCount++;
    const stop = new AbortController();
    const all = linked(signal, stop.signal);
    return new Promise<number>((resolve, reject) => {
      const req = request(
        target,
        {
          ...opts,
          method: 'GET',
          signal: all,
          headers: {
            ...(opts.headers as Record<string, string>),
            Accept: 'application/json',
            'User-Agent': 'kube-triage/0.1 (read-only)',
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            res.resume();
            resolve(status);
            return;
          }
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            const at = Date.now();
            buf += c;
            this.bytesRead += c.length;
            if (buf.length > MAX_BODY_BYTES || this.bytesRead > MAX_CLIENT_BYTES) {
              stop.abort();
              return;
            }
            let nl = buf.indexOf('\n');
            while (nl >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              if (line.trim() && onLine(line, at) === true) {
                stop.abort();
                return;
              }
              nl = buf.indexOf('\n');
            }
          });
          res.on('end', () => resolve(status));
          res.on('error', () => resolve(status));
          res.on('close', () => resolve(status));
        },
      );
      req.on('error', (e) => (all.aborted ? resolve(200) : reject(e)));
      req.end();
    });
  }

  /**
   * Creates a SelfSubjectRulesReview or SelfSubjectAccessReview: the only POSTs kube-triage makes.
   * They ask the apiserver what this identity may do and change nothing; any other path throws.
   */
  async selfReview(
    kind: 'selfsubjectrulesreviews' | 'selfsubjectaccessreviews',
    spec: object,
    signal: AbortSignal,
  ): Promise<ApiResponse> {
    const path = `/apis/authorization.k8s.io/v1/${kind}`;
    if (kind !== 'selfsubjectrulesreviews' && kind !== 'selfsubjectaccessreviews')
      throw new Error(`refusing to POST to ${path}`);
    const body = JSON.stringify({
      apiVersion: 'authorization.k8s.io/v1',
      kind: kind === 'selfsubjectrulesreviews' ? 'SelfSubjectRulesReview' : 'SelfSubjectAccessReview',
      spec,
    });
    return this.#once(path, signal, undefined, 'application/json', body);
  }

  async #once(
    path: string,
    outer: AbortSignal,
    base: URL | undefined,
    accept: string,
    postBody?: string,
  ): Promise<ApiResponse> {
    const opts = await this.#options();
    const target = new URL(path, base ?? this.#server);
    const signal = deadline(API_REQUEST_TIMEOUT_MS, outer);
    this.requestCount++;
    return new Promise<ApiResponse>((resolve, reject) => {
      const sentAt = Date.now();
      const req = request(
        target,
        {
          ...opts,
          method: postBody === undefined ? 'GET' : 'POST',
          signal,
          headers: {
            ...(opts.headers as Record<string, string>),
            Accept: accept,
            'User-Agent': 'kube-triage/0.1 (read-only)',
            ...(postBody === undefined
              ? {}
              : {
                  'Content-Type': 'application/json',
                  'Content-Length': String(Buffer.byteLength(postBody)),
                }),
          },
          // Another endpoint of the same cluster presents a cert for its own IP; verify it with the
          // same CA. SNI must be a DNS name: omit it when dialling an IP (DEP0123).
          ...(base ? { servername: /^[\d.]+$|:/.test(target.hostname) ? '' : target.hostname } : {}),
        },
        (res) => {
          const receivedAt = Date.now();
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            this.bytesRead += c.length;
            if (size > MAX_BODY_BYTES) {
              req.destroy(new ApiFailure('error', 'response larger than 64 MiB'));
              return;
            }
            if (this.bytesRead > MAX_CLIENT_BYTES) {
              req.destroy(
                new ApiFailure('error', 'the cluster sent more than 768 MiB in this scan; stopped reading'),
              );
              return;
            }
            chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              sentAt,
              receivedAt,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(postBody);
    });
  }
}

/** Short, safe text for an HTTP status (never the body). */
export function statusDetail(status: number): string {
  const names: Record<number, string> = {
    401: '401 Unauthorized: the token was rejected',
    403: '403 Forbidden',
    404: '404 Not Found',
    410: '410 Gone: list continuation expired',
    429: '429 Too Many Requests',
    500: '500 Internal Server Error',
    503: '503 Service Unavailable',
  };
  return names[status] ?? `HTTP ${status}`;
}
