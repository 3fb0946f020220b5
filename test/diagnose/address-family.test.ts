// A node without a podCIDR on an IPv6 or dual-stack cluster: the answer says what the address family
// changes (one block per --cluster-cidr range or none; a /64 IPv6 node block) and which range the
// allocator found full, and the confirm command shows both families (.spec.podCIDRs, not .spec.podCIDR).
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const unassigned = (text: string) => {
  const f = diagnose(text, NOW).findings.find((x) => x.code === 'ipam/pod-cidr-unassigned');
  if (!f) throw new Error(`no ipam/pod-cidr-unassigned for: ${text}`);
  return f;
};
const allocatorError = (idx: number) =>
  `E1207 10:02:11.118301       1 controller_utils.go:262] "Error while processing Node Add/Delete" err="failed to allocate cidr from cluster cidr at idx:${idx}: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range"`;
const DUAL_FLAGS =
  '    - --cluster-cidr=10.244.0.0/16,fd00:10:244::/112\n    - --node-cidr-mask-size-ipv6=120';

describe('podCIDR and the address family', () => {
  test('idx:1 on a dual-stack cluster names the second range and tells the all-or-none rule', () => {
    const f = unassigned(`${allocatorError(1)}\n$ grep cidr kube-controller-manager.yaml\n${DUAL_FLAGS}`);
    const facts = f.evidence.map((e) => e.fact).join('\n');
    expect(facts).toContain('idx:1 is the second range of --cluster-cidr');
    expect(f.fix.why).toContain('On a dual-stack cluster');
    expect(f.fix.why).toContain('either range running out');
  });

  test('idx:1 alone is enough to know there are two ranges', () => {
    const f = unassigned(allocatorError(1));
    expect(f.evidence.map((e) => e.fact).join('\n')).toContain('second range');
    expect(f.fix.why).toContain('On a dual-stack cluster');
  });

  test('idx:0 on a single-stack cluster adds no range fact and no family story', () => {
    const f = unassigned(`${allocatorError(0)}\n    - --cluster-cidr=10.244.0.0/16`);
    expect(f.evidence.map((e) => e.fact).join('\n')).not.toContain('idx:0 is');
    expect(f.fix.why).not.toContain('dual-stack');
    expect(f.fix.why).not.toContain('IPv6');
  });

  test('an IPv6-only cluster whose pod range is service-sized gets the /64 node-block sentence, not the dual-stack one', () => {
    const f = unassigned(
      'Node md-0-bd67 status is now: CIDRNotAvailable\npodSubnet: fd00:100:96::/108 (copied from the service subnet)',
    );
    expect(f.fix.why).toContain('An IPv6 node block is a /64 by default');
    expect(f.fix.why).not.toContain('On a dual-stack cluster');
  });

  test('an IPv6 address that is not a range (::1, a node address) is not an IPv6 cluster', () => {
    const f = unassigned(
      'Error registering network: failed to acquire lease: node "w-3" pod cidr not assigned\nprobe to ::1 and fe80::1 ok',
    );
    expect(f.fix.why).not.toContain('IPv6');
  });

  test.each([
    allocatorError(0),
    'Error registering network: failed to acquire lease: node "w-3" pod cidr not assigned',
    'the new worker has no podCIDR, so kube-flannel keeps restarting',
  ])('the confirm command lists both families: %s', (text) => {
    const runs = unassigned(text).confirm?.map((c) => c.run) ?? [];
    expect(runs.some((r) => r.includes('.spec.podCIDRs[*]'))).toBe(true);
    expect(runs.some((r) => /\.spec\.podCIDR(?!s)/.test(r))).toBe(false);
  });
});
