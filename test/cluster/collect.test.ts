// Snapshot collection through the real HTTPS API: faults become Unreadable entries, never exceptions.
import { describe, expect } from 'vitest';
import { collectSnapshot } from '../../src/cluster/collect.js';
import { largeScenario, parseScenario } from '../../src/sandbox/scenario.js';
import { test } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';

describe('collectSnapshot', () => {
  test('a forbidden resource yields an Unreadable with the RBAC rule, and the other parts are still collected', async ({
    sandbox,
  }) => {
    const sb = await sandbox(
      parseScenario(
        {
          apiservers: [{ name: 'cp-1' }],
          nodes: [
            { name: 'cp-1', podCIDR: '10.1.0.0/24' },
            { name: 'w', podCIDR: '10.1.1.0/24' },
          ],
          forbid: ['events'],
        },
        'forbid',
      ),
    );
    const s = await collectSnapshot(
      recordFor(sb),
      ['nodes', 'pods', 'events', 'leases'],
      AbortSignal.timeout(20_000),
    );
    expect(s.unreadable).toEqual([
      {
        part: 'events',
        reason: 'forbidden',
        detail: '403 Forbidden: cannot list events',
        rbac: 'events: get, list',
      },
    ]);
    expect(s.nodes.map((n) => n.name)).toEqual(['cp-1', 'w']);
    expect(s.pods.length).toBeGreaterThan(5);
    expect(s.leases.length).toBe(3);
  });

  test('an apiserver endpoint that never answers is reported within the budget; the others answer', async ({
    sandbox,
  }) => {
    const sb = await sandbox(
      parseScenario(
        {
          apiservers: [{ name: 'cp-1' }, { name: 'cp-2', fault: 'hang' }],
          nodes: [{ name: 'cp-1' }, { name: 'cp-2' }],
        },
        'hang',
      ),
    );
    const t = Date.now();
    const s = await collectSnapshot(recordFor(sb), ['clocks', 'servingCerts'], AbortSignal.timeout(60_000), {
      budgetMs: 5_000,
    });
    const elapsed = Date.now() - t;
    expect(elapsed).toBeLessThan(9_000);
    const hung = s.clocks.find((c) => c.target === 'cp-2');
    expect(hung?.error).toBe('timeout');
    expect(s.clocks.find((c) => c.target === 'cp-1')?.offsetMs).toBeDefined();
  });

  test('connection refused and a failing TLS handshake are reported per endpoint', async ({ sandbox }) => {
    const sb = await sandbox(
      parseScenario(
        {
          apiservers: [
            { name: 'cp-1' },
            { name: 'cp-2', fault: 'refuse' },
            { name: 'cp-3', fault: 'tls-fail' },
          ],
          nodes: [{ name: 'cp-1' }, { name: 'cp-2' }, { name: 'cp-3' }],
        },
        'faults',
      ),
    );
    const s = await collectSnapshot(recordFor(sb), ['clocks', 'servingCerts'], AbortSignal.timeout(30_000), {
      budgetMs: 10_000,
    });
    const byTarget = Object.fromEntries(s.clocks.map((c) => [c.target, c.error ?? 'ok']));
    expect(byTarget).toEqual({ 'cp-1': 'ok', 'cp-2': 'unreachable', 'cp-3': 'tls' });
    expect(s.servingCerts.filter((p) => p.node === 'cp-1').every((p) => (p.chain?.length ?? 0) > 0)).toBe(
      true,
    );
  });

  test('collects the large scenario page by page (5,000 nodes, 150,000 pods, 20,000 events)', async ({
    sandbox,
  }) => {
    const sb = await sandbox(largeScenario());
    const s = await collectSnapshot(
      recordFor(sb, { kubeletsReachable: false }),
      ['nodes', 'pods', 'events', 'leases'],
      AbortSignal.timeout(120_000),
      { budgetMs: 110_000 },
    );
    expect(s.unreadable).toEqual([]);
    expect(s.nodes.length).toBe(5_000);
    expect(s.pods.length).toBeGreaterThanOrEqual(150_000);
    expect(s.events.length).toBeGreaterThanOrEqual(20_000);
    expect(s.requestCount).toBeGreaterThan(300);
  }, 150_000);
});
