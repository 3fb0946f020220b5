/**
 * The certs check: the apiserver's in-memory loopback certificate (seed 003), apiserver serving
 * certificates and the cluster CA, kubelet serving certificates (seed 004), pending kubelet-serving
 * CSRs, and webhook / APIService CA bundles. Mechanisms: docs/findings.md (cert/*).
 * @module
 */
import type { CertFacts, ClusterSnapshot, TlsProbe } from '../cluster/snapshot.js';
import { type Distro, restartApiserver } from '../core/commands.js';
import type { Command, Evidence, Finding } from '../core/finding.js';
import { fixSteps, kubeletRestartOn, platformOf } from '../core/fixes.js';
import { duration, shq, utc } from '../core/format.js';
import type { Severity } from '../core/severity.js';
import type { Check, CheckRun } from './types.js';

const DAY = 86_400_000;
/** Warn this many days before a certificate expires. */
export const CERT_WARNING_DAYS = 30;
/** Critical from this many days before expiry (and when expired). */
export const CERT_CRITICAL_DAYS = 7;
/** Warn on the cluster CA this many days ahead: replacing a CA takes planning. */
export const CA_WARNING_DAYS = 180;
/** A kubelet-serving CSR pending longer than this is stuck (the built-in approver never approves it). */
export const CSR_PENDING_MS = 5 * 60_000;

/** Severity for a certificate with `left` ms of validity. */
export function expirySeverity(leftMs: number, warnDays = CERT_WARNING_DAYS): Severity | undefined {
  if (leftMs <= CERT_CRITICAL_DAYS * DAY) return 'critical';
  if (leftMs <= warnDays * DAY) return 'warning';
  return undefined;
}

function daysLeft(c: CertFacts, now: Date): string {
  const left = c.notAfter.getTime() - now.getTime();
  return left < 0 ? `expired ${duration(left)} ago` : `${(left / DAY).toFixed(1)} days left`;
}

/** Evidence lines that describe one certificate. */
export function describeCert(c: CertFacts, now: Date, source: string): Evidence[] {
  const sans =
    [...c.dnsNames.map((d) => `DNS:${d}`), ...c.ipAddresses.map((i) => `IP:${i}`)].join(', ') || 'none';
  return [
    { fact: `subject ${c.subject}; issuer ${c.issuer}`, source },
    { fact: `SANs: ${sans}`, source },
    {
      fact: `valid ${utc(c.notBefore)} to ${utc(c.notAfter)} (${daysLeft(c, now)}); key ${c.keyType}`,
      source,
      values: [
        { name: 'notBefore', value: c.notBefore.getTime(), unit: 'ms-epoch' },
        { name: 'notAfter', value: c.notAfter.getTime(), unit: 'ms-epoch' },
        { name: 'daysLeft', value: (c.notAfter.getTime() - now.getTime()) / 86_400_000, unit: 'days' },
      ],
    },
  ];
}

/** Which distribution runs the control plane: version suffix, then kube-system static pods. */
export function distribution(s: ClusterSnapshot): Distro {
  const v = s.version?.gitVersion ?? s.nodes[0]?.kubeletVersion ?? '';
  if (v.includes('+k3s')) return 'k3s';
  if (v.includes('+rke2')) return 'rke2';
  if (s.pods.some((p) => p.namespace === 'kube-system' && p.name.startsWith('kube-apiserver-')))
    return 'kubeadm';
  return 'unknown';
}

function apiName(p: TlsProbe): string {
  return p.node ?? `${p.address}:${p.port}`;
}

