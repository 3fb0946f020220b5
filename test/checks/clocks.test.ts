// The clock model: one row per apiserver (probed endpoints and identity Leases merged), stopped
// apiservers apart, node clocks placed against precise apiservers only. Regression for #12.
import { describe, expect, test } from 'vitest';
import { apiserverModel, clockModel } from '../../src/checks/clocks.js';
import {
  apiClock,
  cert,
  identityLease,
  NOW,
  node,
  nodeLease,
  snapshot,
} from '../fixtures/snapshots/builders.js';

const W0 = new Date(NOW.getTime() - 11_000);

describe('apiserver model', () => {
  test('merges an endpoint and its identity Lease by host name: three apiservers, three rows', () => {
    const m = apiserverModel(
      snapshot({
        clocks: [apiClock('cp-1', 0), apiClock('cp-2', 90), apiClock('cp-3', 0)],
        leases: [identityLease('cp-1', 0), identityLease('cp-2', 90), identityLease('cp-3', 0)],
      }),
    );
    expect(m.api.map((a) => [a.name, a.method, a.lease])).toEqual([
      ['cp-1', 'Date header', 'apiserver-cp-1-x7k2'],
      ['cp-2', 'Date header', 'apiserver-cp-2-x7k2'],
      ['cp-3', 'Date header', 'apiserver-cp-3-x7k2'],
    ]);
    expect(m.stopped).toEqual([]);
  });

  test.each([
    // A Lease estimate from one LIST is ±5 s: an endpoint 4 s away agrees, 12 s away does not.
    [94, 1],
    [102, 2],
  ])('pairs an unnamed endpoint with a Lease by clock agreement (Lease at %i s)', (leaseAt, rows) => {
    const ep = { ...apiClock('10.0.0.12:6443', 90), address: '10.0.0.12' };
    const m = apiserverModel(snapshot({ clocks: [ep], leases: [identityLease('cp-2', leaseAt, 5)] }));
    expect(m.api).toHaveLength(rows);
    if (rows === 1) expect(m.api[0]?.name).toBe('cp-2');
  });

  test('endpoints whose clocks agree are named by the host in their serving certificate, and only when it is unambiguous', () => {
    const ep = (a: string) => ({ ...apiClock(`${a}:6443`, 0), address: a });
    const serving = (address: string, dnsNames: string[]) => ({
      target: 'apiserver-serving' as const,
      address,
      port: 6443,
      chain: [cert({ daysLeft: 300, dnsNames: ['kubernetes', 'kubernetes.default', ...dnsNames] })],
    });
    const leases = [identityLease('ha-1', 0), identityLease('ha-2', 0), identityLease('ha-3', 0)];
    const named = apiserverModel(
      snapshot({
        clocks: [ep('10.77.0.11'), ep('10.77.0.12'), ep('10.77.0.13')],
        leases,
        servingCerts: [
          serving('10.77.0.11', ['ha-1']),
          serving('10.77.0.12', ['ha-2']),
          serving('10.77.0.13', ['ha-3']),
        ],
      }),
    );
    expect(named.api.map((a) => [a.address, a.name, a.lease])).toEqual([
      ['10.77.0.11:6443', 'ha-1', 'apiserver-ha-1-x7k2'],
      ['10.77.0.12:6443', 'ha-2', 'apiserver-ha-2-x7k2'],
      ['10.77.0.13:6443', 'ha-3', 'apiserver-ha-3-x7k2'],
    ]);
    // Every certificate names every host (one shared certificate): no guess, the addresses stay.
    const shared = apiserverModel(
      snapshot({
        clocks: [ep('10.77.0.11'), ep('10.77.0.12'), ep('10.77.0.13')],
        leases,
        servingCerts: ['10.77.0.11', '10.77.0.12', '10.77.0.13'].map((a) =>
          serving(a, ['ha-1', 'ha-2', 'ha-3']),
        ),
      }),
    );
    expect(shared.api.map((a) => a.name).sort()).toEqual([
      '10.77.0.11:6443',
      '10.77.0.12:6443',
      '10.77.0.13:6443',
    ]);
  });

  test('a Lease not renewed during a whole watch is a stopped apiserver, never a clock', () => {
    const m = apiserverModel(
      snapshot({
        clocks: [apiClock('cp-1', 0)],
        leases: [identityLease('cp-1', 0), identityLease('cp-old', 0, 720)],
        identityWatch: { watched: ['apiserver-cp-old-x7k2'], startedAt: W0, endedAt: NOW, renewals: [] },
      }),
    );
    expect(m.api.map((a) => a.name)).toEqual(['cp-1']);
    expect(m.stopped.map((x) => [x.name, Math.round(x.agoMs / 60_000)])).toEqual([['cp-old', 12]]);
  });

  test.each([
    [9_999, 'a watch shorter than one renewal interval proves nothing: the Lease stays a (±5 s) clock'],
    [10_000, 'a watch of one renewal interval with no renewal: stopped'],
  ])('watch of %i ms: %s', (ms, _why) => {
    const m = apiserverModel(
      snapshot({
        leases: [identityLease('cp-old', 0, 8)],
        identityWatch: {
          watched: ['apiserver-cp-old-x7k2'],
          startedAt: new Date(NOW.getTime() - ms),
          endedAt: NOW,
          renewals: [],
        },
      }),
    );
    expect(m.stopped.length).toBe(ms >= 10_000 ? 1 : 0);
  });

  test('a watched renewal measures an unreachable apiserver within the delivery bound', () => {
    const m = apiserverModel(
      snapshot({
        clocks: [apiClock('cp-1', 0)],
        leases: [identityLease('cp-1', 0), identityLease('cp-2', 90, 7)],
        identityWatch: {
          watched: ['apiserver-cp-2-x7k2'],
          startedAt: W0,
          endedAt: NOW,
          renewals: [
            {
              name: 'apiserver-cp-2-x7k2',
              renewTime: new Date(NOW.getTime() - 4_000 + 90_000),
              receivedAt: new Date(NOW.getTime() - 4_000 + 20),
            },
          ],
        },
      }),
    );
    const cp2 = m.api.find((a) => a.name === 'cp-2');
    expect(cp2?.method).toBe('identity lease renewal (watched)');
    expect(Math.abs((cp2?.offsetMs ?? 0) - 90_000)).toBeLessThanOrEqual(cp2?.uncertaintyMs ?? 0);
    expect(cp2?.uncertaintyMs).toBeLessThanOrEqual(500);
  });
});

describe('node clocks against disagreeing apiservers', () => {
  test('use only the precisely measured apiservers as candidates, and say so', () => {
    // cp-2 (+90 s) is measured precisely; cp-9 is a ±5 s Lease estimate near +25 s that would
    // otherwise "explain" a −30 s node as −5 s (the smallest offset).
    const m = clockModel(
      snapshot({
        clocks: [apiClock('cp-1', 0), apiClock('cp-2', 90)],
        leases: [identityLease('cp-9', 25, 5), nodeLease('w1', -30)],
        nodes: [node({ name: 'w1' })],
      }),
      NOW,
    );
    const w1 = m.nodes.find((n) => n.node === 'w1');
    expect(Math.abs((w1?.offsetMs ?? 0) + 30_000)).toBeLessThanOrEqual(1_000);
    expect(w1?.uncertaintyMs).toBeLessThanOrEqual(1_000);
    expect(w1?.relativeTo).toContain('precisely measured');
  });
});
