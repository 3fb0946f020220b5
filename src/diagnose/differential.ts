/**
 * Differential answers: one message with several causes (Go's "certificate has expired or is not yet
 * valid", a bare 401) gets its causes ranked by the paste's own cues, each with the one command whose
 * output tells it from the others. And no Kubernetes-shaped text is answered with silence: when no
 * rule matched, the answer says what was looked for and which live check looks at the cluster.
 * @module
 */
import type { Command } from '../core/finding.js';
import { fixSteps } from '../core/fixes.js';
import type { Origin } from './distro.js';
import { foreignUrlPath, urlOnLine } from './endpoints.js';
import type { Paste } from './rule.js';
import { clockOrFresh } from './rules/certs.js';
import { aggregationPaste, kubeContext } from './rules/signals.js';

/** One possible cause of an ambiguous message. */
export interface Hypothesis {
  readonly cause: string;
  /** The command whose output tells this cause from the others, and what it shows when it is this one. */
  readonly tell: Command;
  readonly means: string;
}

/** An ambiguous message and its causes, most likely first. */
export interface Differential {
  readonly signature: string;
  readonly hypotheses: readonly Hypothesis[];
  /** The one component whose message it is, when its causes and commands do not differ by distribution. */
  readonly component?: string;
}

/** The answer when nothing matched a Kubernetes-shaped text. */
export interface NoMatch {
  readonly lookedFor: string;
  readonly checks: readonly { readonly run: string; readonly why: string }[];
}

