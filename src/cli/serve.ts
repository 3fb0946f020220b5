/**
 * `kube-triage serve`: the same Bolt app as a long-running HTTP server (POST /slack/events), or over
 * Socket Mode when SLACK_APP_TOKEN is set, with the worker in-process. For self-hosting and for
 * local end-to-end tests; Lambda uses src/handlers/.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type ClusterRegistry, grantsOf } from '../cluster/registry.js';
import { stackHash } from '../core/errors.js';
import { MemoryLedger } from '../core/ledger.js';
import {
  SERVE_MAX_BUFFERED_BYTES,
  SERVE_MAX_CONCURRENT_JOBS,
  SERVE_MAX_READING_REQUESTS,
  SERVE_REQUEST_TIMEOUT_MS,
} from '../core/limits.js';
import { runJob } from '../jobs/check.js';
import { reportOnce } from '../jobs/daily.js';
import type { HistoryStore } from '../report/store.js';
import { type ListenerDeps, muteDeps } from '../slack/answers.js';
import { httpApp, type SlackConfig, socketApp } from '../slack/app.js';
import { consoleLog, type Log, SLACK_API_URL } from '../slack/deliver.js';
import { guardRequest, isSlackShapedBody, MAX_SLACK_BODY_BYTES } from '../slack/guard.js';
import { scheduleDaily } from './scheduler.js';

/** At most `n` tasks at once; the others wait their turn. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];
  constructor(n: number) {
    this.#free = n;
  }
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((r) => this.#waiting.push(r));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/** A running server. */
export interface Served {
  readonly port?: number;
  stop(): Promise<void>;
}

/**
 * Our own listener in front of Bolt's: refuses timestamps outside ±5 minutes (Bolt only refuses old
 * ones) and Events API retries (the first delivery was handled), reads the body (bounded) and checks
 * its shape, then lets Bolt verify the signature and route.
 */
