// Hardening of the Slack and Lambda side (issue #15): each attack as a test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { register } from '../src/cli/register.js';
import { type Served, serve } from '../src/cli/serve.js';
import { StaticRegistry } from '../src/cluster/registry.js';
import { SERVE_MAX_READING_REQUESTS } from '../src/core/limits.js';
import { runJob } from '../src/jobs/check.js';
import { isAllowedResponseUrl, postToResponseUrl } from '../src/slack/deliver.js';
import { isSlackShapedBody } from '../src/slack/guard.js';
import { createSlackHandler } from '../src/slack/lambda.js';
import { sandboxTest, test } from './support/fixtures.js';
import { recordFor } from './support/sandbox.js';
import {
  buttonBody,
  gatewayEvent,
  type LocalSlack,
  localSlack,
  SIGNING_SECRET,
  signedHeaders,
  slashBody,
} from './support/slack.js';

const ROOT = join(import.meta.dirname, '..');
const quiet = { info: () => {}, warn: () => {} };
const FORM = 'application/x-www-form-urlencoded';

/** Correctly signed bodies whose shape is not a Slack payload: Bolt throws on some of them. */
const MALFORMED: [string, string, string][] = [
  ['JSON null', 'null', 'application/json'],
  ['a JSON array', '[]', 'application/json'],
  ['a JSON string', '"x"', 'application/json'],
  ['JSON without a type', '{"event":{}}', 'application/json'],
  ['form payload=null', 'payload=null', FORM],
  ['form payload that is not JSON', 'payload=%7Bnope', FORM],
  ['an empty form', '', FORM],
];

describe('payload shape, before Bolt', () => {
  test.each(MALFORMED)('%s is not a Slack payload', (_name, body, type) => {
    expect(isSlackShapedBody(type, body)).toBe(false);
  });

  test('real shapes pass: a slash command, a button, an Events API callback, an ssl_check', () => {
    expect(isSlackShapedBody(FORM, slashBody('help', { responseUrl: 'https://hooks.slack.com/x' }))).toBe(
      true,
    );
    expect(
      isSlackShapedBody(FORM, buttonBody('kt_rerun', '{}', { responseUrl: 'https://hooks.slack.com/x' })),
    ).toBe(true);
    expect(isSlackShapedBody('application/json', '{"type":"event_callback","event":{}}')).toBe(true);
    expect(isSlackShapedBody(FORM, 'ssl_check=1&token=x')).toBe(true);
  });
});

