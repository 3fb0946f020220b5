// The daily report under `kube-triage serve`: dynalite history started in-process, posted to Slack.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { msUntil, openHistory } from '../../src/cli/scheduler.js';
import { StaticRegistry } from '../../src/cluster/registry.js';
import { reportOnce } from '../../src/jobs/daily.js';
import { test } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';
import { localSlack } from '../support/slack.js';

describe('serve daily report', () => {
  test('runs the report with a dynalite history (persisted) and posts the summary to the cluster channel', async ({
    sandbox,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'kt-sched-'));
    const sb = await sandbox('seed-004-ip-leak');
    const slack = await localSlack();
    const registry = new StaticRegistry([
      recordFor(sb, { name: 'edge', channels: ['C-EDGE'], kubeletsReachable: false }),
    ]);
    const quiet = { info: () => {}, warn: () => {} };
    try {
      let h = await openHistory('dynalite', dir);
      expect(
        await reportOnce(registry, h.store, { apiUrl: slack.apiUrl, token: 'xoxb-sched' }, quiet),
      ).toEqual(['C-EDGE']);
      const first = await slack.waitFor((c) => c.body.channel === 'C-EDGE' && !c.body.thread_ts);
      expect(JSON.stringify(first.body.blocks)).toContain('New 1 · Still broken 0 · Fixed 0');
      await h.close();
      // A new process (same directory) remembers: the same problem is now "still broken".
      h = await openHistory('dynalite', dir);
      const before = slack.calls.length;
      await reportOnce(registry, h.store, { apiUrl: slack.apiUrl, token: 'xoxb-sched' }, quiet);
      const second = slack.calls.slice(before).find((c) => c.body.channel === 'C-EDGE' && !c.body.thread_ts);
      expect(JSON.stringify(second?.body.blocks)).toContain('New 0 · Still broken 1 · Fixed 0');
      await h.close();
    } finally {
      await slack.close();
    }
  }, 60_000);

  test.each([
    ['07:00', '2026-11-24T06:59:00Z', 60_000],
    ['07:00', '2026-11-24T07:00:00Z', 86_400_000],
    ['00:30', '2026-11-24T23:00:00Z', 90 * 60_000],
  ])('next %s after %s is in %d ms', (at, now, ms) => {
    expect(msUntil(at, new Date(now))).toBe(ms);
  });

  test('rejects a malformed time', () => {
    expect(() => msUntil('25:00')).toThrow('--report-at must be HH:MM (UTC), got "25:00"');
  });
});
