// The engine against real sandbox clusters over HTTPS: each seed scenario yields its finding.
import { beforeAll, describe, expect } from 'vitest';
import { CHECK_IDS } from '../../src/checks/index.js';
import type { Evidence } from '../../src/core/finding.js';
import { inspect } from '../../src/engine.js';
import { parseScenario } from '../../src/sandbox/scenario.js';
import { test } from '../support/fixtures.js';
import { recordFor, sandboxFor } from '../support/sandbox.js';

/** A number an evidence line carries (NaN when it has none by that name). */
function value(e: Evidence | undefined, name: string): number {
  return e?.values?.find((v) => v.name === name)?.value ?? Number.NaN;
}

async function inspectScenario(name: string, checks = CHECK_IDS) {
  const sb = await sandboxFor(name);
  try {
    return { sb, insp: await inspect(recordFor(sb), checks, AbortSignal.timeout(30_000)) };
  } finally {
    await sb.close();
  }
}

const findings = (insp: Awaited<ReturnType<typeof inspect>>) => insp.results.flatMap((r) => r.findings);

describe('seed-000-apiserver-skew', () => {
  let insp: Awaited<ReturnType<typeof inspect>>;
  beforeAll(async () => {
    insp = (await inspectScenario('seed-000-apiserver-skew', ['skew', 'token'])).insp;
  });

  test('reports skew/apiserver-clock naming node2 with its offset within ±2 s', () => {
    const f = findings(insp).find((x) => x.code === 'skew/apiserver-clock');
    expect(f?.severity).toBe('critical');
    expect(f?.subject).toEqual({ kind: 'endpoint', name: 'node2' });
    const row = f?.evidence.find((e) => e.fact.startsWith('node2:'));
    expect(Math.abs(value(row, 'offset') - 90)).toBeLessThanOrEqual(2);
    expect(value(row, 'uncertainty')).toBeLessThan(1);
  });

  test('reports token/not-yet-valid for tokens node2 mints', () => {
    const f = findings(insp).find((x) => x.code === 'token/not-yet-valid');
    expect(f?.subject).toEqual({ kind: 'endpoint', name: 'node2' });
    expect(f?.severity).toBe('critical');
  });
});

describe('seed-001-clock-jump', () => {
  test('reports skew/clock-jump and token/not-yet-valid listing exactly the pods started during the jump', async () => {
    const { insp } = await inspectScenario('seed-001-clock-jump', ['skew', 'token']);
    const all = findings(insp);
    const jump = all.find((x) => x.code === 'skew/clock-jump');
    // Regression for #12: the creation times are the apiserver's clock (k3s runs it on master-1).
    expect(jump?.subject).toEqual({ kind: 'endpoint', name: 'master-1' });
    expect(jump?.title).toMatch(/^Clock of apiserver master-1 jumped forward by about /);
    const tok = all.find((x) => x.code === 'token/not-yet-valid');
    expect(tok).toBeDefined();
    const pods = (tok?.evidence ?? [])
      .map((e) => /^(\S+\/\S+) on /.exec(e.fact)?.[1])
      .filter(Boolean)
      .sort();
    // The scenario starts three pods on master-1 during the jump (coredns, kube-flannel, metrics-agent).
    expect(pods).toEqual([
      'kube-system/coredns-master-1-000',
      'kube-system/kube-flannel-master-1-001',
      'kube-system/metrics-agent-master-1-002',
    ]);
    expect(tok?.fix.steps.map((s) => s.run)).toContain(
      'kubectl delete pod -n kube-system coredns-master-1-000',
    );
  });
});

describe('apiserver not reachable directly', () => {
  test('its identity lease gives its offset at a watched renewal, within ±1 s, counted once', async ({
    sandbox,
  }) => {
    const sb = await sandbox(
      parseScenario(
        {
          apiservers: [{ name: 'cp-1' }, { name: 'cp-2', clockOffsetSeconds: 90, fault: 'refuse' }],
          nodes: [
            { name: 'cp-1', controlPlane: true },
            { name: 'cp-2', controlPlane: true },
          ],
        },
        'lb-only',
      ),
    );
    const insp = await inspect(recordFor(sb), ['skew'], AbortSignal.timeout(30_000));
    const f = findings(insp).find((x) => x.code === 'skew/apiserver-clock');
    expect(f?.subject.name).toBe('cp-2');
    const clocks = insp.results[0]?.clocks?.filter((c) => c.kind === 'apiserver') ?? [];
    expect(clocks.map((c) => c.name).sort()).toEqual(['cp-1', 'cp-2']);
    const cp2 = clocks.find((c) => c.name === 'cp-2');
    expect(cp2?.method).toBe('identity lease renewal (watched)');
    expect(Math.abs((cp2?.offsetS ?? 0) - 90)).toBeLessThanOrEqual(1);
    expect(cp2?.uncertaintyS).toBeLessThanOrEqual(1);
  });
});

describe('node-skew', () => {
  test('node offsets of −30 s, +5 s and +90 s come back within ±2 s', async () => {
    const { insp } = await inspectScenario('node-skew', ['skew']);
    const table = insp.results[0]?.table ?? [];
    const offset = (node: string) =>
      Number(/([+-][\d.]+) s/.exec(table.find((r) => r[0] === `node ${node}`)?.[1] ?? '')?.[1]);
    expect(Math.abs(offset('worker-a') + 30)).toBeLessThanOrEqual(2);
    expect(Math.abs(offset('worker-b') - 5)).toBeLessThanOrEqual(2);
    expect(Math.abs(offset('worker-c') - 90)).toBeLessThanOrEqual(2);
    const flagged = findings(insp)
      .filter((f) => f.code === 'skew/node-clock')
      .map((f) => f.subject.name)
      .sort();
    expect(flagged).toEqual(['worker-a', 'worker-c']);
  });
});

