/**
 * Paste diagnosis: pasted text in, findings out, with no I/O and no LLM. Must not import cluster
 * runtime code, Slack, render or any I/O module. Each rule runs on bounded lines only; decoders
 * read tokens, certificates and timelines; symptoms become hints that point at their causes.
 * @module
 */
import type { Command, Finding } from '../core/finding.js';
import { localiseSteps, PLATFORM_NAME } from '../core/fixes.js';
import { compareSeverity } from '../core/severity.js';
import { decodeCerts } from './decoders/cert.js';
import { decodeJwts } from './decoders/jwt.js';
import { analysePodTables } from './decoders/podtable.js';
import { analyseNeighbours, analyseTimeline } from './decoders/timeline.js';
import type { Decoded } from './decoders/types.js';
import { type Differential, differentials, type NoMatch, noMatch } from './differential.js';
import { detectOrigin, type Origin, originNote } from './distro.js';
import { literalGate } from './literals.js';
import { logBody, preparePaste, REDACTED_ADDRESS } from './paste.js';
import type { Hit, Paste, Rule, SecretKind } from './rule.js';
import { CERT_RULES } from './rules/certs.js';
import { DESCRIPTION_RULES } from './rules/describe.js';
import { IPAM_RULES } from './rules/ipam.js';
import { K3S_RULES } from './rules/k3s.js';
import {
  APP_JWT_ERROR_RE,
  alertTemplateLine,
  diagramEdgeLine,
  docsChangeStory,
  errorWordingRequest,
  kubeContext,
  SIGNAL_RULES,
} from './rules/signals.js';
import { SKEW_RULES } from './rules/skew.js';
import { TOKEN_RULES } from './rules/token.js';

const JWT_KIND: SecretKind = 'service-account token (JWT)';

/** Every paste rule. */
export const RULES: readonly Rule[] = [
  ...TOKEN_RULES,
  ...SKEW_RULES,
  ...CERT_RULES,
  ...IPAM_RULES,
  ...K3S_RULES,
  ...DESCRIPTION_RULES,
  ...SIGNAL_RULES,
];

/** What a paste diagnosis answers. */
export interface Diagnosis {
  /** Most specific cause first. */
  readonly findings: readonly Finding[];
  readonly decoded: readonly Decoded[];
  /** What kind of text this looked like ("a kubelet log from node-2, 14:02–14:07"). */
  readonly recognised: readonly string[];
  /** Symptoms that point at causes the text alone cannot name. */
  readonly hints: readonly string[];
  /** Messages with several causes: the causes ranked, each with the command that tells it apart. */
  readonly differentials: readonly Differential[];
  /** Set when nothing matched a text about Kubernetes: what was looked for, which live check to run. */
  readonly noMatch?: NoMatch;
  /** The distribution and CNI the paste names; fixes are given for that distribution. */
  readonly origin: Origin;
  readonly truncated: boolean;
  readonly lines: number;
  readonly bytes: number;
  /** Live credentials found in the paste (kinds only): the answer warns that they are live. */
  readonly secrets: readonly SecretKind[];
  /** Credentials found that are no longer valid (every pasted token past its exp): still redacted. */
  readonly expiredSecrets: readonly SecretKind[];
}

interface Symptom {
  readonly re: RegExp;
  readonly hint: string;
  /** Not shown when one of these codes was found (the cause is already named). */
  readonly unlessCodes?: readonly string[];
}

