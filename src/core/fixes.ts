/**
 * The fix catalog: each command that differs by distribution is written here once, with its variant
 * per platform, and both the live checks and the paste rules take it from here. A paste says which
 * platform it came from only sometimes (`detectPlatform`); when it does not, the kubeadm and k3s
 * variants are both given, each labelled, never one presented as the user's.
 * @module
 */
import type { Distro } from './commands.js';
import type { Command } from './finding.js';

/** Where a cluster's control plane comes from, as far as the commands differ. */
export type Platform =
  | 'kubeadm'
  | 'k3s'
  | 'rke2'
  | 'openshift3'
  | 'openshift4'
  | 'eks'
  | 'gke'
  | 'aks'
  | 'kind'
  | 'minikube'
  | 'microk8s'
  | 'talos';

/** Human names for labels. */
export const PLATFORM_NAME: Readonly<Record<Platform, string>> = {
  kubeadm: 'kubeadm',
  k3s: 'k3s',
  rke2: 'RKE2',
  openshift3: 'OpenShift 3.x',
  openshift4: 'OpenShift 4',
  eks: 'EKS',
  gke: 'GKE',
  aks: 'AKS',
  kind: 'kind',
  minikube: 'minikube',
  microk8s: 'MicroK8s',
  talos: 'Talos',
};

interface Variant {
  readonly run: string;
  readonly where: Command['where'];
  readonly caution?: string;
  readonly kind?: Command['kind'];
}

/** The actions whose commands differ by platform. */
export type FixAction = NonNullable<Command['catalog']>;

const MANAGED =
  'The provider runs the control plane and rotates its certificates: a client or node error means a stale kubeconfig or node credential, not a control-plane certificate.';

/** A managed node's own credentials are the provider's: the fix is a new node. */
const REPLACE_MANAGED_NODE: Variant = {
  run: 'Replace the node (drain it and let its node group or pool create a new one): managed node credentials are not renewed by hand.',
  where: 'workstation',
  kind: 'advice',
};

/** Clears a node's host-local leases with its pod sandboxes stopped (a kubelet run by systemd). */
export function leaseReset(dir: string): string {
  return `systemctl stop kubelet && crictl stopp $(crictl pods -q) && rm -rf ${dir} && systemctl start kubelet`;
}

/** The same on k3s: k3s-killall.sh stops every container, and starting the unit brings them back. */
export function k3sLeaseReset(dir: string, unit = 'k3s-agent'): string {
  return `k3s-killall.sh && rm -rf ${dir} && systemctl start ${unit}`;
}

/** Empties a node before its pod sandboxes are stopped, and lets pods back afterwards. */
const DRAIN_NODE: Variant = {
  run: 'kubectl drain <node> --ignore-daemonsets --delete-emptydir-data',
  where: 'workstation',
  caution: 'Evicts every pod on the node.',
};
const UNCORDON_NODE: Variant = { run: 'kubectl uncordon <node>', where: 'workstation' };

/** Restarting the k3s or RKE2 unit that runs a node's kubelet, when the node's role is not known (a paste). */
const K3S_RESTART = 'systemctl restart k3s-agent   # on a server: systemctl restart k3s';
const RKE2_RESTART = 'systemctl restart rke2-agent   # on a server: systemctl restart rke2-server';
/** What restarting a kubelet does, whichever way it is restarted. */
const KUBELET_RESTART_CAUTION =
  'Restarts the kubelet: it re-requests every pod token (its token cache is in memory) and clears its stats cache; containers keep running.';
const kubeletRestart = (run: string, where: Command['where'] = 'node'): Variant => ({
  run,
  where,
  caution: KUBELET_RESTART_CAUTION,
});