const X509_VALIDITY_RE = /certificate has expired or is not yet valid|x509: certificate has expired/i;
const CURRENT_TIME_RE = /current time (\S+) is (after|before) (\S+?)["\]),]*(?:\s|$)/i;
/** kubectl's, oc's and the apiserver's own words for a 401: Kubernetes even when nothing else says so. */
const KUBECTL_401_RE =
  /You must be logged in to the server|the server has asked for the client to provide credentials|Unable to authenticate the request/i;
const BARE_401_RE = /\b401\b|\bUnauthorized\b|You must be logged in to the server|invalid bearer token/i;

/** A Go client's call (`Get "https://…"`): the URL whose certificate failed. */
const CALLED_URL_RE = /\b(?:Get|Post|Put|Patch|Delete|Head)\s+"?(?=https:\/\/)/;
/** Host names that are the cluster's own whatever the path: in-cluster services, managed endpoints, apiservers. */
const CLUSTER_HOST_RE =
  /\.svc(?:\.|$)|\.local$|^localhost$|^[\d.]+$|^kubernetes(?:\.default)?$|\.eks\.amazonaws\.com$|\.azmk8s\.io$|\.k8s\.|\bapi\.|\bapiserver\b|\bmaster\b|\bcontrol-?plane\b/i;
/** kubectl's and client-go's words when the server it failed on is the cluster's apiserver. */
const APISERVER_CALL_RE = /Unable to connect to the server|couldn't get current server API group list/i;

/**
 * A called server outside the cluster (a chart repository, a registry, a website): a path no cluster
 * component serves (endpoints.ts), on a host that is not the cluster's, in a paste kubectl did not print.
 */
function externalServer(text: string): string | undefined {
  const m = CALLED_URL_RE.exec(text);
  const url = m ? urlOnLine(text.slice(m.index, m.index + 600)) : undefined;
  if (!url?.host.includes('.') || CLUSTER_HOST_RE.test(url.host)) return undefined;
  return foreignUrlPath(url) && !APISERVER_CALL_RE.test(text) ? url.host : undefined;
}

function x509Differential(paste: Paste): Differential {
  const m = CURRENT_TIME_RE.exec(paste.text);
  const edge = m?.[2]?.toLowerCase();
  const now = m?.[1];
  // kubectl prints on the workstation; anything else was logged on a node.
  const printer = /Unable to connect to the server|^error: |\bkubectl\b/m.test(paste.text)
    ? 'workstation'
    : 'node';
  const bound = m?.[3];
  const server = externalServer(paste.text);
  const expired: Hypothesis = server
    ? {
        cause: `The certificate of ${server}, a server outside the cluster, really expired${bound && edge === 'after' ? ` (notAfter ${bound})` : ''}: whoever runs ${server} must renew it; nothing in the cluster needs renewing.`,
        tell: {
          run: `echo | openssl s_client -connect ${server}:443 -servername ${server} 2>/dev/null | openssl x509 -noout -dates`,
          where: 'workstation',
        },
        means: `notAfter is in the past: ${server} serves an expired certificate (a notAfter in the future means it was renewed, or something between you and it serves an old one)`,
      }
    : {
        cause: `The certificate really expired${bound && edge === 'after' ? ` (notAfter ${bound})` : ''}: renew it.`,
        tell: { run: 'date -u', where: 'workstation' },
        means: now
          ? `a correct clock shows about ${now}: the error's "current time" is right, so the certificate is past its end date`
          : `a correct clock agrees with the "current time" in the full error: the certificate is past its end date`,
      };
  const ahead: Hypothesis = {
    cause:
      'The clock of the host that printed the error is ahead, so a valid certificate looks expired: fix the clock, do not renew.',
    tell: { run: "date -u; chronyc tracking | grep -E 'System time|Leap status'", where: printer },
    means: "this host's time is later than a correct clock's (or chrony is not synchronised)",
  };
  const behind: Hypothesis = {
    cause:
      "The clock of the host that printed the error is behind (or the issuer's is ahead), so a just-issued certificate is not valid yet: fix the clock.",
    tell: { run: "date -u; chronyc tracking | grep -E 'System time|Leap status'", where: printer },
    means: `this host's time is earlier than a correct clock's${bound && edge === 'before' ? ` and before the certificate's notBefore ${bound}` : ''}`,
  };
  const fresh: Hypothesis = {
    cause:
      "The certificate was issued moments ago by a host whose clock is ahead (kubeadm init/join, k3s start, cert-manager): wait, or fix the issuer's clock.",
    tell: { run: 'openssl x509 -noout -startdate -in <certificate file>; date -u', where: 'node' },
    means: 'notBefore is later than now on the host that checks it',
  };
  const clockFirst = clockOrFresh(paste);
  const ranked =
    edge === 'after'
      ? clockFirst
        ? [ahead, expired]
        : [expired, ahead]
      : edge === 'before'
        ? [behind, fresh]
        : clockFirst
          ? [behind, fresh, ahead, expired]
          : [expired, ahead, behind, fresh];
  return { signature: 'x509: certificate has expired or is not yet valid', hypotheses: ranked };
}

function unauthorizedDifferential(paste: Paste, origin: Origin): Differential {
  // One command for every cause: the distribution's variant, or kubeadm's with k3s's beside it.
  const [first, second] = fixSteps('apiserverAuthLog', origin.platform);
  const tell: Command =
    second && first
      ? {
          ...first,
          run: `${first.run}   # ${second.platform}: ${second.run}`,
          platform: `${first.platform} (${second.platform} beside it)`,
        }
      : (first as Command);
  const user: Hypothesis = {
    cause:
      "A person's login token expired or is not accepted: an OIDC id-token (kubelogin, Dex, Keycloak), or a cloud login (EKS aws-iam-authenticator / aws eks get-token, AKS Entra ID, GKE gke-gcloud-auth-plugin) that is not refreshed or not mapped to a user. Log in again; not a service-account token.",
    tell,
    means:
      'err= names "oidc: verify token" or "token is expired (Token Expiry: …)", or the cloud\'s authenticator log names the identity',
  };
  const hypotheses: Hypothesis[] = [
    {
      cause:
        'The token expired (a client that does not reload its projected token, or a token minted with a short TTL).',
      tell,
      means: 'err= names "token has expired" (or "Token has expired.")',
    },
    {
      cause: 'The token was invalidated: its service account, secret or pod was deleted or recreated.',
      tell,
      means: 'err= names "has been invalidated", "has been deleted" or "UID (…) does not match claim"',
    },
    {
      cause: "The apiservers' clocks are apart, so a token minted by one is not valid yet on another.",
      tell,
      means:
        'err= names "token is not valid yet" or "token not valid yet (nbf)": then run /k8s skew on the cluster',
    },
    {
      cause:
        'The token was signed with a key this apiserver does not trust (another cluster, or --service-account-key-file differs between apiservers).',
      tell,
      means: 'err= names "crypto/rsa: verification error" or "error in cryptographic primitive"',
    },
    {
      cause: 'The client certificate in the kubeconfig expired or is from another CA.',
      tell,
      means: 'err= names "x509: certificate has expired" or "verifying certificate … failed"',
    },
  ];
  // A paste that names a person's login first: that cause leads; otherwise it comes last.
  if (USER_LOGIN_RE.test(paste.text)) hypotheses.unshift(user);
  else hypotheses.push(user);
  return { signature: '401 Unauthorized', hypotheses };
}

/** A person's login rather than a workload's token: OIDC, kubelogin, cloud authenticators. */
const USER_LOGIN_RE =
  /\boidc\b|kubelogin|oidc-login|id[-_]token|\bdex\b|keycloak|aws-iam-authenticator|eks get-token|gke-gcloud-auth-plugin|kubelogin convert-kubeconfig|\bazure ad\b|\bentra\b|auth-provider/i;

/**
 * The AWS VPC CNI plugin's "add cmd: failed to assign an IP address to container" (cmd/routed-eni-cni-plugin/
 * cni.go): ipamd answered, and had no address for the pod (rpc_handler.go). ipamd down is another message
 * ("failed to connect to backend server"). Which pool was empty, and why, the message does not say.
 */
const VPC_ASSIGN_RE =
  /add cmd: failed to assign an IP address to container|Failed to assign an IP address to container\b/i;
const IPAMD_LOG = '/var/log/aws-routed-eni/ipamd.log';

function vpcAssignDifferential(paste: Paste): Differential {
  const node = { where: 'node' } as const;
  const poolFull: Hypothesis = {
    cause:
      "The node's ENIs hold no free address: the instance type's ENI × IPs-per-ENI limit is reached (its max pods) and the pool cannot grow. Fix: fewer pods per node, a larger instance, or prefix delegation (ENABLE_PREFIX_DELEGATION=true on the aws-node daemonset, Nitro instances, with a higher max-pods).",
    tell: { run: `grep -E 'pool stats|no available IP' ${IPAMD_LOG} | tail -5`, ...node },
    means: '"total N, assigned N" (every address in use) or "DataStore has no available IP/Prefix addresses"',
  };
  const subnet: Hypothesis = {
    cause:
      "The node's subnet has no free addresses, so ipamd cannot attach more: a larger or additional subnet (custom networking, ENIConfig per zone) is the fix.",
    tell: {
      run: "aws ec2 describe-subnets --subnet-ids <node's subnet-id> --query 'Subnets[].[SubnetId,AvailableIpAddressCount]'",
      where: 'workstation',
    },
    means: `AvailableIpAddressCount near 0 (ipamd.log says InsufficientFreeAddressesInSubnet)`,
  };
  const ec2: Hypothesis = {
    cause:
      'ipamd cannot call EC2 to attach ENIs or addresses: the aws-node role lacks AmazonEKS_CNI_Policy, or the calls are throttled.',
    tell: {
      run: `grep -E 'UnauthorizedOperation|RequestLimitExceeded|AccessDenied' ${IPAMD_LOG} | tail -5`,
      ...node,
    },
    means:
      'UnauthorizedOperation/AccessDenied (attach the policy to the aws-node service account role) or RequestLimitExceeded',
  };
  const branch: Hypothesis = {
    cause:
      'The pod uses security groups for pods (ENABLE_POD_ENI) and its branch ENI was not attached: the VPC resource controller did not give it one.',
    tell: {
      run: "kubectl get pod <pod> -n <namespace> -o jsonpath='{.metadata.annotations.vpc\\.amazonaws\\.com/pod-eni}'",
      where: 'workstation',
    },
    means: 'empty for a pod whose SecurityGroupPolicy selects it',
  };
  const sgp = /ENABLE_POD_ENI|SecurityGroupPolicy|security groups? for pods|branch ENI|pod-eni/i.test(
    paste.text,
  );
  const ec2Cue = /UnauthorizedOperation|AccessDenied|RequestLimitExceeded|throttl/i.test(paste.text);
  const subnetCue = /InsufficientFreeAddressesInSubnet|subnet/i.test(paste.text);
  const hypotheses = sgp
    ? [branch, poolFull, subnet, ec2]
    : ec2Cue
      ? [ec2, poolFull, subnet, branch]
      : subnetCue
        ? [subnet, poolFull, ec2, branch]
        : [poolFull, subnet, ec2, branch];
  return {
    signature: 'add cmd: failed to assign an IP address to container',
    hypotheses,
    component: 'the AWS VPC CNI (aws-node, ipamd): the same on EKS and on self-managed clusters on AWS',
  };
}

/**
 * kube-ovn's CNI daemon (pkg/daemon/handler.go): "no address allocated to pod %s/%s provider %s, please see
 * kube-ovn-controller logs to find errors". The daemon waited for the controller to write the pod's address
 * annotation and it never came; why is in the controller's log, not in this message.
 */
const KUBE_OVN_WAIT_RE =
  /no address allocated to pod \S+ provider \S+|request ip return 500 no available ip for pod\b/i;
/**
 * The controller's own lines say the subnet is not the cause: it allocated an address ("allocate v4 … from
 * subnet"), failed on something else ("error syncing '…': <not NoAvailableAddress>"), or lost OVN's database.
 */
const KUBE_OVN_CONTROLLER_CUE_RE =
  /\ballocate v[46] \S+[^\n]{0,80}\bfrom subnet\b|error syncing '[^'\n]{1,200}': (?!NoAvailableAddress)|ovnnb|database connection failed|leader ?election/i;

