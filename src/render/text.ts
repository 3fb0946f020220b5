/**
 * The terminal renderer: severity, title, subject, evidence and fix commands; colour only when
 * asked (the CLI asks on a TTY), and a plain no-emoji, no-colour mode.
 * @module
 */
import type { CheckResult } from '../checks/types.js';
import { type Command, type Finding, isSlackStep, stepPlace } from '../core/finding.js';
import { byUrgency, foundPhrase, incidents, ranked } from '../core/rank.js';
import type { ClusterDiff } from '../core/report.js';
import { readState } from '../core/report.js';
import type { Diagnosis } from '../diagnose/index.js';
import { ANSI, TAG } from './emoji.js';

/** Terminal rendering options. */
export interface TextOptions {
  readonly color: boolean;
}

const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const BOLD = '\u001b[1m';

function paint(on: boolean, code: string, s: string): string {
  return on ? `${code}${s}${RESET}` : s;
}

function columns(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    for (const [i, c] of r.entries()) widths[i] = Math.max(widths[i] ?? 0, c.length);
  }
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}

/** One finding as text lines. */
export function findingText(f: Finding, o: TextOptions): string[] {
  const lines = [
    `${paint(o.color, ANSI[f.severity], TAG[f.severity].padEnd(8))} ${paint(o.color, BOLD, f.title)}`,
    `         ${paint(o.color, DIM, `${f.code} · ${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ''}${f.subject.name}`)}`,
  ];
  for (const e of f.evidence)
    lines.push(`         • ${e.fact}`, `           ${paint(o.color, DIM, `(${e.source})`)}`);
  lines.push(`         Why: ${f.fix.why}`);
  // Where each step runs is a label; the command itself is alone on its line, with no prompt, so a
  // triple click copies exactly it. Cautions come before the command they warn about.
  const caution = (c: Command): void => {
    if (c.caution) lines.push(`             ${paint(o.color, ANSI.warning, `caution: ${c.caution}`)}`);
  };
  const steps = (title: string, list: readonly Command[]): void => {
    lines.push(`         ${title}:`);
    let last: string | undefined;
    for (const c of list) {
      if (c.kind === 'advice') {
        lines.push(`           - ${c.run} (${stepPlace(c)})`);
        caution(c);
        last = undefined;
        continue;
      }
      if (isSlackStep(c)) {
        lines.push(`           - in Slack: ${c.run}`);
        last = undefined;
        continue;
      }
      if (stepPlace(c) !== last) lines.push(`           - ${stepPlace(c)}:`);
      last = stepPlace(c);
      caution(c);
      lines.push(`               ${c.run}`);
    }
  };
  if (f.confirm && f.confirm.length > 0) steps('Confirm', f.confirm);
  if (f.fix.steps.length > 0) steps('Fix', f.fix.steps);
  return lines;
}

