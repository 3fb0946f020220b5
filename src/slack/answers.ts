/**
 * What the Slack listeners share: their settings (ListenerDeps) and the answers several of them give
 * (help, "did you mean", the clusters a channel may query, mutes, the rate limit, cluster lookup).
 * @module
 */
import type { ClusterDirectory, ClusterGrant } from '../cluster/registry.js';
import { allowedIn } from '../core/access.js';
import { CODES } from '../core/codes.js';
import type { Ledger } from '../core/ledger.js';
import {
  CHECKS_PER_CHANNEL_PER_MINUTE,
  CHECKS_PER_USER_PER_MINUTE,
  MUTE_DAYS,
  SHARE_TTL_S,
} from '../core/limits.js';
import type { Mute } from '../core/report.js';
import { diagnose } from '../diagnose/index.js';
import { diagnosisMessage, mutesMessage, noticeMessage, type SlackMessage } from '../render/blocks.js';
import type { Log } from './deliver.js';
import { CHECK_VERBS, type CheckVerb, type SlashCommand, suggest, type UsageError } from './grammar.js';
import type { CheckJob, Dispatch } from './jobs.js';
import type { SnippetReader } from './snippets.js';

/** Settings and collaborators of the listeners. */
export interface ListenerDeps {
  /** Names and channel grants (never tokens: the ingress holds no cluster credential). */
  readonly registry: ClusterDirectory;
  readonly dispatch: Dispatch;
  /**
   * Rate limits and event deduplication across processes (DynamoDB on Lambda, memory in serve);
   * absent: no limits (tests of other behaviour).
   */
  readonly ledger?: Ledger;
  readonly log: Log;
  /** Answers about pastes are visible only to the asker. @default true */
  readonly pasteEphemeral: boolean;
  /** Cluster check answers are posted in the channel. @default true */
  readonly checksInChannel: boolean;
  readonly now: () => Date;
  /** Stores a mute (cluster, code, subject) from the report's Mute button; absent where there is no history. */
  readonly mute?: (m: Mute) => Promise<void>;
  /** Lists and removes mutes (`/k8s mutes`, Unmute); absent where there is no history. */
  readonly mutes?: {
    list(): Promise<Mute[]>;
    remove(m: Pick<Mute, 'cluster' | 'code' | 'subject'>): Promise<void>;
  };
  /** Reads text files attached to a message (set by the app from its Slack settings). */
  readonly snippets?: SnippetReader;
}

/** Where mutes are kept (the history table, or the local history). */
export interface MuteStore {
  addMute(m: Mute): Promise<void>;
  mutes(): Promise<Mute[]>;
  removeMute(m: Pick<Mute, 'cluster' | 'code' | 'subject'>): Promise<void>;
}

/** The listeners' mute settings from a store; none without one (the buttons then say so). */
export function muteDeps(store: MuteStore | undefined): Pick<ListenerDeps, 'mute' | 'mutes'> {
  if (!store) return {};
  return {
    mute: (m) => store.addMute(m),
    mutes: { list: () => store.mutes(), remove: (m) => store.removeMute(m) },
  };
}

/** A finding key from a button value, validated: a registered cluster name, a catalog code, a bounded subject. */
export function muteKey(
  raw: string,
): { cluster: string; code: string; subject?: string; days?: number; title?: string } | undefined {
  let v: { cluster?: unknown; code?: unknown; subject?: unknown; days?: unknown; title?: unknown } = {};
  try {
    // A button value is ours, but a payload can be forged by anyone holding the signing secret:
    // bounded, and only a catalog code, a cluster-name shape and a plain subject are accepted.
    if (raw.length <= MAX_BUTTON_VALUE_CHARS) v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof v.code !== 'string' || !Object.hasOwn(CODES, v.code)) return undefined;
  if (typeof v.cluster !== 'string' || !/^[A-Za-z0-9._-]{1,63}$/.test(v.cluster)) return undefined;
  if (v.subject !== undefined && (typeof v.subject !== 'string' || !/^[\w .:/@-]{1,200}$/.test(v.subject)))
    return undefined;
  // Only the offered lengths; a title is shown back as text only (escaped where it is rendered).
  const days =
    typeof v.days === 'number' && (MUTE_DAYS as readonly number[]).includes(v.days) ? v.days : undefined;
  const title = typeof v.title === 'string' ? v.title.slice(0, 150) : undefined;
  return {
    cluster: v.cluster,
    code: v.code,
    ...(typeof v.subject === 'string' ? { subject: v.subject } : {}),
    ...(days ? { days } : {}),
    ...(title ? { title } : {}),
  };
}

