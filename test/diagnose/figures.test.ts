// A figure a person states in a description ("off by 90s", "1min30s") is quoted back in the finding;
// a digit inside a word (k8s, k3s, ipv4) is not a figure.
import { describe, expect, test } from 'vitest';
import { statedSeconds } from '../../src/diagnose/rules/describe.js';

describe('stated figures', () => {
  test.each([
    ['the clocks differ by 90s', 90],
    ['两台节点的时间差大约是 1min30s', 90],
    ['worker-2 is 4 minutes ahead', 240],
    ['the token lasted 1 hour', 3600],
  ])('%s → %d s', (text, seconds) => {
    expect(statedSeconds(text)).toBe(seconds);
  });
  test.each([
    'When this service account is created, k8s also creates a secret',
    'our k3s server restarted',
    'the sha256 of the image was 3fa9',
  ])('no figure in "%s"', (text) => {
    expect(statedSeconds(text)).toBeUndefined();
  });
});
