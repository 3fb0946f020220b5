// Which upstream format strings are the signatures of which finding code (used by
// scripts/extract-upstream.ts). First match wins. A family string that matches nothing here is printed
// by `--candidates` for review and kept out of the table: it is not one of our failure modes (a lease
// of leader election, a Vault token, a CRD not installed…). `differential`: a message with several causes,
// answered with ranked hypotheses and no single finding (src/diagnose/differential.ts). `sample` is how the rendered string is
// seen in a paste: {} is replaced by it; `args` are the values for its verbs, in order.
export interface UpstreamRule {
  readonly match: RegExp;
  readonly code: string;
  readonly repo?: string;
  readonly sample?: string;
  readonly args?: readonly string[];
}

/** kubelet's sandbox error around a CNI plugin's own error, as `kubectl describe pod` shows it. */
const sandbox = (plugin: string) =>
  `Warning  FailedCreatePodSandBox  2m  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "5f0c1d2e": plugin type="${plugin}" failed (add): {}`;
const klogE = (file: string) => `E1202 10:00:00.000000       1 ${file}] {}`;
/** ipamd's and the VPC CNI plugin's zap JSON lines (/var/log/aws-routed-eni/*.log). */
const vpcLog = (caller: string) =>
  `{"level":"error","ts":"2026-12-02T10:00:00.000Z","caller":"${caller}","msg":"{}"}`;
/** A Talos node's service log line as `talosctl dmesg` prints it. */
const talosLog = '172.20.0.2: user: warning: [2026-12-02T10:00:00.000Z]: [talos] {}';
const calicoLog = (file: string) => `2026-12-02 10:00:00.000 [ERROR][9] ${file}: {}`;
/** The Calico CNI plugin's answer when a pod got no address, with libcalico-go's reasons appended (ipam.go AddMsg). */
const calicoPartial = sandbox('calico').replace(
  '{}',
  'failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; {}',
);

