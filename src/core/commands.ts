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
