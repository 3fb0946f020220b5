// The literal gate (src/diagnose/literals.ts) skips a rule when the paste holds none of the literals
// its pattern cannot match without. A wrong literal would silently lose a finding, so: the extractor
// is checked on the syntax the rules use, and on every text we have (the mined corpus, every rule's
// examples and near-misses, the upstream samples) no rule that matches a line is ever gated off.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULES, rulePattern } from '../../src/diagnose/index.js';
import { literalFinder, literalGate, requiredLiterals } from '../../src/diagnose/literals.js';
import { preparePaste } from '../../src/diagnose/paste.js';
import { loadCorpus } from '../support/corpus.js';

describe('requiredLiterals', () => {
  test.each([
    [/failed to allocate for range \d+/, ['failed to allocate for range ']],
    [/Token has (?:expired|been invalidated)/i, ['token has ']],
    // A word every log holds ("token") is passed over for another required part of the pattern.
    [/(?:stale|old) tokens?|token rotation/i, ['stale', 'old', 'token rotation']],
    [/x509: certificate has expired(?!: current time)/, ['x509: certificate has expired']],
    [/kube(?:let|-proxy)\[\d+\]/, ['kube']],
    [/a\.b\/c"d/, ['a.b/c"d']],
    [/ab+c/, ['ab']],
    [/\u0022cni0\u0022 already/, ['"cni0" already']],
    [/证书(?:已经?|都)?过期/, ['证书']],
  ])('%s needs one of %j', (re, want) => {
    expect(requiredLiterals(re)).toEqual(want);
  });

  test.each([
    [/(?:token)?\d+/, 'an optional group'],
    [/[a-z]+\s\d+/, 'classes only'],
    [/a|b/, 'one-character literals'],
    [/(?<=token )\d+/, 'a literal only inside a look-behind'],
    [/(?:foo|)ba?/, 'an empty branch and an optional character'],
    [/\p{L}+token/u, 'the unicode flag'],
  ])('%s: no literal (%s), so the rule always runs', (re) => {
    expect(requiredLiterals(re)).toBeUndefined();
  });

  test('a named back-reference is not text', () => {
    expect(requiredLiterals(/(?<word>\w+) \k<word>/)).toBeUndefined();
    expect(requiredLiterals(/(?<word>token) \k<word>/)).toEqual(['token']);
  });

  test('an optional group or a look-around never becomes a requirement', () => {
    expect(requiredLiterals(/(?:expired )?certificate/)).toEqual(['certificate']);
    expect(requiredLiterals(/(?!foo)certificate/)).toEqual(['certificate']);
    expect(requiredLiterals(/(?:token)?\d+/)).toBeUndefined();
    expect(requiredLiterals(/(?<=token )\d+/)).toBeUndefined();
  });
});

/** Every text the rules are known to see: corpus, examples, near-misses, upstream samples. */
function texts(): string[] {
  const out = loadCorpus().map((e) => e.text);
  for (const r of RULES) out.push(...r.examples, ...r.nearMisses);
  const dir = join(import.meta.dirname, '..', '..', 'src', 'diagnose', 'upstream');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const t = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      entries: { string: string; sample?: string }[];
    };
    for (const e of t.entries) out.push((e.sample ?? '{}').replace('{}', e.string));
  }
  return out;
}

describe('the literal gate never drops a rule that matches', () => {
  test('on the corpus, every example and near-miss, and the upstream samples', () => {
    const all = texts();
    expect(all.length).toBeGreaterThan(600);
    const gate = literalGate(RULES, rulePattern);
    let checked = 0;
    for (const text of all) {
      const paste = preparePaste(text);
      const live = gate(paste.lines.join('\n'));
      for (const rule of RULES) {
        const re = rulePattern(rule);
        if (!paste.lines.some((l) => re.test(l))) continue;
        checked++;
        expect(live.has(rule), `${rule.id} gated off for: ${text.slice(0, 120)}`).toBe(true);
      }
    }
    // The check is only meaningful if rules do match: hundreds of (text, rule) pairs.
    expect(checked).toBeGreaterThan(500);
    // Every rule's pattern over every line of 1,100 texts: about 25 s alone, more beside the other
    // suites; the cap is wider than the default because this checks answers, not speed.
  }, 90_000);

  test('and it does gate: a routine log leaves most rules out', () => {
    const log = 'Apr  1 00:02:30 node-2 systemd[1]: Started Session 42 of User root.\n'.repeat(50);
    const live = literalGate(RULES, rulePattern)(preparePaste(log).lines.join('\n'));
    expect(live.size).toBeLessThan(RULES.length / 4);
  });
});

describe('the literal finder finds exactly the literals a text holds', () => {
  /** The literals found in one pass, sorted. */
  const findAll = (f: ReturnType<typeof literalFinder>, text: string): string[] => {
    const out: string[] = [];
    f(text, (l) => out.push(l));
    return out.sort();
  };
  const LITERALS = [
    'clock ',
    'certificate',
    'cert',
    'ip',
    '10',
    '证书',
    '过期了',
    'x509: ',
    'abc',
    'bcd',
    'zz',
  ];

  test('at the start and end of the text, overlapping, two-character and Chinese literals', () => {
    const f = literalFinder(LITERALS);
    expect(findAll(f, 'certificate')).toEqual(['cert', 'certificate']);
    expect(findAll(f, 'abcd')).toEqual(['abc', 'bcd']);
    expect(findAll(f, 'ip')).toEqual(['ip']);
    expect(findAll(f, '证书过期了')).toEqual(['证书', '过期了']);
    expect(findAll(f, 'the clock drifted')).toEqual(['clock ']);
    expect(findAll(f, 'nothing here')).toEqual([]);
    expect(findAll(f, '')).toEqual([]);
  });

  test('whatever the reference text picks as anchors, on random texts (against String.includes)', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [...LITERALS, ' ', 'a', 'b', 'c', 'z', '1', '0', 'x', '5', ':', '书', '期'];
    for (const reference of [
      '',
      'clock clock clock certificate ip ip ip 10 10',
      LITERALS.join(' ').repeat(5),
    ]) {
      const f = literalFinder(LITERALS, reference);
      for (let round = 0; round < 300; round++) {
        let text = '';
        for (let k = rand(12); k >= 0; k--) text += pieces[rand(pieces.length)];
        expect(findAll(f, text), JSON.stringify(text)).toEqual(
          LITERALS.filter((l) => text.includes(l)).sort(),
        );
      }
    }
  });
});
