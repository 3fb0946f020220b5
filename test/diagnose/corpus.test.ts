// The mined corpus (test/fixtures/corpus): real texts from public issues and pages, split by
// source project into dev (rules were tuned on it) and test (never looked at while tuning). The
// floors are what the issue asks on the test split; the dev split must stay at least as good.
import { Converter } from 'opencc-js';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../src/core/codes.js';
import { diagnose, RULES } from '../../src/diagnose/index.js';
import {
  type CorpusEntry,
  describeScore,
  loadCorpus,
  NOW,
  overlap,
  projectSplit,
  score,
} from '../support/corpus.js';
import { PASTE_SHAPES } from '../support/paste-shapes.js';

const corpus = loadCorpus();

describe('mined corpus', () => {
  test('is as documented: ≥ 300 texts, ≥ 60 look-alikes, ≥ 15 Chinese, every code, split by project', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(corpus.filter((c) => c.expected === 'none').length).toBeGreaterThanOrEqual(60);
    expect(corpus.filter((c) => /[\u4e00-\u9fff]/.test(c.text)).length).toBeGreaterThanOrEqual(15);
    const labels = new Set(corpus.map((c) => c.expected));
    for (const code of Object.keys(CODES)) expect(labels, code).toContain(code);
    for (const c of corpus) {
      expect(c.expected === 'none' || c.expected in CODES, c.id).toBe(true);
      expect(c.source.length, c.id).toBeGreaterThan(3);
    }
    const splitOf = new Map<string, string>();
    for (const c of corpus) {
      expect(splitOf.get(c.project) ?? c.split, `${c.project} is in one split only`).toBe(c.split);
      splitOf.set(c.project, c.split);
    }
    // The split is the project's hash, fixed before any rule was written; texts added later came
    // from dev projects only, so the test split is the original 97 and never shrinks.
    for (const c of corpus) expect(c.split, `${c.id} ${c.project}`).toBe(projectSplit(c.project));
    expect(corpus.filter((c) => c.split === 'test').length).toBeGreaterThanOrEqual(97);
  });

  test('texts mined after the split (k306 on) repeat no test text: an issue copied or transferred between projects stays out of dev', () => {
    const tests = corpus.filter((c) => c.split === 'test');
    const later = corpus.filter((c) => c.split === 'dev' && Number(c.id.slice(1)) >= 306);
    expect(later.length).toBeGreaterThan(100);
    // Only the verdict is shown, never a test text.
    for (const c of later)
      for (const t of tests)
        expect(overlap(c.text, t.text), `${c.id} overlaps a test text`).toBeLessThanOrEqual(0.4);
  });

  // dev: the floors (rules were tuned here). test: the measured figures as a regression
  // floor, NOT the target (90 % / 85 % / 2 %), which the test split does not reach yet; the
  // closing note reports the figures. Never raise these by tuning on the test split.
  const floors = {
    dev: { family: 0.9, exact: 0.85, falsePositives: 0.02 },
    test: { family: 0.84, exact: 0.81, falsePositives: 0.16 },
  } as const;
  // Scoring the dev split diagnoses about a thousand texts: ~25 s alone, over 30 s when the other test
  // files share the machine (a CI run timed out at 31 s). It measures answers, not speed.
  test.each(['dev', 'test'] as const)(
    '%s split: family, exact and false-positive floors',
    (split) => {
      const s = score(corpus.filter((c) => c.split === split));
      console.log(describeScore(split, s));
      expect(s.family / s.positives).toBeGreaterThanOrEqual(floors[split].family);
      expect(s.exact / s.positives).toBeGreaterThanOrEqual(floors[split].exact);
      expect(s.falsePositives / s.lookalikes).toBeLessThanOrEqual(floors[split].falsePositives);
    },
    120_000,
  );
});

