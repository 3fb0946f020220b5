// Identity Leases as apiservers of different versions write them (shapes from the kube-apiserver
// source: pkg/controlplane/controller/apiserverleasegc and instance.go): 1.20–1.25 name them
// kube-apiserver-<uuid> with only k8s.io/component; 1.26+ kube-apiserver-<hash of the host name> with
// apiserver.kubernetes.io/identity and kubernetes.io/hostname. A node's Lease is neither.
import { describe, expect, test } from 'vitest';
import { leaseFacts } from '../../src/cluster/reduce.js';

const renew = '2026-12-03T10:00:00.000000Z';
const managed = (manager: string) => [
  {
    manager,
    operation: 'Update',
    apiVersion: 'coordination.k8s.io/v1',
    time: '2026-12-03T10:00:00Z',
    fieldsV1: { 'f:spec': { 'f:holderIdentity': {}, 'f:renewTime': {} } },
  },
];

describe('identity Leases across versions', () => {
  test('1.26+ (hash name, identity and hostname labels): an apiserver, mapped to its host', () => {
    const f = leaseFacts({
      metadata: {
        namespace: 'kube-system',
        name: 'kube-apiserver-ctt2ts3ka3gccyjz6sj3rr6ksa',
        labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': 'cp-1' },
        managedFields: managed('kube-apiserver'),
      },
      spec: {
        holderIdentity: 'kube-apiserver-5a1c7f9e-3f1b-4c7a-9a8e-0f2d6b1e4c11_0b6f6e4e',
        leaseDurationSeconds: 3600,
        renewTime: renew,
      },
    });
    expect(f.apiserverIdentity).toBe(true);
    expect(f.hostname).toBe('cp-1');
    expect(f.managedTime?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
  });

  test('1.20–1.25 (uuid name, only k8s.io/component): still an apiserver, with no host name to map', () => {
    const f = leaseFacts({
      metadata: {
        namespace: 'kube-system',
        name: 'kube-apiserver-5a1c7f9e-3f1b-4c7a-9a8e-0f2d6b1e4c11',
        labels: { 'k8s.io/component': 'kube-apiserver' },
        managedFields: managed('kube-apiserver'),
      },
      spec: { holderIdentity: 'kube-apiserver-5a1c7f9e-3f1b-4c7a-9a8e-0f2d6b1e4c11', renewTime: renew },
    });
    expect(f.apiserverIdentity).toBe(true);
    expect(f.hostname).toBeUndefined();
  });

  test("a node's Lease and a controller's leader-election Lease are not apiservers", () => {
    const node = leaseFacts({
      metadata: { namespace: 'kube-node-lease', name: 'worker-1', managedFields: managed('kubelet') },
      spec: { holderIdentity: 'worker-1', renewTime: renew },
    });
    const leader = leaseFacts({
      metadata: { namespace: 'kube-system', name: 'kube-controller-manager' },
      spec: { holderIdentity: 'cp-1_7c0f', renewTime: renew },
    });
    expect([node.apiserverIdentity, leader.apiserverIdentity]).toEqual([false, false]);
  });
});