/** A whole cluster report. */
export function reportText(
  cluster: string,
  results: readonly CheckResult[],
  o: TextOptions,
  meta: { server?: string; elapsedMs?: number } = {},
): string {
  const all = results.flatMap((r) => r.findings);
  const count = (s: string): number => all.filter((f) => f.severity === s).length;
  const state = readState(results);
  const lines = [
    paint(o.color, BOLD, `kube-triage · ${cluster}${meta.server ? ` (${meta.server})` : ''}`),
    state.kind === 'unreachable'
      ? paint(o.color, ANSI.critical, `Could not reach ${cluster}: ${state.detail}. Nothing was checked.`)
      : all.length === 0 && state.kind === 'partial'
        ? paint(
            o.color,
            ANSI.warning,
            `Partial answer: no problems in what could be read; could not read ${state.parts.join(', ')}.`,
          )
        : all.length === 0
          ? 'No problems found.'
          : `${count('critical')} critical, ${count('warning')} warning, ${count('info')} info${meta.elapsedMs !== undefined ? ` · ${(meta.elapsedMs / 1000).toFixed(1)} s` : ''}${state.kind === 'partial' ? ` · partial: could not read ${state.parts.join(', ')}` : ''}`,
    '',
  ];
  for (const r of results) {
    lines.push(
      paint(o.color, BOLD, `── ${r.check} ──`) +
        `  ${r.findings.length === 0 ? 'clean' : `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`}`,
    );
    lines.push(`   examined: ${r.examined}`);
    for (const u of r.unreadable) {
      lines.push(
        `   ${paint(o.color, ANSI.warning, 'could not read')} ${u.part}: ${u.detail}${u.rbac ? ` (grant: ${u.rbac})` : ''}`,
      );
    }
    if (r.table && r.table.length > 1) lines.push(...columns(r.table, '   '));
    const now = Date.now();
    const sorted = [...r.findings].sort((a, b) => byUrgency(a, b, now));
    for (const f of sorted) lines.push('', ...findingText(f, o));
    lines.push('');
  }
  // Findings of different checks with one cause (a clock ahead: its node, the tokens it minted).
  const shared = incidents(ranked(all)).filter((i) => i.effects.length > 0);
  if (shared.length) {
    lines.push(paint(o.color, BOLD, '── same cause ──'));
    for (const i of shared) {
      lines.push(
        `   ${paint(o.color, ANSI[i.cause.severity], TAG[i.cause.severity].padEnd(8))} ${i.cause.title} (${i.cause.code})`,
      );
      for (const e of i.effects)
        lines.push(
          `     ↳ ${paint(o.color, ANSI[e.severity], TAG[e.severity].padEnd(8))} ${e.title} (${e.code})`,
        );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** A paste diagnosis as text. */
export function diagnosisText(d: Diagnosis, o: TextOptions): string {
  const lines: string[] = [];
  if (d.truncated)
    lines.push(
      paint(
        o.color,
        ANSI.warning,
        `The paste was cut to 1 MiB (and long lines to 4,096 characters); diagnosed what fits.`,
      ),
    );
  if (d.secrets.length > 0) {
    lines.push(
      paint(
        o.color,
        ANSI.critical,
        `The paste contains live credentials (${d.secrets.join(', ')}). They are redacted here; revoke or rotate them.`,
      ),
    );
  }
  if (d.expiredSecrets.length > 0)
    lines.push(
      paint(
        o.color,
        ANSI.warning,
        `The paste contains an expired credential (${d.expiredSecrets.join(', ')}): still redacted; revoke it only if it may be reused.`,
      ),
    );
  if (d.findings.length === 0) {
    lines.push(
      paint(
        o.color,
        BOLD,
        d.differentials.length
          ? 'No single cause can be named from this text: its message has several.'
          : 'No known failure matched this text.',
      ),
    );
  } else {
    lines.push(paint(o.color, BOLD, `${foundPhrase(d.findings)}, most specific first:`));
  }
  if (d.recognised.length > 0) lines.push(`   recognised: ${d.recognised.join('; ')}`);
  for (const f of d.findings) lines.push('', ...findingText(f, o));
  for (const x of d.decoded) {
    lines.push('', paint(o.color, BOLD, `Decoded: ${x.title}`));
    for (const e of x.facts) lines.push(`   • ${e.fact}`);
  }
  if (d.hints.length > 0) {
    lines.push('');
    for (const h of d.hints) lines.push(`Hint: ${h}`);
  }
  for (const x of d.differentials) {
    lines.push('', paint(o.color, BOLD, `Several causes give "${x.signature}", most likely first:`));
    const tells = new Set(x.hypotheses.map((h) => h.tell.run));
    x.hypotheses.forEach((h, i) => {
      lines.push(`   ${i + 1}. ${h.cause}`);
      lines.push(
        tells.size === 1
          ? `      tells: ${h.means}`
          : `      $ ${h.tell.run}   (${stepPlace(h.tell)}): ${h.means}`,
      );
    });
    const t = x.hypotheses[0]?.tell;
    if (tells.size === 1 && t)
      lines.push(`   One command tells them apart (${stepPlace(t)}):`, `      $ ${t.run}`);
  }
  if (d.noMatch) {
    lines.push('', `Looked for ${d.noMatch.lookedFor}.`, 'Look at the cluster itself:');
    for (const c of d.noMatch.checks) lines.push(`   kube-triage ${c.run.replace(/^\/k8s /, '')}: ${c.why}`);
  } else if (d.findings.length === 0)
    lines.push('', 'Run the live checks to look at the cluster itself: kube-triage report <cluster>');
  return `${lines.join('\n')}\n`;
}

/** One cluster's row of the daily report. */
export type PreviewRow = ClusterDiff;

/** The daily report as text: New, Still broken (since), Fixed per cluster. */
export function reportPreviewText(rows: readonly PreviewRow[], o: TextOptions): string {
  const lines: string[] = [
    paint(
      o.color,
      BOLD,
      `kube-triage report · ${rows.length} cluster${rows.length === 1 ? '' : 's'} · compared with the last run`,
    ),
    '',
  ];
  for (const r of rows) {
    if (!r.reachable) {
      lines.push(
        `${paint(o.color, ANSI.critical, r.cluster)}: unreachable since ${r.unreachableSince ?? '?'} (${r.error ?? 'no answer'})`,
        '',
      );
      continue;
    }
    lines.push(
      paint(o.color, BOLD, r.cluster) +
        `: new ${r.newFindings.length} · still broken ${r.still.length} · fixed ${r.fixed.length}${r.muted ? ` · muted ${r.muted}` : ''}`,
    );
    for (const f of r.newFindings)
      lines.push(`   NEW    ${paint(o.color, ANSI[f.severity], TAG[f.severity].padEnd(8))} ${f.title}`);
    for (const s of r.still)
      lines.push(
        `   STILL  ${paint(o.color, ANSI[s.finding.severity], TAG[s.finding.severity].padEnd(8))} ${s.finding.title} (since ${s.since.slice(0, 16).replace('T', ' ')})`,
      );
    for (const f of r.fixed) lines.push(`   FIXED  ${f.title}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
