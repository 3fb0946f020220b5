import { describe, expect, test } from 'vitest';
import { ipamCheck, usableAddresses } from '../../src/checks/ipam.js';
import { kubeletEvent, NOW, node, pod, snapshot } from '../fixtures/snapshots/builders.js';

const exhausted = (host: string) =>
  kubeletEvent(host, 0, {
    reason: 'FailedCreatePodSandBox',
    type: 'Warning',
    message: 'failed to allocate for range 0: no IP addresses available in range set: 10.42.1.1-10.42.1.254',
  });
const pods = (n: number, nodeName: string) =>
  Array.from({ length: n }, (_, i) => pod({ name: `p${i}`, node: nodeName, ip: `10.42.1.${i + 2}` }));

describe('ipam check', () => {
  test('usable addresses exclude network, broadcast and gateway', () => {
    expect(usableAddresses('10.42.1.0/24')).toBe(253);
    expect(usableAddresses('10.42.0.0/23')).toBe(509);
  });

  test('clean: nothing found, examined names the CNI', () => {
    const r = ipamCheck.run(
      snapshot({ nodes: [node({ name: 'w1', podCIDRs: ['10.42.1.0/24'] })], pods: pods(10, 'w1') }),
      NOW,
    );
    expect(r.findings).toEqual([]);
    expect(r.examined).toContain('CNI flannel');
  });

  // Leaked when live pods < 80 % of 253 usable (202.4): 202 leaked, 203 full.
  test.each([
    [202, 'leaked'],
    [203, 'full'],
  ])('range exhausted with %d live pods is %s', (live, verdict) => {
    const r = ipamCheck.run(
      snapshot({
        nodes: [node({ name: 'w1', podCIDRs: ['10.42.1.0/24'] })],
        pods: pods(live, 'w1'),
        events: [exhausted('w1')],
      }),
      NOW,
    );
    const f = r.findings.filter((x) => x.code === 'ipam/range-exhausted');
    expect(f.length).toBe(1);
    expect(f[0]?.title).toContain(verdict === 'leaked' ? 'leaked' : 'genuinely full');
  });

  test.each([
    [227, 0],
    [228, 1],
  ])('%d pods in a /24 give %d near-full findings (90 % of 253 = 227.7)', (n, count) => {
    const r = ipamCheck.run(
      snapshot({ nodes: [node({ name: 'w1', podCIDRs: ['10.42.1.0/24'] })], pods: pods(n, 'w1') }),
      NOW,
    );
    expect(r.findings.filter((x) => x.code === 'ipam/pod-cidr-near-full').length).toBe(count);
  });

  test('overlapping podCIDRs, duplicate IPs, unassigned podCIDR and IPs outside the podCIDR', () => {
    const r = ipamCheck.run(
      snapshot({
        nodes: [
          node({ name: 'a', podCIDRs: ['10.42.0.0/23'] }),
          node({ name: 'b', podCIDRs: ['10.42.1.0/24'] }),
          node({ name: 'c' }),
        ],
        pods: [
          pod({ name: 'x', node: 'a', ip: '10.42.0.9' }),
          pod({ name: 'y', node: 'b', ip: '10.42.0.9' }),
        ],
      }),
      NOW,
    );
    expect(r.findings.map((f) => f.code).sort()).toEqual([
      'ipam/bridge-address-mismatch',
      'ipam/duplicate-pod-ip',
      'ipam/pod-cidr-overlap',
      'ipam/pod-cidr-unassigned',
    ]);
  });

  test.each([
    [['10.42.1.0/24', 'fd00:10:42:1::/64'], true],
    [['10.42.1.0/24'], false],
  ])(
    'a node without podCIDRs beside one with %j: dual-stack told = %s, and the command lists both families',
    (cidrs, dual) => {
      const r = ipamCheck.run(
        snapshot({ nodes: [node({ name: 'a', podCIDRs: cidrs }), node({ name: 'c' })] }),
        NOW,
      );
      const f = r.findings.find((x) => x.code === 'ipam/pod-cidr-unassigned');
      expect(f?.subject.name).toBe('c');
      expect(f?.fix.why.includes('This cluster is dual-stack')).toBe(dual);
      expect(f?.fix.steps[0]?.run).toContain('.spec.podCIDRs[*]');
    },
  );

  test('Calico "Unable to autoassign" events give ipam/calico-exhausted for that node', () => {
    const r = ipamCheck.run(
      snapshot({
        nodes: [node({ name: 'w1', calico: true, flannel: false })],
        events: [
          kubeletEvent('w1', 0, {
            reason: 'FailedCreatePodSandBox',
            message:
              'plugin type="calico" failed (add): Unable to autoassign an address - pools are likely exhausted',
          }),
        ],
      }),
      NOW,
    );
    expect(r.findings.map((f) => [f.code, f.subject.name])).toEqual([['ipam/calico-exhausted', 'w1']]);
    expect(r.examined).toContain('CNI calico');
  });

  // Pool /24 in /26 blocks (4 blocks): warning once 90 % is claimed, i.e. all 4 (3 of 4 = 75 %).
  test.each([
    [3, 0],
    [4, 1],
  ])('a Calico pool with %d of 4 blocks claimed gives %d pool findings', (n, count) => {
    const blocks = Array.from({ length: n }, (_, i) => ({
      cidr: `192.168.0.${i * 64}/26`,
      host: `w${i}`,
      used: 10,
      size: 64,
    }));
    const r = ipamCheck.run(
      snapshot({
        calico: {
          pools: [{ name: 'p', cidr: '192.168.0.0/24', blockSize: 26, disabled: false }],
          blocks,
          maxBlocksPerHost: 0,
        },
      }),
      NOW,
    );
    expect(r.findings.filter((f) => f.subject.kind === 'ip-pool').length).toBe(count);
  });

  test.each([
    [57, 0],
    [58, 1],
  ])('a host at maxBlocksPerHost with %d of 64 addresses used gives %d host findings', (used, count) => {
    const r = ipamCheck.run(
      snapshot({
        calico: {
          pools: [{ name: 'p', cidr: '10.0.0.0/16', blockSize: 26, disabled: false }],
          blocks: [{ cidr: '10.0.0.0/26', host: 'w1', used, size: 64 }],
          maxBlocksPerHost: 1,
        },
      }),
      NOW,
    );
    expect(
      r.findings.filter((f) => f.subject.kind === 'node' && f.code === 'ipam/calico-exhausted').length,
    ).toBe(count);
  });
});
