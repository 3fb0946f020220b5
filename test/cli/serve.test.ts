// `kube-triage serve`: the same app as an HTTP server, with the worker in-process.
import { afterAll, describe, expect } from 'vitest';
import { type Served, serve } from '../../src/cli/serve.js';
import { StaticRegistry } from '../../src/cluster/registry.js';
import { sandboxTest } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';
import {
  buttonBody,
  type LocalSlack,
  localSlack,
  SIGNING_SECRET,
  signedHeaders,
  slashBody,
} from '../support/slack.js';

const test = sandboxTest('seed-004-ip-leak');

describe('kube-triage serve', () => {
  let slack: LocalSlack;
  let served: Served;
  test.beforeAll(async ({ sb }) => {
    slack = await localSlack();
    const registry = new StaticRegistry([recordFor(sb, { name: 'edge', channels: ['C-OPS'] })]);
    served = await serve(
      {
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-serve-test-0000',
        botId: 'B1',
        botUserId: 'U-BOT',
        slackApiUrl: slack.apiUrl,
      },
      registry,
      { port: 0, log: { info: () => {}, warn: () => {} } },
    );
  });
  afterAll(async () => {
    await served.stop();
    await slack.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${served.port}/slack/events`, { method: 'POST', headers, body });

  test('a signed /k8s ipam is acknowledged at once and the finding arrives at the response_url', async () => {
    const body = slashBody('ipam edge', { responseUrl: `${slack.url}/response/serve-1` });
    const t = Date.now();
    const res = await post(body, signedHeaders(body, 'application/x-www-form-urlencoded'));
    expect(res.status).toBe(200);
    expect(Date.now() - t).toBeLessThan(3_000);
    const done = await slack.waitFor(
      (c) =>
        c.path === '/response/serve-1' &&
        JSON.stringify(c.body.blocks ?? []).includes('ipam/range-exhausted'),
    );
    expect(JSON.stringify(done.body.blocks)).toContain('agent-1');
  });

  test('a bad signature is refused with 401', async () => {
    const body = slashBody('ipam edge', { responseUrl: `${slack.url}/response/serve-2` });
    const res = await post(
      body,
      signedHeaders(body, 'application/x-www-form-urlencoded', undefined, 'not-the-secret'),
    );
    expect(res.status).toBe(401);
  });

  test('a timestamp 6 minutes in the future is refused too (Bolt alone accepts future timestamps)', async () => {
    const body = slashBody('ipam edge', { responseUrl: `${slack.url}/response/serve-3` });
    const res = await post(
      body,
      signedHeaders(body, 'application/x-www-form-urlencoded', Math.floor(Date.now() / 1000) + 360),
    );
    expect(res.status).toBe(401);
  });

  test("the Re-run button runs the check again and answers at the button's response_url", async () => {
    const body = buttonBody('kt_rerun', JSON.stringify({ verb: 'ipam', cluster: 'edge' }), {
      responseUrl: `${slack.url}/response/rerun-1`,
      trigger: 'rerun-1',
    });
    const res = await post(body, signedHeaders(body, 'application/x-www-form-urlencoded'));
    expect(res.status).toBe(200);
    const done = await slack.waitFor(
      (c) =>
        c.path === '/response/rerun-1' &&
        JSON.stringify(c.body.blocks ?? []).includes('ipam/range-exhausted'),
    );
    // Regression for #14: a new message, not a replacement (Slack does not replace slash command
    // messages through their response_url), and no public progress note before it.
    expect(done.body.replace_original).toBe(false);
    // Re-run says who re-ran it.
    expect(JSON.stringify(done.body.blocks)).toContain('re-run by <@U1>');
    expect(
      slack.calls.filter((c) => c.path === '/response/rerun-1' && String(c.body.text).includes('Checking')),
    ).toEqual([]);
  });
});
