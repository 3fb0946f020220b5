/**
 * The Slack ingress Lambda (API Gateway HTTP API → Bolt AwsLambdaReceiver). Verifies the
 * signature (with a symmetric 5-minute window: Bolt accepts future timestamps), answers within
 * 3 s, never talks to a cluster: check jobs go to the worker by an asynchronous Lambda invoke.
 * Its bundle must not contain @kubernetes/client-node.
 * @module
 */
import type { ClusterDirectory } from '../cluster/registry.js';
import type { Ledger } from '../core/ledger.js';
import type { Mute } from '../report/history.js';
import type { HistoryStore } from '../report/store.js';
import { lambdaApp, type SlackConfig } from '../slack/app.js';
import { consoleLog, type Log } from '../slack/deliver.js';
import { guardRequest, isSlackShapedBody, MAX_SLACK_BODY_BYTES } from '../slack/guard.js';
import type { Dispatch } from '../slack/jobs.js';
import { functionDirectory, functionLedger, functionStore, slackConfig } from './config.js';
import { asyncInvoker } from './invoke.js';

/** API Gateway (v1 or v2) event, as much as this wrapper reads. */
export interface HttpEvent {
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  [k: string]: unknown;
}

/** The HTTP answer. */
export interface HttpResult {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

function header(e: HttpEvent, name: string): string | undefined {
  const h = e.headers ?? {};
  const k = Object.keys(h).find((x) => x.toLowerCase() === name);
  return k ? h[k] : undefined;
}

/** Builds the ingress handler (exported for tests and local servers). */
export function createSlackHandler(
  cfg: SlackConfig,
  registry: ClusterDirectory,
  dispatch: Dispatch,
  log: Log = consoleLog,
  now: () => Date = () => new Date(),
  history?: Pick<HistoryStore, 'addMute' | 'mutes' | 'removeMute'>,
  ledger: Ledger = functionLedger(),
) {
  // Mutes from the report's button go to the history table (SDK loaded on first use).
  const store = history ?? (process.env.HISTORY_TABLE ? functionStore() : undefined);
  const receiver = lambdaApp(cfg, {
    registry,
    dispatch,
    log,
    ...(ledger ? { ledger } : {}),
    pasteEphemeral: process.env.KUBE_TRIAGE_PASTE_ANSWERS !== 'in_channel',
    checksInChannel: process.env.KUBE_TRIAGE_CHECK_ANSWERS !== 'ephemeral',
    now,
    ...(store
      ? {
          mute: (m: Mute) => store.addMute(m),
          mutes: {
            list: () => store.mutes(),
            remove: (m: Parameters<HistoryStore['removeMute']>[0]) => store.removeMute(m),
          },
        }
      : {}),
  });
  const bolt = receiver.toHandler();
  return async (event: HttpEvent, context: unknown): Promise<HttpResult> => {
    try {
      // Bolt decodes base64 bodies as ASCII, corrupting non-ASCII JSON (a Chinese paste): decode as UTF-8 here.
      if (event.isBase64Encoded && typeof event.body === 'string') {
        event.body = Buffer.from(event.body, 'base64').toString('utf8');
        event.isBase64Encoded = false;
      }
      const g = guardRequest((n) => header(event, n), now().getTime());
      if (g?.reason === 'timestamp') {
        log.info('request refused', { reason: 'timestamp outside the signing window' });
        return { statusCode: 401, body: '' };
      }
      if (g?.reason === 'retry') {
        log.info('retry ignored', { reason: g.retryReason });
        return { statusCode: 200, body: '', headers: { 'X-Slack-No-Retry': '1' } };
      }
      const body = typeof event.body === 'string' ? event.body : '';
      if (
        Buffer.byteLength(body) > MAX_SLACK_BODY_BYTES ||
        !isSlackShapedBody(header(event, 'content-type'), body)
      ) {
        log.info('request refused', { reason: 'body is not a Slack payload' });
        return { statusCode: 400, body: 'bad request' };
      }
      const res = (await bolt(event as never, context as never)) as HttpResult;
      return res;
    } catch (e) {
      log.warn('bad request', { error: (e as Error).name });
      return { statusCode: 400, body: 'bad request' };
    }
  };
}

/** Hands a job to the worker function by asynchronous invoke (fire and forget, ~tens of ms). */
export function lambdaDispatch(functionName: string): Dispatch {
  const invoke = asyncInvoker(functionName);
  return (job) => invoke(job);
}

let ready: Promise<(e: HttpEvent, c: unknown) => Promise<HttpResult>> | undefined;

/** Lambda entry. Two parameters (the Node 24 runtime rejects callback-style handlers). */
export async function handler(event: HttpEvent, context: unknown): Promise<HttpResult> {
  ready ??= slackConfig().then((cfg) =>
    createSlackHandler(
      cfg,
      functionDirectory(),
      lambdaDispatch(process.env.WORKER_FUNCTION ?? 'kube-triage-worker'),
    ),
  );
  const p = ready;
  // A failed cold start (SSM throttled) is not cached: the next invocation tries again.
  p.catch(() => {
    if (ready === p) ready = undefined;
  });
  try {
    return await (await p)(event, context);
  } catch (e) {
    consoleLog.warn('cold start failed', { error: (e as Error).name });
    return { statusCode: 503, body: 'temporarily unavailable', headers: { 'Retry-After': '1' } };
  }
}
