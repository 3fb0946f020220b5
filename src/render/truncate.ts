/**
 * Cutting text to Slack's limits without breaking markup: mrkdwn escaping, code blocks whose
 * fences always balance, and an ellipsis that says something was cut.
 * @module
 */

/**
 * Escapes the three characters mrkdwn treats as markup (&, <, >) and breaks up backtick runs of
 * three or more, so untrusted text can never open or close a code block.
 */
export function escapeMrkdwn(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`{3,}/g, (m) => m.split('').join('\u200b'));
}

/** Cuts mrkdwn to `max` characters and closes a code block the cut left open. */
export function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = truncate(s, max - 3);
  return (cut.match(/```/g) ?? []).length % 2 === 1 ? `${cut}\`\`\`` : cut;
}

/** Cuts to at most `max` characters, ending with "…" when cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A mrkdwn code block of at most `max` characters whose fences always balance: backtick runs in
 * the content are broken up first, then the content is cut, then the fences are added.
 */
export function codeBlock(content: string, max: number): string {
  const safe = escapeMrkdwn(content);
  const inner = truncate(safe, Math.max(1, max - 8));
  return `\`\`\`${inner}\`\`\``;
}

/**
 * The last step for every message kube-triage sends (render/blocks.ts's renderers and the delivery
 * functions both apply it): Slack's special mentions (<!here>, <!channel>, <!everyone>,
 * <!subteam^…>, <!date…>) are never ours, so any that reached a text field came from a cluster or
 * a paste (a certificate CN, an event message) and is shown as text, not sent as a ping.
 */
export function neutralizeMentions<T>(value: T): T {
  return walk(value, 0) as T;
}

function walk(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return v.includes('<!') ? v.replace(/<!/g, '&lt;!') : v;
  if (depth > 12 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = walk(x, depth + 1);
  return out;
}
