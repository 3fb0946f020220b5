// Every format string in the upstream table (src/diagnose/upstream/*.json, extracted from the
// components' own source by scripts/extract-upstream.ts) is rendered with sample arguments, put in the
// line it appears in, and must be diagnosed to the code the table maps it to: coverage of what the
// components can emit, not of examples someone pasted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/core/codes.js';
import { diagnose } from '../../src/diagnose/index.js';

interface Entry {
  readonly string: string;
  readonly code: string;
  readonly file: string;
  readonly sample?: string;
  readonly args?: readonly string[];
}
interface Table {
  readonly repo: string;
  readonly version: string;
  readonly entries: readonly Entry[];
}

const DIR = join(import.meta.dirname, '..', '..', 'src', 'diagnose', 'upstream');
const tables: Table[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Table);
const NOW = new Date('2026-12-02T10:01:00Z');

/** Renders a Go format string: the entry's args in order, then a neutral value per verb. */
function render(format: string, args: readonly string[] = []): string {
  let i = 0;
  return format.replace(/%(?:%|[-+# 0]*\d*(?:\.\d+)?[a-zA-Z])/g, (verb) => {
    if (verb === '%%') return '%';
    const given = args[i++];
    if (given !== undefined) return given;
    if (verb.endsWith('d')) return '3';
    if (verb.endsWith('q')) return '"worker-2"';
    return 'worker-2';
  });
}

describe('upstream table', () => {
  it('names its source and version, and maps only to real codes', () => {
    expect(tables.length).toBeGreaterThanOrEqual(9);
    for (const t of tables) {
      expect(t.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(t.version).toMatch(/[0-9a-f]{12}|go1\.\d+/);
      for (const e of t.entries) {
        expect([...Object.keys(CODES), 'differential']).toContain(e.code);
        expect(e.file).toMatch(/\.go$/);
      }
    }
    expect(tables.reduce((n, t) => n + t.entries.length, 0)).toBeGreaterThanOrEqual(30);
  });

  for (const t of tables)
    for (const e of t.entries) {
      const text = (e.sample ?? '{}').replace('{}', render(e.string, e.args));
      it(`${t.repo} ${e.file}: "${e.string.slice(0, 60)}" → ${e.code}`, () => {
        const d = diagnose(text, NOW);
        if (e.code === 'differential') {
          // Several causes: no single finding, ranked hypotheses each with the command that tells it.
          expect(
            d.findings.map((f) => f.code),
            text,
          ).toEqual([]);
          expect(d.differentials.length, text).toBeGreaterThan(0);
          expect(d.differentials[0]?.hypotheses.length).toBeGreaterThan(1);
        } else expect(d.findings[0]?.code, text).toBe(e.code);
      });
    }
});
