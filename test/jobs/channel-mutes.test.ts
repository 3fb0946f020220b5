// A mute set from one channel hides the finding in that channel's daily report only: another channel
// of the same cluster still sees it (a real local Slack Web API receives both summaries).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES } from '../../src/core/codes.js';
import type { Finding } from '../../src/core/finding.js';
import { deliverReport } from '../../src/jobs/daily.js';
import { type LocalSlack, localSlack } from '../support/slack.js';

const quiet = { info: () => {}, warn: () => {} };
const f = (name: string): Finding => ({
  code: 'skew/node-clock',
  severity: 'critical',
  subject: { kind: 'node', name },
  title: `${CODES['skew/node-clock'].title} on ${name}`,
  evidence: [{ fact: 'x', source: 'test' }],
  fix: { why: 'w', steps: [] },
});

describe('mutes per channel', () => {
  let slack: LocalSlack;
  beforeAll(async () => {
    slack = await localSlack();
  });
  afterAll(async () => {
    await slack.close();
  });

  test('muted from C-OPS: hidden and counted there, still shown in C-SEC', async () => {
    const at = new Date('2026-12-02T08:00:00Z');
    const report = {
      readable: true,
      diff: {
        cluster: 'prod',
        reachable: true,
        newFindings: [f('worker-1'), f('worker-2')],
        still: [],
        fixed: [],
        muted: 0,
      },
    };
    const posted = await deliverReport(
      [report],
      new Map([
        ['C-OPS', ['prod']],
        ['C-SEC', ['prod']],
      ]),
      { apiUrl: slack.apiUrl, token: 'xoxb-mutes' },
      quiet,
      {
        at,
        intervalMs: 0,
        mutes: [
          {
            cluster: 'prod',
            code: 'skew/node-clock',
            subject: 'node worker-1',
            channel: 'C-OPS',
            reason: 'r',
            by: 'U1',
            until: '2026-12-09T08:00:00Z',
          },
        ],
      },
    );
    expect(posted).toEqual(['C-OPS', 'C-SEC']);
    const summary = (ch: string) =>
      JSON.stringify(
        slack.calls.find(
          (c) => c.path === '/api/chat.postMessage' && c.body.channel === ch && !c.body.thread_ts,
        )?.body,
      );
    expect(summary('C-OPS')).not.toContain('worker-1');
    expect(summary('C-OPS')).toContain('worker-2');
    expect(summary('C-OPS')).toContain('muted 1');
    expect(summary('C-SEC')).toContain('worker-1');
    expect(summary('C-SEC')).not.toContain('muted 1');
  });
});
