/**
 * Text that reaches the bot outside the slash command: the "Diagnose with kube-triage" message
 * shortcut, mentions and DMs (each Events API event answered once across containers).
 * @module
 */

import type { App } from '@slack/bolt';
import { DEDUPE_TTL_S, MESSAGE_TEXT_MAX_CHARS, SEEN_EVENTS_MAX } from '../../core/limits.js';
import { unescapeSlack } from '../../diagnose/paste.js';
import { noticeMessage, type SlackMessage, withFileNotes } from '../../render/blocks.js';
import { answerCommand, dispatchOrTell, type ListenerDeps, sharedPaste, slackErrorCode } from '../answers.js';
import { parseCommand } from '../grammar.js';
import type { SlackFile, Snippets } from '../snippets.js';

/** Registers the message shortcut. */
export function shortcutListener(app: App, deps: ListenerDeps): void {
  app.shortcut(
    { callback_id: 'kt_diagnose_message', type: 'message_action' },
    async ({ shortcut, ack, client, respond, context }) => {
      await ack();
      const text = shortcut.message.text ?? '';
      const files = (shortcut.message as { files?: SlackFile[] }).files;
      const msg = await pasteAnswer(deps, text, await readFiles(deps, files, context.botToken));
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
}

/** The text files attached to a message (none read when the message has none). */
async function readFiles(
  deps: ListenerDeps,
  files: readonly SlackFile[] | undefined,
  token: string | undefined,
): Promise<Snippets> {
  if (!files?.length || !deps.snippets) return { text: '', notes: [] };
  return deps.snippets(files, token);
}

/**
 * The answer to a paste: the message text and its attached text files diagnosed together, with a
 * note for each file that could not be read; a message with neither says what it looked for. In a
 * channel (`shareKey`), a private answer offers Share.
 */
async function pasteAnswer(
  deps: ListenerDeps,
  text: string,
  snip: Snippets,
  asked: { user: string; channel: string; shareKey?: string } = { user: '', channel: '' },
): Promise<SlackMessage> {
  if (snip.text.trim()) {
    // The file arrives as written; the message text as Slack escaped it.
    const both = `${unescapeSlack(text)}\n${snip.text}`;
    return withFileNotes(await sharedPaste(deps, both, false, asked), snip.notes);
  }
  if (text.trim()) return withFileNotes(await sharedPaste(deps, text, true, asked), snip.notes);
  return noticeMessage(
    snip.notes.length
      ? `Nothing in that message could be read. ${snip.notes.join(' ')}`
      : 'That message has no text to diagnose (images and other non-text attachments are not read).',
  );
}

/** Answers a mention or a DM once: a check is dispatched, anything else answered in place. */
async function onText(
  deps: ListenerDeps,
  seenEvents: Set<string>,
  text: string,
  channel: string,
  user: string,
  ts: string,
  threadTs: string | undefined,
  isDm: boolean,
  eventId: string | undefined,
  client: App['client'],
  files?: readonly SlackFile[],
  token?: string,
): Promise<void> {
  if (eventId) {
    if (seenEvents.has(eventId)) return;
    seenEvents.add(eventId);
    if (seenEvents.size > SEEN_EVENTS_MAX) seenEvents.clear();
    // The same event delivered to another container: one answer (the ledger is shared).
    if (deps.ledger && !(await deps.ledger.claim(`event#${eventId}`, DEDUPE_TTL_S))) return;
  }
  // The text as typed, without the mention of the bot.
  const typed = text.replace(/<@[A-Z0-9]+>/g, '').trim();
  const cmd = parseCommand(typed, MESSAGE_TEXT_MAX_CHARS);
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
  // A private answer in a channel can be shared there by its asker; in a DM there is no one to share with.
  const asked = { user, channel, ...(isDm ? {} : { shareKey: eventId ?? ts }) };
  // Attached text files are read with the message: a snippet is a paste (a check command wins).
  if (files?.length && cmd.kind !== 'check') {
    const snip = await readFiles(deps, files, token);
    if (snip.text.trim() || !typed)
      return reply(await pasteAnswer(deps, typed, snip, asked), deps.pasteEphemeral);
    if (snip.notes.length && cmd.kind === 'diagnose')
      return reply(await pasteAnswer(deps, cmd.text, snip, asked), deps.pasteEphemeral);
  }
  const a = await answerCommand(deps, cmd, {
    ...asked,
    jobId: `evt-${eventId ?? ts}`,
    threadTs: threadTs ?? ts,
    checkEphemeral: false,
  });
  if (a.kind === 'message') return reply(a.msg, a.private);
  await dispatchOrTell(deps, a.job, (text) => reply(noticeMessage(text), true));
}

/** Registers mentions and DMs. */
export function textListeners(app: App, deps: ListenerDeps): void {
  const seenEvents = new Set<string>();
  app.event('app_mention', async ({ event, body, client, context }) => {
    await onText(
      deps,
      seenEvents,
      event.text ?? '',
      event.channel,
      event.user ?? '',
      event.ts,
      event.thread_ts,
      false,
      (body as { event_id?: string }).event_id,
      client,
      (event as { files?: SlackFile[] }).files,
      context.botToken,
    );
  });

  app.message(async ({ message, body, client, context }) => {
    const m = message as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      text?: string;
      channel: string;
      user?: string;
      ts: string;
      thread_ts?: string;
      files?: SlackFile[];
    };
    // A DM with an attached file arrives with subtype file_share; other subtypes (edits, joins) not.
    if (m.channel_type !== 'im' || (m.subtype && m.subtype !== 'file_share') || m.bot_id) return;
    await onText(
      deps,
      seenEvents,
      m.text ?? '',
      m.channel,
      m.user ?? '',
      m.ts,
      m.thread_ts,
      true,
      (body as { event_id?: string }).event_id,
      client,
      m.files,
      context.botToken,
    );
  });
}
