/**
 * The IPAM check: host-local ranges run dry (leaked leases vs a full podCIDR, seed 004), podCIDRs
 * near full, unassigned or overlapping, duplicate pod IPs, and pod IPs outside their node's podCIDR.
 * Mechanisms: docs/findings.md (ipam/*).
 * @module
 */
import type { ClusterSnapshot, NodeFacts, PodFacts } from '../cluster/snapshot.js';
import { FREE_GONE_NODE_CIDR, MORE_NODE_CIDRS, NODE_POD_CIDRS } from '../core/commands.js';
import type { Finding } from '../core/finding.js';
import { k3sLeaseReset, leaseReset } from '../core/fixes.js';
import { shq, utc } from '../core/format.js';
import type { Check, CheckRun } from './types.js';

/** podCIDR use at which a node is near full. */
export const NEAR_FULL_RATIO = 0.9;
/** Live pods below this share of the usable addresses while allocation fails means leaked leases. */
export const LEAK_RATIO = 0.8;

/** host-local / allocator failure texts (containernetworking/plugins allocator.go, old wording pre-0.6). */
const EXHAUSTED_RE = /no IP addresses available in (?:range set|network)|failed to allocate for range/i;
/** Calico IPAM failure texts (libcalico-go ipam.go; projectcalico/cni-plugin). */
const CALICO_RE =
  /Unable to autoassign an address|pools are likely exhausted|per host block limit|Assigned 0 out of \d+ requested IPv[46]|IPAM allocated only 0/i;
const RANGE_RE = /range set: (\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3})/;