function guardedListener(
  receiver: { requestListener: (req: IncomingMessage, res: ServerResponse) => unknown },
  log: Log,
): (req: IncomingMessage, res: ServerResponse) => void {
  // Unauthenticated bodies are bounded three ways: each (MAX_SLACK_BODY_BYTES, refused up front
  // when Content-Length says so), all together (SERVE_MAX_BUFFERED_BYTES), and how many are read
  // at once (SERVE_MAX_READING_REQUESTS). Beyond: 503 with Retry-After, and the socket is closed.
  let reading = 0;
  let buffered = 0;
  const busy = (res: ServerResponse, req: IncomingMessage) => {
    res.writeHead(503, { 'Retry-After': '1', Connection: 'close' }).end();
    req.destroy();
  };
  return (req, res) => {
    const g = guardRequest((n) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    }, Date.now());
    if (g) {
      res.writeHead(g.status, g.reason === 'retry' ? { 'X-Slack-No-Retry': '1' } : {}).end();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_SLACK_BODY_BYTES) {
      res.writeHead(413, { Connection: 'close' }).end();
      req.destroy();
      return;
    }
    if (reading >= SERVE_MAX_READING_REQUESTS) {
      log.info('request refused', { reason: 'too many requests being read' });
      busy(res, req);
      return;
    }
    reading++;
    let held = 0;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      reading--;
      buffered -= held;
      held = 0;
    };
    req.once('close', release);
    // Read the body here (bounded) and check its shape before Bolt, which throws on `null` and
    // `payload=null`; Bolt then uses the buffered body as it is (HTTPModuleFunctions rawBody).
    const chunks: Buffer[] = [];
    let refused = false;
    req.on('data', (c: Buffer) => {
      if (refused) return;
      held += c.length;
      buffered += c.length;
      if (held > MAX_SLACK_BODY_BYTES || buffered > SERVE_MAX_BUFFERED_BYTES) {
        refused = true;
        if (held > MAX_SLACK_BODY_BYTES) res.writeHead(413, { Connection: 'close' }).end();
        else busy(res, req);
        release();
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (refused) return;
      const raw = Buffer.concat(chunks);
      release();
      if (!isSlackShapedBody(req.headers['content-type'], raw.toString('utf8'))) {
        log.info('request refused', { reason: 'body is not a Slack payload' });
        res.writeHead(400).end('bad request');
        return;
      }
      (req as typeof req & { rawBody?: Buffer }).rawBody = raw;
      Promise.resolve(receiver.requestListener(req, res)).catch((e: unknown) => {
        log.warn('request failed', { error: (e as Error)?.name ?? 'Error' });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  };
}

/**
 * One bad request must not stop the server for everyone: log the error's name and a hash of its
 * stack (never its message: it may hold a token or a payload), and keep serving.
 */
function keepServingOnErrors(log: Log): void {
  const report = (kind: string) => (e: unknown) =>
    log.warn(kind, { error: (e as Error)?.name ?? typeof e, stack: stackHash(e) });
  process.on('unhandledRejection', report('unhandled rejection'));
  process.on('uncaughtException', report('uncaught exception'));
}

/** Starts the app on `port` (0 = any free port) on 127.0.0.1 unless `host` says otherwise. */
export async function serve(
  cfg: SlackConfig,
  registry: ClusterRegistry,
  o: {
    port: number;
    host?: string;
    appToken?: string;
    log?: Log;
    history?: HistoryStore;
    reportAt?: string;
    /** Log and keep serving on an unhandled rejection or exception (the CLI sets it). */
    processHandlers?: boolean;
  },
): Promise<Served> {
  const log = o.log ?? consoleLog;
  if (o.processHandlers) keepServingOnErrors(log);
  const slack = { apiUrl: cfg.slackApiUrl ?? SLACK_API_URL, token: cfg.botToken };
  const history = o.history;
  const cancel =
    history && o.reportAt
      ? scheduleDaily(o.reportAt, () => reportOnce(registry, history, slack, log), log)
      : () => {};
  const pending = new Set<Promise<void>>();
  // Bounded work in one process: a memory ledger for rate limits and event dedupe, identical scans
  // shared by the worker, and at most SERVE_MAX_CONCURRENT_JOBS checks at once (the rest wait).
  const ledger = new MemoryLedger();
  const slots = new Semaphore(SERVE_MAX_CONCURRENT_JOBS);
  const worker = {
    registry,
    botToken: cfg.botToken,
    slackApiUrl: cfg.slackApiUrl ?? SLACK_API_URL,
    ...(cfg.slackApiUrl ? { localSlackOrigin: cfg.slackApiUrl } : {}),
    // The same ledger as the listeners: Share recalls what the worker kept.
    ledger,
    log,
  };
  const deps: ListenerDeps = {
    // Grants only: nothing slow (the sandbox starting) before the 3 s ack; the worker gets the records.
    registry: grantsOf(registry),
    log,
    ledger,
    pasteEphemeral: process.env.KUBE_TRIAGE_PASTE_ANSWERS !== 'in_channel',
    checksInChannel: process.env.KUBE_TRIAGE_CHECK_ANSWERS !== 'ephemeral',
    now: () => new Date(),
    ...muteDeps(history),
    dispatch: async (job) => {
      const p = slots.run(() => runJob(job, worker)).finally(() => pending.delete(p));
      pending.add(p);
    },
  };
  if (o.appToken) {
    const app = socketApp(cfg, o.appToken, deps);
    await app.start();
    return {
      stop: async () => {
        cancel();
        await app.stop();
      },
    };
  }
  const { receiver } = httpApp(cfg, deps);
  const server = createServer(
    { requestTimeout: SERVE_REQUEST_TIMEOUT_MS, headersTimeout: Math.min(10_000, SERVE_REQUEST_TIMEOUT_MS) },
    guardedListener(receiver, log),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : o.port,
    stop: async () => {
      cancel();
      await Promise.allSettled([...pending]);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
