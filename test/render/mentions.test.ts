// No text a cluster or a paste controls can ping a channel: a certificate CN or an event message
// holding <!here> / <!channel> reaches Slack as text, in blocks and in the fallback, through the
// renderers and through the delivery functions (a local Slack Web API receives the payload).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CheckResult } from '../../src/checks/types.js';
import type { Finding } from '../../src/core/finding.js';
import { diagnose } from '../../src/diagnose/index.js';
import { diagnosisMessage, reportSummaryMessage, resultsMessage } from '../../src/render/blocks.js';
import { callWebApi } from '../../src/slack/deliver.js';
import { type LocalSlack, localSlack } from '../support/slack.js';

const hostile: Finding = {
  code: 'cert/webhook-expiry',
  severity: 'critical',
  subject: { kind: 'certificate', name: 'CN=<!here> please look' },
  title: "Webhook <!channel>'s certificate expired",
  evidence: [{ fact: 'event message: <!everyone> restart now <!subteam^S123>', source: 'events' }],
  fix: { why: 'why', steps: [] },
};
const results: CheckResult[] = [
  { check: 'certs', findings: [hostile], examined: '1 webhook', unreadable: [] },
];
const AT = new Date('2026-12-02T08:00:00Z');

function assertInert(payload: unknown): void {
  const s = JSON.stringify(payload);
  expect(s).not.toMatch(/<!(?:here|channel|everyone|subteam)/);
  expect(s).toMatch(/&lt;!(?:here|channel|everyone)/);
}

describe('special mentions from cluster or paste text', () => {
  test('results, report summary and diagnosis messages carry them as text only', () => {
    assertInert(resultsMessage('prod', 'certs', results, AT));
    assertInert(
      reportSummaryMessage(
        [{ cluster: 'prod', reachable: true, newFindings: [hostile], still: [], fixed: [], muted: 0 }],
        AT,
      ),
    );
    const d = diagnose(
      '<!here> Unable to connect to the server: x509: certificate signed by unknown authority',
      AT,
    );
    assertInert(diagnosisMessage(d));
  });

  let slack: LocalSlack;
  beforeAll(async () => {
    slack = await localSlack();
  });
  afterAll(async () => {
    await slack.close();
  });

  test('the delivery functions neutralize them too, whatever built the payload', async () => {
    const r = await callWebApi(slack.apiUrl, 'xoxb-test-mentions', 'chat.postMessage', {
      channel: 'C1',
      text: 'hello <!here>',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x <!channel> y' } }],
    });
    expect(r.ok).toBe(true);
    const call = await slack.waitFor((c) => c.path === '/api/chat.postMessage' && c.body.channel === 'C1');
    expect(JSON.stringify(call.body)).not.toMatch(/<!(?:here|channel)/);
  });
});
