/**
 * The worker: runs a check job and delivers the answer. Invoked asynchronously by the Slack
 * ingress on Lambda (retries off), or in-process by `kube-triage serve`. It first says
 * "Checking…", then replaces that with the result, and always ends with a message. Each job id is
 * answered once per process (Lambda may deliver an event twice).
 * @module
 */
import { CHECK_IDS, type CheckId } from '../checks/types.js';
import { allowedIn, type ClusterRegistry } from '../cluster/registry.js';
import { inspect } from '../engine.js';
import { noticeMessage, resultsMessage, type SlackMessage } from '../render/blocks.js';
import { callWebApi, consoleLog, type Log, postToResponseUrl } from '../slack/deliver.js';
import type { CheckJob } from '../slack/jobs.js';
import { rerunValue } from '../slack/jobs.js';
import { functionRegistry, slackConfig } from './config.js';

/** What the worker needs. */
export interface WorkerDeps {
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

async function deliver(
  job: CheckJob,
  msg: SlackMessage,
  deps: WorkerDeps,
  replace: boolean,
): Promise<boolean> {
  if (job.responseUrl) {
    const r = await postToResponseUrl(job.responseUrl, msg, {
      ephemeral: job.ephemeral,
      replace,
      ...(deps.localSlackOrigin ? { allowedOrigin: deps.localSlackOrigin } : {}),
    });
    if (r.ok) return true;
    deps.log.warn('response_url delivery failed', { job: job.id, status: r.status, error: r.error });
    if (replace === false) return false;
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
    });
  return r.ok;
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
  try {
    if (job.responseUrl)
      await postToResponseUrl(
        job.responseUrl,
        noticeMessage(`:hourglass_flowing_sand: Checking ${job.cluster} (${job.verb})…`),
        {
          ephemeral: job.ephemeral,
          replace: true,
          ...(deps.localSlackOrigin ? { allowedOrigin: deps.localSlackOrigin } : {}),
        },
      );
    const record = await deps.registry.get(job.cluster);
    // Re-check the grant here, not only at the ingress: a channel revoked since (the record expires
    // from the cache within its TTL) gets nothing, and the refusal names no cluster details.
    if (!record || !allowedIn(record, job.channel)) {
      if (record) deps.log.info('job refused', { job: job.id, reason: 'channel not allowed' });
      await deliver(
        job,
        noticeMessage(`No cluster "${job.cluster}" can be queried from this channel (any more).`),
        deps,
        true,
      );
      return;
    }
    const insp = await inspect(record, checks, AbortSignal.timeout((deps.budgetMs ?? 45_000) + 5_000), {
      budgetMs: deps.budgetMs ?? 45_000,
    });
    const msg = resultsMessage(
      record.name,
      job.verb,
      insp.results,
      insp.takenAt,
      { rerun: rerunValue(job), share: job.ephemeral, showAll: rerunValue(job) },
      `/k8s ${job.verb} ${record.name} --all`,
    );
    await deliver(job, msg, deps, true);
    deps.log.info('check answered', {
      job: job.id,
      verb: job.verb,
      cluster: record.name,
      findings: insp.results.reduce((a, r) => a + r.findings.length, 0),
      ms: Date.now() - t0,
      requests: insp.requestCount,
    });
  } catch (e) {
    deps.log.warn('check failed', { job: job.id, verb: job.verb, error: (e as Error).name });
    await deliver(
      job,
      noticeMessage(
        `:x: kube-triage could not finish checking ${job.cluster} (${job.verb}). Try again; if it keeps failing, run \`kube-triage ${job.verb} ${job.cluster}\` from a terminal to see why.`,
      ),
      deps,
      true,
    ).catch(() => false);
  }
}

/** Lambda entry: the event is the job the ingress sent. Two parameters (Node 24 runtime rule). */
export async function handler(event: CheckJob, _context: unknown): Promise<void> {
  const cfg = await slackConfig();
  await runJob(event, {
    registry: functionRegistry(),
    botToken: cfg.botToken,
    slackApiUrl: cfg.slackApiUrl ?? 'https://slack.com/api/',
    ...(cfg.slackApiUrl ? { localSlackOrigin: cfg.slackApiUrl } : {}),
    log: consoleLog,
  });
}
