/**
 * The daily report, one path for every runner (the Lambda fleet run, `serve --report-at`, the CLI
 * preview): every check on every cluster a channel may see, compared with the last run (New, Still
 * broken, Fixed), posted as one message per channel with details in its thread.
 *
 * Three steps, each usable alone: `scanCluster` reads one cluster within its own budget (a fleet run
 * does it in one Lambda invocation per cluster, jobs/fleet.ts); `diffScans` compares the scans with
 * the history (mutes applied) and saves it; `deliverReport` posts one summary per channel with the
 * details in its thread. `runReport` and `reportOnce` chain them in one process, 8 clusters at a time
 * (`kube-triage report --all`, `serve`).
 * @module
 */

import { CHECK_IDS } from '../checks/types.js';
import type { ClusterRecord, ClusterRegistry } from '../cluster/registry.js';
import { deadline, isDeadline } from '../core/deadline.js';
import type { Finding } from '../core/finding.js';
import { REPORT_THREAD_MAX_MESSAGES, SNAPSHOT_BUDGET_MS } from '../core/limits.js';
import { mapBounded } from '../core/pool.js';
import { byUrgency } from '../core/rank.js';
import { type Mute, readState } from '../core/report.js';
import { inspect } from '../engine.js';
import { detailMessages, muteButtons, reportSummaryMessage, type SlackMessage } from '../render/blocks.js';
import { applyChannelMutes, type ClusterDiff, diffRun } from '../report/history.js';
import type { HistoryStore } from '../report/store.js';
import { callWebApi, type Log, postIntervalMs } from '../slack/deliver.js';

/** Clusters checked at once by the in-process runner. */
export const REPORT_CONCURRENCY = 8;

/** One cluster's scan: its findings (or why it could not be read) and how long it took. */
export interface ClusterScan {
  readonly cluster: string;
  readonly current: readonly Finding[] | { readonly error: string };
  /** Milliseconds the scan took. */
  readonly ms: number;
  /** Findings left out to fit the stored result (the least urgent). */
  readonly omitted?: number;
}

/** A cluster no scan answered for (a fleet run's deadline passed first). */
export interface MissingScan {
  readonly cluster: string;
  readonly missing: true;
}

/** One cluster's run: its diff, and whether it was read (the thread shows details of read ones). */
export interface ClusterReport {
  readonly diff: ClusterDiff;
  readonly readable: boolean;
}

/** Every check on one cluster within `budgetMs`; never throws for cluster trouble. */
export async function scanCluster(rec: ClusterRecord, budgetMs = SNAPSHOT_BUDGET_MS): Promise<ClusterScan> {
  const t = performance.now();
  const ms = () => Math.round(performance.now() - t);
  try {
    const insp = await inspect(rec, CHECK_IDS, deadline(budgetMs + 2_000), { budgetMs });
    // A cluster that could not be read is unreachable, not clean.
    const state = readState(insp.results);
    if (state.kind === 'unreachable')
      return { cluster: rec.name, current: { error: `${state.reason}: ${state.detail}` }, ms: ms() };
    return { cluster: rec.name, current: insp.results.flatMap((r) => r.findings), ms: ms() };
  } catch (e) {
    const error = isDeadline(e) ? 'timeout: no answer within the budget' : 'could not be read';
    return { cluster: rec.name, current: { error }, ms: ms() };
  }
}

/**
 * Compares each scan with the cluster's history (mutes applied) and saves the new history. A
 * missing scan leaves the history as it was and shows as "did not answer".
 */
