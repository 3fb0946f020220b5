/**
 * Running one check job and delivering its answer: the one path behind the Lambda worker and
 * `kube-triage serve`'s in-process worker. It always ends with a
 * message. Each job id is answered once (per process, and across containers through the ledger);
 * identical scans running at once are shared (in a process) or announced as running (across).
 * @module
 */

import { CHECK_IDS, type CheckId } from '../checks/types.js';
import type { ClusterRecord, ClusterRegistry } from '../cluster/registry.js';
import { allowedIn } from '../core/access.js';
import { deadline } from '../core/deadline.js';
import { stackHash } from '../core/errors.js';
import type { Ledger } from '../core/ledger.js';
import { DEDUPE_TTL_S, JOB_SLACK_MS, SCAN_HOLD_S, SHARE_TTL_S, SNAPSHOT_BUDGET_MS } from '../core/limits.js';
import { type Inspection, inspect } from '../engine.js';
import {
  allResultsMessages,
  detailMessages,
  noticeMessage,
  rankedFindings,
  resultsMessage,
  type SlackMessage,
} from '../render/blocks.js';
import { callWebApi, type Log, postToResponseUrl } from '../slack/deliver.js';
import type { CheckJob } from '../slack/jobs.js';
import { rerunValue } from '../slack/jobs.js';

/** What the worker needs. */
export interface WorkerDeps {
  /**
   * Claims shared across containers (DynamoDB on Lambda): one answer per job id, one scan per
   * cluster and check at a time. Absent in one process (serve), where scans are shared in memory.
   */
  readonly ledger?: Ledger;
  readonly registry: ClusterRegistry;
  readonly botToken: string;
  readonly slackApiUrl: string;
  /** Origin of a local Slack stand-in whose response_urls are accepted (local stages only). */
  readonly localSlackOrigin?: string;
  readonly log: Log;
  /** Budget for collecting the cluster, ms. */
  readonly budgetMs?: number;
}

const done = new Set<string>();
/** How long a finished scan still answers identical requests, ms (a burst of the same command). */
const SCAN_SHARE_MS = 10_000;
/** Scans running in this process, by cluster and checks: a second identical request shares one. */
const running = new Map<string, Promise<Inspection>>();

/**
 * Delivers the answer: to the response_url as a new message (Slack does not let a slash command's
 * response_url replace the command's own message, so nothing relies on replacing a progress note;
 * the only progress is the ephemeral "Checking…" of the ack), else to the channel.
 */
async function deliver(job: CheckJob, msg: SlackMessage, deps: WorkerDeps): Promise<boolean> {
  if (job.responseUrl) {
    const r = await postToResponseUrl(job.responseUrl, msg, {
      ephemeral: job.ephemeral,
      replace: false,
      ...(deps.localSlackOrigin ? { allowedOrigin: deps.localSlackOrigin } : {}),
    });
    if (r.ok) return true;
    deps.log.warn('response_url delivery failed', { job: job.id, status: r.status, error: r.error });
  }
  const payload = {
    channel: job.channel,
    text: msg.text,
    blocks: msg.blocks,
    ...(job.threadTs ? { thread_ts: job.threadTs } : {}),
  };
  const r = job.ephemeral
    ? await callWebApi(deps.slackApiUrl, deps.botToken, 'chat.postEphemeral', { ...payload, user: job.user })
    : await callWebApi(deps.slackApiUrl, deps.botToken, 'chat.postMessage', payload);
  if (!r.ok)
    deps.log.warn('chat delivery failed', {
      job: job.id,
      channel: job.channel,
      status: r.status,
      error: r.error,
      // Classified by Slack's error code: the operator's fix differs.
      ...(r.error === 'not_in_channel' || r.error === 'channel_not_found'
        ? { hint: 'the bot is not in this channel: /invite @kube-triage' }
        : r.error === 'invalid_auth' || r.error === 'token_revoked'
          ? { hint: 'the bot token is invalid or revoked: reinstall the app' }
          : {}),
    });
  return r.ok;
}

/**
 * The cluster's record when this job may run: not a duplicate (in this process or, through the
 * ledger, in another container) and still granted to the channel. Otherwise undefined, and the user
 * is told where there is something to tell.
 */
async function admitJob(job: CheckJob, deps: WorkerDeps): Promise<ClusterRecord | undefined> {
  // The same job delivered to another container (async invoke retries, duplicates): answer once.
  if (deps.ledger && !(await deps.ledger.claim(`job#${job.id}`, DEDUPE_TTL_S))) {
    deps.log.info('duplicate job ignored', { job: job.id, where: 'ledger' });
    return undefined;
  }
  const record = await deps.registry.get(job.cluster);
  // Re-check the grant here, not only at the ingress: a channel revoked since (the record expires
  // from the cache within its TTL) gets nothing, and the refusal names no cluster details.
  if (!record || !allowedIn(record, job.channel)) {
    if (record) deps.log.info('job refused', { job: job.id, reason: 'channel not allowed' });
    await deliver(
      job,
      noticeMessage(`No cluster "${job.cluster}" can be queried from this channel (any more).`),
      deps,
    );
    return undefined;
  }
  return record;
}

