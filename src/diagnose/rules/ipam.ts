/**
 * Paste rules for pod IP allocation (docs/findings.md, ipam/*) and node forwarding
 * (seed 004 §4).
 * @module
 */
import { FREE_GONE_NODE_CIDR, MORE_NODE_CIDRS, NODE_POD_CIDRS } from '../../core/commands.js';
import { k3sLeaseReset, leaseReset } from '../../core/fixes.js';
import { liveCheck, pasteFinding } from '../build.js';
import { detectOrigin } from '../distro.js';
import type { Rule } from '../rule.js';
import { allocatorRangeFacts, noCalicoPool, podCidrFamilyWhy } from './signals.js';

const RANGE_SET_RE = /range set: (\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3})/;
const NETWORK_RE = /available in network:? "?([A-Za-z0-9_.-]{1,64})"?/;

/** IPAM and forwarding rules. */
export const IPAM_RULES: readonly Rule[] = [
  {
    id: 'host-local-range-exhausted',
    code: 'ipam/range-exhausted',
    // Current wording (plugins ≥ 0.6) and the pre-2017 "in network" wording (seed 004: "cbr0").
    // host-local allocator.go wraps every Get error in "failed to allocate for range N": a requested
    // (static) address that is taken, a duplicate container ID or the gateway asked for are not a dry range.
    pattern:
      /no IP address(?:es)? available in (?:range(?: set)?|network)|failed to allocate for range \d+(?!: (?:requested ip|\S{1,45} has been allocated to))/i,
    examples: [
      'FailedCreatePodSandBox (17) | 59 secs ago | (combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "50c5": failed to allocate for range 0: no IP addresses available in range set: 10.42.1.1-10.42.1.254',
      '"Failed to setup network for pod \\ using network plugins \\"cni\\": no IP addresses available in network: podnet; Skipping pod"',
      'Error adding network, no ip address available in network "cbr0"',
      'Kubernetes-cni issue with 1.9.0 - no ip address available in range',
    ],
    nearMisses: [
      'AWS EKS - add cmd: failed to assign an IP address to container',
      'Unable to autoassign an address - pools are likely exhausted',
      'failed to allocate for range 0: requested IP address 10.88.0.101 is not available in range set 10.88.0.1-10.88.255.254',
    ],
    rank: 8,
    diagnose(hits, paste) {
      const line = paste.lines[hits[0]?.line ?? 0] ?? '';
      const range = RANGE_SET_RE.exec(line);
      // The host-local network is the CNI config's name: kubenet's is "kubenet", flannel's "cbr0".
      const cni = detectOrigin(paste).cni;
      const net =
        NETWORK_RE.exec(line)?.[1] ??
        (cni === 'kubenet' ? 'kubenet' : cni === 'flannel' ? 'cbr0' : '<network>');
      const dir = `/var/lib/cni/networks/${net}`;
      const prefix = range ? (range[1] as string).split('.').slice(0, 3).join('.') : undefined;
      return pasteFinding('ipam/range-exhausted', hits, paste, {
        ...(range
          ? {
              facts: [
                {
                  fact: `host-local range ${range[1]}-${range[2]} is dry (a /24 has 253 pod addresses)`,
                  source: `pasted text, line ${(hits[0]?.line ?? 0) + 1}`,
                },
              ],
            }
          : {}),
        why: "host-local keeps one file per allocated IP in /var/lib/cni/networks/<network>/ and deletes it only on CNI DEL; when DEL never ran (runtime crash, unclean reboot, fast pod churn) addresses leak until the range is dry. Or the podCIDR is genuinely full. `/k8s ipam` tells which (live pods vs usable addresses). flannel's network is cbr0; /var/lib/cni/flannel holds no leases.",
        confirm: [
          liveCheck('ipam'),
          ...(net === '<network>'
            ? [
                {
                  run: 'ls /var/lib/cni/networks/   # the network name: use it for <network> below',
                  where: 'node' as const,
                },
              ]
            : []),
          { run: `ls ${dir} | wc -l; crictl pods -q | wc -l`, where: 'node' },
          {
            run: 'kubectl get pods -A --field-selector spec.nodeName=<node>,status.phase=Running -o wide | wc -l',
            where: 'workstation',
          },
        ],
        steps: [
          {
            run: `cd ${dir} && for f in ${prefix ? `${prefix}.*` : '[0-9]*'}; do grep -q "$(head -1 "$f")" <(crictl pods -q --no-trunc) || echo "stale: $f"; done`,
            where: 'node',
            caution:
              "Lists lease files whose container no longer exists; `/k8s ipam <cluster>` gives the removal command with this node's live pod IPs filled in.",
          },
          {
            run: 'kubectl drain <node> --ignore-daemonsets --delete-emptydir-data',
            where: 'workstation',
            caution: 'Evicts every pod on the node.',
          },
          {
            run: `${leaseReset(dir)}   # k3s: ${k3sLeaseReset(dir)}`,
            where: 'node',
            caution: 'Stops every pod sandbox on the node.',
          },
          { run: 'kubectl uncordon <node>', where: 'workstation' },
        ],
      });
    },
  },
  {
    id: 'calico-ipam-exhausted',
    code: 'ipam/calico-exhausted',
    // Source: projectcalico libcalico-go lib/ipam: "Unable to autoassign an address", "Assigned 0 out of %d requested IPv4 addresses"
    // and the messages ipam.go appends to it (AddMsg: the host's block limit, strict affinity with no free block); calico-node "per host block limit".
    pattern:
      /Unable to autoassign an address|pools are likely exhausted|per host block limit|Assigned 0 out of \d+ requested IPv[46] addresses|IPAM allocated only 0|limit of \d+ blocks reached for this node|No more free affine blocks and strict affinity enabled/i,
    examples: [
      'Calico Issue Unable to autoassign an address - pools are likely exhausted',
      'cannot allocate new block due to per host block limit',
      'plugin type="calico" failed (add): Need to allocate an IPAM block but could not - limit of 20 blocks reached for this node',
      'plugin type="calico" failed (add): No more free affine blocks and strict affinity enabled',
    ],
    nearMisses: [
      'No configured Calico pools',
      'AWS EKS - add cmd: failed to assign an IP address to container',
      'ipamconfig default: strictAffinity: true, maxBlocksPerHost: 20 (limit of 20 blocks per node)',
      // Logged while the node goes on to borrow from another node's block (scripts/upstream-map.ts).
      '2026-12-02 10:00:00.000 [WARNING][1234] ipam/ipam_block_reader_writer.go 247: No free blocks found in any pool.',
    ],
    rank: 8,
    when: (p) => !noCalicoPool(p),
    diagnose(hits, paste) {
      return pasteFinding('ipam/calico-exhausted', hits, paste, {
        why: 'Calico IPAM gives each host blocks from the IP pool; a host at its block limit, or a pool with no free blocks (often leaked allocations of deleted pods), cannot assign addresses.',
        confirm: [
          {
            run: 'kubectl get ippools.crd.projectcalico.org -o yaml; kubectl get ipamblocks.crd.projectcalico.org | wc -l',
            where: 'workstation',
          },
          { run: 'calicoctl ipam show --show-blocks', where: 'workstation' },
        ],
        steps: [
          {
            run: 'calicoctl datastore migrate lock && calicoctl ipam check -o report.json && calicoctl ipam release --from-report report.json && calicoctl datastore migrate unlock',
            where: 'workstation',
            caution: 'While locked no new pod can start; release only what the report lists.',
          },
          {
            run: 'Or add an IP pool / raise maxBlocksPerHost (kubectl edit ipamconfigs.crd.projectcalico.org default).',
            kind: 'advice',
            where: 'workstation',
          },
        ],
      });
    },
  },
  {
    id: 'flannel-subnet-env-missing',
    code: 'ipam/flannel-subnet-missing',
    // Source: flannel CNI plugin (flannel-io/cni-plugin): "open /run/flannel/subnet.env: no such file or directory".
    // Not flanneld's startup warning "no subnet found for key: … in file: …subnet.env": it is logged while
    // flanneld looks for a previous lease, for every key on a first start and for the IPv6 keys whenever
    // IPv6 is off, and flanneld then writes the file (main.go ReadCIDRFromSubnetFile).
    pattern:
      /\/run\/flannel\/subnet\.env:? (?:no such file|(?:file )?(?:is )?(?:missing|not found|does not exist|doesn't exist))|Failed to write subnet file|\/run\/flannel\/subnet\.env\s*(?:文件)?(?:不存在|找不到|缺失)|\/run\/flannel\/subnet\.env[^\n]{0,20}?(?:消失|丢失|不见|没有了|disappear\w*|vanish\w*|(?:is|was|gets?|got) (?:gone|lost|deleted|removed|wiped))|没有\s*\/run\/flannel\/subnet\.env/,
    examples: [
      'Warning  FailedCreatePodSandBox  11s    kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3c05": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory',
      "failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory. Check the flannel pod log for this node.",
      'kube-dns ContainerCreating /run/flannel/subnet.env no such file',
      'pod 一直 ContainerCreating,节点上 /run/flannel/subnet.env 不存在',
      '节点重启后 /run/flannel/subnet.env 消失了，pod 起不来',
      'after every reboot /run/flannel/subnet.env is gone and pods stay in ContainerCreating',
    ],
    nearMisses: [
      'open /run/flannel/subnet.env: permission denied',
      'cat /run/flannel/subnet.env shows FLANNEL_SUBNET=10.244.1.1/24',
      'W1202 10:00:00.000000       1 main.go:530] no subnet found for key: FLANNEL_SUBNET in file: /run/flannel/subnet.env',
    ],
    rank: 8,
    diagnose(hits, paste) {
      return pasteFinding('ipam/flannel-subnet-missing', hits, paste, {
        why: 'flanneld on that node has not written /run/flannel/subnet.env: its pod is not running or is crashing, most often because the node has no podCIDR; or a leftover flannel CNI config remains on a cluster that no longer runs flannel.',
        confirm: [
          {
            run: 'kubectl -n kube-flannel get pods -o wide   # older manifests: -n kube-system',
            where: 'workstation',
          },
          {
            run: 'kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR',
            where: 'workstation',
          },
          liveCheck('ipam'),
        ],
        steps: [
          { run: 'kubectl -n kube-flannel logs -l app=flannel --tail=50', where: 'workstation' },
          {
            run: 'kubeadm init --pod-network-cidr must match net-conf.json Network (default 10.244.0.0/16); on non-flannel clusters remove /etc/cni/net.d/*flannel*',
            where: 'control-plane',
          },
        ],
      });
    },
  },
  {
    id: 'pod-cidr-unassigned',
    code: 'ipam/pod-cidr-unassigned',
    // Source: kube-controller-manager nodeipam: CIDRNotAvailable event, "no remaining CIDRs left to allocate"; kubelet/kube-proxy "pod cidr not assigned".
    // flannel's kube subnet manager (pkg/subnet/kube/kube.go AcquireLease) has two lease errors that
    // begin with the node: `node %q pod cidr not assigned` and `node %q pod cidrs should be IPv4/IPv6
    // only or dualstack`; a lease error cut after "node" (an issue title) is the first unless the second shows,
    // and so is "registering network: failed to acquire lease" told without its detail (every such error the
    // corpus holds with its detail is "pod cidr not assigned"), unless another detail follows (a subnet not in
    // the flannel config; flannel's etcd "out of subnets" is pod-cidr-unassigned-more's) or the second shows.
    pattern:
      /CIDRNotAvailable|pod cidr not assigned|no remaining CIDRs left to allocate|failed to acquire lease: node\b(?![^\n]{0,120}pod cidrs should be)|regist(?:er|ering) network:? failed to acquire lease\b(?!\s*:\s*(?:node|subnet|out of subnets)\b)(?![^\n]{0,120}pod cidrs should be)/i,
    examples: [
      'Normal  CIDRNotAvailable  107s (x1025 over 3d14h)  cidrAllocator  Node node1 status is now: CIDRNotAvailable',
      'Error registering network: failed to acquire lease: node "k8node001" pod cidr not assigned',
      'Error registering network: failed to acquire lease: node.',
      'flannel on the new worker: registering network: failed to acquire lease',
    ],
    nearMisses: [
      'podCIDR: 10.244.1.0/24',
      'failed to acquire lease: node "n1" pod cidrs should be IPv4/IPv6 only or dualstack',
      'Error registering network: failed to acquire lease: subnet "fd00::/64" specified in the PodCIDR, but not in the flannel net config',
    ],
    rank: 8,
    diagnose(hits, paste) {
      const line = paste.lines[hits[0]?.line ?? 0] ?? '';
      const node =
        /node "?([a-z0-9][a-z0-9.-]{0,252})"? (?:pod cidr|status)/i.exec(line)?.[1] ??
        /Node ([a-z0-9][a-z0-9.-]{0,252}) status/.exec(line)?.[1];
      return pasteFinding('ipam/pod-cidr-unassigned', hits, paste, {
        ...(node ? { subject: { kind: 'node', name: node } } : {}),
        why: `The controller-manager range allocator carves --cluster-cidr into --node-cidr-mask-size blocks; when they run out, new nodes get no podCIDR and flannel cannot start there. Under Calico or Cilium IPAM the node podCIDR is unused and the event is harmless.${podCidrFamilyWhy(paste)}`,
        confirm: [NODE_POD_CIDRS, liveCheck('ipam')],
        facts: allocatorRangeFacts(paste, hits),
        steps: [FREE_GONE_NODE_CIDR, MORE_NODE_CIDRS],
      });
    },
  },
  {
    id: 'cni0-bridge-address-mismatch',
    code: 'ipam/bridge-address-mismatch',
    // Source: containernetworking/plugins bridge: 'failed to set bridge addr: %q already has an IP address different from %v'.
    pattern: /failed to set bridge addr: "cni0" already has an IP address different from/,
    examples: ['failed to set bridge addr: "cni0" already has an IP address different from 10.244.2.1/24'],
    nearMisses: ['failed to set bridge addr: could not add IP address to "cni0": permission denied'],
    rank: 8,
    diagnose(hits, paste) {
      return pasteFinding('ipam/bridge-address-mismatch', hits, paste, {
        why: 'The node got a new podCIDR (re-registered, flannel subnet changed) but the cni0 bridge keeps the old gateway address.',
        confirm: [
          { run: 'ip addr show cni0; cat /run/flannel/subnet.env', where: 'node' },
          liveCheck('ipam'),
        ],
        steps: [
          {
            run: 'ip link set cni0 down && ip link delete cni0 && systemctl restart kubelet',
            where: 'node',
            caution: 'Interrupts pod networking on the node until the bridge is recreated.',
          },
        ],
      });
    },
  },
  {
    id: 'iptables-forward-drop',
    code: 'net/forward-drop',
    // Source: iptables-save / iptables -L output and sysctl net.ipv4.ip_forward (seed 004's finding, in Chinese too).
    pattern:
      /(?:^|[^\w-])-P FORWARD DROP\b|\bChain FORWARD \(policy DROP|net\.ipv4\.ip_forward\s*=\s*0\b|[Ff]orward(?:ing)? chain[^\n]{0,40}(?:default|policy)[^\n]{0,20}DROP|FORWARD链的流量默认DROP/,
    examples: [
      '-P FORWARD DROP',
      'Chain FORWARD (policy DROP 0 packets, 0 bytes)',
      'net.ipv4.ip_forward = 0',
      '经过排查,发现iptables FORWARD链的流量默认DROP,是ubuntu20.04的默认配置,需要手动添加-j ACCEPT命令才能开启',
    ],
    nearMisses: ['-P FORWARD ACCEPT', 'net.ipv4.ip_forward = 1', '-A FORWARD -j DROP -s 10.0.0.66'],
    rank: 8,
    diagnose(hits, paste) {
      const off = hits.some((h) => /ip_forward/.test(paste.lines[h.line] ?? ''));
      return pasteFinding('net/forward-drop', hits, paste, {
        title: off
          ? 'IP forwarding is off on this node (net.ipv4.ip_forward = 0)'
          : 'iptables FORWARD policy is DROP on this node',
        why: 'Pod traffic routed through a node crosses the FORWARD chain. Docker sets its policy to DROP when it enables forwarding (ufw can too), so traffic between pods on different nodes silently disappears.',
        confirm: [{ run: 'iptables -S FORWARD | head -1; sysctl net.ipv4.ip_forward', where: 'node' }],
        steps: [
          {
            run: 'sysctl -w net.ipv4.ip_forward=1 && echo net.ipv4.ip_forward=1 > /etc/sysctl.d/99-kubernetes.conf',
            where: 'node',
          },
          {
            run: 'iptables -P FORWARD ACCEPT   # persist: iptables-save > /etc/iptables/rules.v4',
            where: 'node',
            caution:
              'Opens forwarding for all traffic through the node; narrow it with explicit rules for the pod CIDR if the node is a gateway.',
          },
        ],
      });
    },
  },
  {
    id: 'stale-arp-prose',
    code: 'net/stale-arp',
    // Source: a description of the cause (seed 004): ARP entries learnt with a wrong MAC.
    pattern:
      /arp[^\n]{0,40}(?:learn(?:ed|t)?|学习了)[^\n]{0,20}(?:wrong|错误的?) ?MAC|(?:wrong|stale) (?:ARP|neighbou?r) entr/i,
    examples: [
      '确认三层网络正常,问题发生在二层数据链路层,而二层使用MAC地址定位出口网卡,查看node 1记录的目标ip 192.168.4.112对应的MAC地址发现是192.168.3.112的MAC地址,说明node 1 arp洪泛学习了错误的MAC地址。',
      'the node had a stale ARP entry for the gateway',
    ],
    nearMisses: ['arp -a', 'ARP table is empty'],
    rank: 7,
    diagnose(hits, paste) {
      const ips = [...(paste.lines[hits[0]?.line ?? 0] ?? '').matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})\b/g)].map(
        (m) => m[1] as string,
      );
      const target = ips[0] ?? '<ip>';
      return pasteFinding('net/stale-arp', hits, paste, {
        why: 'A neighbour (ARP) entry maps an IP to the wrong MAC, so packets for it reach another host; layer 3 looks fine while traffic disappears.',
        confirm: [
          { run: `ip neigh show ${target}`, where: 'node' },
          { run: `arping -I <interface> -c 3 ${target}`, where: 'node' },
        ],
        steps: [
          {
            run: `ip neigh del ${target} dev <interface>`,
            where: 'node',
            caution: 'The entry is re-learned on the next packet.',
          },
        ],
      });
    },
  },
];
