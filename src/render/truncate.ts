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
