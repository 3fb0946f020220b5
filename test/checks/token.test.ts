import { describe, expect, test } from 'vitest';
import { tokenCheck } from '../../src/checks/token.js';
import { apiClock, NOW, pod, snapshot } from '../fixtures/snapshots/builders.js';

describe('token check', () => {
  test('clean: nothing to report, examined filled', () => {
    const r = tokenCheck.run(
      snapshot({
        clocks: [apiClock('a', 0), apiClock('b', 1)],
        metrics: { staleTokens: 0, legacyTokens: 0 },
      }),
      NOW,
    );
    expect(r.findings).toEqual([]);
    expect(r.examined).toContain('2 apiserver clocks');
  });

  test.each([
    [60.05, 0],
    [60.2, 1],
    [90, 1],
  ])('apiservers %d s apart give %d token/not-yet-valid findings', (gap, n) => {
    const r = tokenCheck.run(snapshot({ clocks: [apiClock('node1', 0), apiClock('node2', gap)] }), NOW);
    const f = r.findings.filter((x) => x.code === 'token/not-yet-valid');
    expect(f.length).toBe(n);
    if (n) expect(f[0]?.subject).toEqual({ kind: 'endpoint', name: 'node2' });
  });

  test('pods created while the apiserver clock was ahead are listed with delete commands', () => {
    const future = new Date(NOW.getTime() + 54 * 86_400_000);
    const r = tokenCheck.run(
      snapshot({
        clocks: [apiClock('m1', 0)],
        pods: [
          pod({ name: 'coredns-1', namespace: 'kube-system', node: 'm1', createdAt: future }),
          pod({ name: 'ok', node: 'm1' }),
        ],
      }),
      NOW,
    );
    const f = r.findings.find((x) => x.code === 'token/not-yet-valid');
    expect(f?.evidence[0]?.fact).toMatch(/^kube-system\/coredns-1 on m1/);
    expect(f?.fix.steps.map((s) => s.run)).toEqual([
      'kubectl delete pod -n kube-system coredns-1',
      'systemctl restart kubelet',
    ]);
  });

  test('reads the stale and legacy token metrics', () => {
    const r = tokenCheck.run(snapshot({ metrics: { staleTokens: 4, legacyTokens: 2 } }), NOW);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([
      ['token/stale-not-reloaded', 'warning'],
      ['token/legacy-in-use', 'info'],
    ]);
  });

  // 7 days warning, critical inside 24 h.
  test.each([
    [7.1, undefined],
    [6.9, 'warning'],
    [0.9, 'critical'],
    [-1, 'critical'],
  ])("kube-triage's own token with %d days left: %s", (days, severity) => {
    const r = tokenCheck.run(
      snapshot({ credential: { kind: 'jwt', expiresAt: new Date(NOW.getTime() + days * 86_400_000) } }),
      NOW,
    );
    const f = r.findings.filter((x) => x.code === 'token/bot-credential-expiring');
    expect(f.map((x) => x.severity)).toEqual(severity ? [severity] : []);
  });

  test.each([
    [650, 0],
    [670, 1],
  ])('an apiserver %d s ahead of another rejects short-lived tokens as expired: %d findings', (gap, n) => {
    const r = tokenCheck.run(snapshot({ clocks: [apiClock('a', 0), apiClock('b', gap)] }), NOW);
    expect(r.findings.filter((f) => f.code === 'token/expired').map((f) => f.subject.name)).toEqual(
      n ? ['b'] : [],
    );
  });
});