/**
 * The inspection this job answers with: a scan of this cluster and check already running in this
 * process is shared; across containers one runs at a time (the others are told, and get undefined).
 * `hold` receives the ledger key to release when the job ends.
 */
async function sharedScan(
  job: CheckJob,
  record: ClusterRecord,
  checks: readonly CheckId[],
  deps: WorkerDeps,
  hold: (ledgerKey: string) => void,
): Promise<Inspection | undefined> {
  const key = `${record.name}#${record.server}#${checks.join(',')}`;
  const shared = running.get(key);
  if (shared) {
    deps.log.info('scan shared', { job: job.id, verb: job.verb, cluster: record.name });
    return shared;
  }
  // Across containers: one scan of a cluster and check at a time; the others are told.
  if (deps.ledger && !(await deps.ledger.claim(`scan#${key}`, SCAN_HOLD_S))) {
    await deliver(
      job,
      noticeMessage(
        `A ${job.verb} check of ${record.name} started in the last minute is still running; its answer appears where it was asked. Run it again in a minute for a fresh one.`,
      ),
      deps,
    );
    return undefined;
  }
  if (deps.ledger) hold(`scan#${key}`);
  const started = inspect(record, checks, deadline((deps.budgetMs ?? SNAPSHOT_BUDGET_MS) + JOB_SLACK_MS), {
    budgetMs: deps.budgetMs ?? SNAPSHOT_BUDGET_MS,
  });
  running.set(key, started);
  // Kept a few seconds after it ends, so a burst of the same request shares one scan.
  const forget = () =>
    setTimeout(() => {
      if (running.get(key) === started) running.delete(key);
    }, SCAN_SHARE_MS).unref();
  started.then(forget, forget);
  return started;
}

/** The messages that answer a job: the one-screen summary, or every finding (Show all, --all). */
function answerMessages(
  job: CheckJob,
  record: ClusterRecord,
  insp: Inspection,
  shareable: boolean,
): SlackMessage[] {
  const actions = {
    rerun: rerunValue(job),
    ...(shareable ? { share: job.id } : {}),
    showAll: rerunValue(job),
    ...(job.rerunBy ? { rerunBy: job.rerunBy } : {}),
  };
  if (!job.all)
    return [
      resultsMessage(
        record.name,
        job.verb,
        insp.results,
        insp.takenAt,
        actions,
        `/k8s ${job.verb} ${record.name} --all`,
      ),
    ];
  // Details: into the thread under the summary, in the summary's order.
  if (job.threadTs) return detailMessages(record.name, job.verb, rankedFindings(insp.results));
  return allResultsMessages(record.name, job.verb, insp.results, insp.takenAt, actions);
}

/** Runs one job to completion; never throws. */
export async function runJob(job: CheckJob, deps: WorkerDeps): Promise<void> {
  if (done.has(job.id)) {
    deps.log.info('duplicate job ignored', { job: job.id });
    return;
  }
  done.add(job.id);
  if (done.size > 10_000) done.clear();
  const t0 = Date.now();
  const checks: readonly CheckId[] = job.verb === 'report' ? CHECK_IDS : [job.verb];
  let scanKey: string | undefined;
  try {
    const record = await admitJob(job, deps);
    if (!record) return;
    const insp = await sharedScan(job, record, checks, deps, (k) => {
      scanKey = k;
    });
    if (!insp) return;
    // A private answer can be shared as the user saw it: it is kept (redacted, as posted) for a day.
    const shareable = job.ephemeral && deps.ledger !== undefined;
    const msgs = answerMessages(job, record, insp, shareable);
    if (shareable && msgs[0])
      await deps.ledger?.keep(
        `answer#${job.id}`,
        JSON.stringify({ user: job.user, channel: job.channel, cluster: record.name, msg: msgs[0] }),
        SHARE_TTL_S,
      );
    for (const msg of msgs) await deliver(job, msg, deps);
    deps.log.info('check answered', {
      job: job.id,
      verb: job.verb,
      cluster: record.name,
      findings: insp.results.reduce((a, r) => a + r.findings.length, 0),
      ms: Date.now() - t0,
      requests: insp.requestCount,
    });
  } catch (e) {
    // The error's name and a hash of its stack tell failures apart; its message may hold a body.
    deps.log.warn('check failed', {
      job: job.id,
      verb: job.verb,
      error: (e as Error).name,
      stack: stackHash(e),
    });
    await deliver(
      job,
      noticeMessage(
        `:x: kube-triage could not finish checking ${job.cluster} (${job.verb}). Try again; if it keeps failing, run \`kube-triage ${job.verb} ${job.cluster}\` from a terminal to see why.`,
      ),
      deps,
    ).catch(() => false);
  } finally {
    if (scanKey) await deps.ledger?.release(scanKey).catch(() => undefined);
  }
}