function loopbackFindings(s: ClusterSnapshot, now: Date, d: Distro): Finding[] {
  const out: Finding[] = [];
  for (const p of s.servingCerts) {
    const leaf = p.chain?.[0];
    if (
      p.target !== 'apiserver-loopback' ||
      !leaf ||
      !leaf.commonName.startsWith('apiserver-loopback-client@')
    )
      continue;
    const left = leaf.notAfter.getTime() - now.getTime();
    const sev = expirySeverity(left);
    if (!sev) continue;
    const started = Number(leaf.commonName.split('@')[1]);
    const name = apiName(p);
    out.push({
      code: 'cert/loopback-expiry',
      severity: sev,
      subject: { kind: 'endpoint', name },
      breaksAt: leaf.notAfter.toISOString(),
      title:
        left <= 0
          ? `Loopback certificate of apiserver ${name} expired ${utc(leaf.notAfter)}`
          : `Loopback certificate of apiserver ${name} expires ${utc(leaf.notAfter)} (in ${duration(left)})`,
      evidence: [
        ...describeCert(
          leaf,
          now,
          `TLS handshake with SNI apiserver-loopback-client to ${p.address}:${p.port}`,
        ),
        ...(Number.isFinite(started)
          ? [
              {
                fact: `apiserver process started ${utc(new Date(started * 1000))} (CN suffix); the certificate is never rotated while it runs`,
                source: 'certificate CN apiserver-loopback-client@<unix start>',
              },
            ]
          : []),
      ],
      fix: {
        why: 'kube-apiserver makes this certificate at start (valid 1 year minus 1 hour up to 1.32, about 3 years from 1.33) for calls it makes to itself; when it expires admission and other self-calls fail with x509 "is after". Only a restart renews it; 1.36+ also has the livez check loopback-serving-certificate.',
        steps: [
          {
            run: `openssl s_client -connect ${p.address}:${p.port} -servername apiserver-loopback-client </dev/null 2>/dev/null | openssl x509 -noout -subject -dates`,
            where: 'workstation',
          },
          ...restartApiserver(d, name),
        ],
      },
    });
  }
  return out;
}

/** An apiserver's serving certificate: not yet valid, expiring, or not verified by the registered CA. */
function servingCertFindings(s: ClusterSnapshot, p: TlsProbe, now: Date, d: Distro): Finding[] {
  const out: Finding[] = [];

  const leaf = p.chain?.[0];
  if (p.target !== 'apiserver-serving' || !leaf) return out;
  const name = apiName(p);
  const src = `TLS handshake with ${p.address}:${p.port}`;
  const left = leaf.notAfter.getTime() - now.getTime();
  if (leaf.notBefore.getTime() > now.getTime() + 60_000) {
    out.push({
      code: 'cert/not-yet-valid',
      severity: 'critical',
      subject: { kind: 'certificate', name: `apiserver ${name} serving` },
      title: `Serving certificate of apiserver ${name} is not valid until ${utc(leaf.notBefore)}`,
      evidence: describeCert(leaf, now, src),
      fix: {
        why: 'The clock that minted it was ahead, or this clock is behind.',
        steps: [{ run: 'chronyc tracking', where: 'control-plane', host: name }],
      },
    });
  }
  const sev = expirySeverity(left);
  if (sev) {
    out.push({
      code: 'cert/apiserver-serving-expiry',
      severity: sev,
      subject: { kind: 'certificate', name: `apiserver ${name} serving` },
      breaksAt: leaf.notAfter.toISOString(),
      title:
        left <= 0
          ? `Serving certificate of apiserver ${name} expired ${utc(leaf.notAfter)}`
          : `Serving certificate of apiserver ${name} expires in ${duration(left)}`,
      evidence: describeCert(leaf, now, src),
      fix: {
        why: 'Control-plane leaf certificates last one year and renew only on upgrade, an explicit renew, or (k3s) a restart within the renewal window.',
        steps: servingRenewSteps(d, name),
      },
    });
  }
  if (p.authorized === false && s.trustedCA && s.trustedCA.length > 0) {
    out.push({
      code: 'cert/ca-mismatch',
      severity: 'critical',
      subject: { kind: 'certificate', name: `apiserver ${name} serving` },
      title: `Apiserver ${name} presents a certificate the registered CA does not verify (${p.authorizationError ?? 'unverified'})`,
      evidence: [
        ...describeCert(leaf, now, src),
        {
          fact: `registered CA: ${s.trustedCA[0]?.subject} (sha256 ${s.trustedCA[0]?.fingerprint256.slice(0, 23)}…)`,
          source: 'cluster record',
        },
      ],
      fix: {
        why: 'The record or kubeconfig carries the CA of a reinstalled cluster, or the CA was rotated.',
        steps: [
          {
            run: "kubectl get cm kube-root-ca.crt -n default -o jsonpath='{.data.ca\\.crt}' | openssl x509 -noout -subject -fingerprint -sha256",
            where: 'workstation',
          },
        ],
      },
    });
  }
  return out;
}

