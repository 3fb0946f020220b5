/**
 * Signals: the short signatures and the ways people write about each cause that the first rules
 * missed on real, unseen texts (a corpus mined from public issues: test/fixtures/corpus). Each is
 * gated where a look-alike shares its words: prose and generic wording need the paste to be about
 * Kubernetes at all (`kubeContext`), and a cloud or identity-provider token is not a service-account
 * token. Signatures rank as signatures (≥ 3); prose ranks below them (2) and says it is likely.
 * @module
 */
import { CODES, type FindingCode } from '../../core/codes.js';
import { KUBELET_SERVING_FROM_CA, MORE_NODE_CIDRS, NODE_POD_CIDRS } from '../../core/commands.js';
import type { Command } from '../../core/finding.js';
import { catalogStep } from '../../core/fixes.js';
import { duration, utc } from '../../core/format.js';
import { KUBECONFIG_CLIENT_CERT_DATES, liveCheck, pasteFinding } from '../build.js';
import { foreignEndpoint, foreignPaste, urlOnLine } from '../endpoints.js';
import { illustratedAt, isCodeFence, logBody } from '../paste.js';
import { type Hit, type Paste, perPaste, type Rule } from '../rule.js';
import { clockOrFresh } from './certs.js';

/** Words that make a text about a Kubernetes cluster (English and Chinese). */
const KUBE_CTX_RE =
  /\b(?:kube\w*|k8s|podip|podcidr|maxpods\w*|k3s|k3d|k3os|rke2?|kind|minikube|microk8s|openshift|oc login|pods?|nodes?|clusters?|namespaces?|service ?accounts?|serviceaccount|apiserver|api-server|kubectl|kubelet|helm|deployments?|daemonsets?|etcd|calico|flannel|cilium|containerd|cni\d?|eks|gke|aks|talos|rancher|kubeadm|kubesphere|harvester|longhorn|kubevirt|microshift|okd|k0s|kops|kubespray|control[- ]plane|rafthttp|etcdmain|etcdserver|metrics-server|host-local|(?:Validating|Mutating)WebhookConfigurations?|failed calling webhook)\b|集群|节点|容器/i;

/**
 * Kubernetes words that are not also everyday words of other systems ("node", "cluster", "service"
 * are blockchain's, Keycloak's and Docker swarm's too).
 */
const KUBE_STRONG_RE =
  /\b(?:kube\w*|k8s|podip|podcidr|k3s|k3d|k3os|rke2?|minikube|microk8s|openshift|pods?|namespaces?|service ?accounts?|serviceaccount|apiserver|kubectl|kubelet|helm|daemonsets?|etcd|calico|flannel|cilium|containerd|cni\d?|eks|gke|aks|rancher|kubeadm|harvester|longhorn|kubevirt|microshift|okd|k0s|kops|kubespray|control[- ]plane|ContainerCreating|metrics-server|host-local|cidr ?allocators?|nodeipam|range_allocator)\b|集群|容器/i;

/** An application's own JWT told by its claims (iat, nbf) or by name, or an OAuth access token (Kubernetes' are not called so). */
const APP_TOKEN_RE = /\bJWT\b|\biat\b|issued-at|\bnbf\b|not-before claim|\baccess[ _]tokens?\b/i;

/**
 * Applications that run their own PKI inside a cluster (Kafka/Strimzi, Elasticsearch, CockroachDB,
 * PostgreSQL's operators (CloudNativePG, Patroni), a service mesh, Vault, Helm 2's Tiller): "the cluster CA expired" in their words is theirs, not Kubernetes'. A name
 * in the middle of an object's name (a ConfigMap `zenko-mongodb-replicaset-init`) is not the application.
 */
const APP_PKI_NAMES =
  '(?:strimzi|kafka|zookeeper|elasticsearch|eck|cockroach\\w*|mongodb|rabbitmq|nats|consul|cassandra|minio|linkerd|istio\\w*|envoy|vault|kubeedge|cloudcore|edgecore|tiller|cloudnative-?pg|cnpg|patroni)';
export const APP_PKI_RE = new RegExp(
  String.raw`(?<!\w-)\b${APP_PKI_NAMES}\b|\b${APP_PKI_NAMES}\b(?!-\w)`,
  'i',
);

/** Identity providers, clouds, Rancher and Argo CD (their own kubeconfig, API and session tokens), and Hadoop's delegation tokens (YARN, HDFS), whose tokens are not service-account tokens. */
const FOREIGN_TOKEN_RE =
  /\b(?:auth0|keycloak|okta|openid|oidc|oauth2? (?:access )?tokens?|SAS tokens?|id_token|vault|batch token|ACCESS_TOKEN_EXPIRED|ExpiredToken|IDX\d{5}|aws[- ]iam|sts|google cloud|gcloud|gcp|azure ad|entra|firebase|github app|casdoor|harbor|docker login|registry token|aws sso|sso session|eks get-token|aws_eks_cluster_auth|gke-gcloud-auth-plugin|kubelogin|az login|doctl|digital ?ocean|cloud_?auth|auth-provider|ExecCredential|exec (?:auth|credential|plugin)s?|(?:ci )?job tokens?|CI_JOB_TOKEN|GITHUB_TOKEN|runner (?:registration |authentication )?tokens?|personal access tokens?|kubeconfig[- ]tokens?|kubeconfig-(?:default-)?token-ttl\S*|auth-token-max-ttl\S*|generateKubeconfig|CATTLE_(?:ACCESS|SECRET)_KEY|rancher (?:cli|api|login|tokens?)|argo ?cd (?:(?:auth|session|account|api|cli) )?tokens?|argocd\.token)\b|\bdelegation ?tokens?\b|\w*DelegationToken\w*|\byarn-(?:client|cluster)\b|\/v3\/tokens?\b|\baccess_token\b|\bexpires_in\b|\/oauth2?\/token\b|\bclient[-_]secret\b|\btokens? (?:provided|sent|passed|presented) to the (?!kube\w*\b|kubernetes\b|k8s\b|api ?server\b)[\w-]+ API\b/i;

/**
 * A test of the whole paste, run once per paste however many lines hit (a rule's `when` runs per
 * hit: testing `paste.text` there unmemoised is quadratic in the number of hits).
 */
export function pasteTest(re: RegExp): (paste: Paste) => boolean {
  return perPaste((paste) => re.test(paste.text) || (paste.wrapped.size > 0 && re.test(joinedText(paste))));
}

/** The paste as the rules read it (hard-wrapped lines joined): a word a wrap cut in two ("kub" / "elet") is whole. */
const joinedText = perPaste((paste: Paste) => paste.lines.join('\n'));

/** Whether the paste is about Kubernetes at all (cached per paste). */
export const kubeContext = pasteTest(KUBE_CTX_RE);

/**
 * A negated expiry ("tokens that don't expire", "has not expired", "non-expiring", "is not getting expired")
 * or an expectation ("the token should be expired after …"): not a report that something expired.
 */
const NEGATED_EXPIRY_RE =
  /\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|never|won'?t|will not|not|non|no|without|hasn'?t|haven'?t)[- ](?:(?:yet|been|ever|an?|any|getting|being|gotten) )?expir|\bshould(?: not)? (?:be |have been |have )?expir|(?:过期|到期)(?:之)?前|(?:未|没有?|不会|尚未|还没有?)(?:过期|到期)/i;

/** The codes whose description claims that something expired. */
const EXPIRY_CODES: ReadonlySet<FindingCode> = new Set([
  'token/expired',
  'cert/control-plane-expiry',
  'cert/loopback-expiry',
  'cert/ca-expiry',
  'cert/webhook-expiry',
  'cert/kubelet-serving-expiry',
]);

/**
 * Whether a description's hit for an expiry code is negated where it matched (the match and a few
 * words before it): "relying on tokens that don't expire" says the opposite of an expired token.
 */
export function negatedExpiry(code: FindingCode, paste: Paste, hit: Hit): boolean {
  if (!EXPIRY_CODES.has(code)) return false;
  const line = paste.lines[hit.line] ?? '';
  const from = Math.max(0, hit.match.index - 30);
  return NEGATED_EXPIRY_RE.test(line.slice(from, hit.match.index + hit.match[0].length + 12));
}

/**
 * A purpose or a precaution just before the match: "to ensure clocks aren't drifting" tells no drift, nor does
 * "to help [detect clock drift](…)" (a metric's purpose, as a link) or "an alert for when the clock has drifted";
 * "this helps prevent etcd certs from becoming expired" tells no expiry; "Documenting how to fix expired k8s
 * certs" is a how-to being written.
 */
const PURPOSE_BEFORE_RE =
  /\b(?:to (?:help (?:to )?)?\[?(?:ensure|make sure|keep|detect|check|monitor|alert on)|in order to|in case|so that|so they|what if|ensures?|(?:log|alert|warn|notify|report)s? (?:the user |for )?(?:when|if|whenever)|helps? (?:to )?prevent|document(?:s|ed|ing)? (?:how to|the (?:steps|procedure|process) (?:to|for)))\b[^\n.;:]{0,40}$/i;
/** A condition in a question ("if the certificate expired …, how do I …?"): a hypothetical, not a report. */
const IF_BEFORE_RE = /\b(?:if|whether)\b[^\n.;:,]{0,80}$/i;
const QUESTION_AFTER_RE = /^[^\n.]{0,120}(?:\?|\bhow (?:do|does|can|could|to|would|should)\b)/i;
/**
 * What follows a condition when the sentence reports nothing: a consequence ("if the node time is out
 * of sync, it can generate …", "…, we'll not be able to …", a hypothetical) or an instruction ("If the NTP
 * service is not running, start or restart it", a runbook's step).
 */
const CONDITION_FOLLOWUP_RE =
  /^[^\n.;]{0,60}?,\s*(?:then\s+)?(?:(?:it|this|that|they|we|you|there|(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2})\s+(?:can|could|may|might|will|would|won['’]?t)|(?:it|that|they|we|you|there)['’](?:ll|d)|(?:please\s+)?(?:start|restart|run(?! out\b)|check|ensure|enable|verify|make sure|install|set|use|add|configure|try|see|contact|increase|renew|rotate|sync|update|upgrade|delete|remove|reboot|follow|refer to))\b/i;
/**
 * A cause offered as a possibility ("problems like this can occur if your local time is far behind"), or a
 * condition over an unknown set ("the check fails if any certificate has already expired"): a hint or a
 * rule's definition, not a report.
 */
const HYPOTHETICAL_IF_BEFORE_RE =
  /\b(?:can|could|may|might|will|would|tends? to) (?:\w+ ){0,2}(?:occur|happen|arise|appear|fail|break)\w* (?:if|when(?:ever)?)\b[^\n.;:,]{0,40}$|\b(?:if|when(?:ever)?) any\b[^\n.;:,]{0,60}$/i;
/**
 * A possibility just before the match ("the plugin can leak IP addresses"), or a possible effect of
 * something indefinite whose object the match is ("a lagging clock may cause the client to send an
 * already expired token"): what could happen, not what did. "This can cause IP address leaks" and
 * "it can result in tokens not yet valid" name a definite cause: a report's.
 */
const MODAL_BEFORE_RE =
  /\b(?:can|could|may|might|would)(?: (?:also|still|potentially|then|end up))?\s+(?:be\s+)?$/i;
const MODAL_CAUSE_BEFORE_RE =
  /\b(?:an?|any)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:can|could|may|might)\s+(?:also\s+)?(?:cause|lead to|result in)\b[^\n.;:]{0,50}$/i;
/**
 * A list of forms a problem can take ("This can manifest as authentication failures, missing tokens, expired
 * tokens, …"): what it may look like, not what happened.
 */
const MANIFEST_BEFORE_RE =
  /\b(?:can|could|may|might|will|would|often|usually|typically)\s+(?:\w+\s+)?(?:manifests?|show up|shows? up|appears?|presents?|surfaces?)\s+(?:itself\s+|themselves\s+)?as\b[^\n.;]{0,100}$/i;
/**
 * Advice to the reader, a condition on what the reader does and its modal effect right before the match
 * ("if you remove the sandbox container yourself the kubelet will leak an IP"): what would happen, not
 * what did. "If you look at the logs you will see the certificate has expired" reports (the modal is not
 * the match's).
 */
const IF_YOU_MODAL_BEFORE_RE = /\bif you\b[^\n.;:?!]{0,80}\b(?:will|would|can|could|may|might)\s+$/i;
/**
 * A mechanism told in the present tense, the match followed by the event that always triggers it ("the token
 * injected into a pod is invalidated the moment the pod disappears", "… are released as soon as the pod is
 * deleted"): how the system works, not what happened here. "Our token was invalidated when the pod was
 * deleted" reports (past tense).
 */
const MECHANISM_AFTER_RE =
  /^\s*(?:the moment|as soon as|whenever|every time)\s+(?:the|a|an|its|their|that)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:is\s+|are\s+|gets?\s+)?(?:deleted|removed|recreated|terminated|disappears?|goes away|go away|dies?|restarts?|is gone)\b/i;
function presentMechanism(line: string, hit: Hit): boolean {
  return (
    /\b(?:is|are)\s+(?:\w+\s+)?(?:invalidated|revoked|released|freed|deleted|expired)\b/i.test(
      hit.match[0],
    ) && MECHANISM_AFTER_RE.test(line.slice(hit.match.index + hit.match[0].length))
  );
}
/** A concession ("tries to launch the API even if the time is not synced"): a case allowed for, not a report. */
const EVEN_IF_BEFORE_RE = /\beven (?:if|when)\b[^\n.;:]{0,40}$/i;
/**
 * The match opens a sentence whose verb is a possible effect ("System clock skew on the host … can
 * cause authentication errors") or a kind of effect with examples ("The node clock skew affects time-sensitive
 * operations such as …"): a general statement of what it does, not a report of this cluster's
 * ("… may cause this" and "… could be causing our errors" stay a user's hypothesis about theirs).
 */
