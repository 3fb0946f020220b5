// Pod tables (`kubectl get pods -o wide`): a shared IP is a duplicate only when no node can own it.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const codes = (t: string): string[] => diagnose(t, NOW).findings.map((f) => f.code);

const HEAD = 'NAME                           READY   STATUS      RESTARTS      AGE   IP              NODE';
const row = (name: string, status: string, ip: string, node: string, restarts = '0'): string =>
  `${name.padEnd(31)}1/1     ${status.padEnd(12)}${restarts.padEnd(14)}25s   ${ip.padEnd(16)}${node}`;

describe('duplicate pod IPs read from a pod table', () => {
  test('two running pods on two nodes with one IP', () => {
    const t = [
      HEAD,
      row('nsqd-6kpwh', 'Running', '10.38.0.1', 'worker03'),
      row('lookupd-h85z6', 'Running', '10.38.0.1', 'worker02'),
    ].join('\n');
    const f = diagnose(t, NOW).findings[0];
    expect(f?.code).toBe('ipam/duplicate-pod-ip');
    expect(f?.title).toContain('10.38.0.1');
    expect(f?.evidence).toHaveLength(2);
  });

  test('the same table quoted in Slack or an issue (every line after "> ")', () => {
    const t = [
      HEAD,
      row('nsqd-6kpwh', 'Running', '10.38.0.1', 'worker03'),
      row('lookupd-h85z6', 'Running', '10.38.0.1', 'worker02'),
    ]
      .map((l) => `> ${l}`)
      .join('\n');
    expect(codes(t)).toContain('ipam/duplicate-pod-ip');
  });

  const AWS_NODE = 'ip-172-20-92-241.us-west-1.compute.internal';
  test.each([
    [
      'one node whose name encodes another address (ip-172-20-92-241) cannot own the shared IP',
      [
        row('my-nginx-o1wk7', 'Running', '192.168.186.4', AWS_NODE),
        row('my-nginx-wffqp', 'Running', '192.168.186.4', AWS_NODE),
      ],
      true,
    ],
    [
      'hostNetwork-like pods on one node (its own address) are not a duplicate',
      [
        row('kube-proxy-x1', 'Running', '10.0.0.5', 'worker-1'),
        row('calico-node-y2', 'Running', '10.0.0.5', 'worker-1'),
      ],
      false,
    ],
    [
      'a Completed pod keeps its old IP in status: not a duplicate',
      [
        row('job-abc', 'Completed', '10.38.0.7', 'worker02'),
        row('web-1', 'Running', '10.38.0.7', 'worker03'),
      ],
      false,
    ],
  ])('%s', (_name, rows, duplicate) => {
    expect(codes([HEAD, ...rows].join('\n')).includes('ipam/duplicate-pod-ip')).toBe(duplicate);
  });

  test('-A tables and RESTARTS like "3 (2m ago)" are read by their columns', () => {
    const head = `NAMESPACE     ${HEAD}`;
    const t = [
      head,
      `default       ${row('a-1', 'Running', '10.42.0.9', 'node-a', '3 (2m ago)')}`,
      `kube-system   ${row('b-2', 'Running', '10.42.0.9', 'node-b')}`,
    ].join('\n');
    expect(codes(t)).toContain('ipam/duplicate-pod-ip');
  });
});
