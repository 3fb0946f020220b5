// The demo world every Slack-facing test and the docs/slack.md generator drive: the demo sandbox as
// "prod", a cluster that is down as "staging" (both allowed in C-OPS), a local Slack API, and the real
// Lambda ingress whose dispatched jobs run through the real worker path in-process.
import { StaticRegistry } from '../../src/cluster/registry.js';
import type { Ledger } from '../../src/core/ledger.js';
import { Secret } from '../../src/core/secret.js';
import { runJob } from '../../src/jobs/check.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import type { CheckJob } from '../../src/slack/jobs.js';
import { createSlackHandler } from '../../src/slack/lambda.js';
import { recordFor, sandboxFor } from './sandbox.js';
import { type LocalSlack, localSlack, SIGNING_SECRET } from './slack.js';

const quiet = { info: () => {}, warn: () => {} };

/** The running world; `settle` waits for every job dispatched so far. */
export interface SlackWorld {
  readonly sb: Sandbox;
  readonly slack: LocalSlack;
  readonly handler: ReturnType<typeof createSlackHandler>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function demoSlackWorld(o: { ledger?: Ledger } = {}): Promise<SlackWorld> {
  const sb = await sandboxFor('demo');
  const slack = await localSlack();
  const registry = new StaticRegistry([
    recordFor(sb, { name: 'prod', channels: ['C-OPS'] }),
    // A cluster that is down: nothing listens there.
    {
      ...recordFor(sb, { name: 'staging', channels: ['C-OPS'] }),
      server: 'https://127.0.0.1:1',
      endpoints: [],
      auth: { kind: 'token', token: new Secret('x') },
    },
  ]);
  const pending: Promise<void>[] = [];
  const handler = createSlackHandler(
    {
      signingSecret: SIGNING_SECRET,
      botToken: 'xoxb-world-0',
      botId: 'B1',
      botUserId: 'U-BOT',
      slackApiUrl: slack.apiUrl,
    },
    registry,
    async (job: CheckJob) => {
      pending.push(
        runJob(job, {
          registry,
          botToken: 'xoxb-world-0',
          slackApiUrl: slack.apiUrl,
          localSlackOrigin: slack.url,
          log: quiet,
          budgetMs: 8_000,
        }),
      );
    },
    { log: quiet, ...(o.ledger ? { ledger: o.ledger } : {}) },
  );
  return {
    sb,
    slack,
    handler,
    settle: async () => {
      await Promise.all(pending.splice(0));
    },
    close: async () => {
      await sb.close();
      await slack.close();
    },
  };
}