function kubeOvnWaitDifferential(paste: Paste): Differential {
  const ctl = 'kubectl -n kube-system logs deploy/kube-ovn-controller --tail=500';
  const subnetFull: Hypothesis = {
    cause:
      "The pod's Subnet has no free address (its CIDR minus excludeIps, held by pods and by IP objects of pods that are gone): widen the Subnet's CIDR, add a Subnet for the namespace, or remove stale IP objects.",
    tell: { run: 'kubectl get subnet -o wide', where: 'workstation' },
    means: "V4AVAILABLE (or V6AVAILABLE) 0 for the pod's subnet; the controller logs NoAvailableAddress",
  };
  const asked: Hypothesis = {
    cause:
      'The pod asks for a fixed address or pool (ovn.kubernetes.io/ip_address, ip_pool) that is taken or outside its Subnet: free or change that address.',
    tell: {
      run: "kubectl get pod <pod> -n <namespace> -o jsonpath='{.metadata.annotations}' | tr , '\\n' | grep ovn.kubernetes.io",
      where: 'workstation',
    },
    means:
      'an ip_address/ip_pool annotation, and the controller logs AddressConflict or AddressOutOfRange for the pod',
  };
  const controller: Hypothesis = {
    cause:
      'kube-ovn-controller did not finish the pod: it is not running or has no leader, cannot reach the OVN northbound database, or failed on the pod for another reason (its log\'s "error syncing" line says which); restarting it retries.',
    tell: {
      run: `kubectl -n kube-system get pods -l app=kube-ovn-controller; ${ctl} | grep -iE 'error|leader' | tail`,
      where: 'workstation',
    },
    means: 'no Running controller, leader-election errors, or OVN NB connection errors',
  };
  const hypotheses = /ip_address|ip_pool|static ip|AddressConflict|AddressOutOfRange/i.test(paste.text)
    ? [asked, subnetFull, controller]
    : KUBE_OVN_CONTROLLER_CUE_RE.test(paste.text)
      ? [controller, subnetFull, asked]
      : [subnetFull, asked, controller];
  return {
    signature:
      'no address allocated to pod … please see kube-ovn-controller logs (older releases: no available ip for pod)',
    hypotheses,
    component: 'kube-ovn (kube-ovn-cni waits for kube-ovn-controller to allocate the address)',
  };
}

