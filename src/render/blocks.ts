/**
 * The Block Kit renderer: check results and paste diagnoses as Slack messages that always fit
 * Slack's limits (render/limits.ts). Overflow becomes a "N more" line and a Show all button, never
 * an API error. Every message carries a plain `text` fallback. Knows Slack, not Kubernetes.
 * @module
 */
import type { CheckResult } from '../checks/types.js';
import { type Command, type Finding, isSlackStep, stepPlace } from '../core/finding.js';
import { MUTE_DAYS, SUMMARY_CLUSTER_ROWS } from '../core/limits.js';
import { foundPhrase, incidents, ranked } from '../core/rank.js';
import { type ClusterDiff, readState } from '../core/report.js';
import type { Severity } from '../core/severity.js';
import type { Diagnosis, Differential, NoMatch } from '../diagnose/index.js';
import { marker, SLACK_EMOJI, TAG } from './emoji.js';
import {
  MAX_ACTION_ID,
  MAX_BLOCKS,
  MAX_BLOCKS_JSON_CHARS,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_ELEMENTS,
  MAX_CONTEXT_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from './limits.js';
import { codeBlock, escapeMrkdwn, neutralizeMentions, truncate, truncateMrkdwn } from './truncate.js';

/** A Block Kit block (kept structural: this module owns the shapes it emits). */
export type Block = Record<string, unknown>;

/** A message ready for chat.postMessage or a response_url. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: Block[];
}

/** Buttons the message offers. */
export interface MessageActions {
  /** Value for Re-run (the command to run again). */
  readonly rerun?: string;
  /** Offer "Share in channel" (the answer was ephemeral): the id under which the answer is kept. */
  readonly share?: string;
  /** Value for "Show all" when findings were cut. */
  readonly showAll?: string;
  /** Who pressed Re-run for this answer (a Slack user id), shown so the channel knows. */
  readonly rerunBy?: string;
}

const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, MAX_HEADER_TEXT), emoji: true },
});
const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncateMrkdwn(text, MAX_SECTION_TEXT) },
});
const context = (texts: readonly string[]): Block => ({
  type: 'context',
  elements: texts
    .slice(0, MAX_CONTEXT_ELEMENTS)
    .map((t) => ({ type: 'mrkdwn', text: truncateMrkdwn(t, MAX_CONTEXT_TEXT) })),
});
const divider: Block = { type: 'divider' };

function button(text: string, actionId: string, value: string, style?: 'primary'): Record<string, unknown> {
  return {
    type: 'button',
    text: { type: 'plain_text', text, emoji: true },
    action_id: truncate(actionId, MAX_ACTION_ID),
    value: truncate(value, MAX_BUTTON_VALUE),
    ...(style ? { style } : {}),
  };
}

function actionsBlock(a: MessageActions, truncated: boolean): Block | undefined {
  const els: Record<string, unknown>[] = [];
  if (a.rerun) els.push(button('Re-run', 'kt_rerun', a.rerun));
  if (a.share) els.push(button('Share in channel', 'kt_share', JSON.stringify({ share: a.share })));
  if (truncated && a.showAll) els.push(button('Details', 'kt_show_all', a.showAll, 'primary'));
  return els.length ? { type: 'actions', block_id: 'kt_actions', elements: els } : undefined;
}

/**
 * Steps as a person copies them: where to run each one as a label outside the code, the caution
 * before the command, one code block per command holding only the command (no prompt), sentences
 * as prose and `/k8s` steps as inline code, never inside a shell block.
 */
export function stepsMrkdwn(steps: readonly Command[], budget: number): string {
  const parts: string[] = [];
  let lastPlace: string | undefined;
  // A step's caution, if any, with the line break on the side the layout needs.
  const warning = (c: Command, before: string, after: string): string =>
    c.caution ? `${before}:warning: _${escapeMrkdwn(c.caution)}_${after}` : '';
  for (const c of steps) {
    if (c.kind === 'advice' || isSlackStep(c)) lastPlace = undefined;
    if (c.kind === 'advice') {
      parts.push(`• ${escapeMrkdwn(c.run)} _(${escapeMrkdwn(stepPlace(c))})_${warning(c, '\n', '')}`);
      continue;
    }
    if (isSlackStep(c)) {
      const m = /^(\/k8s .+?)\s+\(or: (.+)\)$/.exec(c.run);
      // Slack reads < and > as a link's brackets even in inline code: <cluster> is escaped like any text.
      parts.push(
        m
          ? `• In Slack \`${escapeMrkdwn(m[1] as string)}\`, or in a terminal \`${escapeMrkdwn(m[2] as string)}\``
          : `• In Slack \`${escapeMrkdwn(c.run)}\``,
      );
      continue;
    }
    // A host named by the cluster or the paste (<node-ip>) is text like any other.
    const place = escapeMrkdwn(stepPlace(c));
    // Consecutive commands for the same place share one label; each keeps its own code block.
    const label = `• ${place[0]?.toUpperCase()}${place.slice(1)}:`;
    if (parts[parts.length - 1] !== undefined && lastPlace === place) {
      parts.push(`${warning(c, '', '\n')}${codeBlock(c.run, 1_000)}`);
    } else {
      parts.push(`${label}${warning(c, '\n', '')}\n${codeBlock(c.run, 1_000)}`);
    }
    lastPlace = place;
  }
  return truncateMrkdwn(parts.join('\n'), budget);
}