function ipToInt(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4) return undefined;
  let n = 0;
  for (const x of p) {
    const v = Number(x);
    if (!Number.isInteger(v) || v < 0 || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** An IPv4 CIDR as [first, last] integers; undefined for IPv6 or malformed. */
export function cidrRange(cidr: string): [number, number] | undefined {
  const [base, bits] = cidr.split('/');
  const b = Number(bits);
  const n = base ? ipToInt(base) : undefined;
  if (n === undefined || !Number.isInteger(b) || b < 0 || b > 32) return undefined;
  const size = 2 ** (32 - b);
  const first = Math.floor(n / size) * size;
  return [first, first + size - 1];
}

/** Pod addresses host-local can hand out: network, broadcast and the gateway (.1) excluded. */
export function usableAddresses(cidr: string): number {
  const r = cidrRange(cidr);
  if (!r) return 0;
  return Math.max(0, r[1] - r[0] + 1 - 3);
}

function holdsIP(p: PodFacts): boolean {
  return !p.hostNetwork && !!p.ip && p.phase !== 'Succeeded' && p.phase !== 'Failed';
}

/** Which CNI / IPAM the cluster runs, from node annotations, DaemonSets and pod names. */
export function detectCni(s: ClusterSnapshot): 'flannel' | 'calico' | 'cilium' | 'other' {
  const names = [
    ...(s.kubeSystem?.daemonSets ?? []),
    ...s.pods
      .filter((p) => p.namespace.startsWith('kube') || p.namespace.endsWith('-system'))
      .map((p) => p.name),
  ];
  if (s.calico || s.nodes.some((n) => n.calico) || names.some((n) => /calico-node/.test(n))) return 'calico';
  if (names.some((n) => /cilium/.test(n))) return 'cilium';
  if (s.nodes.some((n) => n.flannel) || names.some((n) => /flannel/.test(n))) return 'flannel';
  return 'other';
}

/** The ipam check. */
/** One node's pod range as the per-node findings read it. */
interface NodeRange {
  readonly n: NodeFacts;
  readonly cidr: string;
  readonly usable: number;
  /** Pods on the node that hold an IP. */
  readonly pods: readonly PodFacts[];
}

/** FailedCreatePodSandBox "no IP addresses available", per node. */
type Exhausted = { count: number; last?: Date; range?: string; message: string };

/** Pods that hold an IP, per node. */
function podsByNode(s: ClusterSnapshot): Map<string, PodFacts[]> {
  const byNode = new Map<string, PodFacts[]>();
  for (const p of s.pods) {
    if (!p.node || !holdsIP(p)) continue;
    const l = byNode.get(p.node);
    if (l) l.push(p);
    else byNode.set(p.node, [p]);
  }
  return byNode;
}

/** FailedCreatePodSandBox "no IP addresses available", per node (count, last, range, the message). */
function exhaustedByNode(s: ClusterSnapshot): Map<string, Exhausted> {
  const exhaustedEvents = new Map<string, Exhausted>();
  for (const e of s.events) {
    if (e.reason !== 'FailedCreatePodSandBox' || !e.host || !EXHAUSTED_RE.test(e.message)) continue;
    const prev = exhaustedEvents.get(e.host);
    const m = RANGE_RE.exec(e.message);
    const last = e.lastTimestamp ?? e.createdAt;
    exhaustedEvents.set(e.host, {
      count: (prev?.count ?? 0) + e.count,
      last: prev?.last && prev.last > last ? prev.last : last,
      ...(m ? { range: `${m[1]}-${m[2]}` } : prev?.range ? { range: prev.range } : {}),
      message: e.message,
    });
  }
  return exhaustedEvents;
}

/** A dry host-local range: leaked leases (with the cleanup) or genuinely full (seed 004). */
/** The cleanup of leaked host-local leases: only the stale files, or the whole node. */
function leakedFix(n: NodeFacts, net: string, dir: string, ips: readonly string[]): Finding['fix'] {
  const k3s = n.kubeletVersion.includes('k3s');
  return {
    why: 'host-local keeps one file per allocated IP and removes it only on CNI DEL; when DEL never ran (runtime crash, unclean reboot, fast pod churn) the addresses leak until the range is dry.',
    steps: [
      ...(net === '<network>'
        ? [
            {
              run: 'ls /var/lib/cni/networks/   # the CNI network name: use it for <network> below',
              where: 'node' as const,
              host: n.name,
            },
          ]
        : []),
      {
        run: `cd ${dir} && for f in $(ls | grep -E '^[0-9.]+$'); do case " ${ips.join(' ')} " in *" $f "*) ;; *) echo "stale: $f";; esac; done`,
        where: 'node',
        host: n.name,
      },
      {
        run: `cd ${dir} && for f in $(ls | grep -E '^[0-9.]+$'); do case " ${ips.join(' ')} " in *" $f "*) ;; *) rm -f -- "$f";; esac; done`,
        where: 'node',
        host: n.name,
        caution:
          'Non-disruptive variant: removes only lease files whose IP no live pod on this node holds (list taken by kube-triage just now). Cordon first so no pod is being created while it runs, and run the listing again right before.',
      },
      {
        run: `kubectl drain ${shq(n.name)} --ignore-daemonsets --delete-emptydir-data`,
        where: 'workstation',
        caution: 'Thorough variant: evicts every pod on the node.',
      },
      k3s
        ? {
            run: k3sLeaseReset(dir, n.controlPlane ? 'k3s' : 'k3s-agent'),
            where: 'node',
            host: n.name,
            caution: 'Stops every container on the node.',
          }
        : {
            run: leaseReset(dir),
            where: 'node',
            host: n.name,
            caution: 'Stops every pod sandbox on the node.',
          },
      { run: `kubectl uncordon ${shq(n.name)}`, where: 'workstation' },
    ],
  };
}

/** A range that is genuinely full: fewer pods per node or larger ranges. */
function fullFix(n: NodeFacts): Finding['fix'] {
  return {
    why: 'More pods are scheduled to the node than its podCIDR can address.',
    steps: [
      {
        run: `kubectl get pods -A --field-selector spec.nodeName=${shq(n.name)} -o wide`,
        where: 'workstation',
      },
      {
        run: 'Lower maxPods below the usable addresses, or give nodes a larger podCIDR (--node-cidr-mask-size).',
        kind: 'advice',
        where: 'control-plane',
      },
    ],
  };
}

function rangeExhausted({ n, cidr, usable, pods }: NodeRange, ex: Exhausted, cni: string): Finding[] {
  const findings: Finding[] = [];
  const live = pods.length;
  const leaked = live < usable * LEAK_RATIO;
  const stale = usable - live;
  // The host-local lease directory is named after the CNI network: containerd's error names it
  // (plugin type="bridge" name="mynet"); flannel's (and k3s's) network is cbr0; otherwise the
  // node shows it (ls /var/lib/cni/networks).
  const named = /\bname="([A-Za-z0-9._-]{1,64})"/.exec(ex.message)?.[1];
  const net = named ?? (cni === 'flannel' ? 'cbr0' : '<network>');
  const dir = `/var/lib/cni/networks/${net}`;
  const ips = pods.map((p) => p.ip as string).sort((a, b) => (ipToInt(a) ?? 0) - (ipToInt(b) ?? 0));
  findings.push({
    code: 'ipam/range-exhausted',
    severity: 'critical',
    subject: { kind: 'node', name: n.name },
    title: leaked
      ? `${n.name}: pod IP range ${cidr} is dry but only ${live} pods hold an IP: about ${stale} host-local leases leaked`
      : `${n.name}: pod IP range ${cidr} is genuinely full (${live} of ${usable} usable addresses in use)`,
    evidence: [
      {
        fact: `${ex.count} FailedCreatePodSandBox "no IP addresses available"${ex.range ? ` in range set ${ex.range}` : ''}, last ${ex.last ? utc(ex.last) : '?'}`,
        source: `Events with source.host=${n.name}`,
      },
      {
        fact: `podCIDR ${cidr}: ${usable} usable addresses (network, broadcast and gateway excluded)`,
        source: `Node ${n.name} spec.podCIDR`,
      },
      {
        fact: `${live} pods on ${n.name} hold an IP (not hostNetwork, not finished); maxPods ${n.maxPods}`,
        source: `Pods with spec.nodeName=${n.name}`,
      },
      {
        fact: leaked
          ? `verdict: leaked (${live} live < ${Math.round(LEAK_RATIO * 100)} % of ${usable}); about ${stale} stale lease files in ${dir}`
          : 'verdict: full',
        source: 'kube-triage',
        values: [
          { name: 'usable', value: usable, unit: 'count' },
          { name: 'live', value: live, unit: 'count' },
          { name: 'leaked', value: leaked ? stale : 0, unit: 'count' },
        ],
      },
    ],
    fix: leaked ? leakedFix(n, net, dir, ips) : fullFix(n),
  });
  return findings;
}

/** A host-local range nearly full (no failures yet). */
function nearFull({ n, cidr, usable, pods }: NodeRange): Finding[] {
  const findings: Finding[] = [];
  if (usable <= 0 || pods.length < usable * NEAR_FULL_RATIO) return findings;
  findings.push({
    code: 'ipam/pod-cidr-near-full',
    severity: 'warning',
    subject: { kind: 'node', name: n.name },
    title: `${n.name}: ${pods.length} of ${usable} pod addresses in ${cidr} in use`,
    evidence: [
      {
        fact: `${pods.length} pods hold an IP; ${usable} usable in ${cidr}; maxPods ${n.maxPods}`,
        source: `Node ${n.name} and its pods`,
      },
    ],
    fix: {
      why: 'When the range runs out new pods on this node fail with "no IP addresses available".',
      steps: [
        {
          run: `kubectl cordon ${shq(n.name)}`,
          where: 'workstation',
          caution: 'Stops new pods landing here.',
        },
      ],
    },
  });
  return findings;
}

/** Pod IPs outside the node's podCIDR: cni0 keeps the address of an old range. */
function bridgeMismatch({ n, cidr, pods }: NodeRange): Finding[] {
  const findings: Finding[] = [];
  const r = cidrRange(cidr) as [number, number];
  const outside = pods.filter((p) => {
    const v = ipToInt(p.ip as string);
    return v !== undefined && (v < r[0] || v > r[1]);
  });
  if (outside.length > 0) {
    findings.push({
      code: 'ipam/bridge-address-mismatch',
      severity: 'critical',
      subject: { kind: 'node', name: n.name },
      title: `${n.name}: ${outside.length} pod IP${outside.length === 1 ? '' : 's'} outside its podCIDR ${cidr} (cni0 likely keeps an old address)`,
      evidence: outside.slice(0, 10).map((p) => ({
        fact: `${p.namespace}/${p.name} has ${p.ip}`,
        source: `Pod ${p.namespace}/${p.name} status.podIP`,
      })),
      fix: {
        why: 'The node got a new podCIDR but the cni0 bridge keeps the previous gateway address; new sandboxes fail with "cni0 already has an IP address different from …".',
        steps: [
          { run: 'ip addr show cni0', where: 'node', host: n.name },
          {
            run: 'ip link set cni0 down && ip link delete cni0 && systemctl restart kubelet',
            where: 'node',
            host: n.name,
            caution: 'Disrupts pod networking on the node until the bridge is recreated.',
          },
        ],
      },
    });
  }
  return findings;
}

/**
 * Calico: a pool whose blocks are nearly all handed out, or a host at its block limit with full
 * blocks, cannot give new pods addresses (libcalico-go lib/ipam, ErrBlockLimit).
 */
function calicoBlocks(s: ClusterSnapshot): Finding[] {
  const cal = s.calico;
  if (!cal) return [];
  return [...calicoPoolFindings(cal), ...calicoHostLimitFindings(cal)];
}

type Calico = NonNullable<ClusterSnapshot['calico']>;

/** Pools with nearly every block claimed: a host whose blocks fill up cannot get another. */
function calicoPoolFindings(cal: Calico): Finding[] {
  const findings: Finding[] = [];
  for (const pool of cal.pools.filter((p) => !p.disabled)) {
    const r = cidrRange(pool.cidr);
    if (!r) continue;
    const poolSize = r[1] - r[0] + 1;
    const inPool = cal.blocks.filter((b) => {
      const br = cidrRange(b.cidr);
      return br && br[0] >= r[0] && br[1] <= r[1];
    });
    const claimed = inPool.reduce((a, b) => a + b.size, 0);
    const used = inPool.reduce((a, b) => a + b.used, 0);
    // Nearly every block claimed: a host whose blocks fill up cannot get another.
    if (claimed / poolSize >= NEAR_FULL_RATIO) {
      const fullHost = [...new Set(inPool.map((b) => b.host))].some(
        (h) => h && inPool.filter((b) => b.host === h).every((b) => b.used >= b.size),
      );
      findings.push({
        code: 'ipam/calico-exhausted',
        severity: claimed >= poolSize && fullHost ? 'critical' : 'warning',
        subject: { kind: 'ip-pool', name: pool.name },
        title: `Calico pool ${pool.name} (${pool.cidr}) is ${Math.round((100 * used) / poolSize)} % allocated: ${inPool.length} of ${poolSize / 2 ** (32 - pool.blockSize)} /${pool.blockSize} blocks claimed`,
        evidence: [
          {
            fact: `${used} of ${poolSize} addresses in use; ${claimed} in claimed blocks`,
            source: 'crd.projectcalico.org ippools and ipamblocks',
          },
        ],
        fix: {
          why: 'New pods on a host whose blocks are full need a new block from the pool; with none left, Calico answers "Unable to autoassign an address - pools are likely exhausted". Leaked allocations of deleted pods often hold much of it.',
          steps: [
            { run: 'calicoctl ipam show --show-blocks', where: 'workstation' },
            {
              run: 'calicoctl datastore migrate lock && calicoctl ipam check -o report.json && calicoctl ipam release --from-report report.json && calicoctl datastore migrate unlock',
              where: 'workstation',
              caution: 'While locked no new pod can start; release only what the report lists.',
            },
            {
              run: `Add a pool (calicoctl apply -f pool.yaml) or enlarge ${pool.cidr}.`,
              kind: 'advice',
              where: 'workstation',
            },
          ],
        },
      });
    }
  }
  return findings;
}

/** Hosts holding maxBlocksPerHost blocks that are (nearly) full. */
function calicoHostLimitFindings(cal: Calico): Finding[] {
  if (cal.maxBlocksPerHost <= 0) return [];
  const findings: Finding[] = [];
  const byHost = new Map<string, { count: number; used: number; size: number }>();
  for (const b of cal.blocks) {
    if (!b.host) continue;
    const h = byHost.get(b.host) ?? { count: 0, used: 0, size: 0 };
    byHost.set(b.host, { count: h.count + 1, used: h.used + b.used, size: h.size + b.size });
  }
  for (const [host, h] of byHost) {
    if (h.count < cal.maxBlocksPerHost || h.used < h.size * NEAR_FULL_RATIO) continue;
    findings.push({
      code: 'ipam/calico-exhausted',
      severity: h.used >= h.size ? 'critical' : 'warning',
      subject: { kind: 'node', name: host },
      title: `${host} holds ${h.count} Calico blocks, the per-host limit, and ${h.used} of their ${h.size} addresses are in use`,
      evidence: [
        {
          fact: `maxBlocksPerHost ${cal.maxBlocksPerHost}; blocks affine to ${host}: ${h.count}`,
          source: 'crd.projectcalico.org ipamconfigs/default and ipamblocks',
        },
      ],
      fix: {
        why: 'Calico will not give a host more blocks than maxBlocksPerHost ("cannot allocate new block due to per host block limit"); once its blocks are full, new pods there get no address.',
        steps: [
          { run: 'calicoctl ipam show --show-blocks', where: 'workstation' },
          {
            run: 'kubectl patch ipamconfigs.crd.projectcalico.org default --type merge -p \'{"spec":{"maxBlocksPerHost":0}}\'',
            where: 'workstation',
            caution:
              'Lifts the limit for every host; check why it was set (strictAffinity, Windows nodes) first.',
          },
        ],
      },
    });
  }
  return findings;
}

/** Calico IPAM failures seen in events. */
function calicoEvents(s: ClusterSnapshot): Finding[] {
  const findings: Finding[] = [];
  const calico = new Map<string, { count: number; message: string }>();
  for (const e of s.events) {
    if (!CALICO_RE.test(e.message)) continue;
    const k = e.host ?? e.involvedName;
    const prev = calico.get(k);
    calico.set(k, { count: (prev?.count ?? 0) + e.count, message: e.message });
  }
  for (const [node, ev] of calico) {
    findings.push({
      code: 'ipam/calico-exhausted',
      severity: 'critical',
      subject: { kind: 'node', name: node },
      title: `Calico IPAM cannot assign pod addresses on ${node} (${ev.count} failure${ev.count === 1 ? '' : 's'})`,
      evidence: [{ fact: ev.message.slice(0, 300), source: `Events on ${node}` }],
      fix: {
        why: 'The host reached its block limit or the IP pool has no free blocks, often because allocations of deleted pods leaked.',
        steps: [
          { run: 'calicoctl ipam show --show-blocks', where: 'workstation' },
          {
            run: 'calicoctl datastore migrate lock && calicoctl ipam check -o report.json && calicoctl ipam release --from-report report.json && calicoctl datastore migrate unlock',
            where: 'workstation',
            caution: 'While locked no new pod can start.',
          },
        ],
      },
    });
  }
  return findings;
}

/** Nodes without a podCIDR (benign with Calico or Cilium IPAM). */
function unassignedCidrs(s: ClusterSnapshot, cni: string): Finding[] {
  const findings: Finding[] = [];
  const withCidr = s.nodes.filter((n) => n.podCIDRs.length > 0).length;
  const cidrEvents = s.events.filter((e) => e.reason === 'CIDRNotAvailable');
  const dual = s.nodes.some((n) => n.podCIDRs.length > 1);
  for (const n of s.nodes) {
    if (n.podCIDRs.length > 0 || (withCidr === 0 && !cidrEvents.some((e) => e.involvedName === n.name)))
      continue;
    const benign = cni === 'calico' || cni === 'cilium';
    findings.push({
      code: 'ipam/pod-cidr-unassigned',
      severity: benign ? 'info' : 'warning',
      subject: { kind: 'node', name: n.name },
      title: `${n.name} has no podCIDR${benign ? ` (harmless under ${cni} IPAM)` : ''}`,
      evidence: [
        {
          fact: `${withCidr} of ${s.nodes.length} nodes have a podCIDR; ${n.name} has none`,
          source: `Node ${n.name} spec.podCIDRs`,
        },
        ...cidrEvents
          .filter((e) => e.involvedName === n.name)
          .slice(0, 1)
          .map((e) => ({ fact: e.message, source: 'CIDRNotAvailable event' })),
      ],
      fix: {
        why: benign
          ? `${cni} assigns pod IPs from its own pools; the node podCIDR is unused.`
          : `The controller-manager ran out of node CIDRs in --cluster-cidr; flannel cannot start on this node ("pod cidr not assigned").${dual ? ' This cluster is dual-stack: the allocator gives a node a block from each --cluster-cidr range (IPv4,IPv6) or none, so either range running out leaves the node with neither.' : ''}`,
        steps: [NODE_POD_CIDRS, FREE_GONE_NODE_CIDR, ...(benign ? [] : [MORE_NODE_CIDRS])],
      },
    });
  }
  return findings;
}

/** podCIDRs of two nodes that overlap. */
function overlappingCidrs(s: ClusterSnapshot): Finding[] {
  const findings: Finding[] = [];
  const ranges = s.nodes
    .flatMap((n) => n.podCIDRs.map((c) => ({ node: n.name, cidr: c, r: cidrRange(c) })))
    .filter((x): x is { node: string; cidr: string; r: [number, number] } => !!x.r);
  ranges.sort((a, b) => a.r[0] - b.r[0]);
  for (let i = 1; i < ranges.length; i++) {
    const a = ranges[i - 1] as (typeof ranges)[number];
    const b = ranges[i] as (typeof ranges)[number];
    if (b.r[0] <= a.r[1] && a.node !== b.node) {
      findings.push({
        code: 'ipam/pod-cidr-overlap',
        severity: 'critical',
        subject: { kind: 'node', name: b.node },
        title: `podCIDR ${b.cidr} of ${b.node} overlaps ${a.cidr} of ${a.node}`,
        evidence: [{ fact: `${a.node} ${a.cidr}; ${b.node} ${b.cidr}`, source: 'Node spec.podCIDRs' }],
        fix: {
          why: 'Pods on both nodes can receive the same address.',
          steps: [
            {
              run: `kubectl drain ${shq(b.node)} --ignore-daemonsets && kubectl delete node ${shq(b.node)}`,
              where: 'workstation',
              caution: 'Re-registering the node assigns it a fresh podCIDR; evicts its pods.',
            },
          ],
        },
      });
    }
  }
  return findings;
}

/** Running pods that share an IP. */
function duplicateIps(s: ClusterSnapshot): Finding[] {
  const findings: Finding[] = [];
  const byIP = new Map<string, PodFacts[]>();
  for (const p of s.pods) {
    if (!holdsIP(p) || p.phase !== 'Running') continue;
    const l = byIP.get(p.ip as string);
    if (l) l.push(p);
    else byIP.set(p.ip as string, [p]);
  }
  for (const [ip, pods] of byIP) {
    if (pods.length < 2) continue;
    findings.push({
      code: 'ipam/duplicate-pod-ip',
      severity: 'critical',
      subject: { kind: 'pod', name: `${pods[1]?.name}`, namespace: pods[1]?.namespace },
      title: `${pods.length} running pods share IP ${ip}`,
      evidence: pods.map((p) => ({
        fact: `${p.namespace}/${p.name} on ${p.node ?? '?'}`,
        source: `Pod ${p.namespace}/${p.name} status.podIP`,
      })),
      fix: {
        why: 'Leaked or overlapping IPAM state handed out the same address twice; traffic reaches the wrong pod.',
        steps: pods.slice(1).map((p) => ({
          run: `kubectl delete pod -n ${shq(p.namespace)} ${shq(p.name)}`,
          where: 'workstation' as const,
          caution: 'Recreates the pod with a new address.',
        })),
      },
    });
  }
  return findings;
}

export const ipamCheck = {
  id: 'ipam',
  title: 'Pod IP allocation',
  help: 'Detects the CNI, counts pods holding an IP per node against the usable addresses of its podCIDR, and reads FailedCreatePodSandBox events: "no IP addresses available" with few live pods means leaked host-local leases (with a per-node cleanup). Also finds nodes without podCIDR, overlapping podCIDRs, duplicate pod IPs and pod IPs outside their node\'s podCIDR.',
  needs: ['nodes', 'pods', 'events', 'kubeSystem', 'calico'],
  emits: [
    'ipam/range-exhausted',
    'ipam/calico-exhausted',
    'ipam/pod-cidr-near-full',
    'ipam/pod-cidr-unassigned',
    'ipam/pod-cidr-overlap',
    'ipam/duplicate-pod-ip',
    'ipam/bridge-address-mismatch',
  ],
  run(s, now): CheckRun {
    void now;
    const cni = detectCni(s);
    const byNode = podsByNode(s);
    const exhausted = exhaustedByNode(s);
    const hostLocal = cni === 'flannel' || cni === 'other';
    const findings: Finding[] = [];
    let examinedNodes = 0;
    for (const n of s.nodes) {
      const cidr = n.podCIDRs.find((c) => cidrRange(c));
      if (!cidr) continue;
      examinedNodes++;
      const node: NodeRange = { n, cidr, usable: usableAddresses(cidr), pods: byNode.get(n.name) ?? [] };
      const ex = exhausted.get(n.name);
      if (ex) findings.push(...rangeExhausted(node, ex, cni));
      else if (hostLocal) findings.push(...nearFull(node));
      if (hostLocal) findings.push(...bridgeMismatch(node));
    }
    findings.push(
      ...calicoBlocks(s),
      ...calicoEvents(s),
      ...unassignedCidrs(s, cni),
      ...overlappingCidrs(s),
      ...duplicateIps(s),
    );
    const cal = s.calico;
    const live = [...byNode.values()].reduce((a, l) => a + l.length, 0);
    const examined = `CNI ${cni}${hostLocal ? ' (host-local IPAM checks apply)' : ` (${cni} IPAM: podCIDR fullness checks do not apply${cal ? `; ${cal.pools.length} Calico pools, ${cal.blocks.length} blocks read` : ''})`}, ${examinedNodes} node podCIDRs, ${live} pods holding an IP, ${s.events.length} events`;
    return { findings, examined };
  },
} as const satisfies Check;
