/**
 * Paste rules for certificates (docs/findings.md, cert/*). Go's x509 expiry text is
 * the same for every certificate, so the line's context picks the cause: a webhook call, the
 * apiserver authenticating a client, kubectl connecting, or the apiserver calling itself.
 * @module
 */

import { KUBELET_SERVING_FROM_CA, restartApiserver } from '../../core/commands.js';
import { catalogStep } from '../../core/fixes.js';
import { duration } from '../../core/format.js';
import { findInPaste, KUBECONFIG_CLIENT_CERT_DATES, liveCheck, pasteFinding } from '../build.js';
import { detectOrigin, namesPlatform } from '../distro.js';
import { dialsKubelet, foreignEndpoint, foreignUrlPath, urlOnLine } from '../endpoints.js';
import { type Hit, type Paste, perPaste, type Rule } from '../rule.js';
import {
  APP_PKI_RE,
  aggregationPaste,
  appPkiPaste,
  desktopVmStory,
  foreignTls,
  foreignToolNear,
  kubeContext,
  pasteTest,
  proxyClientPaste,
  publicSiteCertificate,
  storyWithoutKube,
  strongKubeContext,
  testSuiteStory,
} from './signals.js';

const TIMES_RE = /current time (\S+) is (after|before) (\S+?)\.?(?:\s|"|$|,)/i;
const URL_HOST_RE = /https:\/\/\[?([0-9a-fA-F.:]{3,45}|[a-z0-9.-]{1,253})\]?:(\d{2,5})/i;
const KUBELET_CTX =
  /:10250\b|containerLogs|Failed to scrape node|kubelet|metrics\/resource|kubectl (?:logs|exec|attach|port-forward|top)\b|metrics-server|error dialing backend/i;

/** Whether the hit line or the two lines before it name a kubelet call (the command often precedes the error). */
function kubeletContext(paste: Paste, hit: Hit): boolean {
  for (let i = Math.max(0, hit.line - 2); i <= hit.line; i++)
    if (KUBELET_CTX.test(paste.lines[i] ?? '')) return true;
  return false;
}

function isBefore(paste: Paste, hit: Hit): boolean {
  return /current time \S+ is before/i.test(paste.lines[hit.line] ?? '');
}

/** "expired 8.7 days before the error" from Go's "current time X is after Y". */
function timesFact(paste: Paste, hits: readonly Hit[]): { fact: string; source: string }[] {
  for (const h of hits) {
    const m = TIMES_RE.exec(paste.lines[h.line] ?? '');
    if (!m) continue;
    const now = Date.parse(m[1] as string);
    const edge = Date.parse(m[3] as string);
    if (Number.isNaN(now) || Number.isNaN(edge)) continue;
    const d = now - edge;
    return [
      {
        fact:
          m[2] === 'after'
            ? `the certificate expired ${m[3]}, ${duration(d)} before the verifier's clock read ${m[1]}`
            : `the certificate becomes valid at ${m[3]}, ${duration(-d)} after the verifier's clock read ${m[1]}: the minting clock was ahead, or this one is behind`,
        source: `pasted text, line ${h.line + 1}`,
      },
    ];
  }
  return [];
}

/** Apiserver self-call context: the dialled apiserver also logs "bad certificate" from its own IP. */
function selfCall(paste: Paste, hit: Hit): boolean {
  const line = paste.lines[hit.line] ?? '';
  const host = URL_HOST_RE.exec(line);
  if (!host) return false;
  // An admission plugin's own lookups (LimitRanger, ResourceQuota) and controllers' writes go from
  // the apiserver to itself over loopback, on whatever port it serves.
  if (
    /limitranges|resourcequotas|is forbidden: (?:Get|Post|Put|Patch)\b|Failed to create new replica set/i.test(
      line,
    )
  )
    return true;
  if (!['6443', '6444', '443', '8443'].includes(host[2] as string)) return false;
  const bad = findInPaste(
    paste,
    /TLS handshake error from \[?([0-9a-fA-F.:]{3,45})\]?:\d+: remote error: tls: bad certificate/,
  );
  return !!bad && bad[1] === host[1];
}

/**
 * Cues that the clock is the subject (a time that was off, NTP, skew) or that the expiry is refuted ("reports
 * expired x509 cert but that is not the case"): Go's one message covers both edges, so with these cues and no
 * "is after" the likely cause is a clock ahead or behind. 时间 as a span of time (这段时间 "all this while",
 * 一段时间, 长时间, 时间长了) is not a clock.
 */
const CLOCK_CUE_RE =
  /\b(?:server |system |node |host |machine |vm )?(?:time|clock|date)s?\b[^\n.]{0,20}\b(?:was |is |were |are )?(?:off|wrong|incorrect|out of sync|not (?:in )?sync\w*|ahead|behind)\b|\b(?:ntp|chrony|timezone|time ?zone)\b|\b(?:clock|time) (?:skew|drift)\b|(?<![段长些])时间(?![长段内久])|时钟|时区|\b(?:reports?|says?|shows?|claims?) (?:an? )?expired\b[^\n.]{0,40}\bbut (?:that|this|it) (?:is|was)(?:n't| not) (?:the case|true)\b|\b(?:certs?|certificates?) (?:are|were) (?:all )?(?:not|n't) expired\b|\bnone of (?:the |my |our )?(?:certs?|certificates?|them) (?:is|are|has|have) expired\b/i;

/**
 * Cues that the certificate is new (a fresh install, a join, a cluster just created): freshly minted
 * certificates cannot have expired, so the message's other half, not yet valid, is the likely one.
 */
const FRESH_CUE_RE =
  /\bkubeadm join\b|\bjoin (?:to )?(?:the |a |kubernetes )?cluster\b|\[bootstrap\]|\bcreated cluster\b|\b(?:k3d|kind|minikube) (?:cluster )?(?:create|start)\b|\bjust (?:created|installed|deployed)\b|\bfresh(?:ly)? (?:install\w*|created|deployed)\b|新建的集群|每次安装|安装[^\n]{0,40}(?:失败|报)/i;

/**
 * The cluster ran a long while before it failed ("stopped working after running stable for 6 months",
 * "运行了几个月后"): its certificates are old, so a fresh install the paste also tells (a reinstall after the
 * failure, a new node) does not make the failing certificate new.
 */
const AGED_CLUSTER_RE =
  /\bafter (?:running|working|being (?:up|online))\b[^\n.]{0,30}?\bfor (?:about |over |more than |almost |nearly |around )?(?:\d{1,2}|a few|several|many|two|three|four|five|six|seven|eight|nine|ten|eleven) (?:months|years)\b|\b(?:ran|running|worked|working)\b[^\n.]{0,30}?\bfor (?:about |over |more than |almost |nearly |around )?(?:\d{1,2}|a few|several|many|two|three|four|five|six|seven|eight|nine|ten|eleven) (?:months|years)\b[^\n.]{0,20}?\b(?:then|until|when|suddenly)\b|运行了?(?:半年|一年多|\d{1,2}\s?个月|几个月)(?:后|以后|之后)/i;

/**
 * The paste puts Go's validity error down to a clock ("This error means the node's clock is ahead of the
 * certificate's validity period", "the most common visible symptom of clock skew", "这些故障的根因…服务器时间
 * 不可信"): a clock ahead reads a valid certificate as expired and one behind reads a new one as not yet valid,
 * so neither edge of the certificate is the finding; the clock is.
 */
const clockExplainsValidity = pasteTest(
  /\b(?:this|that|the) (?:error|message)\b[^\n.]{0,30}\b(?:means|indicates|is caused by|happens because|occurs because|comes from)\b[^\n.]{0,40}\b(?:clocks?|system time|(?:node|host|server)'?s? time|time (?:skew|drift))\b|\bsymptoms? of (?:clock|time) (?:skew|drift)\b|(?:故障|问题|错误|报错)的?(?:根因|根源|根本原因)(?:(?!不是|并非|排除)[^。\n]){0,20}(?:时间|时钟)/i,
);

/** A certificate's one-year life told: "valid for one year", "after a year", "365 days", "一年", "1年以后". */
const yearLifePaste = pasteTest(/\b(?:one|1|a) ?year\b|\b365 ?days\b|\b12 months\b|一年|(?<!\d)1\s?年/i);

/**
 * Whether the paste points at a clock or a brand-new certificate, or refutes the expiry ("reports expired x509
 * cert but that is not the case"): the message's other half, not yet valid, is left. A fresh install counts only
 * in a paste that does not say the cluster ran for months first (see AGED_CLUSTER_RE).
 */
export function clockOrFresh(paste: Paste): boolean {
  return (
    CLOCK_CUE_RE.test(paste.text) || (FRESH_CUE_RE.test(paste.text) && !AGED_CLUSTER_RE.test(paste.text))
  );
}

/**
 * A public web host (a registry, a chart repository, a website, an ACME server) is not a cluster
 * certificate. A managed control plane's host (EKS, AKS, GKE, OpenShift) is; so is a host named like
 * a cluster ("kube", "k8s") unless the path it was asked for is not an API path (a chart index).
 * On any host (a private name, an address), a URL asked for a path no cluster component serves (a
 * Git repository, a registry's /v2/, a chart index) on a port that is not a component's is that
 * service's certificate.
 */
function publicHost(line: string): boolean {
  const url = urlOnLine(line);
  if (url && !/\.eks\.|azmk8s|gke|openshift|\.svc\b/i.test(url.host)) {
    if (publicName(url.host)) return true;
    if (foreignUrlPath(url)) return true;
  }
  // macOS's verifier names the certificate: x509: … “*.example.net” certificate is expired.
  const named = NAMED_CERT_RE.exec(line)?.[1];
  if (named && publicName(named)) return true;
  return foreignEndpoint(line);
}

/**
 * The index of the line that names the host of line `i`'s TLS error: `i` when that line carries a URL
 * or a quoted certificate name; the line just above when the reporter broke Go's error chain there
 * (`Get https://host/v2/:` above, `x509: …` or `tls: …` starting this line); otherwise none.
 */
function errorHostLine(paste: Paste, i: number): number | undefined {
  const line = paste.lines[i] ?? '';
  if (urlOnLine(line) || NAMED_CERT_RE.test(line)) return i;
  const above = paste.lines[i - 1] ?? '';
  return /:\s*$/.test(above) && urlOnLine(above) && /^\W{0,4}(?:x509|tls):/.test(line.trim())
    ? i - 1
    : undefined;
}

/** publicHost for the line a rule hit, or for the line above it that names the error's host. */
function publicHostAt(paste: Paste, hit: Hit): boolean {
  if (publicHost(paste.lines[hit.line] ?? '')) return true;
  return errorHostLine(paste, hit.line) === hit.line - 1 && publicHost(paste.lines[hit.line - 1] ?? '');
}

/**
 * A host on a public domain that is not named like a cluster: a label (or a dash-separated part of
 * one) "k8s", "kube", "kubernetes", "apiserver" names a cluster (kube-prod.example.com); a product
 * that only starts with the letters (kubevela.net) does not.
 */
function publicName(host: string): boolean {
  return (
    /\.(?:com|org|net|io|dev|app|ai|co|cloud|cn|de|uk|me|sh)$/i.test(host) &&
    !/(?:^|[.-])(?:k8s|kube|kubernetes|kube-?api(?:server)?|apiserver)(?:[.-]|$)/i.test(host)
  );
}

/** The certificate's name as macOS's verifier quotes it: “*.kubevela.net” certificate is expired. */
const NAMED_CERT_RE =
  /[“"]([*a-z0-9.-]{1,253})[”"] certificate (?:is expired|is not yet valid|is not trusted)/i;

const VALIDITY_RE = /certificate has expired or is not yet valid/i;

/**
 * Every line of the paste that carries Go's validity error and names whose certificate it is names
 * another service's (a chart host, a registry): the lines that name none repeat that same error.
 */
const validityErrorsForeign = perPaste((paste: Paste): boolean => {
  // A public site's certificate told in words ("github x509 certificate has expired"), or a censorship-
  // circumvention proxy's (v2ray, trojan, clash: their servers' own certificates), in a paste that never
  // names Kubernetes: that host's clock and that site, whatever the error lines show.
  if ((publicSiteCertificate(paste) || proxyClientPaste(paste)) && !kubeContext(paste)) return true;
  let named = 0;
  for (let i = 0; i < paste.lines.length; i++) {
    if (!VALIDITY_RE.test(paste.lines[i] as string)) continue;
    const at = errorHostLine(paste, i);
    if (at === undefined) continue;
    if (!publicHost(paste.lines[at] ?? '')) return false;
    named++;
  }
  return named > 0;
});

/** An extension apiserver of the aggregation layer named (metrics-server, an adapter; cached per paste). */
const extensionApiserverPaste = pasteTest(
  /\bmetrics[- ]server\b|prometheus-adapter|custom-metrics|extension api ?server/i,
);

const restartCommands = restartApiserver('unknown');

/** Certificate rules. */
/** A serial as the apiserver logs it (decimal) and as `openssl x509 -serial` prints it (hex). */
function serialFact(decimal: string): string {
  return `${decimal} (openssl -serial: ${BigInt(decimal).toString(16).toUpperCase()})`;
}

/** Platforms whose provider runs the control plane and its certificates. */
const MANAGED_CONTROL_PLANE: ReadonlySet<string> = new Set(['eks', 'gke', 'aks']);
/** The paste is from a managed control plane, and names no self-run one (a kubeadm runbook that mentions EKS). */
const managedControlPlane = perPaste(
  (p: Paste) =>
    MANAGED_CONTROL_PLANE.has(detectOrigin(p).platform ?? 'kubeadm') &&
    !(['kubeadm', 'k3s', 'rke2'] as const).some((x) => namesPlatform(p, x)),
);

export const CERT_RULES: readonly Rule[] = [
  {
    id: 'webhook-cert-expired',
    code: 'cert/webhook-expiry',
    // Source: k8s.io/apiserver admission webhooks: 'failed calling webhook "%s": %v' wrapping Go crypto/x509 CertificateInvalidError (Go ≥ 1.15 appends the times).
    // controller-runtime (kubebuilder) serves its webhooks at /mutate-<group>-<version>-<kind>,
    // /validate-<group>-<version>-<kind> and /convert on the operator's Service: the URL alone names an
    // admission or conversion webhook.
    pattern:
      /failed (?:calling|to call) (?:admission )?webhook[^\n]{0,600}x509: certificate has expired or is not yet|https:\/\/[a-z0-9-]{1,63}\.[a-z0-9-]{1,63}\.svc(?::\d{1,5})?\/(?:(?:mutate|validate)-[a-z0-9-]{0,200}?-v\d+(?:(?:alpha|beta)\d+)?-[a-z0-9]{1,63}\b|convert\b)[^\s"]{0,300}"?: (?:tls: failed to verify certificate: )?x509: certificate has expired or is not yet/,
    examples: [
      '* Internal error occurred: failed calling webhook "webhook.cert-manager.io": failed to call webhook: Post "https://cert-manager-webhook.cert-manager.svc:443/validate?timeout=30s": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2024-06-03T05:12:52Z is after 2024-06-01T09:43:35Z',
      'https://flink-operator-webhook-service.importer.svc:443/mutate-flinkoperator-k8s-io-v1beta1-flinkcluster?timeout=30s: x509: certificate has expired or is not yet valid',
    ],
    nearMisses: [
      'failed calling webhook "validate.nginx.ingress.kubernetes.io": failed to call webhook: Post "https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s": context deadline exceeded',
      'Get "https://minio.storage.svc:9000/validate-bucket?name=logs": x509: certificate has expired or is not yet valid',
    ],
    group: 'x509-validity',
    rank: 9,
    when: (p, h) => !isBefore(p, h),
    diagnose(hits, paste) {
      const line = paste.lines[hits[0]?.line ?? 0] ?? '';
      const name = /failed calling webhook "([^"]{1,253})"/.exec(line)?.[1];
      const svc = /https:\/\/([a-z0-9-]{1,63})\.([a-z0-9-]{1,63})\.svc/.exec(line);
      return pasteFinding('cert/webhook-expiry', hits, paste, {
        ...(name ? { subject: { kind: 'certificate', name } } : {}),
        title: `Admission webhook ${name ?? ''} serves an expired certificate`.replace('  ', ' '),
        facts: timesFact(paste, hits),
        why: 'The tool that owns the webhook (cert-manager, an operator, an ingress controller job) stopped re-issuing its serving certificate; every API call the webhook intercepts now fails.',
        confirm: [
          liveCheck('certs'),
          ...(svc
            ? [
                {
                  run: `kubectl -n ${svc[2]} get secret,certificate 2>/dev/null; kubectl -n ${svc[2]} get endpoints ${svc[1]}`,
                  where: 'workstation' as const,
                },
              ]
            : []),
          {
            run: 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations',
            where: 'workstation',
          },
        ],
        steps: [
          ...(svc
            ? [
                {
                  run: `kubectl -n ${svc[2]} rollout restart deployment ${svc[1]}`,
                  where: 'workstation' as const,
                  caution:
                    'Restarts the webhook so it re-issues or reloads its certificate; for cert-manager also restart cert-manager-cainjector.',
                },
              ]
            : []),
          {
            run: 'If the webhook blocks everything, set its failurePolicy to Ignore temporarily: kubectl edit validatingwebhookconfiguration <name>',
            kind: 'advice',
            where: 'workstation',
            caution: "Disables the webhook's protection until you revert it.",
          },
        ],
      });
    },
  },
  {
    id: 'client-cert-rejected',
    code: 'cert/client-cert-rejected',
    // Source: k8s.io/apiserver endpoints/filters/authentication.go: "Unable to authenticate the request" with a Go x509 verify error of the client certificate.
    pattern:
      /Unable to authenticate the request[^\n]{0,120}x509: certificate has expired(?: or is not yet valid)?/,
    examples: [
      'Sep 19 10:50:50 xxx.com k3s[20682]: E0919 10:50:50.932898   20682 authentication.go:53] Unable to authenticate the request due to an error: x509: certificate has expired or is not yet valid',
      '"Unable to authenticate the request" err="[x509: certificate has expired or is not yet valid: current time 2024-11-02T10:00:00Z is after 2024-11-01T09:00:00Z, verifying certificate SN=1234, SKID=, AKID=AB:CD failed: x509: certificate has expired or is not yet valid]"',
    ],
    nearMisses: [
      'Unable to authenticate the request due to an error: [invalid bearer token, Token has expired.]',
    ],
    group: 'x509-validity',
    rank: 9,
    diagnose(hits, paste) {
      const sn = findInPaste(paste, /verifying certificate SN=(\d{1,60})/)?.[1];
      return pasteFinding('cert/client-cert-rejected', hits, paste, {
        facts: [
          ...timesFact(paste, hits),
          ...(sn
            ? [
                {
                  fact: `the rejected client certificate has serial ${serialFact(sn)}`,
                  source: 'pasted text',
                },
              ]
            : []),
        ],
        why: "This is the apiserver rejecting a client's certificate, not its own: some agent, kubeconfig or controller still presents an expired client certificate (or one whose NotBefore is ahead of the apiserver clock).",
        confirm: [catalogStep('certCheck'), KUBECONFIG_CLIENT_CERT_DATES],
        steps: [catalogStep('certRenew')],
      });
    },
  },
  {
    id: 'client-cert-unknown-ca',
    code: 'cert/client-cert-rejected',
    // k8s.io/apiserver pkg/authentication/request/x509/x509.go: "verifying certificate %s failed: %w"
    // (certificateIdentifier: SN=…, SKID=…, AKID=…), logged by the authentication filter as "Unable to
    // authenticate the request": the client certificate's chain does not end at --client-ca-file.
    pattern: /Unable to authenticate the request[^\n]{0,160}x509: certificate signed by unknown authority/,
    examples: [
      'E0604 04:51:00.425315       1 authentication.go:63] "Unable to authenticate the request" err="[x509: certificate signed by unknown authority, verifying certificate SN=1510542373885, SKID=, AKID=C6:80:DD:4D failed: x509: certificate signed by unknown authority]"',
      'E1103 18:28:07.208359       1 authentication.go:65] Unable to authenticate the request due to an error: x509: certificate signed by unknown authority',
    ],
    nearMisses: [
      'E0320 08:04:20.914963       1 authentication.go:65] Unable to authenticate the request due to an error: [x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "front-proxy-ca"), x509: certificate signed by unknown authority]',
      'Unable to connect to the server: x509: certificate signed by unknown authority',
    ],
    // The aggregation layer's front-proxy client certificate, checked by an extension apiserver
    // (metrics-server, an adapter) against requestheader-client-ca-file, is another mechanism.
    // Named anywhere in the paste (a FAQ's "problems with front-proxy certificates", "Metrics Server").
    when: (p) => !aggregationPaste(p) && !extensionApiserverPaste(p) && !appPkiPaste(p),
    rank: 8,
    diagnose(hits, paste) {
      const sn = findInPaste(paste, /verifying certificate SN=(\d{1,60})/)?.[1];
      const akid = findInPaste(
        paste,
        /verifying certificate SN=\d{1,60}, SKID=[^,\n]{0,120}, AKID=([0-9A-F:]{2,120})/,
      )?.[1];
      return pasteFinding('cert/client-cert-rejected', hits, paste, {
        title: 'The apiserver refuses a client certificate signed by a CA it does not trust',
        facts: [
          ...(sn
            ? [{ fact: `the refused client certificate has serial ${serialFact(sn)}`, source: 'pasted text' }]
            : []),
          ...(akid
            ? [{ fact: `it was signed by the key ${akid} (its authority key id)`, source: 'pasted text' }]
            : []),
        ],
        why: "Some client presents a certificate whose issuer is not in the apiserver's --client-ca-file: most often a kubelet that kept /var/lib/kubelet/pki from an earlier cluster (kubeadm reset does not always clear it; a re-init makes a new CA), or a kubeconfig copied from another cluster. The apiserver's own certificate is not the problem.",
        confirm: [
          {
            run: 'openssl x509 -noout -ext subjectKeyIdentifier -in /etc/kubernetes/pki/ca.crt   # the CA the apiserver trusts; compare with the AKID above',
            where: 'control-plane',
          },
          {
            run: 'openssl x509 -noout -subject -serial -ext authorityKeyIdentifier -in /var/lib/kubelet/pki/kubelet-client-current.pem',
            where: 'node',
          },
          catalogStep('apiserverAuthLog'),
        ],
        steps: [
          {
            run: 'On the node whose kubelet certificate has the foreign AKID: kubeadm reset, remove /var/lib/kubelet/pki/kubelet-client-*, then kubeadm join again',
            kind: 'advice',
            where: 'node',
            caution:
              'Takes that node out of the cluster until it rejoins; drain it first if it still runs workloads.',
          },
          {
            run: "For a kubeconfig from another cluster: replace it with this cluster's (kubeadm kubeconfig user --client-name <user>, or admin.conf)",
            kind: 'advice',
            where: 'workstation',
          },
        ],
      });
    },
  },
  {
    id: 'client-cert-refused-as-expired',
    code: 'cert/client-cert-rejected',
    // Go crypto/tls handshake_server.go processCertsFromClient: a client certificate that fails
    // verification with x509.Expired (expired or not yet valid) gets alertCertificateExpired, which
    // the client reports as "remote error: tls: expired certificate" (alert.go). Logged by a server
    // ("TLS handshake error from <client>: remote error: …") it is the client refusing the server's.
    pattern: /remote error: tls: expired certificate/,
    examples: [
      'Unable to connect to the server: remote error: tls: expired certificate',
      'E1107 09:12:44.120331    2231 memcache.go:265] couldn\'t get current server API group list: Get "https://10.0.0.10:6443/api?timeout=32s": remote error: tls: expired certificate',
    ],
    nearMisses: [
      'http: TLS handshake error from 10.0.0.21:51234: remote error: tls: bad certificate',
      'Unable to connect to the server: x509: certificate has expired or is not yet valid',
    ],
    // A mesh's (istiod, Envoy) or an application's own PKI: its workload certificates, not a cluster client's.
    when: (p, h) => !/TLS handshake error from/i.test(p.lines[h.line] ?? '') && !appPkiPaste(p),
    rank: 8,
    diagnose(hits, paste) {
      return pasteFinding('cert/client-cert-rejected', hits, paste, {
        title: "The server refused this client's certificate as expired (or not yet valid)",
        why: "\"remote error\" is the other side's verdict: the server checked the client certificate this client presented (a kubeconfig's client-certificate-data, the kubelet's kubelet-client-current.pem) and found it outside its validity, by the server's clock. The server's own certificate was accepted.",
        confirm: [KUBECONFIG_CLIENT_CERT_DATES, catalogStep('certCheck')],
        steps: [catalogStep('certRenew')],
      });
    },
  },
  {
    id: 'loopback-cert-expired-self-call',
    code: 'cert/loopback-expiry',
    // Go ≥ 1.14 quotes the URL: Get "https://…": x509: …; older releases do not.
    pattern:
      /https:\/\/[^\s"]{1,300}"?: (?:tls: failed to verify certificate: )?(?:x509: )?certificate has expired or is not yet valid/,
    examples: [
      'pods "web-1" is forbidden: Get "https://[::1]:6443/api/v1/namespaces/default/resourcequotas": x509: certificate has expired or is not yet valid: current time 2025-03-02T10:00:00Z is after 2025-02-28T09:00:00Z',
      'Failed to create new replica set "recommend-alg-service-74c6bc97cd": Get https://10.13.96.12:6443/api/v1/namespaces/saas-ec-tomcat-pl/resourcequotas: x509: certificate has expired or is not yet valid',
    ],
    nearMisses: [
      'Failed to pull image "r.example/x": Get "https://r.example/v2/": x509: certificate signed by unknown authority',
    ],
    group: 'x509-validity',
    rank: 8,
    when: (p, h) => !isBefore(p, h) && selfCall(p, h),
    diagnose(hits, paste) {
      const host = URL_HOST_RE.exec(paste.lines[hits[0]?.line ?? 0] ?? '');
      const addr = host ? `${host[1]}:${host[2]}` : '<apiserver>:6443';
      return pasteFinding('cert/loopback-expiry', hits, paste, {
        severity: 'critical', // failing now, not merely expiring
        ...(host ? { subject: { kind: 'endpoint', name: host[1] as string } } : {}),
        title:
          `kube-apiserver ${host?.[1] ?? ''} rejects calls to itself: its in-memory loopback certificate expired`.replace(
            '  ',
            ' ',
          ),
        facts: [
          ...timesFact(paste, hits),
          {
            fact: 'The apiserver calls itself (admission: resourcequotas, limitranges; informers) with a certificate it made at start for SNI apiserver-loopback-client, valid 1 year − 1 h (≈3 years from 1.33) and never rotated; "TLS handshake error … bad certificate" from its own IP is the other half.',
            source: 'k8s.io/apiserver serving_with_loopback.go; seed 003',
          },
        ],
        why: 'The apiserver has run for about a year without a restart, so its self-signed loopback certificate expired. Its serving certificate can be fine: only a restart makes a new loopback certificate.',
        confirm: [
          liveCheck('certs'),
          {
            run: `openssl s_client -connect ${addr} -servername apiserver-loopback-client </dev/null 2>/dev/null | openssl x509 -noout -subject -dates`,
            where: 'workstation',
          },
          {
            run: 'kubectl get pods -n kube-system -l component=kube-apiserver -o custom-columns=NAME:.metadata.name,STARTED:.status.containerStatuses[0].state.running.startedAt',
            where: 'workstation',
          },
        ],
        steps: restartCommands,
      });
    },
  },
  {
    id: 'loopback-cert-prose',
    code: 'cert/loopback-expiry',
    // Source: the loopback certificate's CN (k8s.io/apiserver server/options/serving_with_loopback.go: apiserver-loopback-client) and how people describe it.
    pattern:
      /apiserver-loopback-client|never restart (?:your )?kube-apiserver after (?:1|one)\s{0,3}year|loopback[- ]serving[- ]certificate/i,
    examples: [
      "If you never restart your kube-apiserver after 1  year, kube-apiserver can't works normal anymore.",
      'livez check failed: [-]loopback-serving-certificate failed: loopback serving certificate is expired',
    ],
    nearMisses: [
      'kube-apiserver restarted after 1 minute',
      'curl --resolve apiserver-loopback-client:8443:127.0.0.1 https://apiserver-loopback-client:8443 -v -k',
      'See https://discuss.kubernetes.io/t/expected-scenarios-related-to-apiserver-loopback-client-certificate-expiry for the failure mode',
    ],
    rank: 6,
    // The name alone is a check being run (curl --resolve, openssl -servername) or a certificate shown;
    // a failure is told beside it (expired, x509, bad certificate, a failing check).
    // The name inside a link (a forum thread's slug) is a reference, not a failure seen.
    when: (p, h) =>
      !/https?:\/\/\S*$/i.test((p.lines[h.line] ?? '').slice(0, h.match.index)) &&
      /\bexpired\b|\bexpir(?:y|ing)\b|x509|bad certificate|not yet valid|\bfail(?:s|ed|ing|ure)?\b|\bexpiration\b|can'?t\s+work|no longer|anymore|\berrors?\b/i.test(
        p.text,
      ),
    diagnose(hits, paste) {
      return pasteFinding('cert/loopback-expiry', hits, paste, {
        why: 'kube-apiserver makes a self-signed certificate for SNI apiserver-loopback-client at start, valid 1 year minus 1 hour (≈3 years from 1.33) and never rotated; an apiserver that runs longer fails every call it makes to itself.',
        confirm: [
          liveCheck('certs'),
          {
            run: 'openssl s_client -connect <apiserver-ip>:6443 -servername apiserver-loopback-client </dev/null 2>/dev/null | openssl x509 -noout -subject -dates',
            where: 'workstation',
          },
        ],
        steps: restartCommands,
      });
    },
  },
  {
    id: 'cert-not-yet-valid',
    code: 'cert/not-yet-valid',
    // Source: Go crypto/x509 CertificateInvalidError (Go ≥ 1.15): "current time %s is before %s"; rustls
    // and webpki (Rust proxies: linkerd2-proxy) name it CertNotValidYet ("invalid certificate:
    // CertNotValidYet", newer rustls "invalid peer certificate: NotValidYet").
    pattern:
      /(?:x509: |\b)certificate has expired or is not yet valid: current time \S+ is before|the certificate is not valid yet|[Cc]erts? (?:generated )?(?:are|is) valid [\w ]{0,24}in the future|\b(?:Cert)?NotValidYet\b/,
    examples: [
      'Jul 22 18:55:59 truenas k3s[1697126]: E0722 18:55:59.543714 1697126 runtime.go:76] Observed a panic: F0722 18:55:59.543496 1697126 controller.go:170] Unable to perform initial IP allocation check: unable to refresh the service IP block: Get "https://127.0.0.1:6444/api/v1/services": x509: certificate has expired or is not yet valid: current time 2022-07-22T18:55:59+12:00 is before 2022-07-22T07:45:55Z',
      'Certs generated are valid 10 hours in the future',
      'failure loading ca certificate: the certificate is not valid yet',
      'linkerd-controller pod: ERROR ThreadId(02) daemon:identity: linkerd2_proxy_identity::certify: Received invalid ceritficate: invalid certificate: CertNotValidYet',
    ],
    nearMisses: [
      'x509: certificate has expired or is not yet valid: current time 2024-09-18T12:18:40Z is after 2024-09-10T12:29:33Z',
    ],
    group: 'x509-validity',
    rank: 7,
    // A public host (a registry, a website) seen from a machine that says nothing of Kubernetes is
    // that machine's clock and that service: not a cluster's certificate; nor is a Podman machine's.
    // rustls's words are any Rust program's: a cluster's only in a paste about one.
    when: (p, h) => {
      const line = p.lines[h.line] ?? '';
      if (/NotValidYet/i.test(h.match[0]) && !kubeContext(p)) return false;
      return (kubeContext(p) || !/current time/.test(line) || !publicHostAt(p, h)) && !desktopVmStory(p);
    },
    diagnose(hits, paste) {
      return pasteFinding('cert/not-yet-valid', hits, paste, {
        facts: timesFact(paste, hits),
        why: "The clock (or timezone handling) of whatever minted the certificate was ahead of the verifier's clock, or the verifier's clock is behind. Certificates made by GenerateSelfSignedCertKey are back-dated 1 h, so a smaller gap points at kubeadm, k3s or cert-manager.",
        confirm: [liveCheck('skew'), { run: 'timedatectl status; chronyc tracking', where: 'node' }],
        steps: [
          { run: 'timedatectl set-ntp true && chronyc makestep', where: 'node', caution: 'Steps the clock.' },
          {
            run: 'Then restart the component that minted the certificate, or wait until its NotBefore passes.',
            kind: 'advice',
            where: 'node',
          },
        ],
      });
    },
  },
  {
    id: 'x509-validity-clock-or-fresh',
    code: 'cert/not-yet-valid',
    // Go crypto/x509 CertificateInvalidError without the times (Go < 1.15, or cut): "x509: certificate has
    // expired or is not yet valid". With a clock or fresh-install cue the new certificate is "not yet valid".
    pattern: /(?:x509: |\b)certificate has expired or is not yet valid(?!: current time \S+ is after)/,
    examples: [
      'failed to check server version: Get https://192.168.0.70:6443/version: x509: certificate has expired or is not yet valid (my server time was off)',
      '[bootstrap] Endpoint check failed [failed to connect to "https://10.6.0.52:6443" [Get https://10.6.0.52:6443/version: x509: certificate has expired or is not yet valid]]',
    ],
    nearMisses: [
      'Unable to connect to the server: x509: certificate has expired or is not yet valid',
      // A fresh install told after the cluster ran for months: the failing certificates are old.
      'kubectl: Unable to connect to the server: x509: certificate has expired or is not yet valid (it stopped after running stable for 6 months; a fresh install via helm did not help)',
    ],
    group: 'x509-validity',
    rank: 5,
    // A paste that tells the certificates' one-year life ("valid for one year", "1年以后") is about their
    // age: the wrong clock it names is one cause on its list, the expiry it explains the other.
    when: (p, h) =>
      !isBefore(p, h) &&
      !publicHostAt(p, h) &&
      !validityErrorsForeign(p) &&
      clockOrFresh(p) &&
      !yearLifePaste(p) &&
      // The paste itself says the clock is the cause: the clock's finding, not the certificate's edge.
      !clockExplainsValidity(p),
    diagnose(hits, paste) {
      return pasteFinding('cert/not-yet-valid', hits, paste, {
        title:
          'Certificate rejected at its validity edge on a new cluster or a node whose clock is off: most likely not yet valid',
        facts: [
          {
            fact: 'the text is about a fresh install, a join or a clock; Go prints the same message for "expired" and "not yet valid", and a certificate minted minutes ago has not expired',
            source: 'pasted text',
          },
        ],
        why: "One of the two clocks is off: the machine that minted the certificate was ahead (so it starts in the verifier's future), or the verifier is behind. If the cluster is older than a year, check expiry too: the confirm steps show both dates.",
        confirm: [
          liveCheck('skew'),
          { run: 'date -u; timedatectl status | grep -i synchronized', where: 'node' },
          {
            run: 'openssl s_client -connect <apiserver>:6443 </dev/null 2>/dev/null | openssl x509 -noout -dates',
            where: 'workstation',
          },
        ],
        steps: [
          {
            run: 'timedatectl set-ntp true && chronyc makestep',
            where: 'node',
            caution: 'Steps the clock; do it on every node.',
          },
          {
            run: 'Then retry (join, kubectl); if the certificate was minted by a clock that was ahead, wait until its notBefore passes or re-issue it (kubeadm certs renew all; k3s: restart k3s).',
            kind: 'advice',
            where: 'node',
          },
        ],
      });
    },
  },
  {
    id: 'kubelet-client-cert-expired',
    code: 'cert/control-plane-expiry',
    // kubelet pkg/kubelet/certificate/bootstrap/bootstrap.go: "Part of the existing bootstrap client
    // certificate in %s is expired: %v"; certificate_manager.go: "Current certificate is expired".
    pattern:
      /existing bootstrap client certificate in \S{1,200} is expired|certificate_manager\.go:\d+\][^\n]{0,80}Current certificate is expired/,
    examples: [
      'E0302 09:14:02.118230    4121 bootstrap.go:265] part of the existing bootstrap client certificate in /etc/kubernetes/kubelet.conf is expired: 2025-02-27 08:01:44 +0000 UTC',
      'I0302 09:14:02.118230    4121 certificate_manager.go:356] kubernetes.io/kube-apiserver-client-kubelet: Current certificate is expired.',
    ],
    nearMisses: ['I0302 09:14:02.118230    4121 certificate_manager.go:356] Certificate rotation is enabled'],
    rank: 8,
    diagnose(hits, paste) {
      return pasteFinding('cert/control-plane-expiry', hits, paste, {
        title: "The kubelet's client certificate (kubelet.conf) expired: the node cannot reach the apiserver",
        why: 'kubeadm writes the first kubelet client certificate into kubelet.conf for one year; the kubelet rotates it only while it runs and can reach the apiserver. A node down past the expiry (or rotation off) keeps the expired one and, with no bootstrap kubeconfig left, cannot start.',
        confirm: [
          {
            run: "openssl x509 -noout -enddate -in /var/lib/kubelet/pki/kubelet-client-current.pem; grep -o 'client-certificate.*' /etc/kubernetes/kubelet.conf",
            where: 'node',
          },
        ],
        steps: [catalogStep('kubeletClientReissue')],
      });
    },
  },
  {
    id: 'control-plane-cert-expired',
    code: 'cert/control-plane-expiry',
    // Source: Go crypto/x509 CertificateInvalidError, Expired: "x509: certificate has expired or is not yet valid" (all Go versions).
    pattern: /(?:x509: |\b)certificate has expired or is not yet valid/,
    examples: [
      'The error is: x509: certificate has expired or is not yet valid: current time 2024-09-18T12:18:40Z is after 2024-09-10T12:29:33Z.',
      'Unable to connect to the server: x509: certificate has expired or is not yet valid',
    ],
    nearMisses: [
      'Error generating CA certificate chain for Secret: x509: certificate signed by unknown authority',
      'openstack_instances.go:75] Failed to find compute flavors: Get https://nova.example:8774/v2/40c28cc7/flavors/detail: x509: certificate has expired or is not yet valid',
      'level=fatal msg="Server certificate is not valid, please check if the host has the correct time configured and if the server certificate has a notAfter date and time in the future. error: Get https://rancher.example.org: x509: certificate has expired or is not yet valid"',
      "error: x509: certificate has expired or is not yet valid: current time 2026-03-03T10:30:00Z is after 2026-03-03T10:25:00Z. This error means the node's clock is ahead of the certificate's validity period.",
    ],
    group: 'x509-validity',
    rank: 4,
    when: (p, h) =>
      !isBefore(p, h) &&
      !publicHostAt(p, h) &&
      !validityErrorsForeign(p) &&
      !foreignTls(p) &&
      // A person's story that never names Kubernetes (a proxy panel in Docker, a desktop app): theirs;
      // a test suite's fixture certificate (a failing test's title, a TestXxx name) is the test's.
      !storyWithoutKube(p) &&
      !testSuiteStory(p) &&
      !desktopVmStory(p) &&
      !foreignToolNear(p, h) &&
      !clockExplainsValidity(p) &&
      // EKS, GKE and AKS run the control plane and rotate its certificates: a bare validity error there is
      // some other certificate's (a webhook's, a proxy's, the client clock), told by the differential.
      !managedControlPlane(p) &&
      // A mesh's or an application's own PKI named on the error line itself (istio-proxy, Envoy, Kafka).
      !APP_PKI_RE.test(p.lines[h.line] ?? '') &&
      !/Error generating CA certificate chain for Secret|Failed to pull image|failed to pull/i.test(
        p.lines[h.line] ?? '',
      ),
    diagnose(hits, paste) {
      return pasteFinding('cert/control-plane-expiry', hits, paste, {
        facts: timesFact(paste, hits),
        why: 'kubeadm and k3s control-plane leaf certificates last one year and are renewed only by an upgrade, an explicit renew or (k3s) a restart inside the renewal window. If the failing calls go to an apiserver that has run for a year, it can also be its loopback certificate: the confirm steps tell them apart.',
        confirm: [
          liveCheck('certs'),
          catalogStep('certCheck'),
          {
            run: 'openssl s_client -connect <apiserver>:6443 </dev/null 2>/dev/null | openssl x509 -noout -dates',
            where: 'workstation',
          },
          {
            run: 'openssl s_client -connect <apiserver>:6443 -servername apiserver-loopback-client </dev/null 2>/dev/null | openssl x509 -noout -dates',
            where: 'workstation',
          },
        ],
        steps: [catalogStep('certRenew')],
      });
    },
  },
  {
    id: 'kubelet-serving-san-mismatch',
    code: 'cert/kubelet-san-mismatch',
    // Source: Go crypto/x509 HostnameError: "x509: certificate is valid for %s, not %s" ("x509 certificate" before Go 1.20 in some wrappers).
    // Go ≥ 1.15 with no SAN at all: "x509: certificate is not valid for any names, but wanted to match %s".
    pattern:
      /x509:? certificate is (?:valid for ([^\n]{1,400}?), not|not valid for any names, but wanted to match) ([0-9a-fA-F.:]{3,45}|[a-z0-9.-]{1,253})\b/,
    examples: [
      'Error from server: Get "https://192.168.0.6:10250/containerLogs/ix-synapse/synapse-ix-chart-6844f68c96-gbd9j/ix-chart": x509: certificate is valid for 127.0.0.1, 0.0.0.0, not 192.168.0.6',
      'Error from server: Get "https://192.168.3.123:10250/containerLogs/<NAMESPACE>/<POD_NAME>/<CONTAINER_NAME>": x509 certificate is valid for 127.0.0.1, 172.29.1.100, not 192.168.3.123',
      'Failed to load logs: Get "https://10.133.0.7:10250/containerLogs/kube-system/cert-manager-controller-6b4bc9d996-9psds/cert-manager?tailLines=502&timestamps=true": x509: certificate is valid for 127.0.0.1, 188.166.26.113, 188.166.26.113, not 10.133.0.7',
    ],
    nearMisses: [
      'Get "https://harbor.local/v2/": x509: certificate is valid for registry.example.com, not harbor.local',
      'kubectl logs ingress-nginx-controller: x509: certificate is valid for ingress.local, not app.example.com',
      'kubelet[912]: E0101 10:00:00.000000 912 reflector.go:138] Get "https://192.168.1.10:6443/api/v1/nodes": x509: certificate is valid for 10.96.0.1, 10.0.0.5, not 192.168.1.10',
    ],
    rank: 9,
    // The apiserver and metrics-server dial a kubelet at the node's address (an IP unless told to
    // prefer host names): a DNS name counts only with a kubelet endpoint on the line itself, so an
    // ingress or registry certificate seen through `kubectl logs` is not taken for a kubelet's.
    when: (p, h) =>
      kubeletContext(p, h) &&
      dialsKubelet(p.lines[h.line] ?? '') !== false &&
      (/^[0-9a-fA-F.:]+$/.test(h.match[2] ?? '') ||
        /:10250\b|containerLogs|Failed to scrape node|error dialing backend/i.test(p.lines[h.line] ?? '')),
    diagnose(hits, paste) {
      const line = paste.lines[hits[0]?.line ?? 0] ?? '';
      // The rule's own match: [1] the names it has (none in the "not valid for any names" form), [2] the one dialled.
      const m = hits[0]?.match;
      const ip = m?.[2] ?? '<node-ip>';
      const port = /:(\d{4,5})\//.exec(line)?.[1] ?? '10250';
      return pasteFinding('cert/kubelet-san-mismatch', hits, paste, {
        subject: { kind: 'node', name: ip },
        title: `Kubelet serving certificate on ${ip} lacks that address (${m?.[1] ? `it names ${m[1]}` : 'it names no host at all'})`,
        why: `The kubelet's serving certificate was issued for the node's old or wrong address; the apiserver (kubectl logs/exec) and metrics-server dial ${ip} and reject it. On k3s it is /var/lib/rancher/k3s/agent/serving-kubelet.crt (not serving-kube-apiserver.crt), issued at agent start with the node IPs it had then.`,
        confirm: [
          liveCheck('certs'),
          {
            run: `openssl s_client -connect ${ip}:${port} </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName -dates`,
            where: 'workstation',
          },
          { run: `kubectl get nodes -o wide | grep ${ip}`, where: 'workstation' },
        ],
        steps: [
          {
            run: `printf 'node-ip: ${ip}\\n' >> /etc/rancher/k3s/config.yaml && systemctl restart k3s-agent   # k3s servers: systemctl restart k3s`,
            where: 'node',
            host: ip,
            caution: 'The serving certificate is re-issued at start; pods keep running.',
          },
          {
            run: 'kubeadm: set serverTLSBootstrap: true in /var/lib/kubelet/config.yaml, systemctl restart kubelet, then approve its CSR after checking the SANs',
            where: 'node',
            host: ip,
          },
        ],
      });
    },
  },
  {
    id: 'kubelet-serving-no-ip-sans',
    code: 'cert/kubelet-no-ip-sans',
    // Source: Go crypto/x509 HostnameError: "x509: cannot validate certificate for %s because it doesn't contain any IP SANs".
    // An address redacted by the person pasting ("10.x.y.142", "10.0.X.X", "192.168.*.*") is still one.
    pattern:
      /cannot validate certificate for ([0-9a-fA-F.:]{3,45}|(?:\d{1,3}|[xyzXYZ*]{1,3})(?:\.(?:\d{1,3}|[xyzXYZ*]{1,3})){3}) because it doesn't contain any IP SANs?\b/,
    examples: [
      "Error from server: Get https://10.240.0.23:10250/containerLogs/nginx-sdsrvsz: x509: cannot validate certificate for 10.240.0.23 because it doesn't contain any IP SANs",
      // A redacted address.
      "Error from server: error dialing backend: x509: cannot validate certificate for 10.x.y.142 because it doesn't contain any IP SANs",
      'E0511 21:57:06.607078       1 scraper.go:140] "Failed to scrape node" err="Get \\"https://192.168.203.181:10250/metrics/resource\\": x509: cannot validate certificate for 192.168.203.181 because it doesn\'t contain any IP SANs" node="lke60627-94194-627bc558aaae"',
    ],
    nearMisses: [
      'x509: certificate relies on legacy Common Name field, use SANs or temporarily enable Common Name matching with GODEBUG=x509ignoreCN=0',
      "kubelet[7388]: E0615 11:54:32.106405 7388 event.go:207] Unable to write event: 'Post https://192.168.122.20:6443/api/v1/namespaces/default/events: x509: cannot validate certificate for 192.168.122.20 because it doesn't contain any IP SANs'",
    ],
    rank: 9,
    // Go writes this error only for an address dialled: the pattern's one group is an IP, or one the person
    // redacted (the SAN-mismatch rule above, whose group may be a DNS name, needs a kubelet endpoint for that).
    // A URL on the line that is not a kubelet's (the apiserver's :6443/api/v1, etcd's :2379) names the
    // certificate that failed: that server's, even when the kubelet is the client that logged it.
    when: (p, h) => kubeletContext(p, h) && dialsKubelet(p.lines[h.line] ?? '') !== false,
    diagnose(hits, paste) {
      const line = paste.lines[hits[0]?.line ?? 0] ?? '';
      const ip = hits[0]?.match[1] ?? '<node-ip>';
      const node = /node="([^"]{1,253})"/.exec(line)?.[1];
      return pasteFinding('cert/kubelet-no-ip-sans', hits, paste, {
        subject: { kind: 'node', name: node ?? ip },
        why: 'Without serverTLSBootstrap the kubelet self-signs /var/lib/kubelet/pki/kubelet.crt with only its hostname; metrics-server (and the apiserver with --kubelet-certificate-authority) dial the IP and cannot verify it.',
        confirm: [
          liveCheck('certs'),
          {
            run: `openssl s_client -connect ${ip}:10250 </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName -issuer`,
            where: 'workstation',
          },
        ],
        steps: [
          {
            run: "echo 'serverTLSBootstrap: true' >> /var/lib/kubelet/config.yaml && systemctl restart kubelet",
            where: 'node',
            host: node ?? ip,
            caution: 'Restarts the kubelet; then approve its kubelet-serving CSR after checking the SANs.',
          },
          {
            run: 'kubectl get csr --field-selector spec.signerName=kubernetes.io/kubelet-serving',
            where: 'workstation',
          },
          {
            run: 'Last resort: metrics-server --kubelet-insecure-tls',
            kind: 'advice',
            where: 'workstation',
            caution: 'Disables kubelet certificate verification.',
          },
        ],
      });
    },
  },
  {
    id: 'kubelet-serving-unknown-ca',
    code: 'cert/kubelet-unknown-ca',
    // Source: Go crypto/x509 UnknownAuthorityError on a kubelet URL (:10250, kubelet/apiserver and metrics-server
    // wrappers), or on a path only the kubelet serves when the port is redacted or named (/stats/summary,
    // /metrics/cadvisor, /metrics/resource, /containerLogs/: metrics-server, the OpenTelemetry kubeletstats receiver).
    pattern:
      /(?::10250\/|\/stats\/summary\b|\/metrics\/(?:cadvisor|resource)\b|\/containerLogs\/)[^\n]{0,400}x509: certificate signed by unknown authority/,
    examples: [
      'Error from server: Get https://10.0.0.5:10250/containerLogs/default/web-1/web: x509: certificate signed by unknown authority',
      'error scraping metrics {"kind": "receiver", "name": "kubeletstats", "error": "Get \\"https://xxxx:xxxx/stats/summary\\": tls: failed to verify certificate: x509: certificate signed by unknown authority"}',
    ],
    nearMisses: [
      'Failed to pull image x509: certificate signed by unknown authority while create deloyment using kubectl apply -f',
    ],
    rank: 9,
    diagnose(hits, paste) {
      const ip =
        /https:\/\/([0-9a-fA-F.:]{3,45}):10250/.exec(paste.lines[hits[0]?.line ?? 0] ?? '')?.[1] ??
        '<node-ip>';
      return pasteFinding('cert/kubelet-unknown-ca', hits, paste, {
        subject: { kind: 'node', name: ip },
        why: 'The kubelet serves a self-signed certificate, or one from a CA the verifier (apiserver --kubelet-certificate-authority, metrics-server) does not trust.',
        confirm: [
          liveCheck('certs'),
          {
            run: `openssl s_client -connect ${ip}:10250 </dev/null 2>/dev/null | openssl x509 -noout -issuer -subject`,
            where: 'workstation',
          },
        ],
        steps: [{ ...KUBELET_SERVING_FROM_CA, host: ip }],
      });
    },
  },
  {
    id: 'kubelet-serving-csr-pending',
    code: 'cert/kubelet-csr-pending',
    // kubelet (pkg/kubelet/certificate/kubelet.go): its GetCertificate fails with "no serving
    // certificate available for the kubelet" until its CSR is approved; the client side (kubectl
    // logs/exec, metrics-server, the apiserver) sees only Go crypto/tls's "remote error: tls:
    // internal error", which means this only on a kubelet call.
    // The error is also quoted without its prefix ("kubectl logs returns tls: internal error").
    pattern:
      /no serving certificate available for the kubelet|TLS handshake error from [^\n]{1,80}: no certificate available|(?:remote error: )?tls: internal error/,
    when: (p, h) => !/tls: internal error/i.test(p.lines[h.line] ?? '') || kubeletContext(p, h),
    examples: [
      'Error from server: Get "https://10.0.3.17:10250/containerLogs/default/web-0/web": remote error: tls: internal error',
      'http: TLS handshake error from 192.168.1.3:43064: no serving certificate available for the kubelet',
      'When I run kubectl logs or kubectl exec on the new nodes it returns tls: internal error',
      'Jan 15 05:52:45 node02 atomic-openshift-node: I0115 05:52:45.941255    5252 logs.go:49] http: TLS handshake error from 10.130.210.50:50594: no serving certificate available for the kubelet',
    ],
    nearMisses: [
      'http: TLS handshake error from 10.0.0.1:5000: EOF',
      'Get "https://registry.example.com/v2/": remote error: tls: internal error',
    ],
    rank: 9,
    diagnose(hits, paste) {
      return pasteFinding('cert/kubelet-csr-pending', hits, paste, {
        why: 'serverTLSBootstrap is on, so the kubelet asks for its serving certificate with a CSR (signer kubernetes.io/kubelet-serving); the built-in approver never approves those, and until someone does the kubelet has no serving certificate.',
        confirm: [
          liveCheck('certs'),
          {
            run: 'kubectl get csr -o custom-columns=NAME:.metadata.name,SIGNER:.spec.signerName,USER:.spec.username,COND:.status.conditions[*].type',
            where: 'workstation',
          },
        ],
        steps: [
          {
            run: "kubectl get csr <name> -o jsonpath='{.spec.request}' | base64 -d | openssl req -noout -text",
            where: 'workstation',
          },
          {
            run: 'kubectl certificate approve <name>',
            where: 'workstation',
            caution:
              'Check the requester is system:node:<node> and every SAN belongs to that node first: approving blindly lets a node claim any name or IP.',
          },
        ],
      });
    },
  },
  {
    id: 'etcd-ca-mismatch',
    code: 'cert/ca-mismatch',
    // etcd's v2/v3 client ("client: etcd cluster is unavailable or misconfigured; error #0: …"), etcdctl,
    // and any client dialling etcd's port: the members' certificates were signed by a CA the client does not hold.
    pattern:
      /etcd cluster is unavailable or misconfigured;[^\n]{0,80}x509: certificate signed by unknown authority|:2379\b[^\n]{0,300}x509: certificate signed by unknown authority|\betcdctl\b[^\n]{0,300}x509: certificate signed by unknown authority/i,
    examples: [
      'Error:  client: etcd cluster is unavailable or misconfigured; error #0: x509: certificate signed by unknown authority',
      '"cmd": "/usr/local/bin/etcdctl --endpoints=https://10.1.1.1:2379 cluster-health", "stderr": "error #0: x509: certificate signed by unknown authority"',
    ],
    nearMisses: [
      'Error:  client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 10.1.1.1:2379: connect: connection refused',
    ],
    rank: 8,
    diagnose(hits, paste) {
      return pasteFinding('cert/ca-mismatch', hits, paste, {
        title: "etcd's certificates are signed by a CA this etcd client does not trust",
        why: "The client (etcdctl, the apiserver's --etcd-cafile, or a CNI that keeps its state in etcd) holds a CA that did not sign the etcd members' certificates: they were regenerated (an upgrade or a reinstall made a new etcd CA on some members) or the client is given another CA file.",
        confirm: [
          {
            run: 'openssl s_client -connect <etcd-member>:2379 </dev/null 2>/dev/null | openssl x509 -noout -issuer -dates',
            where: 'control-plane',
          },
          {
            run: 'openssl verify -CAfile /etc/kubernetes/pki/etcd/ca.crt /etc/kubernetes/pki/etcd/server.crt   # kubespray: /etc/ssl/etcd/ssl/ca.pem and member-<host>.pem',
            where: 'control-plane',
          },
        ],
        steps: [
          {
            run: 'ETCDCTL_API=3 etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key --endpoints=https://<etcd-member>:2379 endpoint health   # kubespray: --cacert=/etc/ssl/etcd/ssl/ca.pem --cert=/etc/ssl/etcd/ssl/admin-$(hostname).pem --key=/etc/ssl/etcd/ssl/admin-$(hostname)-key.pem',
            where: 'control-plane',
            caution:
              "Point the client at the CA that signed the members; if members disagree (one regenerated its CA), restore that member's etcd certificates from the others before restarting anything.",
          },
        ],
      });
    },
  },
  {
    id: 'cluster-ca-mismatch',
    code: 'cert/ca-mismatch',
    // The kubectl wrapper, and Go crypto/x509's hint when the client holds a CA of the cluster's
    // name that did not sign the server's certificate (kubeadm "kubernetes", k3s/rke2 "*-server-ca@…").
    // On macOS Go asks the platform verifier, which names the certificate: x509: “kube-apiserver”
    // certificate is not trusted.
    pattern:
      /(?:Unable to connect to the server|Kubernetes cluster unreachable|couldn't get current server API group list|:6443\/[^\s"]{0,200}"?|https?:\/\/[^\s"/]{1,253}\/(?:api\/v1\/|api(?=[?"\s:])|apis\/[a-z0-9.-]{1,100}\/v\d|version(?=[?"\s:]))[^\s"]{0,200}"?): (?:[^\n]{0,200}?)(?:tls: failed to verify certificate: )?x509: certificate signed by unknown authority|x509: certificate signed by unknown authority \(possibly because of "crypto\/(?:rsa|ecdsa)[^"]{0,40}" while trying to verify candidate authority certificate "(?:kubernetes|kubernetes-ca|(?:k3s|rke2)-server-ca@\d+)"|x509: [“"](?:kube-apiserver|kubernetes|apiserver|k3s|rke2)[“”"] certificate is not trusted/,
    when: apiserverCaLine,
    examples: [
      'Get https://10.20.0.4:6443/api?timeout=32s: x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "kubernetes")',
      'Unable to connect to the server: x509: certificate signed by unknown authority',
      'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'Error: Kubernetes cluster unreachable: Get "https://10.0.0.1:6443/version": x509: certificate signed by unknown authority',
      // Go before 1.14 printed the URL unquoted: `Get https://…/version: x509: …`.
      'Failed to create client: ERROR communicating with apiserver: Get https://10.96.0.1:443/version: x509: certificate signed by unknown authority',
      'E0101 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:6443/api?timeout=32s": tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'Error: Post "https://0964692BCB2AC7F55C5ABBDBC1DD6A70.gr7.us-east-1.eks.amazonaws.com/api/v1/namespaces/kube-system/configmaps": x509: certificate signed by unknown authority',
      'Failed to establish connection to api.prod.example.io:443: x509: “kube-apiserver” certificate is not trusted',
    ],
    nearMisses: [
      'Get "https://ghes.local.com/api/v3/repos/acme/app/actions/runners?per_page=30": x509: certificate signed by unknown authority',
      'Get "https://registry.example.com/v2/": x509: certificate signed by unknown authority',
      'level=info msg="Initial connection to Kubernetes cluster failed with error Get \\"https://rancher.example.org/version\\": x509: certificate signed by unknown authority, removing CA data and trying again"',
      'Failed to pull image x509: certificate signed by unknown authority while create deloyment using kubectl apply -f',
    ],
    rank: 8,
    diagnose: clusterCaMismatch,
  },
  {
    id: 'ca-mismatch-apiserver-configured',
    code: 'cert/ca-mismatch',
    // Go crypto/x509's bare UnknownAuthorityError (also as an issue title's slug) in a paste that configures
    // a client for the apiserver (a :6443 host, Terraform's cluster_ca_certificate, a kubeconfig's
    // certificate-authority): the CA that client was given, or none, is not the one that signed the
    // apiserver's certificate.
    // The same chain failure in the other clients' words: OpenSSL's (Python's urllib3, Ansible) "certificate
    // verify failed: unable to get (local) issuer certificate" / "self signed certificate in certificate
    // chain", Java's PKIX "unable to find valid certification path" / "does not chain with any of the trust
    // anchors", .NET's "errors in the certificate chain: PartialChain / UntrustedRoot".
    pattern:
      /\bx509: certificate signed by unknown authority\b|\bx509-certificate-signed-by-unknown-authority\b|\bcertificate verify failed: (?:unable to get (?:local )?issuer certificate|self[- ]signed certificate in certificate chain)\b|\bunable to find valid certification path to requested target\b|\bPath does not chain with any of the trust anchors\b|\berrors in the certificate chain: (?:PartialChain|UntrustedRoot)\b/i,
    when: (p, h) =>
      strongKubeContext(p) &&
      (apiserverClientConfigPaste(p) || apiserverResourceUrl(p.lines[h.line] ?? '')) &&
      apiserverCaLine(p, h),
    examples: [
      'Error: x509: certificate signed by unknown authority on terraform init\n\nbackend "kubernetes" {\n  host = "https://192.25.2.225:6443"\n}',
      'helm_release.api: error installing: Post https://35.192.46.211/apis/extensions/v1beta1/namespaces/kube-system/deployments: x509: certificate signed by unknown authority (kubernetes provider on GKE)',
      'Getting x509-certificate-signed-by-unknown-authority\n\nprovider "kubernetes" {\n  #cluster_ca_certificate = base64decode(data.aws_eks_cluster.cluster.certificate_authority.0.data)\n  insecure = true\n}',
      "kubernetes config.load_kube_config(): HTTPSConnectionPool(host='10.0.0.5', port=6443): Max retries exceeded with url: /api/v1/namespaces (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))",
      'io.kubernetes.client.openapi.ApiException: javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: Path does not chain with any of the trust anchors (KubeConfig.loadKubeConfig, https://10.0.0.5:6443)',
    ],
    nearMisses: [
      'Failed to pull image: Get https://registry.example.com/v2/deployments/manifests/1.0: x509: certificate signed by unknown authority on our kubernetes node',
      'x509: certificate signed by unknown authority',
      "pip install kubernetes: HTTPSConnectionPool(host='pypi.org', port=443): certificate verify failed: unable to get local issuer certificate",
      'Error: x509: certificate signed by unknown authority\n\nprovider "github" {\n  base_url = "https://ghes.local/api/v3/"\n}',
    ],
    rank: 7,
    diagnose: clusterCaMismatch,
  },
];

