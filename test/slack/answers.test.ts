// What a person sees in Slack (issue #14), driven end to end: correctly signed requests into the real
// Lambda ingress, the real worker, a local Slack Web API capturing every message.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SUMMARY_MAX_BLOCKS } from '../../src/render/blocks.js';
import {
  blocksOfCall,
  buttonBody,
  dmEvent,
  eventBody,
  gatewayEvent,
  type LocalSlack,
  type SlackCall,
  signedHeaders,
  slashBody,
} from '../support/slack.js';
import { demoSlackWorld, type SlackWorld } from '../support/slack-world.js';

type Block = {
  type: string;
  text?: { text: string };
  elements?: { text?: { text?: string } | string; action_id?: string; value?: string }[];
};
const FORM = 'application/x-www-form-urlencoded';
const SEVERITY_WORD = /\*(CRITICAL|WARNING|INFO)\*/;

let world: SlackWorld;
let slack: LocalSlack;
let handler: SlackWorld['handler'];

beforeAll(async () => {
  world = await demoSlackWorld();
  slack = world.slack;
  handler = world.handler;
});
afterAll(async () => {
  await world.close();
});

async function slash(
  text: string,
  id: string,
): Promise<{ ack: { text: string; blocks?: Block[] }; ms: number }> {
  const body = slashBody(text, { responseUrl: `${slack.url}/response/${id}`, trigger: id });
  const t = Date.now();
  const res = await handler(gatewayEvent(body, signedHeaders(body, FORM)), {});
  return { ack: JSON.parse(res.body || '{}'), ms: Date.now() - t };
}

const answers = (id: string): SlackCall[] => slack.calls.filter((c) => c.path === `/response/${id}`);
const blocksOf = (c: SlackCall): Block[] => (c.body.blocks ?? []) as Block[];
const codeLines = (blocks: readonly Block[]): string[] =>
  JSON.stringify(blocks)
    .split('```')
    .filter((_, i) => i % 2 === 1)
    .flatMap((code) => JSON.parse(`"${code}"`).split('\n'))
    .filter((l: string) => l.trim() !== '');