/** Ranked causes for the ambiguous messages in the paste that no specific finding already settled. */
export function differentials(paste: Paste, codes: ReadonlySet<string>, origin: Origin): Differential[] {
  const out: Differential[] = [];
  if (X509_VALIDITY_RE.test(paste.text)) out.push(x509Differential(paste));
  if (!codes.has('ipam/range-exhausted') && VPC_ASSIGN_RE.test(paste.text))
    out.push(vpcAssignDifferential(paste));
  if (!codes.has('ipam/range-exhausted') && KUBE_OVN_WAIT_RE.test(paste.text))
    out.push(kubeOvnWaitDifferential(paste));
  // A token's or a client certificate's finding settles a 401, and so do the control plane's expired
  // certificates: its kubeconfigs' client certificates lapse with them, and every client is refused.
  // An aggregated API server that rejects the apiserver's front-proxy certificate answers 401 for it.
  const settled = [...codes].some(
    (c) =>
      c.startsWith('token/') ||
      c === 'cert/client-cert-rejected' ||
      c === 'cert/control-plane-expiry' ||
      (c === 'cert/ca-mismatch' && aggregationPaste(paste)),
  );
  if (!settled && BARE_401_RE.test(paste.text) && (kubeContext(paste) || KUBECTL_401_RE.test(paste.text)))
    out.push(unauthorizedDifferential(paste, origin));
  return out;
}

