// One end-to-end run through `osls offline`: HTTP → slack function (bundled by esbuild, as deployed)
// → asynchronous Lambda invoke → worker function → the sandbox over HTTPS → the response_url.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { sandboxFor } from '../support/sandbox.js';
import { type LocalSlack, localSlack, SIGNING_SECRET, signedHeaders, slashBody } from '../support/slack.js';

const ROOT = join(import.meta.dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

describe('osls offline end to end', () => {
  let sb: Sandbox;
  let slack: LocalSlack;
  let proc: ChildProcess;
  let httpPort: number;
  let output = '';

  beforeAll(async () => {
    sb = await sandboxFor('demo');
    slack = await localSlack();
    const dir = mkdtempSync(join(tmpdir(), 'kt-offline-'));
    const clusters = join(dir, 'clusters.yaml');
    writeFileSync(
      clusters,
      `clusters:\n  - name: prod\n    server: ${sb.server}\n    ca: ${JSON.stringify(sb.caPem)}\n    token: ${sb.token}\n    channels: [C-OPS]\n`,
      { mode: 0o600 },
    );
    // A fresh build: stale bundles of another output extension would be loaded first.
    rmSync(join(ROOT, '.esbuild'), { recursive: true, force: true });
    httpPort = await freePort();
    const lambdaPort = await freePort();
    proc = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'),
        'offline',
        '--stage',
        'offline',
        '--noPrependStageInUrl',
        '--httpPort',
        String(httpPort),
        '--lambdaPort',
        String(lambdaPort),
        '--host',
        '127.0.0.1',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'offline',
          AWS_SECRET_ACCESS_KEY: 'offline',
          AWS_REGION: 'us-east-1',
          KT_LOCAL_SLACK_SIGNING_SECRET: SIGNING_SECRET,
          KT_LOCAL_SLACK_BOT_TOKEN: 'xoxb-offline-test',
          KT_LOCAL_SLACK_API_URL: slack.apiUrl,
          KT_LOCAL_CLUSTERS: clusters,
          KT_LOCAL_LAMBDA_ENDPOINT: `http://127.0.0.1:${lambdaPort}`,
        },
      },
    );
    proc.stdout?.on('data', (d) => (output += d));
    proc.stderr?.on('data', (d) => (output += d));
    const t0 = Date.now();
    while (!output.includes('Server ready') && Date.now() - t0 < 90_000 && proc.exitCode === null)
      await new Promise((r) => setTimeout(r, 200));
    if (!output.includes('Server ready'))
      throw new Error(`osls offline did not start:\n${output.slice(-2000)}`);
  }, 120_000);

  afterAll(async () => {
    proc?.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    proc?.kill('SIGKILL');
    await sb?.close();
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
    expect(res.status, output.slice(-3000)).toBe(200);
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
    while (!output.includes('"msg":"check answered"') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const answered = output
      .split('\n')
      .filter((l) => l.includes('"msg":"check answered"'))
      .map(
        (l) => JSON.parse(l.slice(l.indexOf('{'))) as { verb?: string; cluster?: string; requests?: number },
      );
    expect(answered, output.slice(-3000)).toEqual([
      expect.objectContaining({ verb: 'skew', cluster: 'prod' }),
    ]);
    expect(answered[0]?.requests).toBeGreaterThan(3);
  }, 90_000);
});