const SYMPTOMS: readonly Symptom[] = [
  {
    // Not x509's hint ("possibly because of \"crypto/rsa: verification error\" while trying to verify candidate
    // authority certificate …"): that is a certificate's signature, not a token's.
    re: /square\/go-jose: error in cryptographic primitive|go-jose\/go-jose: error in cryptographic primitive|crypto\/rsa: verification error(?!"?\s*while trying to verify candidate authority)/,
    hint: 'The token signature does not verify: it was signed with a key this apiserver does not have (--service-account-key-file / --service-account-signing-key-file differ between apiservers, or the token is from another cluster). Not a clock problem.',
  },
  {
    re: /requested IP address \S{1,45} is not available in range set/i,
    hint: 'host-local was asked for one fixed address (a static IP from Multus, whereabouts, a pod annotation or `podman --ip`) and a lease file for it already exists: another container holds it, or a stale lease from one that is gone (`ls /var/lib/cni/networks/<network>/<ip>` shows the container ID). The range itself is not full.',
  },
  {
    re: /remote error: tls: bad certificate/,
    hint: "\"tls: bad certificate\" on the server side means the client rejected this server's certificate; the client's own log says why. If the client IP is the apiserver's own, its loopback certificate expired (`/k8s certs`).",
    unlessCodes: ['cert/loopback-expiry'],
  },
  {
    re: /x509: certificate signed by unknown authority/,
    hint: '"certificate signed by unknown authority": check which endpoint failed. For an image registry it is the registry\'s TLS (not a cluster certificate); for :10250 the kubelet certificate; for the apiserver, a stale kubeconfig CA.',
    unlessCodes: ['cert/kubelet-unknown-ca', 'cert/ca-mismatch', 'cert/client-cert-rejected'],
  },
  {
    re: /certificate relies on legacy Common Name field/,
    hint: "The server certificate has no SANs (only a Common Name), which Go has rejected since 1.15; reissue it with SANs. This is the server's certificate (often a registry), not a cluster certificate.",
  },
  {
    re: APP_JWT_ERROR_RE,
    hint: "A JWT library's own error (jsonwebtoken, PyJWT, go-jose, jjwt, Firebase, Google OAuth): the application's token, checked by the application against its issuer's times, not a service-account token (the apiserver rejects those in its own words, \"service account token has expired\"). If its times look off, compare this pod's node clock with the issuer's (`/k8s skew`).",
    unlessCodes: [
      'token/expired',
      'token/not-yet-valid',
      'token/invalidated',
      'token/stale-not-reloaded',
      'skew/node-clock',
      'skew/clock-jump',
    ],
  },
  {
    re: /failed to allocate a serviceIP: range is full/i,
    hint: 'The Service ClusterIP range is full, not a pod address range: count Services (`kubectl get svc -A --no-headers | wc -l`) against --service-cluster-ip-range (kube-apiserver flags); widen it with a second ServiceCIDR (Kubernetes 1.31+, MultiCIDRServiceAllocator) or remove unused Services.',
  },
  {
    re: /time drift between \S+ and \S+ is higher than the allowed threshold/,
    hint: 'A health checker measured time drift that includes network latency (a 300 ms threshold): compare the clocks directly with `/k8s skew` before acting.',
  },
];

const KINDS: readonly [RegExp, string][] = [
  [/kubelet\[\d+\]|kubelet_pods\.go|cri_stats_provider\.go|kubelet\.go:/, 'kubelet log'],
  // The name alone is also said in prose ("kube-apiserver rejects them"): a log has its own lines.
  [
    /kube-apiserver(?:\[\d+\]|-[\w.-]+\s|\s*\|)|authentication\.go:\d+\]|claims\.go:\d+\]|handlers\.go:\d+\] Unable to authenticate/,
    'kube-apiserver log',
  ],
  [/rafthttp|"caller":"etcdserver|etcd\[/, 'etcd log'],
  [/chronyd\[\d+\]/, 'chrony log'],
  [/^\* (?:Connected to|TLSv1|SSL connection)|^> GET /m, 'curl -v transcript'],
  // [ \t]*, not \s*: with /m a \s* at a line start would run across every blank line (quadratic).
  [/FailedCreatePodSandBox|^[ \t]*(?:Normal|Warning)[ \t]+\w+[ \t]+\d/m, 'Kubernetes events'],
  [/^Error from server|^Unable to connect to the server|^error: /m, 'kubectl output'],
  [/CERTIFICATE\s+EXPIRES\s+RESIDUAL TIME/, 'kubeadm certs check-expiration output'],
  [/-----BEGIN CERTIFICATE-----|^Certificate:$/m, 'certificate'],
  [/^Chain FORWARD|^-P FORWARD/m, 'iptables rules'],
];

