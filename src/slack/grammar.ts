/**
 * The `/k8s` command grammar: `help`, `clusters`, `<skew|token|certs|ipam|report> <cluster>`,
 * `diagnose <text>`, and any other text that looks like an error is a paste to diagnose. Pure;
 * errors are values with a stable code and one short message.
 * @module
 */
import { COMMAND_TEXT_MAX_CHARS } from '../core/limits.js';

/** The check verbs. */
export const CHECK_VERBS = ['skew', 'token', 'certs', 'ipam', 'report'] as const;
export type CheckVerb = (typeof CHECK_VERBS)[number];

/** A parsed command. */
export type SlashCommand =
  | { readonly kind: 'help'; readonly topic?: string }
  | { readonly kind: 'clusters' }
  | { readonly kind: 'mutes' }
  | { readonly kind: 'check'; readonly verb: CheckVerb; readonly cluster: string; readonly all: boolean }
  | { readonly kind: 'diagnose'; readonly text: string };

/** A user-facing error with a stable code. */
export interface UsageError {
  readonly kind: 'error';
  readonly code: 'usage/unknown-verb' | 'usage/missing-cluster' | 'usage/too-long' | 'usage/empty-paste';
  readonly message: string;
  /** The word that was not understood, and what followed it (for "did you mean" on cluster names). */
  readonly word?: string;
  readonly rest?: readonly string[];
}

/** Greetings, thanks and questions to the bot: answered with help, never "unknown command". */
const CONVERSATION =
  /^(?:hi|hello|hey|yo|hallo|hola|ciao|thanks|thank you|thx|ty|good (?:morning|afternoon|evening)|你好|您好|谢谢|help me)\b|^(?:what|how|who|why|can|could|do|does|is|are|which|where|when)\b[^\n]{0,200}\?\s*$|^\S[^\n]{0,200}\?\s*$/i;

/** Text that is an error message or log rather than a command. */
const LOOKS_LIKE_ERROR =
  /error|fail|x509|unauthori[sz]ed|forbidden|invalid|expired|not valid|refused|timeout|denied|cannot|unable|\b[EWIF]\d{4} \d\d:|eyJ|BEGIN CERTIFICATE|panic|no such file|exhausted|drift|jump/i;

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] as number;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] as number;
      dp[j] = Math.min(
        (dp[j] as number) + 1,
        (dp[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return dp[b.length] as number;
}

/** The closest of `options` to `word`, if close enough to be a typo. */
export function suggest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      best = o;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * One-line usage, in Slack's mrkdwn: < and > are written &lt; and &gt;, or Slack would read `<skew|token…>` as a
 * link to "skew" (it does so inside inline code too).
 */
export const USAGE =
  'Usage: `/k8s &lt;skew|token|certs|ipam|report&gt; &lt;cluster&gt;`, `/k8s diagnose &lt;error text&gt;`, `/k8s clusters`, `/k8s mutes`, `/k8s help`.';

/** Characters as typed: Slack's &lt; &gt; &amp; count as the one character they stand for. */
function typedLength(raw: string): number {
  let n = raw.length;
  for (const m of raw.matchAll(/&(?:lt|gt|amp);/g)) n -= m[0].length - 1;
  return n;
}

/**
 * Parses the text after `/k8s` (or of a DM or mention). `max` is the longest text accepted, counted
 * as typed: COMMAND_TEXT_MAX_CHARS for slash commands, MESSAGE_TEXT_MAX_CHARS for messages.
 */
export function parseCommand(raw: string, max: number = COMMAND_TEXT_MAX_CHARS): SlashCommand | UsageError {
  const typed = typedLength(raw);
  if (typed > max) {
    return {
      kind: 'error',
      code: 'usage/too-long',
      message: `That text is ${typed.toLocaleString('en-US')} characters; paste at most ${max.toLocaleString('en-US')} here, or use the "Diagnose with kube-triage" message shortcut on a message or a text snippet.`,
    };
  }
  const text = raw.trim();
  if (text === '' || /^(help|\?|-h|--help)$/i.test(text)) return { kind: 'help' };
  if (CONVERSATION.test(text) && !LOOKS_LIKE_ERROR.test(text)) return { kind: 'help' };
  const [first = '', ...rest] = text.split(/\s+/);
  const verb = first.toLowerCase();
  if (verb === 'help') return { kind: 'help', topic: rest[0]?.toLowerCase() ?? '' };
  if (verb === 'clusters' || verb === 'list') return { kind: 'clusters' };
  if (verb === 'mutes' || verb === 'muted') return { kind: 'mutes' };
  if (verb === 'diagnose' || verb === 'explain') {
    const body = text.slice(first.length).trim();
    if (!body)
      return {
        kind: 'error',
        code: 'usage/empty-paste',
        message:
          'Nothing to diagnose. Usage: `/k8s diagnose &lt;error text&gt;`, or use the "Diagnose with kube-triage" shortcut on a message.',
      };
    return { kind: 'diagnose', text: body };
  }
  if ((CHECK_VERBS as readonly string[]).includes(verb)) {
    const cluster = rest.find((w) => !w.startsWith('--'));
    if (!cluster)
      return {
        kind: 'error',
        code: 'usage/missing-cluster',
        message: `Which cluster? Usage: \`/k8s ${verb} &lt;cluster&gt;\` (see \`/k8s clusters\`).`,
      };
    return {
      kind: 'check',
      verb: verb as CheckVerb,
      cluster: cluster.toLowerCase(),
      all: rest.includes('--all'),
    };
  }
  if (LOOKS_LIKE_ERROR.test(text) || text.includes('\n') || text.length > 80)
    return { kind: 'diagnose', text };
  const s = suggest(verb, [...CHECK_VERBS, 'diagnose', 'clusters', 'mutes', 'help']);
  return {
    kind: 'error',
    code: 'usage/unknown-verb',
    message: `Unknown command "${first.slice(0, 40)}".${s ? ` Did you mean \`/k8s ${s}${rest.length ? ` ${rest.join(' ').slice(0, 60)}` : ''}\`?` : ''} ${USAGE}`,
    word: first.slice(0, 63),
    rest: rest.slice(0, 4),
  };
}
