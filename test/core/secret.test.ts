import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { Secret } from '../../src/core/secret.js';

describe('Secret', () => {
  const s = new Secret('xoxb-123456-abcdef');
  test('never prints itself', () => {
    expect(String(s)).toBe('[redacted]');
    expect(`${s}`).toBe('[redacted]');
    expect(JSON.stringify({ s })).toBe('{"s":"[redacted]"}');
    expect(inspect({ s })).not.toContain('xoxb');
  });
  test('reveals only on request', () => {
    expect(s.reveal()).toBe('xoxb-123456-abcdef');
    expect(new Secret('').isEmpty).toBe(true);
  });
});
