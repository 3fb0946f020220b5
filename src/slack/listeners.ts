/**
 * What kube-triage does with each kind of Slack input: `/k8s` commands, the "Diagnose with
 * kube-triage" message shortcut, mentions, DMs and buttons. Cluster work is dispatched; diagnosing
 * a paste is pure and answered inline. A cluster answers only in the channels its record allows.
 * @module
 */
import type { App } from '@slack/bolt';
import type { ClusterDirectory, ClusterGrant } from '../cluster/registry.js';
import { allowedIn } from '../core/access.js';
import { CODES } from '../core/codes.js';
import type { Ledger } from '../core/ledger.js';
import {
  CHECKS_PER_CHANNEL_PER_MINUTE,
  CHECKS_PER_USER_PER_MINUTE,
  DEDUPE_TTL_S,
  MUTE_DURATION_MS,
  SEEN_EVENTS_MAX,
  SHARE_TTL_S,
} from '../core/limits.js';
import type { Mute } from '../core/report.js';
import { diagnose } from '../diagnose/index.js';
import { diagnosisMessage, mutesMessage, noticeMessage, type SlackMessage } from '../render/blocks.js';
import type { Log } from './deliver.js';
import { CHECK_VERBS, type CheckVerb, parseCommand, suggest } from './grammar.js';
import type { CheckJob, Dispatch } from './jobs.js';

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
}

/** A finding key from a button value, validated: a registered cluster name, a catalog code, a bounded subject. */
function muteKey(raw: string): { cluster: string; code: string; subject?: string } | undefined {
  let v: { cluster?: unknown; code?: unknown; subject?: unknown } = {};
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
  return {
    cluster: v.cluster,
    code: v.code,
    ...(typeof v.subject === 'string' ? { subject: v.subject } : {}),
  };
}

/** The Web API error code of a failed Bolt client call (`not_in_channel`, `ratelimited` …), if any. */
export function slackErrorCode(e: unknown): string | undefined {
  const code = (e as { data?: { error?: unknown } })?.data?.error;
  return typeof code === 'string' ? code.slice(0, 60) : undefined;
}

/** Longest button value accepted, characters (Slack allows 2,000). */
const MAX_BUTTON_VALUE_CHARS = 2_000;

const HELP = [
  '*kube-triage* finds quiet Kubernetes failures: clock skew, rejected service-account tokens, hidden certificate expiry, leaked pod IPs.',
  '`/k8s skew <cluster>`: apiserver and node clocks, clock jumps',
  '`/k8s token <cluster>`: tokens rejected as not yet valid, stale and legacy tokens',
  '`/k8s certs <cluster>`: loopback, serving, kubelet, CSR and webhook certificates',
  '`/k8s ipam <cluster>`: leaked host-local leases, full or missing podCIDRs, duplicate IPs',
  '`/k8s report <cluster>`: everything',
  '`/k8s diagnose <error text>`: cause and fix for a pasted error, log, token or certificate (or use the message shortcut, a mention, or a DM)',
  '`/k8s clusters`: the clusters this channel may query',
  '`/k8s mutes`: findings muted from the daily report, with Unmute',
].join('\n');