/** Renewing an apiserver's serving certificate: k3s renews on restart, kubeadm by `certs renew`. */
function servingRenewSteps(d: Distro, name: string): Command[] {
  const on = (c: Command): Command => (c.where === 'workstation' ? c : { ...c, host: name });
  if (d === 'k3s')
    return [
      ...fixSteps('certCheck', 'k3s').map(on),
      { run: 'systemctl restart k3s', where: 'control-plane', host: name, caution: 'One server at a time.' },
    ];
  const p = platformOf(d);
  return [
    ...fixSteps('certCheck', p).map(on),
    ...fixSteps('certRenew', p).map(on),
    ...restartApiserver(d, name),
  ];
}

/** The cluster CA (kube-root-ca.crt): expiring, or not the CA kube-triage was registered with. */
function clusterCaFindings(s: ClusterSnapshot, now: Date, d: Distro): Finding[] {
  const out: Finding[] = [];
  const ca = s.clusterCA?.[0];
  if (ca) {
    const left = ca.notAfter.getTime() - now.getTime();
    const sev = expirySeverity(left, CA_WARNING_DAYS);
    if (sev) {
      out.push({
        code: 'cert/ca-expiry',
        severity: sev,
        subject: { kind: 'certificate', name: 'cluster CA' },
        breaksAt: ca.notAfter.toISOString(),
        title: `Cluster CA expires ${utc(ca.notAfter)} (in ${duration(left)})`,
        evidence: describeCert(ca, now, 'ConfigMap kube-system/kube-root-ca.crt'),
        fix: {
          why: 'Cluster CAs last ten years by default and are not renewed automatically; every certificate they signed stops verifying with them.',
          steps: [
            {
              run:
                d === 'k3s'
                  ? 'k3s certificate rotate-ca --path=<new-ca-dir>'
                  : 'kubeadm certs check-expiration',
              where: 'control-plane',
            },
          ],
        },
      });
    }
    const trusted = s.trustedCA?.[0];
    if (
      trusted &&
      !s.trustedCA?.some((t) => t.fingerprint256 === ca.fingerprint256) &&
      !s.servingCerts.some((p) => p.target === 'apiserver-serving' && p.authorized === false)
    ) {
      out.push({
        code: 'cert/ca-mismatch',
        severity: 'warning',
        subject: { kind: 'certificate', name: 'cluster CA' },
        title: 'The cluster CA (kube-root-ca.crt) differs from the CA kube-triage was registered with',
        evidence: [
          ...describeCert(ca, now, 'ConfigMap kube-system/kube-root-ca.crt'),
          { fact: `registered CA: ${trusted.subject}`, source: 'cluster record' },
        ],
        fix: {
          why: 'Pods trust kube-root-ca.crt; clients outside trust their kubeconfig CA. When they differ one of them is stale.',
          steps: [
            {
              run: "kubectl get cm kube-root-ca.crt -n default -o jsonpath='{.data.ca\\.crt}' > ca.crt",
              where: 'workstation',
            },
          ],
        },
      });
    }
  }
  return out;
}

function servingFindings(s: ClusterSnapshot, now: Date, d: Distro): Finding[] {
  return [
    ...s.servingCerts.flatMap((p) => servingCertFindings(s, p, now, d)),
    ...clusterCaFindings(s, now, d),
  ];
}

/** How a kubelet gets a serving certificate with its node IP: k3s's node-ip, or serverTLSBootstrap. */
function kubeletSanFix(node: ClusterSnapshot['nodes'][number], d: Distro): Command[] {
  const k3sFix: Command[] = [
    {
      run: `printf 'node-ip: ${node.internalIP ?? '<node-ip>'}\\n' >> /etc/rancher/k3s/config.yaml`,
      where: 'node',
      host: node.name,
    },
    kubeletRestartOn(node, 'k3s', 'The serving certificate is re-requested at start; pods keep running.'),
    {
      run: 'openssl x509 -noout -ext subjectAltName -in /var/lib/rancher/k3s/agent/serving-kubelet.crt',
      where: 'node',
      host: node.name,
    },
  ];
  const upstreamFix: Command[] = [
    {
      run: "grep -q serverTLSBootstrap /var/lib/kubelet/config.yaml || echo 'serverTLSBootstrap: true' >> /var/lib/kubelet/config.yaml",
      where: 'node',
      host: node.name,
    },
    kubeletRestartOn(node, 'kubeadm', 'Restarts the kubelet; containers keep running.'),
    {
      run: `kubectl get csr --field-selector spec.signerName=kubernetes.io/kubelet-serving | grep ${shq(node.name)}`,
      where: 'workstation',
    },
  ];
  return d === 'k3s' ? k3sFix : upstreamFix;
}