// Chinese written in traditional characters (Taiwan, Hong Kong) means what it means in simplified:
// every Chinese dev text, converted by OpenCC to the Taiwan (with its words: 憑證, 叢集, 映象) and the
// Hong Kong standard, gets the answer its simplified text gets. The rules are written in simplified
// characters only; the paste is read through simplifyChinese (src/diagnose/paste.ts).
describe('dev split in traditional Chinese', () => {
  const chinese = corpus.filter((c) => c.split === 'dev' && c.lang === 'zh');
  const top = (t: string) => diagnose(t, NOW).findings[0]?.code ?? 'none';
  test.each([
    ['Taiwan, with its words', Converter({ from: 'cn', to: 'twp' })],
    ['Hong Kong', Converter({ from: 'cn', to: 'hk' })],
  ])('%s: the same answer as in simplified characters', (_name, convert) => {
    expect(chinese.length).toBeGreaterThanOrEqual(50);
    const changed = chinese
      .filter((e) => top(convert(e.text)) !== top(e.text))
      .map((e) => `${e.id}: ${top(e.text)} -> ${top(convert(e.text))}`);
    expect(changed).toEqual([]);
  });
  test("every rule's Chinese examples give the rule's code in traditional characters too", () => {
    const examples = RULES.flatMap((r) =>
      r.examples.filter((x) => /[\u4e00-\u9fff]/.test(x)).map((x) => [r.code, x] as const),
    );
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const to of ['twp', 'hk'] as const) {
      const convert = Converter({ from: 'cn', to });
      const lost = examples
        .filter(([code, x]) => !diagnose(convert(x), NOW).findings.some((f) => f.code === code))
        .map(([code, x]) => `${to} ${code}: ${convert(x)}`);
      expect(lost).toEqual([]);
    }
  });
});

// The dev split in other shapes (scripts/corpus-transforms.ts prints them all): how a text is pasted
// must not change what it means. Measured on the dev texts answered in the right family as pasted:
// the share still right in the shape (until 2026-12-05 the floor was the shape's family over all dev
// texts, which fell with every hard text added to dev as pasted, not with any shape: the fourteenth
// session's batch took "wrap at 80" from 0.972 to 0.968 with no shape lost). Floors are what the
// shapes kept then (wrap 486/491, Slack 490/491, HTML 490/491, JSON 485/491, timestamps 484/491,
// "said of a cluster" 491/491), a little below; raise them when a change lifts a shape, never lower
// them to let a change through.
describe('dev split in the shapes pastes arrive in', () => {
  const dev = corpus.filter((c) => c.split === 'dev');
  const family = (code: string | undefined) => (code ?? 'none').split('/')[0];
  const right = (e: CorpusEntry, text: string) => {
    const got = family(diagnose(text, NOW).findings[0]?.code);
    return [e.expected, ...(e.also ?? [])].some((w) => family(w) === got);
  };
  const rightAsPasted = dev.filter((e) => e.expected !== 'none' && right(e, e.text));
  const floors: Record<string, { kept: number; falsePositives: number }> = {
    'wrap at 80': { kept: 0.985, falsePositives: 0.01 },
    'Slack quote': { kept: 0.995, falsePositives: 0.01 },
    'HTML-escaped': { kept: 0.995, falsePositives: 0.01 },
    'container JSON log': { kept: 0.985, falsePositives: 0.01 },
    timestamped: { kept: 0.985, falsePositives: 0.01 },
    'said of a cluster': { kept: 0.995, falsePositives: 0.08 },
  };
  const rightIds = new Set(rightAsPasted.map((e) => e.id));
  // One diagnosis per shaped text serves both measures; the corpus is large, so the time cap is wider
  // than the suite's default (this measures answers, not speed).
  test.each(Object.entries(floors))(
    '%s',
    (name, floor) => {
      const shape = PASTE_SHAPES[name] as (t: string) => string;
      expect(rightAsPasted.length).toBeGreaterThanOrEqual(480);
      let kept = 0;
      let lookalikes = 0;
      let flagged = 0;
      for (const e of dev) {
        if (e.expected !== 'none' && !rightIds.has(e.id)) continue;
        const codes = diagnose(shape(e.text), NOW).findings.map((f) => f.code);
        if (e.expected === 'none') {
          lookalikes++;
          if (codes.length > 0) flagged++;
        } else if ([e.expected, ...(e.also ?? [])].some((w) => family(w) === family(codes[0]))) kept++;
      }
      expect(kept / rightAsPasted.length).toBeGreaterThanOrEqual(floor.kept);
      expect(flagged / lookalikes).toBeLessThanOrEqual(floor.falsePositives);
    },
    90_000,
  );
});
