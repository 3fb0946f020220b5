import { describe, expect, test } from 'vitest';
import { skewCheck } from '../../src/checks/skew.js';
import {
  apiClock,
  kubeletEvent,
  NOW,
  node,
  nodeLease,
  pod,
  snapshot,
} from '../fixtures/snapshots/builders.js';

describe('skew check', () => {
  test('clean: no findings and says all clocks are within a bound', () => {
    const r = skewCheck.run(
      snapshot({
        clocks: [apiClock('cp-1', 0), apiClock('cp-2', 0.2)],
        nodes: [node({ name: 'w1' })],
        leases: [nodeLease('w1', 0.3)],
      }),
      NOW,
    );
    expect(r.findings).toEqual([]);
    expect(r.examined).toMatch(/2 apiservers, 1 node clock.*all clocks within ±[12] s/);
  });

  // Apiservers: critical beyond the 60 s token leeway (plus uncertainties of 0.05 s each), warning beyond 5 s.
  test.each([
    [60.05, 'warning'],
    [60.2, 'critical'],
    [4.9, undefined],
    [5.2, 'warning'],
  ])('reports skew/apiserver-clock for an apiserver %d s ahead as %s', (ahead, severity) => {
    const r = skewCheck.run(snapshot({ clocks: [apiClock('cp-1', 0), apiClock('cp-2', ahead)] }), NOW);
    const f = r.findings.filter((x) => x.code === 'skew/apiserver-clock');
    if (severity === undefined) expect(f).toEqual([]);
    else {
      expect(f.map((x) => [x.subject.name, x.severity])).toEqual([['cp-2', severity]]);
      expect(f[0]?.evidence.every((e) => e.source.startsWith('Date header of an unauthenticated GET'))).toBe(
        true,
      );
    }
  });

  // Nodes: warning when |offset| − uncertainty (0.5 s for managedFields) exceeds 5 s.
  test.each([
    [5.4, false],
    [6.2, true],
    [-6.2, true],
    [-5.4, false],
  ])('node %d s off is flagged: %s', (off, flagged) => {
    const r = skewCheck.run(
      snapshot({
        clocks: [apiClock('cp-1', 0)],
        nodes: [node({ name: 'w1' })],
        leases: [nodeLease('w1', off)],
      }),
      NOW,
    );
    const f = r.findings.filter((x) => x.code === 'skew/node-clock');
    expect(f.length).toBe(flagged ? 1 : 0);
    if (flagged) expect(f[0]?.evidence[0]?.source).toMatch(/^Lease kube-node-lease\/w1/);
  });

  test('falls back to kubelet events when the node lease has no managedFields', () => {
    const r = skewCheck.run(
      snapshot({
        clocks: [apiClock('cp-1', 0)],
        nodes: [node({ name: 'w1' })],
        events: [kubeletEvent('w1', -40), kubeletEvent('w1', -40.5)],
      }),
      NOW,
    );
    const f = r.findings.find((x) => x.code === 'skew/node-clock');
    expect(f?.subject.name).toBe('w1');
    expect(f?.evidence[0]?.fact).toContain('kubelet events');
  });

  test('reports skew/clock-jump for pods created in the future and events far from their creation time', () => {
    const r = skewCheck.run(
      snapshot({
        clocks: [apiClock('cp-1', 0)],
        nodes: [node({ name: 'w1' })],
        pods: [pod({ name: 'p', node: 'w1', createdAt: new Date(NOW.getTime() + 3 * 86_400_000) })],
        events: [kubeletEvent('w1', 0), kubeletEvent('w1', 0), kubeletEvent('w1', 3 * 86_400)],
      }),
      NOW,
    );
    const f = r.findings.filter((x) => x.code === 'skew/clock-jump');
    // Regression for #12: creationTimestamp is the apiserver's clock (the only one here: named);
    // the kubelet's event times are the node's.
    expect(f.map((x) => x.subject)).toEqual([
      { kind: 'endpoint', name: 'cp-1' },
      { kind: 'node', name: 'w1' },
    ]);
    expect(f[0]?.evidence.map((e) => e.source)).toEqual(
      expect.arrayContaining([expect.stringContaining('metadata.creationTimestamp')]),
    );
    expect(f[1]?.evidence.map((e) => e.source)).toEqual(
      expect.arrayContaining([expect.stringContaining('firstTimestamp (kubelet clock)')]),
    );
  });

  // Just inside / outside the 120 s jump tolerance.
  test.each([
    [119, 0],
    [121, 1],
  ])('a pod created %d s in the future yields %d jump findings', (sec, n) => {
    const r = skewCheck.run(
      snapshot({
        clocks: [apiClock('cp-1', 0)],
        pods: [pod({ name: 'p', node: 'w1', createdAt: new Date(NOW.getTime() + sec * 1000) })],
      }),
      NOW,
    );
    expect(r.findings.filter((x) => x.code === 'skew/clock-jump').length).toBe(n);
  });

  test('could-not-read: an unreadable part is passed through by the runner with its RBAC hint', async () => {
    const { runChecks } = await import('../../src/checks/index.js');
    const [r] = runChecks(
      snapshot({
        unreadable: [
          {
            part: 'leases',
            reason: 'forbidden',
            detail: '403 Forbidden: cannot list leases',
            rbac: 'coordination.k8s.io leases: get, list',
          },
        ],
      }),
      NOW,
      ['skew'],
    );
    expect(r?.unreadable).toEqual([
      expect.objectContaining({
        part: 'leases',
        reason: 'forbidden',
        rbac: 'coordination.k8s.io leases: get, list',
      }),
    ]);
    expect(r?.findings).toEqual([]);
  });
});