const LOOKED_FOR =
  'service-account token rejections (expired, not yet valid, invalidated, not reloaded), clock skew and steps, certificate expiry, SAN and CA problems (control plane, loopback, kubelet, webhooks), and pod IP exhaustion and CNI address errors';

/** What to say when no rule matched: only for a text about Kubernetes at all. */
export function noMatch(paste: Paste): NoMatch | undefined {
  if (!kubeContext(paste) && !/x509|\btls\b|\btoken\b/i.test(paste.text)) return undefined;
  const checks: { run: string; why: string }[] = [];
  const t = paste.text;
  if (/x509|certificate|\btls\b|证书/i.test(t))
    checks.push({
      run: '/k8s certs <cluster>',
      why: 'reads every certificate the cluster serves, with its dates and SANs',
    });
  if (/\btoken\b|401|unauthori[sz]ed|forbidden|令牌/i.test(t))
    checks.push({ run: '/k8s token <cluster>', why: 'checks token validation against each apiserver' });
  if (/\b(?:time|clock|ntp|chrony|skew|drift)\b|时间|时钟/i.test(t))
    checks.push({ run: '/k8s skew <cluster>', why: "compares every apiserver's and node's clock" });
  if (/\b(?:ip|ipam|cidr|cni|calico|flannel|cilium|sandbox|bridge)\b|地址/i.test(t))
    checks.push({ run: '/k8s ipam <cluster>', why: 'checks pod CIDRs, address pools and duplicate pod IPs' });
  checks.push({ run: '/k8s report <cluster>', why: 'runs all four checks' });
  return { lookedFor: LOOKED_FOR, checks };
}