/** The blocks of one finding: title, subject, evidence, why and the fix commands. */
export function findingBlocks(f: Finding, compact = false): Block[] {
  const subject = `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ''}${f.subject.name}`;
  const blocks: Block[] = [
    section(
      `${marker(f.severity)} *${escapeMrkdwn(truncate(f.title, compact ? 300 : 1_500))}*\n\`${f.code}\` · ${escapeMrkdwn(truncate(subject, compact ? 200 : 1_000))}`,
    ),
  ];
  // Compact: a finding too large for a message on its own keeps its first facts, shortened.
  const cut = (t: string): string => (compact ? truncate(t, 200) : t);
  const ev = f.evidence
    .slice(0, compact ? 3 : MAX_CONTEXT_ELEMENTS - 1)
    .map((e) => `${escapeMrkdwn(cut(e.fact))} _(${escapeMrkdwn(cut(e.source))})_`);
  if (f.evidence.length > MAX_CONTEXT_ELEMENTS - 1)
    ev.push(`_${f.evidence.length - (MAX_CONTEXT_ELEMENTS - 1)} more facts_`);
  if (ev.length) blocks.push(context(ev));
  const why = `*Why:* ${escapeMrkdwn(cut(f.fix.why))}\n`;
  const confirm = f.confirm?.length ? `*Confirm:*\n${stepsMrkdwn(f.confirm, compact ? 500 : 1_200)}\n` : '';
  const fix = f.fix.steps.length
    ? `*Fix:*\n${stepsMrkdwn(f.fix.steps, (compact ? 2_000 : MAX_SECTION_TEXT) - why.length - confirm.length - 20)}`
    : '';
  blocks.push(section(`${why}${confirm}${fix}`));
  return blocks;
}

function counts(fs: readonly Finding[]): string {
  const by = (s: Severity): number => fs.filter((f) => f.severity === s).length;
  return (['critical', 'warning', 'info'] as const)
    .filter((s) => by(s) > 0)
    .map((s) => `${SLACK_EMOJI[s]} ${by(s)} ${s}`)
    .join('   ');
}

/** Adds finding blocks while they fit; returns how many were left out. */
function fillFindings(blocks: Block[], findings: readonly Finding[], reserve: number): number {
  let shown = 0;
  for (const f of findings) {
    const fits = (add: Block[]): boolean =>
      blocks.length + add.length + reserve <= MAX_BLOCKS &&
      JSON.stringify([...blocks, ...add]).length <= MAX_BLOCKS_JSON_CHARS - reserve * 300;
    let add = [divider, ...findingBlocks(f)];
    // The first finding of a message must go in: in compact form when it is too large whole.
    if (!fits(add) && shown === 0) add = [divider, ...findingBlocks(f, true)];
    if (!fits(add)) break;
    blocks.push(...add);
    shown++;
  }
  return findings.length - shown;
}

/** Every finding of the results in the order every answer shows them (core/rank). */
export function rankedFindings(results: readonly CheckResult[], nowMs = Date.now()): Finding[] {
  return ranked(
    results.flatMap((r) => r.findings),
    nowMs,
  );
}

/** The severity as a word alone ("warning"), for lines that carry several findings. */
function severityWord(s: Severity): string {
  return `*${TAG[s]}*`;
}

