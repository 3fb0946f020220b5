/**
 * The second tier: people describing what happened instead of pasting an error ("after we set the
 * node time back pods got 401", "两台节点的时间差大约是 1min30s"). A description is a *likely* cause:
 * it ranks below every signature, says what was recognised (and any stated figure), and points at
 * the live check that confirms it. English and Chinese.
 * @module
 */
import type { FindingCode } from '../../core/codes.js';
import { CODES } from '../../core/codes.js';
import type { Command } from '../../core/finding.js';
import { catalogStep } from '../../core/fixes.js';
import { duration } from '../../core/format.js';
import type { Severity } from '../../core/severity.js';
import { liveCheck, pasteFinding } from '../build.js';
import { dialledElsewhere } from '../endpoints.js';
import { illustratedAt } from '../paste.js';
import { type Hit, type Paste, perPaste, type Rule } from '../rule.js';
import {
  appPkiPaste,
  appTokenStory,
  clockStoryElsewhere,
  foreignToken,
  kubeContext,
  noClaimGate,
  otherClockSentence,
  PUBLIC_CA_RE,
  pasteTest,
  publicSiteCertificate,
  rancherAgentCheck,
  serviceRangePaste,
  strongKubeContext,
} from './signals.js';
import { RESTART_JUMPED_PODS } from './skew.js';

/** A token was refused somewhere in the paste (401, Unauthorized, "provide credentials", invalidated). */
/**
 * A worked sizing example ("Imagine we have a /24 … 8 nodes × 30 pods = 240 pods … we hit an IP
 * exhaustion wall"): arithmetic under a what-if, with no error in the paste. Its exhaustion is the
 * lesson's, not a cluster's.
 */
