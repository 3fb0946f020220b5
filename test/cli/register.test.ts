// `register` checks the identity with the apiserver's own rules review before storing it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { register } from '../../src/cli/register.js';
import { sandboxTest } from '../support/fixtures.js';

const test = sandboxTest('healthy');

describe('kube-triage register', () => {
  let dir: string;
  test.beforeAll(async ({ sb }) => {
    dir = mkdtempSync(join(tmpdir(), 'kt-reg-'));
    writeFileSync(join(dir, 'ca.crt'), sb.caPem);
    writeFileSync(join(dir, 'admin.token'), sb.adminToken);
    writeFileSync(join(dir, 'ro.token'), sb.token);
  });

  test('refuses a cluster-admin token and names the offending rules', async ({ sb }) => {
    const clusters = join(dir, 'refused.yaml');
    const r = await register(
      'prod',
      { server: sb.server, ca: join(dir, 'ca.crt'), tokenFile: join(dir, 'admin.token'), clusters },
      AbortSignal.timeout(20_000),
    );
    expect(r.ok).toBe(false);
    const text = r.lines.join('\n');
    expect(text).toContain('Refusing to register "prod"');
    expect(text).toContain('*: *');
    expect(text).toContain('can list secrets');
    expect(() => readFileSync(clusters)).toThrow();
  });

  test('accepts the infra/k8s read-only role and writes a record the registry can load', async ({ sb }) => {
    const clusters = join(dir, 'ok.yaml');
    const r = await register(
      'prod',
      {
        server: sb.server,
        ca: join(dir, 'ca.crt'),
        tokenFile: join(dir, 'ro.token'),
        clusters,
        channels: 'C1,C2',
      },
      AbortSignal.timeout(20_000),
    );
    expect(r.lines.join('\n')).toContain('kubectl apply -k infra/k8s');
    expect(r.ok).toBe(true);
    const { FileRegistry } = await import('../../src/cluster/registry-file.js');
    const rec = await new FileRegistry(clusters).get('prod');
    expect(rec?.server).toBe(sb.server);
    expect(rec?.channels).toEqual(['C1', 'C2']);
    expect(rec?.auth.kind === 'token' && rec.auth.token.reveal()).toBe(sb.token);
  });
});
