/**
 * Literals a pattern cannot match without: for each rule, a set of lower-cased strings such that
 * every match contains at least one of them. A paste whose text holds none of a rule's literals
 * cannot match the rule, so the engine skips that rule's scan (most rules, on most logs). Derived
 * from the pattern source itself, never written by hand, so a rule cannot drift from its gate.
 * Handles the syntax the rules use; anything it does not understand yields "no literal" (the rule
 * always runs), never a wrong one.
 * @module
 */

/** A requirement: at least one of these strings occurs in any match; undefined = none known. */
type Need = readonly string[] | undefined;

/**
 * Words every log is full of: as a gate they let almost everything through, so another required
 * part of the pattern is preferred when there is one (the choice never changes what can match).
 */
const COMMON = new Set([
  'the',
  'no',
  'not',
  'time',
  'date',
  'token',
  'pod',
  'pods',
  'node',
  'nodes',
  'after',
  'error',
  'failed',
  'ca',
  'back',
  'for',
  'with',
  'and',
  'to',
  'of',
  'in',
  'on',
  'is',
  'was',
  'are',
  'running',
  'started',
  'sync',
  'set',
  'run',
  'log',
  'info',
  'level',
  'msg',
  'service',
  'secret',
  'pending',
  'about',
  'every',
]);

/** How selective a literal is as a gate: its length, or 1 for a word every log contains. */
function strength(literal: string): number {
  if (literal.length < 2) return 0;
  return COMMON.has(literal.trim()) ? 1 : literal.length;
}

class Parser {
  private i = 0;
  private readonly s: string;
  constructor(source: string) {
    this.s = source;
  }

  /** The whole pattern. */
  pattern(): Need {
    const need = this.alternation();
    return this.i === this.s.length ? need : undefined;
  }

  private alternation(): Need {
    const branches: Need[] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.some((b) => b === undefined)) return undefined;
    return [...new Set(branches.flatMap((b) => b as readonly string[]))];
  }

  private sequence(): Need {
    const candidates: (readonly string[])[] = [];
    let run = '';
    const flush = (): void => {
      if (run) candidates.push([run]);
      run = '';
    };
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      const min = this.quantifier();
      if (atom.kind === 'char') {
        // Unquantified, it extends the run; required but repeated, it ends it; optional, it breaks it.
        if (min === undefined) run += atom.ch;
        else if (min >= 1) {
          run += atom.ch;
          flush();
        } else flush();
      } else {
        flush();
        if (atom.kind === 'group' && atom.need && (min ?? 1) >= 1) candidates.push(atom.need);
      }
    }
    flush();
    if (!candidates.length) return undefined;
    // The most selective candidate: its weakest string strongest, then the fewest strings.
    return candidates.reduce((best, c) => {
      const lb = Math.min(...best.map(strength));
      const lc = Math.min(...c.map(strength));
      return lc > lb || (lc === lb && c.length < best.length) ? c : best;
    });
  }

  /** The minimum count of the quantifier after an atom; undefined when there is none. */
  private quantifier(): number | undefined {
    const c = this.s[this.i];
    let min: number;
    if (c === '?' || c === '*') {
      min = 0;
      this.i++;
    } else if (c === '+') {
      min = 1;
      this.i++;
    } else {
      const m = c === '{' ? /^\{(\d+)(,\d*)?\}/.exec(this.s.slice(this.i)) : null;
      if (!m) return undefined;
      min = Number(m[1]);
      this.i += m[0].length;
    }
    if (this.s[this.i] === '?') this.i++;
    return min;
  }

  private atom(): { kind: 'char'; ch: string } | { kind: 'group'; need: Need } | { kind: 'other' } {
    const c = this.s[this.i] as string;
    if (c === '(') {
      this.i++;
      let zeroWidth = false;
      if (this.s[this.i] === '?') {
        const rest = this.s.slice(this.i, this.i + 3);
        if (rest.startsWith('?:')) this.i += 2;
        else if (rest.startsWith('?=') || rest.startsWith('?!')) {
          this.i += 2;
          zeroWidth = true;
        } else if (rest === '?<=' || rest === '?<!') {
          this.i += 3;
          zeroWidth = true;
        } else if (rest.startsWith('?<')) {
          const end = this.s.indexOf('>', this.i);
          this.i = end < 0 ? this.s.length : end + 1;
        } else {
          this.i = this.s.length;
          return { kind: 'other' };
        }
      }
      const need = this.alternation();
      if (this.s[this.i] === ')') this.i++;
      else this.i = this.s.length + 1; // unbalanced: pattern() sees a parse failure
      return zeroWidth ? { kind: 'other' } : { kind: 'group', need };
    }
    if (c === '[') {
      this.i++;
      if (this.s[this.i] === '^') this.i++;
      if (this.s[this.i] === ']') this.i++;
      while (this.i < this.s.length && this.s[this.i] !== ']') this.i += this.s[this.i] === '\\' ? 2 : 1;
      this.i++;
      return { kind: 'other' };
    }
    if (c === '\\') {
      const n = this.s[this.i + 1] ?? '';
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
        const ch = String.fromCharCode(Number.parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
        return { kind: 'char', ch: ch.toLowerCase() };
      }
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(this.s.slice(this.i + 2, this.i + 4))) {
        const ch = String.fromCharCode(Number.parseInt(this.s.slice(this.i + 2, this.i + 4), 16));
        this.i += 4;
        return { kind: 'char', ch: ch.toLowerCase() };
      }
      if (n === 'k' && this.s[this.i + 2] === '<') {
        // A named back-reference: \k<name>, the name is not text.
        const end = this.s.indexOf('>', this.i);
        this.i = end < 0 ? this.s.length : end + 1;
        return { kind: 'other' };
      }
      this.i += n === 'c' ? 3 : 2;
      // Classes, assertions, back-references, control escapes: not a literal character.
      if (/[bBdDsSwWnrtfv0-9ckpPux]/.test(n)) return { kind: 'other' };
      return { kind: 'char', ch: n.toLowerCase() };
    }
    this.i++;
    if (c === '.' || c === '^' || c === '$') return { kind: 'other' };
    return { kind: 'char', ch: c.toLowerCase() };
  }
}

