// The worker: one answer per job id (Lambda can deliver an async event twice), and always a message.
import { describe, expect } from 'vitest';
import { StaticRegistry } from '../../src/cluster/registry.js';
import { runJob } from '../../src/jobs/check.js';
import { test } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';
import { localSlack } from '../support/slack.js';

const quiet = { info: () => {}, warn: () => {} };

describe('worker', () => {
  test('a job delivered twice is answered once', async ({ sandbox }) => {
    const sb = await sandbox('healthy');
    const slack = await localSlack();
    try {
      const deps = {
        registry: new StaticRegistry([recordFor(sb, { name: 'prod', channels: ['C1'] })]),
        botToken: 'xoxb-w',
        slackApiUrl: slack.apiUrl,
        localSlackOrigin: slack.url,
        log: quiet,
      };
      const job = {
        id: 'dup-1',
        verb: 'skew' as const,
        cluster: 'prod',
        channel: 'C1',
        user: 'U1',
        responseUrl: `${slack.url}/response/dup-1`,
        ephemeral: false,
        all: false,
      };
      await Promise.all([runJob(job, deps), runJob(job, deps)]);
      const answers = slack.calls.filter(
        (c) => c.path === '/response/dup-1' && String(c.body.text).includes('no problems found'),
      );
      expect(answers.length).toBe(1);
    } finally {
      await slack.close();
    }
  });

  test('an expired response_url falls back to the channel; a cluster removed since the command gets a clear message', async () => {
    const slack = await localSlack();
    try {
      slack.failures.set('/response/gone', [404, 404, 404]);
      const deps = {
        registry: new StaticRegistry([]),
        botToken: 'xoxb-w',
        slackApiUrl: slack.apiUrl,
        localSlackOrigin: slack.url,
        log: quiet,
      };
      await runJob(
        {
          id: 'gone-1',
          verb: 'certs',
          cluster: 'old',
          channel: 'C9',
          user: 'U1',
          responseUrl: `${slack.url}/response/gone`,
          ephemeral: false,
          all: false,
        },
        deps,
      );
      const posted = await slack.waitFor(
        (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'C9',
      );
      expect(String(posted.body.text)).toBe('No cluster "old" can be queried from this channel (any more).');
    } finally {
      await slack.close();
    }
  });
});
