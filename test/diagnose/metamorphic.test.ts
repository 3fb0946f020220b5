// Metamorphic tests (issue #13): a rule's example must give the same code, and a near-miss must stay
// without it, after every transformation people and tools apply to error text on its way to us.
import { describe, expect, test } from 'vitest';
import { diagnose, RULES } from '../../src/diagnose/index.js';
import { hardWrap as wrap } from '../support/paste-shapes.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const IPV4 = /\b(?!127\.)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\b/g;

/** Each transformation: a name and what it does to a paste. */
const TRANSFORMS: readonly [string, (t: string) => string][] = [
  ['upper case', (t) => t.toUpperCase()],
  ['lower case', (t) => t.toLowerCase()],
  ['JSON-escaped once', (t) => JSON.stringify(t).slice(1, -1)],
  ['JSON-escaped twice', (t) => JSON.stringify(JSON.stringify(t)).slice(1, -1)],
  [
    'a klog prefix',
    (t) =>
      t
        .split('\n')
        .map((l) => `E1124 08:00:01.123456    4242 server.go:42] ${l}`)
        .join('\n'),
  ],
  [
    'a kubectl get events row',
    (t) =>
      t
        .split('\n')
        .map((l) => `12m   Warning   FailedCreate   pod/web-7d4f9   ${l}`)
        .join('\n'),
  ],
  ['IPs as <node-ip>', (t) => t.replace(IPV4, '<node-ip>')],
  ['IPs as IP-02', (t) => t.replace(IPV4, 'IP-02')],
  ['IPs as xxx.xxx.xxx.xxx', (t) => t.replace(IPV4, 'xxx.xxx.xxx.xxx')],
  ['CRLF line ends', (t) => t.replace(/\n/g, '\r\n')],
  [
    '> quoting',
    (t) =>
      t
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n'),
  ],
  ['curly quotes', (t) => t.replace(/"([^"\n]*)"/g, '\u201c$1\u201d')],
  ['a hard wrap at 80 columns', (t) => wrap(t, 80)],
];

const codes = (t: string): string[] => diagnose(t, NOW).findings.map((f) => f.code);

const KLOG_LINE =
  'I1124 08:00:01.123456    4242 kuberuntime_manager.go:1012] "Creating container in pod" pod="default/web-1"';
/**
 * A description rule reads people's words, not a component's structured log line (src/diagnose/index.ts,
 * STRUCTURED_LOG_RE): for it the klog prefix becomes log lines around the words, which must still be read.
 */
function transformsOf(rule: (typeof RULES)[number]): typeof TRANSFORMS {
  if (!rule.prose) return TRANSFORMS;
  return TRANSFORMS.map(([name, f]) =>
    name === 'a klog prefix'
      ? ['between klog lines', (t: string) => `${KLOG_LINE}\n${t}\n${KLOG_LINE}`]
      : [name, f],
  );
}

describe('paste rules under transformation', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      const cases = rule.examples.flatMap((ex) =>
        transformsOf(rule).map(([name, f]) => [name, ex, f] as const),
      );
      test.each(cases)('example, %s: same code', (_name, ex, f) => {
        const want = codes(ex)[0];
        expect(want).toBe(rule.code);
        expect(codes(f(ex))).toContain(want);
      });
      const misses = rule.nearMisses.flatMap((nm) =>
        transformsOf(rule).map(([name, f]) => [name, nm, f] as const),
      );
      test.each(misses)('near-miss, %s: still not this code', (_name, nm, f) => {
        const before = codes(nm).includes(rule.code);
        expect(codes(f(nm)).includes(rule.code)).toBe(before);
      });
    });
  }
});