describe('seed-003-loopback-expiry', () => {
  test('reports cert/loopback-expiry naming cp-1 and its expiry within a minute of the scenario', async () => {
    const { insp } = await inspectScenario('seed-003-loopback-expiry', ['certs']);
    const f = findings(insp).filter((x) => x.code === 'cert/loopback-expiry');
    expect(f.map((x) => x.subject.name)).toEqual(['cp-1']);
    expect(f[0]?.severity).toBe('critical');
    // started 364 days ago; NotAfter = start − 1 h + 365 days = now + 1 day − 1 h.
    const validity = f[0]?.evidence.find((e) => e.values?.some((v) => v.name === 'notAfter'));
    const expected = Date.now() + 86_400_000 - 3_600_000;
    expect(Math.abs(value(validity, 'notAfter') - expected)).toBeLessThan(60_000);
    expect(value(validity, 'daysLeft')).toBeCloseTo(23 / 24, 1);
  });
});

describe('seed-004', () => {
  test('k3s: recognised read-only first, and never sent SNI apiserver-loopback-client (k3s#7312 would learn it)', async ({
    sandbox,
  }) => {
    const k3s = await sandbox('seed-004-kubelet-san');
    const insp = await inspect(recordFor(k3s), ['certs'], AbortSignal.timeout(30_000));
    expect(k3s.sniNames).not.toContain('apiserver-loopback-client');
    expect(insp.results[0]?.examined).toMatch(/loopback certificate not probed: a k3s supervisor/);
    // A kubeadm cluster is probed for it (the check that finds seed 003).
    const kubeadm = await sandbox('demo');
    await inspect(recordFor(kubeadm), ['certs'], AbortSignal.timeout(30_000));
    expect(kubeadm.sniNames).toContain('apiserver-loopback-client');
  });

  test('kubelet-san: cert/kubelet-san-mismatch names agent-2, its InternalIP and the SANs', async ({
    sandbox,
  }) => {
    const sb = await sandbox('seed-004-kubelet-san');
    const insp = await inspect(recordFor(sb), ['certs'], AbortSignal.timeout(30_000));
    const f = findings(insp).filter((x) => x.code === 'cert/kubelet-san-mismatch');
    expect(f.map((x) => x.subject.name)).toEqual(['agent-2']);
    const ip = sb.kubelets.find((k) => k.node === 'agent-2')?.ip as string;
    expect(f[0]?.title).toContain(ip);
    expect(f[0]?.title).toContain('127.0.0.1, 192.168.1.50');
    expect(f[0]?.fix.steps[0]?.run).toContain(`node-ip: ${ip}`);
  });

  test('ip-leak: ipam/range-exhausted on agent-1 with verdict leaked and the stale-lease count', async () => {
    const { insp } = await inspectScenario('seed-004-ip-leak', ['ipam']);
    const f = findings(insp).filter((x) => x.code === 'ipam/range-exhausted');
    expect(f.map((x) => x.subject.name)).toEqual(['agent-1']);
    // 253 usable in 10.42.1.0/24, 12 live pods → 241 stale leases.
    const verdict = f[0]?.evidence.find((e) => e.fact.startsWith('verdict: leaked'));
    expect([value(verdict, 'usable'), value(verdict, 'live'), value(verdict, 'leaked')]).toEqual([
      253, 12, 241,
    ]);
    expect(f[0]?.fix.steps[0]?.run).toContain('10.42.1.2 10.42.1.3');
  });
});

describe('demo', () => {
  test('a pending kubelet-serving CSR (SANs decoded) and an expired webhook CA bundle are reported', async ({
    sandbox,
  }) => {
    const sb = await sandbox('demo');
    const insp = await inspect(recordFor(sb), ['certs'], AbortSignal.timeout(30_000));
    const all = findings(insp);
    const csr = all.find((f) => f.code === 'cert/kubelet-csr-pending');
    const ip = sb.kubelets.find((k) => k.node === 'worker-2')?.ip as string;
    expect(csr?.subject.name).toBe('csr-7xk2p');
    expect(csr?.evidence[0]?.fact).toBe(`requests DNS worker-2; IP ${ip}; key rsa`);
    expect(csr?.fix.steps.map((s) => s.run)).toContain('kubectl certificate approve csr-7xk2p');
    const hook = all.find((f) => f.code === 'cert/webhook-expiry');
    expect(hook?.severity).toBe('critical');
    expect(hook?.subject.name).toBe('cert-manager-webhook/cert-manager-webhook.cert-manager.svc');
  });
});

describe('calico-exhausted', () => {
  test('reads Calico IPAM blocks: the pool is full and worker-1 is at its block limit', async () => {
    const { insp } = await inspectScenario('calico-exhausted', ['ipam']);
    const f = findings(insp).filter((x) => x.code === 'ipam/calico-exhausted');
    expect(f.map((x) => [x.subject.kind, x.subject.name, x.severity])).toEqual([
      ['ip-pool', 'default-ipv4-ippool', 'critical'],
      ['node', 'worker-1', 'critical'],
    ]);
    expect(insp.results[0]?.examined).toContain('1 Calico pools, 4 blocks read');
  });
});

describe('healthy', () => {
  test('produces no findings and says what every check examined', async ({ sandbox }) => {
    const sb = await sandbox('healthy');
    const insp = await inspect(recordFor(sb), CHECK_IDS, AbortSignal.timeout(30_000));
    expect(findings(insp)).toEqual([]);
    for (const r of insp.results) {
      expect(r.unreadable).toEqual([]);
      expect(r.examined.length).toBeGreaterThan(10);
    }
    expect(insp.results.find((r) => r.check === 'skew')?.examined).toMatch(/all clocks within ±\d+ s/);
  });
});
