// The labelled corpus (copied to test/fixtures/pastes.jsonl by scripts/sync-fixtures.ts):
// every labelled line yields the code CODES.md maps its label to; every `none` line yields none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../src/core/codes.js';
import { diagnose } from '../../src/diagnose/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (_rel: string, fixture: string) => readFileSync(join(ROOT, 'test', 'fixtures', fixture), 'utf8');

/** Catalog entry id → finding code, from the last column of CODES.md. */
function entryToCode(): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of read('CODES.md', 'CODES.md').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = /^`([a-z]+\/[a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!code) continue;
    for (const entry of (cells[4] ?? '').split(',').map((s) => s.trim()))
      if (/^[a-z]+\.[a-z0-9.-]+$/.test(entry)) m.set(entry, code);
  }
  return m;
}

const NOW = new Date('2026-11-24T08:00:00Z');
const corpus = read('examples/pastes.jsonl', 'pastes.jsonl')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; source: string; text: string; expected: string });
const map = entryToCode();

describe('labelled pastes', () => {
  test('the corpus and the label map are complete', () => {
    expect(corpus.length).toBe(40);
    for (const c of corpus) if (c.expected !== 'none') expect(map.get(c.expected), c.expected).toBeDefined();
  });

  test('every line is diagnosed as labelled (top finding), and none-lines yield no catalog code', () => {
    const wrong: string[] = [];
    let right = 0;
    for (const c of corpus) {
      const codes = diagnose(c.text, NOW).findings.map((f) => f.code);
      const ok = c.expected === 'none' ? codes.length === 0 : codes[0] === map.get(c.expected);
      if (ok) right++;
      else
        wrong.push(
          `${c.id} (${c.source}): expected ${c.expected === 'none' ? 'none' : map.get(c.expected)}, got [${codes.join(', ')}]`,
        );
    }
    console.log(
      `pastes.jsonl accuracy: ${right}/${corpus.length} (${((100 * right) / corpus.length).toFixed(1)} %)`,
    );
    expect(wrong).toEqual([]);
    expect(Object.keys(CODES).length).toBeGreaterThan(30);
  });
});
