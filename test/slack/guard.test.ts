import { describe, expect, test } from 'vitest';
import { guardRequest } from '../../src/slack/guard.js';

const NOW = 1_800_000_000_000;
const headers = (h: Record<string, string>) => (n: string) => h[n];

describe('guardRequest', () => {
  test.each([
    [-300, undefined],
    [-301, 401],
    [300, undefined],
    [301, 401],
  ])('a timestamp %d s from now: %s', (delta, status) => {
    expect(
      guardRequest(headers({ 'x-slack-request-timestamp': String(NOW / 1000 + delta) }), NOW)?.status,
    ).toBe(status);
  });

  test('a missing timestamp is refused; a retry is answered without processing', () => {
    expect(guardRequest(headers({}), NOW)).toEqual({ status: 401, reason: 'timestamp' });
    expect(
      guardRequest(
        headers({
          'x-slack-request-timestamp': String(NOW / 1000),
          'x-slack-retry-num': '1',
          'x-slack-retry-reason': 'http_timeout',
        }),
        NOW,
      ),
    ).toEqual({ status: 200, reason: 'retry', retryReason: 'http_timeout' });
  });
});