/**
 * Each rule's pattern with case folded: Go's error strings, klog and kubectl keep their case, but
 * people retype, shout and lower-case them, and wrappers (Helm, Ansible) re-case them.
 */
const FOLDED = new Map<Rule, RegExp>(
  RULES.map((r) => [
    r,
    r.pattern.flags.includes('i') ? r.pattern : new RegExp(r.pattern.source, `${r.pattern.flags}i`),
  ]),
);

/** The pattern the engine runs for a rule (case folded). */
export function rulePattern(rule: Rule): RegExp {
  return FOLDED.get(rule) ?? rule.pattern;
}

/** Each rule's folded pattern, global and multiline: one scan of the whole paste finds its lines. */
const SCAN = new Map<Rule, RegExp>(
  RULES.map((r) => {
    const re = FOLDED.get(r) as RegExp;
    return [r, new RegExp(re.source, `${re.flags.replace(/[gmy]/g, '')}gm`)];
  }),
);
const RULE_ORDER = new Map<Rule, number>(RULES.map((r, i) => [r, i]));

/**
 * A component's structured log line: klog's header, logfmt's `time="…" level=`, or a JSON record,
 * after an optional syslog prefix. Its message is the component's own words; a description rule
 * (people's words for a cause) does not read it, so on a long log they scan only the prose between.
 */
const STRUCTURED_LOG_RE =
  /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [\w.-]+ [\w./-]+(?:\[\d+\])?: )?(?:[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\]|time="[^"\n]{0,40}" level=|\{"(?:level|ts|time|msg|caller)":)/;

/** Whether a rule reads this line (description rules skip structured log lines). */
function reads(rule: Rule, structured: boolean): boolean {
  return !(structured && rule.prose);
}

/** Where each line starts in the lines joined with \n. */
function lineStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  return starts;
}