describe('serve survives malformed signed and unauthenticated requests', () => {
  let slack: LocalSlack;
  let served: Served;
  beforeAll(async () => {
    slack = await localSlack();
    served = await serve(
      {
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-h-0',
        botId: 'B1',
        botUserId: 'U-BOT',
        slackApiUrl: slack.apiUrl,
      },
      new StaticRegistry([]),
      { port: 0, log: quiet },
    );
  });
  afterAll(async () => {
    await served.stop();
    await slack.close();
  });

  test.each(MALFORMED)('%s → 400, and the next request is still served', async (_name, body, type) => {
    const url = `http://127.0.0.1:${served.port}/slack/events`;
    const bad = await fetch(url, { method: 'POST', headers: signedHeaders(body, type), body });
    expect(bad.status).toBe(400);
    const ok = slashBody('help', { responseUrl: `${slack.url}/response/h` });
    const good = await fetch(url, { method: 'POST', headers: signedHeaders(ok, FORM), body: ok });
    expect(good.status).toBe(200);
  });

  // The same server: unauthenticated bodies are bounded.
  describe('bounds unauthenticated bodies', () => {
    /** A raw socket that sends headers and part of a 1 MiB body, then waits; resolves with the status line, if any. */
    function slowUpload(): { socket: Socket; status: Promise<string> } {
      const socket = connect(served.port as number, '127.0.0.1');
      const ts = Math.floor(Date.now() / 1000);
      socket.write(
        `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Slack-Request-Timestamp: ${ts}\r\nX-Slack-Signature: v0=00\r\nContent-Length: ${1024 * 1024}\r\n\r\n${'a'.repeat(64 * 1024)}`,
      );
      const status = new Promise<string>((resolve) => {
        let got = '';
        socket.on('data', (d) => {
          got += d.toString();
          resolve(got.split('\r\n')[0] ?? '');
        });
        socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
        socket.on('error', () => resolve(''));
      });
      return { socket, status };
    }

    test('a declared body over the cap is refused before it is read', async () => {
      const socket = connect(served.port as number, '127.0.0.1');
      const ts = Math.floor(Date.now() / 1000);
      socket.write(
        `POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-Request-Timestamp: ${ts}\r\nContent-Length: ${3 * 1024 * 1024}\r\n\r\n`,
      );
      const line = await new Promise<string>((resolve) =>
        socket.once('data', (d) => resolve(d.toString().split('\r\n')[0] ?? '')),
      );
      socket.destroy();
      expect(line).toContain('413');
    });

    test('40 slow unauthenticated uploads: the ones past the cap get 503 at once; afterwards a real request is served', async () => {
      const ups = Array.from({ length: 40 }, () => slowUpload());
      await new Promise((r) => setTimeout(r, 500));
      const refused = await Promise.all(
        ups.map((u) =>
          Promise.race([u.status, new Promise<string>((r) => setTimeout(() => r('pending'), 1_000))]),
        ),
      );
      expect(refused.filter((l) => l.includes('503')).length).toBeGreaterThanOrEqual(
        40 - SERVE_MAX_READING_REQUESTS,
      );
      for (const u of ups) u.socket.destroy();
      await new Promise((r) => setTimeout(r, 200));
      const ok = slashBody('help', { responseUrl: `${slack.url}/response/bounded` });
      const url = `http://127.0.0.1:${served.port}/slack/events`;
      const good = await fetch(url, { method: 'POST', headers: signedHeaders(ok, FORM), body: ok });
      expect(good.status).toBe(200);
    });
  });
});

describe('Lambda ingress answers 400 to malformed signed requests', () => {
  test.each(MALFORMED)('%s', async (_name, body, type) => {
    const handler = createSlackHandler(
      { signingSecret: SIGNING_SECRET, botToken: 'xoxb-h-1', botId: 'B1', botUserId: 'U-BOT' },
      new StaticRegistry([]),
      async () => {},
      { log: quiet },
    );
    const res = await handler(gatewayEvent(body, signedHeaders(body, type)), {});
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/Error|at /);
  });
});

const healthyTest = sandboxTest('healthy');