/** One kubelet's serving certificate: IP SANs (missing or not the node's), CA, expiry. */
function kubeletCertFindings(
  p: TlsProbe,
  nodes: ReadonlyMap<string, ClusterSnapshot['nodes'][number]>,
  now: Date,
  d: Distro,
): Finding[] {
  const out: Finding[] = [];
  const leaf = p.chain?.[0];
  const node = p.node ? nodes.get(p.node) : undefined;
  if (!leaf || !node) return out;
  const src = `TLS handshake with kubelet ${p.address}:${p.port}`;
  const fixSteps = kubeletSanFix(node, d);
  const san = kubeletSanFinding(leaf, node, now, src, fixSteps);
  if (san) out.push(san);
  if (
    p.authorized === false &&
    /UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER/.test(p.authorizationError ?? '')
  ) {
    out.push({
      code: 'cert/kubelet-unknown-ca',
      severity: 'warning',
      subject: { kind: 'node', name: node.name },
      title: `Kubelet serving certificate of ${node.name} is not signed by the cluster CA (${p.authorizationError})`,
      evidence: describeCert(leaf, now, src),
      fix: {
        why: 'The kubelet serves a self-signed certificate, or the CA was rotated; verifiers that trust the cluster CA reject it.',
        steps: fixSteps,
      },
    });
  }
  const left = leaf.notAfter.getTime() - now.getTime();
  const sev = expirySeverity(left);
  if (sev) {
    out.push({
      code: 'cert/kubelet-serving-expiry',
      severity: sev,
      subject: { kind: 'node', name: node.name },
      breaksAt: leaf.notAfter.toISOString(),
      title:
        left <= 0
          ? `Kubelet serving certificate of ${node.name} expired ${utc(leaf.notAfter)}`
          : `Kubelet serving certificate of ${node.name} expires in ${duration(left)}`,
      evidence: describeCert(leaf, now, src),
      fix: {
        why: 'Self-signed kubelet certificates are never rotated; bootstrapped ones rotate only when their CSRs are approved.',
        steps: fixSteps,
      },
    });
  }
  return out;
}

/** A kubelet serving certificate without IP SANs, or without one of its node's addresses. */
function kubeletSanFinding(
  leaf: CertFacts,
  node: ClusterSnapshot['nodes'][number],
  now: Date,
  src: string,
  fixSteps: Command[],
): Finding | undefined {
  const wanted = node.addresses
    .filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP')
    .map((a) => a.address);
  const missing = wanted.filter((ip) => !leaf.ipAddresses.includes(ip));
  if (leaf.ipAddresses.length === 0) {
    return {
      code: 'cert/kubelet-no-ip-sans',
      severity: 'warning',
      subject: { kind: 'node', name: node.name },
      title: `Kubelet serving certificate of ${node.name} has no IP SANs (dialled as ${node.internalIP ?? '?'})`,
      evidence: describeCert(leaf, now, src),
      fix: {
        why: 'A self-signed kubelet certificate names only the hostname; metrics-server and `kubectl logs` with --kubelet-certificate-authority dial the node IP and fail.',
        steps: fixSteps,
      },
    };
  }
  if (missing.length > 0) {
    return {
      code: 'cert/kubelet-san-mismatch',
      severity: 'warning',
      subject: { kind: 'node', name: node.name },
      title: `Kubelet serving certificate of ${node.name} lacks ${missing.join(', ')}: it holds IP ${leaf.ipAddresses.join(', ')}`,
      evidence: [
        {
          fact: `node addresses: ${node.addresses.map((a) => `${a.type} ${a.address}`).join(', ')}`,
          source: `Node ${node.name} status.addresses`,
        },
        ...describeCert(leaf, now, src),
      ],
      fix: {
        why: `The certificate was issued for the node's old or wrong address; \`kubectl logs\`/\`exec\` and metrics-server dial ${missing[0]} and fail with "x509: certificate is valid for ${leaf.ipAddresses.join(', ')}, not ${missing[0]}".`,
        steps: fixSteps,
      },
    };
  }
  return undefined;
}