/** One line per incident: severity word and marker, the cause's title, subject, and its effects. */
function incidentLine(i: { cause: Finding; effects: Finding[] }): string {
  const line = findingLine(i.cause);
  if (i.effects.length === 0) return line;
  // Each effect keeps its severity word: a reader (or a screen reader) never has to infer it.
  return `${line}\n      ↳ _same cause:_ ${i.effects.map((e) => `${severityWord(e.severity)} ${escapeMrkdwn(truncate(e.title, 120))}`).join('; ')}`;
}

/** One line per finding: severity word and marker, title, subject. */
function findingLine(f: Finding): string {
  const subject = `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ''}${f.subject.name}`;
  return `${marker(f.severity)} ${escapeMrkdwn(truncate(f.title, 200))} · _${escapeMrkdwn(truncate(subject, 60))}_ · \`${f.code}\``;
}

/**
 * Sections holding the finding lines (each line at most 300 characters, each section within the
 * section limit), at most `maxSections` and `maxChars` of JSON in all.
 */
function lineSections(
  lines: readonly string[],
  maxSections: number,
  maxChars: number,
): { blocks: Block[]; shown: number } {
  const blocks: Block[] = [];
  let current: string[] = [];
  let shown = 0;
  let used = 0;
  const flush = (): void => {
    if (current.length) blocks.push(section(current.join('\n')));
    used += current.join('\n').length + 60;
    current = [];
  };
  for (const raw of lines) {
    const l = truncateMrkdwn(raw, 300);
    if (used + [...current, l].join('\n').length + 60 > maxChars) break;
    if ([...current, l].join('\n').length > MAX_SECTION_TEXT - 100) {
      if (blocks.length + 1 >= maxSections) break;
      flush();
    }
    current.push(l);
    shown++;
  }
  flush();
  return { blocks, shown };
}

/** Blocks a check answer's summary may use: one screen (header, context, status, lines, buttons). */
export const SUMMARY_MAX_BLOCKS = 15;

/**
 * The details of findings (evidence, why, confirm, fix), as many messages as Slack's limits need:
 * for the thread under a summary (Show all, `--all`, the daily report). Never a "N more" line.
 */
function detailMessagesUnsafe(
  cluster: string,
  checkLabel: string,
  findings: readonly Finding[],
): SlackMessage[] {
  const out: SlackMessage[] = [];
  let rest = [...findings];
  let part = 1;
  while (rest.length > 0) {
    const blocks: Block[] = [
      context([
        `*${escapeMrkdwn(cluster)}* · ${escapeMrkdwn(checkLabel)} · details${findings.length > rest.length || rest.length > 1 ? ` (${part})` : ''}`,
      ]),
    ];
    const left = fillFindings(blocks, rest, 1);
    const shown = Math.max(1, rest.length - left);
    out.push({
      text: truncate(
        `kube-triage ${cluster} ${checkLabel} details: ${rest
          .slice(0, shown)
          .map((f) => f.title)
          .join('; ')}`,
        MAX_FALLBACK_TEXT,
      ),
      blocks,
    });
    rest = rest.slice(shown);
    part++;
  }
  return out;
}

/**
 * Every finding of a check answer (Show all, `--all`): the summary, then the details of every
 * finding split across messages within Slack's limits. No message ends in "press Show all".
 */
function allResultsMessagesUnsafe(
  cluster: string,
  checkLabel: string,
  results: readonly CheckResult[],
  at: Date,
  actions: MessageActions = {},
): SlackMessage[] {
  const { showAll: _showAll, ...rest } = actions;
  return [
    resultsMessage(cluster, checkLabel, results, at, rest, ''),
    ...detailMessages(cluster, checkLabel, rankedFindings(results, at.getTime())),
  ];
}

/**
 * A cluster check answer on one screen: a header, what was examined, the state (findings, partial,
 * or could not reach the cluster: never ✅ then), one line per finding with its severity word, most
 * severe first, and buttons: Details (every finding in full, in the thread), Re-run, Share.
 */
