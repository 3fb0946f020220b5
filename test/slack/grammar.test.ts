import { describe, expect, test } from 'vitest';
import { MESSAGE_TEXT_MAX_CHARS } from '../../src/core/limits.js';
import { parseCommand, suggest } from '../../src/slack/grammar.js';

describe('/k8s grammar', () => {
  test.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['clusters', { kind: 'clusters' }],
    ['skew prod', { kind: 'check', verb: 'skew', cluster: 'prod', all: false }],
    ['report PROD --all', { kind: 'check', verb: 'report', cluster: 'prod', all: true }],
    ['diagnose x509: certificate has expired', { kind: 'diagnose', text: 'x509: certificate has expired' }],
    [
      'Unable to connect to the server: x509: certificate signed by unknown authority',
      {
        kind: 'diagnose',
        text: 'Unable to connect to the server: x509: certificate signed by unknown authority',
      },
    ],
  ])('parses %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  test.each([
    ['skew', 'usage/missing-cluster'],
    ['frobnicate prod', 'usage/unknown-verb'],
    ['diagnose', 'usage/empty-paste'],
    [`diagnose ${'a'.repeat(9000)}`, 'usage/too-long'],
  ])('%s is a usage error with a stable code', (text, code) => {
    const r = parseCommand(text);
    expect(r.kind === 'error' && r.code).toBe(code);
  });

  test.each(['skew', 'frobnicate prod', 'diagnose'])(
    "%s: the usage message is Slack mrkdwn with no raw < or > (Slack would read '<skew|token…>' as a link)",
    (text) => {
      const r = parseCommand(text);
      expect(r.kind).toBe('error');
      const message = r.kind === 'error' ? r.message : '';
      expect(message).toContain('&lt;');
      expect(message).not.toMatch(/[<>]/);
    },
  );

  test("length is counted as typed: Slack's &lt; &gt; &amp; are one character each; messages take 40,000", () => {
    const typed = `diagnose ${'<'.repeat(7_000)}`;
    const sent = typed.replace(/</g, '&lt;');
    expect(parseCommand(sent).kind).not.toBe('error');
    const long = `diagnose ${'x509 '.repeat(5_000)}`;
    const r = parseCommand(long);
    expect(r.kind === 'error' && r.code).toBe('usage/too-long');
    expect(r.kind === 'error' && r.message).toContain('25,009 characters');
    expect(parseCommand(long, MESSAGE_TEXT_MAX_CHARS).kind).toBe('diagnose');
    expect(parseCommand(`diagnose ${'a'.repeat(40_000)}`, MESSAGE_TEXT_MAX_CHARS).kind).toBe('error');
  });

  test('suggests close names only', () => {
    expect(suggest('prd', ['prod', 'staging'])).toBe('prod');
    expect(suggest('skwe', ['skew', 'token'])).toBe('skew');
    expect(suggest('banana', ['prod', 'staging'])).toBeUndefined();
  });
});
