// One generic test for every paste rule: its examples match, its near-misses do not, and the
// examples diagnose to the rule's code through the whole pipeline.
import { describe, expect, test } from 'vitest';
import { diagnose, RULES, rulePattern } from '../../src/diagnose/index.js';
import { preparePaste } from '../../src/diagnose/paste.js';

const NOW = new Date('2026-11-24T08:00:00Z');

function ruleMatches(rule: (typeof RULES)[number], line: string): boolean {
  const paste = preparePaste(line);
  const re = rulePattern(rule);
  re.lastIndex = 0;
  const m = re.exec(paste.lines[0] ?? '');
  return !!m && (!rule.when || rule.when(paste, { line: 0, match: m }));
}

describe('paste rules', () => {
  test('ids are unique kebab-case and every rule has examples and near-misses', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.examples.length).toBeGreaterThan(0);
      expect(r.nearMisses.length).toBeGreaterThan(0);
    }
  });

  test('a rule reads only the match groups its own pattern has (a copied index reads an empty group)', () => {
    const wrong: string[] = [];
    for (const r of RULES) {
      const groups = (new RegExp(`${r.pattern.source}|`).exec('')?.length ?? 1) - 1;
      const code = `${r.when?.toString() ?? ''}\n${r.diagnose.toString()}`;
      for (const m of code.matchAll(/\bmatch\??\.?\[(\d+)\]/g))
        if (Number(m[1]) > groups) wrong.push(`${r.id} reads match[${m[1]}] of ${groups} groups`);
    }
    expect(wrong).toEqual([]);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      test.each(rule.examples)('matches %s', (ex) => {
        expect(ruleMatches(rule, ex)).toBe(true);
        expect(diagnose(ex, NOW).findings.map((f) => f.code)).toContain(rule.code);
      });
      test.each(rule.nearMisses)('does not match %s', (nm) => {
        expect(ruleMatches(rule, nm)).toBe(false);
      });
    });
  }
});