function resultsMessageUnsafe(
  cluster: string,
  checkLabel: string,
  results: readonly CheckResult[],
  at: Date,
  actions: MessageActions = {},
  allCommand = `/k8s report ${cluster} --all`,
): SlackMessage {
  // "Breaking now" is the time of the answer, not of whoever renders it later.
  const findings = rankedFindings(results, at.getTime());
  const blocks: Block[] = [header(`kube-triage · ${cluster} · ${checkLabel}`)];
  blocks.push(
    context(
      [
        `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC${
          actions.rerunBy && /^[A-Z0-9]{1,20}$/.test(actions.rerunBy)
            ? ` · re-run by <@${actions.rerunBy}>`
            : ''
        }`,
        ...results.map((r) => `*${r.check}*: ${escapeMrkdwn(r.examined)}`),
      ].slice(0, MAX_CONTEXT_ELEMENTS),
    ),
  );
  const state = readState(results);
  // Never ✅ for a cluster that did not answer (regression for #14).
  if (state.kind === 'unreachable')
    return unreachableMessage(blocks, cluster, checkLabel, state.detail, actions);
  blocks.push(section(verdictLine(findings, state)));
  const unreadable = results.flatMap((r) =>
    r.unreadable
      .filter((u) => u.rbac)
      .map(
        (u) => `:lock: *${u.part}* needs \`${escapeMrkdwn(u.rbac ?? '')}\` in the kube-triage ClusterRole`,
      ),
  );
  if (unreadable.length) blocks.push(context([...new Set(unreadable)].slice(0, 5)));
  // One screen: the finding lines fill what the summary's block budget leaves.
  const reserve = 1;
  const room = Math.max(1, SUMMARY_MAX_BLOCKS - blocks.length - reserve - 1);
  const groups = incidents(findings);
  const { blocks: lines, shown: shownGroups } = lineSections(
    groups.map(incidentLine),
    room,
    MAX_BLOCKS_JSON_CHARS - JSON.stringify(blocks).length - 1_500,
  );
  blocks.push(...lines);
  const shown = groups.slice(0, shownGroups).reduce((n, g) => n + 1 + g.effects.length, 0);
  const left = findings.length - shown;
  if (left > 0)
    blocks.push(
      context([
        `+${left} more (lower severity): press *Details*${allCommand ? ` or run \`${escapeMrkdwn(allCommand)}\`` : ''} for every finding.`,
      ]),
    );
  const act = actionsBlock(actions, findings.length > 0);
  if (act) blocks.push(act);
  return { text: fallbackText(cluster, checkLabel, findings, state.kind === 'partial'), blocks };
}

/** A cluster that did not answer: what failed and what to check, never "no problems". */
function unreachableMessage(
  blocks: Block[],
  cluster: string,
  checkLabel: string,
  detail: string,
  actions: MessageActions,
): SlackMessage {
  blocks.push(
    section(
      `:x: *Could not reach ${escapeMrkdwn(cluster)}*: ${escapeMrkdwn(detail)}\nNothing was checked. Is the API server up and reachable from kube-triage, and is its token still valid? \`kube-triage ${escapeMrkdwn(checkLabel)} ${escapeMrkdwn(cluster)}\` from a terminal shows more.`,
    ),
  );
  const act = actionsBlock({ ...actions, showAll: undefined }, false);
  if (act) blocks.push(act);
  const text = truncate(
    `kube-triage ${cluster} ${checkLabel}: could not reach ${cluster}: ${detail}`,
    MAX_FALLBACK_TEXT,
  );
  return { text, blocks };
}

/** The summary's verdict: how many findings by severity, none, or a partial answer. */
function verdictLine(findings: readonly Finding[], state: ReturnType<typeof readState>): string {
  const partial = state.kind === 'partial' ? state.parts : undefined;
  if (findings.length === 0)
    return partial
      ? `:warning: *Partial answer*: no problems in what could be read; could not read ${partial.map((p) => `*${p}*`).join(', ')}.`
      : ':white_check_mark: *No problems found.*';
  const note = partial ? `   · _partial: could not read ${partial.join(', ')}_` : '';
  return `*${findings.length} finding${findings.length === 1 ? '' : 's'}*   ${counts(findings)}${note}`;
}

/** The notification text (what a phone shows): the count and the first five titles. */
function fallbackText(
  cluster: string,
  checkLabel: string,
  findings: readonly Finding[],
  partial: boolean,
): string {
  return truncate(
    findings.length === 0
      ? `kube-triage ${cluster} ${checkLabel}: ${partial ? 'partial answer, no problems in what could be read' : 'no problems found'}`
      : `kube-triage ${cluster} ${checkLabel}: ${findings.length} findings (${findings.filter((f) => f.severity === 'critical').length} critical). ${findings
          .slice(0, 5)
          .map((f) => `${f.severity.toUpperCase()}: ${f.title}`)
          .join('; ')}`,
    MAX_FALLBACK_TEXT,
  );
}