export const FIX_CATALOG: Readonly<Record<FixAction, Partial<Record<Platform, readonly Variant[]>>>> = {
  kubeletRestart: {
    kubeadm: [kubeletRestart('systemctl restart kubelet')],
    k3s: [kubeletRestart(K3S_RESTART)],
    rke2: [kubeletRestart(RKE2_RESTART)],
    openshift3: [kubeletRestart('systemctl restart atomic-openshift-node   # OKD 3: origin-node')],
    openshift4: [
      kubeletRestart('oc debug node/<node> -- chroot /host systemctl restart kubelet', 'workstation'),
    ],
    eks: [kubeletRestart('systemctl restart kubelet')],
    gke: [kubeletRestart('systemctl restart kubelet')],
    aks: [kubeletRestart('systemctl restart kubelet')],
    kind: [kubeletRestart('docker exec <node> systemctl restart kubelet', 'workstation')],
    minikube: [kubeletRestart('minikube ssh -- sudo systemctl restart kubelet', 'workstation')],
    microk8s: [kubeletRestart('snap restart microk8s.daemon-kubelite')],
    talos: [kubeletRestart('talosctl -n <node> service kubelet restart', 'workstation')],
  },
  certCheck: {
    kubeadm: [{ run: 'kubeadm certs check-expiration', where: 'control-plane' }],
    k3s: [{ run: 'k3s certificate check --output table', where: 'control-plane' }],
    rke2: [{ run: 'rke2 certificate check --output table', where: 'control-plane' }],
    openshift4: [
      {
        run: `oc get secrets -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name} {.metadata.annotations.auth\\.openshift\\.io/certificate-not-after}{"\\n"}{end}' | awk 'NF==2' | sort -k2`,
        where: 'workstation',
      },
    ],
    openshift3: [
      {
        run: 'ansible-playbook -i <inventory> playbooks/openshift-checks/certificate_expiry/easy-mode.yaml',
        where: 'workstation',
      },
    ],
    kind: [
      { run: 'docker exec <cluster>-control-plane kubeadm certs check-expiration', where: 'workstation' },
    ],
    minikube: [
      {
        run: 'minikube ssh -- sudo openssl x509 -noout -enddate -in /var/lib/minikube/certs/apiserver.crt',
        where: 'workstation',
      },
    ],
    microk8s: [{ run: 'microk8s refresh-certs --check', where: 'control-plane' }],
    eks: [{ run: MANAGED, where: 'workstation', kind: 'advice' }],
    gke: [{ run: MANAGED, where: 'workstation', kind: 'advice' }],
    aks: [{ run: MANAGED, where: 'workstation', kind: 'advice' }],
  },
  certRenew: {
    kubeadm: [
      {
        run: 'kubeadm certs renew all && cp /etc/kubernetes/admin.conf $HOME/.kube/config',
        where: 'control-plane',
        caution:
          'Renews every control-plane certificate on this node; then restart its static pods (move each manifest out of /etc/kubernetes/manifests and back), one node at a time.',
      },
    ],
    k3s: [
      {
        run: 'systemctl stop k3s && k3s certificate rotate && systemctl start k3s',
        where: 'control-plane',
        caution: 'Restarts k3s on this server; afterwards run systemctl restart k3s-agent on each agent.',
      },
    ],
    rke2: [
      {
        run: 'systemctl stop rke2-server && rke2 certificate rotate && systemctl start rke2-server',
        where: 'control-plane',
        caution: 'Restarts RKE2 on this server; afterwards run systemctl restart rke2-agent on each agent.',
      },
    ],
    openshift4: [
      {
        run: 'oc get csr -o go-template=\'{{range .items}}{{if not .status}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}\' | xargs --no-run-if-empty oc adm certificate approve',
        where: 'workstation',
        caution:
          'OpenShift 4 renews its own certificates; after the cluster was off past expiry, approve the pending kubelet CSRs (repeat until none are pending). Check each CSR is from your nodes first.',
      },
    ],
    openshift3: [
      {
        run: 'ansible-playbook -i <inventory> playbooks/redeploy-certificates.yml',
        where: 'workstation',
        caution: 'Redeploys the certificates of every master and node; restarts services.',
      },
    ],
    kind: [
      {
        run: 'docker exec <cluster>-control-plane kubeadm certs renew all && docker restart <cluster>-control-plane',
        where: 'workstation',
      },
    ],
    minikube: [
      {
        run: 'minikube stop && minikube start',
        where: 'workstation',
        caution: 'minikube regenerates expired certificates on start.',
      },
    ],
    microk8s: [
      {
        run: 'microk8s refresh-certs --cert server.crt && microk8s refresh-certs --cert front-proxy-client.crt',
        where: 'control-plane',
        caution:
          'Restarts the MicroK8s services on this node. In a multi-node cluster the other nodes must leave and join again to take the new certificates. An expired CA (refresh-certs --check shows negative days for it) needs --cert ca.crt, which re-issues everything.',
      },
    ],
    eks: [
      {
        run: 'aws eks update-kubeconfig --name <cluster>   # refresh the kubeconfig credentials',
        where: 'workstation',
      },
    ],
    gke: [
      {
        run: 'gcloud container clusters update <cluster> --start-credential-rotation',
        where: 'workstation',
        caution:
          'Rotates the cluster CA and credentials; complete it with --complete-credential-rotation after the nodes are recreated.',
      },
    ],
    aks: [
      {
        run: 'az aks rotate-certs --resource-group <group> --name <cluster>',
        where: 'workstation',
        caution:
          'Rotates every cluster certificate; nodes are re-imaged and the cluster is unavailable for up to 30 minutes.',
      },
    ],
  },
  apiserverAuthLog: {
    kubeadm: [
      {
        run: "kubectl -n kube-system logs -l component=kube-apiserver --since=15m | grep 'Unable to authenticate'",
        where: 'workstation',
      },
    ],
    k3s: [{ run: "journalctl -u k3s --since -15m | grep 'Unable to authenticate'", where: 'control-plane' }],
    rke2: [
      {
        run: "kubectl -n kube-system logs -l component=kube-apiserver --since=15m | grep 'Unable to authenticate'",
        where: 'workstation',
      },
    ],
    openshift4: [
      {
        run: "oc -n openshift-kube-apiserver logs -l app=openshift-kube-apiserver -c kube-apiserver --since=15m | grep 'Unable to authenticate'",
        where: 'workstation',
      },
    ],
    openshift3: [{ run: "master-logs api api 2>&1 | grep 'Unable to authenticate'", where: 'control-plane' }],
    microk8s: [
      {
        run: "journalctl -u snap.microk8s.daemon-kubelite --since -15m | grep 'Unable to authenticate'",
        where: 'control-plane',
      },
    ],
    kind: [
      {
        run: "kubectl -n kube-system logs -l component=kube-apiserver --since=15m | grep 'Unable to authenticate'",
        where: 'workstation',
      },
    ],
    minikube: [
      {
        run: "kubectl -n kube-system logs -l component=kube-apiserver --since=15m | grep 'Unable to authenticate'",
        where: 'workstation',
      },
    ],
    eks: [
      {
        run: 'Enable the "authenticator" and "api" control-plane log types and search CloudWatch Logs for "Unable to authenticate".',
        where: 'workstation',
        kind: 'advice',
      },
    ],
    gke: [
      {
        run: 'Search Cloud Logging (resource.type="k8s_control_plane_component", component kube-apiserver) for "Unable to authenticate".',
        where: 'workstation',
        kind: 'advice',
      },
    ],
    aks: [
      {
        run: 'Send the kube-apiserver diagnostic log to Log Analytics and search it for "Unable to authenticate".',
        where: 'workstation',
        kind: 'advice',
      },
    ],
  },
  kubeletCsrApprove: {
    kubeadm: [
      {
        run: 'kubectl get csr --sort-by=.metadata.creationTimestamp | grep -i pending',
        where: 'workstation',
      },
      {
        run: 'kubectl certificate approve <csr-name>',
        where: 'workstation',
        caution: 'Approve only CSRs from your own nodes (check the requestor and the SANs).',
      },
    ],
    k3s: [
      {
        run: 'kubectl get csr --sort-by=.metadata.creationTimestamp | grep -i pending',
        where: 'workstation',
      },
      {
        run: 'kubectl certificate approve <csr-name>',
        where: 'workstation',
        caution: 'Approve only CSRs from your own nodes (check the requestor and the SANs).',
      },
    ],
    openshift4: [
      { run: 'oc get csr | grep -i pending', where: 'workstation' },
      {
        run: 'oc adm certificate approve <csr-name>',
        where: 'workstation',
        caution: 'Approve only CSRs from your own nodes.',
      },
    ],
    microk8s: [
      {
        run: 'microk8s kubectl get csr --sort-by=.metadata.creationTimestamp | grep -i pending',
        where: 'control-plane',
      },
      {
        run: 'microk8s kubectl certificate approve <csr-name>',
        where: 'control-plane',
        caution: 'Approve only CSRs from your own nodes (check the requestor and the SANs).',
      },
    ],
  },
  kubeletClientReissue: {
    kubeadm: [
      {
        run: 'openssl x509 -noout -enddate -in /var/lib/kubelet/pki/kubelet-client-current.pem',
        where: 'node',
      },
      {
        run: 'kubeadm kubeconfig user --org system:nodes --client-name system:node:<node> > /tmp/kubelet.conf   # on a control-plane node, for the broken node',
        where: 'control-plane',
      },
      {
        run: 'cp /tmp/kubelet.conf /etc/kubernetes/kubelet.conf && rm -f /var/lib/kubelet/pki/kubelet-client-current.pem && systemctl restart kubelet',
        where: 'node',
        caution:
          'Replaces the node credential (copy the file from the control-plane node first); the kubelet restarts, containers keep running, and it rotates its certificate itself from then on.',
      },
    ],
    k3s: [
      {
        run: 'openssl x509 -noout -enddate -in /var/lib/rancher/k3s/agent/client-kubelet.crt',
        where: 'node',
      },
      {
        run: K3S_RESTART,
        where: 'node',
        caution:
          'k3s reissues the kubelet client certificate from the server on start once it is inside its renewal window or expired.',
      },
    ],
    rke2: [
      {
        run: 'openssl x509 -noout -enddate -in /var/lib/rancher/rke2/agent/client-kubelet.crt',
        where: 'node',
      },
      {
        run: RKE2_RESTART,
        where: 'node',
        caution: 'RKE2 reissues the kubelet client certificate from the server on start.',
      },
    ],
    openshift4: [
      { run: 'oc get csr | grep -i pending', where: 'workstation' },
      {
        run: 'oc adm certificate approve <csr-name>',
        where: 'workstation',
        caution:
          "A node whose client certificate expired asks again through a CSR; approve only your own nodes' CSRs.",
      },
    ],
    eks: [REPLACE_MANAGED_NODE],
    gke: [REPLACE_MANAGED_NODE],
    aks: [REPLACE_MANAGED_NODE],
  },
  kubeletServingRenew: {
    kubeadm: [
      {
        run: 'rm /var/lib/kubelet/pki/kubelet.crt /var/lib/kubelet/pki/kubelet.key && systemctl restart kubelet',
        where: 'node',
        caution:
          'Regenerates the self-signed certificate for another year; serverTLSBootstrap: true with an approved CSR is the lasting fix.',
      },
    ],
    k3s: [
      {
        run: K3S_RESTART,
        where: 'node',
        caution:
          'k3s reissues serving-kubelet.crt (under /var/lib/rancher/k3s/agent) from its own CA on start once it is inside its renewal window or expired.',
      },
    ],
    rke2: [
      {
        run: RKE2_RESTART,
        where: 'node',
        caution: 'RKE2 reissues serving-kubelet.crt (under /var/lib/rancher/rke2/agent) on start.',
      },
    ],
    openshift4: [
      { run: 'oc get csr | grep -i pending', where: 'workstation' },
      {
        run: 'oc adm certificate approve <csr-name>',
        where: 'workstation',
        caution:
          "Kubelet serving certificates are issued through CSRs; approve only your own nodes' (check the SANs).",
      },
    ],
  },
  // A kubeconfig with the cluster's current CA (and fresh credentials), from where each distribution keeps
  // it: after a reinstall or a CA rotation, or for a client never given the CA.
  kubeconfigRefetch: {
    kubeadm: [{ run: 'cp /etc/kubernetes/admin.conf $HOME/.kube/config', where: 'control-plane' }],
    k3s: [
      {
        run: 'cp /etc/rancher/k3s/k3s.yaml $HOME/.kube/config   # from another host: set server: to the server address',
        where: 'control-plane',
      },
    ],
    rke2: [
      {
        run: 'cp /etc/rancher/rke2/rke2.yaml $HOME/.kube/config   # from another host: set server: to the server address',
        where: 'control-plane',
      },
    ],
    openshift4: [
      {
        run: "oc login --server=https://api.<cluster>.<domain>:6443   # or the installer's auth/kubeconfig",
        where: 'workstation',
      },
    ],
    eks: [
      {
        run: 'aws eks update-kubeconfig --name <cluster> --region <region>',
        where: 'workstation',
        caution:
          "Terraform's kubernetes and helm providers take the CA from the cluster: cluster_ca_certificate = base64decode(data.aws_eks_cluster.<name>.certificate_authority[0].data).",
      },
    ],
    gke: [
      {
        run: 'gcloud container clusters get-credentials <cluster> --location <location>',
        where: 'workstation',
      },
    ],
    aks: [
      {
        run: 'az aks get-credentials --resource-group <group> --name <cluster> --overwrite-existing',
        where: 'workstation',
      },
    ],
    kind: [{ run: 'kind export kubeconfig --name <cluster>', where: 'workstation' }],
    minikube: [{ run: 'minikube update-context', where: 'workstation' }],
    microk8s: [{ run: 'microk8s config > $HOME/.kube/config', where: 'control-plane' }],
  },
  // A node whose pods get no address: host-local's lease files (kubeadm with kubenet, flannel or bridge;
  // k3s's flannel is cbr0), the VPC CNI's subnets and warm pool (EKS), Azure CNI's node subnet (AKS).
  podIpsFree: {
    kubeadm: [
      {
        run: 'ls /var/lib/cni/networks/<network> | wc -l; crictl pods -q | wc -l   # leases vs pods; ls /var/lib/cni/networks/ names the network',
        where: 'node',
      },
      DRAIN_NODE,
      {
        run: leaseReset('/var/lib/cni/networks/<network>'),
        where: 'node',
        caution:
          'For host-local networks only (kubenet, flannel, bridge): stops every pod sandbox on the node, and their leases go with them.',
      },
      UNCORDON_NODE,
    ],
    k3s: [
      {
        run: 'ls /var/lib/cni/networks/cbr0 | wc -l; k3s crictl pods -q | wc -l   # leases vs pods',
        where: 'node',
      },
      DRAIN_NODE,
      {
        run: `${k3sLeaseReset('/var/lib/cni/networks/cbr0')}   # on a server: systemctl start k3s`,
        where: 'node',
        caution: 'Stops every container on the node; its flannel leases go with them.',
      },
      UNCORDON_NODE,
    ],
    eks: [
      {
        run: "aws ec2 describe-subnets --filters Name=vpc-id,Values=<vpc-id> --query 'Subnets[].[SubnetId,AvailableIpAddressCount]' --output table",
        where: 'workstation',
      },
      {
        run: 'grep -iE "no available IP|InsufficientFreeAddresses" /var/log/aws-routed-eni/ipamd.log | tail -5',
        where: 'node',
      },
      {
        run: 'kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=2 MINIMUM_IP_TARGET=<pods per node>',
        where: 'workstation',
        caution:
          'Each node then holds a few spare addresses instead of a whole spare ENI (WARM_ENI_TARGET=1), which gives subnet addresses back; more EC2 API calls.',
      },
      {
        run: 'A subnet that is genuinely full needs more addresses: prefix delegation (kubectl set env daemonset aws-node -n kube-system ENABLE_PREFIX_DELEGATION=true; Nitro instances, raise maxPods) or custom networking on a secondary VPC CIDR.',
        where: 'workstation',
        kind: 'advice',
      },
    ],
    aks: [
      {
        run: 'az aks show -g <resource-group> -n <cluster> --query networkProfile.networkPlugin -o tsv   # kubenet: the kubeadm host-local steps apply on the node',
        where: 'workstation',
      },
      {
        run: "az network vnet subnet show -g <vnet-resource-group> --vnet-name <vnet> -n <subnet> --query '{prefix:addressPrefix, used:length(ipConfigurations)}'",
        where: 'workstation',
      },
      {
        run: "Azure CNI reserves each node's maxPods addresses in the node subnet: a full subnet needs a larger one, or Azure CNI Overlay (pods on a private CIDR).",
        where: 'workstation',
        kind: 'advice',
      },
    ],
  },
};

