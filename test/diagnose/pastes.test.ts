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
const map = entryToCode();

interface Labelled {
  readonly id: string;
  readonly source: string;
  readonly text: string;
  readonly expected: string;
  readonly why?: string;
}
const load = (file: string): Labelled[] =>
  read(file, file)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Labelled);

// pastes.jsonl: 40 real texts; pastes-2.jsonl: 49 more, each with why it has its label.
describe.each([
  ['pastes.jsonl', 40],
  ['pastes-2.jsonl', 49],
])('labelled pastes: %s', (file, size) => {
  const corpus = load(file);

  test('the corpus and the label map are complete', () => {
    expect(corpus.length).toBe(size);
    for (const c of corpus) if (c.expected !== 'none') expect(map.get(c.expected), c.expected).toBeDefined();
  });

  test('every line is diagnosed as labelled (top finding), and none-lines yield no catalog code', () => {
    const wrong: string[] = [];
    const perLabel = new Map<string, { right: number; total: number }>();
    for (const c of corpus) {
      const codes = diagnose(c.text, NOW).findings.map((f) => f.code);
      const want = c.expected === 'none' ? 'none' : (map.get(c.expected) as string);
      const ok = want === 'none' ? codes.length === 0 : codes[0] === want;
      const tally = perLabel.get(want) ?? { right: 0, total: 0 };
      tally.total++;
      if (ok) tally.right++;
      else wrong.push(`${c.id} (${c.source}): expected ${want}, got [${codes.join(', ')}]`);
      perLabel.set(want, tally);
    }
    const right = [...perLabel.values()].reduce((n, t) => n + t.right, 0);
    console.log(
      [
        `${file}: ${right}/${corpus.length} (${((100 * right) / corpus.length).toFixed(1)} %)`,
        ...[...perLabel]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([label, t]) => `  ${label.padEnd(30)} ${t.right}/${t.total}`),
      ].join('\n'),
    );
    expect(wrong).toEqual([]);
    expect(Object.keys(CODES).length).toBeGreaterThan(30);
  });
});
