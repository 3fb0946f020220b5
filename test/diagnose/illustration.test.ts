// A document's illustration of what a command prints (a runbook's "similar to the following example
// output:", an annotated `#>` line, Japanese docs' 以下は例になります) is not this cluster's clock; the
// person's own lines beside it still are. A runbook (its template's headings, or the sentence that defines
// when its alert fires) reports nothing unless the alert fired. (src/diagnose/rules/signals.ts
// illustratedOutput, runbookPaste.)
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-12-02T10:01:00Z');
const codes = (text: string) => diagnose(text, NOW).findings.map((f) => f.code);

const RUNBOOK_STEP = [
  'If `chronyd` starts or restarts successfully, the service adjusts the clock',
  'and displays something similar to the following example output:',
  '',
  '```shell',
  'Oct 18 19:39:36 ip-100-67-47-86 chronyd[2055318]: System clock wrong by 16422.107473 seconds, adjustment started',
  'Oct 19 00:13:18 ip-100-67-47-86 chronyd[2055318]: System clock was stepped by 16422.107473 seconds',
  '```',
].join('\n');

describe('clock state shown as an example', () => {
  it.each([
    ['a runbook step’s example output', RUNBOOK_STEP],
    [
      'an "Example output:" block',
      'On each kubernetes node check the clock.\nExample output:\n$ timedatectl\n               Local time: Tue 2020-03-10 18:20:02 UTC\nSystem clock synchronized: no\n              NTP service: active',
    ],
    [
      'an annotated example line',
      'kubernetes node の確認\ntimedatectl status\n#> System clock synchronized: no # <--- NTP サーバとの同期に失敗',
    ],
    [
      'a Japanese page’s example',
      'クラスターノード (kubernetes) の時刻を確認します。以下は例になります。\n$ sudo timedatectl\n    System clock synchronized: no',
    ],
  ])('%s is not read as this clock', (_, text) => {
    const found = codes(text);
    expect(found).not.toContain('skew/node-clock');
    expect(found).not.toContain('skew/clock-jump');
  });

  it('the person’s own lines after a runbook’s example are read', () => {
    const own = Array.from(
      { length: 14 },
      (_, i) => `Dec 01 10:00:${String(i).padStart(2, '0')} node-3 kubelet[812]: I1201 pod sync ${i}`,
    );
    const text = `${RUNBOOK_STEP}\n\nOn our kubernetes node-3 today:\n${own.join('\n')}\nDec 01 10:00:20 node-3 chronyd[612]: System clock was stepped by -3600.000123 seconds`;
    expect(codes(text)).toContain('skew/clock-jump');
  });

  it.each([
    [
      'an issue form’s "Actual output" after its sample output is the person’s own',
      'Our kubernetes nodes drift.\nSample output of a healthy node:\nSystem clock synchronized: yes\nActual output on node-2:\n$ timedatectl\nSystem clock synchronized: no',
      'skew/node-clock',
    ],
    [
      '"for example" before a person’s own output does not make it an illustration',
      'Our kubernetes nodes are NotReady. For example on node-2:\n$ timedatectl\nSystem clock synchronized: no',
      'skew/node-clock',
    ],
    [
      'an error line a troubleshooting page shows is still the failure it is about',
      'When the kubeadm control-plane certificates expire, kubectl prints output similar to the following example output:\nUnable to connect to the server: x509: certificate has expired or is not yet valid',
      'cert/control-plane-expiry',
    ],
  ])('%s', (_, text, code) => {
    expect(codes(text)).toContain(code);
  });
});

describe('runbooks', () => {
  const RUNBOOK = [
    '# NodeClockNotSynchronising',
    '',
    '## Meaning',
    '',
    'The `NodeClockNotSynchronising` alert triggers when a node is affected by issues with the NTP server.',
    '',
    '## Mitigation',
    '',
    '`node_timex_sync_status` returns `0` when NTP is not working properly on the node; restart chronyd.',
  ].join('\n');

  it('a runbook with nothing firing reports nothing', () => {
    expect(codes(RUNBOOK)).not.toContain('skew/node-clock');
  });

  it('the same runbook beside the alert that fired is read', () => {
    expect(codes(`[FIRING:1] NodeClockNotSynchronising (node-3 kubernetes)\n\n${RUNBOOK}`)).toContain(
      'skew/node-clock',
    );
  });
});