const addressSizingLesson = pasteTest(
  /^(?![\s\S]*\b(?:error|failed|FailedCreatePodSandBox|no IP addresses available)\b)(?=[\s\S]*\b(?:imagine|suppose|let'?s (?:say|see|assume)|assume (?:we|you) have)\b)(?=[\s\S]*\b\d[\d,]*\s*(?:nodes?|pods?)?\s*[x×*]\s*\d[\d,]*\s*(?:nodes?|pods?|IPs?)?\s*=\s*\d)/i,
);

const tokenRefusedPaste = pasteTest(/\b(?:401s?|unauthori[sz]ed|provide credentials|invalidated)\b/i);
/** A client cut off from the apiserver, told in words ("can no longer connect to the API server"). */
const cutOffPaste = pasteTest(
  /\b(?:can ?not|can no longer|can'?t|could not|couldn'?t|unable to|no longer able to)\s+(?:communicate|connect|talk|authenticate)\b/i,
);
/** Something that holds a token: a token, a service account, an agent. */
const tokenHolderPaste = pasteTest(/\b(?:tokens?|service ?accounts?|agents?)\b/i);

/** A kubelet refused or cut off: Unauthorized, 401, NotReady, "can't access the apiserver". */
const kubeletRefusedPaste = pasteTest(
  /\b(?:unauthori[sz]ed|401|NotReady|not ready|can(?:no|')?t (?:access|reach|connect to)|cannot (?:access|reach|connect to)|x509)\b/i,
);

/** Certificates or tokens named anywhere in the paste: what a clock that is off breaks. */
const credentialPaste = pasteTest(/\b(?:certs?|certificates?|x509|m?tls|tokens?)\b/i);

/** A shutdown, power-off or reboot told anywhere in the paste (cached per paste). */
const shutdownPaste = pasteTest(
  /\b(?:shut(?:ting)?\s+(?:it\s+|them\s+|(?:the|our|a|my)\s+(?:cluster|nodes?|vms?|lab|instance)\s+)?down|shutdowns?|power(?:ed|ing)?\s+(?:it\s+|them\s+)?(?:off|down)|powered\s+(?:it\s+|them\s+)?on|turn(?:ed|ing)?\s+(?:it\s+|them\s+)?off|reboot(?:s|ed|ing)?|stopp(?:ed|ing)\s+(?:the\s+)?(?:cluster|vms?|instances?))\b|关机|停机|重启/i,
);

/** Descriptions rank below signatures (which start at 3). */
const DESCRIPTION_RANK = 2;
/** The kubelet's own serving certificate named: not a control-plane certificate. */
const KUBELET_SERVING_CERT_RE =
  /\bkubelet(?:'s)? serving cert|\bserving cert(?:ificate)?s? (?:of|for) (?:the |a |each |every )?kubelets?\b|\bkubelet\.crt\b/i;

const UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  秒: 1,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  分: 60,
  分钟: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  小时: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  天: 86_400,
};
const FIGURE_RE =
  /(?<![\w.])(\d{1,6}(?:\.\d{1,3})?)\s?(ms|secs?|seconds?|s|mins?|minutes?|分钟|分|h|hours?|小时|days?|d|天|秒)(?:\s?(\d{1,3})\s?(s|secs?|seconds?|秒))?(?![a-z])/i;

/** A figure the person stated ("1min30s", "90 秒", "1 day"), in seconds; not a digit inside a word ("k8s"). */
export function statedSeconds(text: string): number | undefined {
  const m = FIGURE_RE.exec(text);
  if (!m) return undefined;
  const unit = UNITS[(m[2] as string).toLowerCase()] ?? UNITS[m[2] as string];
  if (unit === undefined) return undefined;
  return Number(m[1]) * unit + (m[3] ? Number(m[3]) : 0);
}

/** What a description rule states beyond its pattern: the check that confirms it, why, and steps. */
interface Description extends Pick<Rule, 'id' | 'code' | 'pattern' | 'examples' | 'nearMisses'> {
  readonly check: 'skew' | 'token' | 'certs' | 'ipam';
  readonly why: string;
  readonly steps?: readonly Command[];
  /** @default DESCRIPTION_RANK */
  readonly rank?: number;
  readonly when?: Rule['when'];
  /** What the finding's title says the description told, when the code's own title does not fit. @default the code's title */
  readonly told?: string;
  /** @default the code's severity */
  readonly severity?: Severity;
}

/** A description rule: ranked below every signature, answering with a "Likely:" finding. */
function description(d: Description): Rule {
  const noClaim = noClaimGate(d.code, d.pattern);
  return {
    id: d.id,
    code: d.code,
    pattern: d.pattern,
    examples: d.examples,
    nearMisses: d.nearMisses,
    rank: d.rank ?? DESCRIPTION_RANK,
    prose: true,
    // An application's JWT and its clock, told with everyday words, is not a cluster's story.
    when: (paste, hit) =>
      !appTokenStory(paste) &&
      // A sentence about time zones is a display offset, not a clock that is off.
      // A clock told in words is a cluster's only in a paste about Kubernetes, or about the
      // certificates and tokens a clock breaks (an Ethereum node's time-sync alert is neither).
      (d.check !== 'skew' ||
        ((kubeContext(paste) || (credentialPaste(paste) && !publicSiteCertificate(paste))) &&
          !clockStoryElsewhere(paste, hit) &&
          // A device's or a browser's clock ("设备时间不同步"), in a sentence that names no node.
          !otherClockSentence(paste, hit) &&
          // A runbook's example output ("similar to the following example output:") is not this clock.
          !illustratedAt(paste, hit.line))) &&
      // "tokens that don't expire", "clocks aren't drifting", "to ensure …": no claim.
      !noClaim(paste, hit) &&
      (!d.when || d.when(paste, hit)),
    diagnose: (hits, paste) => described(d.code, hits, paste, d),
  };
}

function described(
  code: FindingCode,
  hits: readonly Hit[],
  paste: Paste,
  p: Pick<Description, 'why' | 'check' | 'steps' | 'told' | 'severity'>,
) {
  const figure = hits.map((h) => statedSeconds(paste.lines[h.line] ?? '')).find((x) => x !== undefined);
  return pasteFinding(code, hits, paste, {
    title: `Likely: ${p.told ?? CODES[code].title} (from the description; confirm with /k8s ${p.check})`,
    ...(p.severity ? { severity: p.severity } : {}),
    facts: [
      {
        fact: `recognised as a description of the cause, not an error message: a likely cause, lower confidence than a matched error${
          figure !== undefined ? `; stated figure ${duration(figure * 1000)}` : ''
        }`,
        source: 'pasted text',
      },
    ],
    why: p.why,
    confirm: [liveCheck(p.check)],
    steps: p.steps ?? [],
  });
}

/**
 * Words of a control plane (its components, files and tools, English and Chinese), and of the
 * distributions that are one whole cluster (OpenShift and its local and edge builds, minikube, MicroK8s, k0s).
 */
const controlPlanePaste = pasteTest(
  /kubeadm|kubespray|kubekey|sealos|kubelet|apiserver|api server|kube-?api\b|etcd|master|control[- ]plane|controller-manager|kube-scheduler|scheduler\.conf|kube-proxy|cluster|kubectl|k3s|rke2?\b|\/etc\/kubernetes|kubeconfig|admin\.conf|集群|节点|openshift|\bokd\b|microshift|\bcrc\b|crcbundle|minikube|microk8s|\bk0s\b/i,
);
/**
 * Certificates that are not a control plane's: a website's, an ingress's, a registry's, a webhook's.
 * A link to Kubernetes' docs or to a code host is a reference, not a site whose certificate failed.
 */
const otherTlsPaste = perPaste(
  (p) =>
    appPkiPaste(p) ||
    PUBLIC_CA_RE.test(p.text) ||
    // A web UI's own certificate (Rancher's, a dashboard's), or a Rancher agent checking its server's.
    /\b(?:UI|web ?UI|dashboard|console|portal)(?:'s)? (?:x509 |TLS |SSL |https )?cert(?:ificate)?s?\b/i.test(
      p.text,
    ) ||
    rancherAgentCheck(p) ||
    // curl or openssl s_client shows the port it dialled, and no cluster component serves there.
    dialledElsewhere(p) ||
    /\b(?:cert-manager|ingress(?:es)?|let'?s ?encrypt|certbot|acme|browsers?|webhooks?|registr(?:y|ies)|docker pull|helm repo|istio|linkerd|websites?|domains?)\b|SEC_ERROR_|NET::ERR_CERT|uses an invalid security certificate|https:\/\/(?!\d)(?!(?:[a-z0-9-]+\.)*(?:kubernetes\.io|k8s\.io|k3s\.io|kubernetes\.dev|github\.com|stackoverflow\.com|serverfault\.com)\b)[a-z0-9.-]+\.(?:com|org|net|io)\b/i.test(
      p.text,
    ) ||
    curledWebsite(p),
);

/**
 * `curl https://<a website>/…`: a host name that is not a cluster endpoint's (no apiserver port, not
 * a managed control plane's name), asked for a path no cluster component serves.
 */
const curledWebsite = pasteTest(
  /\bcurl\b[^\n]{0,40}\bhttps:\/\/(?!\d)(?![^\s/]*(?:kube|k8s|eks\.amazonaws|azmk8s|cluster|apiserver|api-server))[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:\/(?!api\b|apis\b|healthz|livez|readyz|version)\S*)?(?=\s|$)/im,
);

/** Kerberos and Active Directory: their clock-skew limit is theirs, not a cluster's. */
const kerberosPaste = pasteTest(/\bkerberos\b|\bKRB_AP_ERR_SKEW\b|\bkinit\b|\bKDC\b|active directory/i);

/** Description rules. */
export const DESCRIPTION_RULES: readonly Rule[] = [
  description({
    id: 'describe-clock-set-back-401',
    code: 'token/not-yet-valid',
    pattern:
      /\b(?:set|moved?|changed?|turned|rolled|put)\s+(?:the\s+)?(?:\w+\s+)?(?:time|clock|date)\s+back(?:wards?)?\b[^\n]{0,100}\b(?:401|unauthori[sz]ed)\b|(?:时间|时钟)(?:往回|回拨|回调|调回|倒退)[^\n]{0,60}(?:401|Unauthorized|未授权)/i,
    examples: ['after we set the node time back, the pods started getting 401 Unauthorized from the API'],
    nearMisses: ['we set the node time back to UTC and restarted chrony'],
    rank: DESCRIPTION_RANK + 1,
    check: 'token',
    why: 'Tokens minted while the clock was ahead carry nbf in the future; after the clock goes back the apiserver rejects them (401) until real time passes nbf − 60 s, and the kubelet does not replace them.',
  }),
  description({
    id: 'describe-clock-jump',
    code: 'skew/clock-jump',
    pattern:
      /\b(?:set|setting|moved?|moving|changed?|changing|adjust(?:ed|ing)?|roll(?:ed|ing)?|turn(?:ed|ing)?)\s+(?:the\s+)?(?:system\s+|node'?s?\s+|server'?s?\s+|host'?s?\s+)?(?:time|clock|date)\b[^\n.]{0,40}?\b(?:back(?:wards?)?|forwards?|ahead|earlier|into the (?:past|future))\b|\b(?:time|clock|date) (?:of|on) (?:a|the|one|this|that|each|every) (?:node|server|host|machine) (?:changes?|changed|jump(?:s|ed)?|goes|went|moves?|moved|is changed|was changed|was set)\b[^\n.]{0,20}\b(?:earlier|back(?:wards?)?|forwards?|ahead|to the past|into the (?:past|future))\b|\b(?:a|the) (?:time|clock) jump (?:from|to|back|forward)\b|\b(?:time|clock) (?:jump(?:s|ed)?|stepp?(?:s|ed)) (?:back(?:wards?)?|forwards?|to the past|into the (?:past|future))\b|\b(?:system |node |server |host )?(?:time|clock|date) (?:is|was|gets|got|has been|had been) (?:changed|set|moved|adjusted|modified|shifted|stepped)\b[^\n.]{0,30}\b(?:later|earlier|ahead|back(?:wards?)?|forwards?|into the (?:past|future))\b|\b(?:updat|chang|adjust|modif|reset)\w* (?:the )?(?:system )?(?:date and time|time and date|date\/time|system (?:time|clock|date))\b[^\n.]{0,60}\b(?:kills?|killed|restarts?|restarted|evict\w*|breaks?|broke|fails?|failed|crash\w*|Unknown|NotReady)\b|\b(?:containers?|sandbox(?:es)?|pods?|events?|objects?)\b[^\n.]{0,40}\b(?:created|stamped|dated|started|written)\b[^\n.]{0,10}\b(?:with|at) (?:an? )?future (?:timestamps?|time|date)\b|(?:系统|节点|服务器)?时间(?:被)?(?:往回|回拨|回调|调回|倒退|往前|向前|调快|调慢|跳变|回退|前跳|跳跃)|时钟(?:跳变|回拨|回退|倒退|跳跃)|回拨(?:了)?(?:系统)?时间/i,
    examples: [
      'We moved the system clock backward on worker-2 and rebooted it; now its pods are Unknown',
      'the time of the node changed to an earlier date after a power cut',
      '昨天把节点时间往回调了一天,之后 pod 一直起不来',
      '内核检测到时钟源严重偏差,引发系统时间跳变,节点上 Kubernetes 的探针误判',
      'Nodes becomes Unknown when the time on this node jumps to the past',
      'the pod could not become ready when there was a time jump from a future time to right time after the nodes reboot',
      'updating the date and time on a single master/node host kills all the running pods',
      'After the system time is changed to one hour later, kube-controller-manager master election is triggered again',
      'Containers of pod keep restarting while a infra container is created with future timestamp',
    ],
    nearMisses: [
      'we set the timezone to UTC on every node',
      'rolled back the deployment to an earlier revision',
      'the container image was created with a fixed timestamp for reproducible builds',
    ],
    check: 'skew',
    why: 'A stepped clock leaves objects, tokens and kubelet state stamped in the future (or past); the kubelet and container runtime can refuse to create sandboxes until their stamps are in the past again.',
    steps: [
      { run: 'journalctl -u chronyd --since "-7d" | grep -Ei "time jump|stepped"', where: 'node' },
      catalogStep('kubeletRestart'),
    ],
  }),
  description({
    id: 'describe-vm-snapshot-clock',
    code: 'skew/clock-jump',
    // A VM restored (reverted) from a snapshot wakes with the snapshot's time and is then stepped to the
    // real one by the hypervisor's or chrony's sync: a clock jump on every node restored that way.
    pattern:
      /\b(?:clocks?|time ?sync\w*|system time|(?<!at )the time)\b[^\n.]{0,60}\b(?:after|when|on|once)\b[^\n.]{0,10}\b(?:restor|revert)\w*\b[^\n.]{0,30}\b(?:from|to) (?:a |the |an? older |their |its )?snapshots?\b|\b(?:restor|revert)\w*\b[^\n.]{0,30}\b(?:from|to) (?:a |the |an? older |their |its )?snapshots?\b[^\n.]{0,60}\b(?:clocks?|time ?sync\w*|system time|(?<!at )the time)\b/i,
    examples: [
      'Time Sync problems after restore VM/Node from snapshot',
      'After reverting the worker VMs to a snapshot, the clock on each node was two hours behind until chrony stepped it',
    ],
    nearMisses: [
      'Snapshot Restoration failing on blank nodes',
      'we restored etcd from the snapshot taken at the time of the upgrade',
      'restore the cluster from a snapshot with k3s server --cluster-reset',
    ],
    check: 'skew',
    why: "A VM restored from a snapshot starts with the time the snapshot was taken, and its clock is then stepped to the real time: leases, tokens and the kubelet's and runtime's state were stamped on either side of that jump, so pods and heartbeats misbehave until they are restarted.",
    steps: [
      {
        run: 'chronyc tracking; journalctl -u chronyd --since "-1d" | grep -Ei "time jump|stepped"',
        where: 'node',
      },
      catalogStep('kubeletRestart'),
      RESTART_JUMPED_PODS,
    ],
  }),
  description({
    id: 'describe-clocks-unsynced',
    code: 'skew/node-clock',
    pattern:
      /\b(?:not|aren't|weren't|isn't|wasn't) (?:in )?sync(?:ed|hroni[sz]ed)?\b[^\n.]{0,30}\b(?:ntp|chrony|time)\b|\b(?:ntp|chrony|time ?sync)\b[^\n.]{0,30}\b(?:out of sync|not (?:running|synced|synchroni[sz]ed|working|installed|enabled|started|active)|unsynchroni[sz]ed)\b|\bclocks? (?:are|were|is|was|of the nodes (?:are|were)) (?:out of sync|not (?:in )?sync|drifting|off by)\b|\bnot (?:configured|set ?up|installed|enabled|running) (?:for|with) (?:ntp|chrony|time ?sync\w*)\b|\b(?:(?:ntp|chrony|time)[- ]?sync\w*|sync\w* (?:the )?(?:ntp|chrony|time|clocks?))\b[^\n]{0,80}\b(?:otherwise|or else)\b[^\n]{0,60}\b(?:cert\w*|tls|mtls|tokens?|x509)\b|\bafter (?:configuring|enabling|installing|fixing|setting up|starting) (?:ntp|chrony|time ?sync\w*)\b[^\n.]{0,40}\b(?:gone|fixed|resolved|went away|disappeared|solved)\b|\btime (?:difference|drift|skew|offset) (?:between|among)\b[^\n.]{0,40}\b(?:nodes?|servers?|hosts?|machines?|masters?|workers?)\b|\b(?:nodes?|servers?|hosts?|machines?|masters?|workers?|members?)\b[^\n.]{0,30}\b(?:(?:do|does|did|is|are|were|was)(?:n'?t| not)|not) (?:have |has |had |using |use |show |showing )?the same (?:time|clock|date(?: ?time)?)\b|\b(?:it'?s|it is|is) (?:about|because of|due to|caused by) (?:the )?(?:time|clocks?) on (?:the )?(?:different|several|multiple|each|all)? ?(?:machines?|nodes?|servers?|hosts?)\b|\b(?:different|mismatched|inconsistent) (?:time|clocks?) (?:on (?:the )?(?:machines?|nodes?|servers?|hosts?) )?(?:makes?|made|causes?|caused)\b|\b(?:clocks?|time) (?:needs?|has|have) to be synchroni[sz]ed before\b|(?:节点|服务器|机器|主机)[^\n]{0,12}时间差|时间(?:不一致|不同步)|时钟(?:不同步|偏差|漂移)/i,
    examples: [
      "it's not about network, it's about time on different machine. Different time makes the [token] out of date sometimes.",
      'NTP out of sync on two workers, nodes flap NotReady every few minutes',
      'the time difference between the two master nodes is about 40 seconds',
      '两台节点的时间差大约是 1min30s',
      'the servers I added to my cluster were not configured for NTP',
      'document syncing NTP across the cluster - otherwise there are certs expiration issues with mTLS',
      "If the etcd cluster hosts isn't have the same time with each other, joining the etcd cluster fails",
    ],
    nearMisses: [
      'token validation allows clock skew of 5 minutes',
      'the sync loop is not in sync with the informer cache',
    ],
    check: 'skew',
    why: 'Node clocks that are not synchronised to one source drift apart: TLS fails near certificate edges, leases and heartbeats look stale, and timelines mislead.',
    steps: [
      {
        run: 'systemctl enable --now chronyd && chronyc makestep',
        where: 'node',
        caution: 'Steps the clock at once.',
      },
    ],
  }),
  description({
    id: 'describe-waiting-for-time-sync',
    code: 'skew/node-clock',
    // Talos (and systemd's time-wait) hold the kubelet until the clock has synced once: a node that
    // "waits indefinitely for time sync" stays NotReady while its time source is unreachable.
    pattern:
      /\bwait(?:s|ed|ing)? (?:indefinitely |forever |endlessly )?for (?:the )?(?:time ?sync(?:hroni[sz]ation)?|time to (?:be )?sync(?:ed|hroni[sz]ed)?|the clock to (?:be )?sync(?:ed|hroni[sz]ed)?)\b/i,
    examples: [
      'After a reboot the node stays NotReady because Talos defaults to Cloudflare NTS and waits indefinitely for time sync.',
    ],
    nearMisses: ['the installer waits for the network before it starts'],
    when: (p) => /NotReady|not ready|kubelet|stuck|hangs?|never (?:starts|comes up)/i.test(p.text),
    check: 'skew',
    told: 'a node waiting for a time sync that never completes',
    why: 'The node holds the kubelet (or its services) until the clock has synchronised once; with the time source unreachable, blocked or intercepted (NTS through a firewall that answers NTP itself), it never does and the node stays NotReady.',
    steps: [
      {
        run: 'talosctl -n <node> time   # Talos; elsewhere: chronyc sources -v; timedatectl timesync-status',
        where: 'workstation',
      },
    ],
  }),
  description({
    id: 'describe-node-clock-off',
    code: 'skew/node-clock',
    // A machine's clock told as wrong in everyday words: "Node time is off-sync", "the master's clock
    // is 3 minutes ahead", "if the clock drifts > 300 seconds". The machine (or the figure) must be in
    // the sentence, and the paste must be about Kubernetes: Kerberos, CI runners and laptops drift too.
    pattern:
      /\b(?:nodes?|servers?|hosts?|machines?|masters?|workers?|minions?|vms?|instances?)(?:'s?)?\s+(?:(?:system|local|os)\s+)?(?:time|clocks?)\b[^\n.]{0,25}?\b(?:(?:is|are|was|were|got|gets|went|goes|go|drifts?|drifted|seems?)\s+)?(?:off[- ]?sync|out[- ]of[- ]sync|not (?:in[- ])?sync\w*|un-?sync\w*|drift(?:s|ed|ing)? (?:apart|away|off)|skewed|wrong|incorrect|inaccurate|off by \d|(?:\d+(?:\.\d+)?|a few|several) ?(?:ms|s|sec\w*|min\w*|hours?|h|days?) (?:ahead|behind|off|fast|slow))\b|\b(?:time|clocks?) (?:on|of|in) (?:(?:one|two|three|some|several|all|most|each|many|a few) of )?(?:the |this |that |these |those |each |all |every |some |our |two |several )?(?:nodes?|servers?|hosts?|machines?|masters?|workers?|vms?|instances?)\b[^\n.]{0,15}?\b(?:is |are |was |were |seems? |got |went )?(?:not (?:in[- ])?sync\w*|out[- ]of[- ]sync|off[- ]?sync|un-?sync\w*|wrong|incorrect|inaccurate|skewed|(?:\d+(?:\.\d+)?|a few|several) ?(?:ms|s|sec\w*|min\w*|hours?|h|days?) (?:ahead|behind|off|fast|slow))\b|\b(?:the |a |node |system )?clocks? (?:(?:of|on) (?:the )?[\w-]+ )?(?:drifts?|drifted|drifting|is off|are off|was off|were off)\b[^\n.]{0,12}(?:>|more than|over|by|up to|beyond)\s*\d|\b(?:big|large|huge|significant|massive|severe|serious|excessive)\s+(?:time|clock)\s+(?:drifts?|skews?|offsets?|differences?)\s+(?:on|of|in|across|between)\s+(?:(?:the|our|some|several|all|many|multiple|cluster|k8s|kubernetes|worker|master)\s+)*(?:nodes?|servers?|hosts?|machines?|masters?|workers?)\b/i,
    when: (p, h) =>
      strongKubeContext(p) && !kerberosPaste(p) && !/\btime ?zones?\b|\bTZ\b/i.test(p.lines[h.line] ?? ''),
    examples: [
      'Node time is off-sync on our AKS cluster.',
      "the master's clock is 3 minutes ahead of the worker nodes, so kubelet certificates look not yet valid",
      'At least on AWS, if the clock drifts > 300 seconds (which it will), EC2 calls from the nodes stop working and the aws-node pods crash',
      'the clocks of worker-2 were off by 40 seconds and kubelet certificates looked not yet valid',
      'k3s agent fails to join: time on this node is not synchronized',
      'the time on two of the worker nodes is 4 minutes behind and kubectl logs fails',
      'we see a large clock skew on several worker nodes of our k8s cluster since the hypervisor upgrade',
    ],
    nearMisses: [
      'the node time zone is wrong in the dashboard',
      'server time is displayed in UTC',
      'the clock drift panel of the node exporter dashboard',
      'an alert for time drift on nodes',
    ],
    check: 'skew',
    why: 'A node whose clock is off from the others breaks everything that compares times across machines: TLS near certificate edges, token nbf/exp, leases and heartbeats, and cloud API signatures (AWS rejects requests more than 5 minutes off).',
    steps: [
      {
        run: 'systemctl enable --now chronyd && chronyc makestep',
        where: 'node',
        caution: 'Steps the clock at once.',
      },
    ],
  }),
  description({
    id: 'describe-object-age-wrong',
    code: 'skew/node-clock',
    // kubectl's AGE is the workstation's "now" minus the apiserver's creationTimestamp: a just-created
    // object that is minutes old, or "<invalid>" (in the future), means the two clocks disagree.
    pattern:
      /\bage\b[^\n.]{0,40}\b(?:newly|just|freshly) (?:created|deployed|started|scheduled)\b[^\n.]{0,80}\b\d+ ?(?:s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b|\b(?:newly|just|freshly) (?:created|deployed|started|scheduled)\b[^\n.]{0,60}\b(?:age|AGE)\b[^\n.]{0,40}\b\d+ ?(?:s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b|\bAGE\b[^\n.]{0,40}(?:shows?|is|was|says?|displays?)[^\n.]{0,10}<invalid>/,
    when: (p) => strongKubeContext(p),
    examples: [
      'helm install, then kubectl get svc: the age of the newly deployed services said they were deployed 15 mins ago',
      'pods I just created show an AGE of 12m in kubectl get pods',
      'the AGE column shows <invalid> for every new pod',
    ],
    nearMisses: ['the age of the pod is 15 minutes', 'newly created pods are pending for 10 minutes'],
    check: 'skew',
    why: "kubectl computes AGE as your machine's clock minus the creationTimestamp the apiserver stamped with its own clock: a new object that is minutes old (or <invalid>, in the future) means the apiserver's host and your workstation disagree on the time; often a VM that slept (a laptop's local cluster) and did not resync.",
    steps: [
      {
        run: 'systemctl enable --now chronyd && chronyc makestep',
        where: 'node',
        caution:
          'Steps the clock at once. For minikube or a desktop VM: restart the VM so it resyncs with the host.',
      },
    ],
  }),
  description({
    id: 'describe-token-401-after-an-hour',
    code: 'token/expired',
    pattern:
      /\b(?:401|unauthori[sz]ed)\b[^\n]{0,120}\b(?:exactly|about|roughly|after|every)\s(?:one|1|an)\s?(?:hour|h)\b|\bafter (?:exactly |about )?(?:one|1|an) hours?\b[^\n]{0,80}\b(?:401|unauthori[sz]ed)\b/i,
    examples: [
      'our controller starts getting 401 from the kube-apiserver about one hour after the pod starts',
    ],
    nearMisses: ['the registry returned 401 because the pull secret was wrong'],
    // An hour is also an OIDC id-token's or a cloud exec plugin's life: those tokens are not a pod's.
    when: (p) => !foreignToken(p),
    check: 'token',
    why: 'Projected service-account tokens are rotated hourly (extended expiry aside); a client that read the token once at start and never re-reads the file gets 401 when it expires.',
    steps: [
      {
        run: 'kubectl rollout restart deployment/<name> -n <namespace>',
        where: 'workstation',
        caution: 'Buys an hour; the fix is a client library that re-reads the token file.',
      },
    ],
  }),
  description({
    id: 'describe-token-revoked',
    code: 'token/invalidated',
    // The service accounts (or their token secrets) deleted or recreated while clients held their tokens,
    // with the refusal on the same line or told elsewhere in the paste ("tons of Unauthorized in the log
    // of kube-controller-manager. Seems related to SA rotated"). A rotated SA *token* is a client that
    // did not re-read it; a rotated signing *key* is another story.
    pattern:
      /\b(?:deleted?|deleting|recreated?|recreating)\b[^\n]{0,40}\b(?:service ?account|token secret|secret)\b[^\n]{0,120}\b(?:revok\w*|invalidat\w*|401|unauthori[sz]ed)|\bstill exist in (?:a|its|the) backing secret\b|\b(?:SAs?|service ?accounts?)(?: (?:token )?secrets?)?\s+(?:(?:was|were|got|gets|get|has been|have been|had been|being|is|are)\s+)?(?:deleted and\s+)?(?:re-?created|regenerated|rotated)\b|\b(?:re-?creates?|re-?created|regenerat\w*|re-?mint\w*)\s+(?:new\s+)?tokens?\s+for\s+(?:the\s+|all\s+)?(?:existing\s+)?service ?accounts?\b/i,
    examples: [
      'after we deleted and recreated the service account, the running pods got 401 Unauthorized',
      'Then I get tons of `Unauthorized` in the log of `kube-controller-manager`. Seems related to SA rotated.',
      'the service accounts were recreated by the operator upgrade and the agents now get 401',
      'k8s recreates tokens for existing service accounts, so all pods using the old token can no longer connect to the API server',
    ],
    nearMisses: [
      'we deleted the secret and the deployment picked up the new value',
      'after SA token rotation the client keeps the old token',
      'the service account key was rotated',
    ],
    // The refusal: on the matched line ("… revoked"), or anywhere in the paste (401, Unauthorized, "can no
    // longer connect to the API server").
    when: (p, h) => /revok/i.test(h.match[0]) || tokenRefusedPaste(p) || cutOffPaste(p),
    check: 'token',
    why: 'A token is bound to the ServiceAccount (and Pod or Secret) it was minted for, by UID; deleting or recreating them revokes it (the apiserver logs "service account UID … does not match claim"), and every client still holding one gets 401 Unauthorized until it is given a new token.',
    steps: [
      {
        run: 'kubectl rollout restart deployment/<name> -n <namespace>',
        where: 'workstation',
        caution:
          'Recreates the pods with fresh tokens; a kubeconfig or CI secret holding a copied token needs a new one (kubectl create token).',
      },
    ],
  }),
  description({
    id: 'describe-token-other-signing-key',
    code: 'token/invalidated',
    // etcd restored into a new install (or onto apiservers with another --service-account-key-file):
    // the stored secret tokens were signed by a key these apiservers do not have (k8s-failures.md:
    // "square/go-jose: error in cryptographic primitive" is the same thing in the log's words).
    pattern:
      /\btokens?\b[^\n.]{0,60}\bsigned (?:by|with) (?:a|an|the) (?:old|other|different|previous|another|original)\b[^\n.]{0,40}\bkey\b|\bservice ?account tokens?\b[^\n.]{0,40}\b(?:were|are|was|is|became|become)\s+(?:simply\s+|all\s+)?no longer valid\b[^\n.]{0,60}\b(?:after|since|once|following)\b[^\n.]{0,30}\b(?:re-?issu\w*|rotat\w*|regenerat\w*|renew\w*|replac\w*)\b[^\n.]{0,30}\b(?:certs?|certificates?|keys?|CA)\b|\b(?:entirely |a )?different (?:`)?(?:serviceaccount|service-account|sa)\.key\b|\brestored? (?:an |the )?etcd\b[^\n.]{0,80}\bservice ?accounts? (?:stopped working|(?:are |were )?(?:broken|rejected|invalid))/i,
    examples: [
      'The old tokens are being inherited into a new cluster that has an entirely different `serviceaccount.key` file, so kube-apiserver rejects them',
      'I restored an etcd backup on a new cluster and the service accounts stopped working',
      'the secrets that are created for service account tokens were no longer valid after reissuing certs',
    ],
    nearMisses: [
      'we restored etcd and every deployment came back',
      'the JWT is signed with the key from Vault',
    ],
    check: 'token',
    told: 'service-account tokens signed by another key (a restore into a new cluster, or reissued keys)',
    why: 'A secret-based token carries the signature of the service-account key of the cluster that minted it. Restored into a cluster (or onto apiservers) with another --service-account-key-file, every such token fails verification (the log says "square/go-jose: error in cryptographic primitive" or "crypto/rsa: verification error").',
    steps: [
      {
        run: 'Either restore the old sa.key/sa.pub (kubeadm: /etc/kubernetes/pki/sa.*) on every apiserver and controller-manager, or delete the restored token secrets (kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token) so they are re-minted',
        kind: 'advice',
        where: 'control-plane',
        caution:
          'Restoring the old key also makes tokens minted since the restore invalid; then restart the pods that use the tokens.',
      },
    ],
  }),
  description({
    id: 'describe-token-lost-in-restore',
    code: 'token/invalidated',
    // A backup restored into a cluster (Rancher's backup-restore, Velero, an etcd snapshot) does not
    // bring back the service-account tokens the agents hold, or prunes their secrets: told in words,
    // beside the agents' 401s.
    pattern:
      /\b(?:service ?account|SA)(?: secret)?(?: tokens?)?s?\b[^\n.]{0,60}\bnot (?:being )?(?:restored|backed up|transferred|migrated|carried over)\b|\b(?:do|does|did|are|were|is|was) not (?:transfer|restore|migrate|back up)\w* the service ?account tokens?\b|\b(?:backup-restore|restor(?:e|ed|ing)|migrat(?:e|ed|ing|ion))\b[^\n]{0,120}\btokens?\b[^\n.]{0,80}\b(?:is|are|was|were|gets?|got|been) (?:invalidated|deleted|pruned)\b|\b(?:during|after|following|on) (?:the |a )?restore\b[^\n.]{0,80}\bsecrets?\b[^\n.]{0,30}\b(?:deleted|pruned|removed|lost)\b|\b(?:following|after) (?:the |a )?restore of\b[^\n]{0,200}\b(?:401s?|unauthori[sz]ed)\b/i,
    examples: [
      'Rancher lost connectivity to the cluster due to a ServiceAccount token not being restored: Unauthorized',
      'When a backup-restore operation occurs, the service account token stored for the agent on every node is invalidated',
      'Unauthorized: during restore, since prune is enabled by default, the service account token secret gets deleted.',
      'Following restore of the backed up cluster, the agent fails to talk to the server as evident by 401s responses',
    ],
    nearMisses: [
      'the secret was not restored because it was excluded from the backup',
      'after the restore of the cluster every deployment came back',
    ],
    when: (p) => tokenRefusedPaste(p) && tokenHolderPaste(p),
    check: 'token',
    told: 'service-account tokens lost or invalidated by a restore',
    why: 'A restore does not bring back the service-account tokens clients already hold: the token secrets are pruned or recreated, or the restored cluster signs with another key. Every agent still holding an old token gets 401 Unauthorized until it is given a new one.',
    steps: [
      {
        run: "kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token   # were the agents' token secrets restored?",
        where: 'workstation',
      },
      {
        run: 'kubectl rollout restart deployment/<name> -n <namespace>',
        where: 'workstation',
        caution:
          "Recreates the pods with fresh tokens; an agent installed on the host (Rancher's system-agent) needs its installer run again.",
      },
    ],
  }),
  description({
    id: 'describe-kubeconfig-client-cert-expired',
    code: 'cert/client-cert-rejected',
    // The client certificate a kubeconfig carries (made at bootstrap, never refreshed) lapsed while the
    // cluster runs on: every kubectl call is refused, the control plane itself is fine.
    pattern:
      /\bclient cert(?:ificate)?s?\b[^\n.]{0,30}\b(?:in|of|inside|embedded in) (?:your|the|my|our|a|its|that) kubeconfigs?\b[^\n.]{0,20}\b(?:has |had |have |is |was )?(?:expired|lapsed)\b|\bkubeconfig(?:'s)? (?:client )?cert(?:ificate)?s?\b[^\n.]{0,20}\b(?:has |had |is |was )?(?:expired|lapsed)\b|\bcert(?:ificate)?s? (?:(?:used |needed )?(?:to|for) (?:connect(?:ing)? to|access(?:ing)?)) (?:the|my|our|your|this) (?:kubernetes |k8s )?cluster\b[^\n.]{0,20}\b(?:has |had |is |was )?(?:expired|lapsed|no longer valid|not valid any ?more)\b/i,
    examples: [
      'The API server responds and pods run, but the client certificate in my kubeconfig has expired: every kubectl command fails.',
      'I could not connect to the cluster from my machine: the certificate to connect to the cluster is not valid anymore.',
    ],
    nearMisses: [
      'the client certificate in your kubeconfig is valid for one year',
      'the certificate to connect to the cluster is valid for one year',
    ],
    // More specific than "the certificates expired": it names which one.
    rank: 3,
    check: 'certs',
    told: "the kubeconfig's client certificate expired",
    why: 'A kubeconfig written at bootstrap carries a client certificate (usually valid one year) that nothing refreshes; once it lapses every call with that kubeconfig is refused, while the control plane and its own certificates can be healthy.',
    steps: [
      {
        run: "kubectl config view --raw -o jsonpath='{.users[0].user.client-certificate-data}' | base64 -d | openssl x509 -noout -enddate",
        where: 'workstation',
      },
      catalogStep('certRenew'),
    ],
  }),
  description({
    id: 'describe-kops-admin-credential-expired',
    code: 'cert/client-cert-rejected',
    // kOps ≥ 1.19 exports admin credentials (`kops update cluster --admin`, `kops export kubecfg
    // --admin`) as a client certificate valid for 18 hours: "You must be logged in to the server
    // (Unauthorized)" the next day, "fixed" by exporting again.
    pattern:
      /\bkops (?:update cluster|export kube(?:cfg|config))\b[^\n]{0,120}--admin\b|\bcert(?:ificate)?s? (?:are|is) (?:only )?valid for 18 ?h(?:ours?)?\b/i,
    examples: [
      'At this point I had to do again `kops update cluster --name some.k8s.local --yes --admin` to access the cluster, since the SSL certificate got expired after some amount of time: You must be logged in to the server (Unauthorized)',
    ],
    nearMisses: [
      'Exported kubecfg with no user authentication; use --admin, --user or --auth-plugin flags with `kops export kubecfg`: error listing nodes: Unauthorized',
    ],
    when: (p) =>
      /\bkops\b/i.test(p.text) &&
      /\bUnauthori[sz]ed\b|\b401\b|must be logged in/i.test(p.text) &&
      /\bexpir\w*|\b18 ?h(?:ours?)?\b|\bafter (?:some|a) (?:amount of )?time\b/i.test(p.text),
    // More specific than "the certificates expired": it names which certificate and why.
    rank: 3,
    check: 'certs',
    told: "kOps' exported admin credential (a client certificate valid for 18 hours) expired",
    why: 'Since kOps 1.19, `kops update cluster --admin` and `kops export kubecfg --admin` write a client certificate for the cluster admin that is valid for 18 hours (--admin=<duration> to change it); once it lapses every kubectl call is 401 Unauthorized until it is exported again.',
    steps: [
      {
        run: 'kops export kubecfg --name <cluster> --state <state-store> --admin   # or --admin=87600h; better: --user or --auth-plugin',
        where: 'workstation',
        caution:
          'Admin certificates cannot be revoked; a long --admin duration keeps a cluster-admin credential valid that long.',
      },
    ],
  }),
  description({
    id: 'describe-kubelet-client-cert-removed',
    code: 'cert/client-cert-rejected',
    // "I deleted /var/lib/kubelet/pki/kubelet-client*, then it started working": the kubelet's client
    // certificate was the one refused (expired, or issued by an earlier cluster's CA).
    pattern:
      /\b(?:delet\w*|remov\w*|rm(?: -f)?|mv|mov(?:e|ed|ing)|renam\w*)\b[^\n]{0,40}?(?:\/var\/lib\/kubelet\/pki\/)?kubelet-client(?:-current)?(?:[\w.-]*\.pem|\*)/i,
    examples: [
      'I tried to delete /var/lib/kubelet/pki/kubelet-client*, then it start working: no more Unauthorized',
      'the node was NotReady; I moved kubelet-client-current.pem out of the way and restarted the kubelet',
    ],
    nearMisses: ['the kubelet reads /var/lib/kubelet/pki/kubelet-client-current.pem at start'],
    when: kubeletRefusedPaste,
    check: 'certs',
    told: "the kubelet's client certificate refused (removing it fixed it)",
    why: "The apiserver refused the kubelet's client certificate (kubelet-client-current.pem): it expired, or it was issued by an earlier cluster's CA. Removing it makes the kubelet bootstrap a new one, which works only where a bootstrap kubeconfig is still valid.",
    steps: [catalogStep('kubeletClientReissue')],
  }),
  description({
    id: 'describe-installed-clock-ahead',
    code: 'cert/not-yet-valid',
    pattern:
      /\b(?:install(?:ed|ation)?|deploy(?:ed|ment)?|set ?up|bootstrapp?ed|created)\b[^\n.]{0,60}\b(?:time|clock|date)\b[^\n.]{0,40}\b(?:faster|ahead|fast|in the future)\b|安装[^\n]{0,20}时间[^\n]{0,20}(?:快|超前)|\b(?:NTP|time|clock|date)\b[^\n.]{0,40}\b(?:older|earlier) than (?:the )?(?:certs?|certificates?)\b[^\n.]{0,12}\b(?:issued|built|created|generated|minted|signed)\b|\bcert(?:ificate)?s?\b[^\n.]{0,30}\b(?:issued|created|generated|minted|signed) (?:in|from) the future\b|\bcert(?:ificate)?s?\b[^\n.]{0,20}\b(?:generat(?:ion|ed|ing)|creat(?:ion|ed|ing)|issu(?:ance|ed|ing)|mint(?:ed|ing))\b[^\n.]{0,30}\b(?:on|with|in|under) (?:a |the )?(?:positive|negative|non-?utc|local) time ?zones?\b|\b(?:configur|enabl|install|start|sync)\w* (?:the )?(?:ntp|chrony\w*|time ?sync\w*|clocks?)\b[^\n.]{0,20}\bafter (?:we |it |you |they )?(?:generat|creat|issu|mint|sign)\w* (?:the |its |their )?cert|\b(?:generat|creat|issu|mint|sign)\w* (?:the |its |their )?cert(?:ificate)?s? before (?:we |it |you )?(?:configur|enabl|install|start|sync)\w* (?:the )?(?:ntp|chrony\w*|time ?sync\w*|clocks?)\b/i,
    examples: [
      'the cluster was installed while the clock was two days ahead; after fixing the time nothing works',
      'kubeadm init fails: certificates generated under a non-UTC time zone inside the VM are not valid yet',
      'the installer generates the certificates before it configures chrony, so they are not valid until the clock catches up',
      'RKE2-Server.Service Never Recovers If Newly Input Post Cluster Inception NTP Is Older Than Cert Issued',
    ],
    nearMisses: ['the deployment was created faster than expected'],
    check: 'certs',
    why: 'Certificates issued while the clock was ahead start (notBefore) in what is now the future; after the clock is corrected they are "not yet valid" until real time reaches their start.',
    steps: [catalogStep('certRenew')],
  }),
  description({
    id: 'describe-kubelet-csr-pending',
    code: 'cert/kubelet-csr-pending',
    pattern:
      /\bserverTLSBootstrap\b[^\n]{0,160}\bPending\b|\b(?:CSRs?|certificate ?signing ?requests?)\b[^\n]{0,60}\b(?:stay(?:s|ing)?|stuck|remain(?:s|ing)?|left|go(?:es)? to|went to|sits?|sitting|hang(?:s|ing)?)\b[^\n]{0,20}\bPending\b|kubelet-serving[^\n]{0,80}\bPending\b|\bkubectl get csr\b[^\n]{0,30}\bgrep (?:-i )?'?Pending\b|\b(?:CSRs?|(?:certificate )?signing requests?)\b[^\n]{0,40}\bin (?:a |the )?[`'"]?pending[`'"]? (?:states?|status|condition)\b|(?:CSR|证书签名请求|证书请求)[^\n]{0,30}(?:一直|始终|仍然|依然|都)?(?:处于|是|为)\s*[`'"]?pending|\bcsrs?(?: requests?)? (?:from|for|requested by) [`'"]?system:node:[\w.-]+/i,
    examples: [
      'with serverTLSBootstrap enabled the kubelet CSRs just sit there in Pending',
      'kubectl get csr | grep Pending',
      '节点的CSR一直处于Pending状态',
      'I checked for pending CSR requests with oc get csr and found csr requests from `system:node:localhost`',
    ],
    nearMisses: ['the pod is stuck in Pending because no node has enough memory'],
    check: 'certs',
    why: 'With serverTLSBootstrap the kubelet requests its serving certificate by CSR (signer kubernetes.io/kubelet-serving); nothing approves those by default, so they stay Pending and the kubelet has no serving certificate.',
    steps: [
      {
        run: 'kubectl certificate approve <name>',
        where: 'workstation',
        caution: 'Check the requester is system:node:<node> and every SAN belongs to that node first.',
      },
    ],
  }),
  description({
    id: 'describe-shutdown-past-rotation',
    code: 'cert/kubelet-csr-pending',
    // A cluster whose certificates rotate on a short cycle, told as a cycle ("rotates certificates
    // every 16 to 22 hours"), in a paste about a shutdown or a reboot: OpenShift's kubelets renew their
    // first client certificate within a day and then every few weeks, so a cluster that was off past
    // that comes back with expired kubelet certificates and asks for new ones by CSR, which wait.
    pattern:
      /\b(?:rotates?|rotated|rotating|renews?|renewed|renewing|expires?)\s+(?:the\s+|its\s+|their\s+|all\s+)?(?:(?:kubelet|node|cluster|internal|platform)\s+)?cert(?:ificate)?s?\s+(?:automatically\s+)?every\s+\d+(?:\s*(?:to|-|–)\s*\d+)?\s*(?:hours?|h|days?)\b|\bcert(?:ificate)?s?\s+(?:are\s+|get\s+|is\s+|will\s+be\s+)?(?:automatically\s+)?(?:rotated|renewed|expire|expiring)\s+every\s+\d+(?:\s*(?:to|-|–)\s*\d+)?\s*(?:hours?|h|days?)\b|证书[^\n]{0,10}每\s*\d+\s*(?:小时|天)[^\n]{0,6}(?:轮换|更新|过期)|\b(?:due to|because of|caused by) (?:a |the )?cert(?:ificate)?s?[- ](?:problem|issue|expiry|expiration)s?\b[^\n.]{0,30}\b(?:re)?start(?:ing|s)? (?:of )?(?:the )?(?:nodes?|masters?|cluster|vms?)\b[^\n.]{0,20}\b(?:doesn'?t|does not|won'?t|will not|didn'?t|did not|fails?|failed)\b/i,
    when: shutdownPaste,
    examples: [
      'OpenShift rotates the kubelet certificates every 24 hours, so after we shut the cluster down over the weekend no node came back',
      'the lab was powered off for a month; its certificates are rotated every 30 days',
      'We shut the cluster down at night. Due to a certificate problem the restart of the nodes does not work any more.',
    ],
    nearMisses: ['cert-manager renews the ingress certificates every 60 days'],
    check: 'certs',
    told: 'a cluster shut down past its certificate rotation; the kubelets ask for new certificates by CSR',
    why: 'Kubelets renew their client certificates on a cycle (OpenShift: the first within a day of install, then every few weeks). A cluster that was off past the renewal comes back with expired kubelet client certificates; each kubelet asks for a new one by CSR, and until those are approved its node stays NotReady or missing.',
    steps: [catalogStep('kubeletCsrApprove')],
  }),
  description({
    id: 'describe-cert-expired-after-a-year',
    code: 'cert/control-plane-expiry',
    // Only "expired" (or "did expire") reports a lapse: "certs that expire after one year" tells their
    // lifetime, as "valid for one year" does (that alternative needs the consequence beside it).
    pattern:
      /\bcert(?:ificate)?s?\b[^\n.]{0,40}\b(?:expired|did expire)\b[^\n.]{0,40}\b(?:after|in) (?:(?:being |been )?(?:set up|created|installed|running|deployed|up) for )?(?:one|1|a) years?\b|\bafter (?:one|1|a) years?\b[^\n.]{0,60}\bcert(?:ificate)?s?\b[^\n.]{0,30}\bexpired?\b|\bcert(?:ificate)?s?\b[^\n.]{0,60}\b(?:valid|last|good)(?: for)? (?:one|1|a) years?\b[^\n]{0,30}\b(?:after which|then|and then)\b|\b(?:unavailable|stops? working|broke|fails?) after (?:one|1|a) years?\b[^\n]{0,60}\bcert|\bcert(?:ificate)?s?\b[^\n.]{0,30}\b(?:issued|created|generated|signed|come|comes) with (?:a )?(?:one|1)[- ]year (?:validity|lifetime|life)\b[^\n.]{0,40}\b(?:stopped working|stops? working|broke|(?:is|are|went) down|failed|unavailable)\b|(?:一年|1年)[^\n]{0,20}证书[^\n]{0,10}过期|证书[^\n]{0,20}(?:一年|1年)[^\n]{0,20}(?:到期|过期)|\b(?:cluster|kubeconfig|control[- ]plane|k3s|rke2|kubeadm|minikube|kind)\b[^\n.]{0,40}\b(?:ran|runs|running|worked|was up|been up|installed|created|set up|(?:was|has been|been) (?:fine|ok|okay|healthy|working))\b[^\n.]{0,20}\b(?:for )?(?:exactly |about |over |more than |almost )?(?:one|1|a) year\b[^\n]{0,60}(?:\b(?:can(?:no|')?t|cannot|no longer|unable to|fails? to|stopped)\b|\bUnauthori[sz]ed\b|\b401\b|must be logged in)/i,
    examples: [
      'the cluster worked for a year and then all the certificates expired after one year',
      'our cluster ran for exactly one year and now I can no longer log in with the previously used kubeconfig',
      'our cluster was fine for a year and today kubectl says Unauthorized',
      'kubeadm 证书只有一年有效期，到期后 apiserver 无法启动',
      'These certificates are valid for 1 year, after which Kubernetes becomes unavailable.',
      'Our kubeadm cluster is a year old; as the certificates are issued with one-year validity the control plane stopped working.',
    ],
    nearMisses: [
      'the TLS certificate of our website expired, we renewed it with certbot',
      "kubeadm cluster: after a year the admission webhook's certificates expire",
      'kubeadm signs certificates that expire after one year; we would like a built-in way to rotate them',
    ],
    // Certificates the match gives to a webhook ("the webhook's certificates") are the webhook's.
    when: (_p, h) => !/\bwebhooks?\b/i.test(h.match[0]),
    check: 'certs',
    why: 'kubeadm and k3s control-plane leaf certificates last one year and are renewed only by an upgrade, an explicit renew, or (k3s) a restart inside the renewal window.',
    steps: [catalogStep('certCheck'), catalogStep('certRenew')],
  }),
  description({
    id: 'describe-cluster-made-a-year-ago-refused',
    code: 'cert/control-plane-expiry',
    // "Almost exactly 1 year ago I created my cluster … kubectl: Unauthorized": the cluster's age told
    // as a date, and the refusal (or the guess "some certificate expired") elsewhere in the paste.
    pattern:
      /\b(?:(?:almost|about|exactly|over|more than|nearly|roughly|just) ){0,2}(?:one|1|a) year ago\b[^\n.]{0,40}\b(?:created|installed|set up|deployed|built|bootstrapped|provisioned|spun up)\b[^\n.]{0,30}\bcluster\b|\b(?:(?:almost|about|exactly|nearly|roughly|just) )?36[56] days after\b[^\n.]{0,40}\b(?:installed|deployed|set up|created|built|bootstrapped|provisioned)\b|\b(?:(?:almost|about|exactly|nearly|roughly|just) )?(?:(?:one|1|a) ){1,2}years? after (?:the |its )?(?:creation|install(?:ation)?|deployment|setup|it was (?:created|installed|deployed|set up))\b|\bcluster\b[^\n.]{0,30}\b(?:created|installed|set up|deployed|built|bootstrapped|provisioned|spun up)\b[^\n.]{0,20}\b(?:(?:almost|about|exactly|over|more than|nearly|roughly|just) ){0,2}(?:one|1|a) year ago\b/i,
    when: (p) =>
      /\bUnauthori[sz]ed\b|\b401\b|must be logged in|\bcert(?:ificate)?s?\b[^\n.]{0,30}\bexpir|\b(?:not healthy|unhealthy|NotReady|stopped working|refuses? to start|won'?t start)\b/i.test(
        p.text,
      ) &&
      // A site's or a registry's certificate told beside it is theirs (an ingress named for its routes is not).
      !/\b(?:certbot|let'?s ?encrypt|acme|websites?|browsers?|registr(?:y|ies)|domains?)\b/i.test(p.text) &&
      !appPkiPaste(p),
    examples: [
      'Started exactly 365 days after it was installed; certs due to expire',
      'almost exactly 1 year ago I created my cluster and today kubectl get pods says error: You must be logged in to the server (Unauthorized)',
      'The k3s cluster was set up a year ago; since this morning every kubectl call is 401 Unauthorized',
      'Rancher HA cluster shows etcd as not healthy exactly one 1 year after creation',
    ],
    nearMisses: [
      'a year ago I created my cluster with kubeadm and it has been running fine since',
      'one year ago we created the cluster; the TLS certificate of our website expired today and certbot renewed it',
    ],
    check: 'certs',
    why: 'kubeadm and k3s control-plane and client certificates last one year: a cluster made a year ago and not upgraded since refuses its kubeconfig (Unauthorized) when they lapse.',
    steps: [catalogStep('certCheck'), catalogStep('certRenew')],
  }),
  description({
    id: 'describe-control-plane-certs-expired',
    code: 'cert/control-plane-expiry',
    pattern:
      /\b(?:certificates?|certs?)\b[^\n.]{0,30}\b(?:have|has|had|are|were|is|was|got)\b(?: all| already)?(?: been)? (?:expired|expried|expierd)\b|\b(?:certificates?|certs?)\b[^\n.]{0,40}\b(?:it|they) (?:has|have|had) (?:already )?been expired\b|\b(?:old|the|our|all|my|its|their|kubeadm|kubernetes|cluster|rke2|k3s|harvester|rancher|openshift|okd) (?:certificates?|certs?) (?:expired|expried|expierd)\b|\b(?:the|our|all|my|its|their) (?:k8s|kubernetes|cluster|kubeadm|control[- ]plane|internal|k3s|rke2) (?:certificates?|certs?) (?:(?:have|had|are|were) (?:all |already )?)?(?:expired|expried|expierd)\b|\b(?:certificates?|certs?) `?\/?(?:[\w-]+\/){1,8}[\w.-]{1,60}\.(?:crt|pem|cert)`? (?:has|had|is|was) (?:already )?(?:been )?expired\b|\b(?:renew\w*|rotat\w*|regenerat\w*)\b[^\n.]{0,20}\bexpired (?:certificates?|certs?)\b|\b(?:caused by|because of|due to) (?:an? |the )?expired (?:certificates?|certs?)\b|^[ \t>*"'`#-]{0,10}(?:certificates?|certs?) expired\b|(?:证书)(?:已经?|都|全部)?过期(?!日期|时间|日|提醒|告警|检查|检测|监控)|\bcert(?:ificate)?s?\b[^\n]{0,60}\bwithout restart\w*\b[^\n.]{0,30}\b(?:master|control[- ]plane|apiserver|static pods?|components?)\b|\b(?:renew\w*|updat\w*|rotat\w*|regenerat\w*)\b[^\n.]{0,30}\bcert(?:ificate)?s?\b[^\n.]{0,60}\b(?:but|yet)\b[^\n.]{0,40}\b(?:still (?:use|serve|present)s?|(?:did not|didn'?t|never|not) (?:restart|reload|pick)\w*)\b|\b(?:kubelet-client(?:-current)?(?:-[\d-]+)?\.pem|(?:apiserver|apiserver-kubelet-client|apiserver-etcd-client|front-proxy-client|healthcheck-client|server|peer)\.crt|(?:admin|kubelet|controller-manager|scheduler|super-admin)\.conf)\b[^\n.]{0,40}\b(?:(?:has|have|had|is|are|was|were|got)(?: all| already)? expired|(?:is|are|was|were) (?:past|beyond) (?:its|their|the) (?:expir\w*|end) date)\b|\b(?:cert(?:ificate)?s?)\b[^\n.]{0,40}\b(?:is|are|was|were) (?:now |already )?(?:past|beyond) (?:its|their|the) (?:expir(?:y|ation)|end|validity)(?: date| period)?\b|\bexpired (?:kubelet|apiserver|kube-?api(?:-?server)?|kubernetes|k8s|etcd|control[- ]plane|kubeadm|k3s|rke2|node) (?:client |serving |peer )?cert(?:ificate)?s?\b|\b(?:admin|controller-manager|scheduler|super-admin)\.conf\b[^\n.]{0,40}\bexpired\b|\bexpired (?:TLS |x509 )?(?:client |serving )?cert(?:ificate|ification)?s? (?:for|of) (?:the )?(?:admin|(?:kube-)?controller-manager|(?:kube-)?scheduler|(?:kube-)?apiserver|kubelet|etcd|kube-proxy)\b|\b(?:kubelet|apiserver|etcd|control[- ]plane|kubeadm|node)(?:'s)? (?:client |serving )?cert(?:ificate)?s? expir(?:ation|y)\b[^\n.]{0,40}\b(?:caus\w*|NotReady|not ready|down|broke\w*|fail\w*|unable)\b|\b(?:not|never|without) restart\w*\b[^\n.]{0,30}\bafter (?:re-?creat|renew|rotat|regenerat|replac)\w*\b[^\n.]{0,20}\bcert(?:ificate)?s?\b|\bkubelet(?:'s)? client cert(?:ificate)?s?\b[^\n.]{0,40}\b(?:(?:is|are|was|were) not (?:getting |being )?(?:auto-?)?(?:rotated|renewed)|(?:did not|didn'?t|does not|doesn'?t|never|fails? to|failed to|can ?not|can'?t) (?:get )?(?:auto-?)?(?:rotate|renew)d?)\b|\bexpired (?:TLS |client |serving )?cert(?:ificate)?s? (?:on|of|for|in) (?:your|the|a|its|their|our|my|that|this) (?:node's )?kubelets?\b|\bkubelet\b[^\n.]{0,40}\blogs?\b[^\n.]{0,60}\b(?:errors?|fail\w*)\b[^\n.]{0,60}\bexpired cert(?:ificate)?s?\b/i,
    // Only a control plane's certificates: not a website's, an ingress's, a registry's or a webhook's.
    when: (p, h) =>
      controlPlanePaste(p) &&
      !otherTlsPaste(p) &&
      // The error line itself (x509: certificate has expired …) is the signature rules' to read.
      // A future or a hypothetical ("before they expire", "will expire") is read around the match only:
      // "before they expired we upgraded … until the old certificates expired" still tells an expiry.
      !/\b(?:will|going to|before|soon|about to|would|might|could|may)\b[^\n.]{0,20}\bexpire/i.test(
        (p.lines[h.line] ?? '').slice(Math.max(0, h.match.index - 30), h.match.index + h.match[0].length),
      ) &&
      // (`openssl x509 -in …`, the command that shows it, is not that line.)
      !/(?<!openssl )x509|not yet valid/i.test(p.lines[h.line] ?? '') &&
      // People in general ("many people are lost when certificates expire") open a tutorial.
      !/很多人|许多人|不少人|大家|\bmany (?:people|users|teams)\b/i.test(p.lines[h.line] ?? ''),
    examples: [
      "Haven't started my HA Kubernetes cluster for a few months and during this period the certificates have expired. Etcd down, kubectl doesn't authenticate",
      'Issue with "kubelet could not be started on master" caused by expired certificate',
      'I use "kubeadm certs renew all" to renew all expired certificates',
      'the OpenShift Local (crc) bundle certificates have expired',
      'This leads to the certificate expiring without restarting the master component after updating the certificate.',
      'but Kubelet client cert "/var/lib/kubelet/pki" is not auto-rotated still pointing to old certificate.',
      'kubelet-client-current.pem has expired on worker-3 and the node is NotReady',
      'node is NotReady since the kubelet client cert rotation failed, the cert is past its expiry date',
      'We recently encountered the issue of kubelet certificate expiration, causing the Node to remain in a NotReady state',
      'we found an expired kubelet client certificate on two nodes',
      'expired kube-api certs',
      'everything seems fine until old certificates expired and kubectl gives Unauthorized',
      "I'm trying to renew the certificates of my cluster because they have already been expired",
      'Since this morning the kubelet logs on worker-2 show TLS errors and expired certificates.',
      'More often than not, a silent killer is at play: an expired TLS certificate on your kubelet.',
      'The client certificates in controller-manager.conf and scheduler.conf expired and the components get Unauthorized.',
      'Our K8s certificates expired and kubectl can no longer reach the control plane.',
      'see the certificate `/etc/kubernetes/pki/kube-apiserver/etcd-client.crt` has expired since 0',
      'ran `openssl x509 -enddate -noout -in /etc/kubernetes/pki/apiserver.crt`: the certificate `/etc/kubernetes/pki/apiserver.crt` has expired',
      'Nothing rotates the expired client certificates for admin, controller-manager and scheduler.',
    ],
    nearMisses: [
      'the certificate of our website has expired, we renewed it with certbot',
      'the kubeadm certificates will expire next month',
      'the kubelet client certificate is rotated automatically before it expires',
      'admin.conf expires in 30 days, renew it before then',
      'Fix unit tests: the test certificates expired, regenerate the fixtures of the kubelet client',
      'If the kubelet certificate expired while the node was disconnected, how does it restore the connection?',
      'The job exits 1 when any of the control plane certificates has expired',
      'see whether the certificate `/etc/kubernetes/pki/apiserver.crt` will expire next month',
    ],
    check: 'certs',
    why: 'kubeadm, k3s and RKE2 control-plane leaf certificates last one year and are renewed only by an upgrade, an explicit renew or (k3s/RKE2) a restart inside the renewal window; a cluster left off past that comes back with every client rejected.',
    steps: [catalogStep('certCheck'), catalogStep('certRenew')],
  }),
  description({
    id: 'describe-control-plane-certs-expiring',
    code: 'cert/control-plane-expiry',
    told: 'control-plane certificates about to expire (kubeadm / k3s)',
    severity: 'warning',
    // A person's own cluster certificates about to expire ("the certificate of the production environment
    // is about to expire", "my cluster certificate will expire next week"): renew before, not after.
    pattern:
      /\b(?:my|our|the|this|production|prod|cluster|kubernetes|k8s|kubeadm|k3s|rke2)\b[^\n.]{0,40}\b(?:certificates?|certs?)\b[^\n.]{0,40}\b(?:is|are) (?:about to|going to|due to) expire\b|\b(?:my|our|the) (?:cluster|kubernetes|k8s|kubeadm|control[- ]plane|apiserver|master) (?:certificates?|certs?) will expir\w*\b|\b(?:certificates?|certs?)\b[^\n.]{0,30}\bwill expire (?:soon|in \d{1,3} days?|next (?:week|month)|tomorrow|on \w+ \d{1,2})\b/i,
    when: (p, h) =>
      controlPlanePaste(p) &&
      !otherTlsPaste(p) &&
      // The kubelet's serving certificate is the node's own, told by the rule below.
      !KUBELET_SERVING_CERT_RE.test(h.match[0]) &&
      // A setting or a feature ("warn when a certificate is about to expire") is not this cluster's.
      !/\b(?:when|if|before|whether|warn\w*|alert\w*|notif\w*|events? for|prompt)\b[^\n.]{0,25}$/i.test(
        (p.lines[h.line] ?? '').slice(0, h.match.index),
      ) &&
      // …or inside the match: "regenerate the certificate when it is going to expire" is a feature's trigger.
      !/\b(?:when|if|before|once|whenever)\s+(?:it|they|(?:the|a|an)\s+[\w-]+)\s+(?:is|are)\s+(?:about|going|due)\s+to\s+expire\b/i.test(
        h.match[0],
      ),
    examples: [
      'The certificate of the production environment is about to expire, but there is no official document about updating the certificate (kubespray 2.10)',
      'my cluster certificate will expiration, I use kubeadm init phase certs apiserver but reboot fails',
    ],
    nearMisses: [
      'Get a warning in the cluster UI when a certificate is about to expire',
      'Emit events for certificates about to expire on the node',
      'kubeadm: renew the certificates automatically if they are about to expire',
      'the kubeadm certificates expired last week',
    ],
    check: 'certs',
    why: 'kubeadm, k3s and RKE2 control-plane leaf certificates last one year; renewing before the date (an upgrade, an explicit renew, or a restart inside the renewal window on k3s/RKE2) avoids the outage when they lapse.',
    steps: [catalogStep('certCheck'), catalogStep('certRenew')],
  }),
  description({
    id: 'describe-kubelet-serving-cert-expiring',
    code: 'cert/kubelet-serving-expiry',
    // The kubelet's own serving certificate told as expiring or expired: "the kubelet serving certificate
    // is about to expire", "kubelet.crt expires next week", and — for a standalone kubelet, which has no
    // client certificate of the cluster's — "the certificate for the kubelet in /var/lib/kubelet/pki is
    // about to expire".
    pattern:
      /\b(?:kubelet(?:'s)? serving cert(?:ificate)?s?|serving cert(?:ificate)?s? (?:of|for) (?:the |a |each |every )?kubelets?|kubelet\.crt|cert(?:ificate)?s? (?:for|of) (?:the |a )?(?:standalone )?kubelet)\b[^\n.]{0,60}?\b(?:(?:is|are) (?:about to|going to|due to) expire|will expire|expires? (?:soon|in \d|next|within|tomorrow)|expiring|(?:has|have|had|is|are|was|were) (?:already )?expired)\b/i,
    // "The certificate for the kubelet" is its serving one only where the kubelet serves alone or the
    // paste names the serving certificate; elsewhere it is as likely its client certificate.
    when: (p, h) =>
      KUBELET_SERVING_CERT_RE.test(h.match[0]) || /standalone|kubelet\.crt|serving|:10250\b/i.test(p.text),
    examples: [
      'I started using kubelet-standalone about a year ago and now I can see that the certificate for the kubelet in /var/lib/kubelet/pki is about to expire.',
      'The kubelet serving certificate on worker-2 is about to expire and metrics-server will stop scraping it.',
      'kubelet.crt expires next week on every node',
    ],
    nearMisses: [
      'the kubelet serving certificate was renewed last week',
      'the certificate for the kubelet client is about to expire',
    ],
    rank: 3,
    check: 'certs',
    why: "Without serverTLSBootstrap the kubelet serves a self-signed /var/lib/kubelet/pki/kubelet.crt it made once, valid one year and never renewed (kubeadm does not touch it); metrics-server and the apiserver's logs/exec calls fail once it lapses. Deleting it and restarting the kubelet makes a new one; serverTLSBootstrap hands the renewal to CSRs.",
    steps: [catalogStep('kubeletServingRenew')],
  }),
  description({
    id: 'describe-bridge-keeps-old-address',
    code: 'ipam/bridge-address-mismatch',
    pattern:
      /\b(?:cni0|kube-bridge|cbr0)\b[^\n]{0,80}\b(?:retains?|keeps?|kept|still (?:has|had|holds?|uses?|using)|(?:is|was) still using)\b[^\n]{0,20}\b(?:its |an? |the )?(?:IP (?:address )?)?(?:from the )?(?:old|previous|stale|different|wrong)\b[^\n]{0,20}\b(?:value|address|ip|one|pod ?cidr|subnet|range)\b|\b(?:cni0|kube-bridge|cbr0)(?:'s)? IP(?: address)?\b[^\n]{0,10}\(?(?:old|previous|stale) pod ?CIDR/i,
    examples: [
      'after the node got a new podCIDR the cni0 bridge keeps its old address',
      'the worker is assigned a new PodCIDR subnet but kube-bridge interface still has an IP from the old one.',
      'Invalid kube-bridge IP address (old PodCIDR) after worker reboot',
    ],
    nearMisses: ['cni0 bridge created with address 10.244.1.1/24'],
    check: 'ipam',
    why: "The bridge plugin refuses to reuse a cni0 that holds an address outside the node's current pod range (the node was re-registered with a new podCIDR).",
    steps: [
      {
        run: 'ip link set cni0 down && ip link delete cni0 && systemctl restart kubelet',
        where: 'node',
        caution: 'Disconnects every pod on the node until their sandboxes are recreated; drain it first.',
      },
    ],
  }),
  description({
    id: 'describe-containercreating-after-reboot',
    code: 'ipam/range-exhausted',
    pattern:
      /\b(?:pods?|containers?)\b[^\n.]{0,40}\bstuck\b[^\n.]{0,20}\bContainerCreating\b[^\n.]{0,60}\b(?:after|since) (?:a |the |an )?(?:reboot|restart|power)|重启[^\n]{0,30}ContainerCreating/i,
    examples: [
      'since the reboot all new pods on node-3 are stuck in ContainerCreating after the restart of the host',
    ],
    nearMisses: ['pods are stuck in ContainerCreating because the image is large'],
    check: 'ipam',
    why: 'host-local IPAM keeps a lease file per address; unclean restarts leave leases of pods that no longer exist, and when the node range is full every new sandbox fails ("no IP addresses available").',
    steps: [catalogStep('podIpsFree')],
  }),
  description({
    id: 'describe-pod-ips-leaked',
    code: 'ipam/range-exhausted',
    // A person's words for leaked or used-up pod addresses: "IPs are not released", "host-local …
    // the net range is exhausted", "ran out of pod IPs", "no IP addresses available on the instance".
    // Not a Service's or a load balancer's range.
    pattern:
      /\b(?:pod )?IP(?: address)?s?\b(?! (?:rules?|routes?|tables?|links?|neighbou?rs?|sets?)\b)[^\n.]{0,30}\b(?:(?:are|is|were|was|get|got|never|not) )*(?:leak(?:ed|s|ing)?|not (?:being |getting |get )?(?:released|freed|reclaimed|recycled|cleaned up)|never (?:released|freed|reclaimed|recycled))\b(?![-_]\w)|\b(?:leak(?:s|ed|ing)?|(?:does ?n[o']t|doesn't|never|not) (?:free|release|reclaim|clean up)s?)\b(?![-_]\w)[^\n.]{0,20}\b(?:pod |the )?IP(?: address)?s?\b|\bhost-local\b[^\n.]{0,60}\b(?:exhaust\w*|(?:range|pool) (?:is )?(?:full|used up))\b|\b(?:net|node|pod|podCIDR) (?:range|CIDR|subnet|pool) (?:is |was |gets? |got )?(?:exhausted|full|used up)\b|\b(?:IP|address) pool (?:is |was |gets? |got |has been |had been )?(?:exhausted|fully allocated|used up|depleted)\b|\bdepleted (?:IP|address) pool\b|\b(?:ran|runs?|running|run) out of (?:pod |free |available )?IP(?:s| addresses)?\b(?! (?:space|range) (?:of|for) (?:the |a )?(?:service|load ?balancer))|\bIP(?: addresse)?s (?:are|were|got|have been|had been) (?:all )?(?:exhausted|used up|depleted)\b|\b(?:no|(?:do|does|did)(?: not|n'?t) have any) (?:more |free |available |spare )?IP(?: address(?:es)?|'?s)(?!\w)[^\n.]{0,20}\b(?:available|left|free)\b[^\n.]{0,12}\b(?:on|in|for) (?:the |this |that |your |each )?(?:[\w-]+ )?(?:instances?|nodes?|hosts?|subnets?|ENIs?)\b|\b(?:the |a )?(?:pod |IP |address |node )?(?<!(?:port|service|services|nodeport|cluster ?ip) )range (?:has been|is|was|got|gets) (?:depleted|used up|exhausted)\b|(?<!\b(?:what|which|can|could|may|might|will|would|to|avoid|avoids|avoiding|prevent|prevents|preventing) )\b(?:leads? to|led to|leading to|caus(?:es|ed|ing)|results? in|resulted in|resulting in|hit(?:s|ting)?|experienc(?:e|es|ed|ing)|ran into|run(?:s|ning)? into)(?: (?:an?|the))? (?:pod )?IP(?: address)? exhaustion\b|\b(?:pod )?IP\s?(?:地址)?(?:泄漏|泄露|耗尽|用完|不够用?)|\b(?:allocatable|available|free|remaining|assignable) (?:pod )?IP(?: address)?(?:es|s)?\b[^\n.]{0,40}?\b(?:become|becomes|became|get|gets|got|are getting|keep getting|grow|grows) (?:less and less|fewer and fewer|fewer every day)\b|\bno (?:more )?(?:pod )?IP(?: address(?:es)?|s)? (?:can|could) (?:be )?(?:allocated|assigned)\b/i,
    // Nomad's and Docker's IPAMs leak too: only a paste that names Kubernetes in its own words. A word joined
    // to the next by '-' or '_' (`$(leaked-ips)`, `leaked_ips`) is a name in a script, not a statement.
    when: (p) => strongKubeContext(p) && !serviceRangePaste(p) && !addressSizingLesson(p),
    examples: [
      'we found that there were many empty IP files created by host-local and the net range is exhausted',
      'OVS-CNI does not free IPs after the pod is deleted, so new pods on the node fail',
      'after a few days the node ran out of pod IPs and every new sandbox failed',
      'a pod that keeps restarting gets a new IP from the CNI each time: the allocatable ip addresses in the cluster become less and less',
      'The Kubernetes cluster running out of IP addresses was established with a /20 per subnet',
      'new pods on the EKS nodes fail because the IP addresses are exhausted',
      'Pod IP 泄漏,节点上的地址池耗尽',
      'ls /var/lib/cni/networks/kubenet | wc -l shows 256: indeed, it looks like the range has been depleted',
      "The CNI plugin logs are telling you that you don't have any IP addresses available on the instance to assign to the pod",
      "after the upgrade the pods' IPs are not getting released by the IPAM",
      'the new pod fails to start because whereabouts throws an error due to the depleted IP pool',
      'once the IP pool is fully allocated, new pods stay in ContainerCreating',
      "Cilium in ENI mode: No IP's left to assign on aws instances",
      'Antrea IPAM: the pod IP will not get recycled after the deployment is deleted',
      'whereabouts: a pod stays stuck creating when a range gets exhausted',
      'a pod CIDR sized for 30 pods leads to IP address exhaustion on the node once 62 pods run',
      'In our kubernetes cluster NIC 2 got no address and the pool sp1 ran out of ip as well',
      'on EKS the scheduler puts pods on nodes where no pod IPs can be allocated, and they stay in ContainerCreating',
      'Why are the pod IPs never released on our kubernetes nodes after the CronJob pods finish?',
      'Can someone tell me why the pod IPs are not released on our kubernetes nodes?',
    ],
    nearMisses: [
      'the pod IP is released when the pod is deleted',
      'the IP pool is fully allocated to the load balancer service',
      'our MetalLB pool ran out of IPs and the LoadBalancer service stays pending',
      'our MetalLB pool is running out of IPs and the LoadBalancer service stays pending',
      'the ephemeral port range is exhausted on the kubelet node',
      'Troubleshooting IP address exhaustion on the node: a guide for kubelet operators',
      'Understanding what causes IP exhaustion on kubelet nodes, and how to avoid causing IP exhaustion',
      'on our kubernetes nodes an ip rule leaked when a pod was force-deleted',
      "Won't it cause IP leak in kubernetes if the CNI allocates a new address on every ADD?",
      // A script's name for the addresses, not a statement.
      'for ip in $(cat leaked-ips.txt); do calicoctl ipam release --ip=$ip; done',
      'In kubernetes, if you remove the sandbox container yourself the kubelet will leak an IP.',
      'Can it leak pod IPs on kubernetes nodes if the CNI crashes?',
      'Kubernetes subnet sizing: imagine a /24 with Azure CNI; 8 nodes x 30 pods = 240 pods, so we hit an IP exhaustion wall quickly.',
    ],
    check: 'ipam',
    told: 'pod IP addresses used up on a node (leaked, or more pods than its range or subnet holds)',
    why: "The node's pod address range is used up, most often by addresses still recorded for pods that no longer exist (an IPAM that did not release them); sometimes by more pods than the range holds.",
    steps: [catalogStep('podIpsFree')],
  }),
];
