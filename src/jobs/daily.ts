/**
 * The daily report, one path for every runner (the Lambda schedule, `serve --report-at`, the CLI
 * preview): every check on every cluster a channel may see, compared with the last run (New, Still
 * broken, Fixed), posted as one message per channel with details in its thread.
 *
 * Clusters are checked in this one function with bounded concurrency (8 at a time), not fanned out
 * to worker invocations: the report needs every cluster's answer in one message, and a join across
 * async invocations would need a queue and a second function. Each cluster has its own budget, so a
 * slow or dead cluster only costs its budget: 50 clusters at 45 s worst case = 7 waves ≈ 5 min, well
 * inside the function's 10-minute timeout.
 * @module
 */

import { CHECK_IDS } from '../checks/types.js';
import type { ClusterRecord, ClusterRegistry } from '../cluster/registry.js';
import type { Finding } from '../core/finding.js';
import { SNAPSHOT_BUDGET_MS } from '../core/limits.js';
import { readState } from '../core/report.js';
import { inspect } from '../engine.js';
import {
  detailMessages,
  muteButtons,
  type ReportRow,
  reportSummaryMessage,
  resultsMessage,
  type SlackMessage,
} from '../render/blocks.js';
import { byUrgency } from '../render/rank.js';
import { type ClusterDiff, diffRun } from '../report/history.js';
import type { HistoryStore } from '../report/store.js';
import { callWebApi, type Log } from '../slack/deliver.js';

/** Clusters checked at once. */
export const REPORT_CONCURRENCY = 8;

/** One cluster's run: its diff and the full results for the thread. */
export interface ClusterReport {
  readonly diff: ClusterDiff;
  readonly detail?: SlackMessage;
}

/** Runs every check on every record and updates the history; never throws for cluster trouble. */
export async function runReport(
  records: readonly ClusterRecord[],
  store: HistoryStore,
  o: { now?: () => Date; budgetMs?: number; concurrency?: number } = {},
): Promise<ClusterReport[]> {
  const now = o.now ?? (() => new Date());
  const budget = o.budgetMs ?? SNAPSHOT_BUDGET_MS;
  const mutes = await store.mutes();
  const out: ClusterReport[] = new Array(records.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < records.length) {
      const i = next++;
      const rec = records[i] as ClusterRecord;
      const prev = await store.load(rec.name);
      let current: Finding[] | { error: string };
      let detail: SlackMessage | undefined;
      try {
        const insp = await inspect(rec, CHECK_IDS, AbortSignal.timeout(budget + 2_000), { budgetMs: budget });
        // A cluster that could not be read is unreachable, not clean.
        const state = readState(insp.results);
        if (state.kind === 'unreachable') {
          current = { error: `${state.reason}: ${state.detail}` };
        } else {
          current = insp.results.flatMap((r) => r.findings);
          detail = resultsMessage(rec.name, 'daily report', insp.results, insp.takenAt);
        }
      } catch (e) {
        current = {
          error:
            (e as Error).name === 'TimeoutError'
              ? 'timeout: no answer within the budget'
              : 'could not be read',
        };
      }
      const r = diffRun(rec.name, prev.entries, prev.status, current, mutes, now());
      await store.save(rec.name, r.entries, r.status);
      out[i] = { diff: r.diff, ...(detail ? { detail } : {}) };
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency ?? REPORT_CONCURRENCY, records.length) }, worker),
  );
  return out;
}

/** The summary for a channel, and the thread replies (details per cluster, mute buttons for new findings). */
export function reportMessages(
  reports: readonly ClusterReport[],
  at: Date,
): { summary: SlackMessage; thread: SlackMessage[] } {
  const summary = reportSummaryMessage(
    reports.map((r) => r.diff as ReportRow),
    at,
  );
  const thread: SlackMessage[] = [];
  for (const r of reports) {
    const now = Date.now();
    const current = [...r.diff.newFindings, ...r.diff.still.map((x) => x.finding)].sort((a, b) =>
      byUrgency(a, b, now),
    );
    if (!r.detail || current.length === 0) continue;
    // Every shown finding in full (never "press Show all": there is no such button here), then one
    // labelled Mute button per finding key.
    thread.push(...detailMessages(r.diff.cluster, 'daily report', current));
    const mutes = muteButtons(r.diff.cluster, current);
    if (mutes) thread.push({ text: `Mute findings of ${r.diff.cluster} for 30 days`, blocks: [mutes] });
  }
  return { summary, thread };
}

/** Posts a report to a channel: the summary, then the details in its thread. */
export async function postReport(
  channel: string,
  msgs: { summary: SlackMessage; thread: SlackMessage[] },
  slack: { apiUrl: string; token: string },
  log: Log,
): Promise<boolean> {
  const first = await callWebApi(slack.apiUrl, slack.token, 'chat.postMessage', {
    channel,
    text: msgs.summary.text,
    blocks: msgs.summary.blocks,
  });
  if (!first.ok) {
    log.warn('report delivery failed', { channel, status: first.status, error: first.error });
    return false;
  }
  const ts = first.ts;
  for (const m of msgs.thread) {
    const r = await callWebApi(slack.apiUrl, slack.token, 'chat.postMessage', {
      channel,
      text: m.text,
      blocks: m.blocks,
      ...(ts ? { thread_ts: ts } : {}),
    });
    if (!r.ok) log.warn('report thread delivery failed', { channel, status: r.status, error: r.error });
  }
  return true;
}

/** Groups records by the channels allowed to see them. */
export function byChannel(records: readonly ClusterRecord[]): Map<string, ClusterRecord[]> {
  const m = new Map<string, ClusterRecord[]>();
  for (const r of records) for (const c of r.channels) if (c !== '*') m.set(c, [...(m.get(c) ?? []), r]);
  return m;
}

/**
 * Runs the daily report once and posts it: every registered cluster that has a channel to post to
 * (`channels`, when given, limits which channels this run posts to). Resolves to the channels posted.
 */
export async function reportOnce(
  registry: ClusterRegistry,
  store: HistoryStore,
  slack: { apiUrl: string; token: string },
  log: Log,
  o: { channels?: readonly string[] } = {},
): Promise<string[]> {
  const wanted = (c: string): boolean => c !== '*' && (!o.channels?.length || o.channels.includes(c));
  const records = (await Promise.all((await registry.list()).map((r) => registry.get(r.name)))).filter(
    (r): r is ClusterRecord => !!r && r.channels.some(wanted),
  );
  const reports = await runReport(records, store);
  const byName = new Map(reports.map((r) => [r.diff.cluster, r]));
  const posted: string[] = [];
  for (const [channel, recs] of byChannel(records)) {
    if (!wanted(channel)) continue;
    const msgs = reportMessages(
      recs.map((r) => byName.get(r.name) as ClusterReport),
      new Date(),
    );
    if (await postReport(channel, msgs, slack, log)) posted.push(channel);
  }
  log.info('daily report posted', { clusters: records.length, channels: posted.length });
  return posted;
}
