/**
 * The Slack ingress on Lambda (API Gateway HTTP API → Bolt AwsLambdaReceiver), behind the guards
 * that run before Bolt: the symmetric 5-minute signing window (Bolt accepts future timestamps), Events
 * API retries, the body's size and shape, and Bolt's base64 decoding. Never talks to a cluster:
 * check jobs go to the worker through `dispatch`. The Lambda entry is `handlers/slack.ts`.
 * @module
 */
import type { ClusterDirectory } from '../cluster/registry.js';
import { type Ledger, MemoryLedger } from '../core/ledger.js';
import { type MuteStore, muteDeps } from './answers.js';
import { lambdaApp, type SlackConfig } from './app.js';
import { consoleLog, type Log } from './deliver.js';
import { guardRequest, isSlackShapedBody, MAX_SLACK_BODY_BYTES } from './guard.js';
import type { Dispatch } from './jobs.js';

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

/** The ingress's optional collaborators. */
export interface IngressOptions {
  /** @default consoleLog */
  readonly log?: Log;
  readonly now?: () => Date;
  /** Where mutes are kept; absent: the Mute buttons and `/k8s mutes` say so. */
  readonly mutes?: MuteStore;
  /** Rate limits and event dedupe shared across containers. @default a memory ledger */
  readonly ledger?: Ledger;
}

/** Builds the ingress handler (the Lambda entry's, and tests' and local servers'). */
export function createSlackHandler(
  cfg: SlackConfig,
  registry: ClusterDirectory,
  dispatch: Dispatch,
  o: IngressOptions = {},
) {
  const log = o.log ?? consoleLog;
  const now = o.now ?? (() => new Date());
  const receiver = lambdaApp(cfg, {
    registry,
    dispatch,
    log,
    ledger: o.ledger ?? new MemoryLedger(),
    pasteEphemeral: process.env.KUBE_TRIAGE_PASTE_ANSWERS !== 'in_channel',
    checksInChannel: process.env.KUBE_TRIAGE_CHECK_ANSWERS !== 'ephemeral',
    now,
    ...muteDeps(o.mutes),
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
      return (await bolt(event as never, context as never)) as HttpResult;
    } catch (e) {
      log.warn('bad request', { error: (e as Error).name });
      return { statusCode: 400, body: 'bad request' };
    }
  };
}