/** A message with several causes: the causes ranked, with the command that tells them apart. */
function differentialText(x: Differential): string {
  const tells = new Set(x.hypotheses.map((h) => h.tell.run));
  const head = `*Several causes give \`${escapeMrkdwn(x.signature)}\`*, most likely first:`;
  if (tells.size === 1) {
    const t = x.hypotheses[0]?.tell as Command;
    return truncateMrkdwn(
      `${head}\n${x.hypotheses.map((h, i) => `${i + 1}. ${escapeMrkdwn(h.cause)}\n      _tells:_ ${escapeMrkdwn(h.means)}`).join('\n')}\nOne command tells them apart (${escapeMrkdwn(stepPlace(t))}):\n${codeBlock(t.run, 900)}`,
      2900,
    );
  }
  return truncateMrkdwn(
    `${head}\n${x.hypotheses.map((h, i) => `${i + 1}. ${escapeMrkdwn(h.cause)}\n      \`${escapeMrkdwn(h.tell.run)}\` (${escapeMrkdwn(stepPlace(h.tell))}): ${escapeMrkdwn(h.means)}`).join('\n')}`,
    2900,
  );
}

/** No rule matched a text about Kubernetes: what was looked for, and which live check to run. */
function noMatchText(n: NoMatch): string {
  return truncateMrkdwn(
    `*No known failure matched this text.* Looked for ${escapeMrkdwn(n.lookedFor)}.\nLook at the cluster itself:\n${n.checks.map((c) => `• \`${escapeMrkdwn(c.run)}\`: ${escapeMrkdwn(c.why)}`).join('\n')}`,
    2900,
  );
}

/** A paste diagnosis answer. */
function diagnosisMessageUnsafe(d: Diagnosis, actions: MessageActions = {}): SlackMessage {
  const blocks: Block[] = [header('kube-triage · diagnosis')];
  const notes: string[] = [];
  if (d.secrets.length)
    notes.push(
      `:rotating_light: *The paste contains live credentials* (${d.secrets.join(', ')}). They are redacted below; revoke or rotate them, and consider deleting the message.`,
    );
  if (d.expiredSecrets.length)
    notes.push(
      `:hourglass: The paste contains an expired credential (${d.expiredSecrets.join(', ')}): still redacted; revoke it only if it may be reused.`,
    );
  if (d.truncated)
    notes.push(
      ':scissors: The paste was cut to 1 MiB (long lines to 4,096 characters); diagnosed what fits.',
    );
  if (notes.length) blocks.push(section(notes.join('\n')));
  blocks.push(
    section(
      d.findings.length
        ? `*${foundPhrase(d.findings)}*, most specific first   ${counts(d.findings)}`
        : d.noMatch
          ? noMatchText(d.noMatch)
          : d.differentials.length
            ? '*No single cause can be named from this text*: its message has several.'
            : '*No known failure matched this text*, and it does not look like Kubernetes output. Paste the error line or the log around it; for the cluster itself run `/k8s report &lt;cluster&gt;`.',
    ),
  );
  if (d.recognised.length) blocks.push(context([`Recognised: ${escapeMrkdwn(d.recognised.join('; '))}`]));
  const reserve = 2 + Math.min(d.decoded.length, 3) + (d.hints.length ? 1 : 0) + d.differentials.length;
  const left = fillFindings(blocks, d.findings, reserve);
  if (left > 0) blocks.push(section(`_${left} more cause${left === 1 ? '' : 's'} not shown._`));
  for (const x of d.decoded.slice(0, 3)) {
    const b = section(
      `*Decoded:* ${escapeMrkdwn(x.title)}\n${x.facts.map((f) => `• ${escapeMrkdwn(f.fact)}`).join('\n')}`,
    );
    if (
      blocks.length + 2 <= MAX_BLOCKS &&
      JSON.stringify([...blocks, b]).length < MAX_BLOCKS_JSON_CHARS - 600
    )
      blocks.push(b);
  }
  for (const x of d.differentials) {
    const b = section(differentialText(x));
    if (
      blocks.length + 2 <= MAX_BLOCKS &&
      JSON.stringify([...blocks, b]).length < MAX_BLOCKS_JSON_CHARS - 600
    )
      blocks.push(b);
  }
  if (d.hints.length && blocks.length + 2 <= MAX_BLOCKS)
    blocks.push(context(d.hints.map((h) => `:bulb: ${escapeMrkdwn(h)}`)));
  const act = actionsBlock(actions, left > 0);
  if (act) blocks.push(act);
  const text = truncate(
    d.findings.length
      ? `kube-triage diagnosis: ${d.findings.map((f) => f.title).join('; ')}`
      : d.differentials.length
        ? `kube-triage diagnosis: several possible causes of ${d.differentials.map((x) => x.signature).join('; ')}`
        : 'kube-triage diagnosis: no known failure matched',
    MAX_FALLBACK_TEXT,
  );
  return { text, blocks };
}

/** A short text-only answer (usage errors, refusals, progress). */
function noticeMessageUnsafe(text: string): SlackMessage {
  return { text: truncate(text, MAX_FALLBACK_TEXT), blocks: [section(text)] };
}

/** One cluster's row of the daily report. */
export type ReportRow = ClusterDiff;

/** How much a cluster's row needs attention: lower first (no answer, unreachable, new, critical, fixed, quiet). */
function rowRank(r: ReportRow): number {
  if (r.answered === false) return 0;
  if (!r.reachable) return 1;
  const critical = (fs: readonly Finding[]) => fs.some((f) => f.severity === 'critical');
  if (r.newFindings.length > 0) return critical(r.newFindings) ? 2 : 3;
  if (critical(r.still.map((s) => s.finding))) return 4;
  if (r.fixed.length > 0) return 5;
  return r.still.length > 0 ? 6 : 7;
}

/**
 * The daily report's channel message: per cluster New / Still broken (since) / Fixed and counts by
 * severity; one line when nothing changed and nothing is critical. Details go in the thread. Rows
 * are ordered by how much they need attention (did not answer, unreachable, new, critical, fixed);
 * beyond SUMMARY_CLUSTER_ROWS clusters the ones with nothing new, nothing fixed and nothing
 * critical are folded into one line, so a fleet's summary stays one screen and names every cluster.
 */
function reportSummaryMessageUnsafe(rows: readonly ReportRow[], at: Date): SlackMessage {
  const day = at.toISOString().slice(0, 10);
  const current = (r: ReportRow): Finding[] => [...r.newFindings, ...r.still.map((s) => s.finding)];
  const critical = rows.reduce((a, r) => a + current(r).filter((f) => f.severity === 'critical').length, 0);
  const changed = rows.some((r) => r.newFindings.length > 0 || r.fixed.length > 0 || !r.reachable);
  if (!changed && critical === 0) {
    const open = rows.reduce((a, r) => a + current(r).length, 0);
    const text = `kube-triage ${day}: no changes, nothing critical (${rows.length} cluster${rows.length === 1 ? '' : 's'}${open ? `, ${open} known warning${open === 1 ? '' : 's'}` : ''}).`;
    return { text, blocks: [section(`:white_check_mark: ${escapeMrkdwn(text)}`)] };
  }
  const ordered = [...rows].sort((a, b) => rowRank(a) - rowRank(b));
  const fold = rows.length > SUMMARY_CLUSTER_ROWS;
  const shown = fold ? ordered.filter((r) => rowRank(r) <= 5) : ordered;
  const quiet = fold ? ordered.filter((r) => rowRank(r) > 5) : [];
  const blocks: Block[] = [header(`kube-triage daily report · ${day}`)];
  const noAnswer = rows.filter((r) => r.answered === false).length;
  if (fold)
    blocks.push(
      context([
        `${rows.length} clusters · ${rows.filter((r) => r.newFindings.length > 0).length} with new findings · ${rows.filter((r) => !r.reachable && r.answered !== false).length} unreachable${noAnswer ? ` · ${noAnswer} did not answer` : ''} · ${quiet.length} with nothing new`,
      ]),
    );
  const lines: string[] = [];
  // Room for the folded line and the overflow note.
  const room = MAX_BLOCKS - (quiet.length ? 3 : 2);
  for (const [i, r] of shown.entries()) {
    if (blocks.length >= room) {
      const rest = shown.slice(i).map((x) => x.cluster);
      blocks.push(
        section(
          `_${rest.length} more clusters with changes, in the thread: ${escapeMrkdwn(nameList(rest))}_`,
        ),
      );
      lines.push(`${rest.length} more`);
      break;
    }
    const row = clusterRow(r, fold);
    blocks.push(row.block);
    lines.push(row.line);
  }
  if (quiet.length) {
    const open = quiet.reduce((a, r) => a + r.still.length, 0);
    blocks.push(
      section(
        `:white_check_mark: ${quiet.length} cluster${quiet.length === 1 ? '' : 's'} with nothing new, nothing fixed, nothing critical${open ? ` (${open} known warning${open === 1 ? '' : 's'})` : ''}: ${escapeMrkdwn(nameList(quiet.map((r) => r.cluster)))}`,
      ),
    );
    lines.push(`${quiet.length} unchanged`);
  }
  return { text: truncate(`kube-triage ${day}: ${lines.join('; ')}`, MAX_FALLBACK_TEXT), blocks };
}

/** One cluster's row of the daily summary, and its line in the notification text. */
function clusterRow(r: ReportRow, fold: boolean): { block: Block; line: string } {
  if (r.answered === false)
    return {
      block: section(
        `:hourglass: *${escapeMrkdwn(r.cluster)}*: did not answer before the report's deadline (its scan never finished; nothing is known about it today, its history is kept)`,
      ),
      line: `${r.cluster}: did not answer`,
    };
  if (!r.reachable) {
    const since = r.unreachableSince?.slice(0, 16).replace('T', ' ') ?? '?';
    const t = `:no_entry: *${escapeMrkdwn(r.cluster)}*: unreachable since ${since} UTC (${escapeMrkdwn(r.error ?? 'no answer')})`;
    return { block: section(t), line: `${r.cluster}: unreachable` };
  }
  const cur = [...r.newFindings, ...r.still.map((s) => s.finding)];
  const parts = [
    `*${escapeMrkdwn(r.cluster)}*  ${counts(cur) || ':white_check_mark: clean'}`,
    `New ${r.newFindings.length} · Still broken ${r.still.length} · Fixed ${r.fixed.length}${r.muted ? ` · muted ${r.muted}` : ''}`,
  ];
  // Most severe first, then "+N more" (the thread has every one).
  const fresh = ranked(r.newFindings);
  // A fleet's rows are shorter: the summary must stay one screen.
  const perRow = fold ? 2 : 5;
  for (const f of fresh.slice(0, perRow)) parts.push(`:new: ${marker(f.severity)} ${escapeMrkdwn(f.title)}`);
  // What is left out is counted, criticals by name of their severity: a critical is never dropped silently.
  if (fresh.length > perRow) parts.push(`_${moreLine(fresh.slice(perRow), 'new')}_`);
  const stillCritical = r.still.filter((x) => x.finding.severity === 'critical');
  const stillRoom = fold ? 1 : 3;
  for (const s of stillCritical.slice(0, stillRoom))
    parts.push(
      `:repeat: ${marker(s.finding.severity)} ${escapeMrkdwn(s.finding.title)} _(since ${s.since.slice(0, 10)})_`,
    );
  if (stillCritical.length > stillRoom)
    parts.push(`_+${stillCritical.length - stillRoom} more critical still broken, in the thread_`);
  for (const f of r.fixed.slice(0, 5)) parts.push(`:white_check_mark: fixed: ${escapeMrkdwn(f.title)}`);
  return {
    block: section(truncate(parts.join('\n'), 2_900)),
    line: `${r.cluster}: new ${r.newFindings.length}, still ${r.still.length}, fixed ${r.fixed.length}`,
  };
}