describe('only Slack receives answers', () => {
  let slack: LocalSlack;
  let foreign: Server;
  const received: string[] = [];
  let foreignUrl = '';
  healthyTest.beforeAll(async () => {
    slack = await localSlack();
    foreign = createServer((req, res) => {
      received.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.2', () => r()));
    foreignUrl = `http://127.0.0.2:${(foreign.address() as { port: number }).port}/steal`;
  });
  afterAll(async () => {
    await slack.close();
    await new Promise<void>((r) => foreign.close(() => r()));
  });

  healthyTest(
    'a foreign response_url gets nothing; the answer goes to the channel instead',
    async ({ sb }) => {
      await runJob(
        {
          id: 'foreign-1',
          verb: 'skew',
          cluster: 'prod',
          channel: 'C1',
          user: 'U1',
          responseUrl: foreignUrl,
          ephemeral: false,
          all: false,
        },
        {
          registry: new StaticRegistry([recordFor(sb, { name: 'prod', channels: ['C1'] })]),
          botToken: 'xoxb-h-2',
          slackApiUrl: slack.apiUrl,
          localSlackOrigin: slack.url,
          log: quiet,
        },
      );
      expect(received).toEqual([]);
      expect(slack.calls.some((c) => c.path === '/api/chat.postMessage' && c.body.channel === 'C1')).toBe(
        true,
      );
    },
  );

  test('a response_url that redirects is not followed: the findings stay home', async () => {
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { Location: foreignUrl });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', () => r()));
    const origin = `http://127.0.0.1:${(redirector.address() as { port: number }).port}`;
    try {
      const before = received.length;
      const r = await postToResponseUrl(
        `${origin}/response/x`,
        { text: 'cert/loopback-expiry on prod', blocks: [] },
        { ephemeral: false, replace: false, allowedOrigin: origin },
      );
      expect(r.ok).toBe(false);
      expect(r.status).toBe(307);
      expect(received.length).toBe(before);
    } finally {
      await new Promise<void>((r) => redirector.close(() => r()));
    }
  });

  test.each([
    ['https://hooks.slack.com/commands/T1/1/abc', true],
    ['https://hooks.slack.com.evil.example/commands', false],
    ['http://hooks.slack.com/commands/T1', false],
    ['https://evil.example/?https://hooks.slack.com/', false],
    ['not a url', false],
  ])('%s allowed: %s', (url, ok) => {
    expect(isAllowedResponseUrl(url)).toBe(ok);
  });

  healthyTest(
    'a job for a channel the cluster no longer grants reads nothing and says so',
    async ({ sb }) => {
      const before = sb.requests.length;
      await runJob(
        {
          id: 'revoked-1',
          verb: 'skew',
          cluster: 'prod',
          channel: 'C-REVOKED',
          user: 'U1',
          responseUrl: `${slack.url}/response/revoked`,
          ephemeral: false,
          all: false,
        },
        {
          registry: new StaticRegistry([recordFor(sb, { name: 'prod', channels: ['C1'] })]),
          botToken: 'xoxb-h-3',
          slackApiUrl: slack.apiUrl,
          localSlackOrigin: slack.url,
          log: quiet,
        },
      );
      expect(sb.requests.length).toBe(before);
      const msg = await slack.waitFor(
        (c) => c.path === '/response/revoked' && !String(c.body.text).includes('Checking'),
      );
      expect(String(msg.body.text)).toContain('No cluster "prod" can be queried from this channel');
    },
  );
});

describe('deployable only with real secrets', () => {
  test('packaging a deployed stage with KT_LOCAL_* set fails with a clear message', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', '--stage', 'prod'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          KT_LOCAL_SLACK_BOT_TOKEN: 'xoxb-local-only',
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'dummy',
          AWS_REGION: 'us-east-1',
        },
      },
    );
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(
      'KT_LOCAL_SLACK_BOT_TOKEN is set, but stage "prod" is not a local stage',
    );
  });
});

