// The daily report over real sandbox clusters, with history in a real DynamoDB-compatible server
// (dynalite) and a local Slack API receiving the messages.
import { createServer, type Server } from 'node:net';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ClusterRecord } from '../../src/cluster/registry.js';
import { StaticRegistry } from '../../src/cluster/registry.js';
import { Secret } from '../../src/core/secret.js';
import { channelMap, postReport, reportMessages, runReport } from '../../src/jobs/daily.js';
import { DynamoStore } from '../../src/report/store.js';
import { parseScenario } from '../../src/sandbox/scenario.js';
import { createSlackHandler } from '../../src/slack/lambda.js';
import { test } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';
import {
  buttonBody,
  gatewayEvent,
  type LocalSlack,
  localSlack,
  SIGNING_SECRET,
  signedHeaders,
  slashBody,
} from '../support/slack.js';

// run 1: apiserver cp-2 90 s ahead (seed 000) and leaked leases on w-1 (seed 004).
// run 2: the leak was cleaned up (fixed); cp-1 has now run 360 days, its loopback cert expires (new).
const base = {
  apiservers: [
    { name: 'cp-1', startedDaysAgo: 10 },
    { name: 'cp-2', clockOffsetSeconds: 90 },
  ],
  nodes: [
    { name: 'cp-1', controlPlane: true, podCIDR: '10.0.0.0/24' },
    { name: 'cp-2', controlPlane: true, podCIDR: '10.0.1.0/24', leaseVia: 'cp-2', clockOffsetSeconds: 90 },
    { name: 'w-1', podCIDR: '10.0.2.0/24', runningPods: 5, ipExhaustedEvents: 2 },
  ],
};
const run1 = parseScenario(base, 'report-run-1');
const run2 = parseScenario(
  {
    ...base,
    apiservers: [{ name: 'cp-1', startedDaysAgo: 360 }, base.apiservers[1]],
    nodes: [base.nodes[0], base.nodes[1], { ...base.nodes[2], ipExhaustedEvents: 0 }],
  },
  'report-run-2',
);

