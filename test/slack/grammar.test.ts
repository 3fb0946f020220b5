import { describe, expect, test } from 'vitest';
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

  test('suggests close names only', () => {
    expect(suggest('prd', ['prod', 'staging'])).toBe('prod');
    expect(suggest('skwe', ['skew', 'token'])).toBe('skew');
    expect(suggest('banana', ['prod', 'staging'])).toBeUndefined();
  });
});