/** The Web API error code of a failed Bolt client call (`not_in_channel`, `ratelimited` …), if any. */
export function slackErrorCode(e: unknown): string | undefined {
  const code = (e as { data?: { error?: unknown } })?.data?.error;
  return typeof code === 'string' ? code.slice(0, 60) : undefined;
}

/** Longest button value accepted, characters (Slack allows 2,000). */
export const MAX_BUTTON_VALUE_CHARS = 2_000;

/** Help, in Slack's mrkdwn (< and > written as entities: Slack reads them as a link's brackets). */
const HELP = [
  '*kube-triage* finds quiet Kubernetes failures: clock skew, rejected service-account tokens, hidden certificate expiry, leaked pod IPs.',
  '`/k8s skew &lt;cluster&gt;`: apiserver and node clocks, clock jumps',
  '`/k8s token &lt;cluster&gt;`: tokens rejected as not yet valid, stale and legacy tokens',
  '`/k8s certs &lt;cluster&gt;`: loopback, serving, kubelet, CSR and webhook certificates',
  '`/k8s ipam &lt;cluster&gt;`: leaked host-local leases, full or missing podCIDRs, duplicate IPs',
  '`/k8s report &lt;cluster&gt;`: everything',
  '`/k8s diagnose &lt;error text&gt;`: cause and fix for a pasted error, log, token or certificate (or use the message shortcut, a mention, or a DM; attached text snippets are read too)',
  '`/k8s clusters`: the clusters this channel may query',
  '`/k8s mutes`: findings muted from the daily report, with Unmute',
].join('\n');

