// The finding catalog: every code of CODES.md (copied to test/fixtures/ by scripts/sync-fixtures.ts),
// docs/findings.md up to date, every code emitted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { ALL_CODES, CODES } from '../../src/core/codes.js';
import { findingsDoc } from '../../src/core/codes-doc.js';
import { RULES } from '../../src/diagnose/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('finding catalog', () => {
  test('holds every code of the shared CODES.md (codes are an API)', () => {
    const text = readFileSync(join(ROOT, 'test', 'fixtures', 'CODES.md'), 'utf8');
    // Columns may be padded (a formatter aligns them): allow any spaces around the cell.
    const codes = [...text.matchAll(/^\|\s*`([a-z]+\/[a-z0-9-]+)`\s*\|/gm)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThanOrEqual(35);
    expect(codes.filter((c) => !((c as string) in CODES))).toEqual([]);
  });

  test('docs/findings.md equals the generated text (run npm run docs:findings)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'findings.md'), 'utf8')).toBe(findingsDoc());
  });

  test('every code is emitted by a check or a paste rule, and every check and rule emits only catalog codes', () => {
    const emitted = new Set<string>([
      ...Object.values(CHECKS).flatMap((c) => c.emits),
      ...RULES.map((r) => r.code),
    ]);
    expect(ALL_CODES.filter((c) => !emitted.has(c))).toEqual([]);
    expect([...emitted].filter((c) => !(c in CODES))).toEqual([]);
  });

  test('"from" matches who emits each code', () => {
    const live = new Set<string>(Object.values(CHECKS).flatMap((c) => c.emits));
    const paste = new Set<string>(RULES.map((r) => r.code));
    const wrong = ALL_CODES.filter((c) => {
      const f = CODES[c].from;
      return f.includes('live') !== live.has(c) || f.includes('paste') !== paste.has(c);
    });
    expect(wrong).toEqual([]);
  });
});