/**
 * The unknown-authority line is the apiserver's: not a kubelet's (:10250), not an identity provider's discovery
 * URL (…/.well-known/openid-configuration) or another service's path, even under kubectl's "Unable to connect
 * to the server", and not a TLS story of another tool.
 */
function apiserverCaLine(p: Paste, h: Hit): boolean {
  const line = p.lines[h.line] ?? '';
  const url = urlOnLine(line);
  return (
    !/:10250\b/.test(line) &&
    !(url && foreignUrlPath(url) && !APISERVER_RESOURCE_PATH_RE.test(url.path)) &&
    !foreignTls(p) &&
    !foreignToolNear(p, h)
  );
}

/**
 * The refused call names a Kubernetes API resource in its URL (`Post https://…/apis/apps/v1/namespaces/x/deployments`,
 * a Helm install's `Post https://…/deployments`): the client is the apiserver's, whatever configured it.
 */
const APISERVER_RESOURCE_PATH_RE =
  /^\/(?:api\/v1|apis\/[\w.-]+\/v\w+)(?:[/:?]|$)|\/namespaces\/[\w.-]+\/[a-z]+|^\/(?:deployments|services|configmaps|secrets|namespaces|daemonsets|statefulsets|replicasets|cronjobs|serviceaccounts|clusterroles|clusterrolebindings|rolebindings|customresourcedefinitions)(?=[:/?]|$)/;