/** Platforms given side by side, labelled, when the paste does not say which one it is. */
const WHEN_UNKNOWN: readonly Platform[] = ['kubeadm', 'k3s'];

/**
 * The commands for an action on a platform, each labelled with the platform it is for. Unknown
 * platform: the kubeadm and k3s variants. A platform with no variant of its own gets the kubeadm
 * one, labelled as kubeadm.
 */
export function fixSteps(action: FixAction, platform: Platform | undefined): Command[] {
  const entry = FIX_CATALOG[action];
  const wanted = platform ? [platform] : WHEN_UNKNOWN;
  const out: Command[] = [];
  for (const p of wanted) {
    const own = entry[p];
    const use: Platform = own ? p : 'kubeadm';
    for (const v of entry[use] ?? []) out.push({ ...v, platform: PLATFORM_NAME[use] });
  }
  return out;
}

/**
 * A catalog step for a rule written before the paste is read: the kubeadm variant, marked so the
 * diagnosis swaps in the variants for the paste's distribution (`localiseSteps`).
 */
export function catalogStep(action: FixAction): Command {
  const v = FIX_CATALOG[action].kubeadm?.[0] as Variant;
  return { ...v, catalog: action };
}

/** Replaces every catalog step with its variants for the platform (both labelled when unknown). */
export function localiseSteps(steps: readonly Command[], platform: Platform | undefined): Command[] {
  const out: Command[] = [];
  const done = new Set<FixAction>();
  for (const s of steps) {
    if (!s.catalog) {
      out.push(s);
      continue;
    }
    if (done.has(s.catalog)) continue;
    done.add(s.catalog);
    out.push(...fixSteps(s.catalog, platform).map((c) => (s.host ? { ...c, host: s.host } : c)));
  }
  return out;
}

/**
 * Restarting one node's kubelet in a live cluster: k3s and RKE2 run it inside their own unit (the server's
 * or the agent's, by the node's role); every other distribution runs it as the kubelet unit.
 */
export function kubeletRestartOn(
  node: { readonly name: string; readonly controlPlane?: boolean },
  d: Distro,
  caution = KUBELET_RESTART_CAUTION,
): Command {
  const unit =
    d === 'k3s'
      ? node.controlPlane
        ? 'k3s'
        : 'k3s-agent'
      : d === 'rke2'
        ? node.controlPlane
          ? 'rke2-server'
          : 'rke2-agent'
        : 'kubelet';
  return { run: `systemctl restart ${unit}`, where: 'node', host: node.name, caution };
}

/** The platform of a live cluster's detected distribution (undefined when it could not be told). */
export function platformOf(d: Distro): Platform | undefined {
  return d === 'unknown' ? undefined : d;
}
