// One end-to-end run through `osls offline`: HTTP → slack function (bundled by esbuild, as deployed)
// → asynchronous Lambda invoke → worker function → the sandbox over HTTPS → the response_url.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { sandboxTest } from '../support/fixtures.js';
import { type Offline, startOffline } from '../support/offline.js';
import { type LocalSlack, localSlack, SIGNING_SECRET, signedHeaders, slashBody } from '../support/slack.js';

const test = sandboxTest('demo');

describe('osls offline end to end', () => {
  let slack: LocalSlack;
  let offline: Offline;
  let httpPort: number;

  test.beforeAll(async ({ sb }) => {
    slack = await localSlack();
    const dir = mkdtempSync(join(tmpdir(), 'kt-offline-'));
    const clusters = join(dir, 'clusters.yaml');
    writeFileSync(
      clusters,
      `clusters:\n  - name: prod\n    server: ${sb.server}\n    ca: ${JSON.stringify(sb.caPem)}\n    token: ${sb.token}\n    channels: [C-OPS]\n`,
      { mode: 0o600 },
    );
    offline = await startOffline({
      KT_LOCAL_SLACK_SIGNING_SECRET: SIGNING_SECRET,
      KT_LOCAL_SLACK_BOT_TOKEN: 'xoxb-offline-test',
      KT_LOCAL_SLACK_API_URL: slack.apiUrl,
      KT_LOCAL_CLUSTERS: clusters,
    });
    httpPort = offline.httpPort;
  }, 300_000);

  afterAll(async () => {
    await offline?.stop();
    await slack?.close();
  });

  test('a signed /k8s skew is acknowledged by the slack function and answered by the worker at the response_url', async () => {
    const body = slashBody('skew prod', { responseUrl: `${slack.url}/response/offline-1` });
    const t = Date.now();
    const res = await fetch(`http://127.0.0.1:${httpPort}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(body, 'application/x-www-form-urlencoded'),
      body,
    });
    expect(res.status, offline.output().slice(-3000)).toBe(200);
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: 'Checking prod (skew)…' });
    expect(Date.now() - t).toBeLessThan(3_000);
    const answer = await slack.waitFor(
      (c) =>
        c.path === '/response/offline-1' &&
        JSON.stringify(c.body.blocks ?? []).includes('skew/apiserver-clock'),
      60_000,
    );
    expect(answer.body.response_type).toBe('in_channel');
    // The worker ran as its own function, invoked asynchronously: its own log line, with the verb,
    // the cluster and how many requests it made (the ingress never talks to a cluster).
    // (It logs right after delivering: wait for the line, not a fixed time.)
    const until = Date.now() + 10_000;
    while (!offline.output().includes('"msg":"check answered"') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const answered = offline
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"check answered"'))
      .map(
        (l) => JSON.parse(l.slice(l.indexOf('{'))) as { verb?: string; cluster?: string; requests?: number },
      );
    expect(answered, offline.output().slice(-3000)).toEqual([
      expect.objectContaining({ verb: 'skew', cluster: 'prod' }),
    ]);
    expect(answered[0]?.requests).toBeGreaterThan(3);
  }, 90_000);
});
