// The packaged CloudFormation template (issue #15): one role per function, the internet-facing
// ingress with no access to cluster tokens, throttling and reserved concurrency present, and no
// local secret in any function's environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
type Resource = { Type: string; Properties: Record<string, unknown> };
let resources: Record<string, Resource>;

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'kt-pkg-'));
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'dummy',
    AWS_REGION: 'us-east-1',
  };
  for (const k of Object.keys(env)) if (k.startsWith('KT_LOCAL_')) delete env[k as keyof typeof env];
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'),
      'package',
      '--stage',
      'prod',
      '--package',
      out,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env },
  );
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  resources = JSON.parse(
    readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
  ).Resources;
}, 150_000);

const fn = (name: string) => resources[`${name}LambdaFunction`] as Resource;
const roleOf = (name: string) => {
  const ref = (fn(name).Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return { name: ref, policy: JSON.stringify((resources[ref] as Resource).Properties.Policies) };
};

describe('bundles', () => {
  /** A function's Lambda bundle (the options serverless.yml uses), built in memory; each built once. */
  const built = new Map<string, Promise<string>>();
  const bundle = (h: string): Promise<string> => {
    let b = built.get(h);
    if (!b) {
      b = import('esbuild').then(async ({ build }) => {
        const options = createRequire(import.meta.url)('../infra/aws/bundle-options.cjs') as object;
        const entry = join(ROOT, 'src', 'handlers', `${h}.ts`);
        return (await build({ ...options, entryPoints: [entry], write: false })).outputFiles[0]?.text ?? '';
      });
      built.set(h, b);
    }
    return b;
  };

  // The ingress must ack within 3 s on a cold start: no Kubernetes client, no collection engine (a
  // stray import through a shared module once pulled the engine in: 2.55 MB, cold load 1.6× Bolt's).
  test('the Slack ingress bundle carries no Kubernetes client and no engine, and stays under 2 MB', async () => {
    const [slack, worker] = await Promise.all([bundle('slack'), bundle('worker')]);
    // The markers are found where they belong (the test can fail).
    expect(worker).toMatch(/makeApiClient|loadFromOptions/);
    expect(worker).toContain('snapshot budget ran out');
    expect(slack).not.toMatch(/makeApiClient|loadFromOptions/);
    expect(slack).not.toContain('snapshot budget ran out');
    expect(slack.length).toBeLessThan(2 * 1024 * 1024);
  }, 60_000);

  // The functions that only post (worker, fleet scan, report) load no Bolt and no Express: a value
  // import of the Slack config from the Bolt app module once put both in them (2.63 MB worker).
  test('the worker, scan and report bundles carry no Bolt and no Express, and stay under 2 MB', async () => {
    const [slack, ...posting] = await Promise.all(['slack', 'worker', 'scan', 'report'].map(bundle));
    const bolt = /AwsLambdaReceiver|X-Powered-By/;
    expect(slack).toMatch(bolt);
    for (const b of posting) {
      expect(b).not.toMatch(bolt);
      expect(b.length).toBeLessThan(2 * 1024 * 1024);
    }
  }, 60_000);
});

describe('packaged template', () => {
  test('every function has its own role', () => {
    const roles = ['Slack', 'Worker', 'Report', 'Scan'].map((f) => roleOf(f).name);
    expect(new Set(roles).size).toBe(4);
  });

  test('the ingress role cannot read cluster tokens; the worker role can', () => {
    const ingress = roleOf('Slack').policy;
    expect(ingress).not.toContain('/clusters');
    expect(ingress).toContain('/grants/*');
    expect(ingress).toContain('/slack/*');
    expect(ingress).toContain('"dynamodb:LeadingKeys":["mutes","ledger#*"]');
    expect(ingress).not.toMatch(/dynamodb:(?:Scan|BatchWriteItem)/);
    // Every table action of the ingress is limited to the mute and ledger items.
    const st = JSON.parse(ingress)[0].PolicyDocument.Statement as { Action: string[]; Condition?: unknown }[];
    for (const s of st.filter((x) => String(x.Action).includes('dynamodb:')))
      expect(JSON.stringify(s.Condition)).toContain('dynamodb:LeadingKeys');
    expect(roleOf('Worker').policy).toContain('/clusters/*');
  });

  test('the fleet report: `report` reads grants, never tokens, and may invoke only `scan`; `scan` reads one record', () => {
    const report = roleOf('Report').policy;
    expect(report).not.toContain('/clusters');
    expect(report).toContain('/grants/*');
    expect(report).toContain('lambda:InvokeFunction');
    expect(report).toMatch(/function:kube-triage-prod-scan"/);
    const scan = roleOf('Scan').policy;
    expect(scan).toContain('/clusters/*');
    expect(scan).not.toContain('GetParametersByPath');
    expect(scan).not.toContain('lambda:InvokeFunction');
    // Sized and pooled apart from the interactive worker.
    expect(fn('Scan').Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
    expect(fn('Scan').Properties.MemorySize).toBeGreaterThanOrEqual(1024);
    const sweep = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties).includes('sweep'),
    );
    expect(sweep).toHaveLength(1);
  });

  test('kms:Decrypt only through SSM and only for the role’s own parameters', () => {
    for (const f of ['Slack', 'Worker', 'Report', 'Scan']) {
      const statements = JSON.parse(roleOf(f).policy)[0].PolicyDocument.Statement as {
        Action: string | string[];
        Condition?: Record<string, Record<string, unknown>>;
      }[];
      for (const s of statements.filter((x) => String(x.Action).includes('kms:Decrypt'))) {
        expect(s.Condition?.StringEquals?.['kms:ViaService']).toBeDefined();
        expect(s.Condition?.StringLike?.['kms:EncryptionContext:PARAMETER_ARN']).toBeDefined();
      }
    }
  });

  test('the history table is KMS-encrypted (AWS-managed key unless a stage names its own) and has PITR', () => {
    const table = Object.values(resources).find((r) => r.Type === 'AWS::DynamoDB::Table') as Resource;
    const p = table.Properties as {
      SSESpecification?: { SSEEnabled?: boolean; SSEType?: string; KMSMasterKeyId?: string };
      PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean };
    };
    expect(p.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: 'alias/aws/dynamodb',
    });
    expect(p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled).toBe(true);
  });

  test('HTTP API throttling and reserved concurrency are set', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingBurstLimit: expect.any(Number),
      ThrottlingRateLimit: expect.any(Number),
    });
    for (const f of ['Slack', 'Worker', 'Report', 'Scan'])
      expect(fn(f).Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
  });

  test('no function carries a local secret or a stand-in Slack URL', () => {
    for (const f of ['Slack', 'Worker', 'Report', 'Scan']) {
      const vars = (fn(f).Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(vars.KT_STAGE_KIND).toBe('deployed');
      for (const k of [
        'SLACK_SIGNING_SECRET',
        'SLACK_BOT_TOKEN',
        'SLACK_API_URL',
        'KUBE_TRIAGE_CLUSTERS',
        'DYNAMODB_ENDPOINT',
        'KUBE_TRIAGE_POST_INTERVAL_MS',
      ])
        expect(vars[k] ?? '').toBe('');
    }
  });
});
