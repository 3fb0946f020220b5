/**
 * The mined corpus (test/fixtures/corpus/corpus.jsonl) and how a diagnosis is scored against it:
 * family (the top finding's family is the expected one), exact (the top finding's code is the
 * expected one, or one of `also`), and false positives (a look-alike that got any finding).
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../src/diagnose/index.js';

export interface CorpusEntry {
  readonly id: string;
  readonly source: string;
  readonly url: string;
  readonly project: string;
  readonly split: 'dev' | 'test';
  readonly lang: string;
  readonly expected: string;
  readonly also?: readonly string[];
  readonly note: string;
  readonly text: string;
}

export interface Scored {
  readonly entry: CorpusEntry;
  readonly codes: readonly string[];
  readonly family: boolean;
  readonly exact: boolean;
  readonly falsePositive: boolean;
}

export interface Score {
  readonly positives: number;
  readonly lookalikes: number;
  readonly family: number;
  readonly exact: number;
  readonly falsePositives: number;
  readonly misses: readonly Scored[];
}

const ROOT = join(import.meta.dirname, '..', '..');
export const NOW = new Date('2026-11-24T08:00:00Z');

export function loadCorpus(): CorpusEntry[] {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'corpus', 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CorpusEntry);
}

/** A text of the hold-out set: test-split projects, labelled and frozen before it was scored. */
export interface HoldoutEntry extends Omit<CorpusEntry, 'split'> {
  /** When it was mined: met while tuning on dev (never tuned on), or mined after the rules froze. */
  readonly mined: 'while-tuning' | 'after-freeze';
  /** Set when it was scored once, by accident, while mining (before the freeze): its result then. */
  readonly scoredBeforeFreeze?: 'right' | 'missed';
}

/** A hold-out file (test/fixtures/corpus/holdout.jsonl, holdout-2.jsonl…) as corpus entries of the test split (for score()). */
export function loadHoldout(file = 'holdout.jsonl'): (CorpusEntry & HoldoutEntry)[] {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'corpus', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ ...(JSON.parse(l) as HoldoutEntry), split: 'test' as const }));
}

/** The split a project's texts belong to: its salted hash, fixed before any rule was written. */
export function projectSplit(project: string): 'dev' | 'test' {
  const h = Number.parseInt(
    createHash('sha256').update(`kube-triage-corpus-v6:${project}`).digest('hex').slice(0, 8),
    16,
  );
  return h / 2 ** 32 < 0.3 ? 'test' : 'dev';
}

/** The Jaccard similarity of two texts' 6-word shingles (1 = the same words in the same runs). */
export function overlap(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  let shared = 0;
  for (const x of sa) if (sb.has(x)) shared++;
  return shared / Math.max(1, sa.size + sb.size - shared);
}

const shingleCache = new Map<string, Set<string>>();
function shingles(t: string): Set<string> {
  const hit = shingleCache.get(t);
  if (hit) return hit;
  const w = t.toLowerCase().match(/\w+/g) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 6 <= w.length; i++) out.add(w.slice(i, i + 6).join(' '));
  shingleCache.set(t, out);
  return out;
}

const familyOf = (code: string): string => code.split('/')[0] ?? code;

export function scoreEntry(entry: CorpusEntry): Scored {
  const codes = diagnose(entry.text, NOW).findings.map((f) => f.code as string);
  const top = codes[0];
  if (entry.expected === 'none')
    return {
      entry,
      codes,
      family: codes.length === 0,
      exact: codes.length === 0,
      falsePositive: codes.length > 0,
    };
  const wanted = [entry.expected, ...(entry.also ?? [])];
  return {
    entry,
    codes,
    family: top !== undefined && wanted.some((w) => familyOf(w) === familyOf(top)),
    exact: top !== undefined && wanted.includes(top),
    falsePositive: false,
  };
}

export function score(entries: readonly CorpusEntry[]): Score {
  const scored = entries.map(scoreEntry);
  const pos = scored.filter((s) => s.entry.expected !== 'none');
  const neg = scored.filter((s) => s.entry.expected === 'none');
  return {
    positives: pos.length,
    lookalikes: neg.length,
    family: pos.filter((s) => s.family).length,
    exact: pos.filter((s) => s.exact).length,
    falsePositives: neg.filter((s) => s.falsePositive).length,
    misses: scored.filter((s) => !s.exact),
  };
}

export function describeScore(name: string, s: Score): string {
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)} %`;
  return `${name}: family ${s.family}/${s.positives} (${pct(s.family, s.positives)}), exact ${s.exact}/${s.positives} (${pct(s.exact, s.positives)}), false positives ${s.falsePositives}/${s.lookalikes} (${pct(s.falsePositives, s.lookalikes)})`;
}
