/**
 * The `/k8s` slash command: answers that need no cluster at once in the ack (help, clusters, mutes,
 * pasted text, usage errors); a check is resolved, admitted and dispatched, acked with "Checking…".
 * @module
 */
import type { App } from '@slack/bolt';
import { SHARE_TTL_S } from '../../core/limits.js';
import { diagnose } from '../../diagnose/index.js';
import { diagnosisMessage, noticeMessage, type SlackMessage } from '../../render/blocks.js';
import {
  admit,
  didYouMean,
  dispatchOrTell,
  helpMessage,
  type ListenerDeps,
  mutesAnswer,
  resolveCluster,
  visibleClusters,
} from '../answers.js';
import { parseCommand, type SlashCommand, type UsageError } from '../grammar.js';
import type { CheckJob } from '../jobs.js';

/** The answer to a command that needs no cluster. */
async function answerNow(
  cmd: Exclude<SlashCommand, { kind: 'check' }> | UsageError,
  deps: ListenerDeps,
  command: { channel_id: string; trigger_id: string; user_id: string },
): Promise<{ msg: SlackMessage; inChannel?: boolean }> {
  const channel = command.channel_id;
  if (cmd.kind === 'error') {
    deps.log.info('command rejected', { code: cmd.code });
    return {
      msg:
        cmd.code === 'usage/unknown-verb' ? await didYouMean(deps, channel, cmd) : noticeMessage(cmd.message),
    };
  }
  if (cmd.kind === 'help') return { msg: await helpMessage(deps, channel) };
  if (cmd.kind === 'mutes') return { msg: await mutesAnswer(deps, channel) };
  if (cmd.kind === 'clusters') {
    const names = await visibleClusters(deps, channel);
    return {
      msg: noticeMessage(
        names.length
          ? `Clusters this channel may query: ${names.join(', ')}`
          : 'No cluster may be queried from this channel.',
      ),
    };
  }
  // diagnose: pasted text
  const started = Date.now();
  const shareId = deps.pasteEphemeral && deps.ledger ? `paste-${command.trigger_id}` : undefined;
  const msg = diagnosisMessage(
    diagnose(cmd.text, deps.now(), { slack: true }),
    shareId ? { share: shareId } : {},
  );
  if (shareId)
    await deps.ledger?.keep(
      `answer#${shareId}`,
      JSON.stringify({ user: command.user_id, channel: command.channel_id, msg }),
      SHARE_TTL_S,
    );
  deps.log.info('paste diagnosed', { ms: Date.now() - started });
  return { msg, inChannel: !deps.pasteEphemeral };
}

/** Registers the `/k8s` command. */
export function commandListener(app: App, deps: ListenerDeps): void {
  app.command('/k8s', async ({ command, ack, respond }) => {
    const cmd = parseCommand(command.text ?? '');
    const started = Date.now();
    if (cmd.kind !== 'check') {
      const a = await answerNow(cmd, deps, command);
      await ack({ response_type: a.inChannel ? 'in_channel' : 'ephemeral', ...a.msg });
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
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    if (!(await dispatchOrTell(deps, job, tell))) return;
    deps.log.info('check dispatched', { verb: cmd.verb, cluster: r.record.name, ms: Date.now() - started });
  });
}