describe('small ones', () => {
  test('the registry file is 0600 after every write, also when it existed as 0644', async ({ sandbox }) => {
    const sb = await sandbox('healthy');
    const dir = mkdtempSync(join(tmpdir(), 'kt-perm-'));
    const file = join(dir, 'clusters.yaml');
    writeFileSync(file, 'clusters: []\n', { mode: 0o644 });
    writeFileSync(join(dir, 'ca.crt'), sb.caPem);
    writeFileSync(join(dir, 'ro.token'), sb.token);
    const r = await register(
      'prod',
      { server: sb.server, ca: join(dir, 'ca.crt'), tokenFile: join(dir, 'ro.token'), clusters: file },
      AbortSignal.timeout(20_000),
    );
    expect(r.ok, r.lines.join('\n')).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('the local history store has one owner', () => {
  test('a second process gets a clear message instead of a corrupt store; a stale lock is taken over', async () => {
    const { HistoryLockError, lockHistory, openHistory } = await import('../src/cli/scheduler.js');
    const dir = mkdtempSync(join(tmpdir(), 'kt-lock-'));
    const first = await openHistory('dynalite', dir);
    try {
      // Another process: a child that tries to take the same directory.
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('${join(ROOT, 'src/cli/scheduler.ts')}').then(m => m.openHistory('dynalite', ${JSON.stringify(dir)})).then(() => process.exit(0), e => { console.error(e.name + ': ' + e.message); process.exit(3); })`,
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
      );
      expect(child.status).toBe(3);
      expect(child.stderr).toContain(
        `HistoryLockError: Another kube-triage (pid ${process.pid}) is using the report history`,
      );
    } finally {
      await first.close();
    }
    // A lock whose process is gone is taken over.
    writeFileSync(join(dir, 'history.lock'), '999999');
    const release = lockHistory(dir);
    release();
    expect(HistoryLockError.name).toBe('HistoryLockError');
  });
});

describe('bounded work', () => {
  test('50 concurrent identical /k8s skew requests make one scan, and each gets its answer', async ({
    sandbox,
  }) => {
    const sb = await sandbox('healthy');
    const slack = await localSlack();
    const served = await serve(
      {
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-h-4',
        botId: 'B1',
        botUserId: 'U-BOT',
        slackApiUrl: slack.apiUrl,
      },
      new StaticRegistry([recordFor(sb, { name: 'prod', channels: ['*'] })]),
      { port: 0, log: quiet },
    );
    try {
      const url = `http://127.0.0.1:${served.port}/slack/events`;
      const before = sb.requests.filter((r) => r.path.startsWith('/api/v1/nodes')).length;
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          // 50 users in 5 channels: within the per-user and per-channel limits.
          const body = new URLSearchParams({
            command: '/k8s',
            text: 'skew prod',
            channel_id: `C-${i % 5}`,
            user_id: `U-${i}`,
            response_url: `${slack.url}/response/burst-${i}`,
            trigger_id: `burst-${i}`,
            team_id: 'T1',
          }).toString();
          const res = await fetch(url, { method: 'POST', headers: signedHeaders(body, FORM), body });
          expect(res.status).toBe(200);
        }),
      );
      for (let i = 0; i < 50; i++)
        await slack.waitFor(
          (c) => c.path === `/response/burst-${i}` && String(c.body.text).includes('prod'),
          20_000,
        );
      const scans = sb.requests.filter((r) => r.path.startsWith('/api/v1/nodes')).length - before;
      expect(scans).toBe(1);
    } finally {
      await served.stop();
      await slack.close();
    }
  }, 60_000);

  test('a user over the per-minute limit gets a polite answer and no scan', async () => {
    const { admit } = await import('../src/slack/listeners.js');
    const { MemoryLedger } = await import('../src/core/ledger.js');
    const ledger = new MemoryLedger();
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) answers.push(await admit({ ledger }, { user: 'U1', channel: `C${i}` }));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(undefined));
    expect(answers[10]).toMatch(/^You have started 10 checks in the last minute/);
  });

  test('a job delivered to two containers is answered once (DynamoDB conditional write)', async ({
    sandbox,
  }) => {
    const { default: dynalite } = await import('dynalite');
    const { vi } = await import('vitest');
    const { DynamoLedger, DynamoStore } = await import('../src/report/store.js');
    const db = dynalite({ createTableMs: 0 });
    await new Promise<void>((r) => db.listen(0, '127.0.0.1', () => r()));
    const endpoint = `http://127.0.0.1:${(db.address() as { port: number }).port}`;
    const sb = await sandbox('healthy');
    const slack = await localSlack();
    try {
      await new DynamoStore('kt-ledger', { endpoint }).createTable();
      // Two containers: two fresh copies of the worker module, each with its own memory.
      vi.resetModules();
      const a = await import('../src/jobs/check.js');
      vi.resetModules();
      const b = await import('../src/jobs/check.js');
      expect(a.runJob).not.toBe(b.runJob);
      const deps = {
        registry: new StaticRegistry([recordFor(sb, { name: 'prod', channels: ['C1'] })]),
        botToken: 'xoxb-h-5',
        slackApiUrl: slack.apiUrl,
        localSlackOrigin: slack.url,
        log: quiet,
        ledger: new DynamoLedger('kt-ledger', { endpoint }),
      };
      const job = {
        id: 'twice-1',
        verb: 'skew' as const,
        cluster: 'prod',
        channel: 'C1',
        user: 'U1',
        responseUrl: `${slack.url}/response/twice`,
        ephemeral: false,
        all: false,
      };
      await Promise.all([a.runJob(job, deps), b.runJob(job, deps)]);
      expect(slack.calls.filter((c) => c.path === '/response/twice').length).toBe(1);
    } finally {
      await slack.close();
      await new Promise<void>((r) => db.close(() => r()));
    }
  });
});

