// Linear time, shown by growth (issue #13): 10× the input may cost at most ~20× the time. No
// wall-clock bound is asserted; `npm run bench` reports the absolute times.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';
import { ADVERSARIAL } from '../fixtures/adversarial.js';

const NOW = new Date('2026-11-24T08:00:00Z');
function medianMs(text: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    diagnose(text, NOW);
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[1] as number;
}

describe('diagnosis time grows linearly', () => {
  test.each(ADVERSARIAL)('%s: 10× the input costs at most 20× the time', (_name, make, unit) => {
    const small = make(unit);
    const large = make(unit * 10);
    medianMs(small); // warm up the regex engine and the JIT
    const ratio = medianMs(large) / Math.max(medianMs(small), 1);
    expect(ratio).toBeLessThanOrEqual(20);
  });
});