describe('answers people act on', () => {
  test('a cluster that is down is a failure, never ✅', async () => {
    await slash('report staging', 'down-1');
    const msg = await slack.waitFor((c) => c.path === '/response/down-1', 20_000);
    const json = JSON.stringify(msg.body);
    expect(json).toContain(':x: *Could not reach staging*');
    expect(json).not.toContain('white_check_mark');
    expect(json).not.toContain('No problems found');
  });

  test('the demo report fits one screen: every finding title, most severe first, each with a severity word', async () => {
    const { ms } = await slash('report prod', 'demo-1');
    expect(ms).toBeLessThan(3_000);
    const msg = await slack.waitFor(
      (c) => c.path === '/response/demo-1' && String(c.body.text).includes('findings'),
      20_000,
    );
    const blocks = blocksOf(msg);
    expect(blocks.length).toBeLessThanOrEqual(SUMMARY_MAX_BLOCKS);
    const lines = blocks
      .filter((b) => b.type === 'section')
      .flatMap((b) => (b.text?.text ?? '').split('\n'))
      .filter((l) => /^:(red|large_orange|large_blue)_circle: /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const l of lines) expect(l).toMatch(SEVERITY_WORD);
    const order = lines.map((l) => ['CRITICAL', 'WARNING', 'INFO'].indexOf(SEVERITY_WORD.exec(l)?.[1] ?? ''));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // No public progress note was left behind.
    expect(answers('demo-1').filter((c) => String(c.body.text).includes('Checking'))).toEqual([]);
  });

  test('Details delivers every finding in full, in the thread, once, and never says "N more"', async () => {
    const summary = await slack.waitFor(
      (c) => c.path === '/response/demo-1' && String(c.body.text).includes('findings'),
    );
    const count = Number(/(\d+) findings/.exec(String(summary.body.text))?.[1]);
    const details = buttonBody('kt_show_all', JSON.stringify({ verb: 'report', cluster: 'prod' }), {
      responseUrl: `${slack.url}/response/details-1`,
      trigger: 'details-1',
    });
    const res = await handler(gatewayEvent(details, signedHeaders(details, FORM)), {});
    expect(res.statusCode).toBe(200);
    const deadline = Date.now() + 20_000;
    let posted: SlackCall[] = [];
    while (Date.now() < deadline) {
      posted = slack.calls.filter(
        (c) => c.path === '/api/chat.postMessage' && c.body.thread_ts === '1700000000.000100',
      );
      const shown = posted
        .flatMap(blocksOf)
        .filter((b) => b.type === 'section' && SEVERITY_WORD.test(b.text?.text ?? '')).length;
      if (shown >= count) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const shown = posted
      .flatMap(blocksOf)
      .filter((b) => b.type === 'section' && SEVERITY_WORD.test(b.text?.text ?? ''));
    expect(shown.length).toBe(count);
    expect(JSON.stringify(posted)).not.toMatch(/\d+ more/);
    // Commands are copyable: no prompt at the start of a code line, no sentence in a code block.
    for (const line of codeLines(posted.flatMap(blocksOf))) {
      expect(line, line).not.toMatch(/^\s*(\$ |\[[^\]]+\]# )/);
      expect(line, line).not.toMatch(/^[A-Z][a-z]+ [a-z]+ [a-z]+ [^|&;$=/-]*\.$/);
    }
    // A second press posts nothing again: it points to the thread.
    const before = slack.calls.filter((c) => c.body.thread_ts === '1700000000.000100').length;
    const again = buttonBody('kt_show_all', JSON.stringify({ verb: 'report', cluster: 'prod' }), {
      responseUrl: `${slack.url}/response/details-2`,
      trigger: 'details-2',
    });
    await handler(gatewayEvent(again, signedHeaders(again, FORM)), {});
    const told = await slack.waitFor((c) => c.path === '/response/details-2');
    expect(String(told.body.text)).toContain('already in the thread');
    await new Promise((r) => setTimeout(r, 500));
    expect(slack.calls.filter((c) => c.body.thread_ts === '1700000000.000100').length).toBe(before);
  });

  test('--all in the command delivers the summary and every finding at the response_url', async () => {
    await slash('ipam prod --all', 'all-1');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && answers('all-1').length < 2) await new Promise((r) => setTimeout(r, 200));
    const msgs = answers('all-1');
    expect(msgs.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(msgs)).not.toMatch(/\+\d+ more|press \*Details\*/);
  });

  test('a typo gets "did you mean" with a button that runs it; a greeting gets help with this channel\'s clusters', async () => {
    const typo = await slash('prodd', 'typo-1');
    expect(typo.ack.text).toContain('Did you mean `/k8s report prod`?');
    const btn = (typo.ack.blocks ?? [])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'kt_rerun');
    expect(JSON.parse(btn?.value ?? '{}')).toEqual({ verb: 'report', cluster: 'prod' });
    const hi = await slash('hi, what can you do?', 'hi-1');
    // Slack reads < and > as a link's brackets, inline code included: the placeholder is sent as entities.
    expect(hi.ack.text).toContain('`/k8s skew &lt;cluster&gt;`');
    expect(hi.ack.text).not.toMatch(/<(?![@#!]|https?:)/);
    expect(hi.ack.text).toContain('Try `/k8s report prod`');
    expect(hi.ack.text).not.toContain('Unknown command');
  });

  test('Share posts what the user saw (redacted), not a re-run; only by the asker, in the channel asked in', async () => {
    const jwt =
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YTpiIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLXNlY3JldA';
    const { ack } = await slash(
      `diagnose Authorization: Bearer ${jwt} → 401: service account token is not valid yet`,
      'share-1',
    );
    const shareBtn = (ack.blocks ?? [])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'kt_share');
    expect(shareBtn).toBeDefined();
    // Someone else, or the asker in another channel: refused, nothing posted in the channel.
    for (const [who, where, said] of [
      ['U9', 'C-OPS', 'Only the person who asked'],
      ['U1', 'C-OTHER', 'only be shared in the channel it was asked in'],
    ] as const) {
      const other = buttonBody('kt_share', shareBtn?.value ?? '', {
        responseUrl: `${slack.url}/response/share-no-${who}-${where}`,
        user: who,
        channel: where,
      });
      await handler(gatewayEvent(other, signedHeaders(other, FORM)), {});
      const no = await slack.waitFor((c) => c.path === `/response/share-no-${who}-${where}`);
      expect(no.body.response_type).toBe('ephemeral');
      expect(String(no.body.text)).toContain(said);
    }
    const press = buttonBody('kt_share', shareBtn?.value ?? '', {
      responseUrl: `${slack.url}/response/share-1b`,
      user: 'U1',
    });
    await handler(gatewayEvent(press, signedHeaders(press, FORM)), {});
    const shared = await slack.waitFor((c) => c.path === '/response/share-1b');
    expect(shared.body.response_type).toBe('in_channel');
    const sharedSections = blocksOf(shared).filter((b) => b.type === 'section');
    const sawSections = (ack.blocks ?? []).filter((b) => b.type === 'section');
    expect(sharedSections).toEqual(sawSections);
    expect(JSON.stringify(shared.body)).toContain('shared by <@U1>');
    expect(JSON.stringify(shared.body)).not.toContain('c2lnbmF0dXJlLXNlY3JldA');
  });
  test('a paste in a mention is answered privately with Share, which posts it in that channel; a DM paste has no Share', async () => {
    const mention = eventBody('Ev-share-mention', {
      type: 'app_mention',
      user: 'U1',
      text: '<@U0BOT1> rafthttp: the clock difference against peer bbda5218201726f5 is too high [38.293260096s > 1s]',
      ts: '1700000002.000100',
      channel: 'C-OPS',
    });
    await handler(gatewayEvent(mention, signedHeaders(mention, 'application/json')), {});
    const eph = await slack.waitFor(
      (c) => c.path === '/api/chat.postEphemeral' && JSON.stringify(c.body).includes('etcd-peer-drift'),
    );
    const blocks = blocksOfCall<{ elements?: { action_id?: string; value?: string }[] }>(eph);
    const shareBtn = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'kt_share');
    expect(shareBtn).toBeDefined();
    const press = buttonBody('kt_share', shareBtn?.value ?? '', {
      responseUrl: `${slack.url}/response/share-mention`,
      user: 'U1',
      channel: 'C-OPS',
    });
    await handler(gatewayEvent(press, signedHeaders(press, FORM)), {});
    const shared = await slack.waitFor((c) => c.path === '/response/share-mention');
    expect(shared.body.response_type).toBe('in_channel');
    expect(JSON.stringify(shared.body)).toContain('etcd-peer-drift');

    const dm = eventBody(
      'Ev-share-dm',
      dmEvent({
        text: 'rafthttp: the clock difference against peer bbda5218201726f5 is too high [38.293260096s > 1s]',
        ts: '1700000002.000200',
        channel: 'D-SHARE',
      }),
    );
    await handler(gatewayEvent(dm, signedHeaders(dm, 'application/json')), {});
    const dmAnswer = await slack.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'D-SHARE',
    );
    expect(JSON.stringify(dmAnswer.body)).not.toContain('kt_share');
  });
});
