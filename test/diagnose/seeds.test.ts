// The five incident write-ups (copied to test/fixtures/pastes/, each with its origin):
// each one's error lines are diagnosed with the cause the incident took hours or days to find.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'pastes', name), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# origin:'))
    .join('\n');

describe('seed incidents', () => {
  test('seed 000: the 401 curl transcript with its JWT and the 1.21 apiserver log → token/not-yet-valid', () => {
    const d = diagnose(fixture('seed-000-sa-token-not-valid-yet.txt'), NOW);
    expect(d.findings[0]?.code).toBe('token/not-yet-valid');
    const facts = d.findings[0]?.evidence.map((e) => e.fact).join('\n') ?? '';
    // The 401's Date (08:12:15) is 106 s before the token's nbf (08:14:01).
    expect(facts).toContain(
      "response Date 2022-11-27 08:12:15 UTC is 106 s before the token's nbf 2022-11-27 08:14:01 UTC",
    );
    expect(facts).toContain('Token could not be validated.');
    const tok = d.decoded.find((x) => x.kind === 'jwt');
    const tf = tok?.facts.map((f) => f.fact).join('\n') ?? '';
    expect(tf).toContain('bound service-account token');
    expect(tf).toContain('iat 2022-11-27 08:14:01 UTC');
    expect(tf).toMatch(
      /extended expiry: exp − iat = 365 days; warnafter 2022-11-27 09:14:08 UTC .*iat \+ 3607 s/,
    );
    expect(tf).toContain('system:serviceaccount:argo-run:loofah');
    // Regression for #13: it expired in 2023 (iat 2022 + 365 days), so it is not announced as live.
    expect(d.secrets).not.toContain('service-account token (JWT)');
    expect(d.expiredSecrets).toContain('service-account token (JWT)');
    expect(tf).toMatch(/This token expired at 2023-11-27 .*only if it may be reused/);
    // The signature and the token never appear in what is shown.
    const shown = JSON.stringify(d);
    expect(shown).not.toContain('bfxySo3e2rT3mToSEmSN5');
    expect(shown).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
  });

  test('seed 001: not valid yet after a backward jump → token/not-yet-valid and skew/clock-jump with the jump size', () => {
    const d = diagnose(fixture('seed-001-clock-jump.txt'), NOW);
    const codes = d.findings.map((f) => f.code);
    expect(codes[0]).toBe('token/not-yet-valid');
    expect(codes).toContain('skew/clock-jump');
    const jump = d.findings.find((f) => f.code === 'skew/clock-jump');
    const facts = jump?.evidence.map((e) => e.fact).join('\n') ?? '';
    expect(facts).toContain('54 days');
    expect(d.findings[0]?.title).toContain('clock jump');
  });

  test('seed 001: the syslog timeline going back from Apr 1 to Feb 4 is a clock jump on redhat79', () => {
    const lines = fixture('seed-001-clock-jump.txt')
      .split('\n')
      .filter((l) => /^(Apr|Feb) /.test(l))
      .join('\n');
    const d = diagnose(lines, NOW);
    const jump = d.findings.find((f) => f.code === 'skew/clock-jump');
    expect(jump?.subject).toEqual({ kind: 'node', name: 'redhat79' });
    expect(
      jump?.evidence.some(
        (e) => e.fact === 'Apr 1 00:02:26 is followed by Feb 4 23:44:00: 56 days backwards',
      ),
    ).toBe(true);
  });

  test('seed 002: "found 1 parts of token" is reported as the symptom it is', () => {
    const d = diagnose(fixture('seed-002-found-1-parts.txt'), NOW);
    expect(d.findings.map((f) => f.code)).toEqual(['token/webhook-fallthrough']);
    expect(d.findings[0]?.title).toContain('symptom');
  });

  test('seed 003: controller errors against the apiserver itself plus "bad certificate" from its own IP → cert/loopback-expiry', () => {
    const d = diagnose(fixture('seed-003-loopback-expired.txt'), NOW);
    expect(d.findings[0]?.code).toBe('cert/loopback-expiry');
    expect(d.findings[0]?.confirm?.some((c) => c.run.includes('-servername apiserver-loopback-client'))).toBe(
      true,
    );
  });

  test.each([
    ['seed-004-kubelet-san.txt', 'cert/kubelet-san-mismatch'],
    ['seed-004-ip-exhausted.txt', 'ipam/range-exhausted'],
    ['seed-004-forward-drop.txt', 'net/forward-drop'],
    ['seed-004-stale-arp.txt', 'net/stale-arp'],
  ])('seed 004: %s → %s', (file, code) => {
    expect(diagnose(fixture(file), NOW).findings[0]?.code).toBe(code);
  });

  test('seed 004: the kubelet SAN fix names the dialled IP and the k3s serving-kubelet.crt', () => {
    const f = diagnose(fixture('seed-004-kubelet-san.txt'), NOW).findings[0];
    expect(f?.fix.steps[0]?.run).toContain('node-ip: 192.168.3.123');
    expect(f?.fix.why).toContain('serving-kubelet.crt');
  });
});
