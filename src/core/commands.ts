/**
 * Fix commands more than one check or paste rule hands out, so each is written once.
 * @module
 */
import type { Command } from './finding.js';

/** The lasting fix for a kubelet serving certificate no verifier trusts (self-signed, or another CA's). */
export const KUBELET_SERVING_FROM_CA: Command = {
  run: 'Enable serverTLSBootstrap on the kubelet and approve its CSR, or give the verifier the CA that signed the kubelet certificate.',
  kind: 'advice',
  where: 'node',
};

/**
 * Each node's podCIDRs, both families on a dual-stack cluster (`.spec.podCIDR` shows only the first),
 * comma-joined; `<none>` for a node without one (checked with kubectl 1.32 against kube-apiserver 1.28).
 */
export const NODE_POD_CIDRS: Command = {
  run: 'kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDRS:.spec.podCIDRs[*]',
  where: 'workstation',
};

/** A node that is gone still holds its podCIDR until its Node object is deleted. */
export const FREE_GONE_NODE_CIDR: Command = {
  run: 'kubectl delete node <node-that-no-longer-exists>',
  where: 'workstation',
  caution: 'Frees its CIDR; only for nodes that are gone.',
};

/**
 * More node blocks from the range allocator: nodes ≤ 2^(mask − prefix), so a wider cluster range or a
 * longer (larger-numbered) node mask. A Node's podCIDR cannot change once set (API validation).
 */
export const MORE_NODE_CIDRS: Command = {
  run: 'Widen --cluster-cidr, or raise --node-cidr-mask-size (smaller blocks: more nodes, fewer pod addresses each), on kube-controller-manager (kubeadm: networking.podSubnet); on a dual-stack cluster, the range of the family that ran out and its --node-cidr-mask-size-ipv4 or -ipv6.',
  kind: 'advice',
  where: 'control-plane',
  caution:
    "A node's podCIDR cannot change once set: existing nodes keep theirs and get a new one only when re-registered (drain, delete, rejoin). With Calico or Cilium IPAM set --allocate-node-cidrs=false instead.",
};

/** Control-plane distributions, as far as the commands differ. */
export type Distro = 'k3s' | 'rke2' | 'kubeadm' | 'unknown';

/**
 * Restarting one kube-apiserver (which also renews its in-memory loopback certificate). For an
 * unknown distribution (a paste) the kubeadm static-pod way is given with the k3s/RKE2 ones beside it.
 */
export function restartApiserver(d: Distro, host?: string): Command[] {
  const on = {
    where: 'control-plane' as const,
    ...(host ? { host } : {}),
    caution: 'Restart one apiserver at a time and wait for /readyz before the next.',
  };
  if (d === 'k3s') return [{ run: 'systemctl restart k3s', ...on }];
  if (d === 'rke2') return [{ run: 'systemctl restart rke2-server', ...on }];
  const staticPod =
    'mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/ && sleep 20 && mv /root/kube-apiserver.yaml /etc/kubernetes/manifests/';
  return [
    {
      run:
        d === 'unknown'
          ? `${staticPod}   # k3s: systemctl restart k3s; RKE2: systemctl restart rke2-server`
          : staticPod,
      ...on,
    },
    { run: 'kubectl get --raw /readyz?verbose | tail -1', where: 'workstation' },
  ];
}
