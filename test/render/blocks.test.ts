// Block Kit invariants on oversized input: Slack's limits hold whatever the findings say.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../src/checks/types.js';
import type { Finding } from '../../src/core/finding.js';
import { incidents, ranked } from '../../src/core/rank.js';
import { diagnose } from '../../src/diagnose/index.js';
import {
  detailMessages,
  diagnosisMessage,
  resultsMessage,
  SUMMARY_MAX_BLOCKS,
} from '../../src/render/blocks.js';
import {
  MAX_ACTION_ID,
  MAX_BLOCKS,
  MAX_BLOCKS_JSON_CHARS,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from '../../src/render/limits.js';
import { diagnosisText } from '../../src/render/text.js';

const huge = (n: number) => `x${'<&>```'.repeat(n)}`;

function finding(i: number, size: number): Finding {
  return {
    code: 'skew/node-clock',
    severity: i % 3 === 0 ? 'critical' : 'warning',
    subject: { kind: 'node', name: `node-${i}-${huge(size)}` },
    title: `Finding ${i} ${huge(size)}`,
    evidence: Array.from({ length: 15 }, (_, k) => ({
      fact: `fact ${k} ${huge(size)}`,
      source: `source ${huge(size)}`,
    })),
    fix: {
      why: huge(size * 3),
      steps: Array.from({ length: 8 }, () => ({
        run: `echo ${huge(size)}`,
        where: 'node' as const,
        host: 'n',
        caution: huge(size),
      })),
    },
  };
}

function check(blocks: Record<string, unknown>[]): void {
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(MAX_BLOCKS_JSON_CHARS);
  for (const b of blocks as {
    type: string;
    text?: { text: string };
    elements?: { action_id?: string; text?: string }[];
  }[]) {
    if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    if (b.type === 'section') {
      expect(b.text?.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
      expect(((b.text?.text ?? '').match(/```/g) ?? []).length % 2).toBe(0);
    }
    for (const e of b.elements ?? [])
      if (e.action_id) expect(e.action_id.length).toBeLessThanOrEqual(MAX_ACTION_ID);
  }
}

describe('Block Kit renderer', () => {
  test.each([1, 10, 200])(
    'stays within every limit with 120 findings of 10×-oversize text (scale %d)',
    (size) => {
      const results: CheckResult[] = [
        {
          check: 'skew',
          examined: huge(size),
          unreadable: [
            { part: 'events', reason: 'forbidden', detail: huge(size), rbac: 'events: get, list' },
          ],
          findings: Array.from({ length: 120 }, (_, i) => finding(i, size)),
        },
      ];
      const msg = resultsMessage(`prod-${huge(size)}`, 'report', results, new Date(), {
        rerun: '{"verb":"report","cluster":"prod"}',
        showAll: '{}',
      });
      check(msg.blocks);
      // One screen (#14): the summary stays within 15 blocks and says how to see the rest.
      expect(msg.blocks.length).toBeLessThanOrEqual(SUMMARY_MAX_BLOCKS);
      expect(msg.text.length).toBeGreaterThan(0);
      expect(JSON.stringify(msg.blocks)).toMatch(/\+\d+ more \(lower severity\): press \*Details\*/);
      expect(JSON.stringify(msg.blocks)).toContain('kt_show_all');
      // The details of all 120 findings fit in messages that each stay within the limits.
      const details = detailMessages('prod', 'report', results[0]?.findings ?? []);
      for (const d of details) check(d.blocks);
      expect(
        details
          .flatMap((d) => d.blocks)
          .filter((b) => String((b.text as { text?: string })?.text ?? '').includes('`skew/')).length,
      ).toBe(120);
      // Untrusted text is escaped: no raw < or > reach mrkdwn from the findings (headers are plain_text).
      const mrkdwn = JSON.stringify(msg.blocks.filter((b) => b.type !== 'header'));
      expect(mrkdwn).not.toContain('x<&>');
    },
  );

  test('a clean result says so and has a plain-text fallback', () => {
    const msg = resultsMessage(
      'prod',
      'skew',
      [{ check: 'skew', examined: '3 apiservers: all clocks within ±1 s', unreadable: [], findings: [] }],
      new Date(),
    );
    check(msg.blocks);
    expect(msg.text).toBe('kube-triage prod skew: no problems found');
  });

  test('a diagnosis of a huge paste fits, and never shows a token', () => {
    const jwt =
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YTpiIiwibmJmIjoxfQ.c2lnbmF0dXJlLXNlY3JldA';
    const paste = Array.from({ length: 3000 }, (_, i) =>
      i % 2 ? `Authorization: Bearer ${jwt}` : 'service account token is not valid yet ```',
    ).join('\n');
    const msg = diagnosisMessage(diagnose(paste, new Date()));
    check(msg.blocks);
    expect(JSON.stringify(msg)).not.toContain('c2lnbmF0dXJlLXNlY3JldA');
  });

  test("an advice step's caution is shown, in Slack and in the terminal", () => {
    const d = diagnose(
      'Error while processing Node Add/Delete: failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range',
      new Date(),
    );
    const advice = d.findings.flatMap((f) => f.fix.steps).find((c) => c.kind === 'advice' && c.caution);
    expect(advice?.caution).toBeDefined();
    const caution = advice?.caution ?? '';
    const slack = JSON.stringify(diagnosisMessage(d).blocks);
    expect(slack).toContain(`:warning: _${caution.slice(0, 40)}`);
    expect(diagnosisText(d, { color: false })).toContain(`caution: ${caution}`);
  });

  test('a paste whose only finding is informational is not told it has a cause', () => {
    const warning =
      'Warning: Use tokens from the TokenRequest API or manually created secret-based tokens instead of auto-generated secret-based tokens.';
    const rbac = `${warning}\nError from server (Forbidden): pods is forbidden: User "system:serviceaccount:ci:deployer" cannot list resource "pods"`;
    const heads = (t: string) => JSON.stringify(diagnosisMessage(diagnose(t, new Date())).blocks);
    expect(heads(rbac)).toContain('1 fact worth knowing, no failure named');
    expect(heads(rbac)).not.toContain('cause found');
    expect(
      heads(`${warning}\nUnable to connect to the server: x509: certificate has expired or is not yet valid`),
    ).toContain('1 cause found (and 1 fact worth knowing)');
  });
});

describe("Slack's control characters", () => {
  // Slack reads < and > as the start and end of a link or mention anywhere in mrkdwn, inline code included:
  // a placeholder such as <cluster> must reach it as &lt;cluster&gt; (Slack's formatting reference).
  const SLACK_TOKEN_RE = /<(?:[@#!][^<>\s]*|https?:\/\/[^<>\s]*|mailto:[^<>\s]*)>/g;
  const pastes = ['pastes.jsonl', 'pastes-2.jsonl'].flatMap((f) =>
    readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => String((JSON.parse(l) as { text: string }).text)),
  );

  test('no raw < or > reaches mrkdwn in the answers to the given example pastes', () => {
    const raw: string[] = [];
    for (const text of pastes) {
      const msg = diagnosisMessage(diagnose(text, new Date('2026-11-24T08:00:00Z'), { slack: true }));
      const texts =
        JSON.stringify(msg.blocks.filter((b) => b.type !== 'header')).match(/"text":"(?:[^"\\]|\\.)*"/g) ??
        [];
      for (const t of texts) {
        const bare = t.replace(SLACK_TOKEN_RE, '');
        const at = bare.search(/[<>]/);
        if (at >= 0) raw.push(bare.slice(Math.max(0, at - 40), at + 40));
      }
    }
    expect(raw).toEqual([]);
  });
});

describe('the notification text (fallback) says what the message says', () => {
  test('ranked causes are not told as no match; a paste with nothing ours is', () => {
    const text = (t: string) => diagnosisMessage(diagnose(t, new Date())).text;
    const ranked = text(
      'plugin type="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
    );
    expect(ranked).toMatch(/several possible causes of add cmd: failed to assign an IP address/);
    expect(ranked).not.toMatch(/no known failure/);
    expect(text('kubectl get pods: connection refused on port 6443, the kubelet is down')).toMatch(
      /no known failure matched/,
    );
  });
});

describe('root cause first', () => {
  const f = (
    code: Finding['code'],
    kind: Finding['subject']['kind'],
    name: string,
    severity: Finding['severity'],
  ): Finding => ({
    code,
    severity,
    subject: { kind, name },
    title: `${code} ${name}`,
    evidence: [],
    fix: { why: 'w', steps: [] },
  });
  test("an apiserver clock ahead, the tokens it mints and its node's clock are one incident; others stay apart", () => {
    const groups = incidents([
      f('skew/node-clock', 'node', 'cp-2', 'warning'),
      f('cert/loopback-expiry', 'endpoint', 'cp-1', 'critical'),
      f('token/not-yet-valid', 'endpoint', 'cp-2', 'critical'),
      f('skew/apiserver-clock', 'endpoint', 'cp-2', 'critical'),
      f('skew/node-clock', 'node', 'worker-1', 'warning'),
    ]);
    expect(groups.map((g) => [g.cause.code, g.cause.subject.name, g.effects.map((e) => e.code)])).toEqual([
      ['skew/apiserver-clock', 'cp-2', ['skew/node-clock', 'token/not-yet-valid']],
      ['cert/loopback-expiry', 'cp-1', []],
      ['skew/node-clock', 'worker-1', []],
    ]);
  });
});

describe('ranking', () => {
  test('most severe first; among equals what already broke, then what breaks now, then what will', () => {
    const mk = (title: string, severity: Finding['severity'], breaksAt?: string): Finding => ({
      code: 'cert/webhook-expiry',
      severity,
      subject: { kind: 'certificate', name: String(title.length) },
      title,
      ...(breaksAt ? { breaksAt } : {}),
      evidence: [],
      fix: { why: 'w', steps: [] },
    });
    const at = new Date('2026-11-28T12:00:00Z');
    const msg = resultsMessage(
      'prod',
      'certs',
      [
        {
          check: 'certs',
          examined: 'x',
          unreadable: [],
          findings: [
            mk(
              'Loopback certificate of apiserver cp-1 expires 2026-12-03 10:00:00 UTC (in 5 days)',
              'critical',
              '2026-12-03T10:00:00Z',
            ),
            mk(
              'Kubelet serving certificate of w-1 expires 2026-12-20 10:00:00 UTC',
              'warning',
              '2026-12-20T10:00:00Z',
            ),
            mk('worker-3: pod IP range is dry', 'critical'),
            mk('CA bundle of webhook x expired 2026-11-26 10:00:00 UTC', 'critical', '2026-11-26T10:00:00Z'),
          ],
        },
      ],
      at,
    );
    const order = JSON.stringify(msg.blocks).match(
      /(expired 2026-11-26|is dry|expires 2026-12-03|expires 2026-12-20)/g,
    );
    expect(order).toEqual(['expired 2026-11-26', 'is dry', 'expires 2026-12-03', 'expires 2026-12-20']);
  });
});

describe('ranking reads data, not titles', () => {
  const base = (title: string, breaksAt?: string): Finding => ({
    code: 'cert/apiserver-serving-expiry',
    severity: 'critical',
    subject: { kind: 'certificate', name: title },
    title,
    ...(breaksAt ? { breaksAt } : {}),
    evidence: [],
    fix: { why: 'w', steps: [] },
  });
  test('a title that words its date differently ranks by breaksAt; a date in a title alone is not read', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    const order = ranked(
      [
        base('serving certificate expires in 5 days', '2026-12-03T12:00:00Z'),
        base('mentions expired 2020-01-01 00:00:00 UTC in its words only'),
        base('serving certificate expired 2 days ago', '2026-11-26T12:00:00Z'),
      ],
      now,
    ).map((f) => f.title);
    expect(order).toEqual([
      'serving certificate expired 2 days ago',
      'mentions expired 2020-01-01 00:00:00 UTC in its words only',
      'serving certificate expires in 5 days',
    ]);
  });
});