function apiserverResourceUrl(line: string): boolean {
  const url = urlOnLine(line);
  return url !== undefined && APISERVER_RESOURCE_PATH_RE.test(url.path);
}

/** A client configured for the apiserver: its port, Terraform's CA argument, a kubeconfig's CA fields. */
const apiserverClientConfigPaste = pasteTest(
  /:6443\b|\bport=6443\b|\bcluster_ca_certificate\b|\bcertificate-authority(?:-data)?\b|\binsecure-skip-tls-verify\b|\bload_kube_config\b|\bKubeConfig\.loadKubeConfig\b|\bBuildConfigFromConfigFile\b/i,
);

/** The cluster's CA is not the one the client holds: what to compare and where to fetch the right one. */
function clusterCaMismatch(hits: readonly Hit[], paste: Paste) {
  return pasteFinding('cert/ca-mismatch', hits, paste, {
    why: "The CA this client trusts is not the cluster's, or it was given none: the cluster was reinstalled or its CA rotated, the kubeconfig points at another cluster or a TLS-intercepting proxy, or the tool (Terraform, a CI job) was never given the cluster's CA.",
    confirm: [
      {
        run: "kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d | openssl x509 -noout -subject -fingerprint -sha256",
        where: 'workstation',
      },
      {
        run: 'openssl s_client -connect <apiserver>:6443 -showcerts </dev/null 2>/dev/null | openssl x509 -noout -issuer',
        where: 'workstation',
      },
    ],
    steps: [catalogStep('kubeconfigRefetch')],
  });
}
