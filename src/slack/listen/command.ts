/**
 * The `/k8s` slash command: answers that need no cluster at once in the ack (help, clusters, mutes,
 * pasted text, usage errors); a check is acked with "Checking…" and dispatched. What the answer is
 * comes from answerCommand, the same for mentions and DMs.
 * @module
 */
import type { App } from '@slack/bolt';
import { answerCommand, dispatchOrTell, type ListenerDeps } from '../answers.js';
import { parseCommand } from '../grammar.js';

/** Registers the `/k8s` command. */
export function commandListener(app: App, deps: ListenerDeps): void {
  app.command('/k8s', async ({ command, ack, respond }) => {
    const started = Date.now();
    const a = await answerCommand(deps, parseCommand(command.text ?? ''), {
      channel: command.channel_id,
      user: command.user_id,
      jobId: `cmd-${command.trigger_id}`,
      responseUrl: command.response_url,
      checkEphemeral: !deps.checksInChannel,
      shareKey: command.trigger_id,
    });
    if (a.kind === 'message') {
      await ack({ response_type: a.private ? 'ephemeral' : 'in_channel', ...a.msg });
      return;
    }
    const { job } = a;
    await ack({ response_type: 'ephemeral', text: `Checking ${job.cluster} (${job.verb})…` });
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    if (!(await dispatchOrTell(deps, job, tell))) return;
    deps.log.info('check dispatched', { verb: job.verb, cluster: job.cluster, ms: Date.now() - started });
  });
}