function kubeletFindings(s: ClusterSnapshot, now: Date, d: Distro): Finding[] {
  const nodes = new Map(s.nodes.map((n) => [n.name, n]));
  return s.kubeletCerts.flatMap((p) => kubeletCertFindings(p, nodes, now, d));
}

function csrFindings(s: ClusterSnapshot, now: Date): Finding[] {
  const out: Finding[] = [];
  for (const c of s.csrs) {
    if (c.signerName !== 'kubernetes.io/kubelet-serving' || c.state !== 'Pending') continue;
    const age = now.getTime() - c.createdAt.getTime();
    if (age < CSR_PENDING_MS) continue;
    const node = c.username.replace(/^system:node:/, '');
    out.push({
      code: 'cert/kubelet-csr-pending',
      severity: 'warning',
      subject: { kind: 'certificate', name: c.name },
      title: `Kubelet serving CSR ${c.name} from ${c.username} pending for ${duration(age)}`,
      evidence: [
        {
          fact: `requests DNS ${c.dnsNames.join(', ') || 'none'}; IP ${c.ipAddresses.join(', ') || 'none'}; key ${c.keyType ?? '?'}`,
          source: `CertificateSigningRequest ${c.name} spec.request (decoded)`,
        },
        {
          fact: `created ${utc(c.createdAt)}, no Approved condition`,
          source: `CertificateSigningRequest ${c.name} status`,
        },
      ],
      fix: {
        why: 'With serverTLSBootstrap the kubelet asks for its serving certificate by CSR; the built-in approver never approves kubernetes.io/kubelet-serving, so until someone does the kubelet has no serving certificate ("no serving certificate available for the kubelet").',
        steps: [
          {
            run: `kubectl get csr ${shq(c.name)} -o jsonpath='{.spec.request}' | base64 -d | openssl req -noout -text`,
            where: 'workstation',
          },
          {
            run: `kubectl certificate approve ${shq(c.name)}`,
            where: 'workstation',
            caution: `Check first that the requester is system:node:${node} and every SAN above belongs to that node: approving blindly lets a node claim any name or IP.`,
          },
        ],
      },
    });
  }
  return out;
}

function webhookFindings(s: ClusterSnapshot, now: Date): Finding[] {
  const out: Finding[] = [];
  for (const w of s.webhooks) {
    const subjectName = w.webhook ? `${w.name}/${w.webhook}` : w.name;
    const ca = w.caBundle?.[0];
    const src = `${w.kind} ${w.name} caBundle`;
    if (ca) {
      const left = ca.notAfter.getTime() - now.getTime();
      const sev = expirySeverity(left);
      if (sev) {
        out.push({
          code: 'cert/webhook-expiry',
          severity: left <= 0 ? 'critical' : sev,
          subject: { kind: 'certificate', name: subjectName },
          breaksAt: ca.notAfter.toISOString(),
          title:
            left <= 0
              ? `CA bundle of ${w.kind} ${subjectName} expired ${utc(ca.notAfter)}`
              : `CA bundle of ${w.kind} ${subjectName} expires in ${duration(left)}`,
          evidence: describeCert(ca, now, src),
          fix: {
            why: 'The tool that owns the webhook (cert-manager cainjector, an operator, an ingress controller job) stopped re-issuing its certificate; calls to it fail with x509 "is after" and block admission.',
            steps: [
              { run: `kubectl get ${w.kind.toLowerCase()} ${shq(w.name)} -o yaml`, where: 'workstation' },
              ...(w.service
                ? [
                    {
                      run: `kubectl -n ${shq(w.service.split('/')[0] ?? '')} rollout restart deployment -l app.kubernetes.io/instance`,
                      where: 'workstation' as const,
                      caution:
                        'Restarts the owning deployment so it re-issues the certificate; check which tool owns it first.',
                    },
                  ]
                : []),
            ],
          },
        });
      }
    }
    if (w.unavailableMessage && /x509|certificate/i.test(w.unavailableMessage)) {
      out.push({
        code: 'cert/webhook-expiry',
        severity: 'critical',
        subject: { kind: 'certificate', name: subjectName },
        title: `APIService ${w.name} is unavailable: ${w.unavailableMessage.slice(0, 160)}`,
        evidence: [
          { fact: w.unavailableMessage, source: `APIService ${w.name} status.conditions[Available]` },
        ],
        fix: {
          why: 'The aggregated API server presents a certificate the apiserver cannot verify (expired, or not signed by spec.caBundle).',
          steps: [{ run: `kubectl get apiservice ${shq(w.name)} -o yaml`, where: 'workstation' }],
        },
      });
    }
  }
  return out;
}

