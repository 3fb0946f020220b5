// Linear time, shown by growth (issue #13): 10× the input may cost at most ~20× the time. No
// wall-clock bound is asserted; `npm run bench` reports the absolute times.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';
import { ADVERSARIAL } from '../fixtures/adversarial.js';

const NOW = new Date('2026-11-24T08:00:00Z');
// The fastest of five runs: a busy machine (another test file, a parallel CI job) only ever adds time,
// so the minimum is the least noisy estimate; a quadratic rule would still show ~100×.
function fastestMs(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    diagnose(text, NOW);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('diagnosis time grows linearly', () => {
  test.each(ADVERSARIAL)('%s: 10× the input costs at most 20× the time', (_name, make, unit) => {
    const small = make(unit);
    const large = make(unit * 10);
    fastestMs(small); // warm up the regex engine and the JIT
    const ratio = fastestMs(large) / Math.max(fastestMs(small), 1);
    expect(ratio).toBeLessThanOrEqual(20);
  });
});
