/**
 * What a paste rule is, and the bounded, redacted paste every rule reads.
 * @module
 */
import type { FindingCode } from '../core/codes.js';
import type { Finding } from '../core/finding.js';

/** A paste after bounding and clean-up. Lines are raw (for matching); `shown` is safe to echo. */
export interface Paste {
  /**
   * Lines as the rules read them: after ANSI/CR stripping and Slack unescaping, each at most
   * PASTE_MAX_LINE_CHARS, then normalised (quoting unwrapped, placeholders mapped, hard wraps
   * joined into the run's first line: see normaliseLine).
   */
  readonly lines: readonly string[];
  /**
   * Lines that are fragments of a hard-wrapped line, their text joined into the line before them:
   * the rules read the joined line, not the fragment alone (which has lost what came before it).
   */
  readonly wrapped: ReadonlySet<number>;
  /** The whole bounded text as pasted (raw lines joined with \n), for decoders. */
  readonly text: string;
  /** Bytes received before bounding. */
  readonly originalBytes: number;
  /** True when the paste was cut to PASTE_MAX_BYTES. */
  readonly truncated: boolean;
  /** Lines longer than the per-line cap were cut. */
  readonly longLines: number;
  /** Credentials found (kinds only), so the answer can say the paste held live secrets. */
  readonly secrets: readonly SecretKind[];
  /** A line, redacted and shortened for display. */
  shown(line: number, max?: number): string;
}

/** Kinds of credential a paste can hold. */
export type SecretKind =
  | 'service-account token (JWT)'
  | 'bearer token'
  | 'Slack token'
  | 'private key'
  | 'kubeconfig credential'
  | 'password'
  | 'cloud credential'
  | 'API token'
  | 'Secret data';

/** A rule match: which line, and the regex match on it. */
export interface Hit {
  readonly line: number;
  readonly match: RegExpExecArray;
}

/** A line-oriented diagnosis rule. */
export interface Rule {
  /** Kebab-case, unique: 'sa-token-not-valid-yet'. */
  readonly id: string;
  /** The same code a live check emits for the same cause. */
  readonly code: FindingCode;
  /** Linear pattern (no nested quantifiers), run on bounded lines only. */
  readonly pattern: RegExp;
  /** Real lines (from incidents/seeds/public issues) that must match. */
  readonly examples: readonly string[];
  /** Similar lines that must not match. */
  readonly nearMisses: readonly string[];
  /**
   * Rules that explain the same line differently share a group; on a line only the matching rule
   * with the highest `rank` in the group counts (the most specific cause wins).
   */
  readonly group?: string;
  /** Higher is more specific; symptoms are low. @default 5 */
  readonly rank?: number;
  /** Whether this rule also needs something elsewhere in the paste. */
  readonly when?: (paste: Paste, hit: Hit) => boolean;
  /**
   * A description of the cause in people's words: not read on a component's structured log line
   * (klog's header, logfmt, a JSON record), whose message is the component's, not a person's.
   */
  readonly prose?: boolean;
  /** Builds the finding from every hit of this rule (most rules report once, quoting the hits). */
  diagnose(hits: readonly Hit[], paste: Paste): Finding;
}

/**
 * A question about the whole paste, answered once per paste however many lines ask it (a rule's
 * `when` runs per hit: reading `paste.text` there unmemoised is quadratic in the number of hits).
 */
export function perPaste<T>(answer: (paste: Paste) => T): (paste: Paste) => T {
  const cache = new WeakMap<Paste, T>();
  return (paste) => {
    if (!cache.has(paste)) cache.set(paste, answer(paste));
    return cache.get(paste) as T;
  };
}
