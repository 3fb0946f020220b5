/**
 * Buttons: Mute and Unmute (the daily report, `/k8s mutes`), Share (a private answer, as the user
 * saw it), Re-run and Show all (a check again, by whoever pressed).
 * @module
 */

import type { App } from '@slack/bolt';
import { allowedIn } from '../../core/access.js';
import { MUTE_DURATION_MS } from '../../core/limits.js';
import type { SlackMessage } from '../../render/blocks.js';
import { escapeMrkdwn } from '../../render/truncate.js';
import {
  admit,
  dispatchOrTell,
  type ListenerDeps,
  MAX_BUTTON_VALUE_CHARS,
  muteKey,
  resolveCluster,
} from '../answers.js';
import { CHECK_VERBS, type CheckVerb } from '../grammar.js';
import type { CheckJob } from '../jobs.js';

/** Registers every button. */
export function buttonListeners(app: App, deps: ListenerDeps): void {
  muteButtons(app, deps);
  shareButton(app, deps);
  checkButtons(app, deps);
}

/** The verb and cluster a Re-run or Run button carries, if well formed. */
function parseValue(v: string | undefined): { verb: CheckVerb; cluster: string } | undefined {
  try {
    const j = JSON.parse(v ?? '') as { verb?: string; cluster?: string };
    if (j.cluster && (CHECK_VERBS as readonly string[]).includes(j.verb ?? ''))
      return { verb: j.verb as CheckVerb, cluster: j.cluster };
  } catch {
    // ignore: answered below
  }
  return undefined;
}

/**
 * The finding a Mute or Unmute button names, when its cluster is registered and this channel may
 * act on it, and who pressed it (a Slack user id, else "?").
 */
async function pressedFinding(deps: ListenerDeps, body: unknown) {
  const b = body as {
    actions?: { value?: string; selected_option?: { value?: string } }[];
    channel?: { id?: string };
    user?: { id?: string };
  };
  // A button carries its value; the Mute menu, the chosen option's.
  const a = b.actions?.[0];
  const key = muteKey(a?.selected_option?.value ?? a?.value ?? '{}');
  const rec = key ? await deps.registry.get(key.cluster) : undefined;
  if (!key || !rec || !allowedIn(rec, b.channel?.id ?? '')) return undefined;
  const by = /^[A-Z0-9]{1,20}$/.test(b.user?.id ?? '') ? (b.user?.id as string) : '?';
  return { key, rec, by, channel: b.channel?.id ?? '' };
}

/** Mute (the daily report) and Unmute (`/k8s mutes`). */
function muteButtons(app: App, deps: ListenerDeps): void {
  app.action(/^kt_mute(?:_\d+)?$/, async ({ ack, body, respond }) => {
    await ack();
    const t = deps.mute ? await pressedFinding(deps, body) : undefined;
    if (!deps.mute || !t) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That finding cannot be muted from here.',
      });
      return;
    }
    const { key, rec, by, channel } = t;
    const ms = key.days ? key.days * 86_400_000 : MUTE_DURATION_MS;
    const until = new Date(deps.now().getTime() + ms).toISOString();
    await deps.mute({
      cluster: rec.name,
      code: key.code,
      ...(key.subject ? { subject: key.subject } : {}),
      ...(key.title ? { title: key.title } : {}),
      ...(channel ? { channel } : {}),
      reason: `muted from the daily report by <@${by}>`,
      by,
      until,
    });
    deps.log.info('finding muted', { cluster: rec.name, code: key.code });
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      text: `Muted ${key.title ? `"${escapeMrkdwn(key.title)}" ` : ''}\`${key.code}\`${key.subject ? ` (${key.subject})` : ''} on ${rec.name} for ${Math.round(ms / 86_400_000)} day${ms === 86_400_000 ? '' : 's'}, until ${until.slice(0, 10)} (by <@${by}>). It is counted in the report, not shown. \`/k8s mutes\` lists mutes, with Unmute.`,
    });
  });

  app.action(/^kt_unmute(?:_\d+)?$/, async ({ ack, body, respond }) => {
    await ack();
    const t = deps.mutes ? await pressedFinding(deps, body) : undefined;
    if (!deps.mutes || !t) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That mute cannot be removed from here.',
      });
      return;
    }
    const { key, rec, by } = t;
    await deps.mutes.remove(key);
    deps.log.info('finding unmuted', { cluster: rec.name, code: key.code });
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      text: `Unmuted \`${key.code}\`${key.subject ? ` (${key.subject})` : ''} on ${rec.name} (by <@${by}>): it shows in the next report again.`,
    });
  });
}

/** Share: posts in the channel exactly the private answer the user saw (kept, redacted, for a day). */
function shareButton(app: App, deps: ListenerDeps): void {
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
    let entry: { user?: string; channel?: string; cluster?: string; msg?: SlackMessage } | undefined;
    try {
      entry = kept ? (JSON.parse(kept) as typeof entry) : undefined;
    } catch {
      entry = undefined;
    }
    const msg = entry?.msg;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    if (!msg || !entry?.user || !entry.channel) {
      await tell('That answer can no longer be shared (answers are kept for a day); run the command again.');
      return;
    }
    // Only the asker shares, only where they asked, and only while that channel may still see the
    // cluster: a private answer never lands in front of people it was not meant for.
    if (b.user?.id !== entry.user) {
      await tell(
        'Only the person who asked can share this answer; run the command yourself to get your own.',
      );
      return;
    }
    if (b.channel?.id !== entry.channel) {
      await tell('This answer can only be shared in the channel it was asked in.');
      return;
    }
    if (entry.cluster) {
      const r = await resolveCluster(deps, entry.cluster, entry.channel);
      if ('refusal' in r) {
        await tell(r.refusal);
        return;
      }
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
}

/** Re-run, Show all and the Run button of "did you mean": a check again, by whoever pressed. */
function checkButtons(app: App, deps: ListenerDeps): void {
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
      // Details go once into the thread under the message; a second press points there.
      const under = b.container?.thread_ts ?? b.container?.message_ts;
      if (
        mode === 'all' &&
        under &&
        deps.ledger &&
        !(await deps.ledger.claim(`details#${channel}#${under}`, 86_400))
      )
        return void (await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'The details of this answer are already in the thread under it. Run the command again for fresh ones.',
        }));
      const job: CheckJob = {
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
      };
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      await dispatchOrTell(deps, job, tell);
    });
  }
}