/** The line holding a position of the joined text (binary search over its starts). */
function lineAt(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The lines each rule may match. One global scan per rule over the joined lines, instead of one
 * regex call per rule per line (the call overhead was most of the cost on a long log); a match
 * only nominates its first line, which the per-line pass then checks exactly as before. Description
 * rules scan the same lines with the structured log lines blanked (see STRUCTURED_LOG_RE).
 */
function candidates(
  paste: Paste,
  text: string,
  live: ReadonlySet<Rule>,
  structured: readonly boolean[],
): Map<number, Rule[]> | undefined {
  const out = new Map<number, Rule[]>();
  if (paste.lines.some((l) => l.includes('\n'))) return undefined;
  const all = { text, starts: lineStarts(paste.lines) };
  let prose: typeof all | undefined;
  for (const rule of RULES) {
    if (!live.has(rule)) continue;
    if (rule.prose && !prose) {
      const blanked = paste.lines.map((l, i) => (structured[i] ? '' : l));
      prose = structured.some(Boolean) ? { text: blanked.join('\n'), starts: lineStarts(blanked) } : all;
    }
    const { text: scanned, starts } = rule.prose ? (prose as typeof all) : all;
    const re = SCAN.get(rule) as RegExp;
    re.lastIndex = 0;
    for (let m = re.exec(scanned); m; m = re.exec(scanned)) {
      const line = lineAt(starts, m.index);
      const list = out.get(line);
      if (list) list.push(rule);
      else out.set(line, [rule]);
      if (line + 1 >= starts.length) break;
      re.lastIndex = starts[line + 1] as number;
    }
  }
  return out;
}

/** A diff's added or removed line (not its +++/--- file headers). */
const DIFF_LINE_RE = /^[+-](?![+-]{2})/;

/** The literal gate over every rule, built on the first paste (not at import: the CLI starts without it). */
let gate: ((text: string) => Set<Rule>) | undefined;

/** How many later sentences of one line a description rule is read in after its gate refused one. */
const MAX_RETRIES_ON_LINE = 3;
/** Where a sentence ends (English or Chinese punctuation) and the next may begin. */
const SENTENCE_END_RE = /[.!?]\s+|[。！？]\s*/g;
/** Each description rule's folded pattern, global: to read on from a match its gate refused. */
const ONWARD = new Map<Rule, RegExp>();

/**
 * The first match on the line the rule's gate accepts. A description's gates read one sentence (a
 * hypothetical, a purpose, a negation), and a line can hold several: "In case the pool is full, …
 * The pod fails because of the depleted pool." So a refused match is followed by the first match in
 * a later sentence of the line. A signature's gates read the whole line, so for it the first match
 * decides. Bounded: at most three later sentences per line, and none on a one-sentence line.
 */
function acceptedHit(rule: Rule, paste: Paste, line: string, first: Hit): Hit | undefined {
  if (!rule.when || rule.when(paste, first)) return first;
  if (!rule.prose) return undefined;
  let re = ONWARD.get(rule);
  if (!re) {
    const f = FOLDED.get(rule) as RegExp;
    re = new RegExp(f.source, `${f.flags.replace(/[gy]/g, '')}g`);
    ONWARD.set(rule, re);
  }
  let after = first.match.index + first.match[0].length;
  for (let tries = 0; tries < MAX_RETRIES_ON_LINE; tries++) {
    // The gate judged the whole sentence: read on from the next one, if the line has one.
    SENTENCE_END_RE.lastIndex = after;
    const end = SENTENCE_END_RE.exec(line);
    if (!end) return undefined;
    re.lastIndex = end.index + end[0].length;
    const m = re.exec(line);
    if (!m) return undefined;
    const hit = { line: first.line, match: m };
    if (rule.when(paste, hit)) return hit;
    after = m.index + Math.max(1, m[0].length);
  }
  return undefined;
}

/** Runs every rule over the paste; returns hits per rule after group ranking. */
function runRules(paste: Paste): Map<Rule, Hit[]> {
  const hits = new Map<Rule, Hit[]>();
  const text = paste.lines.join('\n');
  // Rules whose literals the paste does not hold cannot match it: most rules, on most logs.
  // Anchored on what is rare in the rules' own examples and near-misses (log and prose like a paste's).
  gate ??= literalGate(RULES, rulePattern, RULES.flatMap((r) => [...r.examples, ...r.nearMisses]).join('\n'));
  const live = gate(text);
  // A log line that hard-wrapped text was joined into (see Paste.wrapped) may carry a person's words.
  const structured = paste.lines.map((l, i) => STRUCTURED_LOG_RE.test(l) && !paste.wrapped.has(i + 1));
  const nominated = candidates(paste, text, live, structured);
  // Only when the paste could not be scanned whole (a line holding a newline): every live rule per line.
  const everyLive = nominated ? [] : RULES.filter((r) => live.has(r));
  const lines = nominated ? [...nominated.keys()].sort((a, b) => a - b) : paste.lines.map((_, i) => i);
  // A request about an error message's wording quotes the error as an example: no rule reads it.
  const wordingRequest = errorWordingRequest(paste);
  // In a change to documentation, a diff's added or removed lines are the page's words ("you might see
  // errors such as `x509: …`"), not a log of this cluster.
  const docsChange = docsChangeStory(paste);
  for (const i of wordingRequest ? [] : lines) {
    const line = paste.lines[i] as string;
    if (line.length < 6 || paste.wrapped.has(i)) continue;
    if (docsChange && DIFF_LINE_RE.test(logBody(line))) continue;
    // An alerting rule's template (`Clock skew detected on {{ $labels.instance }}`) is the rule, not a firing.
    if (alertTemplateLine(line)) continue;
    // A flowchart's edge (`A[Detect leaked IPs] --> B[Verify each IP]`) is a drawn procedure.
    if (diagramEdgeLine(line)) continue;
    const rules = nominated
      ? (nominated.get(i) as Rule[]).sort(
          (a, b) => (RULE_ORDER.get(a) as number) - (RULE_ORDER.get(b) as number),
        )
      : everyLive;
    const onLine: { rule: Rule; hit: Hit }[] = [];
    for (const rule of rules) {
      if (!reads(rule, structured[i] as boolean)) continue;
      const re = FOLDED.get(rule) as RegExp;
      re.lastIndex = 0;
      const m = re.exec(line);
      if (!m) continue;
      const hit = acceptedHit(rule, paste, line, { line: i, match: m });
      if (hit) onLine.push({ rule, hit });
    }
    for (const { rule, hit } of onLine) {
      // In a group only the most specific explanation of this line counts.
      if (
        rule.group &&
        onLine.some((o) => o.rule.group === rule.group && (o.rule.rank ?? 5) > (rule.rank ?? 5))
      )
        continue;
      const list = hits.get(rule);
      if (list) list.push(hit);
      else hits.set(rule, [hit]);
    }
  }
  return hits;
}

function rankOf(f: Finding, ranks: Map<Finding, number>): number {
  return ranks.get(f) ?? 5;
}

const PROSE_NOTE = 'recognised as a description of the cause';

/** Rank from which a matched error explains its line better than any description. */
const SPECIFIC_RANK = 6;

/** Whether a finding comes from a description (prose) rather than a matched error. */
function isDescription(f: Finding): boolean {
  return f.evidence.some((e) => e.fact.startsWith(PROSE_NOTE));
}

/**
 * Causes a description names behind a matched error's symptom: "never re-reads its token" is why the
 * apiserver says "Token has expired", so that error on the same line does not settle it.
 */
const CAUSE_OF: Partial<Record<Finding['code'], readonly Finding['code'][]>> = {
  'token/stale-not-reloaded': ['token/expired'],
};

/**
 * A description is a guess; a matched error on the same lines is not. When every line a description
 * matched is also matched by an error signature of another cause, the description goes: it would
 * only contradict the signature above it ("Likely: clock" under an expired certificate's own words).
 */
function dropExplainedDescriptions(
  findings: Finding[],
  lines: Map<Finding, Set<number>>,
  ranks: Map<Finding, number>,
): void {
  const signatureLines = new Map<number, Set<Finding['code']>>();
  for (const f of findings) {
    // Only a specific signature settles a line; a generic one ("x509 … expired", rank 4) leaves
    // room for a description that names which certificate (a webhook's, say).
    if (isDescription(f) || rankOf(f, ranks) < SPECIFIC_RANK) continue;
    for (const l of lines.get(f) ?? []) {
      const codes = signatureLines.get(l) ?? new Set<Finding['code']>();
      codes.add(f.code);
      signatureLines.set(l, codes);
    }
  }
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i] as Finding;
    const own = lines.get(f);
    if (!isDescription(f) || !own || own.size === 0) continue;
    const explained = [...own].every((l) => {
      const codes = signatureLines.get(l);
      return (
        codes !== undefined && !codes.has(f.code) && ![...codes].every((c) => CAUSE_OF[f.code]?.includes(c))
      );
    });
    if (explained) findings.splice(i, 1);
  }
}

