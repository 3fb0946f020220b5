// A local stand-in for Slack: the Web API (/api/<method>) and response_urls (/response/<id>),
// recording every request; plus a builder for correctly signed Slack requests (HMAC v0).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface SlackCall {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly auth?: string;
}

export interface LocalSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: SlackCall[];
  /** Status codes to answer with before succeeding, per path prefix (to test retries). */
  failures: Map<string, number[]>;
  /** Web API error codes to answer with (HTTP 200, ok: false), per path prefix, until removed. */
  apiErrors: Map<string, string>;
  /**
   * Slack's chat.postMessage limit, roughly: per channel a burst of `burst` messages, then one a
   * second; beyond it 429 with Retry-After: 1. Off (undefined) by default.
   */
  channelRate?: { burst: number };
  /** Private files served at their path (Slack's url_private_download), recorded like API calls. */
  readonly files: Map<string, { body: string; contentType?: string; status?: number }>;
  /** 429s answered so far because of channelRate. */
  readonly limited: number;
  waitFor(pred: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  close(): Promise<void>;
}

export async function localSlack(): Promise<LocalSlack> {
  const calls: SlackCall[] = [];
  const failures = new Map<string, number[]>();
  const apiErrors = new Map<string, string>();
  const files = new Map<string, { body: string; contentType?: string; status?: number }>();
  const waiters: { pred: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  let limited = 0;
  const state: { channelRate?: { burst: number } } = {};
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const file = files.get(path);
      if (file) {
        const call = {
          path,
          body: {},
          ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
        };
        calls.push(call);
        for (const w of [...waiters])
          if (w.pred(call)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(call);
          }
        res.writeHead(file.status ?? 200, {
          'Content-Type': file.contentType ?? 'text/plain; charset=utf-8',
        });
        res.end(file.body);
        return;
      }
      if (state.channelRate && path === '/api/chat.postMessage') {
        const channel = String((JSON.parse(raw || '{}') as { channel?: string }).channel);
        const now = Date.now();
        const b = buckets.get(channel) ?? { tokens: state.channelRate.burst, at: now };
        b.tokens = Math.min(state.channelRate.burst, b.tokens + (now - b.at) / 1000);
        b.at = now;
        buckets.set(channel, b);
        if (b.tokens < 1) {
          limited++;
          res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
          res.end('{"ok":false,"error":"ratelimited"}');
          return;
        }
        b.tokens -= 1;
      }
      for (const [prefix, codes] of failures) {
        if (path.startsWith(prefix) && codes.length > 0) {
          const code = codes.shift() as number;
          res.writeHead(code, code === 429 ? { 'Retry-After': '1' } : {});
          res.end(code === 429 ? '{"ok":false,"error":"ratelimited"}' : 'error');
          return;
        }
      }
      let body: Record<string, unknown> = {};
      try {
        body = raw.startsWith('{') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        body = { raw };
      }
      const call = { path, body, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) };
      calls.push(call);
      for (const w of [...waiters]) {
        if (w.pred(call)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
      }
      res.writeHead(200, { 'Content-Type': path.startsWith('/api/') ? 'application/json' : 'text/plain' });
      const apiError = [...apiErrors].find(([prefix]) => path.startsWith(prefix))?.[1];
      res.end(
        path.startsWith('/api/')
          ? JSON.stringify(
              apiError
                ? { ok: false, error: apiError }
                : { ok: true, ts: '1700000000.000100', channel: body.channel },
            )
          : 'ok',
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    failures,
    apiErrors,
    files,
    get channelRate() {
      return state.channelRate;
    },
    set channelRate(v) {
      if (v) state.channelRate = v;
      else delete state.channelRate;
    },
    get limited() {
      return limited;
    },
    waitFor(pred, timeoutMs = 20_000) {
      const found = calls.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => reject(new Error('timed out waiting for a Slack call')), timeoutMs).unref();
      });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Headers of a correctly signed Slack request. */
export function signedHeaders(
  body: string,
  contentType: string,
  ts = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
): Record<string, string> {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig };
}

/** An API Gateway HTTP API (payload 2.0) event for a Slack request. */
export function gatewayEvent(body: string, headers: Record<string, string>, base64 = false) {
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    isBase64Encoded: base64,
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
    headers,
    body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
  };
}

/** A form-encoded slash command body. */
export function slashBody(
  text: string,
  o: { channel?: string; responseUrl: string; trigger?: string },
): string {
  return new URLSearchParams({
    token: 'deprecated',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: o.channel ?? 'C-OPS',
    channel_name: 'ops',
    user_id: 'U1',
    user_name: 'alice',
    command: '/k8s',
    text,
    response_url: o.responseUrl,
    trigger_id: o.trigger ?? `trig-${Math.random().toString(36).slice(2)}`,
    api_app_id: 'A1',
  }).toString();
}

/** A form-encoded block_actions body for a button press. */
export function buttonBody(
  actionId: string,
  value: string,
  o: { responseUrl: string; channel?: string; user?: string; trigger?: string },
): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: o.user ?? 'U1' },
    api_app_id: 'A1',
    token: 'x',
    trigger_id: o.trigger ?? `trig-${Math.random().toString(36).slice(2)}`,
    channel: { id: o.channel ?? 'C-OPS' },
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: o.channel ?? 'C-OPS' },
    response_url: o.responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'kt_actions', value, action_ts: '1' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A signed-ready Events API body (event_callback) carrying one event. */
export function eventBody(eventId: string, event: Record<string, unknown>): string {
  return JSON.stringify({ type: 'event_callback', event_id: eventId, event_time: 1, event });
}

/** A DM to the bot (with attached files: subtype file_share, as Slack sends it). */
export function dmEvent(o: {
  text: string;
  ts: string;
  channel: string;
  user?: string;
  files?: readonly Record<string, unknown>[];
}): Record<string, unknown> {
  return {
    type: 'message',
    ...(o.files ? { subtype: 'file_share', files: o.files } : {}),
    channel_type: 'im',
    user: o.user ?? 'U1',
    text: o.text,
    ts: o.ts,
    channel: o.channel,
  };
}

/** A text snippet attached to a message, downloadable at `url`. */
export function textFile(id: string, name: string, url: string, size: number): Record<string, unknown> {
  return {
    id,
    name,
    mode: 'snippet',
    filetype: 'text',
    mimetype: 'text/plain',
    size,
    url_private_download: url,
  };
}

/** The blocks of a recorded call: JSON bodies carry them as an array, form bodies as a JSON string. */
export function blocksOfCall<B = Record<string, unknown>>(c: SlackCall): B[] {
  const b = c.body.blocks;
  return (typeof b === 'string' ? JSON.parse(b) : (b ?? [])) as B[];
}