/** Help, with examples for the clusters this channel may query. */
async function helpMessage(deps: ListenerDeps, channel: string): Promise<SlackMessage> {
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
async function didYouMean(
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
async function mutesAnswer(deps: ListenerDeps, channel: string): Promise<SlackMessage> {
  if (!deps.mutes) return mutesMessage([]);
  const visible = new Set(await visibleClusters(deps, channel));
  const now = deps.now().toISOString();
  return mutesMessage((await deps.mutes.list()).filter((m) => visible.has(m.cluster) && m.until > now));
}

/** Clusters a channel may query (names only). */
async function visibleClusters(deps: ListenerDeps, channel: string): Promise<string[]> {
  const out: string[] = [];
  for (const r of await deps.registry.list()) {
    const rec = await deps.registry.get(r.name);
    if (rec && allowedIn(rec, channel)) out.push(r.name);
  }
  return out;
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
async function resolveCluster(
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

/** Diagnoses a paste and returns the message. */
export function diagnosePaste(text: string, now: Date, slackEscaped = true): SlackMessage {
  return diagnosisMessage(diagnose(text, now, { slack: slackEscaped }));
}

/** Registers every listener on the app. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const seenEvents = new Set<string>();

  app.command('/k8s', async ({ command, ack }) => {
    const cmd = parseCommand(command.text ?? '');
    const started = Date.now();
    if (cmd.kind === 'error') {
      deps.log.info('command rejected', { code: cmd.code });
      await ack({
        response_type: 'ephemeral',
        ...(cmd.code === 'usage/unknown-verb'
          ? await didYouMean(deps, command.channel_id, cmd)
          : noticeMessage(cmd.message)),
      });
      return;
    }
    if (cmd.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...(await helpMessage(deps, command.channel_id)) });
      return;
    }
    if (cmd.kind === 'mutes') {
      await ack({ response_type: 'ephemeral', ...(await mutesAnswer(deps, command.channel_id)) });
      return;
    }
    if (cmd.kind === 'clusters') {
      const names = await visibleClusters(deps, command.channel_id);
      await ack({
        response_type: 'ephemeral',
        ...noticeMessage(
          names.length
            ? `Clusters this channel may query: ${names.join(', ')}`
            : 'No cluster may be queried from this channel.',
        ),
      });
      return;
    }
    if (cmd.kind === 'diagnose') {
      const shareId = deps.pasteEphemeral && deps.ledger ? `paste-${command.trigger_id}` : undefined;
      const msg = diagnosisMessage(
        diagnose(cmd.text, deps.now(), { slack: true }),
        shareId ? { share: shareId } : {},
      );
      if (shareId) await deps.ledger?.keep(`answer#${shareId}`, JSON.stringify(msg), SHARE_TTL_S);
      await ack({ response_type: deps.pasteEphemeral ? 'ephemeral' : 'in_channel', ...msg });
      deps.log.info('paste diagnosed', { ms: Date.now() - started });
      return;
    }
    const r = await resolveCluster(deps, cmd.cluster, command.channel_id);
    if ('refusal' in r) {
      deps.log.info('cluster refused', { verb: cmd.verb });
      await ack({ response_type: 'ephemeral', ...noticeMessage(r.refusal) });
      return;
    }
    const job: CheckJob = {
      id: `cmd-${command.trigger_id}`,
      verb: cmd.verb,
      cluster: r.record.name,
      channel: command.channel_id,
      user: command.user_id,
      responseUrl: command.response_url,
      ephemeral: !deps.checksInChannel,
      all: cmd.all,
    };
    const refused = await admit(deps, job);
    if (refused) {
      deps.log.info('check refused', { reason: 'rate limit', verb: cmd.verb });
      await ack({ response_type: 'ephemeral', ...noticeMessage(refused) });
      return;
    }
    await ack({ response_type: 'ephemeral', text: `Checking ${r.record.name} (${cmd.verb})…` });
    await deps.dispatch(job);
    deps.log.info('check dispatched', { verb: cmd.verb, cluster: r.record.name, ms: Date.now() - started });
  });

  app.shortcut(
    { callback_id: 'kt_diagnose_message', type: 'message_action' },
    async ({ shortcut, ack, client, respond }) => {
      await ack();
      const text = shortcut.message.text ?? '';
      const msg = text.trim()
        ? diagnosePaste(text, deps.now())
        : noticeMessage('That message has no text to diagnose (attachments and files are not read).');
      const channel = shortcut.channel.id;
      const thread = shortcut.message.thread_ts ?? shortcut.message.ts;
      try {
        // Slack shows an ephemeral message in a thread only while that thread is open, and a
        // message with no replies has no thread: ephemeral answers go to the channel view, or into
        // the thread only when the message is already in one.
        if (deps.pasteEphemeral)
          await client.chat.postEphemeral({
            channel,
            user: shortcut.user.id,
            ...(shortcut.message.thread_ts ? { thread_ts: shortcut.message.thread_ts } : {}),
            text: msg.text,
            blocks: msg.blocks as never,
          });
        else
          await client.chat.postMessage({
            channel,
            thread_ts: thread,
            text: msg.text,
            blocks: msg.blocks as never,
          });
      } catch (e) {
        // The response_url reaches the user whatever went wrong; why it went wrong decides the note.
        const code = slackErrorCode(e);
        const notMember = code === 'not_in_channel' || code === 'channel_not_found';
        if (!notMember)
          deps.log.warn('shortcut answer failed', { error: code ?? (e as Error)?.name ?? 'error' });
        await respond({
          response_type: 'ephemeral',
          text: msg.text,
          blocks: [
            ...msg.blocks,
            ...(notMember
              ? [
                  {
                    type: 'context',
                    elements: [
                      {
                        type: 'mrkdwn',
                        text: 'kube-triage is not in this channel: `/invite @kube-triage` to let it answer here.',
                      },
                    ],
                  },
                ]
              : []),
          ] as never,
        });
      }
      deps.log.info('shortcut diagnosed', {});
    },
  );

  const onText = async (
    text: string,
    channel: string,
    user: string,
    ts: string,
    threadTs: string | undefined,
    isDm: boolean,
    eventId: string | undefined,
    client: App['client'],
  ): Promise<void> => {
    if (eventId) {
      if (seenEvents.has(eventId)) return;
      seenEvents.add(eventId);
      if (seenEvents.size > SEEN_EVENTS_MAX) seenEvents.clear();
      // The same event delivered to another container: one answer (the ledger is shared).
      if (deps.ledger && !(await deps.ledger.claim(`event#${eventId}`, DEDUPE_TTL_S))) return;
    }
    const cmd = parseCommand(text.replace(/<@[A-Z0-9]+>/g, '').trim());
    const reply = async (msg: SlackMessage, ephemeral: boolean): Promise<void> => {
      if (ephemeral && !isDm)
        await client.chat.postEphemeral({
          channel,
          user,
          // Only into a thread that exists (see the shortcut above): else where the user looks.
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: msg.text,
          blocks: msg.blocks as never,
        });
      else
        await client.chat.postMessage({
          channel,
          ...(isDm && !threadTs ? {} : { thread_ts: threadTs ?? ts }),
          text: msg.text,
          blocks: msg.blocks as never,
        });
    };
    if (cmd.kind === 'check') {
      const r = await resolveCluster(deps, cmd.cluster, channel);
      if ('refusal' in r) return reply(noticeMessage(r.refusal), true);
      const refused = await admit(deps, { user, channel });
      if (refused) return reply(noticeMessage(refused), true);
      await deps.dispatch({
        id: `evt-${eventId ?? ts}`,
        verb: cmd.verb,
        cluster: r.record.name,
        channel,
        user,
        threadTs: threadTs ?? ts,
        ephemeral: false,
        all: cmd.all,
      });
      return;
    }
    if (cmd.kind === 'diagnose') return reply(diagnosePaste(cmd.text, deps.now()), deps.pasteEphemeral);
    if (cmd.kind === 'clusters')
      return reply(
        noticeMessage(
          `Clusters this channel may query: ${(await visibleClusters(deps, channel)).join(', ') || 'none'}`,
        ),
        true,
      );
    if (cmd.kind === 'help') return reply(await helpMessage(deps, channel), true);
    if (cmd.kind === 'mutes') return reply(await mutesAnswer(deps, channel), true);
    return reply(
      cmd.code === 'usage/unknown-verb' ? await didYouMean(deps, channel, cmd) : noticeMessage(cmd.message),
      true,
    );
  };

  app.event('app_mention', async ({ event, body, client }) => {
    await onText(
      event.text ?? '',
      event.channel,
      event.user ?? '',
      event.ts,
      event.thread_ts,
      false,
      (body as { event_id?: string }).event_id,
      client,
    );
  });

  app.message(async ({ message, body, client }) => {
    const m = message as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      text?: string;
      channel: string;
      user?: string;
      ts: string;
      thread_ts?: string;
    };
    if (m.channel_type !== 'im' || m.subtype || m.bot_id) return;
    await onText(
      m.text ?? '',
      m.channel,
      m.user ?? '',
      m.ts,
      m.thread_ts,
      true,
      (body as { event_id?: string }).event_id,
      client,
    );
  });

  const parseValue = (v: string | undefined): { verb: CheckVerb; cluster: string } | undefined => {
    try {
      const j = JSON.parse(v ?? '') as { verb?: string; cluster?: string };
      if (j.cluster && (CHECK_VERBS as readonly string[]).includes(j.verb ?? ''))
        return { verb: j.verb as CheckVerb, cluster: j.cluster };
    } catch {
      // ignore: answered below
    }
    return undefined;
  };

  app.action(/^kt_mute(?:_\d+)?$/, async ({ ack, body, respond }) => {
    await ack();
    const b = body as { actions?: { value?: string }[]; channel?: { id?: string }; user?: { id?: string } };
    const key = muteKey(b.actions?.[0]?.value ?? '{}');
    const rec = key ? await deps.registry.get(key.cluster) : undefined;
    if (!deps.mute || !key || !rec || !allowedIn(rec, b.channel?.id ?? '')) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That finding cannot be muted from here.',
      });
      return;
    }
    const by = /^[A-Z0-9]{1,20}$/.test(b.user?.id ?? '') ? (b.user?.id as string) : '?';
    const until = new Date(deps.now().getTime() + MUTE_DURATION_MS).toISOString();
    await deps.mute({
      cluster: rec.name,
      code: key.code,
      ...(key.subject ? { subject: key.subject } : {}),
      reason: `muted from the daily report by <@${by}>`,
      by,
      until,
    });
    deps.log.info('finding muted', { cluster: rec.name, code: key.code });
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      text: `Muted \`${key.code}\`${key.subject ? ` (${key.subject})` : ''} on ${rec.name} until ${until.slice(0, 10)} (by <@${by}>). It is counted in the report, not shown. \`/k8s mutes\` lists mutes, with Unmute.`,
    });
  });

  app.action(/^kt_unmute(?:_\d+)?$/, async ({ ack, body, respond }) => {
    await ack();
    const b = body as { actions?: { value?: string }[]; channel?: { id?: string }; user?: { id?: string } };
    const key = muteKey(b.actions?.[0]?.value ?? '{}');
    const rec = key ? await deps.registry.get(key.cluster) : undefined;
    if (!deps.mutes || !key || !rec || !allowedIn(rec, b.channel?.id ?? '')) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That mute cannot be removed from here.',
      });
      return;
    }
    await deps.mutes.remove(key);
    deps.log.info('finding unmuted', { cluster: rec.name, code: key.code });
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      text: `Unmuted \`${key.code}\`${key.subject ? ` (${key.subject})` : ''} on ${rec.name} (by <@${b.user?.id ?? '?'}>): it shows in the next report again.`,
    });
  });

  // Share: posts in the channel exactly the private answer the user saw (kept, redacted, for a day).
  app.action('kt_share', async ({ ack, body, respond }) => {
    await ack();
    const b = body as { actions?: { value?: string }[]; channel?: { id?: string }; user?: { id?: string } };
    let id: string | undefined;
    try {
      const raw = b.actions?.[0]?.value ?? '';
      const v = raw.length <= MAX_BUTTON_VALUE_CHARS ? (JSON.parse(raw) as { share?: unknown }) : {};
      if (typeof v.share === 'string' && /^[\w.:-]{1,200}$/.test(v.share)) id = v.share;
    } catch {
      // answered below
    }
    const kept = id && deps.ledger ? await deps.ledger.recall(`answer#${id}`) : undefined;
    let msg: SlackMessage | undefined;
    try {
      msg = kept ? (JSON.parse(kept) as SlackMessage) : undefined;
    } catch {
      msg = undefined;
    }
    if (!msg) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That answer can no longer be shared (answers are kept for a day); run the command again.',
      });
      return;
    }
    const by = /^[A-Z0-9]{1,20}$/.test(b.user?.id ?? '') ? (b.user?.id as string) : '?';
    // The shared copy has no buttons: the original's Share and Re-run belong to its asker.
    const blocks = msg.blocks.filter((x) => x.type !== 'actions');
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      text: msg.text,
      blocks: [
        ...blocks,
        { type: 'context', elements: [{ type: 'mrkdwn', text: `shared by <@${by}>` }] },
      ] as never,
    });
    deps.log.info('answer shared', {});
  });

  for (const [actionId, mode] of [
    ['kt_rerun', 'rerun'],
    ['kt_show_all', 'all'],
  ] as const) {
    app.action(actionId, async ({ ack, body, respond }) => {
      await ack();
      const b = body as {
        actions?: { value?: string }[];
        channel?: { id?: string };
        user?: { id?: string };
        response_url?: string;
        trigger_id?: string;
        container?: { message_ts?: string; thread_ts?: string };
      };
      const v = parseValue(b.actions?.[0]?.value);
      const channel = b.channel?.id ?? '';
      if (!v)
        return void (await respond({
          response_type: 'ephemeral',
          text: 'That button is out of date; run the command again.',
        }));
      const r = await resolveCluster(deps, v.cluster, channel);
      if ('refusal' in r) return void (await respond({ response_type: 'ephemeral', text: r.refusal }));
      const refused = await admit(deps, { user: b.user?.id ?? '', channel });
      if (refused)
        return void (await respond({ response_type: 'ephemeral', replace_original: false, text: refused }));
      await deps.dispatch({
        id: `act-${b.trigger_id ?? Date.now()}`,
        verb: v.verb,
        cluster: r.record.name,
        channel,
        user: b.user?.id ?? '',
        ...(mode === 'all'
          ? { threadTs: b.container?.thread_ts ?? b.container?.message_ts ?? '' }
          : b.response_url
            ? { responseUrl: b.response_url }
            : {}),
        ephemeral: mode === 'rerun' ? !deps.checksInChannel : false,
        all: mode === 'all',
        ...(mode === 'rerun' && /^[A-Z0-9]{1,20}$/.test(b.user?.id ?? '')
          ? { rerunBy: b.user?.id as string }
          : {}),
      });
    });
  }
}