/** kubectl refusing the apiserver's own certificate as expired: the server side of a lapsed PKI. */
const SERVER_CERT_EXPIRED_RE = /Unable to connect to the server: [^\n]{0,80}?x509: certificate has expired/;

/**
 * One PKI lapsed, seen from both ends: kubectl refuses the apiserver's expired certificate and the
 * apiserver refuses its clients' expired ones. The control plane's certificates expiring explains
 * both lines; a client's alone does not explain kubectl's, so the control plane's comes first.
 */
function serverExpiryFirst(
  findings: readonly Finding[],
  lines: Map<Finding, Set<number>>,
  ranks: Map<Finding, number>,
  paste: Paste,
): void {
  const client = findings.find((f) => f.code === 'cert/client-cert-rejected' && !isDescription(f));
  if (!client) return;
  for (const f of findings)
    if (
      f.code === 'cert/control-plane-expiry' &&
      [...(lines.get(f) ?? [])].some((l) => SERVER_CERT_EXPIRED_RE.test(paste.lines[l] ?? ''))
    )
      ranks.set(f, Math.max(rankOf(f, ranks), rankOf(client, ranks) + 1));
}

/**
 * A client that never re-reads its projected token presents it after it expired: the apiserver's
 * "Token has expired" is that client's symptom, so a paste that also says the client does not reload
 * its token has named the cause, and that finding comes first.
 */
