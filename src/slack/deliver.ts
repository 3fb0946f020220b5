/**
 * Delivery to Slack: POST to a response_url, or chat.postMessage / chat.postEphemeral, with bounded
 * retries on 429 and 5xx (honouring Retry-After), then a logged failure, never a hang. Logs carry
 * the channel and outcome, never the response_url, tokens or message text.
 * @module
 */
import { deadline, isDeadline } from '../core/deadline.js';
import { REPORT_POST_INTERVAL_MS } from '../core/limits.js';
import type { SlackMessage } from '../render/blocks.js';
import { neutralizeMentions } from '../render/truncate.js';

/** Minimal logger: kube-triage logs verbs, codes and timings only. */
export interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** A console logger that writes one JSON line per entry. */
export const consoleLog: Log = {
  info: (msg, fields) => console.log(JSON.stringify({ level: 'info', msg, ...fields })),
  warn: (msg, fields) => console.warn(JSON.stringify({ level: 'warn', msg, ...fields })),
};

/** Retries after the first attempt. */
const MAX_RETRIES = 2;
/** Longest wait honoured between retries, ms. */
const MAX_WAIT_MS = 3_000;
/** Timeout of one delivery request, ms. */
const DELIVERY_TIMEOUT_MS = 8_000;

/** Outcome of a delivery. */
export interface Delivered {
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
  /** Message timestamp the Web API returned (for threading). */
  readonly ts?: string;
}

/**
 * A report (no person waiting on an ack) waits longer for Slack: more retries, and Retry-After
 * honoured up to this long, so a fleet report rides out chat.postMessage's per-channel limit.
 */
const PATIENT = { retries: 5, maxWaitMs: 60_000 };

async function withRetries(
  send: () => Promise<Response>,
  limits = { retries: MAX_RETRIES, maxWaitMs: MAX_WAIT_MS },
): Promise<Delivered> {
  let last: Delivered = { ok: false, error: 'not sent' };
  for (let attempt = 0; attempt <= limits.retries; attempt++) {
    let res: Response;
    try {
      res = await send();
    } catch (e) {
      last = { ok: false, error: isDeadline(e) ? 'timeout' : 'connection failed' };
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      continue;
    }
    const body = await res.text().catch(() => '');
    if (res.status === 429 || res.status >= 500) {
      last = { ok: false, status: res.status };
      const ra = Number(res.headers.get('retry-after'));
      const wait = Number.isFinite(ra) && ra > 0 ? ra * 1000 : 300 * 2 ** attempt;
      if (wait > limits.maxWaitMs) break;
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    if (!res.ok) return { ok: false, status: res.status };
    // Web API answers 200 with {"ok": false, "error": "..."} on failure.
    let ts: string | undefined;
    if (body.startsWith('{')) {
      try {
        const j = JSON.parse(body) as { ok?: boolean; error?: string; ts?: string };
        if (j.ok === false) return { ok: false, status: res.status, error: j.error ?? 'error' };
        ts = j.ts;
      } catch {
        // response_url answers "ok" as text
      }
    }
    if (ts) return { ok: true, status: res.status, ts };
    return { ok: true, status: res.status };
  }
  return last;
}

/** Slack's Web API base URL (deployed stages always use it). */
export const SLACK_API_URL = 'https://slack.com/api/';

/** Where Slack's response_urls live. */
export const SLACK_HOOKS_ORIGIN = 'https://hooks.slack.com';

/**
 * Whether findings may be sent to this response_url: Slack's hooks host only, or the origin of a
 * local Slack stand-in (`allowedOrigin`, set only for local stages and `serve` with SLACK_API_URL).
 * Anything else would turn kube-triage into a relay of cluster findings to any address.
 */
export function isAllowedResponseUrl(url: string, allowedOrigin?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.origin === SLACK_HOOKS_ORIGIN && u.pathname.startsWith('/')) return true;
  return allowedOrigin !== undefined && u.origin === new URL(allowedOrigin).origin;
}

/** Posts to a response_url (ephemeral or in_channel; replacing the "Checking…" message when asked). */
export function postToResponseUrl(
  url: string,
  msg: SlackMessage,
  o: { ephemeral: boolean; replace: boolean; allowedOrigin?: string },
): Promise<Delivered> {
  if (!isAllowedResponseUrl(url, o.allowedOrigin))
    return Promise.resolve({ ok: false, error: 'response_url refused: not a Slack hooks URL' });
  const body = JSON.stringify(
    neutralizeMentions({
      response_type: o.ephemeral ? 'ephemeral' : 'in_channel',
      replace_original: o.replace,
      text: msg.text,
      blocks: msg.blocks,
    }),
  );
  return withRetries(() =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      // Never follow a redirect: it would re-send the findings to wherever it points (307/308 keep
      // the body). A 3xx is a failed delivery.
      redirect: 'manual',
      signal: deadline(DELIVERY_TIMEOUT_MS),
    }),
  );
}

/** Calls a Slack Web API method with the bot token. */
export function callWebApi(
  apiUrl: string,
  token: string,
  method: 'chat.postMessage' | 'chat.postEphemeral',
  payload: Record<string, unknown>,
  o: { patient?: boolean } = {},
): Promise<Delivered> {
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  return withRetries(
    () =>
      fetch(`${base}${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${token}` },
        body: JSON.stringify(neutralizeMentions(payload)),
        redirect: 'manual',
        signal: deadline(DELIVERY_TIMEOUT_MS),
      }),
    o.patient ? PATIENT : undefined,
  );
}

/** The pause between two messages to one channel (KUBE_TRIAGE_POST_INTERVAL_MS overrides, for tests). */
export function postIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  // Deployed stages set the variable empty (serverless.yml): empty is unset.
  const raw = env.KUBE_TRIAGE_POST_INTERVAL_MS?.trim();
  const v = Number(raw);
  return raw && Number.isFinite(v) && v >= 0 ? v : REPORT_POST_INTERVAL_MS;
}
