/**
 * The Slack ingress Lambda: `slack/lambda.ts` with the container's Slack config (SSM), directory (names
 * and grants, never tokens), ledger and mutes; jobs go to the worker by async invoke. No client-node.
 * @module
 */
import { functionDirectory, functionLedger, functionStore, slackConfig } from '../aws/config.js';
import { asyncInvoker } from '../aws/invoke.js';
import { consoleLog } from '../slack/deliver.js';
import { createSlackHandler, type HttpEvent, type HttpResult } from '../slack/lambda.js';

let ready: Promise<(e: HttpEvent, c: unknown) => Promise<HttpResult>> | undefined;

/** Lambda entry. Two parameters (the Node 24 runtime rejects callback-style handlers). */
export async function handler(event: HttpEvent, context: unknown): Promise<HttpResult> {
  ready ??= slackConfig().then((cfg) => {
    const worker = asyncInvoker(process.env.WORKER_FUNCTION ?? 'kube-triage-worker');
    const mutes = process.env.HISTORY_TABLE ? functionStore() : undefined;
    return createSlackHandler(cfg, functionDirectory(), worker, {
      ledger: functionLedger(),
      ...(mutes ? { mutes } : {}),
    });
  });
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