function staleClientFirst(findings: readonly Finding[], ranks: Map<Finding, number>): void {
  const expired = findings.filter((f) => f.code === 'token/expired').map((f) => rankOf(f, ranks));
  if (expired.length === 0) return;
  for (const f of findings)
    if (f.code === 'token/stale-not-reloaded')
      ranks.set(f, Math.max(rankOf(f, ranks), Math.max(...expired) + 1));
}

/** Merges findings with the same code and subject (a rule and a decoder seeing one cause). */
function merge(findings: Finding[], ranks: Map<Finding, number>): Finding[] {
  const out: Finding[] = [];
  for (const f of [...findings].sort((a, b) => rankOf(b, ranks) - rankOf(a, ranks))) {
    const same = out.find((o) => o.code === f.code);
    if (!same) {
      out.push(f);
      continue;
    }
    const i = out.indexOf(same);
    // Keep the more precise subject (a named node beats "pasted text").
    const subject =
      same.subject.kind === 'cluster' && f.subject.kind !== 'cluster' ? f.subject : same.subject;
    const merged: Finding = {
      ...same,
      subject,
      // A matched error outranks a description of the same cause: its lower-confidence note goes.
      evidence: [
        ...same.evidence,
        ...f.evidence.filter(
          (e) => !same.evidence.some((s) => s.fact === e.fact) && !e.fact.startsWith(PROSE_NOTE),
        ),
      ].slice(0, 12),
    };
    ranks.set(merged, Math.max(rankOf(same, ranks), rankOf(f, ranks)));
    out[i] = merged;
  }
  return out.sort((a, b) => rankOf(b, ranks) - rankOf(a, ranks) || compareSeverity(a.severity, b.severity));
}

function withNoMatch(paste: Paste): { noMatch?: NoMatch } {
  const n = noMatch(paste);
  return n ? { noMatch: n } : {};
}

/** The "(kubeadm / k3s)" a catalog title carries until the paste says which platform it is. */
const GENERIC_PLATFORMS = /\(kubeadm \/ k3s\)/;

/** The placeholder a paste's `<node-ip>` was matched as must never read as the user's address. */
const PLACEHOLDER_SHOWN = 'the address the paste left out';
/** …and in a command or a subject, a placeholder the user fills in. */
const PLACEHOLDER_ARG = '<node-ip>';

/**
 * A finding as the user sees it: catalog steps become the variants for the paste's distribution,
 * and the address a placeholder was normalised to is named as what it is.
 */
function localise(f: Finding, origin: Origin, pasteHasDocAddress: boolean): Finding {
  const swap = (to: string) => (s: string) => (pasteHasDocAddress ? s : s.split(REDACTED_ADDRESS).join(to));
  const prose = swap(PLACEHOLDER_SHOWN);
  const arg = swap(PLACEHOLDER_ARG);
  const cmd = (c: Command): Command => ({
    ...c,
    run: c.kind === 'advice' ? prose(c.run) : arg(c.run),
    ...(c.host ? { host: arg(c.host) } : {}),
    ...(c.caution ? { caution: prose(c.caution) } : {}),
  });
  const title = origin.platform
    ? f.title.replace(GENERIC_PLATFORMS, `(${PLATFORM_NAME[origin.platform]})`)
    : f.title;
  return {
    ...f,
    subject: { ...f.subject, name: arg(f.subject.name) },
    title: prose(title),
    evidence: f.evidence.map((e) => ({ ...e, fact: prose(e.fact) })),
    fix: { why: prose(f.fix.why), steps: localiseSteps(f.fix.steps, origin.platform).map(cmd) },
    ...(f.confirm ? { confirm: localiseSteps(f.confirm, origin.platform).map(cmd) } : {}),
  };
}