/** "+7 more new (2 critical, 5 warning), in the thread". */
function moreLine(left: readonly Finding[], what: string): string {
  const by = new Map<string, number>();
  for (const f of left) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  const order = ['critical', 'warning', 'info'];
  const split = [...by.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([sev, n]) => `${n} ${sev}`)
    .join(', ');
  return `+${left.length} more ${what} (${split}), in the thread`;
}

/** Cluster names joined, cut to fit one section ("…and N more"). */
function nameList(names: readonly string[], max = 2_500): string {
  let out = '';
  for (const [i, n] of names.entries()) {
    const next = out ? `${out}, ${n}` : n;
    if (next.length > max) return `${out} …and ${names.length - i} more`;
    out = next;
  }
  return out;
}

/**
 * Mute buttons for findings in the report thread, one per finding key, each labelled with what it
 * mutes ("Mute: Node worker-1 clock is 30 s behind"), at most 25 (Slack's per-block limit).
 */
export function muteButtons(cluster: string, findings: readonly Finding[]): Block | undefined {
  if (findings.length === 0) return undefined;
  return {
    type: 'actions',
    block_id: 'kt_mutes',
    // One menu per finding (its title on it): 1, 7 or 30 days. A critical asks for confirmation.
    elements: findings.slice(0, 25).map((f, i) => {
      const title = truncate(f.title, 60);
      const value = (days: number) =>
        JSON.stringify({
          cluster,
          code: f.code,
          subject: subjectLine(f),
          days,
          title: truncate(f.title, 120),
        });
      return {
        type: 'static_select',
        action_id: `kt_mute_${i}`,
        placeholder: { type: 'plain_text', text: truncate(`Mute: ${title}`, 75) },
        options: MUTE_DAYS.map((d) => ({
          text: { type: 'plain_text', text: `Mute ${d} day${d === 1 ? '' : 's'}` },
          value: value(d),
        })),
        ...(f.severity === 'critical'
          ? {
              confirm: {
                title: { type: 'plain_text', text: 'Mute a critical finding?' },
                text: {
                  type: 'mrkdwn',
                  text: truncateMrkdwn(
                    `*${escapeMrkdwn(f.title)}* is critical. Muting hides it from the daily report of *${escapeMrkdwn(cluster)}* until the mute ends (it is still counted).`,
                    300,
                  ),
                },
                confirm: { type: 'plain_text', text: 'Mute it' },
                deny: { type: 'plain_text', text: 'Keep showing it' },
                style: 'danger',
              },
            }
          : {}),
      };
    }),
  };
}