export const UPSTREAM_MAP: readonly UpstreamRule[] = [
  // containernetworking/plugins: host-local and bridge.
  {
    match: /^no IP addresses available in range set/,
    code: 'ipam/range-exhausted',
    sample: sandbox('host-local').replace('{}', 'failed to allocate for range 0: {}'),
    args: ['10.244.1.1-10.244.1.254'],
  },
  {
    match: /already has an IP address different from/,
    code: 'ipam/bridge-address-mismatch',
    sample: sandbox('bridge').replace('{}', 'failed to set bridge addr: {}'),
    args: ['"cni0"', '10.244.1.1/24'],
  },
  // flannel.
  {
    match: /pod cidr not assigned$/,
    code: 'ipam/pod-cidr-unassigned',
    repo: 'flannel-io/flannel',
    sample: klogE('main.go:332').replace('{}', 'Error registering network: failed to acquire lease: {}'),
    args: ['"worker-2"'],
  },
  {
    match: /^out of subnets$/,
    code: 'ipam/pod-cidr-unassigned',
    sample: klogE('main.go:332').replace('{}', 'Error registering network: failed to acquire lease: {}'),
  },
  {
    match: /^Failed to write subnet file/,
    code: 'ipam/flannel-subnet-missing',
    sample: klogE('main.go:420'),
    args: ['open /run/flannel/subnet.env: read-only file system'],
  },
  // "no subnet found for key: %s in file: %s" is flanneld's startup warning while it looks for a
  // previous lease to reuse (main.go ReadCIDRFromSubnetFile / ReadIP6CIDRFromSubnetFile): it is
  // logged for every key on a node's first start and for the IPv6 keys whenever IPv6 is off, and
  // flanneld then writes the file itself. Not a missing subnet.env (hold-out 18's h417 had it on a
  // healthy node).
  { match: /^no subnet found for key: %s in file/, code: 'none' },
  // etcd.
  {
    match: /^prober found high clock drift$/,
    code: 'skew/etcd-peer-drift',
    sample:
      '{"level":"warn","ts":"2026-12-02T10:00:00.000Z","caller":"rafthttp/probing_status.go:82","msg":"{}","round-tripper-name":"ROUND_TRIPPER_SNAPSHOT","remote-peer-id":"8e9e05c52164694d","clock-drift":"1.503s","rtt":"1.2ms"}',
  },
  // kubernetes/apiserver.
  {
    match: /^verifying certificate %s failed: %w$/,
    code: 'cert/client-cert-rejected',
    sample: klogE('authentication.go:73').replace(
      '{}',
      '"Unable to authenticate the request" err="[x509: certificate has expired or is not yet valid: current time 2026-12-02T10:00:00Z is after 2026-11-30T08:00:00Z, {}]"',
    ),
    args: [
      'SN=6409112602844104478, SKID=, AKID=',
      'x509: certificate has expired or is not yet valid: current time 2026-12-02T10:00:00Z is after 2026-11-30T08:00:00Z',
    ],
  },
  {
    match: /^loopback serving certificate is expired$/,
    code: 'cert/loopback-expiry',
    sample: '[-]loopback-serving-cert-expiry failed: {}',
  },
  // kubernetes/kubelet (client certificate manager).
  {
    match: /^The currently active client certificate has expired/,
    code: 'cert/control-plane-expiry',
    sample: klogE('server.go:921'),
  },
  // cert-manager: its webhook's own serving CA, and its clock-step health check.
  {
    match: /^internal error: CA certificate has expired/,
    code: 'cert/webhook-expiry',
    sample:
      'Error from server (InternalError): Internal error occurred: failed calling webhook "webhook.cert-manager.io": {}',
  },
  {
    match: /^the system clock is out of sync with the internal monotonic clock/,
    code: 'skew/clock-jump',
    sample: '[-]clockHealth failed: {}',
    args: ['5m3.2s', '5s'],
  },
  // Calico.
  {
    match: /^connection is unauthorized: %v$/,
    code: 'token/cni-unauthorized',
    sample: sandbox('calico').replace('{}', 'error getting ClusterInformation: {}'),
    args: ['Unauthorized'],
  },
  {
    match: /^Connection to the datastore is unauthorized$/,
    code: 'token/cni-unauthorized',
    sample: calicoLog('startup/startup.go 146'),
  },
  {
    match: /^cannot allocate new block due to per host block limit$/,
    code: 'ipam/calico-exhausted',
    sample: sandbox('calico'),
  },
  {
    match: /^No IPs available in pools: %v$/,
    code: 'ipam/calico-exhausted',
    sample: calicoLog('ipam/ipam.go 447'),
    args: ['[10.244.0.0/16]'],
  },
  // libcalico-go's IPAMAssignments messages (ipam.go AddMsg), which the CNI plugin appends to
  // PartialFulfillmentError's "Assigned %d out of %d requested IPv%d addresses" when a pod got no address.
  {
    match: /^Assigned %d out of %d requested IPv%d addresses$/,
    code: 'ipam/calico-exhausted',
    sample: sandbox('calico').replace('{}', 'failed to request IPv4 addresses: {}'),
    args: ['0', '1', '4'],
  },
  {
    match: /^Need to allocate an IPAM block but could not - limit of %d blocks reached for this node$/,
    code: 'ipam/calico-exhausted',
    sample: calicoPartial,
    args: ['20'],
  },
  {
    match: /^No more free affine blocks and strict affinity enabled$/,
    code: 'ipam/calico-exhausted',
    sample: calicoPartial,
  },
  // ipam_block_reader_writer.go's "Ran out of unclaimed blocks", "Unable to reclaim any empty blocks" and
  // "No free blocks found in any pool" are logged when every block of the pools is claimed; without strict
  // affinity the node then borrows an address from another node's block (ipam.go, noFreeBlocksError), so
  // they are not exhaustion by themselves: the pod's own error above is.
  {
    match:
      /^(?:Ran out of unclaimed blocks|Unable to reclaim any empty blocks|No free blocks found in any pool)/,
    code: 'none',
  },
  // "no configured Calico pools for node %s" is a missing IPPool (a setup error, also seen outside
  // Kubernetes under Docker libnetwork), not exhaustion: the corpus has it as a look-alike.
  { match: /^no configured Calico pools/, code: 'none' },
  // aws/amazon-vpc-cni-k8s: the CNI plugin's answer when ipamd had no address (cmd/routed-eni-cni-plugin/cni.go),
  // and ipamd's own datastore and subnet words (pkg/ipamd).
  // The plugin's own words say only that ipamd had no address for the pod: several causes, a differential.
  {
    match: /^add cmd: failed to assign an IP address to container$/,
    code: 'differential',
    repo: 'aws/amazon-vpc-cni-k8s',
    sample: sandbox('aws-cni'),
  },
  {
    match: /^Failed to assign an IP address to container %s$/,
    code: 'differential',
    repo: 'aws/amazon-vpc-cni-k8s',
    sample: vpcLog('routed-eni-cni-plugin/cni.go:282'),
    args: ['3c1f0e9b7d2a'],
  },
  {
    match: /no available IP(?:\/Prefix)? addresses$/,
    code: 'ipam/range-exhausted',
    repo: 'aws/amazon-vpc-cni-k8s',
    sample: vpcLog('datastore/data_store.go:607'),
  },
  {
    match: /^Unable to attach IPs\/Prefixes for the ENI, subnet doesn't seem to have enough/,
    code: 'ipam/range-exhausted',
    repo: 'aws/amazon-vpc-cni-k8s',
    sample: vpcLog('ipamd/ipamd.go:1015'),
  },
  {
    match: /^Insufficient IP Addresses due to: %v/,
    code: 'ipam/range-exhausted',
    repo: 'aws/amazon-vpc-cni-k8s',
    sample: vpcLog('ipamd/ipamd.go:374'),
    args: ['InsufficientFreeAddressesInSubnet'],
  },
  // Azure/azure-container-networking: azure-vnet-ipam's pool (ipam/api.go), wrapped by the CNI's delegation.
  {
    match: /^No available addresses$/,
    code: 'ipam/range-exhausted',
    repo: 'Azure/azure-container-networking',
    sample: sandbox('azure-vnet').replace(
      '{}',
      'Failed to allocate address: Failed to delegate: Failed to allocate address: {}',
    ),
  },
  // antrea-io/antrea: an Antrea IPPool used up (AntreaIPAM: flexible IPAM, secondary networks), returned by the
  // agent's CNI server as its IPAM failure; and the agent started on a node without a podCIDR (node IPAM).
  {
    match: /^failed to allocate IP: Pool %s is exhausted/,
    code: 'ipam/range-exhausted',
    repo: 'antrea-io/antrea',
    sample: sandbox('antrea'),
    args: ['pool-vlan-100', 'pool exhausted'],
  },
  {
    match: /^Spec\.PodCIDR is empty for Node/,
    code: 'ipam/pod-cidr-unassigned',
    repo: 'antrea-io/antrea',
    sample:
      'E1202 10:00:00.000000       1 agent.go:975] "{}" err="Spec.PodCIDR is empty for Node \\"worker-2\\""',
  },
  // cloudnativelabs/kube-router: started on a node the controller-manager gave no podCIDR (its klog.Fatalf
  // concatenates two literals; the extractor reads the first, the sample carries the rest and the error).
  {
    match: /^Failed to get pod CIDRs? from node spec\. kube-router relies on kube-controller-manager/,
    code: 'ipam/pod-cidr-unassigned',
    repo: 'cloudnativelabs/kube-router',
    sample:
      'F1202 10:00:00.000000       1 network_routes_controller.go:1331] {}allocate pod CIDR for the node or an annotation `kube-router.io/pod-cidr`. Error: node.Spec.PodCIDR not set for node: worker-2',
  },
  // kubeovn/kube-ovn: the controller's IPAM (ErrNoAvailable), a pod's candidate subnet with none left, and the
  // CNI daemon's wait for an address the controller never wrote (several causes: a differential).
  {
    match: /^NoAvailableAddress$/,
    code: 'ipam/range-exhausted',
    repo: 'kubeovn/kube-ovn',
    sample: "E1202 10:00:00.000000       7 pod.go:425] error syncing 'default/web-1': {}, requeuing",
  },
  {
    match: /^allocate address for %s failed, return NoAvailableAddress$/,
    code: 'ipam/range-exhausted',
    repo: 'kubeovn/kube-ovn',
    sample: klogE('pod.go:2751'),
    args: ['default/web-1'],
  },
  {
    match: /^there's no available ipv[46] address in subnet %s, try next one$/,
    code: 'ipam/range-exhausted',
    repo: 'kubeovn/kube-ovn',
    sample: 'I1202 10:00:00.000000       7 pod.go:2041] {}',
    args: ['ovn-default'],
  },
  {
    match: /^no address allocated to pod %s\/%s provider %s, please see kube-ovn-controller logs/,
    code: 'differential',
    repo: 'kubeovn/kube-ovn',
    sample: sandbox('kube-ovn').replace('{}', 'RPC failed; request ip return 500 {}'),
    args: ['default', 'web-1', 'ovn'],
  },
  // siderolabs/talos: its own time sync (internal/pkg/ntp) steps the clock beyond its slew limit, or gives up
  // adjusting it; machined notices a wall-clock jump with sync disabled. As `talosctl dmesg` shows them.
  {
    match: /^adjusting time \(jump\) by %s via %s$/,
    code: 'skew/clock-jump',
    repo: 'siderolabs/talos',
    sample: `${talosLog}, state TIME_OK, status STA_PLL | STA_NANO`,
    args: ['1h2m3.5s', '0.pool.ntp.org'],
  },
  {
    match: /^detected wall-clock jump while time synchronization is disabled/,
    code: 'skew/clock-jump',
    repo: 'siderolabs/talos',
    sample: `${talosLog} {"component": "controller-runtime", "controller": "time.SyncController"}`,
  },
  {
    match: /^spike filter discarded a full window of measurements, clock is not being adjusted$/,
    code: 'skew/node-clock',
    repo: 'siderolabs/talos',
    sample: `${talosLog} {"server": "time.cloudflare.com", "clock_offset": "2m3.2s", "jitter": "1.2ms"}`,
  },
  // hashicorp/vault-plugin-auth-kubernetes: the TokenReview call itself refused (the reviewer JWT, or the
  // caller's own when none is configured, is no longer valid).
  {
    match: /^lookup failed: service account unauthorized; this could mean it has been deleted or recreated/,
    code: 'token/invalidated',
    repo: 'hashicorp/vault-plugin-auth-kubernetes',
    sample:
      '2026-12-02T10:00:00.000Z [ERROR] auth.kubernetes.auth_kubernetes_726dbb64: login unauthorized due to: {}',
  },
  // spidernet-io/spiderpool: every address of the selected SpiderIPPools allocated (wrapped by the agent's
  // pool filter), and a SpiderSubnet with no free address for the pools it creates.
  {
    match: /^all IP addresses used out$/,
    code: 'ipam/range-exhausted',
    repo: 'spidernet-io/spiderpool',
    sample:
      '{"level":"ERROR","ts":"2026-12-02T10:00:00.000Z","logger":"spiderpool","caller":"cmd/command_add.go:122","msg":"[POST /ipam/ip][500] postIpamIpFailure  failed to allocate IP addresses in standard mode: no IPPool available, all IPv4 IPPools [default-v4-ippool] of eth0 filtered out: {}"}',
  },
  {
    match: /^insufficient subnet FreeIPs, required '%d' but only left '%d'$/,
    code: 'ipam/range-exhausted',
    repo: 'spidernet-io/spiderpool',
    sample:
      '{"level":"ERROR","logger":"SpiderIPPool-Informer","msg":"error syncing \'auto-web-v4-1666989938\': failed to generate IPs from subnet \'v4-subnet\', error: {}, requeuing"}',
    args: ['1', '0'],
  },
  // openshift/oc: `oc login --token` refused by the OAuth server or the apiserver (pkg/cli/login).
  {
    match: /^The token provided is invalid or expired\.\s*$/,
    code: 'token/expired',
    repo: 'openshift/oc',
    sample: 'error: {}',
  },
  // rancher/kube-api-auth: a kubeconfig token presented to the authn webhook that is not a Rancher token.
  {
    match: /^found %d parts of token$/,
    code: 'token/webhook-fallthrough',
    sample: 'E1202 10:00:00.000000       1 webhook.go:154] Failed to make webhook authenticator request: {}',
    args: ['1'],
  },
];