/** Help, with examples for the clusters this channel may query. */
export async function helpMessage(deps: ListenerDeps, channel: string): Promise<SlackMessage> {
  const names = await visibleClusters(deps, channel);
  const example = names[0];
  return noticeMessage(
    `${HELP}\n${
      example
        ? `\n*Here* you may query: ${names.map((n) => `\`${n}\``).join(', ')}. Try \`/k8s report ${example}\` or \`/k8s skew ${example}\`.`
        : '\nNo cluster may be queried from this channel yet: an admin adds the channel to a cluster record (`channels: [...]`).'
    }`,
  );
}

/**
 * "Did you mean": for an unknown word, the closest check verb or cluster name this channel may
 * query, as a message with a button that runs the suggested command.
 */
export async function didYouMean(
  deps: ListenerDeps,
  channel: string,
  err: { message: string; word?: string; rest?: readonly string[] },
): Promise<SlackMessage> {
  const word = (err.word ?? '').toLowerCase();
  const visible = await visibleClusters(deps, channel);
  const verb = suggest(word, [...CHECK_VERBS]) as CheckVerb | undefined;
  const cluster = suggest(word, visible);
  let run: { verb: CheckVerb; cluster: string } | undefined;
  if (cluster) run = { verb: 'report', cluster };
  else if (verb) {
    const named = err.rest?.[0]
      ? visible.includes(err.rest[0])
        ? err.rest[0]
        : suggest(err.rest[0], visible)
      : undefined;
    if (named) run = { verb, cluster: named };
  }
  if (!run) return noticeMessage(err.message);
  const cmd = `/k8s ${run.verb} ${run.cluster}`;
  const msg = noticeMessage(`Unknown command "${(err.word ?? '').slice(0, 40)}". Did you mean \`${cmd}\`?`);
  return {
    text: msg.text,
    blocks: [
      ...msg.blocks,
      {
        type: 'actions',
        block_id: 'kt_suggest',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: `Run ${cmd}` },
            action_id: 'kt_rerun',
            value: JSON.stringify(run),
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/** `/k8s mutes`: the active mutes of the clusters this channel may query. */
export async function mutesAnswer(deps: ListenerDeps, channel: string): Promise<SlackMessage> {
  if (!deps.mutes) return mutesMessage([]);
  const visible = new Set(await visibleClusters(deps, channel));
  const now = deps.now().toISOString();
  return mutesMessage((await deps.mutes.list()).filter((m) => visible.has(m.cluster) && m.until > now));
}

/** Clusters a channel may query (names only). */
export async function visibleClusters(deps: ListenerDeps, channel: string): Promise<string[]> {
  const out: string[] = [];
  for (const r of await deps.registry.list()) {
    const rec = await deps.registry.get(r.name);
    if (rec && allowedIn(rec, channel)) out.push(r.name);
  }
  return out;
}

/** What the user is told when the worker did not take a check (nothing was run). */
export function notStarted(job: Pick<CheckJob, 'verb' | 'cluster'>): string {
  return `Could not start the ${job.verb} check of ${job.cluster}: kube-triage could not hand it to its worker, so nothing was run. Try again in a minute; if it keeps failing, ask whoever runs kube-triage to look at its logs for "dispatch failed".`;
}

/**
 * Hands a check to the worker. A failed hand-over (the worker invoke refused after its retries) is
 * logged and told to the user instead of failing the request: on Lambda, Bolt answers Slack only
 * when the listener ends, and a throw there would turn the ack into a bare 500.
 */
export async function dispatchOrTell(
  deps: ListenerDeps,
  job: CheckJob,
  tell: (text: string) => Promise<unknown>,
): Promise<boolean> {
  try {
    await deps.dispatch(job);
    return true;
  } catch (e) {
    deps.log.warn('dispatch failed', { verb: job.verb, cluster: job.cluster, error: (e as Error).name });
    await tell(notStarted(job)).catch(() => undefined);
    return false;
  }
}

/**
 * Whether a check may start: a polite refusal when this user or channel started too many in the
 * last minute (a scan costs the cluster dozens of requests), else undefined.
 */
export async function admit(
  deps: Pick<ListenerDeps, 'ledger'>,
  job: Pick<CheckJob, 'user' | 'channel'>,
): Promise<string | undefined> {
  const l = deps.ledger;
  if (!l) return undefined;
  if (!(await l.count(`user#${job.user}`, CHECKS_PER_USER_PER_MINUTE, 60)))
    return `You have started ${CHECKS_PER_USER_PER_MINUTE} checks in the last minute: give the clusters a moment and try again shortly.`;
  if (!(await l.count(`channel#${job.channel}`, CHECKS_PER_CHANNEL_PER_MINUTE, 60)))
    return `This channel has started ${CHECKS_PER_CHANNEL_PER_MINUTE} checks in the last minute: try again shortly.`;
  return undefined;
}

/** Checks a cluster name for a channel; returns the record or a short refusal that reveals nothing. */
export async function resolveCluster(
  deps: ListenerDeps,
  name: string,
  channel: string,
): Promise<{ record: ClusterGrant } | { refusal: string }> {
  const rec = await deps.registry.get(name);
  if (!rec || !allowedIn(rec, channel)) {
    // Same answer for "unknown" and "not allowed here": a refusal names no cluster details.
    // The list of what this channel may query is only worth building on a refusal.
    const visible = await visibleClusters(deps, channel);
    const s = suggest(name, visible);
    return {
      refusal: `No cluster "${name.slice(0, 60)}" can be queried from this channel.${s ? ` Did you mean ${s}?` : ''} ${visible.length ? `Available here: ${visible.join(', ')}.` : 'Ask an admin to allow this channel in the cluster record.'}`,
    };
  }
  return { record: rec };
}

/**
 * A paste's answer; when it is private and was asked in a channel (`asked.shareKey`), with a Share
 * button and the answer kept a day for it (only that asker, only that channel: the Share action).
 */
export async function sharedPaste(
  deps: ListenerDeps,
  text: string,
  slackEscaped: boolean,
  asked: Pick<AskedIn, 'user' | 'channel' | 'shareKey'>,
): Promise<SlackMessage> {
  const shareId =
    deps.pasteEphemeral && deps.ledger && asked.shareKey ? `paste-${asked.shareKey}` : undefined;
  const msg = diagnosisMessage(
    diagnose(text, deps.now(), { slack: slackEscaped }),
    shareId ? { share: shareId } : {},
  );
  if (shareId)
    await deps.ledger?.keep(
      `answer#${shareId}`,
      JSON.stringify({ user: asked.user, channel: asked.channel, msg }),
      SHARE_TTL_S,
    );
  return msg;
}

/** Where a command was asked (the slash command, a mention, a DM) and how a check answers there. */
export interface AskedIn {
  readonly channel: string;
  readonly user: string;
  /** The dispatched job's id: unique per request (the trigger id, the event id). */
  readonly jobId: string;
  /** Where a check posts its answer: the slash command's response_url… */
  readonly responseUrl?: string;
  /** …or the thread of the mention or DM. */
  readonly threadTs?: string;
  /** A check's answer only the asker sees. */
  readonly checkEphemeral: boolean;
  /** A private paste answer offers Share (the slash command: its answer is kept to share). */
  readonly shareKey?: string;
}

/** An answer given in place, or a check to dispatch. */
export type CommandAnswer =
  | { readonly kind: 'message'; readonly msg: SlackMessage; readonly private: boolean }
  | { readonly kind: 'check'; readonly job: CheckJob };

/**
 * The one answer to a parsed command, whichever way it was asked: help, clusters, mutes, a usage
 * error or a paste answered in place; a check resolved for the channel, admitted by the rate
 * limits and returned as a job for the caller to acknowledge and dispatch.
 */
export async function answerCommand(
  deps: ListenerDeps,
  cmd: SlashCommand | UsageError,
  asked: AskedIn,
): Promise<CommandAnswer> {
  const say = (msg: SlackMessage, priv = true): CommandAnswer => ({ kind: 'message', msg, private: priv });
  const { channel } = asked;
  if (cmd.kind === 'error') {
    deps.log.info('command rejected', { code: cmd.code });
    return say(
      cmd.code === 'usage/unknown-verb' ? await didYouMean(deps, channel, cmd) : noticeMessage(cmd.message),
    );
  }
  if (cmd.kind === 'help') return say(await helpMessage(deps, channel));
  if (cmd.kind === 'mutes') return say(await mutesAnswer(deps, channel));
  if (cmd.kind === 'clusters') {
    const names = await visibleClusters(deps, channel);
    return say(
      noticeMessage(
        names.length
          ? `Clusters this channel may query: ${names.join(', ')}`
          : 'No cluster may be queried from this channel.',
      ),
    );
  }
  if (cmd.kind === 'diagnose') {
    const started = Date.now();
    const msg = await sharedPaste(deps, cmd.text, true, asked);
    deps.log.info('paste diagnosed', { ms: Date.now() - started });
    return say(msg, deps.pasteEphemeral);
  }
  const r = await resolveCluster(deps, cmd.cluster, channel);
  if ('refusal' in r) {
    deps.log.info('cluster refused', { verb: cmd.verb });
    return say(noticeMessage(r.refusal));
  }
  const job: CheckJob = {
    id: asked.jobId,
    verb: cmd.verb,
    cluster: r.record.name,
    channel,
    user: asked.user,
    ...(asked.responseUrl ? { responseUrl: asked.responseUrl } : {}),
    ...(asked.threadTs ? { threadTs: asked.threadTs } : {}),
    ephemeral: asked.checkEphemeral,
    all: cmd.all,
  };
  const refused = await admit(deps, job);
  if (refused) {
    deps.log.info('check refused', { reason: 'rate limit', verb: cmd.verb });
    return say(noticeMessage(refused));
  }
  return { kind: 'check', job };
}
