/**
 * The catalog of finding codes. Codes are a public API (docs/findings.md, generated from this file): never renamed, never
 * reused. `docs/findings.md` is generated from this file.
 * @module
 */
import type { Severity } from './severity.js';

/** The fixed description of one finding code. */
export interface CodeSpec {
  /** One line, no instance values. */
  readonly title: string;
  /** Severity a finding of this code has unless the check states otherwise. */
  readonly severity: Severity;
  /** Why this happens, for docs/findings.md. */
  readonly cause: string;
  /** Whether live checks, paste rules, or both emit it. */
  readonly from: 'live' | 'paste' | 'live + paste';
}

/** Every finding code. Codes are an API: never renamed, never reused. */
export const CODES = {
  'token/not-yet-valid': {
    title: 'Service-account token rejected as not yet valid (issuer clock ahead)',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'An apiserver stamps nbf = iat = its own clock when it mints a token; another apiserver whose clock is more than 60 s behind rejects it until its clock catches up. After a forward clock jump, tokens minted during the jump stay cached by the kubelet, which does not refresh a token whose iat is in the future.',
  },
  'token/expired': {
    title: 'Service-account token used after it expired',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'The client never re-reads the rotated projected token, a short-lived token was stored in a kubeconfig or CI secret, or the validating apiserver clock is far ahead.',
  },
  'token/invalidated': {
    title: 'Service-account token bound to an object that no longer exists',
    severity: 'warning',
    from: 'paste',
    cause:
      'The pod or legacy token Secret the token is bound to was deleted (or recreated with a new UID); the client still holds the old token. Not clock-related.',
  },
  'token/stale-not-reloaded': {
    title: 'Clients use service-account tokens past their warnafter time',
    severity: 'warning',
    from: 'live + paste',
    cause:
      'With extended expiry, bound tokens stay valid for a year but clients should reload them hourly; serviceaccount_stale_tokens_total counts clients that do not, and they break when extended expiry ends.',
  },
  'token/legacy-in-use': {
    title: 'Legacy secret-based service-account tokens still in use',
    severity: 'info',
    from: 'live + paste',
    cause:
      'Legacy tokens never expire and are not bound to a pod; a leaked one is valid until its Secret is deleted.',
  },
  'token/cni-unauthorized': {
    title: "The CNI plugin's own kubeconfig token is expired or unauthorized",
    severity: 'critical',
    from: 'paste',
    cause:
      'The Calico CNI binary uses a token that calico-node writes into /etc/cni/net.d/calico-kubeconfig and refreshes; when refresh stops or clocks jump, every sandbox create/delete on that node fails.',
  },
  'token/webhook-fallthrough': {
    title: 'Token webhook saw a JWT ("found 1 parts of token"): the real failure is earlier',
    severity: 'warning',
    from: 'paste',
    cause:
      "A token webhook (Rancher kube-api-auth) is the last authenticator and only sees a service-account or OIDC JWT because every earlier authenticator already rejected it; the real reason is in the apiserver's aggregated error.",
  },
  'token/bot-credential-expiring': {
    title: "kube-triage's own token for this cluster expires soon",
    severity: 'warning',
    from: 'live',
    cause:
      'The read-only service-account token kube-triage was registered with has an exp claim within 7 days.',
  },
  'skew/apiserver-clock': {
    title: 'Control-plane apiserver clocks disagree',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'Each apiserver stamps tokens, object times and its Date header with its own clock; more than 60 s apart, tokens minted by the fast one are rejected by the slow one.',
  },
  'skew/node-clock': {
    title: "A node's clock is off",
    severity: 'warning',
    from: 'live + paste',
    cause:
      'The kubelet stamps leases, heartbeats and events with the node clock; an offset breaks TLS near certificate edges and misleads every timeline.',
  },
  'skew/clock-jump': {
    title: 'A clock stepped forward or backward',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'A clock that jumped leaves objects stamped in the future or the past; a backward step stops node lease renewals from counting, and tokens minted during a forward jump stay not-yet-valid.',
  },
  'skew/etcd-peer-drift': {
    title: 'etcd reports clock drift between members',
    severity: 'warning',
    from: 'paste',
    cause:
      'etcd probes peers and warns when their clocks differ by more than 1 s; etcd usually runs beside the apiservers, so this is evidence of control-plane skew.',
  },
  'cert/loopback-expiry': {
    title: "kube-apiserver's in-memory loopback certificate expired or expiring",
    severity: 'warning',
    from: 'live + paste',
    cause:
      'kube-apiserver makes a self-signed certificate for SNI apiserver-loopback-client at start, valid 1 year minus 1 hour (about 3 years from 1.33) and never rotated while it runs; when it expires, calls the apiserver makes to itself fail.',
  },
  'cert/apiserver-serving-expiry': {
    title: 'Apiserver serving certificate expired or expiring',
    severity: 'warning',
    from: 'live',
    cause:
      'kubeadm and k3s leaf certificates last one year and are renewed only by an upgrade, a renew command or a restart in the renewal window.',
  },
  'cert/control-plane-expiry': {
    title: 'Control-plane certificates expired (kubeadm / k3s)',
    severity: 'critical',
    from: 'paste',
    cause:
      'kubeadm and k3s leaf certificates last one year; when they lapse kubectl and components cannot connect.',
  },
  'cert/client-cert-rejected': {
    title: "The apiserver rejects a client's certificate",
    severity: 'warning',
    from: 'paste',
    cause:
      'Some client (agent, kubeconfig, controller) still presents an expired client certificate, one whose NotBefore is ahead of the apiserver clock, or one signed by a CA the apiserver does not trust (a kubelet certificate kept from an earlier cluster).',
  },
  'cert/not-yet-valid': {
    title: 'A certificate is used before its NotBefore',
    severity: 'critical',
    from: 'live + paste',
    cause: "The minting clock was ahead of the verifier's clock, or the verifier's clock is behind.",
  },
  'cert/kubelet-san-mismatch': {
    title: 'Kubelet serving certificate lacks the address it is dialled on',
    severity: 'warning',
    from: 'live + paste',
    cause:
      "The kubelet serving certificate was issued for the node's old or wrong addresses; the apiserver and metrics-server dial the current InternalIP and fail verification.",
  },
  'cert/kubelet-no-ip-sans': {
    title: 'Kubelet serving certificate has no IP SANs',
    severity: 'warning',
    from: 'live + paste',
    cause:
      'Without serverTLSBootstrap the kubelet self-signs a certificate naming only its hostname; a verifier that dials the node IP rejects it.',
  },
  'cert/kubelet-unknown-ca': {
    title: 'Kubelet serving certificate not signed by the CA its verifier trusts',
    severity: 'warning',
    from: 'live + paste',
    cause:
      'The kubelet serves a self-signed certificate, or the CA was rotated, so the apiserver or metrics-server cannot verify it.',
  },
  'cert/kubelet-csr-pending': {
    title: 'Kubelet serving CSRs are waiting for approval',
    severity: 'warning',
    from: 'live + paste',
    cause:
      'With serverTLSBootstrap the kubelet asks for its serving certificate with a CSR that the built-in approver never approves; until someone does, the kubelet has no serving certificate.',
  },
  'cert/kubelet-serving-expiry': {
    title: 'Kubelet serving certificate expired or expiring',
    severity: 'warning',
    from: 'live + paste',
    cause:
      'Self-signed kubelet certificates last a year and are never rotated; bootstrapped ones rotate only when CSRs are approved.',
  },
  'cert/ca-mismatch': {
    title: 'The cluster CA differs from what a client trusts',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'A kubeconfig or registration still carries the CA of a reinstalled cluster, or the CA was rotated.',
  },
  'cert/ca-expiry': {
    title: 'Cluster CA expiring',
    severity: 'warning',
    from: 'live + paste',
    cause: 'Cluster CAs last ten years by default and are not renewed automatically.',
  },
  'cert/webhook-expiry': {
    title: "An admission webhook's or APIService's certificate expired or expiring",
    severity: 'critical',
    from: 'live + paste',
    cause:
      'The tool that owns the webhook (cert-manager, an operator, an ingress controller job) stopped re-issuing its serving certificate or caBundle.',
  },
  'ipam/range-exhausted': {
    title: 'host-local IP range has no free addresses',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'host-local keeps one file per allocated IP under /var/lib/cni/networks/<network>/ and removes it only on CNI DEL; when DEL never runs the addresses leak until the range is dry, or the podCIDR is genuinely full.',
  },
  'ipam/pod-cidr-near-full': {
    title: "A node's podCIDR is close to full",
    severity: 'warning',
    from: 'live + paste',
    cause: 'Pods holding an IP on the node approach the usable addresses of its podCIDR.',
  },
  'ipam/calico-exhausted': {
    title: 'Calico IPAM cannot assign addresses',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'A host reached its block limit or the IP pool has no free blocks, often because of leaked allocations.',
  },
  'ipam/pod-cidr-unassigned': {
    title: 'A node has no podCIDR',
    severity: 'warning',
    from: 'live + paste',
    cause:
      'The controller-manager range allocator ran out of node CIDRs in --cluster-cidr; flannel and host-local cannot start pods there. Benign under Calico or Cilium IPAM.',
  },
  'ipam/pod-cidr-overlap': {
    title: "Two nodes' podCIDRs overlap",
    severity: 'critical',
    from: 'live + paste',
    cause:
      'Manually set or re-registered nodes received ranges that collide; pods on both nodes may get the same IP.',
  },
  'ipam/duplicate-pod-ip': {
    title: 'Two running pods share an IP',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'Leaked or overlapping IPAM state handed out the same address twice; traffic reaches the wrong pod.',
  },
  'ipam/flannel-subnet-missing': {
    title: 'flannel subnet.env missing on a node',
    severity: 'critical',
    from: 'paste',
    cause:
      'flanneld has not written /run/flannel/subnet.env on that node (flannel pod not running, often because the node has no podCIDR), or a stale flannel CNI config remains.',
  },
  'ipam/bridge-address-mismatch': {
    title: 'cni0 bridge keeps an address from an old podCIDR',
    severity: 'critical',
    from: 'live + paste',
    cause:
      'The node got a new podCIDR but the cni0 bridge still carries the previous gateway address, so new sandboxes fail and old pod IPs sit outside the podCIDR.',
  },
  'net/forward-drop': {
    title: 'Forwarding disabled on a node (iptables FORWARD policy DROP or ip_forward off)',
    severity: 'critical',
    from: 'paste',
    cause: 'Docker (and ufw) set the FORWARD policy to DROP; pod traffic routed through the node is dropped.',
  },
  'net/stale-arp': {
    title: 'A neighbour entry maps an IP to the wrong MAC',
    severity: 'warning',
    from: 'paste',
    cause: 'A stale ARP/neighbour entry survives an address move, so packets go to the old host.',
  },
} as const satisfies Record<string, CodeSpec>;

/** A finding code, `family/slug`. */
export type FindingCode = keyof typeof CODES;

/** Every code, in catalog order. */
export const ALL_CODES = Object.keys(CODES) as FindingCode[];