const EFFECT_AFTER_RE =
  /^[^\n.;]{0,80}?\b(?:can|could|may|might|tends? to|is (?:known|likely) to)\s+(?:also\s+|easily\s+|potentially\s+|even\s+)?(?:cause|lead to|result in|break|trigger|produce)\b(?!\s+(?:this|these|that|it|our|my|the (?:above|same))\b)|^\s*(?:affects|impacts)\s+(?:all\s+|any\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s+such as\b/i;
function generalEffect(line: string, hit: Hit): boolean {
  const opening =
    line
      .slice(0, hit.match.index)
      .split(/[.;:!?]\s|[。；：]/)
      .pop() ?? '';
  return (
    opening.length <= 40 &&
    !/\b(?:I|we|my|our|us)\b/i.test(opening) &&
    EFFECT_AFTER_RE.test(line.slice(hit.match.index + hit.match[0].length))
  );
}
/** A requirement just before the match ("we expect clients to reload the token before it expires"). */
const REQUIREMENT_BEFORE_RE =
  /\b(?:expect(?:s|ed)?|should|must|recommends?|recommended|needs? to|have to|are required to)\s+(?:\w+\s+){0,2}(?:to\s+)?$/i;
/**
 * A design property just before the match ("tolerant to clock skew", "a measure of clock skew",
 * "vulnerable to clock skew", "will not affect the skewed clock issue"): what a mechanism withstands, not
 * a skew in this cluster.
 */
const DESIGN_PROPERTY_BEFORE_RE =
  /\b(?:(?:is|are|be|being|more|less|not)\s+)?(?:tolerant (?:to|of)|resilient (?:to|against)|robust (?:to|against)|vulnerable to|susceptible to|immune to|sensitive to|a measure of|(?:protects?|guards?) against|(?:does|do|will|would) not affect)\s+(?:(?:the|any|some|small|minor|possible|potential)\s+)?$/i;
/**
 * A sentence that opens on a rule over an unknown set ("Any certificates that are expired … are renewed"): a
 * definition, not a report. Not "there is no rotation for any expired certificate", which reports them.
 */
const ANY_BEFORE_RE = /(?:^|[.;:!?]\s+)any\s+(?:[\w-]+\s+){0,2}$/i;
/**
 * Existence denied just before the match ("it's important that there isn't a high amount of clock skew
 * between …", "there is no skew between the nodes", "there shouldn't be any drift"): the opposite claim.
 */
const NO_SUCH_BEFORE_RE =
  /\bthere(?:(?:'s| is| are| was| were)(?:n'?t| not| no)|(?: should| must| can)(?:n'?t| not) be)(?: (?:a|an|any|much|too|enough|significant|noticeable|big|large|high|huge|real|actual|amount|degree|level|of))*\s*$/i;
/**
 * Chinese: an example in a list ("（如 token 过期、会话超时）", "例如证书过期"), or a condition whose clause
 * (no comma before the match) goes on, after its comma, to a possible effect ("若业务用系统时间判断
 * （如 token 过期），会出现提前失效"): what could happen, as the English modal and if-followed-by-consequence
 * forms are (MODAL_BEFORE_RE, IF_BEFORE_RE).
 */
const ZH_EXAMPLE_BEFORE_RE = /(?:[（(]\s*(?:如|例如|比如|譬如)|例如|比如|譬如|诸如)\s*[:：]?\s*$/;
const ZH_IF_BEFORE_RE = /(?:如果|若|假如|假设|万一|一旦)[^。；！？，,\n]{0,60}$/;
/** "Otherwise" just before the match ("use a monotonic clock, otherwise a clock jump breaks …", "否则系统时间跳变…"): what would happen. */
const OTHERWISE_BEFORE_RE = /(?:\botherwise\b|否则|不然)[^\n.;:。；！？]{0,40}$/i;
const ZH_EFFECT_AFTER_RE = /^[^。；！？，,\n]{0,60}[，,]\s*(?:则|那么)?\s*(?:会|可能|将|就)/;
/** A past incident recalled ("we have had issues in the past where the webhook cert expires"), not this one. */
const PAST_BEFORE_RE =
  /\bin the past (?:where|when)\b[^\n.;:]{0,40}$|\b(?:previously|in the past),? (?:we|I) (?:had|have had|hit|saw|ran into)\b[^\n.;:]{0,40}$/i;
/** An alerting rule's template (`{{ $labels.node }}`, `{{ $value }}`): an alert's definition, not one that fired. */
const ALERT_TEMPLATE_RE =
  /\{\{\s*\$(?:labels|value|externalLabels)\b|\{\{\s*\.(?:Labels|Value|CommonLabels|Annotations)\b/;
/**
 * An alerting rule's template on the line (`Clock skew detected on {{ $labels.instance }}`): the rule's own text,
 * which a firing alert carries rendered. No rule reads such a line (index.ts runRules), signature or description.
 */
export function alertTemplateLine(line: string): boolean {
  return line.includes('{{') && ALERT_TEMPLATE_RE.test(line);
}
/** A flowchart's edge (Mermaid's `A[Detect leaked IPs via ipam check] --> B[Verify each IP]`, `C -->|No| E[Get approval]`). */
const DIAGRAM_EDGE_RE =
  /^\s*\w{1,20}\s*(?:\[[^\]\n]*\]|\{[^}\n]*\}|\(\(?[^)\n]*\)?\))?\s*(?:-->|==>|-\.->)(?:\|[^|\n]*\|)?\s*\w{1,20}\b/;
/**
 * A flowchart's edge is a drawn procedure (a guide's "detect leaked IPs, then verify, then release"), not a
 * report of this cluster. No rule reads such a line (index.ts runRules), signature or description.
 */
export function diagramEdgeLine(line: string): boolean {
  return line.includes('->') && DIAGRAM_EDGE_RE.test(line);
}
/** A line that names a change ("Fix IP leak issues", "[ipam] fixes leaked IPs"): a pull request's title or commit. */
const CHANGE_LINE_RE =
  /^\W{0,4}(?:\[[^\]\n]{1,40}\]\s*|[\w-]{1,20}(?:\([\w-]{1,20}\))?: )?(?:fix(?:es|ed|ing)?|prevent(?:s|ing)?|adds? (?:a |an )?(?:new )?(?:health ?check|check|metric|alert|test|option|flag)s?\b)\b/i;
/** A negated state inside the match: "clocks aren't drifting", "nodes are not out of sync". */
const NEGATED_STATE_RE =
  /\b(?:aren'?t|are not|isn'?t|is not|wasn'?t|was not|weren'?t|were not|not|never|no longer|don'?t|do not|doesn'?t|does not)\s+(?:\w+\s+)?(?:drift\w*|out of sync|skewed|ahead|behind|lo(?:se|sing|st) time|exhausted|depleted|leak\w*|running out)\b/i;

/** A list of possible causes opens ("Possible causes:", "Causes include:", "原因包括："). */
const CAUSE_LIST_HEAD_RE =
  /\b(?:possible|common|typical|potential|known|frequent) (?:root )?causes?\b|\bcauses? (?:include|are|can be)\b|(?:可能|常见|主要)?原因(?:包括|有|如下|分类)|可能的原因/i;
const BULLET_RE = /^\s*(?:[-*•·]|\d{1,2}[.)]|[a-z][.)])\s+\S/;
/**
 * A heading of its own that opens a made-up case ("Concrete case:", "Failure scenario:", "Suppose:",
 * "假设："): the items under it are the steps of a thought experiment, not what a cluster did.
 */
const WORKED_EXAMPLE_HEAD_RE =
  /^\s*(?:#+\s*|\*\*)?(?:(?:a |one )?concrete (?:case|example)|(?:hypothetical|failure|race|example) (?:case|scenario)|(?:a |one )?hypothetical|scenario|suppose|imagine|consider(?: the following| this)?|假设|设想)\s*(?:\*\*)?\s*[:：]?\s*(?:\*\*)?\s*$/i;

/**
 * The hit is an item of a list of possible causes ("Possible causes: • NTP service not running …",
 * "原因包括：… • 证书过期"): a catalogue of what it could be, not what happened; or a step of a made-up case
 * under its own heading ("Concrete case: … - B's wall clock is 1,000 ms ahead").
 */
function causeListItem(paste: Paste, hit: Hit): boolean {
  if (!BULLET_RE.test(paste.lines[hit.line] ?? '')) return renderedCauseListItem(paste, hit);
  for (let i = hit.line - 1, seen = 0; i >= 0 && seen < 8; i--) {
    const l = paste.lines[i] ?? '';
    if (l.trim() === '') continue;
    if (CAUSE_LIST_HEAD_RE.test(l) || WORKED_EXAMPLE_HEAD_RE.test(l)) return true;
    if (!BULLET_RE.test(l)) return false;
    seen++;
  }
  return false;
}

/**
 * An ordered list as a web page renders it: the number on a line of its own, the item's title on the next
 * and a paragraph after it ("Common Causes" / "1" / "Service account does not exist" / "The pod references
 * …" / "2" / …). The hit is such a title (a bare number on the line above) or the paragraph under one, and
 * a causes heading stands above the list's "1" (within 40 lines).
 */
function renderedCauseListItem(paste: Paste, hit: Hit): boolean {
  const prev = (i: number): number => {
    let k = i - 1;
    while (k >= 0 && (paste.lines[k] ?? '').trim() === '') k--;
    return k;
  };
  // The item's title (a bare number above it) or the paragraph under that title.
  const bare = (i: number): boolean => i >= 0 && /^\s*\d{1,2}\s*$/.test(paste.lines[i] ?? '');
  let above = prev(hit.line);
  if (!bare(above)) above = prev(above);
  if (!bare(above)) return false;
  let sawFirst = false;
  for (let i = above, n = 0; i >= 0 && n < 40; i--, n++) {
    const l = paste.lines[i] ?? '';
    if (/^\s*1\s*$/.test(l)) sawFirst = true;
    else if (sawFirst && CAUSE_LIST_HEAD_RE.test(l)) return true;
  }
  return false;
}

/**
 * A possible state inside the match: "any node that … will drift", "clocks can get out of sync",
 * "the clock will always be reported as unsynchronized" (what a setting would make a tool say).
 */
const MODAL_STATE_RE =
  /\b(?:will|would|can|could|may|might)\s+(?:\w+\s+)?(?:drift\w*|(?:get|go|fall|be) out of sync\w*|skew\w*|lag\w*|fall behind|run (?:ahead|behind))\b|\b(?:will|would|can|could|may|might)\s+(?:always\s+|still\s+|then\s+)?be\s+(?:reported|shown|marked|seen)\s+as\s+(?:unsynchroni[sz]ed|not synchroni[sz]ed|out of sync)\b/i;

/**
 * An instruction to check what the words name ("Step 1: Check current CA expiration date", "… and check the CA
 * certificate has a new expiration date"): a procedure's step, not a report. The imperative opens a sentence,
 * a step or a clause ("and", "then", "to"); "I checked" is the person's own act.
 */
const CHECK_BEFORE_RE =
  /(?:^|[.:;!?]\s+|\b(?:and|then|to)\s+)(?:check|verify|confirm|inspect)\b[^\n.,;]{0,40}$/i;

/**
 * Whether a description's hit says the opposite of its claim or no claim at all: a test suite's fixture or
 * runner ("the test certificates expired", "clock skew … in the reindexing test"), a change to
 * documentation, an expiry negated ("tokens that don't expire"), a state negated ("clocks aren't drifting")
 * or only possible ("will drift"), an item of a list of possible causes, a purpose or a precaution ("to
 * ensure clocks aren't drifting"; "to avoid …" stays a claim: it names the fix of a real problem), a past
 * incident recalled ("issues in the past where …"), a design property ("tolerant to clock skew"), existence
 * denied ("there isn't a high amount of clock skew between …"), a condition with its consequence ("if the
 * node time is out of sync, it can …"), a condition with an instruction ("if the NTP service is not
 * running, start it"), an alerting rule's template (`Clock on the node {{ $labels.node }} is drifting`), or
 * a condition in a question ("if the certificate expired …, how do I …?").
 */
function notAClaim(code: FindingCode, paste: Paste, hit: Hit): boolean {
  if (
    negatedExpiry(code, paste, hit) ||
    testAround(paste, hit) ||
    docsChangeStory(paste) ||
    alertRulePaste(paste) ||
    runbookPaste(paste)
  )
    return true;
  const line = paste.lines[hit.line] ?? '';
  const before = line.slice(Math.max(0, hit.match.index - 50), hit.match.index);
  const wideBefore = line.slice(Math.max(0, hit.match.index - 100), hit.match.index);
  return (
    // In a link's path, as a slug (words joined by dashes): a title someone wrote, not this paste's claim.
    (/https?:\/\/[^\s/]+\/\S*$/i.test(line.slice(0, hit.match.index)) &&
      /[a-z][-_][a-z]/i.test(hit.match[0])) ||
    PURPOSE_BEFORE_RE.test(before) ||
    MODAL_BEFORE_RE.test(before) ||
    EVEN_IF_BEFORE_RE.test(before) ||
    IF_YOU_MODAL_BEFORE_RE.test(wideBefore) ||
    generalEffect(line, hit) ||
    presentMechanism(line, hit) ||
    REQUIREMENT_BEFORE_RE.test(before) ||
    PAST_BEFORE_RE.test(before) ||
    ANY_BEFORE_RE.test(before) ||
    NO_SUCH_BEFORE_RE.test(before) ||
    DESIGN_PROPERTY_BEFORE_RE.test(before) ||
    HYPOTHETICAL_IF_BEFORE_RE.test(before) ||
    ZH_EXAMPLE_BEFORE_RE.test(before) ||
    MANIFEST_BEFORE_RE.test(wideBefore) ||
    (ZH_IF_BEFORE_RE.test(wideBefore) && ZH_EFFECT_AFTER_RE.test(line.slice(hit.match.index))) ||
    OTHERWISE_BEFORE_RE.test(before) ||
    CHECK_BEFORE_RE.test(before) ||
    conditionHeadingQuestion(paste, hit) ||
    ALERT_TEMPLATE_RE.test(line) ||
    CHANGE_LINE_RE.test(logBody(line)) ||
    MODAL_CAUSE_BEFORE_RE.test(wideBefore) ||
    (IF_BEFORE_RE.test(wideBefore) &&
      (QUESTION_AFTER_RE.test(line.slice(hit.match.index)) ||
        CONDITION_FOLLOWUP_RE.test(line.slice(hit.match.index)))) ||
    NEGATED_STATE_RE.test(hit.match[0]) ||
    MODAL_STATE_RE.test(hit.match[0]) ||
    willQuestion(paste, hit) ||
    causeListItem(paste, hit)
  );
}

/**
 * The match sits in a condition that heads questions ("If the /24 CIDR runs out of IPs:", then "Will K3s allocate
 * a new subnet?"): a scenario asked about, not a report.
 */
function conditionHeadingQuestion(paste: Paste, hit: Hit): boolean {
  const line = paste.lines[hit.line] ?? '';
  if (!/^\W{0,4}(?:if|when|once|what if)\b[^\n]*[:：]\s*$/i.test(line)) return false;
  for (let i = hit.line + 1; i < paste.lines.length && i <= hit.line + 3; i++) {
    const next = paste.lines[i] ?? '';
    if (/\S/.test(next)) return /[?？]\s*$/.test(next);
  }
  return false;
}

/**
 * The match sits in a question about what will or would happen ("Or will it throw the error since the
 * certificate is expired?", "Won't it cause IP leak if …?") or could have ("Could the CA have gotten an
 * incorrect time …?"): a hypothetical or a guess. "Is my certificate expired?" asks about now and still
 * counts, and so do "Why are the pod IPs never released?" and a request for help ("Can someone tell me
 * why the pod IPs are not released?").
 */
function willQuestion(paste: Paste, hit: Hit): boolean {
  const { text, mark } = sentenceSpan(paste, hit);
  if (mark !== '?') return false;
  // The words before the match: the question word opens them, or follows a log or events prefix (a
  // gap of two spaces) or an opening quote, escaped or not ("12m  Warning …  Won't it …", `\"Can it …`).
  const at = text.indexOf(hit.match[0] ?? '');
  return WILL_QUESTION_RE.test(at >= 0 ? text.slice(0, at) : text);
}
const WILL_QUESTION_RE =
  /(?:^|\s{2}|["“'‘])\s*(?:\d{1,2}[.)]\s*)?(?:or\s+|and\s+)?(?:will|would|could|might|won['’]?t|wouldn['’]?t|can|can['’]?t|couldn['’]?t)\b(?!\s+(?:(?:any|some|every)(?:one|body)|you|u|please|I|we)\b)/i;

/** The first line with words, or the one after it when the first only introduces it ("… shows this:"). */
const titleLines = perPaste((paste: Paste): ReadonlySet<number> => {
  const first = paste.lines.findIndex((l) => /\S/.test(l));
  const out = new Set([first]);
  if (/:\s*$/.test(paste.lines[first] ?? ''))
    out.add(paste.lines.findIndex((l, i) => i > first && /\S/.test(l)));
  return out;
});

/**
 * Whether a description's hit says no claim (`notAClaim`), or is a title whose page speaks only in
 * general ("Clock skew between client hosts and the cluster", then "clock skew … can cause …", "if the
 * clock is ahead …, IAM may reject …"): the page is about the subject, not a report of it. A title is a
 * claim when the body never mentions it again, or mentions it once as a claim. Made once per rule: its
 * pattern is folded and made global once, and the body is read once per paste.
 */
export function noClaimGate(code: FindingCode, pattern: RegExp): (paste: Paste, hit: Hit) => boolean {
  const re = new RegExp(pattern.source, `${pattern.flags.replace(/[gimy]/g, '')}gi`);
  const generalBody = new WeakMap<Paste, Map<number, boolean>>();
  return (paste, hit) => {
    if (notAClaim(code, paste, hit)) return true;
    if (!titleLines(paste).has(hit.line)) return false;
    let byLine = generalBody.get(paste);
    if (!byLine) {
      byLine = new Map();
      generalBody.set(paste, byLine);
    }
    let general = byLine.get(hit.line);
    if (general === undefined) {
      let others = 0;
      general = true;
      for (let i = hit.line + 1; general && i < paste.lines.length && i < hit.line + 400; i++) {
        for (const m of (paste.lines[i] ?? '').matchAll(re)) {
          if (!notAClaim(code, paste, { line: i, match: m })) {
            general = false;
            break;
          }
          others++;
        }
      }
      general &&= others > 0;
      byLine.set(hit.line, general);
    }
    return general;
  };
}

/** A test suite's words: its fixtures' certificates and its runners' clocks are not a cluster's. */
const TEST_SUITE_RE =
  /\b(?:unit[- ]tests?|e2e tests?|tests? (?:are |were |is |started )?(?:failing|fail|broken|flak\w*)|test (?:fixtures?|certificates?|certs?|data|suites?|runners?)|fixtures?|testdata|flaky|flakes?)\b|\btests?\s*(?:$|")/i;
/** A Go or JUnit test function's name (TestCreateSelfSignedCA): the paste is about a test. */
const TEST_FUNC_RE = /\bTest[A-Z]\w{3,}/;
/**
 * The paste is about a test suite (its title, or a test function named anywhere, cached per paste; "our test
 * nodes" alone is a test environment, which is still a cluster):
 * what it says expired or drifted is a fixture's or a CI runner's.
 */
export const testSuiteStory = perPaste(
  (p) =>
    TEST_SUITE_RE.test(p.lines.find((l) => l.trim() !== '') ?? '') ||
    TEST_FUNC_RE.test(p.text) ||
    MOCK_SERVER_RE.test(p.text),
);
/**
 * A mock API server of a client library's tests (fabric8's mockwebserver, a mocked apiserver) or a
 * certificate shipped in a project's resources: its certificate is the library's fixture.
 */
const MOCK_SERVER_RE =
  /\bmock ?(?:web ?)?servers?\b|\bmock(?:ed)? (?:kubernetes|k8s|api|apiserver|kube-apiserver)(?: ?server)?\b|\bsrc\/(?:main|test)\/resources\/(?:ssl|certs?|tls|pki)\//i;
/**
 * A change to documentation (a review thread on an .adoc/.md file, a suggestion block, a docs preview, a
 * pull request's "Files changed" view copied as text, told by its column header): its sentences describe
 * what can happen, not what did.
 */
const docsChangeWords = pasteTest(
  /\w\.(?:adoc|md|mdx|rst):\d|```suggestion\b|\bdocs? preview\b|Original file line number\s+Diff line number\s+Diff line change/i,
);
/**
 * A request about an error message's wording, told in its title ("Better error message when no IP is
 * available", "Improve the log message for …"): the error it quotes is an example, not this cluster's.
 */
const ERROR_WORDING_TITLE_RE =
  /\b(?:better|clearer|improved?|improving|more (?:helpful|useful|descriptive|actionable)|friendlier|misleading|confusing|unclear)\b[^\n]{0,30}\b(?:error|log|warning) (?:messages?|text|wording)\b/i;
export const errorWordingRequest = perPaste((p) => {
  // The first two lines with words (a fence opening a code block is not a title); stops there.
  let seen = 0;
  for (const l of p.lines) {
    if (!/\S/.test(l) || isCodeFence(l)) continue;
    if (ERROR_WORDING_TITLE_RE.test(logBody(l))) return true;
    if (++seen === 2) return false;
  }
  return false;
});

/** A review thread's header: a line that is only a documentation file's path. */
const DOCS_PATH_LINE_RE = /^[\w./-]{1,200}\.(?:adoc|md|mdx|rst)$/i;
const DOCS_EXT_RE = /\.(?:adoc|mdx?|rst)\b/i;
/**
 * A change to documentation: a review thread on a .md/.adoc/.rst file, a suggestion block, a docs preview, a
 * pull request's "Files changed" view.
 */
export const docsChangeStory = perPaste(
  (p) => docsChangeWords(p) || p.lines.some((l) => DOCS_EXT_RE.test(l) && DOCS_PATH_LINE_RE.test(logBody(l))),
);

/**
 * A container tool's desktop VM (Podman machine, Podman Desktop, Colima) whose clock falls behind after
 * the laptop sleeps: its registry pulls fail, no cluster does. Not Docker Desktop: it runs Kubernetes.
 */
export const desktopVmStory = perPaste(
  (p) =>
    /\bpodman[- ]machine\b|\bpodman[- ]desktop\b|\bcolima\b|\blima (?:vm|instance)\b/i.test(p.text) &&
    !/\b(?:kubectl|kubelet|kubeadm|k3s|k3d|kind|minikube|kubernetes|k8s|apiserver|nodes?)\b/i.test(p.text),
);

/** The sentence of the hit is about tests ("unit tests failing: the test certificates expired"). */
function testAround(paste: Paste, hit: Hit): boolean {
  return testSuiteStory(paste) || TEST_SUITE_RE.test(paste.lines[hit.line] ?? '');
}

/** A measurement that refutes a clock story: "ntpq shows no such skew", "the time is synchronized". */
const CLOCK_REFUTED_RE =
  /\b(?:appears?|seems?) (?:to be )?(?:in )?sync(?:'?d|ed|hroni[sz]ed)?\b|\bno such (?:clock )?skew\b|\bshows? no (?:clock |time )?skew\b|\b(?:the )?(?:time|clocks?) (?:is|are) (?:all )?(?:in sync|synchroni[sz]ed|synced)\b|\b(?:dates?|times?) (?:of|on) the nodes?\b[^\n.]{0,40}\b(?:identical|the same)\b|时间(?:是)?同步的/i;
/**
 * A clock story refuted by a measurement in a paste with no word only Kubernetes uses (cached per
 * paste): an application's "clock skew" warning on HPC or database nodes whose NTP is fine.
 */
const refutedClockStory = perPaste((p) => !strongKubeContext(p) && CLOCK_REFUTED_RE.test(p.text));
/**
 * A clock story of another distributed system and no word only Kubernetes uses (cached per paste):
 * MongoDB's distributed locks, Cassandra's or CockroachDB's own clock checks, Teleport's certificates, an HPC cluster's munge or Slurm,
 * a Cloud Foundry (BOSH) VM, a Docker swarm, Nomad or Consul, a hypervisor's hosts and their VMs (XCP-ng,
 * Proxmox, ESXi, Hyper-V, 虚拟机/虚拟化: H3C's CAS). Its "cluster" and "nodes" are that system's.
 */
export const foreignClockStory = perPaste(
  (p) =>
    /\b(?:mongo(?:db|s|d)?|cassandra|cockroach(?:db)?|teleport|glusterd?|redis|zookeeper|kafka|elasticsearch|tendermint|geth|hadoop|hbase|munge|slurm|openhpc|ohpc|pbs|lustre|bosh|cfdev|cloud ?foundry|swarm(?:kit)?|nomad|consul|xcp-ng|xenserver|proxmox|esxi|hyper-v|incus|lxd)\b|虚拟机|虚拟化/i.test(
      p.text,
    ) &&
    // 集群 and 容器 (cluster, container) are any system's words in Chinese: "MongoDB 集群".
    !(p.text.match(KUBE_STRONG_ALL_RE) ?? []).some((w) => w !== '集群' && w !== '容器'),
);

/**
 * The paste names a public site's certificate in words ("github x509 certificate has expired", "TLS to
 * Docker Hub fails"). Its callers apply it where the paste never names Kubernetes: a host's clock and
 * someone else's service, so the certificates the clock broke are not a cluster's.
 */
export const publicSiteCertificate = pasteTest(
  /\b(?:github|gitlab|bitbucket|docker ?hub|quay\.io|gcr\.io|ghcr\.io|npm(?:js)?|pypi|rubygems)\b[^\n]{0,40}\b(?:x509|certificates?|certs?|tls|ssl)\b|\b(?:x509|certificates?|certs?|tls|ssl)\b[^\n]{0,40}\b(?:github|gitlab|bitbucket|docker ?hub|quay\.io|gcr\.io|ghcr\.io)\b/i,
);

/**
 * Censorship-circumvention proxies and their clients (v2ray/Xray, trojan, Clash, Shadowsocks, sing-box,
 * Hiddify, and the panels that install them): their TLS errors are the proxy server's certificate.
 */
export const proxyClientPaste = pasteTest(
  /\b(?:v2ray\w*|xray(?:-core)?|trojan(?:-go)?|clashx|clash[- ](?:verge|meta|premium|for (?:windows|android))|shadowsocks\w*|sing-box|hiddify|proxysu|3x-ui|naiveproxy)\b/i,
);

/**
 * A clock told in words that is not a cluster's node clock: a time zone (a display offset), a story a
 * measurement refutes, another distributed system's clock, a laptop's container VM.
 */
export function clockStoryElsewhere(paste: Paste, hit: Hit): boolean {
  return (
    timezoneAround(paste, hit) ||
    refutedClockStory(paste) ||
    foreignClockStory(paste) ||
    desktopVmStory(paste)
  );
}

/** The causes an application's own PKI is mistaken for (its webhooks are still Kubernetes webhooks). */
const APP_PKI_CODES: ReadonlySet<FindingCode> = new Set(['cert/ca-expiry', 'cert/control-plane-expiry']);

/** A service mesh named in words (a hosted mesh's own apiserver, "托管网格 APIServer"): the mesh's PKI. */
const SERVICE_MESH = String.raw`\bservice mesh\b|服务网格|托管网格`;
/** Whether the paste is about an application's own PKI, or a service mesh's (cached per paste). */
export const appPkiPaste = pasteTest(new RegExp(`${APP_PKI_RE.source}|${SERVICE_MESH}`, 'i'));

/** etcd's other users: a paste of theirs names etcd without it being a cluster's store. */
const ETCD_ELSEWHERE_RE = /\b(?:patroni|postgres(?:ql)?|apisix|vitess)\b/i;

/**
 * Whether the paste names Kubernetes in words no other system uses (cached per paste); etcd alone
 * does not when the paste says it is Patroni's or APISIX's.
 */
const KUBE_STRONG_ALL_RE = new RegExp(KUBE_STRONG_RE.source, 'gi');
/**
 * RancherOS (and its fork BurmillaOS) named, or its cloud-config's top-level `rancher:` key: a Docker
 * host's OS, whose "rancher" is not Rancher the Kubernetes manager.
 */
const RANCHER_OS_RE = /\b(?:rancher ?os|burmilla(?: ?os)?)\b|^\s*rancher:\s*$/im;
export const strongKubeContext = perPaste((p) => {
  const rancherOs = /rancher/i.test(p.text) && RANCHER_OS_RE.test(p.text);
  const words = (p.text.match(KUBE_STRONG_ALL_RE) ?? []).filter(
    (w) => !(rancherOs && w.toLowerCase() === 'rancher'),
  );
  return (
    words.some((w) => w.toLowerCase() !== 'etcd') || (words.length > 0 && !ETCD_ELSEWHERE_RE.test(p.text))
  );
});

/** Products with service accounts and service-account tokens of their own (Elasticsearch's and Kibana's, Grafana's, Jenkins'). */
const OTHER_SA_OWNER_RE = /\b(?:kibana|elasticsearch|fleet-server|grafana|jenkins)\b/i;
const KUBE_CTX_ALL_RE = new RegExp(KUBE_CTX_RE.source, 'gi');
/** "node" is every distributed system's word (a modelling engine's, a blockchain's, YDB's). */
const NODE_WORD_RE = /^(?:nodes?|节点)$/i;
const SA_WORD_RE = /^(?:service ?accounts?|serviceaccount)$/i;

/**
 * Whether a told token story can be a cluster's (cached per paste): it names Kubernetes in a word other
 * than "node", and "service account" counts only when no other product with service-account tokens of
 * its own (Kibana, Grafana) is named.
 */
const tokenKubeContext = perPaste((p) => {
  const otherOwner = OTHER_SA_OWNER_RE.test(p.text);
  const words = [
    ...(p.text.match(KUBE_CTX_ALL_RE) ?? []),
    // A word a hard wrap cut in two ("kub" / "elet") is whole in the joined lines.
    ...(p.wrapped.size > 0 ? (joinedText(p).match(KUBE_CTX_ALL_RE) ?? []) : []),
  ];
  return words.some((w) => !NODE_WORD_RE.test(w) && !(otherOwner && SA_WORD_RE.test(w)));
});

/** A story about Patroni's (or APISIX's) etcd with no Kubernetes word of its own: its "nodes" are theirs. */
const etcdElsewhereStory = perPaste((p) => ETCD_ELSEWHERE_RE.test(p.text) && !strongKubeContext(p));

/**
 * A story about an application's JWT and a clock told with only everyday words ("node", "cluster"):
 * a blockchain's or an identity server's, not a cluster's.
 */
export const appTokenStory = perPaste(
  (p) => (APP_TOKEN_RE.test(p.text) && !strongKubeContext(p)) || appJwtError(p),
);

/**
 * JWT libraries' own errors (node-jsonwebtoken, PyJWT, golang-jwt, go-jose, jose, jjwt, Firebase and
 * lcobucci, Google's OAuth): Kubernetes maps its validator's errors to its own words ("service account
 * token is not valid yet"), so these name an application's token, also inside a pod's log.
 */
export const APP_JWT_ERROR_RE =
  /TokenExpiredError|\bjwt (?:expired|not active)\b|ExpiredSignatureError|ImmatureSignatureError|Signature has expired|The token is not yet valid \((?:iat|nbf)\)|Token used before issued|token issued in the future \(iat\)|The token was issued in the future|\bJWTExpired\b|"(?:exp|nbf|iat)" claim timestamp check failed|ExpiredJwtException|JWT expired at|\bjwt: token is expired by\b|\btoken is expired by \d|Invalid JWT: Token must be|\binvalid_grant\b|\bid[_ ]token\b/i;
/** What only a service-account token's story says (its validator, its mount, its issuer). */
const SA_TOKEN_CONTEXT_RE =
  /service ?account|serviceaccount|invalid bearer token|Unable to authenticate the request|kube-api-access|\/var\/run\/secrets\/kubernetes\.io|TokenRequest|projected|BoundServiceAccount|kubelet|apiserver/i;

/** The pod's own service-account token named as such ("Kubernetes Service Account JWTs", its mount path). */
const SA_JWT_NAMED_RE = /\bservice ?account (?:JWT|token)s?\b|serviceaccount\/token\b/i;
/**
 * Time-bound (projected) service-account tokens named: the feature, the volume, or the words ("service
 * account tokens are now short-lived", "tokens (/var/run/secrets/…/serviceaccount/token) are refreshed
 * each hour", the feature's doc name "ServiceAccount token volume projection" and its gate misspelt
 * "BoundServiceAccountVolume").
 */
const BOUND_TOKEN_NAMED_RE =
  /BoundServiceAccount(?:Token|Volume)|\bservice ?account token volume projection\b|\b(?:time-?bound|bound|projected|expiring) (?:service ?account |SA )?tokens?\b|(?:\bservice ?account tokens?|\btokens? \(`?[\w./-]{0,80}serviceaccount\/token`?\)) (?:are|is|get|gets|became|become) (?:now )?(?:time-?bound|expiring|short-lived|(?:refreshed|rotated|renewed|re-?issued) (?:each|every|once an?) hour)\b/i;

/** A projected service-account token volume: the YAML's source key, or the words. */
const PROJECTED_TOKEN_VOLUME_RE =
  /\bserviceAccountToken:|\bprojected (?:service ?account |SA |volume )?tokens?\b/i;
/** A client that stopped working: a refusal, or the user's words. */
const TOKEN_CLIENT_FAILED_RE =
  /\b401\b|unauthori[sz]ed|unauthenticated|(?:does ?n[o']t|doesn'?t|not|stops?|stopped) work(?:ing)?\b|\bfail(?:s|ed|ing|ure)?\b/i;
/** Whether the paste is about an identity provider's or a cloud's token (cached per paste). */
const foreignTokenNamed = pasteTest(FOREIGN_TOKEN_RE);
/**
 * The paste says the cluster (the kubelet, Kubernetes) renews or rotates the service-account token: the token
 * it is about is the pod's, whatever identity provider signs its users in ("integrated with Microsoft Entra ID").
 */
const clusterRenewsSaToken = pasteTest(
  /\b(?:cluster|kubelet|kubernetes|k8s)\b[^\n.]{0,30}\b(?:renew|rotat|refresh)\w*\s+(?:the\s+|its\s+|a\s+)?(?:projected\s+|bound\s+|pod'?s\s+)?service ?account tokens?\b/i,
);
export const foreignToken = perPaste(
  (p) => (foreignTokenNamed(p) && !clusterRenewsSaToken(p)) || kubeconfigClientStory(p),
);

/**
 * A client that runs outside the cluster and names no service account, projected token or pod mount: its
 * token is its kubeconfig's (an exec plugin's, an auth provider's), which no kubelet renews.
 */
const kubeconfigClientStory = perPaste(
  (p) =>
    /\b(?:from|running|runs?|used|using it|calls?) outside (?:of )?(?:the |a |your )?(?:k8s |kubernetes )?cluster\b/i.test(
      p.text,
    ) && !/service ?account|serviceaccount|projected|in-?cluster|\/var\/run\/secrets/i.test(p.text),
);

/** A token's expiry ruled out: "not due to API token expiration", "it wasn't the token expiring". */
const tokenExpiryRefuted = pasteTest(
  /\bnot (?:due to|because of|caused by|related to) (?:the |an? )?(?:[\w-]+ ){0,2}tokens?(?:'s)? expir\w*|\b(?:is not|was not|isn'?t|wasn'?t) (?:the |an? )?(?:[\w-]+ ){0,2}tokens? expir\w*/i,
);

/** A token made for a service account by `kubectl create token` or `oc create token`. */
const CREATE_TOKEN_RE = /\b(?:kubectl|oc) create token\b/i;
/**
 * The paste calls its token a JWT and nowhere names a service-account token nor makes one ("when the ks jwt token
 * expired, the user will get stuck on the login page"): its other lines' "token expired" are that application's
 * token too. A decoder's site (jwt.io) names no kind of token.
 */
const appJwtOnlyPaste = perPaste(
  (p) =>
    /\bJWTs?\b(?!\.io\b)/i.test(p.text) &&
    !SA_TOKEN_CONTEXT_RE.test(p.text) &&
    // A token made with `kubectl create token` / `oc create token` is a service account's, decoded or not.
    !CREATE_TOKEN_RE.test(p.text),
);

/** An application's JWT told by its library's own error, with no word of a service-account token. */
export const appJwtError = perPaste(
  (p) => APP_JWT_ERROR_RE.test(p.text) && !SA_TOKEN_CONTEXT_RE.test(p.text),
);

/** A line of a person's words (six or more words, no log prefix, no key=value), not a log line. */
const PROSE_LINE_RE =
  /^(?![^\n]*(?:\[\d+\]:|\w=|^\s*[A-Z]\d{4}\b|^\s*\d{4}-\d\d-\d\d|^\s*[A-Z][a-z]{2} +\d{1,2} ))\s*(?:[A-Za-z'’,-]+\s+){5,}[A-Za-z'’-]+[.!?]?\s*$/;

/**
 * A paste in which a person describes, in their own words, a machine that is never called part of a
 * Kubernetes cluster (a Raspberry Pi at home, a build agent): the operating system's clock lines in it
 * (chrony, timedatectl) are that machine's, not a node's. A paste of log lines alone is still a node's.
 */
export const storyWithoutKube = perPaste(
  (p) => !kubeContext(p) && p.lines.some((line) => PROSE_LINE_RE.test(line)),
);

const kubeletVerifierPaste = pasteTest(
  /metrics.?server|10250|kubelet|scrape|kubectl (?:logs|exec|attach|port-forward|top)\b/i,
);
/** kubectl logs/exec told in words ("logs could not be viewed … for pods"): a call through the kubelet. */
const podLogsExecPaste = pasteTest(/\b(?:logs|exec)\b[^\n]{0,80}\bpods?\b/i);
/** The paste names the apiserver or a load balancer: a SAN story of theirs, not a kubelet's. */
const apiserverOrLbPaste = pasteTest(/load balancer|apiserver/i);
const apiserverEndpointPaste = pasteTest(/:(?:443|6443|2379)\b|10\.96\.0\.1\b|apiserver certificate/i);
/**
 * Legacy tokens defined as a kind at the start of a sentence: "Legacy tokens are static Secrets …", "… carry no
 * expiration", "… default to world-readable". Not when the sentence says they are still used or found.
 */
const LEGACY_DEFINITION_RE =
  /^legacy (?:service ?account |SA |secret-based |secret-mounted )?tokens (?:are (?!still\b|being\b|in use\b|used\b|found\b|present\b|mounted\b|everywhere\b)|carry\b|default to\b|remain\b|persist\b|never\b)/i;

/** Words before "legacy token" saying their generation stopped ("no longer auto-generates", "移除自动生成"). */
const LEGACY_GENERATION_STOPPED_RE =
  /(?:\b(?:no longer|stopped|stops|removed?|removes|removing|disabled?)\b[^\n.]{0,25}\b(?:auto-?generat\w*|generat\w*|creat\w*|issu\w*)\b|(?:不再|停止|移除|删除|禁用)[^\n。]{0,8}(?:自动)?(?:生成|创建))[^\n.]{0,12}$/i;
/**
 * The cluster's certificates or CAs renewed, rotated, regenerated or re-issued ("after renewing k8s certificates",
 * "cert rotation"), as a gate (cached per paste). Wider than RENEWED_RE (a CA, a re-issue, a 40-character reach),
 * whose own first line a rule quotes as its evidence: one regex for both moved that quote on two corpus texts.
 */
const certsRenewedPaste = pasteTest(
  /\b(?:renew\w*|rotat\w*|regenerat\w*|re-?issu\w*)\b[^\n.]{0,40}\b(?:cert(?:ificate)?s?|CAs?)\b|\bcert(?:ificate)?s?\b[^\n.]{0,30}\b(?:renew(?:al|ed)|rotat(?:ion|ed)|regenerated|re-?issued)\b/i,
);
/** The aggregation layer's CA (front-proxy, requestheader), also when a wrap split its name. */
export const aggregationPaste = pasteTest(
  /f\s*r\s*o\s*n\s*t\s*-\s*p\s*r\s*o\s*x\s*y|requestheader|aggregat/i,
);
const hostNetworkPaste = pasteTest(/hostNetwork|daemonsets?\b/i);
/**
 * The paste says no Calico pool exists (none configured, or the one asked for is missing): an
 * address cannot come from a pool that is not there, which is configuration, not exhaustion.
 */
export const noCalicoPool = pasteTest(
  /No configured Calico pools|\bno (?:ip ?)?pools? (?:are |is |were |was )?(?:configured|defined|created|exists?|found)\b|\b(?:ip ?pool|pool)s?\b[^\n.]{0,40}\b(?:does not|doesn'?t|do not|don'?t|did not|didn'?t) exist\b|\bwithout (?:an |any )?(?:ip ?)?pools?\b|\b(?:not|never|haven'?t|hasn'?t|didn'?t) (?:created|defined|configured) (?:an? |any )?(?:ip ?)?pools?\b/i,
);
/**
 * A sentence about time zones ("the container uses UTC", "8 hours behind because of the TZ"): a
 * display offset between a container and its host, not a clock that is off.
 */
const TIMEZONE_RE =
  /time ?zone|\bTZ\b|\bUTC\b|\blocal ?time\b|\bGMT[+-]|时区|\b(?:exactly |about )?(?:[3-9]|1[0-4]|three|four|five|six|seven|eight|nine|ten|eleven|twelve) hours? (?:apart|behind|ahead|off|earlier|later|difference|different)\b|相差\s*(?:[3-9]|1[0-4])\s*(?:个)?小时/i;

/**
 * Whether the sentence a hit stands in talks of time zones or a whole-hours offset: no clock
 * description answers it. The sentence, not the line: a paste collapsed onto one line (or a log line
 * with a UTC stamp after the prose) must not silence the clock story in the sentence before it.
 */
function timezoneAround(paste: Paste, hit: Hit): boolean {
  return TIMEZONE_RE.test(sentenceOf(paste, hit)) && !rtcLocalTime(paste);
}

/**
 * The hardware clock keeps local time while the OS reads it as UTC (a dual-boot host, a hypervisor that
 * passes its local time, `LocalRTC=yes`): the system clock itself is off by the zone's whole hours, a
 * wrong clock that certificates and tokens see, not a display offset.
 */
const rtcLocalTime = pasteTest(
  /\b(?:RTC|hwclock|hardware clock|BIOS (?:clock|time))\b[^\n]{0,80}\b(?:stor(?:es|ed|ing)|keeps?|kept|holds?|set to|in|uses?|passes)\b[^\n]{0,20}\blocal ?time\b|\blocal ?time\b[^\n]{0,40}\b(?:as if it was|as if it were|as) (?:the )?UTC\b|\bLocalRTC=yes\b|\bset-local-rtc (?:1|true|yes)\b|\bRTC in local TZ\b/i,
);

/** The sentence a hit stands in (up to 300 characters either side, within its line). */
function sentenceOf(paste: Paste, hit: Hit): string {
  return sentenceSpan(paste, hit).text;
}

/** The sentence a hit stands in, and the mark that ends it ('.', '?', '!', or '' at the line's end or the bound). */
function sentenceSpan(paste: Paste, hit: Hit): { text: string; mark: string } {
  const line = paste.lines[hit.line] ?? '';
  const at = hit.match.index ?? 0;
  const end = at + (hit.match[0]?.length ?? 0);
  const before = line.slice(Math.max(0, at - 300), at);
  const start = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! ')) + 1;
  const after = line.slice(end, end + 300);
  // The mark may be followed by closing quotes, escaped or not (`…ADD?\"` in a JSON-escaped paste).
  const stop = /[.!?](?=[\\"”'’)]*(?:\s|$))/.exec(after);
  return {
    text: before.slice(start) + (hit.match[0] ?? '') + after.slice(0, stop ? stop.index : after.length),
    mark: stop ? (stop[0][0] as string) : '',
  };
}

/** Clocks that are not a cluster node's: a device's, a browser's, an identity server's. */
const OTHER_CLOCK_RE =
  /\b(?:devices?|boards?|phones?|mobile|browsers?|client'?s|IoT|authori[sz]ation servers?|identity providers?|IdP|KDC|domain controllers?|connectors?|radios?|laptops?|workstations?|desktops?|macbooks?|my (?:pc|computer|mac))\b|设备|浏览器|客户端|手机|电脑/i;
/** Words that put a clock on a cluster node. */
const NODE_CLOCK_RE =
  /\b(?:nodes?|kubelets?|workers?|masters?|control[- ]plane|apiservers?|etcd|vms?|hosts?|containers?|pods?|minikube|kind|k3[sd]|microk8s)\b|节点|主机|虚拟机|容器/i;

/** An IP address that belongs to something other than a node: a pod's, a Service's, a load balancer's, a VIP. */
const OTHER_IP_OWNER_RE =
  /\b(?:pods?|services?|svc|cluster|load ?balancers?|LB|VIP|virtual|external|public|floating|ingress|gateway|apiserver)\b[^\n.]{0,6}\bIP\b/i;

/** A goal set before a clock word ("achieving zero …", "to prevent …", "keep … from"): advice, not a fault seen. */
const CLOCK_GOAL_BEFORE_RE =
  /\b(?:achiev|ensur|maintain|keep|avoid|prevent|minimi[sz]|reduc|eliminat)\w*\s+(?:(?:zero|no|minimal|low|any)\s+)?$/i;
function clockGoalBefore(paste: Paste, hit: Hit): boolean {
  const line = paste.lines[hit.line] ?? '';
  return CLOCK_GOAL_BEFORE_RE.test(line.slice(Math.max(0, hit.match.index - 40), hit.match.index));
}

/** The paste gives clocks to things that are not cluster nodes and never names a node (cached per paste). */
const otherClockPaste = perPaste((p) => OTHER_CLOCK_RE.test(p.text) && !NODE_CLOCK_RE.test(p.text));

/**
 * Whose clock: the hit's sentence gives it to something that is not a cluster node (a device, a
 * browser, an authorization server) and names no node, or the whole paste does.
 */
function otherClockAround(paste: Paste, hit: Hit): boolean {
  return otherClockSentence(paste, hit) || otherClockPaste(paste);
}

/**
 * The clock's owner named just before it is an application's own process ("each coordinator's local wall
 * clock", "two coordinators with a few hundred ms of clock skew"): the software's design, not a node's clock,
 * whatever nodes the sentence names after it.
 */
const APP_CLOCK_OWNER_BEFORE_RE =
  /\b(?:coordinators?|(?:app(?:lication)?|service|client) instances?|actors?)(?:'s?)?\b(?:(?!\b(?:nodes?|hosts?|servers?|vms?|machines?)\b)[^\n.]){0,45}$/i;

/** The hit's own sentence gives the clock to something that is not a cluster node and names no node. */
export function otherClockSentence(paste: Paste, hit: Hit): boolean {
  const sentence = sentenceOf(paste, hit);
  if (APP_CLOCK_OWNER_BEFORE_RE.test((paste.lines[hit.line] ?? '').slice(0, hit.match.index))) return true;
  return OTHER_CLOCK_RE.test(sentence) && !NODE_CLOCK_RE.test(sentence);
}

/** A build tool's file-time warning (make, Meson, Ninja): files stamped in the future, not a node's clock. */
const buildToolClockPaste = pasteTest(
  /Clock skew detected\.?\s{1,4}(?:Your build may be incomplete|File \S|$)|has modification time [\d.e+-]{1,20} ?s in the future|clock skew (?:reported|detected) by (?:make|meson|ninja|cmake)/im,
);

/** Docker swarm's own words (its overlay IPAM, its task manager): not a Kubernetes node. */
const swarmPaste = pasteTest(/\bswarm\b|taskmanager|fatal task error|docker service (?:create|update|ps)/i);
/** A 401 from the API (a token, a client-go reflector): what a restart-fixes-it story needs. */
const staleTokenCues = perPaste(
  (p) =>
    (/\b401\b|unauthori[sz]ed/i.test(p.text) &&
      /service ?account|\bSA\b|\btoken\b|Failed to (?:list|watch)\b|reflector\.go|apiserver|kubernetes api/i.test(
        p.text,
      )) ||
    // A workload-identity pod the cloud stopped accepting ("can't assume the SA's assigned role"): the
    // cloud's refusal of the pod's projected token is this story's 401.
    federatedRefusal(p),
);
/** A workload-identity pod (IRSA, Pod Identity, Workload Identity) whose cloud no longer lets it assume its role. */
const federatedRefusal = perPaste(
  (p) => FEDERATED_REFUSAL_RE.test(p.text) && WORKLOAD_IDENTITY_NAMED_RE.test(p.text),
);
const FEDERATED_REFUSAL_RE =
  /\b(?:can'?t|cannot|could(?:n'?t| not)|unable to|fail(?:s|ed|ing)? to|no longer)\s+assume\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+'s\s+)?(?:assigned\s+)?(?:IAM\s+)?role\b/i;
const WORKLOAD_IDENTITY_NAMED_RE =
  /\bIRSA\b|\bweb ?identity\b|\bpod identity\b|\bworkload identity\b|eks\.amazonaws\.com\/role-arn|AWS_WEB_IDENTITY_TOKEN_FILE|azure\.workload\.identity/i;
const ciliumPaste = pasteTest(/\bcilium/i);
/**
 * An admission (or conversion) webhook of the cluster: its configuration, its service, its CA, or a
 * framework whose webhooks are all admission webhooks (Knative's and Tekton's, knative/pkg).
 */
const admissionWebhookPaste = pasteTest(
  /WebhookConfiguration|calling webhook|admission|conversion webhook|caBundle|cainjector|cert-manager|kyverno|gatekeeper|knative|tekton|\.svc\b|webhook (?:pod|service|deployment|server)s?\b/i,
);
/** Pods that cannot be created or started (a sandbox, ContainerCreating, "pods fail creating"). */
const podCreationPaste = pasteTest(
  /sandbox|ContainerCreating|\bCNI\b|\bpods?\b[^\n]{0,40}\b(?:fail\w*|stuck|cannot|can't|could not|won't)\b[^\n]{0,20}\b(?:creat|start|schedul|run)/i,
);
/**
 * A Service's or a load balancer's address range (the ClusterIP allocator and its CIDR, MetalLB, an
 * external IP), which is not a pod address range.
 */
export const serviceRangePaste = pasteTest(
  /serviceIP|service ?CIDR|\bservice (?:IP |address )?range\b|ClusterIP|service-cluster-ip-range|metallb|load ?balancer(?: service|s? (?:IPs?|address(?:es)?|pool))|LoadBalancer|external[- ]?IP/i,
);

/** `calicoctl ipam show` rows: | IP Pool | <cidr> | <total> | <in use> (<n>%) | <free> (<n>%) | */
const CALICO_POOL_ROW_RE = /\|\s*IP Pool\s*\|[^|\n]{1,60}\|\s*\d+\s*\|[^|\n]{1,30}\|\s*\d+\s*\((\d{1,3})%\)/g;

/** The free share (%) of every IP Pool row of a `calicoctl ipam show` table in the paste. */
const calicoPoolFree = perPaste((p) => [...p.text.matchAll(CALICO_POOL_ROW_RE)].map((m) => Number(m[1])));
/** Every IP Pool row of a `calicoctl ipam show` table in the paste has more than 5 % free. */
const calicoPoolHasRoom = (p: Paste): boolean => {
  const free = calicoPoolFree(p);
  return free.length > 0 && free.every((f) => f > 5);
};
/** Some IP Pool row of a `calicoctl ipam show` table in the paste has 5 % free or less. */
const calicoPoolFull = (p: Paste): boolean => calicoPoolFree(p).some((f) => f <= 5);
/**
 * The paste says addresses or blocks ran out or could not be handed out (any IPAM, any language).
 * Exhaustion named as a guide's topic ("troubleshooting IP exhaustion", "avoid exhaustion") is not.
 */
const addressesRanOut = pasteTest(
  /\bexhaust(?!ion\b)\w*|(?<!\b(?:troubleshoot\w*|avoid\w*|prevent\w*|diagnos\w*|plan\w*|manag\w*|handl\w*|understand\w*|monitor\w*|for|about|against) (?:(?:pod |node )?(?:ip|address|pool|cidr|subnet) )?)\bexhaustion\b|\b(?:ran|run|running|runs) out of\b|\bno (?:more |free |available |unused )+(?:ip|address|block)|\b(?:cannot|can't|could not|couldn't|unable to|failed to|fails? to) (?:allocate|assign|autoassign|get|obtain|acquire)\b[^\n]{0,30}\b(?:ip|address|block)|\b(?:pool|block|range|subnet)s? (?:is |are |was |were )?(?:full|used up)\b|耗尽|用尽|用完|无法分配|分配不到|没有可用/i,
);

const reusedAddressPaste = pasteTest(/old mac|wrong mac|reus|previous pod|different mac|deleted/i);

/** Public certificate authorities and their roots: a trust store's, never a cluster's own CA. */
export const PUBLIC_CA_RE =
  /\b(?:DST Root|ISRG|IdentTrust|Let'?s ?Encrypt|LetEncrypt|Sectigo|Comodo|AddTrust|USERTrust|GlobalSign|DigiCert|GeoTrust|Thawte|VeriSign|Entrust|GoDaddy|Baltimore CyberTrust|Amazon Root|GTS Root)\b/i;

/**
 * A TLS error whose subject the paste names as something else than the cluster: a proxy that
 * intercepts TLS (its own CA re-signs every site), or an application calling a service outside the
 * cluster (a partner's API, a public website) from inside a pod.
 */
const FOREIGN_TLS_SUBJECT_RE =
  /\b(?:corporate|company|enterprise|office|work) (?:proxy|firewall|network|vpn)\b|\b(?:zscaler|netskope|blue ?coat|forcepoint|fortigate|mitmproxy)\b|\b(?:SSL|TLS|HTTPS) (?:inspection|interception|decryption)\b|\bMITM\b|\bman[- ]in[- ]the[- ]middle\b|公司(?:的)?代理|\/var\/lib\/docker\/swarm\/|\btiller-secret\b|\btiller(?:'s)? (?:TLS|certificates?|certs?)\b|\bhelm\b[^\n]{0,40}--tls(?:-verify)?\b|\bswarm-node\.crt\b|\bSwarm certificates\b|\bCN=swarm-ca\b|\bcert(?:ificate)? for [`'"]?(?![^\s`'"]*(?:kube|k8s|cluster|apiserver|api-server|\.local\b|\.svc\b|\.internal\b))[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b[`'"]?[^\n.]{0,20}\b(?:that |which )?(?:has |had |is |was )?expired\b|\b(?:app|application|service|client|code|program|job)s?\b[^\n.]{0,60}\b(?:calls?|calling|connects? to|connecting to|talks? to|talking to|requests? to|reach(?:es|ing)?)\b[^\n.]{0,30}\b(?:an? |the |our |their )?(?:external|partner'?s?|third[- ]party|public|outside|vendor'?s?|customer'?s?)\b(?![^\n.]{0,25}\b(?:api-?servers?|kube-?api|kubernetes|k8s|clusters?|control[- ]plane|eks|aks|gke)\b)/i;
const foreignTlsSubject = pasteTest(FOREIGN_TLS_SUBJECT_RE);

/**
 * A paste about another service's TLS: every endpoint it names is one no cluster component serves
 * (docker-machine, an OpenStack or vendor API) and nothing in it is about Kubernetes; or it says the
 * subject is an intercepting proxy, a service outside the cluster or a named public host whose
 * certificate expired ("a cert for rancher.example.com that expired") (FOREIGN_TLS_SUBJECT_RE).
 */
export function foreignTls(paste: Paste): boolean {
  return (foreignPaste(paste) && !kubeContext(paste)) || foreignTlsSubject(paste);
}

/** Tools that fetch from their own servers: a chart repository, a registry, a Git or package server. */
const FOREIGN_TOOL_RE =
  /\bhelm (?:repo (?:add|update)|pull|dependency (?:update|build))\b|\bchart repositor(?:y|ies)\b|\b(?:docker|podman|crane|skopeo) (?:pull|push|login)\b|\bgit (?:clone|pull|fetch|push)\b|\b(?:npm|yarn|pip|gem) install\b|\bgo (?:get|mod download)\b|\bapt(?:-get)? (?:update|install)\b/i;
/** Tools whose TLS errors are the cluster's (its API). */
const CLUSTER_TOOL_RE = /\b(?:kubectl|oc|kubeadm|k9s|helm (?:install|upgrade|list|status|uninstall))\b/i;

/**
 * A TLS error next to (two lines either side) a tool that fetches from its own server and no tool
 * that talks to the cluster's API: the certificate is that server's.
 */
export function foreignToolNear(paste: Paste, hit: Hit): boolean {
  const near = paste.lines.slice(Math.max(0, hit.line - 2), hit.line + 3).join('\n');
  return (FOREIGN_TOOL_RE.test(near) && !CLUSTER_TOOL_RE.test(near)) || rancherServerTls(paste, hit);
}

/**
 * Rancher's agents (rancher-agent, cattle-cluster/node-agent, rancher-system-agent) check the Rancher
 * server's certificate before they connect to it: their own words for that check (the agent's
 * "Server certificate is not valid, please check if the host has the correct time configured", the
 * system agent's "… removing CA data and trying again", the tunnel's "Failed to connect to proxy" /
 * "Remotedialer proxy error"), the server's URLs (`CATTLE_SERVER=`, `wss://…/v3/connect`, "Certificate
 * details from https://…") and the certificate dump the agent prints (`msg="NotBefore: …"`).
 */
const RANCHER_AGENT_CHECK_RE =
  /Server certificate is not valid, please check if the host has the correct time|removing CA data and trying again|Failed to connect to proxy|Remotedialer proxy error|wss:\/\/[^\s"']{1,253}\/v3\/connect|Certificate details from https?:\/\//i;
const RANCHER_CERT_DUMP_RE =
  /\bmsg="(?:NotBefore|NotAfter|IsCA|DNS Names|IPAddresses|Certificate #\d+ \(https?:)/;
const RANCHER_SERVER_HOST_RE =
  /(?:CATTLE_SERVER=|wss:\/\/|Certificate (?:details from|#\d+ \()\s?)(?:https?:\/\/)?([a-z0-9.-]{1,253})/gi;
/** Hosts the paste names as the Rancher server (CATTLE_SERVER=, the agent's wss:// tunnel, its certificate dump). */
const rancherServerHosts = perPaste((p): ReadonlySet<string> => {
  const hosts = new Set<string>();
  for (const m of p.text.matchAll(RANCHER_SERVER_HOST_RE)) if (m[1]) hosts.add(m[1].toLowerCase());
  return hosts;
});
const rancherAgentDump = pasteTest(RANCHER_CERT_DUMP_RE);
/** The paste quotes a Rancher agent checking the Rancher server's certificate (RANCHER_AGENT_CHECK_RE). */
export const rancherAgentCheck = pasteTest(RANCHER_AGENT_CHECK_RE);

/**
 * The TLS error at the hit is a Rancher agent's check of the Rancher server's certificate (its own
 * ingress or a private CA): the line is the agent's check, names the server's host, or (the agent
 * prints its certificate dump, then the bare x509 error) carries no URL at all (nor kubectl's words) in a paste with the agent's check or dump.
 * A cluster's own endpoint on the line (10.43.0.1:443, :6443) stays the cluster's.
 */
function rancherServerTls(paste: Paste, hit: Hit): boolean {
  const line = paste.lines[hit.line] ?? '';
  if (RANCHER_AGENT_CHECK_RE.test(line)) return true;
  const url = urlOnLine(line);
  if (url) return rancherServerHosts(paste).has(url.host.toLowerCase());
  return !CLUSTER_TOOL_RE.test(line) && (rancherAgentDump(paste) || rancherAgentCheck(paste));
}

/**
 * kubeadm's join (bootstrap, discovery) token is the subject and no service-account token is named:
 * "token id \"abc123\" is invalid for this cluster or it has expired" wants `kubeadm token create`.
 */
const bootstrapTokenStory = perPaste(
  (p) =>
    /\bkubeadm join\b|--discovery-token|\bbootstrap[- ]tokens?\b|is invalid for this cluster|\[discovery\]|\bkubeadm token (?:create|list)\b|\bjoin tokens?\b/i.test(
      p.text,
    ) &&
    !/service ?account|serviceaccount|projected|bound (?:service|token)|\/var\/run\/secrets/i.test(p.text),
);

/**
 * An alert's own definition in the paste: its PromQL expression (`expr:`, a runbook's "Expression:")
 * over the metric the alert reads. A firing alert carries its values, not its rule.
 */
const ALERT_DEFINITION_RE =
  /^[ \t>+-]{0,8}(?:[*•][ \t]*)?(?:expr|Expression)\s*:[^\n]{0,300}\b(?:node_timex_\w+|kubelet_certificate_manager_\w+|apiserver_client_certificate_\w+)/im;
/** A Prometheus alert of the kubernetes-mixin / kube-prometheus rules, by name. */
const ALERT_NAME_RE = /\b(?:Kube(?:let)?\w*Certificate\w*|NodeClock\w+|ClockSyncBroken)\b/i;
/** An alert that fired: its state, its labels' values, its start (a notification, an issue it opened). */
const ALERT_FIRED_RE =
  /\bFIRING\b|\balertname[:=]|\bStartsAt\b|\b(?:is|are|keeps?|kept|started|was|were) (?:firing|fired|triggered)\b(?! (?:when|if|whenever|once)\b)|\b(?:we|I) (?:got|get|received|see|saw)\b[^\n.]{0,40}\balert/i;
/**
 * A text that pastes an alert's rule (its expression) and nothing that fired: a runbook or a rule
 * file. Its descriptions explain the alert ("when the NTP client is not disciplining the clock, the
 * gauge goes to zero"); they report nothing.
 */
export const alertRulePaste = perPaste(
  (p) => ALERT_DEFINITION_RE.test(p.text) && !ALERT_FIRED_RE.test(p.text),
);
/**
 * A runbook's own words: the sentence that defines when its alert fires ("The `NodeClockNotSynchronising`
 * alert triggers when …", "The … alert rule is triggered when …"), or the runbook template's headings
 * (## Meaning, ## Impact, ## Diagnosis, ## Mitigation).
 */
const ALERT_DEFINED_RE = /\balert(?: rule)? (?:triggers|fires|is (?:triggered|raised|fired)) (?:when|if)\b/i;
const MEANING_HEADING_RE = /^#{1,4} ?Meaning\s*$/m;
const REMEDY_HEADING_RE = /^#{1,4} ?(?:Diagnosis|Mitigation)\s*$/m;
/** A runbook (its template's headings, or the sentence that defines when its alert fires) and nothing fired. */
const runbookPaste = perPaste(
  (p) =>
    (ALERT_DEFINED_RE.test(p.text) || (MEANING_HEADING_RE.test(p.text) && REMEDY_HEADING_RE.test(p.text))) &&
    !ALERT_FIRED_RE.test(p.text),
);
/** Words of a text that documents alerts (a runbook, a rule table, instructions) rather than one firing. */
const alertDocsPaste = perPaste(
  (p) =>
    alertRulePaste(p) ||
    runbookPaste(p) ||
    (/\brunbooks?\b|\w\.(?:md|adoc|rst)\b|\binstructions? for\b|\bdocument(?:ation|s|ed|ing)?\b|\balert (?:rules?|definitions?|descriptions?)\b|\bkubernetes-mixin\b|\|Name\|Summary\|/i.test(
      p.lines.slice(0, 3).join('\n'),
    ) &&
      !ALERT_FIRED_RE.test(p.text)),
);
/**
 * A clock alert said to fire falsely: "false positives", "false alarms", or firing "despite the node's clock being
 * correctly synchronized": the metric's artefact, not a clock that is off.
 */
const clockAlertRefuted = pasteTest(
  /\bfalse[- ]positives?\b|\bfalse alarms?\b|\bdespite\b[^\n.]{0,40}\b(?:clocks?|time)\b[^\n.]{0,20}\b(?:correctly |properly )?synchroni[sz]ed\b/i,
);
/** A change verb just before the match and an alert's rule word just after it: work on the alert's definition. */
const CHANGE_VERB_BEFORE_RE =
  /\b(?:fix|add|update|tune|adjust|rename|remove|delete|drop|improve|elaborate|enhance|refine|rework|silence|disable|deprecate|introduce|create|make|configure|lower|raise|relax|loosen|increase|decrease|change)(?:e?s|e?d|ing)?\s+(?:(?:the|a|an|new)\s+)?[`'"]?$/i;
const ALERT_RULE_AFTER_RE = /^[`'"]?\s+(?:alert(?:ing)?|rule|runbook|expression|threshold)s?\b/i;
function alertRuleChange(line: string, hit: Hit): boolean {
  const before = line.slice(Math.max(0, hit.match.index - 40), hit.match.index);
  const after = line.slice(hit.match.index + hit.match[0].length, hit.match.index + hit.match[0].length + 30);
  return CHANGE_VERB_BEFORE_RE.test(before) && ALERT_RULE_AFTER_RE.test(after);
}

/**
 * The hit is an alert's name in a text that documents the alert, or named as the object of a change to
 * its rule ("Fix NodeClockSkewDetected alert", "tune the KubeletClientCertificateExpiration rule"):
 * nothing is firing.
 */
function alertDocumented(paste: Paste, hit: Hit): boolean {
  return (
    ALERT_NAME_RE.test(hit.match[0]) &&
    (alertDocsPaste(paste) || alertRuleChange(paste.lines[hit.line] ?? '', hit) || alertChangeTitle(paste))
  );
}

const ALERT_NAME_ALL_RE = new RegExp(ALERT_NAME_RE.source, 'gi');
/**
 * The paste's title is a change to an alert's rule ("[kube-prometheus-stack] make KubeletServerCertificateExpiration
 * alert configurable"): a pull request about the rule, whose body names the alert as the thing it changes.
 */
const alertChangeTitle = perPaste((paste: Paste): boolean => {
  for (const i of titleLines(paste)) {
    const line = paste.lines[i] ?? '';
    for (const m of line.matchAll(ALERT_NAME_ALL_RE))
      if (alertRuleChange(line, { line: i, match: m })) return true;
  }
  return false;
});

/** A certificate renewal told in the paste: the command, or the words. */
const RENEWED_RE =
  /\bkubeadm (?:alpha )?certs? renew\b|\b(?:k3s|rke2) certificate rotate\b|\b(?:renew\w*|rotat\w*|regenerat\w*)\b[^\n.]{0,30}\bcert(?:ificate)?s?\b|\bcert(?:ificate)?s?\b[^\n.]{0,30}\b(?:renewed|rotated|regenerated)\b|证书[^\n。]{0,10}(?:续期|更新|轮换)|(?:续期|更新|轮换)[^\n。]{0,10}证书/i;
const renewedStory = pasteTest(RENEWED_RE);
const loopbackPaste = pasteTest(/loopback/i);
/** The renewed certificate is a website's or an ingress's (ACME, certbot, cert-manager, a TLS secret). */
const siteCertStory = pasteTest(
  /\b(?:ingress(?:es)?|tls secrets?|let'?s ?encrypt|certbot|acme|cert-manager|website|wildcard)\b/i,
);
/** An IPv6 range with a prefix (`fd00:10:244::/56`); an address alone (`::1`, a node's) is not a pod range. */
const IPV6_CIDR = String.raw`(?<![\w:.])[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6}::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?\/(?:[4-9]\d|1[01]\d|12[0-8])\b`;

/**
 * A dual-stack cluster in the paste: said so, the allocator's second range (`at idx:1`), Cilium's wait
 * for an IPv6 PodCIDR, the IPv6 mask flag, or an IPv6 range beside an IPv4 one.
 */
export const dualStackPaste = pasteTest(
  new RegExp(
    String.raw`\bdual[- ]?stack\b|cluster cidr at idx:\s*[1-9]|required IPv6 PodCIDR|node-cidr-mask-size-ipv6|${IPV6_CIDR}[^\n]{0,200}\b\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}\b|\b\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}\b[^\n]{0,200}${IPV6_CIDR}`,
    'i',
  ),
);

/** An IPv6 cluster (single or dual stack): named, or an IPv6 range. */
const ipv6Paste = pasteTest(new RegExp(String.raw`\bIPv6\b|${IPV6_CIDR}`, 'i'));

/**
 * What the address family adds to a node without a podCIDR. The range allocator (nodeipam
 * range_allocator.go AllocateOrOccupyCIDR) takes one block per --cluster-cidr range, all or none; an
 * IPv6 block is --node-cidr-mask-size-ipv6 (default 64) bits long.
 */
export function podCidrFamilyWhy(paste: Paste): string {
  return `${dualStackPaste(paste) ? ' On a dual-stack cluster --cluster-cidr holds one range per family (IPv4,IPv6) and the allocator gives a node a block from each or none: either range running out (nodes ≤ 2^(mask − prefix) for each, with --node-cidr-mask-size-ipv4 and -ipv6) leaves the node with no podCIDR in either family.' : ''}${ipv6Paste(paste) ? ' An IPv6 node block is a /64 by default (--node-cidr-mask-size-ipv6), so the IPv6 cluster range must be a shorter prefix: a /56 holds 256 nodes, a /64 one, a service-sized /108 none.' : ''}`;
}

/**
 * Which --cluster-cidr range the allocator found full, from its own error ("failed to allocate cidr
 * from cluster cidr at idx:1"): told when there is more than one range, where it matters.
 */
export function allocatorRangeFacts(paste: Paste, hits: readonly Hit[]): { fact: string; source: string }[] {
  for (const h of hits) {
    const idx = /cluster cidr at idx:\s*([01])\b/i.exec(paste.lines[h.line] ?? '')?.[1];
    if (idx === undefined || (idx === '0' && !dualStackPaste(paste))) continue;
    const which =
      idx === '1'
        ? 'the second range of --cluster-cidr (the IPv6 one when IPv4 is listed first)'
        : 'the first range of --cluster-cidr (the IPv4 one when it is listed first)';
    return [
      {
        fact: `idx:${idx} is ${which}: it has no block left, so the node gets no podCIDR in either family`,
        source: 'kube-controller-manager range allocator',
      },
    ];
  }
  return [];
}

/**
 * A CNI config whose host-local subnet is empty (`"subnet": ""`, or Go's "invalid CIDR address: " with nothing
 * after it): it was written from a pod CIDR the node did not have. Told as evidence beside the allocator's story.
 */
export function emptyCniSubnetFacts(paste: Paste, hits: readonly Hit[]): { fact: string; source: string }[] {
  for (const h of hits) {
    const line = paste.lines[h.line] ?? '';
    if (/invalid CIDR address:?\s*(?:$|["'\\,)])|\\{0,3}"subnet\\{0,3}"\s*:\s*\\{0,3}"\\{0,3}"/i.test(line))
      return [
        {
          fact: 'the CNI configuration on that node has an empty pod subnet: it was written from a pod CIDR the node did not have (never assigned, or the template ran before it was); look at the subnet in /etc/cni/net.d on that node',
          source: 'pasted text',
        },
      ];
  }
  return [];
}

/** A line whose only forwarding words are the remedy (`iptables -P FORWARD ACCEPT`), no DROP or ip_forward. */
const FORWARD_REMEDY_ONLY_RE = /^(?![^\n]*(?:\bDROP\b|\bDENY\b|ip_forward))[^\n]*iptables -P FORWARD ACCEPT/i;
/** The paste says the remedy helped, or names the DROP policy it undoes (cached per paste). */
const forwardRemedyTold = pasteTest(
  /\b(?:worked|works|fix(?:ed|es)|solv(?:ed|es)|resolv(?:ed|es)|workaround)\b|\bDROP\b|\bDENY\b/i,
);

/**
 * The paste calls the clock report a false alarm ("False alarm when running linkerd check": its skew test
 * read a 5-minute status heartbeat as a clock): a check that is wrong, not a clock that is off. Said in the
 * paste's first line (its title) or on the line of the report; a false positive told as a condition
 * elsewhere ("false positives occur if the heartbeat interval exceeds …") does not count, nor does "not a
 * false alarm".
 */
const CLOCK_FALSE_ALARM_RE =
  /(?<!\bnot (?:an? )?)\bfalse[- ](?:alarms?|positives?)\b(?!\s+(?:occur|can|may|might|could|would|will)\b)/i;
const titleFalseAlarm = perPaste((p: Paste) =>
  CLOCK_FALSE_ALARM_RE.test(p.lines.find((l) => l.trim() !== '') ?? ''),
);
function clockFalseAlarm(paste: Paste, hit: Hit): boolean {
  return titleFalseAlarm(paste) || CLOCK_FALSE_ALARM_RE.test(paste.lines[hit.line] ?? '');
}

/** The apiserver's 401 names a token reason: a token rule answers it, not a certificate story. */
const tokenReason = pasteTest(
  /invalid bearer token|Token has (?:expired|been invalidated)|token is expired|token (?:is )?not valid yet|service account token|oidc:|Unauthorized: (?:Token|Bearer)/i,
);

type Check = 'skew' | 'token' | 'certs' | 'ipam';

interface Signal extends Pick<Rule, 'id' | 'code' | 'pattern' | 'examples' | 'nearMisses' | 'group'> {
  /** A matched error line (ranks as a signature) or a description of the cause (ranks below). */
  readonly kind: 'signature' | 'description';
  readonly rank?: number;
  /**
   * The finding's title when the code's own does not fit the story (a description's still reads "Likely: …
   * (from the description …)"). @default the code's title
   */
  readonly title?: string | ((paste: Paste, hits: readonly Hit[]) => string | undefined);
  /** Needs the paste to be about Kubernetes. @default true for descriptions */
  readonly kube?: boolean;
  /** Not when an identity provider's or a cloud's token is the subject. */
  readonly notForeignToken?: boolean;
  readonly when?: Rule['when'];
  /** More evidence: from the rule's own hits, or from elsewhere in the paste (the line a paste-wide condition found). */
  readonly facts?: (paste: Paste, hits: readonly Hit[]) => readonly { fact: string; source: string }[];
  readonly check: Check;
  /** The cause; a function when the paste changes the story (a dual-stack cluster). */
  readonly why: string | ((paste: Paste) => string);
  readonly confirm?: readonly Command[];
  readonly steps: readonly Command[];
}

function signal(s: Signal): Rule {
  const kube = s.kube ?? s.kind === 'description';
  const noClaim = noClaimGate(s.code, s.pattern);
  return {
    id: s.id,
    code: s.code,
    pattern: s.pattern,
    examples: s.examples,
    nearMisses: s.nearMisses,
    ...(s.group ? { group: s.group } : {}),
    rank: s.rank ?? (s.kind === 'signature' ? 4 : 2),
    ...(s.kind === 'description' ? { prose: true } : {}),
    when: (paste, hit) =>
      (!kube || (kubeContext(paste) && !appTokenStory(paste) && !etcdElsewhereStory(paste))) &&
      // Prose about expired certificates in a paste about an application's own PKI is that application's.
      (s.kind !== 'description' || !APP_PKI_CODES.has(s.code) || !appPkiPaste(paste)) &&
      // A sentence about time zones is a display offset, not a clock that is off (as in describe.ts);
      // make's and Meson's "Clock skew detected" compare file times, not two machines' clocks.
      (s.kind !== 'description' ||
        s.check !== 'skew' ||
        (!buildToolClockPaste(paste) &&
          !clockFalseAlarm(paste, hit) &&
          !clockStoryElsewhere(paste, hit) &&
          !illustratedAt(paste, hit.line))) &&
      // An application's JWT (its library's error) is not a service-account token, nor is kubeadm's join token.
      (s.check !== 'token' || (!appJwtError(paste) && !bootstrapTokenStory(paste))) &&
      // A told token expiry is a service-account token's only in a paste about a cluster.
      (s.kind !== 'description' || s.check !== 'token' || tokenKubeContext(paste)) &&
      (!s.notForeignToken || !foreignToken(paste)) &&
      (s.kind !== 'description' || !noClaim(paste, hit)) &&
      !alertDocumented(paste, hit) &&
      (!s.when || s.when(paste, hit)),
    diagnose: (hits, paste) => signalled(s, hits, paste),
  };
}

/** A signal's own title for these hits, if it has one (a function may defer to the code's). */
function titleOf(s: Signal, paste: Paste, hits: readonly Hit[]): string | undefined {
  return typeof s.title === 'function' ? s.title(paste, hits) : s.title;
}

function signalled(s: Signal, hits: readonly Hit[], paste: Paste) {
  const code: FindingCode = s.code;
  const title = titleOf(s, paste, hits);
  return pasteFinding(code, hits, paste, {
    ...(s.kind === 'description'
      ? {
          title: `Likely: ${title ?? DESCRIPTION_TITLES[code] ?? CODES[code].title} (from the description; confirm with /k8s ${s.check})`,
          facts: [
            ...(s.facts?.(paste, hits) ?? []),
            {
              fact: 'recognised as a description of the cause, not an error message: a likely cause, lower confidence than a matched error',
              source: 'pasted text',
            },
          ],
        }
      : {
          ...(s.facts ? { facts: s.facts(paste, hits) } : {}),
          ...(title ? { title } : {}),
        }),
    why: typeof s.why === 'string' ? s.why : s.why(paste),
    confirm: [liveCheck(s.check), ...(s.confirm ?? [])],
    steps: s.steps,
  });
}

/** Every Secret-based service-account token, with when it was last used and whether it is marked invalid. */
const LEGACY_TOKEN_SECRETS: Command = {
  run: 'kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token -L kubernetes.io/legacy-token-last-used,kubernetes.io/legacy-token-invalid-since',
  where: 'workstation',
};
const MOVE_TO_TOKEN_REQUEST: Command = {
  run: 'kubectl create token <serviceaccount> -n <namespace> --duration=<ttl>',
  where: 'workstation',
  caution: 'Move each client to a TokenRequest (projected) token before deleting its Secret.',
};
const RESTART_WORKLOAD: Command = {
  run: 'kubectl rollout restart deployment/<name> -n <namespace>',
  where: 'workstation',
  caution: 'New pods get fresh tokens; the lasting fix is a client that re-reads the token file.',
};
const CHRONY_FIX: Command = {
  run: 'systemctl enable --now chronyd && chronyc makestep && chronyc tracking',
  where: 'node',
  caution:
    'Steps the clock at once on that node; tokens and certificates minted meanwhile may need a restart of the kubelet.',
};
const KUBELET_CERT_DATES: Command = {
  run: 'openssl s_client -connect <node-ip>:10250 </dev/null 2>/dev/null | openssl x509 -noout -dates',
  where: 'workstation',
};
/**
 * A clock description's pattern, plus an offset stated for a machine ("worker-2 is 4 minutes ahead",
 * "the apiserver is an hour ahead"); "5 minutes behind schedule" is not one.
 */
function withStatedOffset(base: RegExp, host: string): RegExp {
  const offset = String.raw`\b${host}\b[^\n.]{0,20}\b(?:is|was|are|were|runs?|running)\b[^\n.]{0,12}?(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|ten|few|several|some)\s*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?)\b\s*(?:ahead|behind|fast|slow)\b(?! (?:schedule|on |in ))`;
  return new RegExp(`${base.source}|${offset}`, base.flags);
}
const CHRONY_CONFIRM: Command = { run: 'chronyc tracking; timedatectl status', where: 'node' };

/**
 * A cloud's token service refusing a federated token for its time window: Entra ID's AADSTS700024, AWS
 * STS's web-identity "Token expired: current date/time …", the EKS Pod Identity agent's claim check.
 */
const FEDERATED_TOKEN_RE =
  /AADSTS700024: Client assertion is not within its valid time range|Service account token failed basic claim validations: token is expired|\bToken expired: current date\/time \d{9,11} must be before the expiration date\/time ?\d{9,11}/i;
/** A pod's workload identity (its token file, its webhook's words, a pod or service account) … */
const WORKLOAD_IDENTITY_POD_RE =
  /\bpods?\b|service ?account|serviceaccount|\bIRSA\b|eks\.amazonaws\.com|AWS_WEB_IDENTITY_TOKEN_FILE|AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE|AZURE_FEDERATED_TOKEN_FILE|azure\.workload\.identity|WorkloadIdentityCredential|workload identity|\bAWI\b|projected/i;
/** … and not a CI job's OIDC token (GitHub Actions, Azure Pipelines), which no kubelet renews. */
const CI_OIDC_RE =
  /github actions|\bGHA\b|azure\/login|aks-set-context|\bworkflows?\b|\bpipelines?\b|\baz login\b|ACTIONS_ID_TOKEN|runs-on|service connection|azure devops|\bCI\b/i;
const workloadIdentityPod = perPaste(
  (p) => WORKLOAD_IDENTITY_POD_RE.test(p.text) && !CI_OIDC_RE.test(p.text),
);
const ISO_SECONDS = String.raw`(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?Z`;
const ENTRA_NOW_RE = new RegExp(String.raw`Current time:\s+${ISO_SECONDS}`, 'i');
const ENTRA_FROM_RE = new RegExp(String.raw`assertion valid from\s+${ISO_SECONDS}`, 'i');
const ENTRA_UNTIL_RE = new RegExp(String.raw`expiry time of assertion\s+${ISO_SECONDS}`, 'i');
const STS_NOW_RE = /current date\/time\s+(\d{9,11})/i;
const STS_UNTIL_RE = /expiration date\/time\s*(\d{9,11})/i;
interface TokenWindow {
  readonly now: number;
  readonly from?: number;
  readonly until: number;
}
/** Each error line's window, read once per paste: both federated rules and their evidence ask for it. */
const tokenWindows = new WeakMap<Paste, Map<number, TokenWindow | undefined>>();
/**
 * The verifier's clock and the token's window, in epoch seconds, as the error states them (on its line
 * or, hard-wrapped, the two after it; each time is read by its own label).
 */
function federatedTokenWindow(paste: Paste, line: number): TokenWindow | undefined {
  let byLine = tokenWindows.get(paste);
  if (!byLine) {
    byLine = new Map();
    tokenWindows.set(paste, byLine);
  }
  if (!byLine.has(line)) byLine.set(line, readTokenWindow(paste, line));
  return byLine.get(line);
}
function readTokenWindow(paste: Paste, line: number): TokenWindow | undefined {
  const text = paste.lines.slice(line, line + 3).join(' ');
  const iso = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Date.parse(`${m[1]}Z`) / 1000 : Number.NaN;
  };
  if (/AADSTS700024/i.test(paste.lines[line] ?? '')) {
    const [now, from, until] = [iso(ENTRA_NOW_RE), iso(ENTRA_FROM_RE), iso(ENTRA_UNTIL_RE)];
    if (!Number.isFinite(now) || !Number.isFinite(until)) return undefined;
    // Entra prints 1970-01-01 when the assertion has no nbf.
    return { now, ...(Number.isFinite(from) && from > 0 ? { from } : {}), until };
  }
  const now = STS_NOW_RE.exec(text);
  const until = STS_UNTIL_RE.exec(text);
  return now && until ? { now: Number(now[1]), until: Number(until[1]) } : undefined;
}
/** The first hit's window as evidence (the rule's hits are its error lines; their windows are cached). */
function federatedTokenFacts(paste: Paste, hits: readonly Hit[]): { fact: string; source: string }[] {
  for (const { line } of hits) {
    const w = federatedTokenWindow(paste, line);
    if (!w) continue;
    const at = (n: number) => utc(new Date(n * 1000));
    const fact =
      w.now > w.until
        ? `the token expired at ${at(w.until)}, ${duration((w.now - w.until) * 1000)} before the verifier's time ${at(w.now)}`
        : w.from !== undefined && w.now < w.from
          ? `the token is valid from ${at(w.from)}, ${duration((w.from - w.now) * 1000)} after the verifier's time ${at(w.now)}`
          : `the verifier's time ${at(w.now)} is inside the token's window`;
    return [{ fact, source: 'the error line' }];
  }
  return [];
}

/**
 * A client tool's own request failing, in its words: kubectl's ("Unable to connect to the server", discovery's
 * "couldn't get current server API group list") and Helm's ("Error: UPGRADE FAILED", "Kubernetes cluster
 * unreachable", "failed to query with labels"), and any client-go discovery client's (its default "?timeout=32s" on
 * /api, /apis or /version, "failed to fetch discovery": OpenShift's bootkube on the bootstrap node, an installer
 * waiting for the API). k3s, RKE2 and kind write kubeconfigs for https://127.0.0.1:<port>,
 * so such a line is the client's call, shown the serving certificate, not the apiserver's call to itself; unless the
 * server relays an error of its own (an admission lookup that is forbidden, an internal error).
 */
function clientToolCall(line: string): boolean {
  return (
    /Unable to connect to the server|couldn't get current server API group list|Kubernetes cluster unreachable|Error: (?:UPGRADE|INSTALLATION) FAILED|failed to query with labels|failed to fetch discovery|\/(?:api|apis|version)\?timeout=32s\b|\bbootkube/i.test(
      line,
    ) && !/is forbidden:|Internal error occurred|Error from server|limitranges|resourcequotas/i.test(line)
  );
}

/** The apiserver's stale-token signals: its audit annotation, its metric, its warning. */
const STALE_APISERVER_WORDS = String.raw`authentication\.k8s\.io\/stale-token|seconds after warning threshold|serviceaccount_stale_tokens_total(?:\{[^}\n]{0,300}\})?\s+[1-9]|Stale service account token used|\bstale[- ](?:service ?account |SA |projected )?tokens?\b`;
const STALE_APISERVER_WORDS_RE = new RegExp(STALE_APISERVER_WORDS, 'i');
/**
 * The stale-token stories told in words (a client that read its token once, a restart that fixes it): the code's
 * title is the live check's (tokens used past warnafter, from the apiserver's metric), which is not what such a
 * paste reports.
 */
const STALE_COPY_TITLE =
  'A client keeps the service-account token it read once and presents it after it expires';
/**
 * A description's title where the code's own tells another story (the stale-token code's is the live check's
 * metric). A signal's own title comes first.
 */
const DESCRIPTION_TITLES: Partial<Record<FindingCode, string>> = {
  'token/stale-not-reloaded': STALE_COPY_TITLE,
};

/** A service account, its token's mount path or a projected token named (cached per paste). */
const saTokenNamedPaste = pasteTest(/service ?account|\/var\/run\/secrets|projected/i);

/** Token signals. */
const TOKEN_SIGNALS: readonly Rule[] = [
  signal({
    id: 'sa-token-stale-warning',
    code: 'token/stale-not-reloaded',
    kind: 'signature',
    // The apiserver's own words (its audit annotation, its metric, its warning) keep the code's title; a
    // client's story told in words ("reads the token once", "does not reload the rotated token") gets its own.
    title: (p, hits) =>
      hits.some((h) => STALE_APISERVER_WORDS_RE.test(p.lines[h.line] ?? '')) ? undefined : STALE_COPY_TITLE,
    // kubernetes pkg/serviceaccount/claims.go: audit annotation authentication.k8s.io/stale-token,
    // "subject: %s, seconds after warning threshold: %d"; metric serviceaccount_stale_tokens_total.
    pattern: new RegExp(
      String.raw`${STALE_APISERVER_WORDS}|\b(?:service ?account|SA|projected) tokens?\b[^\n]{0,30}\bbec(?:o|a)me\b[^\n]{0,4}\bstale\b|\b(?:service ?account|SA|projected|bound|mounted|bearer) tokens?\b[^\n.]{0,60}?\b(?:go|goes|going|went|gone|turns?|turned|gets?|got) stale\b(?![^\n.]{0,60}\bunless\b)|\b(?:not|never|doesn'?t|does not|don'?t|fails? to|is not|unable to)\s+(?:(?:able|going) to\s+)?(?:re-?load(?:ing|s)?|re-?read(?:ing|s)?|refresh(?:ing|es)?|pick(?:ing)? up|load(?:ing)? in)\b(?:\s+the)?\s+(?:rotated|projected|refreshed|new|service ?account|bound)\b[^\n]{0,30}\btokens?\b|\btokens? past (?:their|its) lifetime\b|\b(?:only )?(?:reads?|loads?) (?:the |its )?(?:(?:kubernetes|k8s) )?(?:service ?account |SA |projected |bearer )?token (?:from disk |file )?(?:only )?once\b|\bnot aware (?:that )?(?:the )?(?:service ?account|SA|projected|bound) tokens? (?:can |will |may )?(?:expire|rotate|change)|\b(?:re-?read|re-?load)\w*\s+(?:(?:the|this|its)\s+)?(?:service ?account\s+|projected\s+|SA\s+|mounted\s+)?token(?: file)?\b[^\n.]{0,30}\b(?:on each|each time|every time|periodically|on every|before each|before every|from disk|when it (?:rotates|changes)|every \d+ ?(?:s|secs?|seconds?|m|mins?|minutes?))\b|\b(?:service ?account|SA|projected|bound|mounted) tokens?\b[^\n.]{0,40}\b(?:changes?|changed|rotates?|rotated|is refreshed|gets? rotated)\b[^\n.]{0,60}\b(?:is not|isn'?t|are not|aren'?t|not|never|doesn'?t|does not)\s+(?:get\s+)?(?:updated|re-?loaded|re-?read|refreshed|picked up)\b|\b(?:401|unauthori[sz]ed|auth\w*)\b[^\n]{0,60}\bafter (?:the )?(?:SA |service ?account |projected |bound )?token rotation\b|\bafter (?:the )?(?:SA |service ?account |projected |bound )?token rotation\b[^\n]{0,60}\b(?:401|unauthori[sz]ed)\b`,
      'i',
    ),
    examples: [
      '"authentication.k8s.io/stale-token": "subject: system:serviceaccount:kube-cost:grafana, seconds after warning threshold: 10351"',
      'the alert fires when stale service account tokens are detected in the cluster',
      'serviceaccount_stale_tokens_total{namespace="monitoring"} 14',
      'Falco does not load in rotated tokens and uses the first token mounted in the pod forever.',
      'Kubernetes 1.21 - Serviceregistration is not reloading the service account token',
      'When the service account token for a pod changes, the in-cluster configuration is not updated.',
      'the client breaks in-cluster auth after SA token rotation (continuous 401 on pod creation)',
      'the library is not able to pick up the new values of the token',
      'it makes sense to add a control to re-read the token on each authentication',
      'This PR updates Ray to periodically reload this token every 5 minutes',
      'the bound tokens mounted into the pod go stale after an hour and the agent keeps sending them',
      'The client reads the Kubernetes ServiceAccount token once at startup and caches it in memory, so long-running pods send an expired token',
    ],
    nearMisses: [
      'stale cache entry for pod nginx',
      'the token was refreshed',
      'cluster admins can use metric `serviceaccount_stale_tokens_total` to monitor workloads that depend on extended tokens',
      'the service account token changes every hour and the client reloads it',
      'Requests from outside the cluster may have stale tokens and fail with status code 401',
      'projected service account tokens go stale after an hour unless the client re-reads them',
    ],
    rank: 6,
    // "Requests from outside the cluster may have stale tokens": a kubeconfig's token, not a pod's.
    when: (p) => !kubeconfigClientStory(p),
    check: 'token',
    why: 'The apiserver extends projected tokens to a year (--service-account-extend-token-expiration) but counts every use after the nominal hour as stale: the client read its token once and never re-reads the rotated file. When the extension ends (or the flag is off) it gets 401.',
    confirm: [
      { run: 'kubectl get --raw /metrics | grep serviceaccount_stale_tokens_total', where: 'workstation' },
    ],
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'federated-sa-token-expired',
    code: 'token/stale-not-reloaded',
    kind: 'signature',
    title:
      "A cloud's token service refused a pod's service-account token as expired: the client kept a copy it did not re-read",
    // Workload identity hands the pod's projected service-account token to the cloud's own verifier,
    // whose words are not the apiserver's: Entra ID's AADSTS700024 (its times say which end of the window),
    // AWS STS's AssumeRoleWithWebIdentity "Token expired: current date/time N must be before the
    // expiration date/time M", and the EKS Pod Identity agent's "Service account token failed basic claim
    // validations: token is expired". The same words for a CI job's OIDC token (GitHub Actions, a
    // pipeline) are that job's: no kubelet renews it.
    pattern: FEDERATED_TOKEN_RE,
    examples: [
      'WorkloadIdentityCredential: AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-12-19T16:45:40.0186934Z, assertion valid from 2025-12-19T12:58:00.0000000Z, expiry time of assertion 2025-12-19T13:58:00.0000000Z. (in the pod)',
      'Error when retrieving credentials from container-role: Error retrieving metadata: Received non 200 response 400 from container metadata: Service account token failed basic claim validations: token is expired (EKS pod)',
      'WebIdentityErr: failed to retrieve credentials caused by: ExpiredTokenException: Token expired: current date/time 1626271164 must be before the expiration date/time 1626191469 (IRSA pod)',
    ],
    nearMisses: [
      'the service account token is expired (AADSTS700024 is documented elsewhere)',
      // The window's other end: the issuer's clock, not a stale copy.
      'AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-12-19T12:40:00Z, assertion valid from 2025-12-19T12:58:00Z, expiry time of assertion 2025-12-19T13:58:00Z. (in the pod)',
      'azure/login in a GitHub Actions workflow: AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-09-03T17:59:55Z, assertion valid from 2025-09-03T17:04:47Z, expiry time of assertion 2025-09-03T17:09:47Z. (pod)',
    ],
    when: (p, h) => {
      if (!workloadIdentityPod(p)) return false;
      if (/failed basic claim validations/i.test(p.lines[h.line] ?? '')) return true;
      const w = federatedTokenWindow(p, h.line);
      return w !== undefined && w.now > w.until;
    },
    facts: federatedTokenFacts,
    rank: 6,
    check: 'token',
    why: "Workload identity (EKS IRSA and Pod Identity, Azure Workload Identity, Google's federation) hands the pod's projected service-account token to the cloud's token service. The kubelet rewrites that file before the token expires (at 80 % of its life), so a token that arrives expired is a copy the client read earlier and kept: an SDK version or a credential object built once that does not re-read the token file. It works again after a restart, until the copy expires again.",
    confirm: [
      {
        run: 'kubectl exec <pod> -n <namespace> -- sh -c \'for f in "$AWS_WEB_IDENTITY_TOKEN_FILE" "$AZURE_FEDERATED_TOKEN_FILE" "$AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"; do [ -f "$f" ] && ls -lL "$f" && cut -d. -f2 "$f" | base64 -d 2>/dev/null | grep -o "\\"exp\\":[0-9]*"; done\'',
        where: 'workstation',
      },
    ],
    steps: [
      RESTART_WORKLOAD,
      {
        run: "Upgrade the cloud SDK in the image, or build its credential from the token file (AWS's web-identity or container credential provider, Azure's WorkloadIdentityCredential) instead of reading the token once, so it re-reads the file on every refresh.",
        kind: 'advice',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'federated-sa-token-not-yet-valid',
    code: 'token/not-yet-valid',
    kind: 'signature',
    title:
      "A cloud's token service refused a pod's service-account token as issued in the future: the issuer's clock is ahead of the cloud's",
    // AADSTS700024 whose current time is before the assertion's "valid from": the token was minted by an
    // apiserver whose clock runs ahead of Entra's: the seed failure in the cloud's words.
    pattern: /AADSTS700024: Client assertion is not within its valid time range/i,
    examples: [
      'AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-12-19T12:40:00.0186934Z, assertion valid from 2025-12-19T12:58:00.0000000Z, expiry time of assertion 2025-12-19T13:58:00.0000000Z. (in the pod)',
    ],
    nearMisses: [
      'AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-12-19T16:45:40Z, assertion valid from 2025-12-19T12:58:00Z, expiry time of assertion 2025-12-19T13:58:00Z. (in the pod)',
    ],
    when: (p, h) => {
      if (!workloadIdentityPod(p)) return false;
      const w = federatedTokenWindow(p, h.line);
      return w !== undefined && w.from !== undefined && w.now < w.from;
    },
    facts: federatedTokenFacts,
    rank: 6,
    check: 'token',
    why: 'Entra ID checks the client assertion (the pod\'s projected service-account token) against its own clock. A token whose "valid from" is after Entra\'s current time was minted by an apiserver whose clock runs ahead: every token it mints is refused until that much time has passed.',
    confirm: [{ ...CHRONY_CONFIRM, where: 'control-plane' }],
    steps: [{ ...CHRONY_FIX, where: 'control-plane' }],
  }),
  signal({
    id: 'legacy-token-in-use',
    code: 'token/legacy-in-use',
    kind: 'signature',
    // kubernetes: labels kubernetes.io/legacy-token-last-used, kubernetes.io/legacy-token-invalid-since.
    pattern:
      /kubernetes\.io\/legacy-token-(?:last-used|invalid-since)|(?<!\b(?:differ(?:s|ent)? from|unlike|compared (?:to|with)|versus|vs\.?|rather than|instead of) )\blegacy (?:service ?account |SA |secret-based )?tokens?\b|\b(?:service ?account |SA |default service |secret-based )tokens?\b[^\n.]{0,40}\b(?:do(?:es)?n'?t have an expiration|(?:has|have) no expiration|never expires?|do(?:es)? not expire)/i,
    examples: [
      '`kubernetes.io/legacy-token-last-used` label being added to long lived service token secrets',
      "The default service token doesn't have an expiration date",
    ],
    nearMisses: [
      'the legacy ingress annotation is deprecated',
      'the token expires in one hour',
      // A comparison names legacy tokens without saying one is in use.
      'How projected ServiceAccount tokens differ from legacy tokens',
      // A guide's definition of the kind.
      'Kubernetes glossary. Legacy service account tokens are long-lived Secrets that carry no expiry date.',
    ],
    // The labels and a service account's token are Kubernetes' own; bare "legacy tokens" is any system's
    // unless the paste names Kubernetes in words no other system uses ("deployment" and "cluster" are
    // everyone's).
    // A version's change told ("no longer auto-generates legacy tokens", "完全移除自动生成 legacy token") is the
    // feature's history, not a legacy token in use.
    // A sentence that opens on legacy tokens as a kind and says what they are ("Legacy tokens are static Secrets
    // that persist forever", "… carry no expiration") is a guide's definition, not a token in use.
    when: (p, h) => {
      const line = p.lines[h.line] ?? '';
      const before = line.slice(0, h.match.index);
      return (
        !LEGACY_GENERATION_STOPPED_RE.test(before.slice(-60)) &&
        !(/(?:^|[.!?:]\s+)$/.test(before) && LEGACY_DEFINITION_RE.test(line.slice(h.match.index))) &&
        (/kubernetes\.io\/legacy-token-|service ?account|\bSA\b|secret-based|default service/i.test(
          h.match[0],
        ) ||
          strongKubeContext(p))
      );
    },
    rank: 5,
    check: 'token',
    why: 'Secret-based service-account tokens never expire and stay valid until the Secret or ServiceAccount is deleted; since 1.29 unused auto-generated ones are labelled invalid and then removed.',
    confirm: [LEGACY_TOKEN_SECRETS],
    steps: [MOVE_TO_TOKEN_REQUEST],
  }),
  signal({
    id: 'legacy-token-warning',
    code: 'token/legacy-in-use',
    kind: 'signature',
    // pkg/serviceaccount/legacy.go: every request with an auto-generated secret token gets the warning
    // "Use tokens from the TokenRequest API or manually created secret-based tokens instead of
    // auto-generated secret-based tokens." and the audit annotation
    // authentication.k8s.io/legacy-token-autogenerated-secret (…-manual-secret for a hand-made one).
    pattern:
      /instead of auto-generated secret-based tokens|authentication\.k8s\.io\/legacy-token-(?:autogenerated|manual)-secret\b/i,
    examples: [
      'Warning: Use tokens from the TokenRequest API or manually created secret-based tokens instead of auto-generated secret-based tokens.',
      '"annotations":{"authentication.k8s.io/legacy-token-autogenerated-secret":"deployer-token-x7k2p"}',
    ],
    nearMisses: ['kubectl create token deployer --duration=1h'],
    kube: false,
    // kubectl prints the warning above whatever the command then fails with: a fact worth knowing,
    // never the cause of another error in the same paste.
    rank: 1,
    check: 'token',
    why: 'The request used a Secret-based token the old token controller generated (the ServiceAccount lists the Secret): it never expires, and from 1.29 the cleaner labels unused ones invalid and later deletes them, which turns every client still holding one into a 401.',
    confirm: [LEGACY_TOKEN_SECRETS],
    steps: [MOVE_TO_TOKEN_REQUEST],
  }),
  signal({
    id: 'openshift-token-invalid-or-expired',
    code: 'token/expired',
    kind: 'signature',
    // openshift/oc pkg/cli/login: "The token provided is invalid or expired." (earlier "(probably expired)").
    pattern: /The token provided is invalid (?:or expired|\(probably expired\))/i,
    examples: ['error: The token provided is invalid or expired.'],
    nearMisses: ['error: The server uses a certificate signed by an unknown authority.'],
    kube: false,
    notForeignToken: true,
    rank: 5,
    check: 'token',
    why: 'oc stores an OAuth access token (24 h by default on OpenShift 4) or the token you pass with --token; once it expires or is deleted every call is 401 and oc asks you to log in again. A service-account token pasted into --token expires like any bound token.',
    confirm: [{ run: 'oc whoami; oc whoami --show-token | cut -c1-8', where: 'workstation' }],
    steps: [
      {
        run: 'oc login --web   # or: oc login -u <user>; a service account: oc create token <sa> -n <ns> --duration=<ttl>',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'describe-token-expired',
    code: 'token/expired',
    kind: 'description',
    notForeignToken: true,
    // A user's login session (a cookie, a session, an access or refresh token) is an application's.
    // An application's JWT library on the line itself ("jwt: token is expired by 79h"), or a "JWT" that
    // no service-account word on the line claims, is that application's session token.
    // A paste that rules the expiry out ("… not due to API token expiration") has no expiry to tell.
    when: (p, h) => {
      const line = p.lines[h.line] ?? '';
      return (
        !/session|cookie|refresh token|access token/i.test(line) &&
        !APP_JWT_ERROR_RE.test(line) &&
        !(
          /\bJWT\b/i.test(line) &&
          !/service ?account|serviceaccount|\bSA\b|projected|bound/i.test(line) &&
          !CREATE_TOKEN_RE.test(line)
        ) &&
        !appJwtOnlyPaste(p) &&
        !tokenExpiryRefuted(p) &&
        // A guess about the past ("the token may have expired"), and the fabric8 Kubernetes client's fixed
        // text on every 401 ("Unauthorized! Token may have expired! Please log-in again."), tell no expiry;
        // a warning ("the token may expire sooner") still tells a lifetime.
        !/\b(?:may|might|could)\s+(?:have\s+)?(?:already\s+)?(?:been\s+|be\s+)?expired\b/i.test(h.match[0]) &&
        // A lifetime being set ("I set my service account token to expire every 600 seconds") is a
        // setting, not a token that expired.
        !(
          /\bto expire\b/i.test(h.match[0]) &&
          /\b(?:set|sets|setting|configur\w*)\b[^\n.]{0,60}$/i.test(line.slice(0, h.match.index))
        )
      );
    },
    pattern:
      /\b(?:expired|stale) (?:projected |bound )?(?:service ?account |SA |bearer |kubernetes |k8s )?(?:tokens?|credentials?)\b|\btokens?\b[^\n.]{0,40}\b(?:(?:is |was |has |had |going to )?(?:already )?expired?(?! (?:date|time|period|duration|setting)s?\b)|expires (?:like|after|within|in|every)|expiring)\b|\b(?:re-?load|re-?read|refetch|refresh)\w{0,3}\b[^\n.]{0,30}\btokens?\b[^\n]{0,60}\b(?:401|unauthori[sz]ed|expire\w*)|\b401\b[^\n]{0,100}\btoken rotation\b|\b(?:service ?account|SA|projected) token refresh(?:es)?\b[^\n.]{0,40}\b(?:fail\w*|errors?|broken|stops?|stopped)\b|\bfail\w*\b[^\n.]{0,30}\b(?:service ?account|SA|projected) token refresh|令牌(?:已)?过期|token ?(?:已)?过期/i,
    examples: [
      'bearer_token needs to be reloaded every 1h to avoid expired service account tokens',
      'the kubernetes dashboard token still expires like an hour, then i got logged out',
      // A JWT made with `kubectl create token` is a service account's.
      'The JWT we made with kubectl create token ci --duration=1h expired and the pipeline gets 401 from the Kubernetes API',
    ],
    nearMisses: [
      'the token was created with kubectl create token',
      'pods use a projected token volume',
      'error="token expired" msg="Failed to look up user based on cookie"',
      'Kubernetes recommends the TokenRequest API rather than service account tokens that do not expire',
      'The gitlab runner in the k8s cluster fails: job token expired',
      'you already are able to change the token expire date',
      'I set my service account token to expire every 600 seconds and ran the sample in an EKS pod',
      'KubernetesClientException: Failure executing: GET at: https://10.0.0.1/api/v1/namespaces/ci/pods. Message: Unauthorized! Token may have expired! Please log-in again. Unauthorized.',
      '在 Kubernetes 集群中,若业务使用系统时间做状态判断(如 token 过期、会话超时),会出现提前失效',
    ],
    check: 'token',
    why: 'Bound (projected) service-account tokens expire (1 h, extended to a year for pods unless disabled) and `kubectl create token` ones after --duration; a client that read the token once, or a token copied into a kubeconfig or CI secret, gets 401 when it expires.',
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'describe-token-refreshed-then-401',
    code: 'token/stale-not-reloaded',
    kind: 'description',
    notForeignToken: true,
    // "After the kubelet refreshes the service account token, a cyclic 401 appears": the client kept the
    // token it read at start; the file on disk is new, the copy in memory is not.
    pattern:
      /\b(?:after|once|when(?:ever)?)\b[^\n.]{0,40}\b(?:the )?(?:service ?account |SA |projected |mounted )?tokens?\b[^\n.]{0,25}\b(?:is |was |gets? |got |has been )?(?:refreshed|rotated|renewed|re-?issued)\b|\b(?:refresh(?:es|ed)?|rotat(?:es|ed))\b[^\n.]{0,20}\b(?:the )?service ?account tokens?\b[^\n]{0,320}\b(?:after (?:such|the|this) (?:refresh|rotation))\b/i,
    examples: [
      'Kubernetes refreshes the service account token in the pod. After such refresh a cyclic error appears: Server returned HTTP response code: 401 for URL: https://10.96.0.1:443/api/v1/namespaces/app/pods',
    ],
    nearMisses: [
      'the kubelet refreshes the projected service account token every hour',
      'after the token was refreshed in Vault, the app logged in again',
      // What the reporter expects, under a 401 told elsewhere.
      'Expected: the operator continues working after the service account token is refreshed (today: 401 Unauthorized).',
    ],
    // "continues working after the token is refreshed" is what the reporter expects, not what happened.
    when: (p, h) =>
      staleTokenCues(p) &&
      saTokenNamedPaste(p) &&
      !/\b(?:continues?|keeps?|keep on|still|should) (?:to )?(?:be )?work(?:s|ing)?\b[^\n.]{0,20}$/i.test(
        (p.lines[h.line] ?? '').slice(0, h.match.index),
      ),
    check: 'token',
    why: 'The kubelet rewrites the projected token file before the token expires; a client that read it once keeps presenting the old token and gets 401 once that expires (or is invalidated), until it restarts or re-reads the file.',
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'describe-token-restart-fixes-401',
    code: 'token/stale-not-reloaded',
    kind: 'description',
    notForeignToken: true,
    // "works for hours, then 401; restarting the pod fixes it": the client holds the token it read at start.
    pattern:
      /\brestart(?:ing|ed)?\s+(?:the\s+|a\s+|my\s+)?(?:[\w-]+\s+)?(?:pods?|containers?|apps?|application|service|deployment|controller|operator)s?\b[^\n.]{0,30}\b(?:it |everything |things )?(?:works?|working|fix(?:es|ed)?|resolves?|resolved|solves?|solved|recovers?|recovered|goes away|helps?)\b|\b(?:works?|working) again after (?:a |the )?(?:pod |container )?restart\b|\b(?:(?:goes|went|go) away|fixed|resolved|cleared|recovers?|works? again)\b[^\n.]{0,30}\bafter (?:I |we )?(?:kill|delet|restart|recreat|bounc)\w*\b[^\n.]{0,30}\bpods?\b|\b(?:kill|restart|delet|recreat|bounc|redeploy)\w*\s+(?:the |my |our |a )?(?:app|application|pods?|containers?|process|service|controller|operator|client)s?\b[^\n.]{0,40}\bthen (?:it |everything )?(?:works?|working|is fine)\b|\bworks? (?:fine |well |properly |correctly )?(?:for|during) (?:about |around |roughly |exactly )?(?:an|one|1) hour\b[^\n]{0,80}\b(?:401|unauthori[sz]ed|(?:auth\w*|credential) (?:errors?|failures?))/i,
    examples: [
      'restarting the pod it works, then the SA token gets 401 Unauthorized again',
      'Failed to list *v1.Service: Unauthorized; it goes away after I kill the coredns pods',
      'my pod watch works for an hour and then the SA token gets 401 Unauthorized',
      'the pod gets 401 with its SA token; if I kill my app and start it again then it works',
      'On EKS with IRSA the controller cannot assume its IAM role after a day of running; restarting the pod fixes it.',
      'The gateway pod works correctly during one hour; after that every call with its service account token ends in authentication failures (Unauthorized).',
      'Calls to the apiserver are Unauthorized after a while. Restarting the gateway pod solves it.',
    ],
    nearMisses: [
      'restarting the pod fixes the crash loop',
      // The role was never assumable (a trust policy): no token story, and nothing a restart fixes.
      'With IRSA the pod cannot assume the role: the trust policy names the wrong service account.',
    ],
    when: (p) => staleTokenCues(p),
    check: 'token',
    why: (p) =>
      `A client that reads the projected service-account token once at start keeps using it after the kubelet rotates the file; once it expires (an hour, or the extended year) every call is 401 until the pod restarts and reads a fresh one.${
        federatedRefusal(p)
          ? " With workload identity the copy goes to the cloud's token service instead, which refuses it once expired: the role can no longer be assumed until the SDK re-reads the token file (a current SDK does) or the pod restarts."
          : ''
      }`,
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'describe-bound-token-fails-later',
    code: 'token/stale-not-reloaded',
    kind: 'description',
    notForeignToken: true,
    // Time-bound (projected) service-account tokens named, and a client that fails its authorisation
    // "after running for a while", whose work fails once it runs "longer than an hour" (the projected
    // token's life), or that logs errors "after one hour" (no negation between): it kept the token it read
    // at start, which has since expired.
    pattern:
      /\b(?:authori[sz]ation|authentication|auth|401|unauthori[sz]ed)(?: errors?| failures?| fails?)?\b[^\n.]{0,20}?\bafter (?:running|working|being up)(?: fine)?(?: for)? (?:a while|some time|an hour|about an hour|(?:a few |several )?hours|\d+ ?(?:minutes?|mins?|hours?|h|days?))\b|\bfail(?:s|ed|ing|ures?)?\b[^\n.]{0,40}?\b(?:longer|more) than (?:1|one|an) hours?\b|\bafter (?:about |around |roughly )?(?:one|an|1) hours?\b(?:(?!\b(?:no|not|without|never)\b)[^\n.]){0,40}?\b(?:errors?|exceptions?|fail(?:s|ed|ing|ures?)?|401|unauthori[sz]ed|(?:logs?|messages?) (?:is|are|was|were|gets?|got) (?:raised|thrown))\b/i,
    examples: [
      'Starting with EKS 1.21 ServiceAccount tokens are time-bound. This causes the controller pod to have authorization errors after running for a while.',
      'Since the upgrade, service account tokens are rotated every hour, and our batch jobs fail when they run longer than an hour.',
      'With ServiceAccount token volume projection on by default, after one hour the watcher logs errors: (401) Reason: Unauthorized',
    ],
    nearMisses: [
      'the job has authorization errors after running for a while',
      'ServiceAccount tokens are time-bound; the controller pod ran for a while without errors',
      'our batch jobs fail when they run longer than an hour: the runner has a 60-minute timeout',
      'service account tokens are rotated every hour and our jobs that run longer than an hour succeed',
      'with projected service account tokens the pod keeps working: after one hour there are no errors in its log',
      'projected service account tokens are mounted in the uploader; after one hour the job logs show the backup finished',
    ],
    when: (p) => BOUND_TOKEN_NAMED_RE.test(p.text),
    rank: 3,
    check: 'token',
    why: 'Projected service-account tokens expire (an hour, or the extended year); a client that read its token once at start keeps presenting it and is refused once it expires, until it re-reads the file or restarts.',
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'describe-token-not-reread',
    code: 'token/stale-not-reloaded',
    kind: 'description',
    // A client that keeps the token it read (a cache, a client built once) told in words: "continued
    // retrying with the same expired JWT for 22 hours", "the cached jwt could be expired", "caching these
    // tokens causes subsequent logins to fail", "fails to reload the token once it expires", "does not
    // update its token", "token_file not reloaded after rotation", a fix that "makes capsule-proxy reload
    // the token". The file on disk was refreshed; the copy in the client's memory was not.
    pattern:
      /\b(?:retr(?:y|ying|ies|ied)|present(?:s|ing|ed)?|send(?:s|ing)?|sent|us(?:e|es|ing|ed)|keeps? (?:using|sending|presenting))\b[^\n.]{0,30}\bthe same (?:old |stale )?expired (?:projected |bound )?(?:service ?account |SA )?(?:JWT|tokens?)\b|\b(?:refresh|rotat)\w* the on-disk (?:JWT|token)\b[^\n.]{0,60}\bre-?(?:present|read|load)\w*|\b(?:the |a |its )?cached (?:projected |bound |service ?account |SA |kubernetes )?(?:JWT|token)s?\b[^\n.]{0,20}\b(?:(?:could|can|may|might|will|would) (?:have )?(?:be|been|become) |(?:is|are|was|were|has|had) (?:been |become )?)(?:expired|stale|outdated)\b|\bcaching (?:these |the |its |our )?(?:(?:projected|service ?account|SA|JWT|bearer) )*tokens?\b[^\n]{0,80}\b(?:fail\w*|401|unauthori[sz]ed|expired)\b|\b(?:fails?|failed|failing) to (?:re-?load|re-?read|refresh|update) (?:the |its |their )?(?:(?:projected |service ?account |SA |mounted )?token|\S*serviceaccount\/token)\b[^\n.]{0,30}\b(?:once|when|after|before) (?:it )?(?:expires?|expired|is rotated|rotates)\b|\b(?:does not|doesn'?t|never|did not|didn'?t) (?:update|refresh|reload|re-?read) (?:its|their|the) (?:(?:updated|new|rotated|refreshed|renewed|current) )?(?:projected |service ?account |SA |mounted )?token\b|\bkeeps? (?:using|sending|presenting) the (?:(?:same|old|original|first) )?(?:(?:projected|service ?account|SA|bound) )?token (?:that |which )?(?:it|they) (?:read|loaded|got|fetched|received)\b[^\n.]{0,30}\b(?:start(?:ed|s|-?up)?|boot(?:ed)?|launch(?:ed)?|first)\b|(?:\b|_)token(?:s|_file| file)?\b[^\n.]{0,10}\b(?:is |are |was |were )?not (?:re-?loaded|re-?read|refreshed|updated|picked up)\b[^\n.]{0,20}\b(?:after|on|when|upon)\b[^\n.]{0,15}\b(?:rotation|rotated|rotates|refresh\w*|expir\w*)|\b(?:re-?load|re-?read)\w*\s+(?:the\s+)?(?:service ?account|SA|projected|bound)\s+tokens?\s+(?:after|on|upon)\s+(?:it\s+)?expir\w*|\bnot re-?(?:read|load)ing the (?:JWT )?token(?: file)?\b|\b(?:(?:load|read|fetch)\w*\s+(?:the|its|their|a)\s+(?:(?:projected|bound|service ?account|SA|JWT|bearer) )*tokens?\s+once|cach\w*\s+(?:the\s+|its\s+|their\s+)?(?:(?:projected|bound|service ?account|SA|JWT|bearer) )*tokens?)\s+(?:at|on)\s+(?:start-?up|start|boot|launch)\b|\b(?:load|read|fetch)\w*\s+(?:the|its|their)\s+(?:(?:projected|bound|service ?account|SA|JWT|bearer) )*tokens?\s+(?:at|on|during)\s+(?:start-?up|start|boot|launch)\b[^\n.]{0,40}\b(?:never|not|doesn'?t|does not|didn'?t|did not)\s+(?:re-?)?(?:refresh|reload|read|updat)\w*|\bmak(?:e|es|ing) (?!sure\b)[\w-]+(?: [\w-]+)? (?:to )?re-?(?:load|read) (?:the|its|their) (?:(?:projected|bound|service ?account|SA|JWT) )*token\b|\b(?:service ?account|serviceaccount|SA|projected|bound)(?:\/| )?tokens?\b[^\n.]{0,60}?\b(?:is|are|was|were)\s+(?:not|never)\s+(?:being\s+|getting\s+)?(?:refreshed|reloaded|re-?read|updated)\b(?!\s+(?:until|before|unless|by the kubelet|on disk)\b)|\b(?:no|without|lacks?|(?:could|can|did|do|does)(?:n'?t| not)\s+(?:find|see|have))\b[^\n.]{0,40}?\b(?:reference|support|code|logic|mechanism|call)s?\s+(?:to|for)\s+(?:refresh|reload|re-?read)(?:ing)?\s+(?:the|that|this|its|their)\s+(?:(?:projected|bound|service ?account|SA|JWT|bearer)\s+)*tokens?\b|不(?:会|能)?(?:自动)?(?:重新)?(?:加载|读取|载入)(?:并更新)? ?(?:token|令牌)|(?:token|令牌)[^\n。,，]{0,12}不会(?:自动)?(?:重新)?(?:加载|读取|更新|刷新)/i,
    examples: [
      'the istio-proxy pods continued retrying with the same expired service account token for 22+ hours',
      'It appears that serviceaccount/tokens used by the node-setup daemonset are not refreshed after a while: failed to list *v1.Pod: Unauthorized',
      'the kubelet refreshed the on-disk token of the pod but pilot-agent kept re-presenting the old one',
      'Kubernetes Auth: Always load jwt from file, the cached jwt could be expired',
      'Kubernetes Service Account JWTs have a short TTL. Caching these tokens (read: not re-reading the token file) causes subsequent login attempts to fail',
      'When using the local cluster config, the plugin fails to reload the /var/run/secrets/kubernetes.io/serviceaccount/token once it expires.',
      'When this gets rotated by k8s before expiration, pomerium does not update its token and the kubernetes API will return unauthenticated.',
      'kubernetes_service_account_token_file not reloaded after rotation by k8s',
      'reload service account token after expiry',
      'the kubelet renews tokens in projected volumes; this PR makes capsule-proxy reload the token when required',
      'CoreDNS 1.6.2 及以下版本不会自动加载 Token,运行超过1年后访问 apiserver 鉴权失败',
      'The sidecar uses a ServiceAccount token; it loaded the token at startup and never refreshed it.',
      'Any sidecar in a Kubernetes pod that reads a token once at startup is a time bomb once projected ServiceAccount tokens rotate.',
      'Kubernetes renews the service account token every hour, but the exporter does not re-read the rotated token.',
      'the log agent keeps sending the service account token it loaded when it started, long after the kubelet replaced it',
      'Projected service account tokens now rotate every hour; the exporter has its own HTTP client and there is no code to reload the token.',
    ],
    nearMisses: [
      'the client retried with a new token and it worked',
      'the cached token is refreshed before it expires',
      'the client fails to reload the config once it changes',
      'the kubelet reloads the service account token',
      'make sure to reload the token after editing the kubeconfig',
      'kubelet 会定期刷新 Token,并从挂载盘重新加载 Token',
      'the ServiceAccount token is read at startup and re-read whenever the kubelet rotates it',
      'the operator loads the service account token at startup and refreshes it every 10 minutes',
      'the agent keeps using the token it read from the secret we created',
      'the projected service account token is not refreshed until 80% of its lifetime has passed',
      'see the client docs for a reference to refreshing the token',
    ],
    // Vault's or Spring Vault's Kubernetes auth logs in with the pod's service-account JWT: a paste that
    // names that JWT is about it, whatever other tokens it names.
    when: (p) => !foreignToken(p) || SA_JWT_NAMED_RE.test(p.text),
    // More specific than "the token expired": it says why, so it ranks above that description.
    rank: 3,
    check: 'token',
    why: 'A client that read the projected service-account token once (a cache, a client built at start) keeps presenting that copy after the kubelet has rotated the file; once it expires (an hour, or the extended year) every call is refused until the process re-reads the file or restarts.',
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'describe-projected-token-remade',
    code: 'token/stale-not-reloaded',
    kind: 'description',
    notForeignToken: true,
    // A client given a projected token volume that "doesn't work anymore" and a user who blames the
    // volume's lifetime: "do I have to make a new service account token every 2 hours?", "because of the
    // expirationSeconds … I have to remake the token". The kubelet renews that file before it expires;
    // needing a new token by hand means the client kept the one it read.
    pattern:
      /\b(?:have|need|must|got) to (?:re-?make|re-?create|re-?generate|renew|make|create|generate|issue) (?:a |the )?(?:new |fresh )?(?:(?:k8s|kubernetes|service ?account|SA|projected) )*tokens?\b[^\n.?]{0,20}\b(?:every|each) (?:\d+ ?|few |couple of )?(?:hours?|hrs?|h|minutes?|mins?)\b|\bbecause of (?:the |its |my )?expirationSeconds\b/i,
    examples: [
      "Do I have to make new K8s Service Account Token in every 2 hours?? The pod mounts serviceAccountToken: {expirationSeconds: 7200} and it doesn't work anymore.",
      "The pod's projected service account token doesn't work anymore: because of the expirationSeconds (7200 sec) I have to remake the token.",
    ],
    nearMisses: [
      'you have to create a new token every hour for the CI job; it fails with 401 after that',
      'the projected token works: you have to create a new token every hour for the CI job',
      'expirationSeconds is 3600, so the kubelet rotates the token every hour',
    ],
    // A projected volume (the kubelet renews its file) and a client that stopped working; a token made
    // with `kubectl create token` or the TokenRequest API is never renewed, and its expiry is its own.
    when: (p) => PROJECTED_TOKEN_VOLUME_RE.test(p.text) && TOKEN_CLIENT_FAILED_RE.test(p.text),
    rank: 3,
    check: 'token',
    why: "The kubelet renews a projected token's file before expirationSeconds run out; a client that read the file once keeps presenting that copy, which the apiserver refuses once it expires. Making a new token by hand only hides it: the client has to re-read the file (or restart).",
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'describe-extension-off-401',
    code: 'token/stale-not-reloaded',
    kind: 'description',
    // The code's title tells the metric's story (tokens used past warnafter); here the extension is off
    // and the same clients already fail.
    title:
      'Token expiry extension is off: clients that read their service-account token once are refused when it expires',
    notForeignToken: true,
    // kube-apiserver --service-account-extend-token-expiration (default true) stretches a projected
    // token to a year and only counts uses after its nominal hour as stale (pkg/serviceaccount/claims.go).
    // Turned off, the token really ends at that hour: a client that read it once gets 401 each time its
    // copy outlives the hour ("401 Unauthorized after every 1 hour"), the failure the stale count foretold.
    pattern:
      /--?service-account-extend-token-expiration(?:\s*=\s*|\s+)(?:false|0)\b|\bextend(?:ed)?[- ]token[- ]expiration\b[^\n.]{0,30}\b(?:disabled|turned off|switched off|set to false|off)\b|\b(?:disabl\w*|turn\w* off|switch\w* off|set\w* to false)\b[^\n.]{0,30}\bextend(?:ed)?[- ]token[- ]expiration\b/i,
    examples: [
      'we have given --service-account-extend-token-expiration=false to kube-apiserver; since then the pods get 401 Unauthorized after every 1 hour',
      'After disabling the service-account-extend-token-expiration flag of kube-apiserver our operator fails with Unauthorized',
    ],
    nearMisses: [
      '--service-account-extend-token-expiration=true',
      'kube-apiserver --service-account-extend-token-expiration (default true) extends projected tokens to a year; requests fail with 401 when the token is revoked',
    ],
    // Clients failed with the extension off; the flag alone (a hardening guide, a manifest) is not a failure.
    when: (p) => TOKEN_CLIENT_FAILED_RE.test(p.text),
    rank: 3,
    check: 'token',
    why: "With --service-account-extend-token-expiration off a projected token ends at its nominal hour instead of a year later: the kubelet renews the pod's token file in time, but a client that read the file once keeps presenting its copy and gets 401 when that copy's hour is up. The clients that break are the ones the stale-token count (serviceaccount_stale_tokens_total) showed while the extension was on.",
    steps: [
      RESTART_WORKLOAD,
      {
        run: 'Until every client re-reads its token file, turn --service-account-extend-token-expiration back on (kube-apiserver); serviceaccount_stale_tokens_total and the authentication.k8s.io/stale-token audit annotation then name the clients still to fix.',
        kind: 'advice',
        where: 'control-plane',
      },
    ],
  }),
  signal({
    id: 'vault-reviewer-token-revoked',
    code: 'token/invalidated',
    kind: 'signature',
    // vault-plugin-auth-kubernetes token_review.go: "lookup failed: service account unauthorized; this could
    // mean it has been deleted or recreated with a new token" (the TokenReview of the reviewer JWT got 401).
    pattern:
      /service account unauthorized; this could mean it has been deleted or recreated with a new token/i,
    examples: [
      '[ERROR] auth.kubernetes.auth_kubernetes_726dbb64: login unauthorized due to: lookup failed: service account unauthorized; this could mean it has been deleted or recreated with a new token',
    ],
    nearMisses: ['login unauthorized due to: lookup failed: service account name not authorized'],
    rank: 6,
    check: 'token',
    why: "Vault's Kubernetes auth sends its token_reviewer_jwt to the apiserver's TokenReview, and the apiserver rejected it: the reviewer JWT is a bound token of a pod that was deleted or recreated (Vault read its own pod's token at configuration time), or it expired. Vault keeps the JWT it was configured with.",
    confirm: [
      {
        run: 'vault read auth/kubernetes/config   # is token_reviewer_jwt set? then it is a fixed token',
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'vault write auth/kubernetes/config kubernetes_host=https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT   # no token_reviewer_jwt: Vault ≥ 1.9.3 re-reads its own pod token',
        where: 'workstation',
        caution:
          'Outside the cluster, give Vault a long-lived reviewer token from a Secret instead of a pod-bound one.',
      },
    ],
  }),
  signal({
    id: 'describe-vault-reviewer-pod-restarted',
    code: 'token/invalidated',
    kind: 'description',
    // Vault's Kubernetes auth breaks when Vault's own pods are deleted or restarted: the reviewer JWT it
    // was configured with (its pod's bound token) died with the pod. Told in words, without Vault's error.
    pattern:
      /\b(?:delet|restart|recreat|reschedul|kill)\w*\b[^\n]{0,40}\bvault(?:'s)?(?:-\d)? ?pods?\b|\bvault(?:'s)?(?:-\d)? ?pods?\b[^\n]{0,30}\b(?:(?:are|is|were|was|get|got) )?(?:delet|restart|recreat|reschedul|kill)\w*/i,
    examples: [
      "after Vault's pods restarted, our service pods cannot auth (permission denied) with the kubernetes auth method",
      'once the vault pods are deleted, kubernetes auth login no longer works until the auth config is written again',
    ],
    nearMisses: [
      'restart the vault pod after unsealing',
      "Vault's pods restarted and had to be unsealed again",
    ],
    kube: true,
    when: (p) => VAULT_K8S_AUTH_FAILS_RE.test(p.text),
    rank: 3,
    check: 'token',
    why: "Vault's Kubernetes auth keeps the reviewer JWT it was configured with. If that was Vault's own pod token (a bound token), deleting or restarting the Vault pod revokes it, and every login fails with permission denied until the auth method is configured again.",
    confirm: [
      { run: 'vault read auth/kubernetes/config   # is token_reviewer_jwt set?', where: 'workstation' },
    ],
    steps: [
      {
        run: 'vault write auth/kubernetes/config kubernetes_host=https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT   # no token_reviewer_jwt: Vault ≥ 1.9.3 re-reads its own pod token',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'describe-vault-reviewer-token-expires',
    code: 'token/expired',
    kind: 'description',
    // Vault (or an operator that configures it) was given a projected token as token_reviewer_jwt: logins
    // fail once it expires (an hour, or the extended year).
    pattern:
      /\b(?:after (?:a (?:given|certain|while|some) (?:time|while)|an hour|about an hour|1 ?h(?:our)?|some time)|wait (?:at least |for )?(?:1 ?h|an hour|one hour))\b[^\n]{0,80}|\bshort-lived (?:service ?account )?tokens\b/i,
    examples: [
      'After a given time, all kubernetes authentications fail with "Permission denied"; it provides explicit token_reviewer_jwt',
    ],
    nearMisses: [
      'after a given time the vault token expires and the app logs in again (token_reviewer_jwt unset)',
    ],
    kube: true,
    when: (p, h) =>
      /\btoken_reviewer_jwt\b/i.test(p.text) &&
      VAULT_K8S_AUTH_FAILS_RE.test(p.text) &&
      !/\bvault token\b/i.test(p.lines[h.line] ?? ''),
    rank: 3,
    check: 'token',
    why: "Vault's token_reviewer_jwt was set to a projected service-account token, which expires (an hour, a year with extended tokens); Vault keeps the copy it was given, so once it expires every Kubernetes login is refused.",
    confirm: [
      { run: 'vault read auth/kubernetes/config   # is token_reviewer_jwt set?', where: 'workstation' },
    ],
    steps: [
      {
        run: 'vault write auth/kubernetes/config kubernetes_host=https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT   # no token_reviewer_jwt: Vault ≥ 1.9.3 re-reads its own pod token',
        where: 'workstation',
        caution:
          'Outside the cluster, give Vault a long-lived reviewer token from a Secret instead of a projected one.',
      },
    ],
  }),
  signal({
    id: 'describe-token-invalidated',
    code: 'token/invalidated',
    kind: 'description',
    pattern:
      /\b(?:401|unauthori[sz]ed)\b[^\n]{0,80}\bafter (?:an? |the )?(?:etcd )?(?:backup |snapshot )?restor(?:e|ed|ing)\b|\bafter (?:an? |the )?(?:etcd )?(?:backup |snapshot )?restor(?:e|ed|ing)\b[^\n]{0,80}\b(?:401|unauthori[sz]ed)\b|\btokens?\b[^\n]{0,40}\b(?:to be|been|is|was|gets?|got|were|are) invalidated\b|\b(?:service ?account|SA) (?:secret |token |secret token )+(?:that |which )?(?:was|is|were|are|became|got) (?:invalid|invalidated|revoked)\b|\b(?:service ?account |SA |token )?secrets? (?:are|is|were|was|gets?|got) (?:invalidated|revoked)\b|\b(?:deleted|terminated|old|previous) pods?\b[^\n]{0,60}\btokens?\b|\btokens?\b[^\n]{0,60}\b(?:deleted|old|previous) pods?\b/i,
    examples: [
      'killing a terminating pod causes its bound service account token to be invalidated',
      'the token seems to come from some deleted pod',
      'Getting 401 unauthorized when contacting k8s api after etcd restore',
      'it ended up being a problem with my ServiceAccount secret token that was invalid',
    ],
    nearMisses: [
      'the token is valid for one hour',
      'we deleted the pod and it came back',
      'In Kubernetes the service account token injected into a pod is invalidated the moment the pod disappears.',
    ],
    check: 'token',
    why: 'A bound token names its Pod (or Secret) and ServiceAccount by UID; once that object is deleted (or recreated, or an etcd restore brings back older ones) the apiserver rejects the token with "Token has been invalidated" even before it expires.',
    steps: [RESTART_WORKLOAD],
  }),
  signal({
    id: 'calico-datastore-unauthorized',
    code: 'token/cni-unauthorized',
    kind: 'signature',
    // calico node/pkg/lifecycle/startup: "Connection to the datastore is unauthorized"; cni-plugin
    // install: "Unable to create token for CNI kubeconfig"; libcalico-go: "connection is unauthorized: %v".
    pattern:
      /Connection to the datastore is unauthorized|Unable to create token for CNI kubeconfig|connection is unauthorized: Unauthorized/i,
    examples: [
      '2025-03-05 03:11:55.665 [WARNING][9] startup/startup.go 462: Connection to the datastore is unauthorized error=connection is unauthorized: Unauthorized',
      'cni-installer/<nil> <nil>: Unable to create token for CNI kubeconfig error=Unauthorized',
    ],
    nearMisses: ['Connection to the datastore is ready', 'connection is unauthorized: Forbidden'],
    kube: false,
    rank: 8,
    check: 'token',
    why: 'calico-node and the Calico CNI binary authenticate with a service-account token (the CNI one written to /etc/cni/net.d/calico-kubeconfig and refreshed by calico-node); a rejected token (expired after a stop, clocks apart, ServiceAccount recreated) makes every sandbox create and delete fail.',
    confirm: [
      {
        run: "grep token /etc/cni/net.d/calico-kubeconfig | awk '{print $2}' | cut -d. -f2 | base64 -d 2>/dev/null | grep -o '\"exp\":[0-9]*'",
        where: 'node',
      },
    ],
    steps: [
      {
        run: 'kubectl -n kube-system rollout restart daemonset/calico-node   # operator installs: -n calico-system',
        where: 'workstation',
        caution: 'calico-node rewrites the CNI kubeconfig with a fresh token on start.',
      },
    ],
  }),
  signal({
    id: 'describe-token-not-valid-yet',
    code: 'token/not-yet-valid',
    kind: 'description',
    notForeignToken: true,
    pattern:
      /\btokens? (?:not yet (?:being )?valid|(?:are|is|were|was) not (?:yet )?valid yet)\b|\btokens?\b[^\n]{0,40}\b(?:issued|minted) (?:at|in) (?:a |the )?['"]?future\b|\btokens?\b[^\n.]{0,40}\bnot yet (?:being )?valid\b|\b(?:time|clock|date)\b[^\n.]{0,40}\bbefore (?:the )?(?:service ?account |SA |projected )?tokens?'?s? (?:validity|issued? (?:time|at)|iat|nbf)\b|\btokens?'?s? (?:issued|issue|iat) time is (?:later|after|ahead) (?:than|of) (?:the )?(?:system|node|current|local) (?:time|clock)\b/i,
    examples: [
      'if the time is adjusted forward, it can result in tokens not yet being valid in the cluster',
      "If the system time is adjusted to a time before the token's validity period, kubelet will refresh the token",
    ],
    nearMisses: ['the token is valid for one hour'],
    rank: 3,
    check: 'token',
    why: 'A token carries nbf = iat = the minting apiserver clock; a validator whose clock is more than 60 s behind rejects it, and after a clock jump back the kubelet keeps serving tokens minted in the "future" because they are not near expiry.',
    steps: [
      {
        run: 'kubectl delete pod <pod> -n <namespace>',
        where: 'workstation',
        caution: 'A new pod gets a token minted now; fix the clocks first.',
      },
    ],
  }),
  signal({
    id: 'describe-fresh-token-refused',
    code: 'token/not-yet-valid',
    kind: 'description',
    notForeignToken: true,
    // A token refused although it was minted seconds before ("the token was generated a few seconds
    // back", "401 right after the token is refreshed"): a token too young, not too old; its nbf is the
    // minting apiserver's clock, which the validating apiserver has not reached yet.
    pattern:
      /\btokens?\b[^\n.]{0,40}\b(?:generated|issued|minted|created|refreshed|rotated)\b[^\n.]{0,20}\b(?:just |only )?(?:a few|few|several|\d{1,3}) (?:seconds?|secs?)\b (?:back|ago|before|earlier)\b|\b(?:401|unauthori[sz]ed)\b[^\n.]{0,60}\b(?:right |just |immediately |shortly )(?:after|when) (?:the |a |its )?(?:new |fresh )?(?:service ?account )?tokens? (?:is |was |gets |got )?(?:refreshed|rotated|renewed|replaced|re-?issued)\b/i,
    when: (p) => /\b401\b|\bunauthori[sz]ed\b/i.test(p.text),
    examples: [
      'the token was generated a few seconds back, yet the apiserver answers 401 Unauthorized now and then',
      'we get 401 Unauthorized right after the token is refreshed by the kubelet, then it works again',
    ],
    nearMisses: [
      'the token was generated a few seconds back and works fine',
      'we get 401 Unauthorized hours after the token is refreshed',
    ],
    rank: 3,
    check: 'token',
    why: 'A service-account token carries nbf = iat = the clock of the apiserver that minted it. An apiserver whose clock is more than 60 s behind rejects it as not valid yet, so a brand-new token fails on that apiserver (intermittently, behind a load balancer) until its clock catches up.',
    confirm: [liveCheck('skew')],
    steps: [
      { run: 'chronyc tracking && chronyc sources -v', where: 'control-plane' },
      { ...CHRONY_FIX, where: 'control-plane' },
    ],
  }),
];

/** AWS's "Signature expired: <signed> is now earlier than <limit> (<now> - 15 min.)" and its "not yet current" twin. */
const AWS_SIGNED_AT_RE =
  /\bSignature (?:expired|not yet current): (\d{8}T\d{6}Z) is (?:now earlier|still later) than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) [-+] \d+ min\.?\)/;

/** Vault's Kubernetes auth method failing (its logins refused): the subject of the Vault reviewer stories. */
const VAULT_K8S_AUTH_FAILS_RE =
  /\b(?:kubernetes auth(?:entication)?s?|auth method|auth\/kubernetes|token_reviewer_jwt)\b[^\n]{0,80}\b(?:permission denied|403|fail\w*|cannot auth\w*|unauthori[sz]ed|no longer works)\b|\b(?:permission denied|cannot auth\w*)\b/i;

/**
 * A server that does not reload (re-read, pick up) its certificate: with "after it expired" or "when it is
 * renewed" after it, describe-webhook-ca-expired's story of a webhook serving the certificate it loaded.
 */
const WEBHOOK_NOT_RELOADED_RE =
  /\b(?:not|never|doesn'?t|does not|didn'?t|did not|fails? to|failed to)\s+(?:re-?load(?:ing|s)?|re-?read(?:ing|s)?|pick(?:ing|s)? up)\s+(?:the|its|their)\s+(?:(?:new|renewed|rotated|refreshed|serving|tls|webhook)\s+){0,2}cert(?:ificate)?s?\b/i;
/** Operators whose own certificates are their admission webhooks' or aggregated APIs' (KubeVirt's virt-api, kyverno…). */
const WEBHOOK_OPERATOR_RE =
  /^(?:kubevirt|virt-api|cdi-apiserver|kyverno|gatekeeper|cert-manager-webhook|istiod|ingress-nginx-admission|metrics-server|prometheus-adapter)\b/i;

/**
 * The paste puts a sync alert down to chrony's rtcsync ("chrony doesn't set the timex sync flag unless
 * the rtcsync option is set", "running but not syncing the RTC clock"): node_exporter's
 * node_timex_sync_status reads the kernel's STA_UNSYNC flag, which chrony clears only with rtcsync,
 * so the alert fires on clocks that are right. A chrony.conf that merely lists rtcsync says nothing.
 */
const rtcsyncStory = pasteTest(
  /\b(?:without|unless|no|missing|enabl\w*|add\w*|set(?:ting)?)\b[^\n]{0,40}\brtc ?sync\b|\brtc ?sync\b[^\n]{0,30}\b(?:option|directive|is (?:not )?(?:set|enabled)|missing)\b|\bnot sync(?:ing|hroni[sz]ing) the RTC\b|\bEnable RTC sync\b/i,
);

/** Clock signals. */
const SKEW_SIGNALS: readonly Rule[] = [
  signal({
    id: 'node-clock-not-synchronising',
    code: 'skew/node-clock',
    kind: 'signature',
    // kube-prometheus NodeClockNotSynchronising / NodeClockSkewDetected; timedatectl; chronyd
    // "System clock wrong by %.6f seconds, adjustment started"; node_exporter node_timex_sync_status;
    // node-problem-detector's NTP plugin (config/custom-plugin-monitor.json: condition NTPProblem, reason
    // NTPIsDown) as `kubectl describe node` or its event shows it.
    pattern:
      /NodeClockNotSynchronising|NodeClockSkewDetected|is not synchronising\. Ensure NTP|ClockSyncBroken|node_timex_sync_status(?:\{[^}\n]{0,300}\})?\s+0(?:\.0)?(?=\s*(?:$|["',}\]]))|(?:NTP|System clock) synchronized: no|chronyd\[\d+\]: System clock wrong by|Can't synchronise: no (?:majority|selectable sources)|systemd-timesyncd\[\d+\]: (?:Server has too large root distance|Timed out waiting for reply from)|\btime is not in sync yet\b|hwclock: Cannot access the Hardware Clock|Failed to set the system clock|\bNTPProblem\b(?:\s+|[^\n]{0,20}\bis now: )True\b|\breason: NTPIsDown\b/i,
    examples: [
      'description: Clock at 10.0.0.10:9100 is not synchronising. Ensure NTP is configured on this host.',
      'NTP synchronized: no',
      'node_timex_sync_status{instance="10.0.0.7:9100",job="node-exporter"} 0',
      '* 10.0.0.5: rpc error: code = FailedPrecondition desc = time is not in sync yet',
      '  NTPProblem           True    Mon, 02 Dec 2026 10:00:00 +0000   Mon, 02 Dec 2026 09:00:00 +0000   NTPIsDown   ntp.service is not running',
      'Warning  NTPIsDown  5m  ntp-custom-plugin-monitor  Node condition NTPProblem is now: True, reason: NTPIsDown',
      'Jul 17 04:19:28 intranet chronyd[17789]: System clock wrong by 1721.913772 seconds, adjustment started',
      'Jun 16 23:02:26 harvester-node-0 systemd-timesyncd[23739]: Server has too large root distance. Disconnecting.',
      'hwclock: Cannot access the Hardware Clock via any known method.  Failed to set the system clock',
    ],
    nearMisses: [
      'NTP synchronized: yes',
      'chronyd[612]: Selected source 10.0.0.1',
      'we just check that chrony is working using metric `node_timex_sync_status`',
      'Tune the NodeClockNotSynchronising alert so it waits 10m',
      // The alert said to fire falsely (a metric's artefact while NTP keeps the clock right).
      'NodeClockSkewDetected false positives on our kubernetes nodes: node_timex_offset_seconds jumps for one scrape',
      '  NTPProblem           False   Mon, 02 Dec 2026 10:00:00 +0000   Mon, 02 Dec 2026 09:00:00 +0000   NTPIsUp     ntp service is up',
    ],
    kube: false,
    // kube-prometheus's alerts are a cluster's whatever the words around them; chrony's and timedatectl's
    // are any machine's. An alert the paste itself puts down to chrony's missing rtcsync is a flag
    // chrony never set, on a clock that is right.
    // A line that also says "synchronized: yes" tells the change a sync makes ("at first NTP
    // synchronized: no, once synced yes"), not a clock's state: timedatectl prints one answer.
    // An alert the paste calls a false positive (or says fires despite a synchronised clock) is the metric's.
    when: (p, h) =>
      (/NodeClock|node_timex|ClockSyncBroken/i.test(p.lines[h.line] ?? '') || !storyWithoutKube(p)) &&
      !rtcsyncStory(p) &&
      !clockAlertRefuted(p) &&
      !/synchronized: yes/i.test(p.lines[h.line] ?? '') &&
      !illustratedAt(p, h.line),
    rank: 6,
    check: 'skew',
    why: 'The node clock is not disciplined by NTP (chrony/timesyncd down, unreachable servers, blocked UDP 123) and drifts; certificates near their edges, tokens, leases and timelines break first.',
    confirm: [CHRONY_CONFIRM],
    steps: [CHRONY_FIX],
  }),
  signal({
    id: 'aws-signature-clock',
    code: 'skew/node-clock',
    kind: 'signature',
    // AWS SigV4 (STS, ECR, S3, Route 53 from a pod: registry-creds, external-dns, velero, the VPC CNI):
    // "Signature expired: <signed> is now earlier than <now−15 min> (<now> - 15 min.)",
    // "Signature not yet current: <signed> is still later than <now+5 min> (<now> + 5 min.)". AWS's
    // clock is right: the signer's, this pod's node's, is off by the gap. Not S3's RequestTimeTooSkewed:
    // an upload that takes longer than 15 minutes after signing gets it with every clock right.
    pattern:
      /\bSignature (?:expired|not yet current): \d{8}T\d{6}Z is (?:now earlier|still later) than \d{8}T\d{6}Z/,
    examples: [
      'level=info msg="InvalidSignatureException: Signature expired: 20170416T194251Z is now earlier than 20170417T123951Z (20170417T125451Z - 15 min.)" from the registry-creds pod on minikube',
    ],
    nearMisses: [
      'the aws-node pod signs its requests with SigV4',
      'velero pod: RequestTimeTooSkewed: The difference between the request time and the current time is too large.',
    ],
    // Only in a paste about a cluster (the pod's node signed it); a laptop's or a CI runner's clock is not one.
    kube: true,
    when: (p) => strongKubeContext(p),
    facts: (p) => {
      const line = p.lines.find((l) => AWS_SIGNED_AT_RE.test(l));
      const m = line ? AWS_SIGNED_AT_RE.exec(line) : null;
      if (!m) return [];
      const at = (x: string) =>
        Date.parse(`${x.slice(0, 4)}-${x.slice(4, 6)}-${x.slice(6, 11)}:${x.slice(11, 13)}:${x.slice(13)}`);
      const gap = (at(m[1] as string) - at(m[3] as string)) / 1000;
      return Number.isFinite(gap)
        ? [
            {
              fact: `the request was signed at ${m[1]} by a clock ${duration(Math.abs(gap) * 1000)} ${gap < 0 ? 'behind' : 'ahead of'} AWS's (${m[3]})`,
              source: 'pasted text',
            },
          ]
        : [];
    },
    rank: 5,
    check: 'skew',
    why: 'AWS refuses a SigV4 request whose signing time is more than 15 minutes (5 ahead for some APIs) from its own clock: the node running the pod has a clock that is off, and every AWS call from it (ECR pulls, STS, Route 53, S3) fails until the clock is fixed.',
    confirm: [CHRONY_CONFIRM],
    steps: [CHRONY_FIX],
  }),
  signal({
    id: 'describe-no-time-sync',
    code: 'skew/node-clock',
    kind: 'description',
    // "We don't have an NTP daemon running on the hosts", "chronyd is not running".
    pattern:
      /\b(?:no|without(?: an?)?|(?:doesn'?t|does not|don'?t|do not) (?:currently )?(?:have|run)(?: an?)?) (?:NTP|chrony|time ?sync(?:hroni[sz]ation)?) (?:daemon|service|client)s?\b|\b(?:NTP|chronyd?|timesyncd) (?:daemon |service |client )?(?:is |was )?not (?:running|installed|configured|enabled)\b/i,
    examples: [
      "We don't currently have an NTP daemon running on the nodes' host OS. This is causing issues with timestamps",
      'chronyd is not running on two of the worker nodes',
    ],
    nearMisses: [
      'the NTP daemon is running and synchronised',
      'no NTP server address was given, so the default pool is used',
    ],
    rank: 2,
    check: 'skew',
    why: 'A host with no time-sync daemon keeps whatever its hardware clock says and drifts (seconds to minutes a week); nodes drift apart, and certificates, tokens, leases and log timelines break first on the one furthest off.',
    confirm: [CHRONY_CONFIRM],
    steps: [CHRONY_FIX],
  }),
  signal({
    id: 'describe-clock-at-epoch',
    code: 'skew/node-clock',
    kind: 'description',
    // Boards without a real-time clock (Raspberry Pi) boot at the Unix epoch until NTP answers.
    pattern:
      /\b(?:time|clocks?|date|certificates?|certs?)\b[^\n.]{0,60}\b(?:1970|the (?:unix )?epoch|zero time)\b|\b(?:1970|zero time)\b[^\n.]{0,40}\b(?:time|clocks?|date)\b|\b(?:no|without(?: an?)?|(?:doesn'?t|does not|don'?t|do not) have(?: an?)?|lacks?(?: an?)?|lack of(?: an?| any)?) (?:RTC|real[- ]time clock|hardware clock|battery[- ]backed clock)\b/i,
    examples: [
      'after a power cut the k3s node boots with its time at 1970',
      "on the k3s RPi nodes, which don't have an RTC, certificates are generated before the first time sync",
      'the Raspberry Pi has no RTC, so the kubelet starts before NTP sets the clock',
      'The lack of a hardware clock means the Raspberry Pi relies on NTP at boot; k3s fails to start if the system time is before 1980',
    ],
    nearMisses: [
      'the project was started in 1970s style',
      'the date format is ISO 8601',
      // Unix time's definition, not a clock at the epoch.
      "the node's wall clock counts seconds since 1970-01-01 00:00:00 UTC, and the kubelet reads it",
    ],
    // Unix time defined ("seconds since 1970-01-01", "自 1970-01-01 起的秒数") is no clock at the epoch.
    when: (p, h) =>
      strongKubeContext(p) &&
      !otherClockAround(p, h) &&
      !/\b(?:since|from) (?:the )?(?:unix )?(?:epoch|1970)|[自从]\s?1970/i.test(p.lines[h.line] ?? ''),
    check: 'skew',
    why: 'A node without a battery-backed clock (many single-board computers) starts at the Unix epoch; until NTP answers every certificate is "not yet valid" and every token looks far in the future, so the kubelet, k3s or Talos cannot reach the apiserver.',
    confirm: [CHRONY_CONFIRM],
    steps: [
      {
        run: 'systemctl enable --now systemd-time-wait-sync   # start the kubelet/k3s only once NTP has set the clock',
        where: 'node',
        caution: 'Or add a battery-backed RTC, or a local NTP server the node reaches before anything else.',
      },
    ],
  }),
  signal({
    id: 'describe-clock-discrepancy',
    code: 'skew/node-clock',
    kind: 'description',
    // The general shape of every clock story: a clock word and a discrepancy word in one sentence, in a
    // paste that names Kubernetes in its own words. Ranked below every other description, so a
    // specific one (a step, a clock set back) wins when both read the same sentence.
    pattern:
      /\b(?:clocks?|system (?:current )?(?:time|date)|date on (?:the |a |each |every |all )?(?:nodes?|servers?|hosts?|machines?|vms?)|(?:node|server|host|vm|machine|master|worker)s?'? (?:time|clocks?|date)|time (?:on|of|in) (?:the |all |some |each |every )?(?:nodes?|servers?|hosts?|vms?|machines?|masters?|workers?))\b[^\n.]{0,60}\b(?:wrong|off by|incorrect|skew(?:ed)?|drift(?:s|ed|ing)?|lag(?:s|ged|ging)?|behind|ahead|out of sync(?:h|hroni[sz]ed)?|not (?:in )?sync(?:h|ed|hroni[sz]ed)?|unsynchroni[sz]ed|differ(?:s|ed)? by|inconsistent|diverg\w*)\b|\b(?:wrong|incorrect|skewed|drifting|inconsistent|mismatched|unsynchroni[sz]ed|out-of-sync)\s+(?:system\s+)?(?:clocks?|time|date)\b|\b(?:time|date|clock)\b[^\n.]{0,15}\b(?:is|was|are|were)\s+not\s+correct\b/i,
    examples: [
      'the node clocks were drifting apart by a few seconds every day on our kubelets',
      'one worker had a wrong system time, so its pods could not talk to the apiserver',
      'Minikube VM clock is out of synch after hibernating a Mac computer and resuming again.',
      'k3OS: the system current time is not correct, in my case it was 3 minutes advanced',
      'k3s: the date on the node is wrong, it shows last year',
    ],
    nearMisses: [
      'the date is wrong in the invoice PDF generated by the app running in the pod',
      'When the laptop sleeps the clock of the podman machine falls behind, then every pod image pull fails',
      'We configured chrony on all kubelet nodes and the NTP servers differ per datacenter',
      'the request took too long and the clock ran out on the deployment deadline',
      'we waited some time for the pods',
      'kubelet token validation allows a clock skew of 5 minutes',
      'the time inside my pod is 8 hours behind the node: the container uses UTC',
      'Remove the clock drift checks from the kubelet connectivity monitor',
      'The clock skew check is not working correctly on our kubelet nodes since the upgrade',
      'and mention this in the clock skew documentation of the kubelet',
      "Calculate the node's clock drift using the metric node_ntp_offset_seconds on our kubelet nodes",
      "If there's a large disparity between your device's clock and IoT Hub's, its kubernetes tokens look expired",
      // A metric's or an alert's purpose on the kubelet nodes, not a drift seen.
      'This exporter uses one metric to help [detect clock drift on our kubelet nodes](https://example.com/time-metric).',
      'It also adds a new alert for when a kubelet node clock has drifted more than 30s.',
      // A requirement, not a drift seen.
      'Our kubelet nodes sit behind a verification pipeline that enforces a < 1 s clock-drift gate',
    ],
    rank: 1,
    // A tolerance ("allows a clock skew of 5 minutes", "max clock drift") and a requirement ("a < 1 s clock-drift
    // gate", unless it says the limit was exceeded) describe a setting, and a
    // change to a check ("remove clock drift checks") a feature, a check said to misfire ("clock skew
    // check not working correctly") or a page about skew ("the clock skew documentation") the tool's
    // or the page's subject, not a fault.
    when: (p, h) =>
      strongKubeContext(p) &&
      !otherClockAround(p, h) &&
      !clockGoalBefore(p, h) &&
      !/\b(?:allow\w*|tolerat\w*|tolerance|max(?:imum)?|threshold|leeway|permitted|acceptable)\b[^\n.]{0,20}\b(?:clock |time )?(?:skew|drift)|\b(?:skew|drift) (?:of up to|up to|tolerance|threshold)\b|\b(?:skew|drift)[ -](?:gates?|limits?|budgets?|bounds?|requirements?|tolerances?|thresholds?)\b(?![^\n.]{0,25}\b(?:exceed\w*|breach\w*|violat\w*|fail\w*|crossed|tripped|hit)\b)|\b(?:remov|disabl|add|implement|support|skipp?)\w*\b[^\n.]{0,20}\b(?:clock |time )?(?:skew|drift) (?:checks?|detection|detector|monitor\w*|validation)\b|\b(?:skew|drift) (?:checks?|detection|detector|alerts?|monitor\w*|validation)\b[^\n.]{0,20}\b(?:(?:is |are )?not working|(?:isn'?t|aren'?t|doesn'?t|don'?t) work\w*|broken|wrong(?:ly)?|incorrect(?:ly)?|false (?:positives?|alarms?|alerts?)|spurious|misfir\w*|flaky)\b|\b(?:skew|drift) (?:documentation|docs)\b|\b(?:calculat(?:e|es|ing)|measur(?:e|es|ing)|comput(?:e|es|ing)|monitor(?:s|ing)?|track(?:s|ing)?|graph(?:s|ing)?|export(?:s|ing)?)\b[^\n.]{0,20}\b(?:clock |time )?(?:skew|drift)\b[^\n.]{0,20}\b(?:using|via|from|with|by|as) (?:the |a )?(?:metrics?|node_\w+|prometheus|exporter)\b/i.test(
        p.lines[h.line] ?? '',
      ),
    check: 'skew',
    why: 'Clocks that are not synchronised to one source drift apart: certificates and tokens near their edges fail on the node whose clock is off, and heartbeats and leases look stale.',
    confirm: [CHRONY_CONFIRM],
    steps: [CHRONY_FIX],
  }),
  signal({
    id: 'talos-clock-not-adjusted',
    code: 'skew/node-clock',
    kind: 'signature',
    title: "A Talos node's time sync is not correcting its clock",
    // Talos internal/pkg/ntp/ntp.go: its own NTP client logs this when the spike filter has discarded a
    // whole window of samples, so no adjustment is made; the line carries the offset (clock_offset).
    pattern: /spike filter discarded a full window of measurements, clock is not being adjusted/i,
    examples: [
      '[talos] spike filter discarded a full window of measurements, clock is not being adjusted {"server": "time.cloudflare.com", "clock_offset": "2m3.2s"}',
    ],
    nearMisses: ['[talos] adjusting time (slew) by 12.5ms via 0.pool.ntp.org, state TIME_OK'],
    kube: false,
    rank: 6,
    check: 'skew',
    why: "Talos runs its own time sync (no chronyd): it discarded every sample of its last window as a spike, so the node's clock is not being corrected and stays off by the clock_offset shown; certificates and tokens near their edges fail there, and Talos holds a rebooted node's kubelet until time syncs.",
    confirm: [{ run: 'talosctl -n <node> get timestatuses; talosctl -n <node> time', where: 'workstation' }],
    steps: [
      {
        run: 'talosctl -n <node> dmesg | grep -iE "time query error|spike|adjusting time"',
        where: 'workstation',
      },
      {
        run: "Point the machine config's time servers (machine.time.servers) at a reachable, stable NTP source near the node, and check the hypervisor's or the board's clock.",
        kind: 'advice',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'describe-node-clocks-drift',
    code: 'skew/node-clock',
    kind: 'description',
    pattern: withStatedOffset(
      /\b(?:nodes?|servers?|hosts?|masters?|workers?|vms?|machines?|slaves?)\b[^\n.]{0,40}\b(?:drifted|drifting|out of sync|unsynchroni[sz]ed)\b|\b(?:clocks?|time)\b[^\n.]{0,20}\b(?:drift(?:ed|ing)?|skew(?:ed)?|out of sync)\b[^\n.]{0,40}\b(?:nodes?|servers?|hosts?|cluster|masters?|workers?)\b|\b(?:system )?(?:clock|time)\b[^\n.]{0,30}\b(?:remained|is|was|are|were)\b[^\n.]{0,40}\b(?:ahead|behind|in (?:the )?(?:far )?future)\b|\b(?:aren't|are not|isn't|is not) (?:syncing|synchroni[sz]ing) (?:their|its) clocks?\b|\b(?:nodes?|servers?|hosts?|masters?|workers?|vms?|machines?)\b[^\n.]{0,20}?\b(?:(?:are|is|were|was|do|does|did)(?:n't| not)|not|never|fail(?:s|ed|ing)? to)\s+(?:always\s+|properly\s+|reliably\s+|correctly\s+|consistently\s+)?(?:sync(?:s|ed|ing)?|synchroni[sz](?:e|es|ed|ing))\s+(?:their\s+|its\s+|the\s+)?(?:system\s+)?(?:time|clocks?)\b|\bclocks? between\b[^\n.]{0,40}\b(?:too far apart|not in sync|differ)|\bclocks?\b[^\n.]{0,60}\b(?:lo{1,2}s(?:es|ing|t)|gain(?:s|ed|ing)) time\b|\bclocks? (?:falls?|fell|falling|drifts?|lags?|lagged|lagging) behind\b|\b(?:an? )?(?:offset|difference|skew|drift|gap) of (?:about |around |roughly |~)?\d+(?:\.\d+)?(?: ?[-–] ?\d+)? ?(?:ms|s|secs?|seconds?|mins?|minutes?)\b[^\n.]{0,20}\bbetween\b[^\n]{0,40}?(?:\b(?:nodes?|servers?|hosts?|masters?|workers?|machines?|vms?|apiservers?)\b|\b[\w-]*(?:node|worker|master|server|host|vm)[\w-]*\b|\b[\w-]+\.[\w-]+\.[a-z]{2,}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b)|时间(?:不一致|不同步|不准|不对|错误|错了|不正确|不可信|不可靠)|时间比[^\n。，,]{0,20}(?:快|慢)了?\s*(?:\d+|几|一|两|三|五|十)|(?:快|慢)了\s*\d+(?:\.\d+)?\s*(?:秒|分钟|分)/i,
      '(?:nodes?|servers?|hosts?|masters?|workers?|vms?|machines?)',
    ),
    examples: [
      'The K8S nodes drifted to future (one node) and past clocks (two other nodes)',
      'worker-2 is running about 4 minutes ahead of the other nodes',
      'master 节点的时间比 node 节点快了 5 分钟',
      '节点时间不对，k3s 无法启动',
      'worker 节点的时间不可靠，kubelet 的证书校验时好时坏',
      'the clock within the containers inside the cluster loses time while the laptop is asleep',
      'the time in the kubemaster is ahead by a few minutes than the host machine',
      'there is an offset of 5-6 minutes between worker-1 and worker-2 of the cluster',
      // Nodes told as not syncing their time (AKS Arc's Mariner nodes and their Hyper-V hosts).
      'a known issue with Mariner 2.0 Kubernetes nodes not always syncing time from the Hyper-V hosts',
      'two of our k3s worker nodes failed to synchronize their clocks after the outage',
    ],
    nearMisses: [
      'a difference of 5 minutes between the two deployments of the release',
      'the node was drained and rebooted',
      'the deployment is ahead of schedule',
      'the worker is 5 minutes behind schedule',
      "Implement ntp on all nodes to ensure system clocks aren't drifting.",
      'Account for clock skew on the factory in the reindexing test',
      "it's important that there isn't a high amount of clock skew between the CLI and the nodes",
      'In air-gapped sites, achieving zero clock drift across all servers needs a local GPS time source',
      'Ensure nodes do not sync time from the hypervisor when chrony runs on them',
      'the nodes do not sync the images from the registry',
    ],
    // A goal ("achieving zero clock drift across all servers", "to prevent clock drift between nodes") is
    // advice, not a drift seen.
    when: (p, h) => !otherClockAround(p, h) && !clockGoalBefore(p, h),
    check: 'skew',
    why: 'Clocks that are not synchronised to one source drift apart: certificates and tokens near their edges fail on the node whose clock is off, and heartbeats and leases look stale.',
    confirm: [CHRONY_CONFIRM],
    steps: [CHRONY_FIX],
  }),
  signal({
    id: 'describe-apiserver-clocks-apart',
    code: 'skew/apiserver-clock',
    kind: 'description',
    pattern: withStatedOffset(
      /\b(?:clock|time) (?:drift|skew)\b[^\n]{0,160}\bapiserver replicas\b|\b(?:apiservers?|api-servers?|control[- ]plane nodes?|master nodes?|masters)\b[^\n.]{0,60}\b(?:clocks?|time)\b[^\n.]{0,30}\b(?:drift\w*|skew\w*|differ\w*|apart|ahead|behind|out of sync)/i,
      '(?:kube-)?api-?servers?',
    ),
    examples: [
      'Clock drift can lead to ServiceAccount token authentication failures (HTTP 401 when the Service VIP load-balances across multiple apiserver replicas)',
      'the kube-apiserver is an hour ahead of the nodes',
    ],
    nearMisses: [
      'the apiserver replicas are behind a load balancer',
      'the apiserver is 2 minutes behind schedule',
    ],
    rank: 3,
    check: 'skew',
    why: 'Each apiserver mints tokens with its own clock and validates others with its own: when their clocks are more than 60 s apart, a token minted by the one ahead is "not valid yet" on the other, and requests fail depending on which replica the load balancer picks.',
    confirm: [CHRONY_CONFIRM],
    steps: [CHRONY_FIX],
  }),
  signal({
    id: 'clock-jump-more-signatures',
    code: 'skew/clock-jump',
    kind: 'signature',
    // k8s.io/apiserver flowcontrol sample_and_watermark.go: "Time went backwards from %v to %v for labelValues=%#+v".
    pattern:
      /\bTime went backwards from \S+ to \S+|system clock is out of sync with the internal monotonic clock|\bstep adjustment\b|\bmakestep\b[^\n]{0,40}\bstepped\b/i,
    examples: [
      'F1127 03:30:24.369920       1 sample_and_watermark.go:182] Time went backwards from 2020-11-27T03:30:24.369922708Z to 2020-11-27T03:30:24.369901483Z for labelValues=[]string{"executing", "readOnly"}',
    ],
    nearMisses: ['the sample was taken at 03:30:24'],
    kube: false,
    when: (p) => !storyWithoutKube(p),
    rank: 6,
    check: 'skew',
    why: 'The node clock was stepped (NTP correction, VM resume, manual date): the apiserver aborts on time going backwards, and the kubelet and runtime keep state stamped in the "future" until real time catches up.',
    confirm: [{ run: 'journalctl -u chronyd --since "-7d" | grep -Ei "stepped|time jump"', where: 'node' }],
    steps: [CHRONY_FIX],
  }),
  signal({
    id: 'describe-clock-stepped',
    code: 'skew/clock-jump',
    kind: 'description',
    pattern:
      /\b(?:clocks?|time)\b[^\n.]{0,10}\b(?:stepped|steps|jumped|jumps)\b[^\n.]{0,12}\b(?:back(?:wards?)?|forwards?|to the past|to the future)\b|\bjump(?:ed)? (?:forward|back(?:ward)?) the (?:cluster |system |node )?(?:time|clock)\b|\btime jumps? (?:forward|back(?:ward)?|to the past)\b/i,
    examples: [
      'The node clock stepped backwards about 40 seconds at the same moment',
      'When I jump forward the cluster time by one day, nodes become NotReady',
    ],
    nearMisses: ['the pod stepped through its init containers', 'the node jumped to NotReady'],
    rank: 3,
    check: 'skew',
    why: 'A stepped clock leaves kubelet, runtime and token state stamped in the future (or past): node heartbeats look stale, container names stay reserved, tokens are "not valid yet".',
    confirm: [{ run: 'journalctl -u chronyd --since "-7d" | grep -Ei "stepped|time jump"', where: 'node' }],
    steps: [CHRONY_FIX],
  }),
];

/** Certificate signals. */
const CERT_SIGNALS: readonly Rule[] = [
  signal({
    id: 'kubelet-client-cert-expired-more',
    code: 'cert/control-plane-expiry',
    kind: 'signature',
    // kubelet bootstrap.go "Part of the existing bootstrap client certificate is expired: %s";
    // client-go transport cert_rotation: "The currently active client certificate has expired".
    pattern:
      /part of the existing bootstrap client certificate (?:\S+ )?is expired|currently active client certificate has expired|failed to load certificate: the certificate has expire|failure loading \S{1,60} certificate: the certificate has expired|could not validate bounds for certificate \S{1,60}: the certificate has expired/i,
    examples: [
      'bootstrap.go:204] Part of the existing bootstrap client certificate is expired: 2018-07-06 12:32:00 +0000 UTC',
      'transport.go:113] The currently active client certificate has expired, but the server is not responsive.',
      'failure loading apiserver-etcd-client certificate: the certificate has expired',
    ],
    nearMisses: ['Certificate rotation is enabled', 'the certificate has expired fields in its status'],
    kube: false,
    rank: 6,
    group: 'x509-validity',
    check: 'certs',
    why: 'A client certificate of the node or of the control plane (kubelet.conf, apiserver-etcd-client, apiserver-kubelet-client) is past its one-year notAfter: the kubelet rotates its own only while it can still reach the apiserver, and kubeadm renews the others only on upgrade or `kubeadm certs renew`.',
    confirm: [catalogStep('certCheck')],
    steps: [catalogStep('certRenew'), catalogStep('kubeletClientReissue')],
  }),
  signal({
    id: 'kubelet-client-cert-alerts',
    code: 'cert/control-plane-expiry',
    kind: 'signature',
    // kubernetes-mixin alerts: KubeletClientCertificateExpiration "Client certificate for Kubelet on node
    // {{node}} expires in {{value}}", KubeletClientCertificateRenewalErrors "Kubelet on node {{node}} has
    // failed to renew its client certificate"; metric kubelet_certificate_manager_client_expiration_renew_errors.
    pattern:
      /KubeletClientCertificate(?:Expiration|RenewalErrors)|Client certificate for Kubelet on node \S+ expires in|has failed to renew its client certificate|kubelet_certificate_manager_client_expiration_renew_errors/,
    examples: [
      'Kubelet on node worker-2 has failed to renew its client certificate (5 errors in the last 5 minutes).',
      '[FIRING:1] KubeletClientCertificateExpiration: Client certificate for Kubelet on node worker-3 expires in 6d 23h.',
    ],
    nearMisses: [
      'KubeletServerCertificateExpiration',
      'Server certificate for Kubelet on node worker-3 expires in 23h 10m.',
    ],
    rank: 5,
    check: 'certs',
    why: "The kubelet renews its client certificate itself (at 70–90 % of its life) through a CSR the controller-manager signs; renewal errors mean the CSR is not created, approved or signed (the controller-manager's signing certificate, or the kubelet's own credential already expired), and when the current one expires the node goes NotReady.",
    confirm: [{ run: 'kubectl get csr --sort-by=.metadata.creationTimestamp | tail', where: 'workstation' }],
    steps: [catalogStep('kubeletCsrApprove'), catalogStep('kubeletClientReissue')],
  }),
  signal({
    id: 'kubelet-credential-unauthorized',
    code: 'cert/client-cert-rejected',
    kind: 'signature',
    // kubelet kubelet_node_status.go "Unable to register node with API server" and client-go
    // certificate_manager "cannot create certificate signing request" wrapping the apiserver's 401.
    pattern:
      /Unable to register node\b[^\n]{0,160}\bUnauthorized\b|Error updating node status, will retry\b[^\n]{0,120}\berror getting node\b[^\n]{0,80}\bUnauthorized\b|cannot create certificate signing request: Unauthorized|\bkubelet\b[^\n]{0,160}\bFailed to (?:list|watch) \*v1\.(?:Node|Pod|Service|CSIDriver|RuntimeClass)\b[^\n]{0,60}: Unauthorized/i,
    examples: [
      'kubelet_node_status.go:92] Unable to register node "node1" with API server: Unauthorized',
      'kubelet_node_status.go:409] Error updating node status, will retry: error getting node "node-3": Unauthorized',
      'certificate_manager.go:488] kubernetes.io/kube-apiserver-client-kubelet: Failed while requesting a signed certificate from the control plane: cannot create certificate signing request: Unauthorized',
    ],
    nearMisses: ['Unable to register node "node1" with API server: connection refused'],
    rank: 5,
    check: 'certs',
    why: "The apiserver rejects the kubelet's own credential: its client certificate (kubelet-client-current.pem, or the one embedded in kubelet.conf) expired, which it renews only while it can still reach the apiserver, or it still presents a bootstrap token that expired.",
    confirm: [catalogStep('apiserverAuthLog')],
    steps: [catalogStep('kubeletClientReissue')],
  }),
  signal({
    id: 'renewed-then-unauthorized',
    code: 'cert/client-cert-rejected',
    kind: 'description',
    // A story: certificates were renewed (kubeadm certs renew, k3s certificate rotate, "renewed the
    // certs") and a client now gets the apiserver's 401. The renewal wrote new files; a copy made
    // before it (~/.kube/config, a CI secret, kubelet.conf with embedded data) still holds the old one.
    pattern:
      /You must be logged in to the server|the server has asked for the client to provide credentials|\bUnauthorized\b/,
    examples: [
      'We ran kubeadm certs renew all last week. Today kubectl get pods says: error: You must be logged in to the server (Unauthorized)',
      'After the certificates were renewed, every kubectl command fails with Unauthorized',
    ],
    nearMisses: [
      'kubectl get pods: error: You must be logged in to the server (Unauthorized)',
      'We renewed the certificates; then kubectl said: error: You must be logged in to the server (Unauthorized): invalid bearer token, Token has expired',
      "cert-manager renewed the ingress certificate last night and now the app's login returns 401 Unauthorized from the pods",
    ],
    rank: 1,
    check: 'certs',
    // Not an application's or a website's certificate renewed (an ingress's, certbot's, a mesh's).
    when: (p) => renewedStory(p) && !tokenReason(p) && !appPkiPaste(p) && !siteCertStory(p),
    facts: (p) => {
      const i = p.lines.findIndex((l) => RENEWED_RE.test(l));
      return i < 0 ? [] : [{ fact: `"${p.shown(i, 200)}"`, source: `pasted text, line ${i + 1}` }];
    },
    why: "A renewal writes new certificates under /etc/kubernetes/pki (or k3s's server/tls), but copies made before it still carry the old client certificate: the kubeconfig on workstations and in CI (copied from admin.conf), kubelet.conf with embedded client-certificate-data, a control-plane pod not restarted. When the old one expires the apiserver answers 401 to whoever still presents it.",
    confirm: [KUBECONFIG_CLIENT_CERT_DATES, catalogStep('apiserverAuthLog')],
    steps: [catalogStep('kubeconfigRefetch'), catalogStep('kubeletClientReissue')],
  }),
  signal({
    id: 'flannel-token-unauthorized',
    code: 'token/cni-unauthorized',
    kind: 'signature',
    // flannel main.go "Failed to create SubnetManager: error retrieving pod spec for '%s/%s': %v" with the apiserver's 401.
    pattern: /Failed to create SubnetManager: error retrieving pod spec for [^\n]{0,200}: Unauthorized\b/,
    examples: [
      "Failed to create SubnetManager: error retrieving pod spec for 'kube-system/kube-flannel-ds-abc': Unauthorized",
    ],
    nearMisses: [
      "Failed to create SubnetManager: error retrieving pod spec for 'kube-system/kube-flannel-ds-abc': dial tcp 10.96.0.1:443: i/o timeout",
    ],
    rank: 5,
    check: 'token',
    why: "flanneld's own service-account token is rejected by the apiserver (expired, or from a ServiceAccount or signing key that no longer exists), so it cannot read its node's podCIDR and no pod network comes up on that node.",
    confirm: [{ run: 'kubectl -n kube-flannel logs ds/kube-flannel-ds --tail=20', where: 'workstation' }],
    steps: [
      {
        run: 'kubectl -n kube-flannel rollout restart ds/kube-flannel-ds',
        where: 'workstation',
        caution:
          'Older manifests run flannel in kube-system as kube-flannel-ds-<arch>; new pods get fresh tokens.',
      },
    ],
  }),
  signal({
    id: 'loopback-self-call-localhost',
    code: 'cert/loopback-expiry',
    kind: 'signature',
    // The apiserver's own controllers call it at [::1]:6443 / 127.0.0.1:6443 with the loopback client
    // (LoopbackHostPort: the listener's address, or the loopback one for 0.0.0.0/::, with SNI
    // apiserver-loopback-client). The scheduler's and controller-manager's leader election at 127.0.0.1
    // is another process without that SNI: it is shown the apiserver's serving certificate. Only the
    // apiserver's own paths: k3s's supervisor answers /cacerts and /v1-k3s/ on the same port.
    pattern:
      /(?:Post|Get|Put|Patch) "?https:\/\/(?:\[::1\]|127\.0\.0\.1|localhost):(?:6443|443|8443)\/(?:api|apis|healthz|livez|readyz|version|openapi)\b[^\n]{0,200}x509: certificate has expired/i,
    examples: [
      'E0609 12:38:55.188303 1 controller.go:223] unable to sync kubernetes service: Post "https://[::1]:6443/api/v1/namespaces": x509: certificate has expired or is not yet valid',
      // The apiserver's own lookup, relayed to a client tool.
      'Error: INSTALLATION FAILED: pods "web-0" is forbidden: Get "https://[::1]:6443/api/v1/namespaces/web/limitranges": x509: certificate has expired or is not yet valid',
    ],
    nearMisses: [
      'Get "https://10.0.0.1:6443/api": x509: certificate has expired or is not yet valid',
      'leaderelection.go:330] error retrieving resource lock kube-system/kube-scheduler: Get "https://127.0.0.1:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler?timeout=5s": x509: certificate has expired or is not yet valid',
      'level=error msg="CA cert validation failed: Get \\"https://127.0.0.1:6443/cacerts\\": x509: certificate has expired or is not yet valid"',
      // kubectl's and Helm's own calls through a kubeconfig for 127.0.0.1 (k3s, RKE2, kind).
      'E0312 10:01:02.000000    4411 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:6443/api?timeout=32s": x509: certificate has expired or is not yet valid',
      'Error: UPGRADE FAILED: query: failed to query with labels: Get https://127.0.0.1:6443/api/v1/namespaces/default/secrets?labelSelector=owner%3Dhelm: x509: certificate has expired or is not yet valid',
      // A discovery client on the node (client-go's default 32 s timeout), not the apiserver's call to itself.
      'installer.sh[2211]: waiting for the API: Get https://localhost:6443/version?timeout=32s: x509: certificate has expired or is not yet valid',
    ],
    kube: false,
    rank: 7,
    group: 'x509-validity',
    when: (p, h) =>
      !/current time \S+ is before|resource lock kube-system\/(?:kube-scheduler|kube-controller-manager|cloud-controller-manager)\b/i.test(
        p.lines[h.line] ?? '',
      ) && !clientToolCall(p.lines[h.line] ?? ''),
    check: 'certs',
    why: 'kube-apiserver talks to itself over loopback with an in-memory certificate it generated at start, valid one year (three from 1.33) and never renewed: a year after the last restart its own controllers fail, whatever the certificates on disk say.',
    confirm: [
      {
        run: 'openssl s_client -connect <apiserver>:6443 -servername apiserver-loopback-client </dev/null 2>/dev/null | openssl x509 -noout -subject -dates',
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/ && sleep 20 && mv /root/kube-apiserver.yaml /etc/kubernetes/manifests/   # k3s: systemctl restart k3s; RKE2: systemctl restart rke2-server',
        where: 'control-plane',
        caution: 'One apiserver at a time; wait for /readyz before the next.',
      },
    ],
  }),
  signal({
    id: 'describe-loopback-zh',
    code: 'cert/loopback-expiry',
    kind: 'description',
    pattern:
      /apiserver[^\n]{0,12}(?:日志)?[^\n]{0,6}(?:报|提示|显示)[^\n]{0,4}证书(?:已)?过期|\bloopback ?(?:client ?)?证书(?:已经?)?(?:过期|到期|失效)|could not find any certificate expired|certificates? on disk (?:are|is|were|was) (?:still )?valid/i,
    examples: [
      'K8s集群满一年后，Apiserver日志报证书过期，导致该master节点不可用。',
      'apiserver loopback 证书过期,pod 创建失败',
    ],
    nearMisses: ['apiserver 证书有效期 1 年', 'loopback 证书有效期为1年,TKE 新版本支持5年'],
    rank: 6,
    check: 'certs',
    why: 'When the apiserver reports expired certificates although every certificate on disk is valid, it is its in-memory loopback certificate: generated at start, valid one year (three from 1.33), renewed only by restarting the apiserver.',
    confirm: [
      {
        run: 'openssl s_client -connect <apiserver>:6443 -servername apiserver-loopback-client </dev/null 2>/dev/null | openssl x509 -noout -subject -dates',
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/ && sleep 20 && mv /root/kube-apiserver.yaml /etc/kubernetes/manifests/   # k3s: systemctl restart k3s; RKE2: systemctl restart rke2-server',
        where: 'control-plane',
        caution: 'One apiserver at a time; wait for /readyz before the next.',
      },
    ],
  }),
  signal({
    id: 'describe-webhook-ca-expired',
    code: 'cert/webhook-expiry',
    kind: 'description',
    pattern: new RegExp(
      String.raw`\bwebhooks?\b[^\n]{0,60}\b(?:CA|cert(?:ificate)?s?|caBundle)\b[^\n]{0,40}\b(?:expired?|expires|expiry|has expired)\b|\b(?:kubevirt|virt-api|cdi-apiserver|kyverno|gatekeeper|cert-manager-webhook|istiod|ingress-nginx-admission|metrics-server|prometheus-adapter)(?:'s)?\b[^\n.]{0,20}\b(?:CA|cert(?:ificate)?s?)\b[^\n.]{0,30}\b(?:(?:has|have|had|is|are|was|were)(?: all| also| already)? expired|expired)\b|\bexpired\b[^\n]{0,30}\b(?:\S{1,40}-tls-ca|webhook[- ]ca)\b|\b(?:ValidatingWebhookConfiguration|MutatingWebhookConfiguration)\b[^\n]{0,40}\b(?:ca )?cert(?:ificate)?\b[^\n]{0,30}\bexpired\b|Failed to generate serving certificate[^\n]{0,80}CA certificate has expired|\bcaBundle\b[^\n]{0,80}\bcert(?:ificate)?s?\b[^\n]{0,10}\b(?:has|have|had|is|was)(?: long| already)? expired\b|\bexpired\b[^\n]{0,30}\bcaBundle\b|${WEBHOOK_NOT_RELOADED_RE.source}[^\n.]{0,30}\b(?:after|when|once)\s+(?:it|they)\s+(?:expired|expires|(?:was|were|is|are|got|had been|has been) (?:renewed|rotated|re-?issued))\b`,
      'i',
    ),
    examples: [
      'the self-signed cert-manager webhook CA that had expired after a year',
      'our mutating webhook started failing: the webhook server does not reload its serving certificate when it is renewed by cert-manager',
      'Because the caBundle is present and valid, the Pod will run. However, the certificate has long expired (Aug 18 2022).',
      '[Bug] Expired kyverno-svc.kyverno.svc.kyverno-tls-ca certificate found',
      'I have found that all of the KubeVirt certificates had expired and did not automatically reprovision',
      'virt-api admission webhooks intermittently fail with "certificate has expired or is not yet valid"',
      "Knative's webhook should rotate its certificates: after a year the webhook's certificates expire.",
    ],
    nearMisses: [
      'the webhook certificate is valid until 2030',
      'the webhook timed out',
      // A server that keeps its old certificate is a webhook's only in a paste about a webhook.
      'cert-manager renewed it, but the ingress controller was not reloading the certificate after it was renewed',
    ],
    rank: 5,
    kube: false,
    // "webhook … certificate has expired" alone is also a SaaS webhook's delivery error: the plain
    // form needs an admission webhook's words in the paste (not only a Kubernetes one); the
    // admission-only forms on the line (…-tls-ca, *WebhookConfiguration) are enough alone.
    // "invalid, empty or expired certs" names a condition a tool handles, not a certificate that expired.
    // A server that does not reload its certificate after a renewal or an expiry serves the expired one:
    // a webhook's when the paste is about one (its words, not cert-manager's alone: an ingress reloads too).
    when: (p, h) =>
      !/\bor expired\b/i.test(h.match[0] ?? '') &&
      (!WEBHOOK_NOT_RELOADED_RE.test(h.match[0] ?? '') ||
        (/\bwebhooks?\b/i.test(p.text) && admissionWebhookPaste(p))) &&
      (WEBHOOK_OPERATOR_RE.test(h.match[0] ?? '') ||
        admissionWebhookPaste(p) ||
        /tls-ca|WebhookConfiguration|Failed to generate serving|calling webhook|admission|caBundle|cert-manager|\.svc\b/i.test(
          p.lines[h.line] ?? '',
        )),
    check: 'certs',
    why: (p) =>
      `An admission webhook's serving certificate or the CA in its caBundle expired; the apiserver refuses to call it, and every request the webhook covers fails (or is let through, with failurePolicy Ignore).${
        WEBHOOK_NOT_RELOADED_RE.test(p.text)
          ? ' Here the server kept the certificate it loaded at start and did not reload the renewed one: restarting the webhook loads it.'
          : ''
      }`,
    confirm: [
      {
        run: 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\n"}{end}\'',
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'kubectl -n <namespace> rollout restart deployment/<webhook-or-cainjector>',
        where: 'workstation',
        caution:
          'Most operators (cert-manager, kyverno, istio, ingress-nginx) re-issue their webhook certificate and caBundle on start; upgrade if the version has a renewal bug.',
      },
    ],
  }),
  signal({
    id: 'kubelet-serving-cert-expiry-signals',
    code: 'cert/kubelet-serving-expiry',
    kind: 'signature',
    // kube-prometheus alert KubeletServerCertificateExpiration; kubelet's self-signed /var/lib/kubelet/pki/kubelet.crt.
    pattern:
      /KubeletServerCertificate(?:Expiration|RenewalErrors)|\/var\/lib\/kubelet\/pki\/kubelet\.crt\b[^\n]{0,60}\b(?:not renewed|expired?)/i,
    examples: [
      '[FIRING:1] KubeletServerCertificateExpiration: Server certificate for Kubelet on node worker-2 expires in 3d',
      '/var/lib/kubelet/pki/kubelet.crt not renewed with `kubeadm alpha certs renew all`',
    ],
    nearMisses: [
      'KubeletClientCertificateExpiration',
      '/var/lib/kubelet/pki/kubelet.crt is valid',
      'Add detailed instruction for KubeletServerCertificateExpiration',
    ],
    kube: false,
    rank: 5,
    check: 'certs',
    why: "Without serverTLSBootstrap the kubelet serves a self-signed /var/lib/kubelet/pki/kubelet.crt it made once, valid one year and never renewed (kubeadm does not touch it); metrics-server and the apiserver's logs/exec calls fail when it expires.",
    confirm: [KUBELET_CERT_DATES],
    steps: [catalogStep('kubeletServingRenew')],
  }),
  signal({
    id: 'kubelet-port-validity',
    code: 'cert/kubelet-serving-expiry',
    kind: 'signature',
    // Go crypto/x509 CertificateInvalidError on a URL of the kubelet's port (10250): the certificate
    // is the kubelet's serving one, whoever dialled it (metrics-server, an agent, the apiserver).
    pattern:
      /https?:\/\/[^\s"/]{1,253}:10250\/[^\s"]{0,300}"?: (?:tls: failed to verify certificate: )?(?:x509: )?certificate has expired or is not yet valid(?!: current time \S+ is before)/,
    examples: [
      'Errors: [Get https://10.247.0.206:10250/pods: x509: certificate has expired or is not yet valid Get https://node-1:10250/pods: x509: certificate has expired or is not yet valid',
    ],
    nearMisses: [
      'Get https://10.247.0.206:6443/api: x509: certificate has expired or is not yet valid',
      'Get https://10.247.0.206:10250/pods: x509: certificate has expired or is not yet valid: current time 2020-03-10T18:30:27Z is before 2020-03-10T19:30:27Z',
    ],
    kube: false,
    group: 'x509-validity',
    rank: 6,
    when: (p) => !clockOrFresh(p),
    check: 'certs',
    why: "Port 10250 is the kubelet's: its serving certificate (the self-signed /var/lib/kubelet/pki/kubelet.crt, valid one year and never renewed, or an expired rotated one) is past its end, or the caller's clock is off.",
    confirm: [KUBELET_CERT_DATES],
    steps: [catalogStep('kubeletServingRenew')],
  }),
  signal({
    id: 'csr-signer-expired',
    code: 'cert/ca-expiry',
    kind: 'signature',
    // kubernetes pkg/controller/certificates/authority/authority.go: "the signer has expired: NotAfter=%v",
    // "refusing to sign a certificate that expired in the past: NotAfter=%v".
    pattern: /the signer has expired: NotAfter=|refusing to sign a certificate that expired in the past/i,
    examples: [
      'Sync csr-abc failed with : error auto approving csr: error signing csr: the signer has expired: NotAfter=2024-01-01 00:00:00 +0000 UTC',
    ],
    nearMisses: ['csr-abc is approved and issued by the signer'],
    rank: 7,
    check: 'certs',
    why: 'The controller-manager signs kubelet and client CSRs with the cluster CA (--cluster-signing-cert-file, usually ca.crt); that CA is past its end, so no certificate can be renewed: every kubelet falls out as its own certificate expires. kubeadm cannot renew a CA.',
    confirm: [{ run: 'openssl x509 -noout -enddate -in /etc/kubernetes/pki/ca.crt', where: 'control-plane' }],
    steps: [
      {
        run: 'Rotate the cluster CA (kubeadm: the manual CA rotation procedure; k3s: k3s certificate rotate-ca), then re-issue every certificate it signed.',
        where: 'control-plane',
        kind: 'advice',
        caution: 'A CA rotation touches every node and kubeconfig; plan it.',
      },
    ],
  }),
  signal({
    id: 'microk8s-ca-expired',
    code: 'cert/ca-expiry',
    kind: 'signature',
    // `microk8s refresh-certs --check`: "The CA certificate will expire in %d days." (negative once expired).
    pattern: /\bThe CA certificate will expire in -\d+ days\b/,
    examples: ['The CA certificate will expire in -3 days.'],
    nearMisses: ['The CA certificate will expire in 3139 days.'],
    kube: false,
    rank: 7,
    check: 'certs',
    why: "MicroK8s' CA is past its end (early releases made it for 30 days): nothing it signed verifies any more, so every client, node and control-plane call fails.",
    steps: [
      {
        run: 'microk8s refresh-certs --cert ca.crt',
        where: 'control-plane',
        caution:
          'Re-issues the CA and every certificate it signed and restarts MicroK8s; other nodes must leave and join again, and kubeconfigs taken from this cluster must be fetched again (microk8s config).',
      },
    ],
  }),
  signal({
    id: 'microk8s-leaf-expired',
    code: 'cert/control-plane-expiry',
    kind: 'signature',
    // `microk8s refresh-certs --check`: "The server certificate …" / "The front proxy client certificate will expire in %d days."
    pattern: /\bThe (?:server|front proxy client) certificate will expire in -\d+ days\b/,
    examples: ['The front proxy client certificate will expire in -85 days.'],
    nearMisses: ['The server certificate will expire in 363 days.'],
    kube: false,
    rank: 7,
    check: 'certs',
    why: "MicroK8s renews its apiserver (server.crt) and front-proxy client certificates only when the node's addresses change or on refresh-certs, not when they expire: an expired front-proxy client breaks aggregated APIs (metrics-server), an expired server certificate every client.",
    steps: [catalogStep('certRenew')],
  }),
  signal({
    id: 'ca-expiry-signals',
    code: 'cert/ca-expiry',
    kind: 'description',
    pattern:
      /\b(?:cluster |root |kubernetes |kubeadm |etcd |front-proxy )?CA\b[^\n.,;)]{0,30}\b(?:expires|expired|expiry|expiration|到期|过期)\b|ca ?10 ?年[^\n]{0,10}(?:到期|过期|有效期)|\b(?:etcd\/|front-proxy-)?ca\.(?:crt|pem)\b[^\n,;)]{0,20}\b(?:(?:is|has|was|had|got)(?: already| been)* expired|expired)\b/i,
    examples: [
      'Kubernetes has run for a year; as ca.crt is expired, renewed using creating single root ca.',
      'If the cluster CA expires, the system comes to a hard stop and is very difficult to recover',
      'k8s 集群 ca10年有效期到期如何解决',
    ],
    nearMisses: [
      'the webhook CA expired after a year',
      'signed by the cluster CA',
      'regenerates certs on a CA mismatch), but never checks expiry',
      "the node image still trusts Let's Encrypt's DST Root CA X3, which expired in 2021",
    ],
    rank: 3,
    // k3s/RKE2 `certificate check` lists every CA as "<x>-ca@<epoch> ... is ok, expires at"; a public
    // root in a trust store (Let's Encrypt's old DST Root CA X3) is an image's or a host's, not the cluster's.
    when: (p, h) =>
      !/webhook|-tls-ca|cainjector|is ok, expires at/i.test(p.lines[h.line] ?? '') &&
      !PUBLIC_CA_RE.test(p.lines[h.line] ?? ''),
    check: 'certs',
    why: 'The cluster CA (ten years with kubeadm and k3s) signs every other certificate; kubeadm cannot renew it, and when it expires nothing verifies. Plan a CA rotation well before (kubeadm: manual rotation; k3s: `k3s certificate rotate-ca`).',
    confirm: [{ run: 'openssl x509 -noout -enddate -in /etc/kubernetes/pki/ca.crt', where: 'control-plane' }],
    steps: [
      {
        run: 'kubeadm: follow "Manual rotation of CA certificates" (kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/); k3s: k3s certificate rotate-ca --path=<new-ca-dir>',
        where: 'control-plane',
        caution: 'Every kubeconfig and service-account token must be re-issued against the new CA.',
      },
    ],
  }),
  signal({
    id: 'kubelet-csr-pending-more',
    code: 'cert/kubelet-csr-pending',
    kind: 'signature',
    // kubelet kubelet.go: "no serving certificate available for the kubelet" (systemctl truncates it "av...");
    // client-go certificate_manager.go: "%s: certificate request was not signed: %v" for the kubelet-serving signer.
    pattern:
      /no serving certificate av(?:\.{3}|…)|kubernetes\.io\/kubelet-serving: certificate request was not signed|certificate_manager\.go:\d+\] [Cc]ertificate request was not signed|\bkubectl certificate approve\b(?![ \t]+'?(?!csr-|node-csr-)[\w-]+\.[\w.-]+)|\bcsr-\w{5}\b[^\n]{0,240}\bPending\b/i,
    examples: [
      'http: TLS handshake error from 172.16.10.202:41160: no serving certificate av...the kubelet',
      'csr-fd8gx   23m     kubernetes.io/kube-apiserver-client-kubelet   system:serviceaccount:openshift-machine-config-operator:node-bootstrapper   Pending',
      "kubectl certificate approve $(kubectl get csr | awk '/^csr/{print $1}')",
      'E0323 certificate_manager.go:488] kubernetes.io/kubelet-serving: certificate request was not signed: timed out waiting for the condition',
      // client-go before the signer prefix (≤1.17): the kubelet's CSR is never approved.
      'May 29 14:18:56 k8s11 kubelet[25170]: E0529 14:18:56.794752   25170 certificate_manager.go:378] Certificate request was not signed: timed out waiting for the condition',
    ],
    nearMisses: [
      'csr-5fwb9 Approved,Issued',
      'kubectl get csr',
      "Request sent, waiting for approval. To approve, run 'kubectl certificate approve test.client.root'",
    ],
    // The approve command in a change to documentation is the page's instruction, not a CSR left waiting.
    when: (p, h) => !(docsChangeStory(p) && /certificate approve/i.test(h.match[0])),
    kube: false,
    rank: 5,
    check: 'certs',
    why: 'With serverTLSBootstrap the kubelet requests its serving certificate by CSR (signer kubernetes.io/kubelet-serving); nothing approves those by default, so until someone does the kubelet has no serving certificate and logs/exec/metrics fail.',
    confirm: [
      {
        run: 'kubectl get csr --sort-by=.metadata.creationTimestamp | grep -i pending',
        where: 'workstation',
      },
    ],
    steps: [catalogStep('kubeletCsrApprove')],
  }),
  signal({
    id: 'kubelet-truncated-san',
    code: 'cert/kubelet-san-mismatch',
    kind: 'signature',
    pattern: /:10250\/[^\n]{0,200}x509: certificate is valid for(?![^\n]{1,400}, not )/i,
    examples: [
      '`Error from server: Get "https://10.1.2.3:10250/containerLogs/kube-system/x/y": x509: certificate is valid for',
    ],
    nearMisses: [
      'Get "https://10.1.2.3:10250/containerLogs/kube-system/x/y": x509: certificate signed by unknown authority',
    ],
    kube: false,
    rank: 5,
    check: 'certs',
    why: "The kubelet's serving certificate does not name the address the apiserver dialled (the node IP changed, or another interface was picked).",
    confirm: [
      {
        run: 'openssl s_client -connect <node-ip>:10250 </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName',
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'k3s/RKE2: set node-ip in /etc/rancher/<k3s|rke2>/config.yaml and restart the agent; kubeadm: serverTLSBootstrap: true, restart kubelet, approve the CSR',
        where: 'node',
      },
    ],
  }),
  signal({
    id: 'describe-ip-sans-kubelet',
    code: 'cert/kubelet-no-ip-sans',
    kind: 'signature',
    pattern: /doesn'?t contain any IP SANs?\b/i,
    examples: ['Deploying Metrics server fails with the well known "doesn\'t contain any IP SANs"'],
    nearMisses: ['the certificate contains IP SANs for every node'],
    kube: false,
    rank: 3,
    // "exec into pods" told in words is a call through the kubelet, as for the SAN descriptions below.
    when: (p) => (kubeletVerifierPaste(p) || podLogsExecPaste(p)) && !apiserverEndpointPaste(p),
    check: 'certs',
    why: "The kubelet's self-signed serving certificate names only its hostname; a verifier that dials the node IP (metrics-server by default) rejects it.",
    steps: [
      {
        run: 'kubelet config: serverTLSBootstrap: true; systemctl restart kubelet; kubectl certificate approve <csr>',
        where: 'node',
        caution:
          'Or metrics-server --kubelet-preferred-address-types=Hostname; --kubelet-insecure-tls only as a last resort.',
      },
    ],
  }),
  signal({
    id: 'describe-kubelet-cert-no-ip-sans',
    code: 'cert/kubelet-no-ip-sans',
    kind: 'description',
    // "where the certificates at the kubelets do not include their IP address amongst SANs": the
    // kubelets' serving certificates name no IP at all, told in words.
    pattern:
      /\bcert(?:ificate)?s?\b[^\n.]{0,40}\b(?:do|does|did)(?: not|n'?t) (?:include|contain|list|have)\b[^\n.]{0,20}?\b(?:(?:their|its|the|an?|any) )?(?:own )?(?:node )?IP(?: address(?:es)?|s)?\b[^\n.]{0,12}?\b(?:(?:amongst|among|in|as) )?(?:(?:the|their|its) )?(?:SANs?|subject alt(?:ernative)? names?)\b/i,
    examples: [
      'where the certificates at the kubelets do not include their IP address amongst SANs, prometheus raises an error',
      'the kubelet serving certificates do not have any IP in the SANs, so scraping by node IP fails',
    ],
    nearMisses: [
      'the apiserver certificate does not include the load balancer IP in its SANs',
      'the kubelet certificates include the node IP in their SANs',
      "the virtual kubelet's certificate doesn't have the pod IP as a SAN, so we skip its verification",
    ],
    rank: 3,
    // The sentence names the kubelets (or a kubelet call is in the paste), not an apiserver's own certificate;
    // and the missing IP is the node's or any IP, not another's ("the pod IP", "the load balancer IP").
    when: (p, h) =>
      !OTHER_IP_OWNER_RE.test(h.match[0]) &&
      (/\bkubelets?\b/i.test(p.lines[h.line] ?? '') ||
        ((kubeletVerifierPaste(p) || podLogsExecPaste(p)) &&
          !apiserverEndpointPaste(p) &&
          !apiserverOrLbPaste(p))),
    check: 'certs',
    why: "The kubelets' serving certificates are self-signed or issued without the node's IP in their SANs; a client that dials the node by IP (the apiserver for kubectl logs/exec, metrics-server, Prometheus) cannot verify them.",
    steps: [catalogStep('kubeletServingRenew')],
  }),
  signal({
    id: 'describe-kubelet-cert-lacks-node-ip',
    code: 'cert/kubelet-san-mismatch',
    kind: 'description',
    // "the certificate does not contain the node IP", "SSL certificate not containing explicit node IP",
    // "serving cert SANs list should contain external IP", "the certificate lacks the node's IP", and a
    // fix that adds the address ("add the external IP to the kubelet serving cert SANs").
    pattern:
      /\b(?:SSL |TLS |serving |kubelet(?:'s)? )?cert(?:ificate)?s?\b[^\n.]{0,30}\b(?:not (?:containing|including|listing)|(?:does|do|did)(?: not|n'?t) (?:contain|include|list|have)|lacks?|lacking|(?:is |are )?missing|(?:should|must|needs? to) (?:also )?(?:contain|include|list|have))\b[^\n.]{0,12}\b(?:the |an? |its |their )?(?:(?:node|worker|host)(?:'s|s')? (?:(?:explicit|actual|real|new|internal|external|public|private) )?|(?:explicit|actual|real|new|internal|external|public|private) (?:(?:node|worker|host)(?:'s)? )?)IPs?\b|\badd(?:s|ed|ing)? (?:the )?(?:node(?:'s)? )?(?:external|internal|public|private|node) IPs?(?: address(?:es)?)? to (?:the )?kubelet(?:'s)? (?:serving )?cert(?:ificate)?\b|\b(?:node|worker|internal|new) IPs?\b[^\n.]{0,20}\b(?:is |was |are )?(?:missing|not (?:included|listed|present)|absent) (?:from|in) (?:the )?(?:kubelet(?:'s)? )?(?:serving )?(?:cert(?:ificate)?|SANs?)\b|\bSANs?(?: values?| entries| list)?\b[^\n.]{0,20}\b(?:does|do|did)(?: not|n'?t) (?:contain|include|list|have)\b[^\n.]{0,12}\b(?:the |its )?(?:nodes?|workers?)(?:'s?)? (?:own )?(?:IPs?|hostnames?|address(?:es)?)\b/i,
    examples: [
      'kubectl logs and exec fail, with kubernetes complaining about SSL certificate not containing explicit node IP',
      "The kubelet uses for its https server a certificate generated with the masters' openssl.conf, therefore the SAN values do not contain the nodes IP or hostname.",
      'the kubelet serving certificate does not contain the node IP after we changed the interface',
      'Kubelet serving cert SANs list should contain external IP',
      "the kubelet's serving certificate lacks the node's internal IP, so metrics-server cannot scrape it",
      'Add the external IP to the kubelet serving certificate SANs',
    ],
    nearMisses: [
      'the apiserver certificate does not contain the load balancer IP',
      'the kubelet certificate contains the node IP and the hostname',
      'the kubelet serving certificate should be renewed before it expires',
      'the kubelet serving certificate is missing; kubelet started with a self-signed one',
    ],
    rank: 3,
    // A kubelet call: kubectl logs/exec (or their words for pods), metrics-server, :10250.
    // The sentence that names the kubelet's certificate is the kubelet's, whatever else the paste names.
    when: (p, h) =>
      (kubeletVerifierPaste(p) || podLogsExecPaste(p)) &&
      (/\bkubelet\b/i.test(p.lines[h.line] ?? '') || (!apiserverEndpointPaste(p) && !apiserverOrLbPaste(p))),
    check: 'certs',
    why: "The kubelet's serving certificate lists other addresses than the one the apiserver (kubectl logs/exec) or metrics-server dials: the node IP changed, or the certificate was made for a wildcard or another interface.",
    steps: [catalogStep('kubeletServingRenew')],
  }),
  signal({
    id: 'describe-kubelet-self-signed',
    code: 'cert/kubelet-unknown-ca',
    kind: 'description',
    // The kubelet's own self-signed serving certificate, which its verifier (metrics-server, a kubeletstats
    // receiver, the apiserver) does not trust, told in words: "the kubelet's self-signed certificate fails
    // verification", "the kubelet stats endpoint has a self-signed certificate which fails the verification".
    // A registry's or a proxy's self-signed certificate (an image pull) is another server's.
    pattern:
      /\b(?:kubelet\w*|endpoint|port 10250)\b[^\n.]{0,40}\b(?:has|uses|serves|presents|returns|with) an? self[- ]signed (?:serving |tls |https )?cert(?:ificate)?\b[^\n]{0,60}\b(?:fail\w*|verif\w*|untrusted|not trusted|unknown authority|rejected|cannot be validated)|\bkubelet(?:'s|s'?)? (?:own )?self[- ]signed (?:serving |tls |https )?cert(?:ificate)?s?\b[^\n]{0,60}\b(?:fail\w*|verif\w*|untrusted|not trusted|unknown authority|rejected|cannot be validated)/i,
    examples: [
      "metrics-server cannot scrape the nodes: the kubelet's self-signed certificate fails verification",
      'The kubelet stats endpoint on port 10250 has a self-signed certificate which fails the verification by the collector.',
    ],
    nearMisses: [
      'the kubelet pulls from a registry that has a self-signed certificate which fails verification',
      "the kubelet's self-signed certificate was replaced by one from the cluster CA",
    ],
    rank: 3,
    // A kubelet call, and no registry, image or proxy on the sentence (an image pull's certificate is the registry's).
    when: (p, h) =>
      kubeletVerifierPaste(p) &&
      !/\bregistr\w*|\bimages?\b|\bpull\w*|\bproxy\b|\bingress\b|\bwebhook/i.test(p.lines[h.line] ?? ''),
    check: 'certs',
    why: 'The kubelet serves a self-signed certificate (it makes one when it has no --tls-cert-file and no serverTLSBootstrap), which no verifier trusts: metrics-server, a kubeletstats receiver and the apiserver (with --kubelet-certificate-authority) refuse it. Skipping verification hides it; the fix is a serving certificate from the cluster CA.',
    confirm: [
      {
        run: 'openssl s_client -connect <node-ip>:10250 </dev/null 2>/dev/null | openssl x509 -noout -issuer -subject',
        where: 'workstation',
      },
    ],
    steps: [KUBELET_SERVING_FROM_CA],
  }),
  signal({
    id: 'describe-kubelet-serving-unverified',
    code: 'cert/kubelet-unknown-ca',
    kind: 'description',
    // A kubelet's serving certificate said to fail verification, with no x509 line to say why: "kubectl
    // logs … verify serving-kubelet.crt failed", "verifying the kubelet serving certificate fails". A
    // serving certificate its verifier cannot verify is most often one from another signer (self-signed,
    // or a CSR signer the verifier does not trust); an address or a date would come with its own error.
    pattern:
      /\bverif(?:y|ying|ication of)\s+(?:the\s+)?(?:kubelet(?:'s)?\s+serving\s+cert(?:ificate)?s?|serving-kubelet\.crt|kubelet-server(?:-current)?\.pem|kubelet\.crt)\b[^\n.]{0,40}?\bfail\w*|\b(?:kubelet(?:'s)?\s+serving\s+cert(?:ificate)?s?|serving-kubelet\.crt)\b[^\n.]{0,30}?\b(?:fails?|failed|failing)\s+(?:to\s+)?(?:verif\w*|validat\w*)|\bfail(?:s|ed|ing)?\s+to\s+verify\s+(?:the\s+)?(?:kubelet(?:'s)?\s+serving\s+cert(?:ificate)?s?|serving-kubelet\.crt)\b/i,
    examples: [
      '"kubectl logs podName" verify serving-kubelet.crt failed that signed by k3s apiserver',
      'kubectl exec fails: verifying the kubelet serving certificate failed on the new node',
      'metrics-server fails to verify the kubelet serving certificate of worker-3',
    ],
    nearMisses: [
      'kubectl logs works: verify serving-kubelet.crt succeeded against the cluster CA',
      'the kubelet serving certificate was verified with openssl and is valid until 2027',
    ],
    rank: 2,
    when: (p) => kubeletVerifierPaste(p),
    check: 'certs',
    why: "The apiserver (kubectl logs, exec, port-forward) or metrics-server verifies the kubelet's serving certificate against the CA it was given (--kubelet-certificate-authority, or the cluster CA). A certificate from another signer fails: the kubelet's own self-signed one, or one a CSR signer issued that the verifier does not trust. The openssl check shows the issuer; compare it with the CA the verifier uses.",
    confirm: [
      {
        run: 'openssl s_client -connect <node-ip>:10250 </dev/null 2>/dev/null | openssl x509 -noout -issuer -subject -dates',
        where: 'workstation',
      },
    ],
    steps: [KUBELET_SERVING_FROM_CA],
  }),
  signal({
    id: 'describe-kubelet-cert-old-ip',
    code: 'cert/kubelet-san-mismatch',
    kind: 'description',
    // The node's address changed and the kubelet's serving certificate still names the old one:
    // "the kubelet certificate still has the old IP", "serving cert was issued for the previous IP".
    pattern:
      /\bcert(?:ificate)?s?\b[^\n.]{0,50}\b(?:for|with|contains?|containing|lists?|listing|names?|has|have|(?:issued|generated|created|signed|made|valid) (?:for|with))\b[^\n.]{0,12}\b(?:the |its |an? |their )?(?:old|previous|former|stale|outdated|original|prior) (?:node |host |server |internal |private )?IPs?(?: address(?:es)?)?\b|\b(?:old|previous|former|original) (?:node |host |internal |private )?IPs?(?: address(?:es)?)?\b[^\n.]{0,20}\b(?:is |are |was |were )?(?:still )?(?:in|on) (?:the |its |their )?(?:kubelet(?:'s)? )?(?:serving )?(?:cert(?:ificate)?s?|SANs?)\b/i,
    examples: [
      'the serving certificate of the kubelet still contains the old IP address after we changed the node IP',
      'kubelet serving cert was issued for the previous IP of the node, so kubectl logs fails',
      'the old node IP is still in the kubelet certificate',
    ],
    nearMisses: [
      'the kubelet certificate was reissued for the new IP',
      'the apiserver certificate still has the old IP of the load balancer',
    ],
    rank: 3,
    // A kubelet's certificate: not the apiserver's or a load balancer's (a control plane's own move).
    when: (p, h) =>
      kubeletVerifierPaste(p) &&
      !/apiserver|api-server|load balancer|etcd|ingress|registry/i.test(p.lines[h.line] ?? ''),
    check: 'certs',
    why: "The kubelet made its serving certificate for the node's addresses at the time; after the node IP changed it keeps serving the old certificate, and the apiserver (kubectl logs/exec) and metrics-server dial an address it does not list.",
    steps: [catalogStep('kubeletServingRenew')],
  }),
  signal({
    id: 'ca-mismatch-any-ca',
    code: 'cert/ca-mismatch',
    kind: 'signature',
    // Go crypto/x509 UnknownAuthorityError with a hint: while trying to verify candidate authority certificate "%s".
    pattern: /while trying to verify candidate authority certificate "?[\w.@-]{1,64}"?/i,
    examples: [
      'x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "kube-ca")',
    ],
    nearMisses: [
      'x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "front-proxy-ca")',
      'cloudcore: tls: failed to verify client certificate: x509: certificate signed by unknown authority (possibly because of "x509: ECDSA verification failure" while trying to verify candidate authority certificate "KubeEdge")',
    ],
    kube: false,
    rank: 5,
    // The line's own endpoint another daemon's (Docker's :2376, a registry's /v2/): that daemon's CA.
    // A webhook's own CA ("gatekeeper-ca" in a call to its Service) is its caBundle, not the cluster's;
    // a candidate named after an application's PKI ("KubeEdge", "istio-ca") is that application's.
    when: (p, h) =>
      !APP_PKI_RE.test(h.match[0]) &&
      !aggregationPaste(p) &&
      !foreignTls(p) &&
      !foreignToolNear(p, h) &&
      !foreignEndpoint(p.lines[h.line] ?? '') &&
      !/failed (?:calling|to call) (?:admission |conversion )?webhook/i.test(p.lines[h.line] ?? ''),
    check: 'certs',
    why: 'The client trusts a CA with the same name as the one that signed the server certificate, but a different key: the cluster was reinstalled or its CA rotated, and the kubeconfig (or in-cluster ca.crt) still holds the old one.',
    confirm: [
      {
        run: "kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d | openssl x509 -noout -fingerprint",
        where: 'workstation',
      },
      { run: 'openssl x509 -noout -fingerprint -in /etc/kubernetes/pki/ca.crt', where: 'control-plane' },
    ],
    steps: [catalogStep('kubeconfigRefetch')],
  }),
  signal({
    id: 'front-proxy-ca-mismatch-after-renewal',
    code: 'cert/ca-mismatch',
    kind: 'signature',
    title: "An aggregated API server no longer trusts the apiserver's front-proxy client certificate",
    // Go crypto/x509's hint naming the aggregation layer's CA ("front-proxy-ca"), in a paste that says the
    // cluster's certificates were just renewed or rotated: the front-proxy chain the apiserver presents and
    // the requestheader CA an extension apiserver (metrics-server, an adapter) trusts no longer agree.
    // Without a renewal the same line is a setup mistake of the aggregation layer, not a rotation's.
    pattern: /while trying to verify candidate authority certificate "?front-proxy-ca"?/i,
    examples: [
      'After renewing the kubeadm certificates metrics-server logs: Unable to authenticate the request due to an error: [x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "front-proxy-ca")]',
    ],
    nearMisses: [
      'x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "kube-ca")',
    ],
    kube: false,
    rank: 5,
    when: certsRenewedPaste,
    check: 'certs',
    why: "After the control plane's certificates were renewed or rotated, the front-proxy client certificate the apiserver presents to aggregated API servers (metrics-server, custom-metrics adapters) no longer verifies against the front-proxy CA they trust: front-proxy-client was re-signed by a new front-proxy CA, or they still hold the old requestheader CA from the extension-apiserver-authentication ConfigMap, which the apiserver republishes only when it restarts. kubectl top, HPA and every aggregated API fail until both sides agree.",
    confirm: [
      {
        run: 'openssl verify -CAfile /etc/kubernetes/pki/front-proxy-ca.crt /etc/kubernetes/pki/front-proxy-client.crt',
        where: 'control-plane',
        platform: 'kubeadm',
      },
      {
        run: 'openssl verify -CAfile /var/lib/rancher/k3s/server/tls/request-header-ca.crt /var/lib/rancher/k3s/server/tls/client-auth-proxy.crt',
        where: 'control-plane',
        platform: 'k3s',
      },
      {
        run: "kubectl -n kube-system get configmap extension-apiserver-authentication -o jsonpath='{.data.requestheader-client-ca-file}' | openssl x509 -noout -subject -fingerprint",
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/ && sleep 20 && mv /tmp/kube-apiserver.yaml /etc/kubernetes/manifests/',
        where: 'control-plane',
        platform: 'kubeadm',
        caution:
          'Restarts the apiserver on this node so it loads the renewed front-proxy client and republishes the requestheader CA; one control-plane node at a time.',
      },
      {
        run: 'systemctl restart k3s',
        where: 'control-plane',
        platform: 'k3s',
        caution: 'Restarts k3s on this server; one server at a time.',
      },
      {
        run: 'kubectl -n kube-system rollout restart deployment metrics-server',
        where: 'workstation',
        caution: 'Restart every other aggregated API server (custom-metrics adapters) the same way.',
      },
    ],
  }),
  signal({
    id: 'describe-ca-changed-unknown-authority',
    code: 'cert/ca-mismatch',
    kind: 'description',
    // The CA was re-issued (redeployed, rotated, the cluster reinstalled) and some client still
    // trusts the old one: "unknown authority" told next to what changed it.
    pattern:
      /\b(?:redeploy|rotat|regenerat|reinstall|re-?creat|re-?issu|replac)\w*\b[^\n]{0,80}\b(?:certificates?|certs?|CA|cluster)\b[^\n]{0,120}\bcertificate signed by (?:an )?unknown authority|\bcertificate signed by (?:an )?unknown authority\b[^\n]{0,80}\bafter (?:we |I |you )?(?:redeploy|rotat|regenerat|reinstall|re-?creat|re-?issu|replac)\w*\b[^\n]{0,30}\b(?:certificates?|certs?|CA|cluster)\b|\b(?:kubeconfigs?|certificate-authority-data|CA data|ca\.crt)\b[^\n.]{0,60}\b(?:is|are|was|were)?\s?(?:not|never) (?:being )?(?:updated|refreshed|rotated|replaced)\b[^\n.]{0,30}\b(?:after|upon|on|following|during) (?:the |a )?CA rotation\b|\bnot (?:destroyed|updated|replaced|refreshed|removed|regenerated)\b[^\n.]{0,10}\bwhen (?:the )?(?:certificate )?(?:authorit(?:y|ies)|CAs?) (?:are|is|were|was|gets?) rotated\b|\bkubeconfigs?\b[^\n]{0,60}\bnew CA\b[^\n.]{0,20}\bnot (?:reflected|propagated|picked up|updated|embedded)\b/i,
    examples: [
      'The files `kube-ca.pem`, `kube-access.key` and `kube-access.pem` are not destroyed when authorities are rotated, allowing them to become stale and prevent kubectl access.',
      'kubeconfig CA data is not updated upon CA rotation: the kubeconfigs still reference the old CA, hence signed by unknown CA',
      'playbooks/redeploy-certificates breaks nodes to master communication, x509: certificate signed by unknown authority',
      'kubectl says x509: certificate signed by unknown authority after we reinstalled the cluster',
    ],
    nearMisses: [
      'after we replaced the registry certificate, docker pull says x509: certificate signed by unknown authority',
      'x509: certificate signed by unknown authority when pulling from our private registry',
    ],
    rank: 3,
    when: (p, h) =>
      !foreignTls(p) &&
      !foreignToolNear(p, h) &&
      !/registr(?:y|ies)|docker|harbor|ingress|webhook|git(?:lab|hub)?\b|proxy/i.test(p.lines[h.line] ?? ''),
    check: 'certs',
    why: "The cluster's CA was re-issued (certificates redeployed, the cluster reinstalled) and a client still trusts the old CA: kubeconfigs, the kubelet's ca.crt on the nodes and in-cluster service-account ca.crt copies all have to carry the new one.",
    steps: [catalogStep('kubeconfigRefetch')],
  }),
  signal({
    id: 'describe-old-ca-kept-in-memory',
    code: 'cert/ca-mismatch',
    kind: 'description',
    // A long-running component that read the CA bundle (or its client certificate) once and keeps the old
    // one in memory after a rotation ("instead of keeping the expired certificate in memory", "does not
    // reload the new CA bundle"): it no longer trusts the servers' re-signed certificates until it restarts.
    // The apiserver's own in-memory loopback certificate is another story (its own rules).
    pattern:
      /\b(?:keep(?:s|ing)?|hold(?:s|ing)?|cach(?:es|ed|ing)|retain(?:s|ed|ing)?|still (?:uses?|using|holds?|has|trusts?))\b[^\n.]{0,30}?\b(?:old|expired|previous|stale|outdated)\s+(?:CA(?:\s+bundle)?s?|ca\.crt|certificate authorit(?:y|ies)|(?:CA\s+)?cert(?:ificate)?s?(?:\s+bundle)?)\b[^\n.]{0,20}?\bin[- ]memory\b|\b(?:does(?:n't| not)|did(?:n't| not)|never|fails? to|failed to|can(?:'t|not)|won't)\s+(?:re-?load|re-?read|pick up|refresh)\b[^\n.]{0,20}\bnew\s+CA(?:\s+bundle)?\b/i,
    examples: [
      'After the CA rotation the node daemon keeps the old CA bundle in memory, so its calls to the kube-apiserver fail with x509 errors until the pod restarts.',
      'Restart the pod after the kubelet certificate rotation: the operator does not reload the new CA bundle on its own.',
    ],
    nearMisses: [
      'After the CA rotation we keep the old CA bundle on disk for a rollback of the kubelet configuration.',
      'the kube-apiserver keeps its expired loopback certificate in memory after the certificate rotation',
    ],
    rank: 3,
    when: (p) => strongKubeContext(p) && certsRenewedPaste(p) && !loopbackPaste(p) && !foreignTls(p),
    check: 'certs',
    why: "After a certificate rotation, a long-running component (a daemon, an operator, a controller) still holds the CA bundle or client certificate it read at start: it no longer trusts the servers' re-signed certificates (or presents an expired one) and fails with x509 errors until it reloads them, which most do only on restart.",
    confirm: [
      {
        run: "kubectl -n <namespace> get configmap kube-root-ca.crt -o jsonpath='{.data.ca\\.crt}' | openssl x509 -noout -subject -enddate -fingerprint",
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'kubectl -n <namespace> rollout restart deployment/<name>   # or daemonset/<name>',
        where: 'workstation',
        caution:
          'The component reads the CA bundle only at start; restart it after every rotation until it reloads on its own.',
      },
    ],
  }),
  signal({
    id: 'describe-kubectl-unknown-authority',
    code: 'cert/ca-mismatch',
    kind: 'description',
    // kubectl's own call refused the apiserver's certificate, told in a sentence ("kubectl get nodes
    // … x509 certificate signed by unknown authority error"): the kubeconfig's CA is not the cluster's.
    // kubectl logs/exec/top go through the kubelet or metrics, so they are left to the kubelet rules.
    pattern:
      /\bkubectl\s+(?:get|apply|create|describe|version|cluster-info|run|delete|edit|patch|config|auth|rollout|scale|label|annotate)\b[^\n]{0,120}\bx509:? certificate signed by (?:an )?unknown authority|\bx509:? certificate signed by (?:an )?unknown authority\b[^\n]{0,60}\b(?:from|with|running|when (?:I |we )?run(?:ning)?|on every) kubectl\b/i,
    examples: [
      'when i try to issue kubectl get pods or kubectl get nodes I am getting x509 certificate signed by unknown authority error',
      'x509: certificate signed by unknown authority on every kubectl command since yesterday',
    ],
    nearMisses: [
      'kubectl logs web-1 fails with x509: certificate signed by unknown authority',
      'kubectl apply works, but the image pull fails: x509 certificate signed by unknown authority from our registry',
    ],
    rank: 4,
    when: (p, h) =>
      !foreignTls(p) &&
      !foreignToolNear(p, h) &&
      !/registr(?:y|ies)|docker|harbor|ingress|webhook|git(?:lab|hub)?\b|proxy|image|pull/i.test(
        p.lines[h.line] ?? '',
      ),
    check: 'certs',
    why: "kubectl does not trust the CA that signed the apiserver's certificate: the kubeconfig's certificate-authority-data is another cluster's or an older CA's (the cluster was re-created, or the file was copied from elsewhere).",
    steps: [catalogStep('kubeconfigRefetch')],
  }),
  signal({
    id: 'describe-cert-expired-zh',
    code: 'cert/control-plane-expiry',
    kind: 'description',
    pattern:
      /(?:集群|k8s|kubernetes)[^\n]{0,20}证书[^\n]{0,10}(?:过期|到期|续期)(?!日期|时间|日|提醒|告警|检查|检测|监控)|证书(?:已经|已)?过期(?!日期|时间|日|提醒|告警|检查|检测|监控)了?[！!]?|证书过期可能导致|\b(?:apiservers?|cluster|kubeadm|control[- ]plane|etcd|kubelet|k3s|rke2|minikube|master)\b[^\n.]{0,20}\bcert(?:ificate)?s?\b[^\n.]{0,20}\b(?:expired|has expired|are expired|expiring)\b/i,
    examples: [
      'k8s证书到期，k8s更新证书后，在kubecube更新集群证书后不生效',
      '集群证书如何续期',
      'apiservers cert expired and I ran kubeadm alpha cert renew all',
    ],
    nearMisses: [
      '证书有效期为十年',
      '私有 Harbor 镜像仓库证书过期，拉取镜像失败',
      '很多人对 k8s 证书望而却步,证书过期和相关报错就无从下手',
    ],
    rank: 2,
    // The sentence names another service's certificate: a registry's (Harbor, 镜像仓库), a site's or
    // an ingress's (域名, 网站, nginx), a webhook's, a web UI's (Rancher's UI, a dashboard).
    // A sentence about people in general ("很多人…证书过期…无从下手": many people are lost when …) is a
    // tutorial's opening, not an incident.
    when: (p, h) =>
      !/harbor|registry|镜像仓库|仓库|ingress|域名|网站|nginx|网关|gateway|let'?s ?encrypt|certbot|acme|webhook|\b(?:UI|web ?UI|dashboard|portal)\b|很多人|许多人|不少人|大家|\bmany (?:people|users|teams)\b/i.test(
        p.lines[h.line] ?? '',
      ),
    check: 'certs',
    why: 'kubeadm（及 k3s）的控制面叶子证书有效期一年，只在升级、`kubeadm certs renew` 或（k3s）续期窗口内重启时更新。kubeadm and k3s control-plane leaf certificates last one year.',
    steps: [catalogStep('certCheck'), catalogStep('certRenew')],
  }),
];

/** IPAM and network signals. */
/** The VPC CNI telling that a pod got no address (its plugin's or ipamd's words), cached per paste. */
const vpcPoolShortPaste = pasteTest(/failed to assign an IP address|no available IP|IP pool is too low/i);
/** How many pods the node holds: what a full address pool is compared with. */
const PODS_ON_NODE: Command = {
  run: 'kubectl get pods -A -o wide --field-selector spec.nodeName=<node> | wc -l',
  where: 'workstation',
};

const IPAM_SIGNALS: readonly Rule[] = [
  signal({
    id: 'cilium-no-more-ips',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    // cilium pkg/ipam/crd.go (CRD, ENI, Azure modes): "No more IPs available"; many other programs print
    // the same words, so only in a paste about Cilium.
    pattern: /\bNo more IPs available\b/i,
    examples: ['Cilium CNI IPAM crd mode: No more IPs available'],
    nearMisses: ['wireguard peer setup: No more IPs available'],
    kube: false,
    when: (p) => ciliumPaste(p),
    rank: 5,
    check: 'ipam',
    why: "The node's Cilium pool (the IPs the operator put in its CiliumNode spec.ipam.pool) is used up: the operator has not added more (ENI or subnet limits, a stuck operator), or addresses leaked.",
    steps: [
      {
        run: 'kubectl get ciliumnode <node> -o jsonpath="{.spec.ipam.pool}" | tr , "\\n" | wc -l; kubectl -n kube-system exec ds/cilium -- cilium status --verbose | grep -A3 IPAM',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'cilium-range-full',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    // cilium pkg/ipam: "range is full" (service/ipallocator ErrFull), "all CIDR ranges are exhausted" (pool.go,
    // multi-pool), "No more IPs available" (crd.go) through the CNI's "postIpamFailure"; the agent's own
    // "Error while allocating cilium-health IP" error="range is full"; aws vpc-cni ipamd: "no free IP available
    // in the prefix" (not for a "/ffffffff" one: in secondary-IP mode each /32 is tried in turn and a used one is
    // logged at debug level before the next, which is no shortage: datastore/data_store.go); kube-router/Genie wrap host-local.
    pattern:
      /unable to allocate IP via local cilium agent[^\n]{0,80}range is full|postIpamFailure\s+["'“]?(?:range is full|all CIDR ranges are exhausted|No more IPs available)|\ball CIDR ranges are exhausted\b|allocating cilium-health IP[^\n]{0,60}range is full|no free IP available in the prefix(?! - [\d.]{7,15}\/ffffffff)|IP address pool stats: total (\d+), assigned \1\b/i,
    examples: [
      'network: unable to allocate IP via local cilium agent: [POST /ipam][502] postIpamFailure  range is full',
      '[POST /ipam][502] postIpamFailure "all CIDR ranges are exhausted"',
      'level=fatal msg="Error while allocating cilium-health IP" error="range is full" subsys=daemon',
      'AssignPodIPv4Address: IP address pool stats: total 64, assigned 64',
    ],
    nearMisses: [
      'AssignPodIPv4Address: IP address pool stats: total 64, assigned 12',
      'Error: Internal error occurred: failed to allocate a serviceIP: range is full',
      '"msg":"Unable to get IP address from CIDR: no free IP available in the prefix - 10.100.52.34/ffffffff"',
    ],
    kube: false,
    rank: 6,
    check: 'ipam',
    why: "The node's pod address pool is used up: leaked allocations (addresses of pods that no longer exist) or more pods than the range holds.",
    steps: [PODS_ON_NODE],
  }),
  signal({
    id: 'kube-ovn-no-available-address',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    // kube-ovn pkg/ipam: ErrNoAvailable = errors.New("NoAvailableAddress"), logged by the controller for
    // every pod it cannot give an address from the subnet. A static IP asked for ("failed to get static ip
    // …, err NoAvailableAddress") is that one address taken or outside the subnet, not the subnet full.
    // pkg/controller/pod.go, a pod with several candidate subnets: "there's no available ipv4 address in
    // subnet %s, try next one" (the subnet's status says 0 available).
    pattern: /\bNoAvailableAddress\b|\bthere'?s no available ipv[46] address in subnet\b/,
    examples: [
      "E1128 10:02:11.291383 7 pod.go:425] error syncing 'ns/web-1': NoAvailableAddress, requeuing",
      "I1202 10:00:00.000000 7 pod.go:2041] there's no available ipv4 address in subnet ovn-default, try next one",
    ],
    nearMisses: [
      'E0619 12:07:04.072121 6 pod.go:1762] failed to get static ip 10.0.1.254, mac <nil>, subnet net1-vpc-1, err NoAvailableAddress',
    ],
    when: (p, h) => !/static ip/i.test(p.lines[h.line] ?? ''),
    rank: 5,
    check: 'ipam',
    why: "kube-ovn's controller allocates pod addresses from the pod's Subnet; NoAvailableAddress means that subnet's CIDR (minus excludeIps and addresses held by pods, including ones leaked by deleted pods) has none left.",
    confirm: [
      { run: 'kubectl get subnet -o wide   # V4USED vs V4AVAILABLE per subnet', where: 'workstation' },
    ],
    steps: [
      {
        run: 'kubectl ko nbctl show; kubectl get ips | wc -l   # then widen the Subnet CIDR or remove stale IP objects',
        where: 'workstation',
        caution: 'Delete an IP object only when its pod no longer exists.',
      },
    ],
  }),
  signal({
    id: 'antrea-ippool-exhausted',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    title: "The pod's Antrea IPPool has no free address",
    // antrea pkg/ipam/poolallocator/allocator.go: "failed to allocate IP: Pool %s is exhausted: %w" (ErrPoolExhausted,
    // "pool exhausted"), returned by the agent's CNI server as its IPAM failure (AntreaIPAM: flexible IPAM or a
    // secondary network's pool). Its own words, so no cluster cue is needed.
    pattern: /failed to allocate IP: Pool \S+ is exhausted/,
    examples: [
      'plugin type="antrea" failed (add): failed to allocate IP: Pool pool-vlan-100 is exhausted: pool exhausted',
    ],
    nearMisses: ['failed to allocate IP: Pool pool-vlan-100 is not ready'],
    kube: false,
    rank: 5,
    check: 'ipam',
    why: "With AntreaIPAM (flexible IPAM, or a secondary network's pool) a pod's address comes from an Antrea IPPool, not from the node's podCIDR; that pool's ranges are all allocated: to running pods, to StatefulSet reservations, or to pods that no longer exist.",
    confirm: [{ run: 'kubectl get ippools.crd.antrea.io   # TOTAL vs USED per pool', where: 'workstation' }],
    steps: [
      {
        run: 'kubectl get ippools.crd.antrea.io <pool> -o jsonpath=\'{range .status.ipAddresses[*]}{.ipAddress} {.phase} {.owner.pod.namespace}/{.owner.pod.name}{"\\n"}{end}\'',
        where: 'workstation',
        caution:
          'Compare the owners with `kubectl get pods -A -o wide`: a stale one is a leak (antrea-controller releases it when the pod is gone); otherwise add a range to the pool (ipRanges) or use another pool.',
      },
    ],
  }),
  signal({
    id: 'spiderpool-ips-used-out',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    title: "The pod's Spiderpool IPPool or subnet has no free address",
    // spiderpool pkg/constant/errors.go ErrIPUsedOut "all IP addresses used out" (ippool_manager.go: every
    // address of the SpiderIPPool allocated, or its allocation-record threshold reached), wrapped by the
    // agent's "all IPv4 IPPools [...] of eth0 filtered out: …"; subnet_manager.go "insufficient subnet
    // FreeIPs, required '%d' but only left '%d'" for a SpiderSubnet's auto-created pools.
    pattern:
      /\ball IP addresses used out\b|\bfiltered out: all IP addresses used\b|\binsufficient subnet FreeIPs, required '\d+' but only left '\d+'/,
    examples: [
      'postIpamIpFailure  failed to allocate IP addresses in standard mode: no IPPool available, all IPv4 IPPools [default-v4-ippool] of eth0 filtered out: all IP addresses used out',
      "failed to generate IPs from subnet 'v4-ss-4538', error: insufficient subnet FreeIPs, required '1' but only left '0', requeuing",
    ],
    nearMisses: [
      'failed to allocate IP addresses in standard mode: no IPPool available, no pool selection rules of any type are specified',
    ],
    kube: false,
    rank: 5,
    check: 'ipam',
    why: 'Spiderpool gives each pod an address from the SpiderIPPools its annotations, namespace or cluster defaults select (or from pools it creates out of a SpiderSubnet); every address of those pools is allocated: to running pods, to StatefulSet and KubeVirt reservations, or to pods that are gone and whose records the garbage collector has not released.',
    confirm: [
      {
        run: 'kubectl get spiderippool -o wide; kubectl get spidersubnet -o wide   # ALLOCATED-IP-COUNT vs TOTAL-IP-COUNT',
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: "kubectl get spiderippool <pool> -o jsonpath='{.status.allocatedIPs}'",
        where: 'workstation',
        caution:
          'Compare the pods named there with `kubectl get pods -A -o wide`: records of pods that are gone are a leak (spiderpool-controller releases them); otherwise add IPs to the pool (spec.ips) or its subnet.',
      },
    ],
  }),
  signal({
    id: 'cni-no-available-addresses',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    title: "The CNI's address pool on the node has no free pod IP address",
    // aws vpc-cni ipamd datastore: "AssignPodIPv4Address: no available IP/Prefix addresses", "DataStore has no
    // available IP/Prefix addresses"; azure-vnet-ipam (and kubenet on AKS): "Failed to allocate address: No available addresses";
    // docker's bridge IPAM under dockershim: "no available ip addresses on network". The VPC CNI plugin's own
    // "add cmd: failed to assign an IP address to container" alone has several causes: a differential (differential.ts).
    // Docker swarm's overlay IPAM prints the same Azure-like words, so that one needs a Kubernetes paste.
    pattern:
      /no available IP\/Prefix addresses|(?:DataStore has|assignPodIPv4AddressUnsafe:|AssignPodIPv[46]Address:) no available IP addresses|subnet doesn't seem to have enough IPs|Insufficient IP Addresses due to: InsufficientFreeAddressesInSubnet|Failed to (?:allocate address|delegate): (?:Failed to (?:allocate address|delegate): )*No available addresses|no available ip(?:v4)? addresses on (?:network|this network's address pools)/i,
    examples: [
      '{"level":"error","caller":"datastore/data_store.go:607","msg":"DataStore has no available IP/Prefix addresses"}',
      'NetworkPlugin cni failed to set up pod "web-1_default" network: Failed to allocate address: Failed to delegate: Failed to allocate address: No available addresses',
    ],
    nearMisses: ['AssignPodIPv4Address: ENI eni-0ee6 does not have available addresses, trying the next one'],
    rank: 6,
    when: (p, h) => {
      const line = p.lines[h.line] ?? '';
      if (/IP\/Prefix|DataStore has|PodIPv[46]Address|enough IPs|Insufficient IP Addresses/i.test(line))
        return true;
      // Docker's own bridge IPAM: a pod's address only on a node the paste names as Kubernetes.
      if (/on (?:network|this network's)/i.test(line)) return strongKubeContext(p) && !swarmPaste(p);
      return kubeContext(p) && !swarmPaste(p);
    },
    check: 'ipam',
    why: "The node's pod address pool has no free address: on kubenet/host-local (and Azure's IPAM store) usually addresses still held by pods that no longer exist, otherwise more pods than the node's pool (ENI/secondary IPs, podCIDR) holds.",
    confirm: [PODS_ON_NODE],
    steps: [catalogStep('podIpsFree')],
  }),
  signal({
    id: 'azure-cns-no-ips',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    title:
      'Azure CNS has no free pod IP for the node: the pod subnet is exhausted, or its next batch is pending',
    // Azure CNS (Azure CNI's dynamic pod-subnet allocation), cns/restserver/ipam.go: "not enough IPs available[
    // for <nc>], waiting on Azure CNS to allocate more", "no IPs available, waiting on Azure CNS to allocate more".
    pattern: /(?:not enough|no) IPs available(?: for [\w-]+)?, waiting on Azure CNS to allocate more/i,
    examples: [
      "plugin type='azure-vnet' failed (add): IPAM Invoker Add failed with error: Failed to get IP address from CNS with error: %w: AllocateIPConfig failed: not enough IPs available for 9c6a7f37-dd43-4f7c-a01f-1ff41653609c, waiting on Azure CNS to allocate more with NC Status: ,",
    ],
    nearMisses: ['Azure CNS allocated 16 more IPs to the node'],
    kube: false,
    rank: 6,
    check: 'ipam',
    why: "With Azure CNI's dynamic allocation, CNS hands each node pod addresses from the pod subnet in batches of 16; once the subnet has no unreserved address left, a node's batch runs out and its new sandboxes wait. A scale-up usually clears it within a minute; if it persists, the pod subnet is exhausted (its addresses reserved by nodes, not necessarily used by pods).",
    confirm: [{ run: 'kubectl get nnc -n kube-system   # ALLOCATED IPS per node', where: 'workstation' }],
    steps: [
      {
        run: 'Give pods more addresses: add a node pool on a new, larger pod subnet (az aks nodepool add … --pod-subnet-id <subnet-id>) and move workloads to it, or lower max-pods so each node reserves fewer.',
        kind: 'advice',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'vpc-cni-pool-full',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    title: "The VPC CNI's address pool on the node is all in use",
    // aws vpc-cni ipamd's pool stats (ipamd/ipamd.go): "IP pool stats: total = 10, used = 10, …" and
    // "IP Address Pool stats: total: 10, assigned: 10" — every address of the node's ENIs is taken. A full
    // pool is only a shortage when a pod failed to get an address, so the paste must say so.
    pattern: /IP (?:Address )?Pool stats: total(?::| =) ?([1-9]\d{0,5}), (?:used|assigned)(?::| =) ?\1\b/i,
    examples: [
      '{"level":"debug","caller":"ipamd/ipamd.go:852","msg":"IP pool stats: total = 10, used = 10, c.maxIPsPerENI = 5"} add cmd: failed to assign an IP address to container',
    ],
    nearMisses: [
      '"msg":"IP pool stats: total = 10, used = 4, c.maxIPsPerENI = 5" add cmd: failed to assign an IP address to container',
      '"msg":"IP pool stats: total = 10, used = 10, c.maxIPsPerENI = 5"',
    ],
    rank: 6,
    // podCreationPaste: a sandbox, ContainerCreating, the CNI; or ipamd's own words for a pod it could not serve.
    when: (p) => podCreationPaste(p) || vpcPoolShortPaste(p),
    check: 'ipam',
    why: "Every address the VPC CNI holds on this node (its ENIs' secondary IPs or prefixes) is assigned: the instance type's ENI/IP limit is reached, the subnet cannot give more, or addresses of pods that are gone were not released.",
    confirm: [
      PODS_ON_NODE,
      {
        run: 'curl -s http://localhost:61679/v1/enis | head -c 2000   # ipamd introspection: ENIs and their assigned IPs',
        where: 'node',
      },
    ],
    steps: [catalogStep('podIpsFree')],
  }),
  signal({
    id: 'pod-range-full',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    // The apiserver's ipallocator ErrFull ("range is full") is vendored by pod IPAMs too (Cilium's
    // cluster-pool, OVN-Kubernetes' and openshift-sdn's per-node subnets): a pod that cannot be created
    // with it is out of pod addresses. The Service allocator says it after "serviceIP:" (not ours).
    pattern: /(?<!serviceIP:\s?)\brange is full\b/i,
    examples: [
      'Sometimes we see pods fail creating due to the error: err: range is full',
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9a1c": range is full',
    ],
    nearMisses: [
      'pods fail: Internal error occurred: failed to allocate a serviceIP: range is full',
      'Companies range is full; raise the configured read limit',
    ],
    rank: 3,
    when: (p) => podCreationPaste(p) && !serviceRangePaste(p),
    check: 'ipam',
    why: "The node's pod address range has no free address: addresses still held by pods that no longer exist, or more pods than the node's range holds.",
    steps: [PODS_ON_NODE],
  }),
  signal({
    id: 'whereabouts-range-full',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    // whereabouts pkg/allocate: AssignmentError "Could not allocate IP in range: ip: %v / - %v / range: %#v".
    pattern: /Could not allocate IP in range: ip: /i,
    examples: [
      'error adding container to network "n99prov": Error at storage engine: Could not allocate IP in range: ip: 172.24.1.120 / - 172.24.1.123 / range: net.IPNet{IP:net.IP{0xac, 0x18, 0x0, 0x0}}',
    ],
    nearMisses: ['Error at storage engine: context deadline exceeded'],
    rank: 6,
    check: 'ipam',
    why: 'whereabouts (the IPAM behind Multus secondary networks) found no free address in the range: every address is reserved in its IPPool, often by pods that were deleted or failed their first ADD while the reservation stayed (or, for a one-address range, by the other copy of a live-migrating VM).',
    confirm: [
      { run: 'kubectl get ippools.whereabouts.cni.cncf.io -A -o yaml', where: 'workstation' },
      { run: 'kubectl get overlappingrangeipreservations.whereabouts.cni.cncf.io -A', where: 'workstation' },
    ],
    steps: [
      {
        run: 'kubectl -n kube-system rollout restart ds/whereabouts',
        where: 'workstation',
        caution:
          'Recent whereabouts versions reconcile leaked reservations on start; older ones need the stale entries removed from the IPPool by hand.',
      },
    ],
  }),
  signal({
    id: 'weave-unreachable-peer-space',
    code: 'ipam/range-exhausted',
    kind: 'signature',
    // weave `status ipam`: "<mac>(<nick>)  <n> IPs (<p>% of total) - unreachable!".
    pattern: /\d+ IPs \(\d{1,3}\.\d% of total\)[^\n]{0,20}- unreachable!/,
    examples: [
      'f6:c8:40:e4:39:01(ip-172-25-19-132.ec2.internal)      256 IPs (00.0% of total) - unreachable!',
    ],
    nearMisses: ['5a:b9:05:33:78:8f(ip-172-25-19-231.ec2.internal)   655367 IPs (31.3% of total) (7 active)'],
    rank: 5,
    check: 'ipam',
    why: "weave's address space is split between peers; a peer that left without `weave reset` (a recycled node) keeps its share, marked unreachable, and no one else may allocate from it, so pods on the remaining nodes run out of addresses.",
    confirm: [
      {
        run: 'kubectl exec -n kube-system <weave-pod> -c weave -- /home/weave/weave --local status ipam',
        where: 'workstation',
      },
    ],
    steps: [
      {
        run: 'kubectl exec -n kube-system <weave-pod> -c weave -- /home/weave/weave --local rmpeer <peer-name>',
        where: 'workstation',
        caution: 'Only for peers that are really gone; run it on one node, once per dead peer.',
      },
    ],
  }),
  signal({
    id: 'describe-pod-ip-pool-exhausted',
    code: 'ipam/range-exhausted',
    kind: 'description',
    pattern:
      /(?:子网|IP ?池|地址池)[^\n]{0,6}(?:耗尽|用尽|用完)|\bpod ip (?:range|pool|addresses)\b[^\n.]{0,20}\b(?:exhausted|used up|ran out|run out)\b|\b(?:subnet|pod ?cidr|pod range|ip (?:range|pool)|address (?:range|pool))s?\b[^\n.]{0,20}\b(?:is |was |are |were )?(?:running|ran|run) out of (?:free |available )?(?:IP |pod )?(?:addresses|IPs)\b|\b(?:subnet|pod ?cidr|pod range|ip (?:range|pool)|address (?:range|pool))(?:'s|s)?(?: (?:IPs?|IP addresses|addresses))? (?:is|are|was|were|got|became|has been|have been) (?:fully |completely |all )?(?:exhausted|used up|depleted)\b/i,
    examples: [
      'K3s中Flannel CNI无法分配Pod IP的核心原因是子网耗尽',
      'NetworkPlugin cni failed to set up pod; it looks like the subnet is running out of addresses',
      "pods are stuck in creation because one of the subnet's ips is exhausted while the other subnets still have available IP addresses",
    ],
    nearMisses: [
      'pod IP 分配正常',
      'the disk is running out of space on the node',
      'kubernetes: our MetalLB ip pool is exhausted and the LoadBalancer service stays pending',
      'kubectl: the service ip range is exhausted, ClusterIP allocation fails',
    ],
    // A Service's or a load balancer's range (ClusterIP, MetalLB) is not a pod range.
    when: (p) => !serviceRangePaste(p),
    check: 'ipam',
    why: "The node's pod range has no free address: leases of deleted pods that CNI DEL never removed, or a genuinely full podCIDR.",
    steps: [{ run: 'ls /var/lib/cni/networks/<network> | wc -l; crictl pods -q | wc -l', where: 'node' }],
  }),
  signal({
    id: 'calico-autoassign-exhausted',
    code: 'ipam/calico-exhausted',
    kind: 'signature',
    // libcalico-go ipam: "Unable to autoassign an address - pools are likely exhausted"; "cannot allocate new block due to per host block limit".
    pattern:
      /Unable to autoassign an address|pools are likely exhausted|Found \d+ IPs that are allocated in IPAM but not actually in use|cannot allocate new block due to per host block limit|No IPv4 addresses available in pool|No IPs available in pools|not enough IPs?\b[^\n]{0,40}\b(?:calico|ippool|ipam)|calicoctl ipam (?:check|show)/i,
    examples: ['Calico Issue Unable to autoassign an address - pools are likely exhausted'],
    nearMisses: [
      'Calico assigned 10.244.1.5 to pod nginx',
      'No IPv4 addresses available in pool; no IP pools are configured',
      'See calicoctl ipam show --show-blocks for per-node block usage.',
      'Understanding block affinity is essential for troubleshooting IP exhaustion: calicoctl ipam show --show-blocks',
    ],
    kube: false,
    rank: 6,
    // A `calicoctl ipam show` table whose pool rows still have room answers the question the other way.
    // The command named alone (a help or index page, a how-to) is a step, not a symptom: it counts only
    // where the paste also says addresses or blocks ran out or could not be assigned, or shows a full pool.
    when: (p, h) =>
      !noCalicoPool(p) &&
      !calicoPoolHasRoom(p) &&
      (!/^calicoctl/i.test(h.match[0]) || addressesRanOut(p) || calicoPoolFull(p)),
    check: 'ipam',
    why: 'Calico IPAM hands each node /26 blocks from the IP pool; when the pool has no free block (or the node hit maxBlocksPerHost) and the node blocks are full of leaked handles, no address can be assigned.',
    confirm: [
      { run: 'calicoctl ipam show --show-blocks; calicoctl ipam check -o report.json', where: 'workstation' },
    ],
    steps: [
      {
        run: 'calicoctl ipam release --from-report=report.json',
        where: 'workstation',
        caution: 'Releases only addresses the check found leaked; take it on a quiet cluster.',
      },
    ],
  }),
  signal({
    id: 'duplicate-pod-ip-prose',
    code: 'ipam/duplicate-pod-ip',
    kind: 'description',
    pattern:
      /\b(?:pods?|containers?)\b[^\n.]{0,40}\b(?:the )?(?:exact )?same IP(?: address(?:es)?)?\b(?!\s*(?:family|range|block|pool))|\bsame IP(?: address)?\b[^\n.]{0,40}\bpods?\b|\bduplicate (?:pod )?IPs?\b|\bIP(?: address(?:es)?)?\b[^\n.]{0,12}\b(?:found |is |are |was |were )?duplicated?\b[^\n.]{0,30}\b(?:pods?|containers?)\b|\bIPs?(?: address(?:es)?)?\b[^\n.]{0,60}\b(?:conf(?:lic|ilc|ic)t|clash)\w*\b[^\n.]{0,20}\b(?:IPs?|address(?:es)?) of\b[^\n.]{0,40}\bpods?\b|\bIP (?:conf(?:lic|ilc|ic)t|clash)\w*\b[^\n.]{0,10}\b(?:between|among)\b[^\n.]{0,30}\bpods?\b|IP ?(?:地址)?(?:重复|冲突)|(?:同一个|相同的?) ?IP|\b(?:re-?)?assign\w*\b[^\n.]{0,30}\bIP(?: address)?(?:es)?\b[^\n.]{0,20}\b(?:already|still) (?:in use|used|held|assigned|allocated)\b|\bIP(?: address)?(?: [0-9a-f.:]{3,45})?\s(?:is |was |got )?(?:also|already|simultaneously) (?:assigned|allocated|given|used|held) (?:to|by) (?:another|a different|an?other|two|both) (?:pods?|containers?)\b|\baddress(?:es)?\b[^\n.]{0,30}\b(?:already|still) (?:taken|in use|used|held|assigned|allocated|owned) (?:by|to) (?:another|a different|an?other|other|a running|running) (?:pods?|containers?)\b/i,
    examples: [
      'I found some pods with the exact same IP address like other pods',
      'Need help, IP address found duplicate on two pods running on different nodes',
      "the pod's IP 10.244.3.7 is also assigned to another pod on node5",
      'pod 的 IP 地址重复了，两个 pod 拿到了同一个 IP',
      'Calico tries to reassign IP addresses already in use by running pods',
      '2 pods may receive same ip',
      'the IP allocated to new pods would confilct with the IP of k8s system pods coredns',
      'the IPAM gives the new pod an address which is already taken by another pod',
    ],
    nearMisses: [
      'the IP address is duplicated in the allow-list of the firewall',
      'both services share the same IP family',
      'pods on the same node',
      'the static IP 10.0.0.9 is already used by another VM',
      'Calico with iptables: assigning same ip address for short-live pods',
      'Network policy fails when completed pods and running pods have the same IP',
      'the pod IP range conflicts with the address of the node network',
      'the floating address is already taken by another VM',
    ],
    rank: 3,
    // An address handed at once to the next short-lived pod, or reused from a pod that completed or
    // was deleted, is reuse after release, not two holders.
    when: (p, h) =>
      !hostNetworkPaste(p) &&
      !/short[- ]li\w+|(?:quickly|immediately|instantly) re-?used|\b(?:completed|succeeded|terminated|finished|exited|evicted|deleted)\b[^\n.]{0,20}\bpods?\b|\brecycl\w*/i.test(
        p.lines[h.line] ?? '',
      ),
    check: 'ipam',
    why: 'Two pods hold one address: two nodes share a pod range (same podCIDR or a duplicated CNI config), or the IPAM lost an allocation (host-local state wiped, Calico handle leak) and handed it out again.',
    steps: [
      {
        run: "kubectl get pods -A -o wide --no-headers | awk '{print $7}' | sort | uniq -d",
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'calico-route-held-by-other-interface',
    code: 'ipam/duplicate-pod-ip',
    kind: 'signature',
    // Calico cni-plugin dataplane_linux.go: "route (Ifindex: %d, Dst: %s, Scope: %v) already exists for an
    // interface other than '%s'" (older: "route (Dst: %s, Scope: %s) …"): the address IPAM handed to the new
    // pod is still routed to another pod's cali* interface — a live holder or a veth never cleaned up.
    pattern:
      /\broute \((?:Ifindex: \d+, )?Dst: [0-9a-f.:]+\/\d+, Scope: \w+\) already exists for an interface other than\b/i,
    examples: [
      'plugin type="calico" failed (add): error adding host side routes for interface: calid29a1cadef5, error: route (Ifindex: 131, Dst: 172.25.136.1/32, Scope: link) already exists for an interface other than \'calid29a1cadef5\'',
    ],
    nearMisses: ['CNI skipping add route. Route already exists for cali12ab34cd56e'],
    kube: false,
    rank: 5,
    check: 'ipam',
    why: "Calico gave the new pod an address whose /32 route still points at another cali* interface: either a running pod holds the same address (IPAM lost its allocation: a handle deleted, a block re-claimed after a calico-node redeploy) or an old pod's veth and route were never cleaned up (kubelet restart, force-deleted pod). Until the route is gone every pod handed that address fails to start.",
    confirm: [
      { run: 'ip route show | grep <address>   # the interface that holds it', where: 'node' },
      { run: 'kubectl get pods -A -o wide | grep <address>', where: 'workstation' },
    ],
    steps: [
      {
        run: 'calicoctl ipam check --show-problem-ips   # then: calicoctl ipam release --ip=<address> if no pod holds it',
        where: 'workstation',
        caution:
          'Release only an address no running pod holds; delete the stale route (ip route del <address>/32 dev <old cali iface>) on the node.',
      },
    ],
  }),
  signal({
    id: 'pod-cidr-overlap-prose',
    code: 'ipam/pod-cidr-overlap',
    kind: 'description',
    pattern:
      /\b(?:multiple|several|two|all(?: \w+)?) nodes\b[^\n.]{0,20}\bhave the same pod ?cidr\b|\bsame POD_?CIDR\b|\bpod ?cidr(?:s)? overlap(?:ping)?\b|\boverlapping pod ?cidrs?\b/i,
    examples: ['we found that multiple nodes have the same podCIDR', 'leads to PodCIDR overlapping'],
    nearMisses: ['the pod CIDR and the service CIDR must not overlap with the node network'],
    rank: 4,
    check: 'ipam',
    why: 'Two nodes own the same or overlapping pod ranges (hand-set podCIDRs, a node-cidr-mask-size change, a reused node name): pods on them get the same addresses and routing breaks.',
    steps: [
      {
        run: 'kubectl get nodes -o jsonpath=\'{range .items[*]}{.metadata.name} {.spec.podCIDR}{"\\n"}{end}\' | sort -k2',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'pod-cidr-unassigned-more',
    code: 'ipam/pod-cidr-unassigned',
    kind: 'signature',
    // kube-controller-manager nodeipam: "failed to allocate cidr from cluster cidr at idx:%v: %v", "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range".
    // A CNI config templated from the node's podCIDR (kube-router's, a bridge's) written with an empty
    // host-local subnet, and old kube-router's "Failed to get pod CIDR from CNI conf file: … invalid CIDR
    // address: " with nothing after it: the node had no podCIDR to write. So is a sandbox whose network setup
    // fails with Go's net.ParseCIDR error on an empty string ("invalid CIDR address: " and nothing after: the
    // host-local range's subnet in a CNI config templated from a pod CIDR that was never set).
    pattern:
      /failed to allocate cidr(?: from cluster cidr)?|CIDR allocation failed|no remaining CIDRs left to allocate|\\{0,3}"ipam\\{0,3}"\s*:\s*\{[^}\n]{0,160}\\{0,3}"subnet\\{0,3}"\s*:\s*\\{0,3}"\\{0,3}"|Failed to get pod CIDR from CNI conf file:[^\n]{0,80}invalid CIDR address:\s*(?=$|["'\\])|\b(?:pod sandbox|for sandbox|network for pod)\b[^\n]{0,200}\binvalid CIDR address:?\s*(?=$|["'\\,)])|\bpod ?cidrs?\b[^\n.]{0,20}\b(?:missing|empty|not (?:allocated|assigned|set))\b|run out of pod CIDRs|\b(?:nodes?|new nodes)\b[^\n.]{0,30}\b(?:will |would |do |does |did )?(?:not|never) (?:receive|get|be (?:given|assigned|allocated))\b[^\n.]{0,12}\b(?:pod ?)?cidr(?: block)?s?\b|\binsufficient (?:pod|node) cidrs?\b|failed to acquire lease: out of subnets|Failed to allocate PodCIDRs? to node|required IPv[46] PodCIDR not available/i,
    examples: [
      'level=warning msg="Waiting for k8s node information" error="required IPv4 PodCIDR not available" subsys=daemon',
      'E0725 21:15:42.769584 1 controller_utils.go:248] Error while processing Node Add: failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed',
      'kubernetes v1.14.1 node.spec.podCIDR missing in worker nodes',
      'Failed to get pod CIDR details from Node.spec: node.Spec.PodCIDR not set for node: master-etcd3',
      '{"bridge":"kube-bridge","ipam":{"subnet":"","type":"host-local"},"isDefaultGateway":true,"name":"kubernetes","type":"bridge"}',
      'E1212 19:18:16.327767 1 network_routes_controller.go:82] Failed to get pod CIDR from CNI conf file: Failed to get IPAM details from the CNI conf file: invalid CIDR address:',
      'If more nodes are created than the pods cidrBlocks can accomodate, new nodes will not receive a cidr block for pods.',
      '{"error":"failed to allocate ipv4 address for node \\"w-1\\" from pool \\"default\\": pool empty","level":"warning","msg":"Failed to allocate PodCIDRs to node","nodeName":"w-1"}',
      'Warning  FailedCreatePodSandBox  12s  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "4e1b": plugin type="bridge" failed (add): invalid CIDR address: ',
      'Failed to create pod sandbox: invalid CIDR address',
    ],
    nearMisses: [
      'allocated podCIDR 10.244.1.0/24 to node worker-1',
      '{"bridge":"kube-bridge","ipam":{"subnet":"10.244.1.0/24","type":"host-local"},"name":"kubernetes","type":"bridge"}',
      'failed to setup network for sandbox "4e1b": plugin type="bridge" failed (add): invalid CIDR address: 10.244.1.0/33',
    ],
    kube: false,
    rank: 6,
    check: 'ipam',
    why: (paste) =>
      `kube-controller-manager (--allocate-node-cidrs) carves one podCIDR per node from --cluster-cidr; when the cluster CIDR has no room left (too small for the node count at --node-cidr-mask-size) new nodes get none and CNIs that need one (flannel, host-local) cannot start.${podCidrFamilyWhy(paste)}`,
    facts: (paste, hits) => [...allocatorRangeFacts(paste, hits), ...emptyCniSubnetFacts(paste, hits)],
    confirm: [
      NODE_POD_CIDRS,
      {
        run: 'kubectl -n kube-system get pod -l component=kube-controller-manager -o yaml | grep -E "cluster-cidr|node-cidr-mask-size"',
        where: 'workstation',
      },
    ],
    steps: [MORE_NODE_CIDRS],
  }),
  signal({
    id: 'describe-pod-cidr-unassigned',
    code: 'ipam/pod-cidr-unassigned',
    kind: 'description',
    // The node range allocator told in a sentence: it found no CIDR left for a node, or could not
    // give one ("it tries to assign a CIDR to it … no available CIDRs"). A cloud's own IPAM pools
    // ("no available CIDRs in the VPC IPAM pool") are not the cluster's: the paste must name Kubernetes.
    pattern:
      /\bno (?:available|free|more|remaining|spare) (?:pod |node )?CIDRs?\b(?! in the (?:VPC|IPAM))|\b(?:there is|there's|has|have|had|with|without|gets?|got|getting|receives?|received) (?:no|a missing|an empty|never (?:got|received|been assigned) an?) ?pod ?CIDR\b|\bpod ?CIDR\b[^\n.]{0,20}\b(?:is|was|are|were|stays?|stayed|remains?|remained) (?:still )?(?:empty|missing|not (?:set|assigned|allocated)|unassigned|blank|nil|null)\b|\b(?:fail(?:s|ed|ing)?|unable|cannot|can't|could not|couldn't)\b[^\n.]{0,30}\b(?:assign|allocat)\w*\b[^\n.]{0,10}\b(?:a |the )?(?:pod ?)?CIDRs? (?:to|for) (?:(?:the|a|new|each|every|this|that) ){0,2}nodes?\b|\b(?:does ?n[o']t|do ?n[o']t|did ?n[o']t|not|never)\b (?:see|find|get|have|populate[sd]?)\b[^\n.]{0,12}\b(?:node\.)?(?:spec\.)?pod ?CIDRs?\b[^\n.]{0,12}\b(?:populated|set|assigned|allocated|in (?:the |my |its |their )?node)\b|\bdo(?:es)? ?n[o']t populate (?:the )?(?:node\.)?(?:spec\.)?pod ?CIDRs?\b/i,
    examples: [
      "When a Node is created the kube-controller-manager tries to assign a CIDR to it. If it fails for any reason (no available CIDRs) it won't ever retry",
      'kube-controller-manager failed to allocate a pod CIDR for the new node',
      'When I try to expand a node, because there is no podcidr, the flannel pod is Error',
      'the new worker has no podCIDR, so kube-flannel keeps restarting',
      'spec.podCIDR is empty on node-3',
      "I don't see 'podCIDR' populated in my node spec field",
      'spec: {} empty, does not populate node.Spec.PodCIDR',
    ],
    nearMisses: [
      'we allocated a CIDR to each node by hand',
      'there are no available CIDRs in the VPC IPAM pool for the subnet',
      'every node has a podCIDR from 10.244.0.0/16',
      'Calico IPAM does not need the podCIDR set in the node spec',
    ],
    rank: 3,
    when: (p) => strongKubeContext(p),
    check: 'ipam',
    why: (paste) =>
      `kube-controller-manager (--allocate-node-cidrs) had no podCIDR left to give a node: the cluster CIDR is too small for the node count at --node-cidr-mask-size, and CNIs that need a node range (flannel, host-local) cannot start there.${podCidrFamilyWhy(paste)}`,
    confirm: [NODE_POD_CIDRS],
    steps: [MORE_NODE_CIDRS],
  }),
  signal({
    id: 'pod-cidr-near-full-prose',
    code: 'ipam/pod-cidr-near-full',
    kind: 'description',
    pattern:
      /\brunning out of (?:pod ?IP|pod address) space\b|\baddress space is exhausted\b[^\n]{0,80}\bmax-?pods\b|\bmax-?pods\b[^\n]{0,80}\b(?:exceeds?|larger than|more than) (?:the )?(?:pod ?cidr|range)\b/i,
    examples: ['Reduce maxPodsPerNode from 110 (default) to 15 to avoid running out of PodIP space'],
    nearMisses: ['maxPods is 110 on every node'],
    check: 'ipam',
    why: "A node's podCIDR holds fewer addresses than the pods it may run (max-pods, plus addresses not yet released): it fills before the scheduler stops placing pods there.",
    steps: [
      {
        run: 'kubectl get node <node> -o jsonpath="{.spec.podCIDR} {.status.capacity.pods}"',
        where: 'workstation',
      },
    ],
  }),
  signal({
    id: 'bridge-address-more',
    code: 'ipam/bridge-address-mismatch',
    kind: 'signature',
    // containernetworking/plugins bridge.go: 'failed to set bridge addr: %q already has an IP address different from %v' (quotes escaped in JSON).
    pattern:
      /failed to set bridge addr:? \\?"?(?:cni0|cbr0|kube-bridge|cni-\w+)\\?"? already has an IP address|\b(?:kube-bridge|cni0)\b[^\n.]{0,40}\b(?:was using|still (?:has|uses)|keeps?|kept)\b[^\n.]{0,20}\bold (?:CIDR|subnet|address)|\b(?:flannel\.1|cni0)\b[^\n.]{0,10}\band\b[^\n.]{0,10}\b(?:cni0|flannel\.1)\b[^\n.]{0,40}\bdon'?t match\b|(?:网卡|网桥)[^\n]{0,8}(?:和|与)[^\n]{0,4}pod ?ip ?段冲突/i,
    examples: [
      'CI/CD: failed to set bridge addr: \\"cni0\\" already has an IP address',
      'I found CIDR in 10-kuberouter.conf was changed, but kube-bridge was using old CIDR (10.244.7.1/24)',
    ],
    nearMisses: ['cni0 has address 10.244.1.1/24', 'kube-bridge created'],
    kube: false,
    rank: 6,
    check: 'ipam',
    why: "The node bridge (cni0, kube-bridge) keeps the gateway address of the node's previous pod range (the node re-joined, moved clusters or got a new podCIDR); the bridge plugin refuses to add pods until it is recreated.",
    steps: [
      {
        run: 'ip link set cni0 down && ip link delete cni0 && systemctl restart kubelet   # kube-router: kube-bridge',
        where: 'node',
        caution: 'Disconnects every pod on the node until their sandboxes are recreated; drain it first.',
      },
    ],
  }),
  signal({
    id: 'forward-disabled-more',
    code: 'net/forward-drop',
    kind: 'signature',
    pattern:
      /iptables -P FORWARD ACCEPT|\bFORWARD\b[^\n]{0,40}\b(?:policy|default)\b[^\n]{0,30}\b(?:DROP|DENY)\b|\b(?:policy|default)\b[^\n]{0,40}\bFORWARD\b[^\n]{0,30}\b(?:to|is|of|=) ?(?:DROP|DENY)\b|\bforwarding to DROP\b|\bforwarding policy\b[^\n]{0,30}\b(?:to|is|was|=) [`'"]?(?:DROP|DENY)\b|(?:^|[\s"'`]):FORWARD DROP \[|\b(?:upgrad\w*|install\w*|moving|moved|updat\w*)\b[^\n]{0,30}\bdocker\b[^\n]{0,10}\b1\.1[3-9]\b[^\n]{0,80}\b(?:traffic|NodePort|network\w*|connectivity)\b[^\n]{0,40}\b(?:stop|fail|broke|break|not work|no longer)|\bip_forward\b[^\n]{0,40}(?:\b0\b|off|disabled|not set to 1|turned off)|\bIP(?:v4)? forwarding\b[^\n.]{0,40}\b(?:was turned off|turned off|disabled|must be enabled|is not enabled|not enabled)\b|echo '?1'? > \/proc\/sys\/net\/ipv4\/ip_forward|\bdisables? (?:IP|ipv4) forwarding\b|silently disables IP forwarding|\b(?:drop|deny) policy (?:on|of|for|in) (?:the |your |its |this )?forward(?:ing)? (?:table|chain)\b/i,
    examples: [
      'pods on different nodes could not talk; sudo iptables -P FORWARD ACCEPT worked',
      'the cluster was broken because IP forwarding was turned off',
      'Docker 1.13 changed the default FORWARD policy from ACCEPT to DENY that prevents services of type NodePort from working.',
      ':FORWARD DROP [0:0]',
      'After upgrading to docker 1.13.0 on the nodes, outbound container traffic stops working',
      'it jumped out on me that you have a default drop policy on your forward table',
      // moby/moby#28257, as the projects that worked around it tell it.
      'docker 1.13+ changed the default iptables forwarding policy to DROP',
    ],
    nearMisses: [
      'the accept policy on the forward chain is fine',
      ':FORWARD ACCEPT [0:0]',
      'after upgrading docker to 1.13 the images build faster',
      'net.ipv4.ip_forward = 1',
      'iptables -P FORWARD DROP is set by our firewall policy on purpose',
      'echo "[init] Configuring iptables forwarding policy"',
      'ubuntu@kubeflow:~$ sudo iptables -P FORWARD ACCEPT',
    ],
    kube: false,
    rank: 5,
    // The remedy alone (`iptables -P FORWARD ACCEPT` typed as a step of a guide) is not evidence of a DROP
    // policy: it is when the paste says it helped ("worked", "solved", a "workaround") or names the DROP.
    when: (p, hit) => !FORWARD_REMEDY_ONLY_RE.test(p.lines[hit.line] ?? '') || forwardRemedyTold(p),
    check: 'ipam',
    why: 'Pod traffic between nodes and to the outside is forwarded by the host: with net.ipv4.ip_forward=0 or an iptables FORWARD policy of DROP (Docker sets it; ufw/firewalld too), pods reach nothing beyond their node.',
    confirm: [{ run: 'sysctl net.ipv4.ip_forward; iptables -S FORWARD | head -1', where: 'node' }],
    steps: [
      {
        run: "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/99-kubernetes.conf && sysctl --system",
        where: 'node',
      },
      {
        run: 'iptables -P FORWARD ACCEPT',
        where: 'node',
        caution: 'Persist it in your firewall configuration; Docker resets it on start.',
      },
    ],
  }),
  signal({
    id: 'stale-neighbour-entry',
    code: 'net/stale-arp',
    kind: 'signature',
    pattern:
      /\bstale[- ](?:neigh(?:bou?r)?|ARP)(?: \(ARP\))?[- ](?:cache|entry|entries)\b|\bstale ARP entr(?:y|ies)\b|\blladdr (?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?: [^\n]{0,60})? STALE\b|\bneigh(?:bou?r)? entr(?:y|ies)\b[^\n]{0,80}\b(?:become|becomes|stays?|remains?) STALE\b|\b(?:invalidate|flush|clear)\w*\b[^\n]{0,10}\b(?:arp|neighbou?r) (?:cache|table|entr\w*)\b[^\n]{0,40}\breus\w*|\b(?:arp|neighbou?r) (?:cache|table|entr\w*)\b[^\n]{0,60}\b(?:not (?:updated|populated|refreshed)|old mac)\b/i,
    examples: [
      'we narrowed the symptom to a stale neighbor (ARP) cache entry holding a wrong MAC address',
      'the new pod reuses 10.244.0.13 but still gets the old mac: 10.244.0.13 dev cni0 lladdr 22:47:9a:ce:70:88 STALE',
      'If the pod B is deleted, the neigh entry for pod B on node A will become STALE and is not updated',
      'Invalidate arp cache when reusing ips',
    ],
    nearMisses: [
      '10.244.0.13 dev cni0 lladdr 22:47:9a:ce:70:88 REACHABLE',
      'arp_cache: neighbor table overflow!',
    ],
    kube: false,
    rank: 4,
    when: (p, h) => !/lladdr/i.test(p.lines[h.line] ?? '') || reusedAddressPaste(p),
    check: 'ipam',
    why: 'A neighbour entry still maps a pod IP to the MAC of the pod (or node) that held it before; traffic for the new pod goes to the old MAC until the entry is replaced.',
    confirm: [{ run: 'ip neigh show | grep <pod-ip>', where: 'node' }],
    steps: [{ run: 'ip neigh del <pod-ip> dev <interface>', where: 'node' }],
  }),
];

/** Every signal rule. */
export const SIGNAL_RULES: readonly Rule[] = [
  ...TOKEN_SIGNALS,
  ...SKEW_SIGNALS,
  ...CERT_SIGNALS,
  ...IPAM_SIGNALS,
];