export async function diffScans(
  scans: readonly (ClusterScan | MissingScan)[],
  store: HistoryStore,
  o: { now?: () => Date; concurrency?: number } = {},
): Promise<ClusterReport[]> {
  const now = o.now ?? (() => new Date());
  const mutes = await store.mutes();
  return mapBounded(scans, o.concurrency ?? REPORT_CONCURRENCY, async (s) => {
    if ('missing' in s)
      return {
        diff: {
          cluster: s.cluster,
          reachable: false,
          answered: false,
          error: 'did not answer before the deadline',
          newFindings: [],
          still: [],
          fixed: [],
          muted: 0,
        },
        readable: false,
      };
    const prev = await store.load(s.cluster);
    const r = diffRun(s.cluster, prev.entries, prev.status, s.current, mutes, now());
    await store.save(s.cluster, r.entries, { ...r.status, lastScanMs: s.ms });
    return { diff: r.diff, readable: !('error' in s.current) };
  });
}

/** Runs every check on every record and updates the history; never throws for cluster trouble. */
export async function runReport(
  records: readonly ClusterRecord[],
  store: HistoryStore,
  o: { now?: () => Date; budgetMs?: number; concurrency?: number } = {},
): Promise<ClusterReport[]> {
  const concurrency = o.concurrency ?? REPORT_CONCURRENCY;
  const scans = await mapBounded(records, concurrency, (r) => scanCluster(r, o.budgetMs));
  return diffScans(scans, store, { ...(o.now ? { now: o.now } : {}), concurrency });
}

/**
 * The summary for a channel, and the thread replies (details per cluster, mute buttons for new
 * findings): clusters with new findings first, at most REPORT_THREAD_MAX_MESSAGES replies; the last
 * reply names the clusters left out and how to see them.
 */
export function reportMessages(
  reports: readonly ClusterReport[],
  at: Date,
  o: { maxThread?: number } = {},
): { summary: SlackMessage; thread: SlackMessage[] } {
  const summary = reportSummaryMessage(
    reports.map((r) => r.diff),
    at,
  );
  const max = o.maxThread ?? REPORT_THREAD_MAX_MESSAGES;
  const thread: SlackMessage[] = [];
  const left: string[] = [];
  const now = Date.now();
  const ordered = [...reports].sort(
    (a, b) => Number(b.diff.newFindings.length > 0) - Number(a.diff.newFindings.length > 0),
  );
  for (const r of ordered) {
    const current = [...r.diff.newFindings, ...r.diff.still.map((x) => x.finding)].sort((a, b) =>
      byUrgency(a, b, now),
    );
    if (!r.readable || current.length === 0) continue;
    // Every shown finding in full (never "press Show all": there is no such button here), then one
    // labelled Mute button per finding key.
    const mine = [...detailMessages(r.diff.cluster, 'daily report', current)];
    const mutes = muteButtons(r.diff.cluster, current);
    if (mutes) mine.push({ text: `Mute findings of ${r.diff.cluster} for 30 days`, blocks: [mutes] });
    if (thread.length + mine.length > max - 1) {
      left.push(r.diff.cluster);
      continue;
    }
    thread.push(...mine);
  }
  if (left.length) {
    const text = `Details of ${left.length} more cluster${left.length === 1 ? '' : 's'} are not in this thread (Slack allows about one message a second): ${left.slice(0, 100).join(', ')}${left.length > 100 ? ', …' : ''}. See them with \`/k8s report &lt;cluster&gt;\` or \`kube-triage report &lt;cluster&gt;\`.`;
    thread.push({
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 2_900) } }],
    });
  }
  return { summary, thread };
}

/**
 * Posts a report to a channel: the summary, then the details in its thread, one message per
 * `intervalMs` (Slack: about one message a second per channel) and waiting out Retry-After on 429.
 */
export async function postReport(
  channel: string,
  msgs: { summary: SlackMessage; thread: SlackMessage[] },
  slack: { apiUrl: string; token: string },
  log: Log,
  o: { intervalMs?: number } = {},
): Promise<boolean> {
  const interval = o.intervalMs ?? postIntervalMs();
  const first = await callWebApi(
    slack.apiUrl,
    slack.token,
    'chat.postMessage',
    { channel, text: msgs.summary.text, blocks: msgs.summary.blocks },
    { patient: true },
  );
  if (!first.ok) {
    log.warn('report delivery failed', { channel, status: first.status, error: first.error });
    return false;
  }
  const ts = first.ts;
  let failed = 0;
  for (const m of msgs.thread) {
    if (interval) await new Promise((r) => setTimeout(r, interval));
    const r = await callWebApi(
      slack.apiUrl,
      slack.token,
      'chat.postMessage',
      { channel, text: m.text, blocks: m.blocks, ...(ts ? { thread_ts: ts } : {}) },
      { patient: true },
    );
    if (!r.ok) {
      failed++;
      log.warn('report thread delivery failed', { channel, status: r.status, error: r.error });
    }
  }
  log.info('report posted', { channel, thread: msgs.thread.length, failed });
  return true;
}