/** The literals every match of the pattern contains one of (lower-cased), or undefined. */
export function requiredLiterals(pattern: RegExp): readonly string[] | undefined {
  if (pattern.flags.includes('u') || pattern.flags.includes('v')) return undefined;
  const need = new Parser(pattern.source).pattern();
  // A one-character literal gates nothing worth the check.
  if (!need || need.some((s) => s.length < 2)) return undefined;
  return need;
}

/** Slots of an anchor table (a power of two): anchors hash into them, and a collision costs one check. */
const SLOT_BITS = 16;
const hash2 = (a: number, b: number): number => Math.imul(a * 31 + b, 0x9e3779b1) >>> (32 - SLOT_BITS);
const hash3 = (a: number, b: number, c: number): number =>
  Math.imul(a * 961 + b * 31 + c, 0x9e3779b1) >>> (32 - SLOT_BITS);

interface Anchor {
  /** The literal's index. */
  readonly index: number;
  /** Where in the literal its anchor starts. */
  readonly offset: number;
}

/**
 * A finder of many literals in one pass over a lower-cased text, instead of one regex of hundreds of
 * alternatives (which V8 tries alternative by alternative at every position). Each literal is anchored on
 * its rarest run of three characters (two for a two-character literal), rarest in `reference` (text like
 * what the finder will read); the pass hashes the run ending at each position and, only where an anchor
 * hashed to the same slot, checks the literals anchored there in place. Sound and complete whatever the
 * reference: a literal present has its anchor present, and every candidate is checked. The choice of
 * anchor only changes how many checks are made. `onFound` is called once per literal found. Linear in the
 * text.
 */
