import { describe, expect, test } from 'vitest';
import { certsCheck } from '../../src/checks/certs.js';
import { cert, loopbackProbe, NOW, node, snapshot } from '../fixtures/snapshots/builders.js';

describe('certs check', () => {
  test('clean: fresh certificates give no findings', () => {
    const r = certsCheck.run(snapshot({ servingCerts: [loopbackProbe('cp-1', 200)] }), NOW);
    expect(r.findings).toEqual([]);
    expect(r.examined).toContain('1 loopback');
  });

  test.each([
    [30.1, undefined],
    [29.9, 'warning'],
    [7.1, 'warning'],
    [6.9, 'critical'],
    [-2, 'critical'],
  ])('loopback certificate with %d days left: %s', (days, severity) => {
    const f = certsCheck.run(snapshot({ servingCerts: [loopbackProbe('cp-1', days)] }), NOW).findings;
    expect(f.map((x) => x.severity)).toEqual(severity ? [severity] : []);
    if (severity) {
      expect(f[0]?.code).toBe('cert/loopback-expiry');
      expect(f[0]?.evidence[0]?.source).toContain('SNI apiserver-loopback-client');
      // When it breaks is data (the certificate's notAfter), for ranking: never read from the title.
      const notAfter = f[0]?.evidence
        .flatMap((e) => e.values ?? [])
        .find((v) => v.name === 'notAfter')?.value;
      expect(Date.parse(f[0]?.breaksAt ?? '')).toBe(notAfter);
    }
  });

  test('k3s distribution gets the k3s restart command', () => {
    const f = certsCheck.run(
      snapshot({ version: { gitVersion: 'v1.28.7+k3s1' }, servingCerts: [loopbackProbe('server-1', 3)] }),
      NOW,
    ).findings;
    expect(f[0]?.fix.steps.map((s) => s.run)).toContain('systemctl restart k3s');
  });

  test('kubelet certificate without the node InternalIP is cert/kubelet-san-mismatch; without any IP SAN cert/kubelet-no-ip-sans', () => {
    const probe = (n: string, ips: string[]) => ({
      target: 'kubelet' as const,
      address: '10.0.0.5',
      port: 10250,
      node: n,
      chain: [cert({ daysLeft: 200, ipAddresses: ips })],
      authorized: true,
    });
    const r = certsCheck.run(
      snapshot({
        nodes: [
          node({ name: 'a', internalIP: '10.0.0.5' }),
          node({ name: 'b', internalIP: '10.0.0.6' }),
          node({ name: 'c', internalIP: '10.0.0.7' }),
        ],
        kubeletCerts: [probe('a', ['127.0.0.1', '192.168.1.50']), probe('b', []), probe('c', ['10.0.0.7'])],
      }),
      NOW,
    );
    expect(r.findings.map((f) => [f.code, f.subject.name])).toEqual([
      ['cert/kubelet-san-mismatch', 'a'],
      ['cert/kubelet-no-ip-sans', 'b'],
    ]);
  });

  test('a kubelet-serving CSR pending 5 min is reported just outside, not just inside', () => {
    const csr = (name: string, ageMs: number) => ({
      name,
      signerName: 'kubernetes.io/kubelet-serving',
      username: 'system:node:w1',
      createdAt: new Date(NOW.getTime() - ageMs),
      state: 'Pending' as const,
      issued: false,
      dnsNames: ['w1'],
      ipAddresses: ['10.0.0.5'],
      keyType: 'ec',
    });
    const f = certsCheck.run(
      snapshot({ csrs: [csr('inside', 299_000), csr('outside', 301_000)] }),
      NOW,
    ).findings;
    expect(f.map((x) => x.subject.name)).toEqual(['outside']);
    expect(f[0]?.fix.steps[1]?.caution).toContain('system:node:w1');
  });

  // Every live certificate code with a just-inside / just-outside pair (issue #16).
  const serving = (chain: ReturnType<typeof cert>[], p: Record<string, unknown> = {}) => ({
    target: 'apiserver-serving' as const,
    address: '10.0.0.11',
    port: 6443,
    node: 'cp-1',
    chain,
    authorized: true,
    ...p,
  });
  const kubelet = (chain: ReturnType<typeof cert>[], p: Record<string, unknown> = {}) => ({
    target: 'kubelet' as const,
    address: '10.0.0.5',
    port: 10250,
    node: 'w1',
    chain,
    authorized: true,
    ...p,
  });
  const codes = (snap: Parameters<typeof snapshot>[0]) =>
    certsCheck.run(snapshot(snap), NOW).findings.map((f) => [f.code, f.severity]);

  test.each([
    [30.1, []],
    [29.9, [['cert/apiserver-serving-expiry', 'warning']]],
    [6.9, [['cert/apiserver-serving-expiry', 'critical']]],
  ])('apiserver serving certificate with %d days left', (days, want) => {
    expect(codes({ servingCerts: [serving([cert({ daysLeft: days as number })])] })).toEqual(want);
  });

  test.each([
    [59_000, []],
    [61_000, [['cert/not-yet-valid', 'critical']]],
  ])('a serving certificate valid from now + %d ms', (ms, want) => {
    const leaf = cert({ daysLeft: 300, notBefore: new Date(NOW.getTime() + (ms as number)) });
    expect(codes({ servingCerts: [serving([leaf])] })).toEqual(want);
  });

  test.each([
    [180.1, []],
    [179.9, [['cert/ca-expiry', 'warning']]],
    [6.9, [['cert/ca-expiry', 'critical']]],
  ])('cluster CA with %d days left', (days, want) => {
    expect(codes({ clusterCA: [cert({ daysLeft: days as number, isCA: true })] })).toEqual(want);
  });

  test('a serving certificate the registered CA does not verify is cert/ca-mismatch; a verified one is not', () => {
    const trusted = [cert({ daysLeft: 3000, isCA: true })];
    expect(
      codes({
        trustedCA: trusted,
        servingCerts: [
          serving([cert({ daysLeft: 300 })], {
            authorized: false,
            authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
          }),
        ],
      }).map(([c]) => c),
    ).toContain('cert/ca-mismatch');
    expect(codes({ trustedCA: trusted, servingCerts: [serving([cert({ daysLeft: 300 })])] })).toEqual([]);
  });

  test.each([
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', ['cert/kubelet-unknown-ca']],
    ['CERT_HAS_EXPIRED', []],
  ])('a kubelet certificate failing with %s', (error, want) => {
    const r = codes({
      nodes: [node({ name: 'w1', internalIP: '10.0.0.5' })],
      kubeletCerts: [
        kubelet([cert({ daysLeft: 300, ipAddresses: ['10.0.0.5'] })], {
          authorized: false,
          authorizationError: error,
        }),
      ],
    }).map(([c]) => c);
    expect(r.filter((c) => c === 'cert/kubelet-unknown-ca')).toEqual(want);
  });

  test.each([
    [30.1, []],
    [29.9, [['cert/kubelet-serving-expiry', 'warning']]],
    [-1, [['cert/kubelet-serving-expiry', 'critical']]],
  ])('kubelet serving certificate with %d days left', (days, want) => {
    expect(
      codes({
        nodes: [node({ name: 'w1', internalIP: '10.0.0.5' })],
        kubeletCerts: [kubelet([cert({ daysLeft: days as number, ipAddresses: ['10.0.0.5'] })])],
      }),
    ).toEqual(want);
  });
});