/** The certs check. */
export const certsCheck = {
  id: 'certs',
  title: 'Certificates',
  help: "Probes each apiserver endpoint with SNI apiserver-loopback-client to read its in-memory loopback certificate (never rotated while the process runs), checks apiserver serving certificates, the cluster CA, kubelet serving certificates against the node's addresses, pending kubelet-serving CSRs, and webhook / APIService CA bundles.",
  needs: [
    'servingCerts',
    'kubeletCerts',
    'nodes',
    'pods',
    'csrs',
    'webhooks',
    'version',
    'apiserverEndpoints',
  ],
  emits: [
    'cert/loopback-expiry',
    'cert/apiserver-serving-expiry',
    'cert/not-yet-valid',
    'cert/ca-mismatch',
    'cert/ca-expiry',
    'cert/kubelet-san-mismatch',
    'cert/kubelet-no-ip-sans',
    'cert/kubelet-unknown-ca',
    'cert/kubelet-serving-expiry',
    'cert/kubelet-csr-pending',
    'cert/webhook-expiry',
  ],
  run(s, now): CheckRun {
    const d = distribution(s);
    const findings = [
      ...loopbackFindings(s, now, d),
      ...servingFindings(s, now, d),
      ...kubeletFindings(s, now, d),
      ...csrFindings(s, now),
      ...webhookFindings(s, now),
    ];
    const loopbacks = s.servingCerts.filter(
      (p) =>
        p.target === 'apiserver-loopback' &&
        p.chain?.[0]?.commonName.startsWith('apiserver-loopback-client@'),
    );
    const serving = s.servingCerts.filter((p) => p.target === 'apiserver-serving' && p.chain);
    const kubelets = s.kubeletCerts.filter((p) => p.chain);
    const failedProbes = [...s.servingCerts, ...s.kubeletCerts].filter((p) => p.error);
    const table = [
      ['certificate', 'expires', 'left'],
      ...[...loopbacks, ...serving, ...kubelets].map((p) => {
        const leaf = p.chain?.[0] as CertFacts;
        return [`${p.target} ${p.node ?? p.address}`, utc(leaf.notAfter), daysLeft(leaf, now)];
      }),
      ...failedProbes.map((p) => [
        `${p.target} ${p.node ?? p.address}`,
        `probe failed: ${p.errorDetail ?? p.error}`,
        '',
      ]),
    ];
    const k3sLike =
      !s.servingCerts.some((p) => p.target === 'apiserver-loopback') && (d === 'k3s' || d === 'rke2');
    const examined = [
      `${loopbacks.length} loopback and ${serving.length} serving certificate${serving.length === 1 ? '' : 's'} of ${s.apiserverEndpoints.length} apiserver endpoint${s.apiserverEndpoints.length === 1 ? '' : 's'}`,
      ...(k3sLike
        ? [
            `loopback certificate not probed: a ${d} supervisor adds the SNI names it is asked for to its serving certificate (k3s#7312), so kube-triage never sends it apiserver-loopback-client`,
          ]
        : []),
      s.kubeletsReachable
        ? `${kubelets.length} kubelet certificate${kubelets.length === 1 ? '' : 's'}`
        : 'kubelets not probed (the cluster record says they are unreachable)',
      `${s.csrs.length} CSRs`,
      `${s.webhooks.length} webhooks/APIServices`,
      `distribution ${d}`,
    ].join(', ');
    return { findings, examined, table };
  },
} as const satisfies Check;
