// Correctly signed Slack requests into the real Lambda ingress handler, with a local Slack API
// standing in for slack.com and the response_url, and the real worker running checks against the
// sandbox cluster over HTTPS.
import { afterAll, describe, expect } from 'vitest';
import { StaticRegistry } from '../../src/cluster/registry.js';
import { runJob } from '../../src/jobs/check.js';
import { MAX_BLOCKS, MAX_HEADER_TEXT, MAX_SECTION_TEXT } from '../../src/render/limits.js';
import { notStarted } from '../../src/slack/answers.js';
import type { Log } from '../../src/slack/deliver.js';
import type { CheckJob } from '../../src/slack/jobs.js';
import { createSlackHandler } from '../../src/slack/lambda.js';
import { sandboxTest } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';
import {
  blocksOfCall,
  dmEvent,
  eventBody,
  gatewayEvent,
  type LocalSlack,
  localSlack,
  SIGNING_SECRET,
  signedHeaders,
  slashBody,
  textFile,
} from '../support/slack.js';

const test = sandboxTest('demo');

type Blocks = { type: string; text?: { text: string }; elements?: unknown[] }[];

function assertValidBlocks(blocks: Blocks): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    if (b.type === 'section') {
      expect(b.text?.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
      expect(((b.text?.text ?? '').match(/```/g) ?? []).length % 2).toBe(0);
    }
  }
}

describe('Slack ingress on Lambda', () => {
  let slack: LocalSlack;
  let handler: ReturnType<typeof createSlackHandler>;
  const logs: string[] = [];
  const log: Log = {
    info: (m, f) => logs.push(JSON.stringify({ m, ...f })),
    warn: (m, f) => logs.push(JSON.stringify({ m, ...f })),
  };
  const jobs: CheckJob[] = [];

  test.beforeAll(async ({ sb }) => {
    slack = await localSlack();
    const registry = new StaticRegistry([recordFor(sb, { name: 'prod', channels: ['C-OPS'] })]);
    const dispatch = async (job: CheckJob) => {
      jobs.push(job);
      void runJob(job, {
        registry,
        botToken: 'xoxb-test-bot-token-000000',
        slackApiUrl: slack.apiUrl,
        localSlackOrigin: slack.url,
        log,
      });
    };
    handler = createSlackHandler(
      {
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-test-bot-token-000000',
        botId: 'B1',
        botUserId: 'U-BOT',
        slackApiUrl: slack.apiUrl,
      },
      registry,
      dispatch,
      { log },
    );
  });
  afterAll(async () => {
    await slack.close();
  });

  test('a slash command for a cluster is acknowledged in under 3 s and the findings arrive at the response_url as valid Block Kit', async () => {
    const responseUrl = `${slack.url}/response/skew-1`;
    const body = slashBody('skew prod', { responseUrl });
    const t = Date.now();
    const res = await handler(
      gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')),
      {},
    );
    const ackMs = Date.now() - t;
    expect(res.statusCode).toBe(200);
    expect(ackMs).toBeLessThan(3_000);
    expect(JSON.parse(res.body).text).toBe('Checking prod (skew)…');
    const result = await slack.waitFor(
      (c) => c.path === '/response/skew-1' && String(c.body.text).includes('findings'),
    );
    expect(result.body.response_type).toBe('in_channel');
    // Regression for #14: progress is only the ephemeral ack; nothing public to replace.
    expect(result.body.replace_original).toBe(false);
    expect(
      slack.calls.filter((c) => c.path === '/response/skew-1' && String(c.body.text).includes('Checking')),
    ).toEqual([]);
    const blocks = result.body.blocks as Blocks;
    assertValidBlocks(blocks);
    expect(JSON.stringify(blocks)).toContain('skew/apiserver-clock');
    expect(JSON.stringify(blocks)).toContain('kt_rerun');
  });

  test('a bad signature and a timestamp older than 5 minutes are refused with 401', async () => {
    const body = slashBody('skew prod', { responseUrl: `${slack.url}/response/x` });
    const bad = await handler(
      gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded', undefined, 'wrong-secret')),
      {},
    );
    expect(bad.statusCode).toBe(401);
    const old = await handler(
      gatewayEvent(
        body,
        signedHeaders(body, 'application/x-www-form-urlencoded', Math.floor(Date.now() / 1000) - 400),
      ),
      {},
    );
    expect(old.statusCode).toBe(401);
    const future = await handler(
      gatewayEvent(
        body,
        signedHeaders(body, 'application/x-www-form-urlencoded', Math.floor(Date.now() / 1000) + 400),
      ),
      {},
    );
    expect(future.statusCode).toBe(401);
  });

  test('a channel without access is refused without naming the cluster details', async ({ sb }) => {
    const body = slashBody('certs prod', { responseUrl: `${slack.url}/response/r`, channel: 'C-RANDOM' });
    const before = jobs.length;
    const res = await handler(
      gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')),
      {},
    );
    const msg = JSON.parse(res.body);
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toContain('No cluster "prod" can be queried from this channel.');
    expect(msg.text).not.toContain(sb.server);
    expect(jobs.length).toBe(before);
  });

  test('an unknown verb gets a one-line usage error with a suggestion', async () => {
    const body = slashBody('skwe prod', { responseUrl: `${slack.url}/response/u` });
    const msg = JSON.parse(
      (await handler(gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')), {})).body,
    );
    // The suggestion is the whole command, with a button that runs it (#14).
    expect(msg.text).toMatch(/^Unknown command "skwe"\. Did you mean `\/k8s skew prod`\?/);
    const button = (msg.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'kt_rerun');
    expect(JSON.parse(button?.value ?? '{}')).toEqual({ verb: 'skew', cluster: 'prod' });
  });

  test('one answer path: the slash command and a mention give the same answer to a typo and to "clusters"', async () => {
    const asks: [string, string][] = [
      ['skwe prod', 'C-OPS'],
      ['clusters', 'C-OPS'],
      // A channel no cluster is granted to (the two paths used to word this differently).
      ['clusters', 'C-NONE'],
    ];
    for (const [i, [words, channel]] of asks.entries()) {
      const body = slashBody(words, { responseUrl: `${slack.url}/response/same-${i}`, channel });
      const slashMsg = JSON.parse(
        (await handler(gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')), {}))
          .body,
      );
      const eb = eventBody(`Ev-same-${i}`, {
        type: 'app_mention',
        user: 'U1',
        text: `<@U0BOT1> ${words}`,
        ts: `1700000001.00000${i}`,
        channel,
      });
      await handler(gatewayEvent(eb, signedHeaders(eb, 'application/json')), {});
      const mention = await slack.waitFor(
        (c) =>
          c.path === '/api/chat.postEphemeral' && c.body.channel === channel && c.body.text === slashMsg.text,
      );
      expect(blocksOfCall(mention)).toEqual(slashMsg.blocks);
    }
  });

  test('a Chinese paste in a base64-encoded JSON mention is diagnosed and answered where the user looks; its retry gets no second answer', async () => {
    const text =
      '<@U-BOT> 帮忙看看 coredns 一直 401:authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"';
    const event = {
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev-CN-1',
      event_time: 1,
      event: { type: 'app_mention', user: 'U1', text, ts: '1700000000.000200', channel: 'C-OPS' },
    };
    const body = JSON.stringify(event);
    const res = await handler(gatewayEvent(body, signedHeaders(body, 'application/json'), true), {});
    expect(res.statusCode).toBe(200);
    // Regression for #14: an ephemeral answer to a top-level mention is not put into a thread that
    // does not exist (Slack shows ephemeral thread replies only in an open thread).
    const call = await slack.waitFor(
      (c) =>
        c.path === '/api/chat.postEphemeral' &&
        c.body.channel === 'C-OPS' &&
        JSON.stringify(c.body.blocks ?? []).includes('token/not-yet-valid'),
    );
    expect(call.body.thread_ts).toBeUndefined();
    expect(call.auth).toBe('Bearer xoxb-test-bot-token-000000');
    // Slack retries the same event (X-Slack-Retry-Num): no second answer.
    const retry = await handler(
      gatewayEvent(
        body,
        {
          ...signedHeaders(body, 'application/json'),
          'x-slack-retry-num': '1',
          'x-slack-retry-reason': 'http_timeout',
        },
        true,
      ),
      {},
    );
    expect(retry.statusCode).toBe(200);
    // The retry is refused before Bolt (logged), so nothing runs for it afterwards: no waiting needed.
    expect(logs.some((l) => l.includes('"m":"retry ignored"'))).toBe(true);
    expect(
      slack.calls.filter(
        (c) => JSON.stringify(c.body.blocks ?? []).includes('token/not-yet-valid') && c.body.user === 'U1',
      ).length,
    ).toBe(1);
  });

  test('/k8s diagnose answers inline, ephemeral, with the credential redacted and a warning', async () => {
    const jwt =
      'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OmRlZmF1bHQ6eCJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const body = slashBody(`diagnose Authorization: Bearer ${jwt}\nToken has been invalidated]`, {
      responseUrl: `${slack.url}/response/d`,
    });
    const msg = JSON.parse(
      (await handler(gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')), {})).body,
    );
    expect(msg.response_type).toBe('ephemeral');
    const all = JSON.stringify(msg);
    expect(all).toContain('token/invalidated');
    expect(all).toContain('live credentials');
    expect(all).not.toContain('c2lnbmF0dXJlc2lnbmF0dXJl');
    expect(all).not.toContain(jwt.split('.')[1]);
  });

  test('the "Diagnose with kube-triage" message shortcut answers in the message\'s thread', async () => {
    const payload = {
      type: 'message_action',
      callback_id: 'kt_diagnose_message',
      trigger_id: 'sc-1',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice' },
      channel: { id: 'C-OPS', name: 'ops' },
      message: {
        type: 'message',
        ts: '1700000000.000500',
        text: 'Warning  FailedCreatePodSandBox  kubelet  failed to allocate for range 0: no IP addresses available in range set: 10.42.1.1-10.42.1.254',
      },
      message_ts: '1700000000.000500',
      response_url: `${slack.url}/response/sc-1`,
      action_ts: '1',
      token: 'x',
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await handler(
      gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')),
      {},
    );
    expect(res.statusCode).toBe(200);
    const call = await slack.waitFor(
      (c) =>
        c.path === '/api/chat.postEphemeral' &&
        JSON.stringify(c.body.blocks ?? []).includes('ipam/range-exhausted'),
    );
    // The message has no thread: the ephemeral answer shows in the channel view, not in a hidden thread.
    expect(call.body.thread_ts).toBeUndefined();
    expect(call.body.user).toBe('U1');
    expect(JSON.stringify(call.body.blocks)).toContain('ipam/range-exhausted');
  });

  test('a shortcut where the bot is not a member answers at the response_url and says how to invite it', async () => {
    slack.apiErrors.set('/api/chat.postEphemeral', 'not_in_channel');
    try {
      const payload = {
        type: 'message_action',
        callback_id: 'kt_diagnose_message',
        trigger_id: 'sc-2',
        team: { id: 'T1', domain: 'acme' },
        user: { id: 'U1', name: 'alice' },
        channel: { id: 'C-PRIVATE', name: 'private' },
        message: {
          type: 'message',
          ts: '1700000000.000600',
          text: 'x509: certificate has expired or is not yet valid',
        },
        message_ts: '1700000000.000600',
        response_url: `${slack.url}/response/sc-2`,
        action_ts: '1',
        token: 'x',
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      await handler(gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')), {});
      const call = await slack.waitFor((c) => c.path === '/response/sc-2');
      expect(JSON.stringify(call.body.blocks)).toContain('/invite @kube-triage');
      expect(JSON.stringify(call.body.blocks)).toContain('cert/');
    } finally {
      slack.apiErrors.delete('/api/chat.postEphemeral');
    }
  });

  test('a DM is diagnosed and answered in the DM', async () => {
    const event = {
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev-DM-1',
      event_time: 1,
      event: {
        type: 'message',
        channel_type: 'im',
        user: 'U1',
        text: 'rafthttp: the clock difference against peer bbda5218201726f5 is too high [38.293260096s > 1s]',
        ts: '1700000000.000600',
        channel: 'D1',
      },
    };
    const body = JSON.stringify(event);
    const res = await handler(gatewayEvent(body, signedHeaders(body, 'application/json')), {});
    expect(res.statusCode).toBe(200);
    const call = await slack.waitFor((c) => c.path === '/api/chat.postMessage' && c.body.channel === 'D1');
    expect(JSON.stringify(call.body.blocks)).toContain('skew/etcd-peer-drift');
  });

  test('a DM with a text snippet attached: the snippet is fetched with the bot token from the file host and diagnosed', async () => {
    const path = '/files-pri/T1-F1/download/kubelet.log';
    slack.files.set(path, {
      body: 'I0401 00:02:28.000000    3553 pod_workers.go:1298] "Error syncing pod" err="failed to allocate for range 0: no IP addresses available in range set: 10.42.1.1-10.42.1.254" a&b<c',
    });
    const body = eventBody(
      'Ev-DM-file-1',
      dmEvent({
        text: 'pods on node-3 stuck since this morning',
        ts: '1700000000.000700',
        channel: 'D-FILE-1',
        files: [textFile('F1', 'kubelet.log', `${slack.url}${path}`, 180)],
      }),
    );
    const res = await handler(gatewayEvent(body, signedHeaders(body, 'application/json')), {});
    expect(res.statusCode).toBe(200);
    const fetched = await slack.waitFor((c) => c.path === path);
    expect(fetched.auth).toBe('Bearer xoxb-test-bot-token-000000');
    const call = await slack.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'D-FILE-1',
    );
    const shown = JSON.stringify(call.body.blocks);
    expect(shown).toContain('ipam/range-exhausted');
    expect(shown).not.toContain('xoxb-');
    assertValidBlocks(blocksOfCall(call) as Blocks);
  });

  test('attached files that cannot be read are named, never fetched from elsewhere, never silently dropped', async () => {
    const login = '/files-pri/T1-F3/download/app.log';
    slack.files.set(login, { body: '<html>Sign in to Slack</html>', contentType: 'text/html' });
    const before = slack.calls.length;
    const body = eventBody(
      'Ev-DM-file-2',
      dmEvent({
        text: '',
        ts: '1700000000.000800',
        channel: 'D-FILE-2',
        files: [
          {
            id: 'F2',
            name: 'screenshot.png',
            mimetype: 'image/png',
            filetype: 'png',
            size: 2048,
            url_private_download: `${slack.url}/files-pri/T1-F2/x.png`,
          },
          textFile('F3', 'app.log', `${slack.url}${login}`, 64),
          textFile('F4', 'huge.log', `${slack.url}/files-pri/T1-F4/huge.log`, 5 * 1024 * 1024),
          textFile('F5', 'elsewhere.log', 'https://attacker.example/steal', 64),
        ],
      }),
    );
    await handler(gatewayEvent(body, signedHeaders(body, 'application/json')), {});
    const call = await slack.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'D-FILE-2',
    );
    const shown = JSON.stringify(call.body.blocks);
    expect(shown).toContain('screenshot.png');
    expect(shown).toContain('files:read');
    expect(shown).toContain('huge.log');
    expect(shown).toContain('elsewhere.log');
    const fetchedPaths = slack.calls.slice(before).map((c) => c.path);
    // Only the readable-looking text file on Slack's host was requested: not the image, not the
    // oversized file, and nothing off the file host.
    expect(fetchedPaths.filter((p) => p.startsWith('/files-pri/'))).toEqual([login]);
  });

  test('a DM paste of 20,000 characters as typed (escaped by Slack past 30,000) is diagnosed, not refused', async () => {
    // A real log excerpt padded with lines full of <, > and & (Slack sends each as &lt; &gt; &amp;).
    const noise = Array.from(
      { length: 400 },
      (_, i) => `I1202 10:00:${String(i % 60).padStart(2, '0')} <probe> a->b && c<d`,
    ).join('\n');
    const typed = `${noise}\nrafthttp: the clock difference against peer bbda5218201726f5 is too high [38.293260096s > 1s]`;
    const sent = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(typed.length).toBeGreaterThan(8_000);
    expect(typed.length).toBeLessThan(40_000);
    expect(sent.length).toBeGreaterThan(typed.length + 3_000);
    const event = {
      type: 'event_callback',
      event_id: 'Ev-DM-long',
      event_time: 1,
      event: {
        type: 'message',
        channel_type: 'im',
        user: 'U1',
        text: sent,
        ts: '1700000000.000700',
        channel: 'D2',
      },
    };
    const body = JSON.stringify(event);
    const res = await handler(gatewayEvent(body, signedHeaders(body, 'application/json')), {});
    expect(res.statusCode).toBe(200);
    const call = await slack.waitFor((c) => c.path === '/api/chat.postMessage' && c.body.channel === 'D2');
    expect(JSON.stringify(call.body.blocks)).toContain('skew/etcd-peer-drift');
    expect(JSON.stringify(call.body)).not.toContain('usage/too-long');
  });

  test('a worker that does not take the job: the ack still arrives, then the user is told nothing ran (no bare 500)', async ({
    sb,
  }) => {
    const failing = createSlackHandler(
      {
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-test-bot-token-000000',
        botId: 'B1',
        botUserId: 'U-BOT',
        slackApiUrl: slack.apiUrl,
      },
      new StaticRegistry([recordFor(sb, { name: 'prod', channels: ['C-OPS'] })]),
      async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      },
      { log },
    );
    const responseUrl = `${slack.url}/response/not-started`;
    const body = slashBody('skew prod', { responseUrl });
    const res = await failing(
      gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')),
      {},
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).text).toBe('Checking prod (skew)…');
    const told = await slack.waitFor((c) => c.path === '/response/not-started');
    expect(told.body.text).toBe(notStarted({ verb: 'skew', cluster: 'prod' }));
    expect(told.body.text).toMatch(/^Could not start the skew check of prod: .* nothing was run\. Try again/);
    expect(told.body.response_type).toBe('ephemeral');
    expect(logs.some((l) => l.includes('dispatch failed') && l.includes('TooManyRequestsException'))).toBe(
      true,
    );
  });

  test('logs carry no token, signing secret, signature or response_url', ({ sb }) => {
    const text = logs.join('\n');
    expect(logs.length).toBeGreaterThan(3);
    for (const secret of ['xoxb-test-bot-token', SIGNING_SECRET, 'v0=', '/response/', sb.token.slice(0, 30)])
      expect(text).not.toContain(secret);
  });
});