export function literalFinder(
  literals: readonly string[],
  reference = '',
): (lower: string, onFound: (literal: string) => void) => void {
  const lits = [...new Set(literals)].filter((l) => l.length >= 2);
  // How often each run of three characters occurs in the reference, counted by its slot (a collision only
  // merges two counts, which can change an anchor's choice, never what is found).
  const seen = new Uint32Array(1 << SLOT_BITS);
  const ref = reference.toLowerCase();
  for (let i = 2; i < ref.length; i++) {
    const h = hash3(ref.charCodeAt(i - 2), ref.charCodeAt(i - 1), ref.charCodeAt(i));
    seen[h] = (seen[h] as number) + 1;
  }
  const triTaken = new Uint8Array(1 << SLOT_BITS);
  const biTaken = new Uint8Array(1 << SLOT_BITS);
  const tri: Anchor[][] = [];
  const bi: Anchor[][] = [];
  const put = (table: Anchor[][], taken: Uint8Array, h: number, a: Anchor): void => {
    const slot = table[h];
    if (slot) slot.push(a);
    else table[h] = [a];
    taken[h] = 1;
  };
  lits.forEach((l, index) => {
    if (l.length === 2) {
      put(bi, biTaken, hash2(l.charCodeAt(0), l.charCodeAt(1)), { index, offset: 0 });
      return;
    }
    let offset = 0;
    let least = Number.POSITIVE_INFINITY;
    for (let k = 0; k + 3 <= l.length; k++) {
      const n = seen[hash3(l.charCodeAt(k), l.charCodeAt(k + 1), l.charCodeAt(k + 2))] as number;
      if (n < least) {
        least = n;
        offset = k;
      }
    }
    const h = hash3(l.charCodeAt(offset), l.charCodeAt(offset + 1), l.charCodeAt(offset + 2));
    put(tri, triTaken, h, { index, offset });
  });
  const anyBigram = biTaken.some((x) => x === 1);
  // A slot whose literals are all found is skipped for the rest of the pass: it is marked with the
  // pass's number (no table to clear or copy per pass; a common anchor such as "10" stops costing a
  // check at every timestamp once its literal is found).
  const triDone = new Uint32Array(1 << SLOT_BITS);
  const biDone = new Uint32Array(1 << SLOT_BITS);
  let pass = 0;
  return (lower, onFound) => {
    pass = (pass + 1) >>> 0 || 1;
    const found = new Uint8Array(lits.length);
    let left = lits.length;
    // The literals anchored in slot `h` whose anchor may end at `end` (`width` characters long).
    const check = (table: Anchor[][], done: Uint32Array, h: number, end: number, width: number): void => {
      const slot = table[h] as Anchor[];
      let open = 0;
      for (const { index, offset } of slot) {
        if (found[index] === 1) continue;
        const l = lits[index] as string;
        const at = end - width + 1 - offset;
        if (at >= 0 && lower.startsWith(l, at)) {
          found[index] = 1;
          left--;
          onFound(l);
        } else open++;
      }
      if (open === 0) done[h] = pass;
    };
    let a = 0;
    let b = 0;
    for (let p = 0; p < lower.length && left > 0; p++) {
      const c = lower.charCodeAt(p);
      if (p >= 2) {
        const h = hash3(a, b, c);
        if (triTaken[h] === 1 && triDone[h] !== pass) check(tri, triDone, h, p, 3);
      }
      if (anyBigram && p >= 1) {
        const h = hash2(b, c);
        if (biTaken[h] === 1 && biDone[h] !== pass) check(bi, biDone, h, p, 2);
      }
      a = b;
      b = c;
    }
  };
}

/**
 * The literal gate of a rule set: a function from a text to the rules that may match it (those
 * without literals, and those with one of theirs in the text). Built once per rule set, its anchors
 * chosen by `reference` (see literalFinder). Each call lower-cases the text and makes one pass of the
 * literal finder over it. Linear in the text.
 */
export function literalGate<R>(
  rules: readonly R[],
  pattern: (r: R) => RegExp,
  reference = '',
): (text: string) => Set<R> {
  const always: R[] = [];
  const byLiteral = new Map<string, R[]>();
  for (const r of rules) {
    const need = requiredLiterals(pattern(r));
    if (!need) always.push(r);
    else
      for (const l of need) {
        const list = byLiteral.get(l);
        if (list) list.push(r);
        else byLiteral.set(l, [r]);
      }
  }
  const find = literalFinder([...byLiteral.keys()], reference);
  return (text) => {
    const live = new Set<R>(always);
    find(text.toLowerCase(), (l) => {
      for (const r of byLiteral.get(l) ?? []) live.add(r);
    });
    return live;
  };
}
