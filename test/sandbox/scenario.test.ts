import { describe, expect, test } from 'vitest';
import { loadScenario, parseScenario, ScenarioError, scenarioNames } from '../../src/sandbox/scenario.js';

describe('scenarios', () => {
  test('every bundled scenario loads', () => {
    const names = scenarioNames();
    expect(names).toEqual(
      expect.arrayContaining([
        'demo',
        'healthy',
        'seed-000-apiserver-skew',
        'seed-001-clock-jump',
        'seed-003-loopback-expiry',
        'seed-004-kubelet-san',
        'seed-004-ip-leak',
        'large',
      ]),
    );
    for (const n of names.filter((x) => x !== 'large'))
      expect(loadScenario(n).apiservers.length).toBeGreaterThan(0);
    expect(loadScenario('large').nodes.length).toBe(5_000);
  });

  test.each([
    [{}, 'apiservers must list at least one apiserver'],
    [
      { apiservers: [{ name: 'a', clockOffsetSeconds: 'fast' }] },
      'apiservers[0].clockOffsetSeconds must be a number, got "fast"',
    ],
    [
      { apiservers: [{ name: 'a' }], nodes: [{ name: 'n', podCIDR: '10.0.0.0' }] },
      'nodes[0].podCIDR must be an IPv4 CIDR like 10.42.0.0/24',
    ],
    [
      { apiservers: [{ name: 'a' }], nodes: [{ name: 'n', leaseVia: 'b' }] },
      'nodes[0].leaseVia names unknown apiserver "b"',
    ],
    [
      { apiservers: [{ name: 'a', fault: 'explode' }] },
      'apiservers[0].fault must be one of none, hang, refuse, slow, error-500, throttle-429, malformed, tls-fail, got "explode"',
    ],
    [
      { apiservers: [{ name: 'a' }], nodes: [{ name: 'n' }], csrs: [{ name: 'c', node: 'm' }] },
      'csrs[0].node names unknown node "m"',
    ],
  ])('an invalid scenario names the field: %j', (raw, message) => {
    expect(() => parseScenario(raw, 'x')).toThrow(new ScenarioError(message));
  });

  test('an unknown scenario name lists the bundled ones', () => {
    expect(() => loadScenario('nope')).toThrow(/Unknown scenario "nope"\. Bundled: .*demo/);
  });
});
