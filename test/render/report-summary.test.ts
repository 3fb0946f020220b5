// The daily report's channel message never drops a critical silently: what does not fit is counted,
// with its severities, and points to the thread.
import { describe, expect, test } from 'vitest';
import { CODES, type FindingCode } from '../../src/core/codes.js';
import type { Finding } from '../../src/core/finding.js';
import { type ReportRow, reportSummaryMessage } from '../../src/render/blocks.js';

function finding(i: number, code: FindingCode, severity: Finding['severity']): Finding {
  return {
    code,
    severity,
    subject: { kind: 'node', name: `worker-${i}` },
    title: `${CODES[code].title} on worker-${i}`,
    evidence: [{ fact: `fact ${i}`, source: 'test' }],
    fix: { why: 'why', steps: [] },
  };
}

const AT = new Date('2026-12-02T08:00:00Z');
const text = (rows: ReportRow[]) => JSON.stringify(reportSummaryMessage(rows, AT).blocks);

describe('daily report summary', () => {
  test('5 critical still-broken findings: 3 named, "+2 more critical" for the rest', () => {
    const still = [1, 2, 3, 4, 5].map((i) => ({
      finding: finding(i, 'cert/kubelet-serving-expiry', 'critical'),
      since: '2026-11-30T08:00:00Z',
    }));
    const t = text([{ cluster: 'prod', reachable: true, newFindings: [], still, fixed: [], muted: 0 }]);
    for (const i of [1, 2, 3]) expect(t).toContain(`worker-${i}`);
    expect(t).not.toContain('worker-4');
    expect(t).toContain('+2 more critical still broken, in the thread');
  });

  test('new findings beyond the row say how many of the rest are critical', () => {
    const fresh = [
      ...[1, 2, 3, 4, 5, 6].map((i) => finding(i, 'skew/node-clock', 'warning')),
      ...[7, 8].map((i) => finding(i, 'cert/loopback-expiry', 'critical')),
    ];
    const t = text([
      { cluster: 'prod', reachable: true, newFindings: fresh, still: [], fixed: [], muted: 0 },
    ]);
    // Criticals come first, so both are named; the rest are counted by severity.
    expect(t).toContain('worker-7');
    expect(t).toContain('worker-8');
    expect(t).toContain('+3 more new (3 warning), in the thread');
  });
});

describe('severity words', () => {
  test('an incident line names the severity of each effect under its cause, not only the cause', async () => {
    const { resultsMessage } = await import('../../src/render/blocks.js');
    const cause: Finding = {
      ...finding(1, 'skew/apiserver-clock', 'critical'),
      subject: { kind: 'endpoint', name: 'cp-2' },
    };
    const effect: Finding = {
      ...finding(2, 'skew/node-clock', 'warning'),
      subject: { kind: 'node', name: 'cp-2' },
    };
    const msg = resultsMessage(
      'prod',
      'skew',
      [{ check: 'skew', findings: [cause, effect], examined: '3 apiservers', unreadable: [] }],
      AT,
    );
    const text = JSON.stringify(msg.blocks);
    expect(text).toMatch(/same cause:_ \*WARNING\* A node's clock is off on worker-2/);
  });
});
