// Reliability and security: cluster faults from sandbox scenarios, Slack delivery faults, fuzzed
// pastes, and a sweep for secrets in everything kube-triage prints.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { CHECK_IDS } from '../src/checks/index.js';
import { main } from '../src/cli/main.js';
import { collectSnapshot } from '../src/cluster/collect.js';
import { diagnose } from '../src/diagnose/index.js';
import { inspect } from '../src/engine.js';
import { postReport, reportMessages, runReport } from '../src/jobs/daily.js';
import { FileStore } from '../src/report/store.js';
import { parseScenario } from '../src/sandbox/scenario.js';
import { postToResponseUrl } from '../src/slack/deliver.js';
import { test } from './support/fixtures.js';
import { recordFor } from './support/sandbox.js';
import { localSlack } from './support/slack.js';

const one = (fault: string, extra: object = {}) =>
  parseScenario(
    { apiservers: [{ name: 'cp-1', fault, ...extra }], nodes: [{ name: 'cp-1', podCIDR: '10.1.0.0/24' }] },
    `fault-${fault}`,
  );

describe('cluster faults', () => {
  test.for<[string, string, RegExp]>([
    ['error-500', 'error', /500 Internal Server Error/],
    ['malformed', 'error', /malformed JSON/],
  ])(
    'an apiserver answering %s yields Unreadable (%s) for every part, and every check still answers',
    async ([fault, reason, detail], { sandbox }) => {
      const sb = await sandbox(one(fault));
      const insp = await inspect(recordFor(sb), CHECK_IDS, AbortSignal.timeout(30_000), {
        budgetMs: 20_000,
      });
      expect(insp.results.map((r) => r.check)).toEqual(CHECK_IDS);
      const nodes = insp.results.flatMap((r) => r.unreadable).find((u) => u.part === 'nodes');
      expect(nodes?.reason).toBe(reason);
      expect(nodes?.detail).toMatch(detail);
    },
  );

  test('429 with Retry-After is retried and the list completes', async ({ sandbox }) => {
    const sb = await sandbox(one('throttle-429'));
    const s = await collectSnapshot(recordFor(sb), ['nodes'], AbortSignal.timeout(20_000));
    expect(s.unreadable).toEqual([]);
    expect(s.nodes.length).toBe(1);
    expect(sb.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  test('a slow apiserver (2.5 s a request) still answers within the budget', async ({ sandbox }) => {
    const sb = await sandbox(one('slow'));
    const t = Date.now();
    const s = await collectSnapshot(recordFor(sb), ['nodes', 'leases'], AbortSignal.timeout(30_000), {
      budgetMs: 15_000,
    });
    expect(s.unreadable).toEqual([]);
    expect(Date.now() - t).toBeLessThan(15_000);
  });

  test('an expired serving certificate: API calls fail as tls, the probe still reads the certificate and reports it', async ({
    sandbox,
  }) => {
    const sb = await sandbox(one('none', { serving: { notBeforeDaysAgo: 400, expiresInDays: -3 } }));
    const insp = await inspect(recordFor(sb), ['certs'], AbortSignal.timeout(30_000), { budgetMs: 15_000 });
    const r = insp.results[0];
    expect(r?.unreadable.find((u) => u.part === 'nodes')?.reason).toBe('tls');
    expect(r?.findings.map((f) => [f.code, f.severity])).toContainEqual([
      'cert/apiserver-serving-expiry',
      'critical',
    ]);
  });

  test('read-only: a full report sends only GETs to the cluster', async ({ sandbox }) => {
    const sb = await sandbox('demo');
    await inspect(recordFor(sb), CHECK_IDS, AbortSignal.timeout(30_000));
    const methods = new Set(sb.requests.map((r) => r.method));
    expect([...methods]).toEqual(['GET']);
  });
});

describe('Slack delivery faults', () => {
  test('429 with Retry-After then success: delivered once', async () => {
    const slack = await localSlack();
    try {
      slack.failures.set('/response/r1', [429]);
      const r = await postToResponseUrl(
        `${slack.url}/response/r1`,
        { text: 'x', blocks: [] },
        { ephemeral: true, replace: false, allowedOrigin: slack.url },
      );
      expect(r.ok).toBe(true);
      expect(slack.calls.filter((c) => c.path === '/response/r1').length).toBe(1);
    } finally {
      await slack.close();
    }
  });

  test('500 on every try: bounded retries, then a failure result, never a hang', async () => {
    const slack = await localSlack();
    try {
      slack.failures.set('/response/r2', [500, 500, 500, 500]);
      const t = Date.now();
      const r = await postToResponseUrl(
        `${slack.url}/response/r2`,
        { text: 'x', blocks: [] },
        { ephemeral: true, replace: false, allowedOrigin: slack.url },
      );
      expect(r).toEqual({ ok: false, status: 500 });
      expect(Date.now() - t).toBeLessThan(5_000);
    } finally {
      await slack.close();
    }
  });
});

describe('fuzzed pastes', () => {
  test('10,000 generated pastes: no crash, each bounded in time', () => {
    const corpus = readFileSync(join(import.meta.dirname, 'fixtures', 'pastes.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const gens: (() => string)[] = [
      () => Buffer.from(Array.from({ length: rnd(4000) }, () => rnd(256))).toString('latin1'),
      () => {
        const base = corpus[rnd(corpus.length)] as string;
        const i = rnd(base.length);
        return base.slice(0, i) + String.fromCharCode(rnd(0xffff)) + base.slice(i + rnd(20));
      },
      () => (corpus[rnd(corpus.length)] as string).repeat(1 + rnd(50)),
      () => `${'['.repeat(rnd(5000))}invalid bearer token${']'.repeat(rnd(5000))}`,
      () => `${'x509: certificate is valid for '.repeat(rnd(200))}not 10.0.0.1`,
      () => Buffer.from(`时钟偏差 ${corpus[rnd(corpus.length)]} ÿþ\u0000\u202e`, 'utf8').toString('latin1'),
      () => `eyJ${'A'.repeat(rnd(3000))}.eyJ${'B'.repeat(rnd(3000))}.${'c'.repeat(rnd(100))}`,
      () => `-----BEGIN CERTIFICATE-----\n${'QUJD'.repeat(rnd(500))}\n-----END CERTIFICATE-----`,
    ];
    let worst = 0;
    const now = new Date('2026-11-24T08:00:00Z');
    for (let i = 0; i < 10_000; i++) {
      const text = (gens[i % gens.length] as () => string)();
      const t = performance.now();
      const d = diagnose(text, now);
      worst = Math.max(worst, performance.now() - t);
      expect(d.lines).toBeGreaterThan(0);
    }
    console.log(`fuzz: 10,000 pastes, slowest ${worst.toFixed(1)} ms`);
    // A bound against catastrophic backtracking, not a benchmark.
    expect(worst).toBeLessThan(2_000);
  }, 120_000);
});

describe('secrets never leave', () => {
  test('CLI text and JSON output, and a diagnosis of a paste holding the same token, never contain the token', async ({
    sandbox,
  }) => {
    const sb = await sandbox('demo');
    const out: string[] = [];
    const io = {
      out: (s: string) => void out.push(s),
      err: (s: string) => void out.push(s),
      isTTY: false,
      env: { HOME: '/tmp' },
    };
    // The CLI's sandbox is its own; the token below is this sandbox's, pasted by a user.
    await main(['report', 'sandbox', '--json'], io);
    await main(['report', 'sandbox'], io);
    const d = diagnose(
      `curl -H "Authorization: Bearer ${sb.token}" https://x\nHTTP/2 401\nservice account token is not valid yet\nslack: xoxb-1234567890-secretsecret\n`,
      new Date(),
    );
    out.push(JSON.stringify(d));
    const all = out.join('\n');
    expect(all).not.toContain(sb.token.split('.')[2]);
    expect(all).not.toContain(sb.token.split('.')[1]);
    expect(all).not.toContain('xoxb-1234567890-secretsecret');
    expect(d.secrets).toEqual(expect.arrayContaining(['service-account token (JWT)', 'Slack token']));
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{30,}\.eyJ/);
  });

  test('the daily report and its Slack messages and logs never contain the cluster token or the bot token', async ({
    sandbox,
  }) => {
    const sb = await sandbox('demo');
    const slack = await localSlack();
    const logs: string[] = [];
    const log = {
      info: (m: string, f?: object) => void logs.push(JSON.stringify({ m, ...f })),
      warn: (m: string, f?: object) => void logs.push(JSON.stringify({ m, ...f })),
    };
    try {
      const dir = mkdtempSync(join(tmpdir(), 'kt-sec-'));
      const reports = await runReport(
        [recordFor(sb, { name: 'prod', channels: ['C1'] })],
        new FileStore(join(dir, 'h.json')),
        { budgetMs: 20_000 },
      );
      await postReport(
        'C1',
        reportMessages(reports, new Date()),
        { apiUrl: slack.apiUrl, token: 'xoxb-report-bot-token-secret' },
        log,
      );
      const sent = JSON.stringify(slack.calls.map((c) => c.body));
      expect(sent).toContain('prod');
      for (const secret of [
        sb.token.split('.')[1] as string,
        sb.token.split('.')[2] as string,
        'xoxb-report-bot-token-secret',
      ]) {
        expect(sent).not.toContain(secret);
        expect(logs.join('\n')).not.toContain(secret);
        expect(readFileSync(join(dir, 'h.json'), 'utf8')).not.toContain(secret);
      }
    } finally {
      await slack.close();
    }
  }, 60_000);
});