function subjectLine(f: Pick<Finding, 'subject'>): string {
  return `${f.subject.kind} ${f.subject.namespace ? `${f.subject.namespace}/` : ''}${f.subject.name}`.slice(
    0,
    200,
  );
}

/** The active mutes a channel may see, each with an Unmute button (`/k8s mutes`). */
function mutesMessageUnsafe(
  mutes: readonly {
    cluster: string;
    code: string;
    subject?: string;
    title?: string;
    by: string;
    until: string;
  }[],
): SlackMessage {
  if (mutes.length === 0) return noticeMessage('No finding is muted for the clusters of this channel.');
  const shown = mutes.slice(0, 20);
  const blocks: Block[] = [header('kube-triage · muted findings')];
  for (const [i, m] of shown.entries())
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncateMrkdwn(
          `*${escapeMrkdwn(m.cluster)}* ${m.title ? `${escapeMrkdwn(m.title)} ` : ''}\`${escapeMrkdwn(m.code)}\`${m.subject ? ` · ${escapeMrkdwn(m.subject)}` : ' · every subject'}\nmuted by <@${escapeMrkdwn(m.by)}> until ${escapeMrkdwn(m.until.slice(0, 10))}`,
          MAX_SECTION_TEXT,
        ),
      },
      accessory: button(
        'Unmute',
        `kt_unmute_${i}`,
        JSON.stringify({ cluster: m.cluster, code: m.code, subject: m.subject }),
      ),
    });
  if (mutes.length > shown.length) blocks.push(context([`+${mutes.length - shown.length} more`]));
  return { text: `${mutes.length} muted finding${mutes.length === 1 ? '' : 's'}`, blocks };
}

