// Cluster records and Slack secrets in SSM Parameter Store, through the AWS SDK, against a local
// SSM stand-in (AWS is unreachable from tests): register --store ssm, the SSM registry, and the
// functions' cold-start secret read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, describe, expect } from 'vitest';
import { register } from '../../src/cli/register.js';
import { SsmGrantRegistry, SsmRegistry } from '../../src/cluster/registry-ssm.js';
import { sandboxTest } from '../support/fixtures.js';
import { type LocalSsm, localSsm } from '../support/ssm.js';

const test = sandboxTest('healthy');

describe('SSM', () => {
  let ssm: LocalSsm;
  let dir: string;
  test.beforeAll(async ({ sb }) => {
    ssm = await localSsm();
    dir = mkdtempSync(join(tmpdir(), 'kt-ssm-'));
    writeFileSync(join(dir, 'ca.crt'), sb.caPem);
    writeFileSync(join(dir, 'ro.token'), sb.token);
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    process.env.AWS_REGION = 'us-east-1';
  });
  afterAll(async () => {
    await ssm.close();
  });

  test('register --store ssm writes a SecureString record the SSM registry reads back, across pages', async ({
    sb,
  }) => {
    for (const name of ['alpha', 'beta', 'prod']) {
      const r = await register(
        name,
        {
          server: sb.server,
          ca: join(dir, 'ca.crt'),
          tokenFile: join(dir, 'ro.token'),
          clusters: 'unused.yaml',
          channels: 'C1',
          store: 'ssm',
          ssmPrefix: '/kube-triage/test',
          ssmEndpoint: ssm.endpoint,
        },
        AbortSignal.timeout(20_000),
      );
      expect(r.ok, r.lines.join('\n')).toBe(true);
    }
    expect(ssm.params.get('/kube-triage/test/clusters/prod')?.type).toBe('SecureString');
    const reg = new SsmRegistry('/kube-triage/test', new SSMClient({ endpoint: ssm.endpoint }));
    expect((await reg.list()).map((r) => r.name)).toEqual(['alpha', 'beta', 'prod']);
    const rec = await reg.get('prod');
    expect(rec?.server).toBe(sb.server);
    expect(rec?.channels).toEqual(['C1']);
    expect(rec?.auth.kind === 'token' && rec.auth.token.reveal()).toBe(sb.token);
    expect(String(rec?.auth.kind === 'token' ? rec.auth.token : '')).toBe('[redacted]');
    // The channel grant beside it, for the ingress: a plain String with no token in it.
    const grant = ssm.params.get('/kube-triage/test/grants/prod');
    expect(grant?.type).toBe('String');
    expect(grant?.value).not.toContain(sb.token);
    const grants = new SsmGrantRegistry('/kube-triage/test', new SSMClient({ endpoint: ssm.endpoint }));
    expect(await grants.get('prod')).toMatchObject({ name: 'prod', server: sb.server, channels: ['C1'] });
    expect(JSON.stringify(await grants.get('prod'))).not.toContain(sb.token);
  });

  test('the functions read the Slack secrets from SSM at cold start, not from the environment', async () => {
    for (const [k, v] of Object.entries({
      'signing-secret': 'sekrit',
      'bot-token': 'xoxb-from-ssm',
      'bot-id': 'B9',
      'bot-user-id': 'U9',
    })) {
      ssm.params.set(`/kube-triage/test/slack/${k}`, {
        value: v,
        type: k.includes('id') ? 'String' : 'SecureString',
      });
    }
    process.env.AWS_ENDPOINT_URL_SSM = ssm.endpoint;
    const { slackConfig } = await import('../../src/aws/config.js');
    const cfg = await slackConfig({ PARAM_PREFIX: '/kube-triage/test' });
    expect(cfg).toMatchObject({
      signingSecret: 'sekrit',
      botToken: 'xoxb-from-ssm',
      botId: 'B9',
      botUserId: 'U9',
    });
  });

  // Regression for #15: a throttled read at cold start must not poison the container.
  test('a throttled SSM read is not cached: the next call reads again and succeeds', async () => {
    const reg = new SsmRegistry(
      '/kube-triage/test',
      new SSMClient({ endpoint: ssm.endpoint, maxAttempts: 1 }),
    );
    ssm.throttleNext = 1;
    await expect(reg.get('prod')).rejects.toThrow();
    expect((await reg.get('prod'))?.name).toBe('prod');

    const { resetSlackConfig, slackConfig } = await import('../../src/aws/config.js');
    resetSlackConfig();
    ssm.throttleNext = 50; // more than the SDK's and kube-triage's retries
    await expect(slackConfig({ PARAM_PREFIX: '/kube-triage/test' })).rejects.toThrow(/while reading SSM/);
    ssm.throttleNext = 0;
    expect((await slackConfig({ PARAM_PREFIX: '/kube-triage/test' })).botToken).toBe('xoxb-from-ssm');
  });

  test('a revoked channel is refused once the cached record expires (no cold start needed)', async () => {
    let now = 1_000_000;
    const reg = new SsmRegistry('/kube-triage/test', new SSMClient({ endpoint: ssm.endpoint }), {
      ttlMs: 60_000,
      now: () => now,
    });
    expect((await reg.get('prod'))?.channels).toEqual(['C1']);
    const p = ssm.params.get('/kube-triage/test/clusters/prod');
    ssm.params.set('/kube-triage/test/clusters/prod', {
      type: 'SecureString',
      value: JSON.stringify({ ...JSON.parse(p?.value ?? '{}'), channels: ['C2'] }),
    });
    now += 59_000;
    expect((await reg.get('prod'))?.channels).toEqual(['C1']);
    now += 2_000;
    expect((await reg.get('prod'))?.channels).toEqual(['C2']);
  });
});