describe('daily report', () => {
  let db: ReturnType<typeof dynalite>;
  let store: DynamoStore;
  let slack: LocalSlack;
  beforeAll(async () => {
    db = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((r) => db.listen(0, '127.0.0.1', () => r()));
    store = new DynamoStore('kube-triage-history', {
      endpoint: `http://127.0.0.1:${(db.address() as { port: number }).port}`,
    });
    await store.createTable();
    slack = await localSlack();
  });
  afterAll(async () => {
    await new Promise<void>((r) => db.close(() => r()));
    await slack.close();
  });

  test('the second run lists exactly one New, one Fixed and the rest Still broken', async ({ sandbox }) => {
    const sb1 = await sandbox(run1);
    const first = await runReport(
      [recordFor(sb1, { name: 'prod', channels: ['C-OPS'], kubeletsReachable: false })],
      store,
      { budgetMs: 20_000 },
    );
    expect(first[0]?.diff.newFindings.length).toBeGreaterThanOrEqual(3);
    const sb2 = await sandbox(run2);
    const second = await runReport(
      [recordFor(sb2, { name: 'prod', channels: ['C-OPS'], kubeletsReachable: false })],
      store,
      { budgetMs: 20_000 },
    );
    const d = second[0]?.diff;
    expect(d?.newFindings.map((f) => f.code)).toEqual(['cert/loopback-expiry']);
    expect(d?.fixed.map((f) => f.code)).toEqual(['ipam/range-exhausted']);
    const firstCodes = first[0]?.diff.newFindings.map((f) => f.code).sort();
    expect(d?.still.map((s) => s.finding.code).sort()).toEqual(
      firstCodes?.filter((c) => c !== 'ipam/range-exhausted'),
    );
    // The message says it, and the details go in the thread.
    const msgs = reportMessages(second, new Date());
    expect(
      await postReport(
        'C-OPS',
        msgs,
        { apiUrl: slack.apiUrl, token: 'xoxb-report-test' },
        { info: () => {}, warn: () => {} },
      ),
    ).toBe(true);
    const summary = await slack.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'C-OPS' && !c.body.thread_ts,
    );
    expect(JSON.stringify(summary.body.blocks)).toContain(
      `New 1 · Still broken ${d?.still.length} · Fixed 1`,
    );
    // The thread: every finding in full, then one labelled Mute button per finding key (#14).
    const mutes = await slack.waitFor(
      (c) =>
        c.path === '/api/chat.postMessage' &&
        c.body.thread_ts === '1700000000.000100' &&
        JSON.stringify(c.body.blocks).includes('kt_mute_0'),
    );
    // One Mute menu per finding key, labelled with its title: 1, 7 or 30 days; a critical asks first.
    type Menu = {
      type: string;
      placeholder: { text: string };
      options: { text: { text: string }; value: string }[];
      confirm?: { title: { text: string } };
    };
    const menus = (mutes.body.blocks as { elements: Menu[] }[])[0]?.elements ?? [];
    expect(menus.length).toBeGreaterThan(1);
    for (const m of menus) {
      expect(m.type).toBe('static_select');
      expect(m.placeholder.text).toMatch(/^Mute: \S/);
      expect(m.options.map((o) => o.text.text)).toEqual(['Mute 1 day', 'Mute 7 days', 'Mute 30 days']);
      expect(m.options.map((o) => JSON.parse(o.value).days)).toEqual([1, 7, 30]);
      expect(JSON.parse(m.options[0]?.value ?? '{}')).toMatchObject({
        cluster: expect.any(String),
        code: expect.any(String),
        subject: expect.any(String),
        title: expect.any(String),
      });
    }
    expect(new Set(menus.map((m) => m.placeholder.text)).size).toBe(menus.length);
    const criticalTitles = [...(d?.newFindings ?? []), ...(d?.still ?? []).map((x) => x.finding)]
      .filter((f) => f.severity === 'critical')
      .map((f) => f.title.slice(0, 40));
    for (const m of menus)
      if (criticalTitles.some((t) => m.placeholder.text.includes(t.slice(0, 30))))
        expect(m.confirm?.title.text).toBe('Mute a critical finding?');
    const threadText = slack.calls
      .filter((c) => c.body.thread_ts === '1700000000.000100')
      .map((c) => JSON.stringify(c.body))
      .join('\n');
    expect(threadText).not.toMatch(/press Show all|press \*Details\*/);
  }, 60_000);

  test('a muted finding is counted, not shown', async ({ sandbox }) => {
    await store.addMute({
      cluster: 'prod',
      code: 'cert/loopback-expiry',
      reason: 'restart planned',
      by: 'U1',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const sb2 = await sandbox(run2);
    const third = await runReport(
      [recordFor(sb2, { name: 'prod', channels: ['C-OPS'], kubeletsReachable: false })],
      store,
      { budgetMs: 20_000 },
    );
    expect(third[0]?.diff.muted).toBe(1);
    expect(
      [...(third[0]?.diff.newFindings ?? []), ...(third[0]?.diff.still.map((s) => s.finding) ?? [])].some(
        (f) => f.code === 'cert/loopback-expiry',
      ),
    ).toBe(false);
  }, 60_000);

  test('a cluster that refuses connections and one that never answers are marked; the others still report, within the budget', async ({
    sandbox,
  }) => {
    const hang: Server = createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    const sb = await sandbox('healthy');
    const rec = (name: string, server: string): ClusterRecord => ({
      name,
      server,
      caData: sb.caPem,
      auth: { kind: 'token', token: new Secret('x') },
      endpoints: [],
      channels: ['C-OPS'],
      kubeletsReachable: false,
      source: 'test',
    });
    try {
      const t = Date.now();
      const reports = await runReport(
        [
          rec('down', 'https://127.0.0.1:1'),
          rec('stuck', `https://127.0.0.1:${(hang.address() as { port: number }).port}`),
          recordFor(sb, { name: 'ok', channels: ['C-OPS'], kubeletsReachable: false }),
        ],
        store,
        { budgetMs: 3_000 },
      );
      expect(Date.now() - t).toBeLessThan(15_000);
      const by = Object.fromEntries(reports.map((r) => [r.diff.cluster, r.diff]));
      expect(by.down?.reachable).toBe(false);
      expect(by.down?.error).toContain('unreachable');
      expect(by.stuck?.reachable).toBe(false);
      expect(by.stuck?.error).toMatch(/timeout/);
      expect(by.ok?.reachable).toBe(true);
      const msgs = reportMessages(reports, new Date());
      const text = JSON.stringify(msgs.summary.blocks);
      expect(text).toMatch(/\*down\*: unreachable since/);
      expect(text).toMatch(/\*stuck\*: unreachable since/);
      expect(text).toContain('*ok*');
      expect(channelMap([rec('a', 'https://x'), rec('b', 'https://y')]).get('C-OPS')?.length).toBe(2);
    } finally {
      hang.close();
    }
  }, 60_000);

  /** The Slack ingress over the test history store, with one cluster "prod" allowed in C-OPS. */
  const muteHandler = () =>
    createSlackHandler(
      {
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-x',
        botId: 'B1',
        botUserId: 'U-BOT',
        slackApiUrl: slack.apiUrl,
      },
      new StaticRegistry([
        {
          name: 'prod',
          server: 'https://10.0.0.1:6443',
          caData: '',
          auth: { kind: 'token', token: new Secret('x') },
          endpoints: [],
          channels: ['C-OPS'],
          kubeletsReachable: false,
          source: 'test',
        },
      ]),
      async () => {},
      { log: { info: () => {}, warn: () => {} }, mutes: store },
    );

  test('the Mute menu stores a mute of the chosen length, with its title, shown by /k8s mutes', async () => {
    const h = muteHandler();
    const value = JSON.stringify({
      cluster: 'prod',
      code: 'cert/loopback-expiry',
      subject: 'endpoint cp-1',
      days: 7,
      title: 'Loopback certificate of cp-1 expires in 1 day',
    });
    const payload = {
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U8' },
      api_app_id: 'A1',
      token: 'x',
      trigger_id: 'trig-menu',
      channel: { id: 'C-OPS' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C-OPS' },
      response_url: `${slack.url}/response/mute-menu`,
      actions: [
        {
          type: 'static_select',
          action_id: 'kt_mute_0',
          block_id: 'kt_mutes',
          selected_option: { text: { type: 'plain_text', text: 'Mute 7 days' }, value },
          action_ts: '1',
        },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await h(gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')), {});
    expect(res.statusCode).toBe(200);
    const m = (await store.mutes()).find((x) => x.code === 'cert/loopback-expiry' && x.by === 'U8');
    const left = Date.parse(m?.until ?? '') - Date.now();
    expect(left).toBeGreaterThan(6.9 * 86_400_000);
    expect(left).toBeLessThan(7.1 * 86_400_000);
    expect(m?.title).toBe('Loopback certificate of cp-1 expires in 1 day');
    expect(m?.channel).toBe('C-OPS');
    const reply = await slack.waitFor((c) => c.path === '/response/mute-menu');
    expect(String(reply.body.text)).toContain('for 7 days');
    const { mutesMessage } = await import('../../src/render/blocks.js');
    expect(JSON.stringify(mutesMessage(await store.mutes()))).toContain(
      'Loopback certificate of cp-1 expires in 1 day',
    );
  });

  test('the Mute button stores a 30-day mute for that cluster and code', async () => {
    const h = muteHandler();
    const body = buttonBody('kt_mute', JSON.stringify({ cluster: 'prod', code: 'skew/apiserver-clock' }), {
      responseUrl: `${slack.url}/response/mute-1`,
      user: 'U7',
    });
    const res = await h(gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')), {});
    expect(res.statusCode).toBe(200);
    const m = (await store.mutes()).find((x) => x.code === 'skew/apiserver-clock');
    expect(m?.cluster).toBe('prod');
    expect(m?.by).toBe('U7');
    expect(Date.parse(m?.until ?? '') - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const reply = await slack.waitFor((c) => c.path === '/response/mute-1');
    expect(String(reply.body.text)).toContain('Muted `skew/apiserver-clock` on prod');
  });

  test('a mute is per finding key: listed by /k8s mutes with who and until, and Unmute removes it', async () => {
    const h = muteHandler();
    const send = (body: string) =>
      h(gatewayEvent(body, signedHeaders(body, 'application/x-www-form-urlencoded')), {});
    const key = { cluster: 'prod', code: 'skew/node-clock', subject: 'node worker-1' };
    await send(
      buttonBody('kt_mute_3', JSON.stringify(key), {
        responseUrl: `${slack.url}/response/mute-2`,
        user: 'U8',
      }),
    );
    const muted = await store.mutes();
    expect(muted.find((m) => m.subject === 'node worker-1')).toMatchObject({ ...key, by: 'U8' });
    // Only that node's clock: another node's clock finding still shows.
    const { applyChannelMutes, diffRun } = await import('../../src/report/history.js');
    const f = (node: string) => ({
      code: 'skew/node-clock' as const,
      severity: 'warning' as const,
      subject: { kind: 'node' as const, name: node },
      title: `Node ${node} clock is 30 s behind`,
      evidence: [],
      fix: { why: '', steps: [] },
    });
    // Muted from C-OPS (the channel the button was pressed in): that channel's report hides it.
    const all = diffRun('prod', [], undefined, [f('worker-1'), f('worker-2')], muted, new Date()).diff;
    const d = applyChannelMutes(all, muted, 'C-OPS', new Date().toISOString());
    expect(d.muted).toBe(1);
    expect(d.newFindings.map((x) => x.subject.name)).toEqual(['worker-2']);
    expect(all.newFindings.map((x) => x.subject.name)).toEqual(['worker-1', 'worker-2']);
    // /k8s mutes lists it with who and until, and an Unmute button that removes it.
    const list = JSON.parse(
      (await send(slashBody('mutes', { responseUrl: `${slack.url}/response/mutes-1` }))).body,
    );
    const json = JSON.stringify(list);
    expect(json).toContain('node worker-1');
    expect(json).toContain('<@U8>');
    const unmute = (list.blocks as { accessory?: { action_id: string; value: string } }[])
      .map((b) => b.accessory)
      .find((a) => a && JSON.parse(a.value).subject === 'node worker-1');
    expect(unmute?.action_id).toMatch(/^kt_unmute_\d+$/);
    await send(
      buttonBody(unmute?.action_id ?? '', unmute?.value ?? '', {
        responseUrl: `${slack.url}/response/unmute-1`,
      }),
    );
    expect((await store.mutes()).find((m) => m.subject === 'node worker-1')).toBeUndefined();
    // A forged value with an unknown code or a markup subject is refused, never echoed.
    await send(
      buttonBody(
        'kt_mute',
        JSON.stringify({ cluster: 'prod', code: 'skew/node-clock', subject: '<!channel> x' }),
        {
          responseUrl: `${slack.url}/response/mute-bad`,
        },
      ),
    );
    const bad = await slack.waitFor((c) => c.path === '/response/mute-bad');
    expect(String(bad.body.text)).toBe('That finding cannot be muted from here.');
  });
});