/** Diagnoses pasted text. `slack` unescapes Slack's &lt; &gt; &amp; and link markup first. */
export function diagnose(text: string, now: Date, opts: { slack?: boolean } = {}): Diagnosis {
  const paste = preparePaste(text, opts);
  const ranks = new Map<Finding, number>();
  const findings: Finding[] = [];
  const lineSets = new Map<Finding, Set<number>>();
  for (const [rule, hits] of runRules(paste)) {
    const f = rule.diagnose(hits, paste);
    ranks.set(f, rule.rank ?? 5);
    lineSets.set(f, new Set(hits.map((h) => h.line)));
    findings.push(f);
  }
  dropExplainedDescriptions(findings, lineSets, ranks);
  serverExpiryFirst(findings, lineSets, ranks, paste);
  staleClientFirst(findings, ranks);
  const jwt = decodeJwts(paste, now);
  for (const f of jwt.findings) ranks.set(f, 9);
  const certs = decodeCerts(paste, now, kubeContext(paste));
  for (const f of certs.findings) ranks.set(f, 6);
  // The loopback certificate itself shown valid (curl or openssl of SNI apiserver-loopback-client) says
  // more than its name in the paste: a rule that read only the name stands back.
  if (certs.validNow.some((s) => /apiserver-loopback-client@/.test(s)))
    for (let i = findings.length - 1; i >= 0; i--)
      if (findings[i]?.code === 'cert/loopback-expiry') findings.splice(i, 1);
  const timeline = analyseTimeline(paste);
  for (const f of timeline.findings) ranks.set(f, 6);
  const neigh = analyseNeighbours(paste);
  const shared = analysePodTables(paste);
  for (const f of shared) ranks.set(f, 7);
  findings.push(...jwt.findings, ...certs.findings, ...timeline.findings, ...neigh, ...shared);
  const origin = detectOrigin(paste);
  const docAddress = paste.text.includes(REDACTED_ADDRESS);
  const merged = merge(findings, ranks).map((f) => localise(f, origin, docAddress));
  const jwtAllExpired = jwt.expired > 0 && jwt.live === 0 && paste.secrets.includes(JWT_KIND);
  const codes = new Set(merged.map((f) => f.code));
  const hints = SYMPTOMS.filter(
    (s) => !s.unlessCodes?.some((c) => codes.has(c as Finding['code'])) && s.re.test(paste.text),
  ).map((s) => s.hint);
  const diffs = differentials(paste, codes, origin);
  const recognised = KINDS.filter(([re]) => re.test(paste.text)).map(([, k]) => k);
  if (timeline.recognised) recognised.push(timeline.recognised);
  // A differential without a component has distribution-dependent commands (the x509 and 401 ones).
  const variants =
    diffs.some((x) => !x.component) ||
    merged.some((f) => [...f.fix.steps, ...(f.confirm ?? [])].some((s) => s.platform !== undefined));
  if (merged.length || diffs.some((x) => !x.component)) recognised.push(originNote(origin, variants));
  for (const x of diffs) if (x.component) recognised.push(x.component);
  if (jwt.decoded.length)
    recognised.push(`${jwt.decoded.length} service-account token${jwt.decoded.length === 1 ? '' : 's'}`);
  return {
    findings: merged,
    decoded: [...jwt.decoded, ...certs.decoded],
    recognised,
    hints,
    differentials: diffs,
    origin,
    ...(merged.length === 0 && diffs.length === 0 ? withNoMatch(paste) : {}),
    truncated: paste.truncated || paste.longLines > 0,
    lines: paste.lines.length,
    bytes: paste.originalBytes,
    secrets: jwtAllExpired ? paste.secrets.filter((k) => k !== JWT_KIND) : paste.secrets,
    expiredSecrets: jwtAllExpired ? [JWT_KIND] : [],
  };
}

export type { Differential, Hypothesis, NoMatch } from './differential.js';
export type { Rule } from './rule.js';