/**
 * Posts one report per channel (`channels`: channel → its clusters, in registry order), channels in
 * parallel (Slack's limit is per channel). `claim`, when given, must grant a channel before it is
 * posted (a fleet run posts each channel at most once). Resolves to the channels posted.
 */
export async function deliverReport(
  reports: readonly ClusterReport[],
  channels: ReadonlyMap<string, readonly string[]>,
  slack: { apiUrl: string; token: string },
  log: Log,
  o: {
    at?: Date;
    claim?: (channel: string) => Promise<boolean>;
    intervalMs?: number;
    /** Mutes set from one channel apply to that channel's report only. */
    mutes?: readonly Mute[];
  } = {},
): Promise<string[]> {
  const byName = new Map(reports.map((r) => [r.diff.cluster, r]));
  const at = o.at ?? new Date();
  const posted: string[] = [];
  await Promise.all(
    [...channels].map(async ([channel, names]) => {
      const mine = names
        .map((n) => byName.get(n))
        .filter((r): r is ClusterReport => !!r)
        .map((r) => ({ ...r, diff: applyChannelMutes(r.diff, o.mutes ?? [], channel, at.toISOString()) }));
      if (mine.length === 0) return;
      if (o.claim && !(await o.claim(channel))) return;
      const msgs = reportMessages(mine, at);
      if (
        await postReport(
          channel,
          msgs,
          slack,
          log,
          o.intervalMs === undefined ? {} : { intervalMs: o.intervalMs },
        )
      )
        posted.push(channel);
    }),
  );
  return posted.sort();
}

/** The channels a run posts to and their clusters' names; `wanted` filters channels. */
export function channelMap(
  records: readonly Pick<ClusterRecord, 'name' | 'channels'>[],
  wanted: (channel: string) => boolean = () => true,
): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of records)
    for (const c of r.channels) if (c !== '*' && wanted(c)) m.set(c, [...(m.get(c) ?? []), r.name]);
  return m;
}

/** The registered records a report covers: those with a channel `channels` allows (all when empty). */
export async function dueRecords(
  registry: ClusterRegistry,
  channels?: readonly string[],
): Promise<{ records: ClusterRecord[]; wanted: (c: string) => boolean }> {
  const wanted = (c: string): boolean => c !== '*' && (!channels?.length || channels.includes(c));
  const records = (await Promise.all((await registry.list()).map((r) => registry.get(r.name)))).filter(
    (r): r is ClusterRecord => !!r && r.channels.some(wanted),
  );
  return { records, wanted };
}

/**
 * Runs the daily report once, in this process, and posts it: every registered cluster that has a
 * channel to post to (`channels`, when given, limits which channels this run posts to). Resolves to
 * the channels posted.
 */
export async function reportOnce(
  registry: ClusterRegistry,
  store: HistoryStore,
  slack: { apiUrl: string; token: string },
  log: Log,
  o: { channels?: readonly string[]; intervalMs?: number } = {},
): Promise<string[]> {
  const { records, wanted } = await dueRecords(registry, o.channels);
  const reports = await runReport(records, store);
  const posted = await deliverReport(reports, channelMap(records, wanted), slack, log, {
    mutes: await store.mutes(),
    ...(o.intervalMs === undefined ? {} : { intervalMs: o.intervalMs }),
  });
  log.info('daily report posted', { clusters: records.length, channels: posted.length });
  return posted;
}