describe('the sandbox in serve', () => {
  test('answers in DMs and named channels only when opted in (serve --sandbox-channels; none by default)', async () => {
    const { SandboxRegistry } = await import('../src/cli/registry.js');
    const { allowedIn } = await import('../src/core/access.js');
    const reg = new SandboxRegistry('healthy', ['dm', 'C-DEMO']);
    try {
      const rec = await reg.get('sandbox');
      expect(rec && allowedIn(rec, 'D0123')).toBe(true);
      expect(rec && allowedIn(rec, 'C-DEMO')).toBe(true);
      expect(rec && allowedIn(rec, 'C-PROD-OPS')).toBe(false);
    } finally {
      await reg.close();
    }
    // serve's default: no channel and no DM may query the sandbox.
    const { program } = await import('../src/cli/main.js');
    const serveCmd = program({ out: () => {}, err: () => {}, isTTY: false, env: {} }, () => {}).commands.find(
      (c) => c.name() === 'serve',
    );
    const dflt = serveCmd?.options.find((o) => o.long === '--sandbox-channels')?.defaultValue;
    expect(dflt).toBe('');
    const none = new SandboxRegistry('healthy', String(dflt).split(',').filter(Boolean));
    const g = await none.grant('sandbox');
    expect(g && allowedIn(g, 'D0123')).toBe(false);
  });
});

describe('nothing slow before the ack', () => {
  test('a typo or an unknown cluster is answered without starting the sandbox; a check starts it, after the ack', async () => {
    const { cliRegistry } = await import('../src/cli/registry.js');
    const slack = await localSlack();
    const regs = cliRegistry({
      env: { HOME: mkdtempSync(join(tmpdir(), 'kt-ack-')) },
      scenario: 'healthy',
      sandboxChannels: ['C-DEMO'],
    });
    const served = await serve(
      {
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-h-ack',
        botId: 'B1',
        botUserId: 'U-BOT',
        slackApiUrl: slack.apiUrl,
      },
      regs.registry,
      { port: 0, log: quiet },
    );
    try {
      const url = `http://127.0.0.1:${served.port}/slack/events`;
      for (const text of ['skew nosuch', 'skwe sandbox', 'help']) {
        const body = slashBody(text, {
          channel: 'C-DEMO',
          responseUrl: `${slack.url}/response/ack-${text.length}`,
        });
        const t0 = Date.now();
        const res = await fetch(url, { method: 'POST', headers: signedHeaders(body, FORM), body });
        expect(res.status).toBe(200);
        expect(Date.now() - t0).toBeLessThan(3_000);
        expect(regs.sandbox.sandbox, `"${text}" started the sandbox before the ack`).toBeUndefined();
      }
      const check = slashBody('skew sandbox', {
        channel: 'C-DEMO',
        responseUrl: `${slack.url}/response/ack-check`,
      });
      const res = await fetch(url, { method: 'POST', headers: signedHeaders(check, FORM), body: check });
      expect(res.status).toBe(200);
      await slack.waitFor(
        (c) => c.path === '/response/ack-check' && !String(c.body.text).includes('Checking'),
        30_000,
      );
      expect(regs.sandbox.sandbox).toBeDefined();
    } finally {
      await served.stop();
      await regs.sandbox.close();
      await slack.close();
    }
  }, 60_000);
});

describe('errors that keep their cause', () => {
  test('a corrupt history file is kept aside, never overwritten', async () => {
    const { FileStore } = await import('../src/report/store.js');
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'kt-hist-'));
    const file = join(dir, 'history.json');
    writeFileSync(file, '{"clusters": {"prod": {"entries": [ broken');
    const store = new FileStore(file);
    expect(await store.mutes()).toEqual([]);
    await store.addMute({
      cluster: 'prod',
      code: 'skew/node-clock',
      reason: 'r',
      by: 'U1',
      until: '2099-01-01T00:00:00Z',
    });
    const aside = readdirSync(dir).filter((f) => f.startsWith('history.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toContain('broken');
  });
});
