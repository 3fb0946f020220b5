/**
 * Helpers that turn rule hits into findings: quoted lines as evidence, default titles and
 * severities from the catalog, and the `/k8s` confirm step.
 * @module
 */
import { CODES, type FindingCode } from '../core/codes.js';
import type { Command, Evidence, Finding, Subject } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { Hit, Paste } from './rule.js';

/** The dates (and serial) of the client certificate the workstation's kubeconfig presents. */
export const KUBECONFIG_CLIENT_CERT_DATES: Command = {
  run: "kubectl config view --raw -o jsonpath='{.users[*].user.client-certificate-data}' | base64 -d | openssl x509 -noout -dates -serial",
  where: 'workstation',
};

/** Lines quoted per finding before "N more". */
const MAX_QUOTED = 4;

/** How much of a matched line is quoted. */
const QUOTE_CHARS = 300;

/**
 * The matched line as quoted (redacted): its start, or, when the match lies past what fits (a long
 * klog or event line whose cause is at its end), the part around the match between ellipses.
 */
function quotedLine(paste: Paste, h: Hit): string {
  const whole = paste.shown(h.line, Number.POSITIVE_INFINITY);
  if (whole.length <= QUOTE_CHARS) return whole;
  const at = whole.toLowerCase().indexOf(h.match[0].slice(0, 40).toLowerCase());
  if (at < 0 || at + Math.min(h.match[0].length, 120) < QUOTE_CHARS - 1)
    return paste.shown(h.line, QUOTE_CHARS);
  const from = Math.max(0, at - 100);
  const to = Math.min(whole.length, from + QUOTE_CHARS - 2);
  return `${from > 0 ? '…' : ''}${whole.slice(from, to)}${to < whole.length ? '…' : ''}`;
}

/** Evidence quoting the matched lines (redacted, shortened around the match), with line numbers. */
export function quoted(hits: readonly Hit[], paste: Paste): Evidence[] {
  const ev: Evidence[] = hits
    .slice(0, MAX_QUOTED)
    .map((h) => ({ fact: `"${quotedLine(paste, h)}"`, source: `pasted text, line ${h.line + 1}` }));
  if (hits.length > MAX_QUOTED)
    ev.push({
      fact: `${hits.length - MAX_QUOTED} more line${hits.length - MAX_QUOTED === 1 ? '' : 's'} like it`,
      source: 'pasted text',
    });
  return ev;
}

/** What a paste finding says beyond the quoted lines. */
export interface PasteFindingParts {
  readonly title?: string;
  readonly severity?: Severity;
  readonly subject?: Subject;
  readonly facts?: readonly Evidence[];
  readonly why: string;
  readonly steps: readonly Command[];
  readonly confirm: readonly Command[];
}

/** A finding from a paste. */
export function pasteFinding(
  code: FindingCode,
  hits: readonly Hit[],
  paste: Paste,
  p: PasteFindingParts,
): Finding {
  return {
    code,
    severity: p.severity ?? CODES[code].severity,
    subject: p.subject ?? { kind: 'cluster', name: 'pasted text' },
    title: p.title ?? CODES[code].title,
    evidence: [...quoted(hits, paste), ...(p.facts ?? [])],
    fix: { why: p.why, steps: p.steps },
    confirm: p.confirm,
  };
}

/** The live check to run to confirm ("/k8s skew <cluster>"). */
export function liveCheck(check: 'skew' | 'token' | 'certs' | 'ipam'): Command {
  return { run: `/k8s ${check} <cluster>   (or: kube-triage ${check} <cluster>)`, where: 'workstation' };
}

/** First capture of `re` anywhere in the paste (bounded lines), or undefined. */
export function findInPaste(paste: Paste, re: RegExp): RegExpExecArray | undefined {
  for (const l of paste.lines) {
    const m = re.exec(l);
    if (m) return m;
  }
  return undefined;
}