/**
 * A message with what could not be read from the attached files named under its header (a file
 * too large, not text, or unreadable without `files:read`): never silently ignored.
 */
function withFileNotesUnsafe(msg: SlackMessage, notes: readonly string[]): SlackMessage {
  if (notes.length === 0) return msg;
  const note = context(notes.slice(0, 5).map((n) => `:paperclip: ${escapeMrkdwn(n)}`));
  const blocks = [...msg.blocks];
  // Room for the note: the last block goes if the message is at Slack's limits.
  while (
    blocks.length > 1 &&
    (blocks.length + 1 > MAX_BLOCKS || JSON.stringify([...blocks, note]).length > MAX_BLOCKS_JSON_CHARS)
  )
    blocks.pop();
  blocks.splice(Math.min(1, blocks.length), 0, note);
  return {
    ...msg,
    text: `${msg.text} (${notes.length} attached file note${notes.length === 1 ? '' : 's'})`,
    blocks,
  };
}

// Every message leaves through neutralizeMentions: no text a cluster or a paste controls can ping a
// channel. The renderers above build; these are what the rest of kube-triage calls.
const safe =
  <A extends unknown[], R>(render: (...a: A) => R) =>
  (...a: A): R =>
    neutralizeMentions(render(...a));
export const detailMessages = safe(detailMessagesUnsafe);
export const allResultsMessages = safe(allResultsMessagesUnsafe);
export const resultsMessage = safe(resultsMessageUnsafe);
export const diagnosisMessage = safe(diagnosisMessageUnsafe);
export const noticeMessage = safe(noticeMessageUnsafe);
export const reportSummaryMessage = safe(reportSummaryMessageUnsafe);
export const mutesMessage = safe(mutesMessageUnsafe);
export const withFileNotes = safe(withFileNotesUnsafe);
