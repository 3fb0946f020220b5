/**
 * What every Slack entry point checks before Bolt: a signing timestamp within ±5 minutes (Bolt
 * refuses only old ones, and a clock-skew tool should not accept requests from the future) and
 * Events API retries, whose first delivery was already handled. Shared by the Lambda ingress and
 * `kube-triage serve`.
 * @module
 */

/** Slack signs with a timestamp; further from now than this, either way, is refused. */
export const SIGNATURE_WINDOW_S = 300;

/** The answer to give without Bolt, or undefined to pass the request on. */
export type Guarded =
  | { readonly status: 401; readonly reason: 'timestamp' }
  | { readonly status: 200; readonly reason: 'retry'; readonly retryReason: string };

/** Checks a request's headers (`get` is case-insensitive). */
export function guardRequest(get: (name: string) => string | undefined, nowMs: number): Guarded | undefined {
  const ts = Number(get('x-slack-request-timestamp'));
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > SIGNATURE_WINDOW_S)
    return { status: 401, reason: 'timestamp' };
  if (get('x-slack-retry-num'))
    return {
      status: 200,
      reason: 'retry',
      retryReason: String(get('x-slack-retry-reason') ?? '').slice(0, 40),
    };
  return undefined;
}

/** Largest request body accepted from Slack, bytes (a message shortcut carries the whole message). */
export const MAX_SLACK_BODY_BYTES = 2 * 1024 * 1024;

function isObjectWithType(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as { type?: unknown }).type === 'string'
  );
}

/**
 * Whether a body has the shape of something Slack sends: a JSON object with a `type` (Events API),
 * a form with a `payload` that is such an object (interactivity), a form with a `command` (slash
 * commands), or an ssl_check. Anything else (`null`, an array, a bare string, `payload=null`) is
 * refused with 400 before Bolt, which throws on some of them. Never throws.
 */
export function isSlackShapedBody(contentType: string | undefined, body: string): boolean {
  try {
    if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(body);
      if (form.get('ssl_check') === '1') return true;
      const payload = form.get('payload');
      if (payload !== null) return isObjectWithType(JSON.parse(payload));
      return typeof form.get('command') === 'string' && form.get('command') !== '';
    }
    return isObjectWithType(JSON.parse(body));
  } catch {
    return false;
  }
}
