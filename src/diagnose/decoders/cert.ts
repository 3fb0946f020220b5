/**
 * Certificates in a paste: PEM blocks (parsed with node:crypto, ECDSA included), `openssl x509
 * -text` output, curl -v "Server certificate" blocks, and `kubeadm certs check-expiration` tables.
 * Validity is judged against a Date header in the same paste when there is one, else against now;
 * a dialled host or IP named in the paste is checked against the SANs.
 * @module
 */

import { restartApiserver } from '../../core/commands.js';
import type { Evidence, Finding } from '../../core/finding.js';
import { catalogStep } from '../../core/fixes.js';
import { duration, utc } from '../../core/format.js';
import { parsePemChain } from '../../core/x509.js';
import { liveCheck } from '../build.js';
import { dialled, dialledElsewhere } from '../endpoints.js';
import { illustratedAt } from '../paste.js';
import type { Paste } from '../rule.js';
import { dateHeaders, monthIndex } from './times.js';
import type { Decoded } from './types.js';

/** "Nov  7 08:38:44 2022 GMT" (openssl / curl) → Date. */
function opensslDate(s: string): Date | undefined {
  const m = /([A-Za-z]{3})\s{1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})/.exec(s);
  if (!m) return undefined;
  const mo = monthIndex(m[1] as string);
  if (mo < 0) return undefined;
  return new Date(Date.UTC(Number(m[6]), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
}

interface TextCert {
  subject?: string;
  issuer?: string;
  notBefore?: Date;
  notAfter?: Date;
  sans?: string;
  line: number;
}

/** Certificates described in text (openssl -text, curl -v). */
function textCerts(paste: Paste): TextCert[] {
  const out: TextCert[] = [];
  let cur: TextCert | undefined;
  const flush = (): void => {
    if (cur && (cur.notAfter || cur.subject)) out.push(cur);
    cur = undefined;
  };
  for (let i = 0; i < paste.lines.length && out.length < 8; i++) {
    const l = (paste.lines[i] as string).trim().replace(/^\*\s{0,4}/, '');
    if (l.length > 600) continue;
    let m = /^(?:Certificate:|Server certificate:)$/i.exec(l);
    if (m) {
      flush();
      cur = { line: i };
      continue;
    }
    m = /^subject:\s?(.{1,400})$/i.exec(l);
    if (m) {
      if (cur?.subject) flush();
      cur ??= { line: i };
      cur.subject = m[1];
      continue;
    }
    // `openssl x509 -noout -dates` / `-enddate` / `-startdate`: key=value lines, named by the
    // command that printed them (a file path, a webhook's caBundle) when it is just above.
    const kv = /^(notBefore|notAfter)=(.{1,80})$/i.exec(l);
    if (kv) {
      const before = (kv[1] as string).toLowerCase() === 'notbefore';
      if (!cur || (before ? cur.notBefore : cur.notAfter)) {
        flush();
        cur = { line: i, subject: printedBy(paste, i) };
      }
      if (before) cur.notBefore = opensslDate(kv[2] as string);
      else cur.notAfter = opensslDate(kv[2] as string);
      continue;
    }
    if (!cur) continue;
    const issuer = /^issuer:\s?(.{1,400})$/i.exec(l);
    const nb = /^(?:Not Before\s*:|start date:)\s*(.{1,80})$/i.exec(l);
    const na = /^(?:Not After\s*:|expire date:)\s*(.{1,80})$/i.exec(l);
    if (issuer) cur.issuer = issuer[1];
    else if (nb) cur.notBefore = opensslDate(nb[1] as string);
    else if (na) cur.notAfter = opensslDate(na[1] as string);
    else if (/^X509v3 Subject Alternative Name:/i.test(l))
      cur.sans = (paste.lines[i + 1] ?? '').trim().slice(0, 600);
  }
  flush();
  return out;
}

/** What printed the key=value dates on line `i`: the openssl command or file named just above. */
function printedBy(paste: Paste, i: number): string {
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
    const l = (paste.lines[j] as string).slice(0, 600);
    const file = /[\w./-]{1,200}\.(?:crt|pem|cert)/.exec(l)?.[0];
    if (/caBundle/i.test(l))
      return `caBundle of ${/(?:validating|mutating)webhookconfigurations?\s+(\S{1,100})/i.exec(l)?.[1] ?? 'a webhook configuration'}`;
    if (file) return file;
    if (/openssl\s+x509/.test(l)) return 'the certificate openssl printed';
  }
  return 'the certificate openssl printed';
}

/** A certificate found in a paste, whichever form it came in. */
interface PastedCert {
  subject: string;
  issuer: string;
  notBefore?: Date;
  notAfter?: Date;
  dns: string[];
  ips: string[];
  keyType?: string;
  src: string;
  /** A document's illustration of a command's output ("The output will be similar to the following:"). */
  illustrated?: boolean;
}

/** The moment validity is judged at: the answering server's Date header when pasted, else now. */
interface Ref {
  at: Date;
  src: string;
}

/** Decodes certificates and judges their validity; `kube`: the paste is about Kubernetes at all. */
export function decodeCerts(
  paste: Paste,
  now: Date,
  kube: boolean,
): { decoded: Decoded[]; findings: Finding[]; validNow: string[] } {
  const decoded: Decoded[] = [];
  const findings: Finding[] = [];
  const validNow: string[] = [];
  const header = dateHeaders(paste)[0];
  const ref: Ref = header
    ? { at: header.date, src: `the Date header on pasted line ${header.line + 1}` }
    : { at: now, src: 'now' };
  const host = dialled(paste)?.host;
  // A certificate fetched from a port no cluster component serves on, and not named as a cluster's,
  // is another service's.
  const clusterPaste = kube && !dialledElsewhere(paste);
  for (const c of pastedCerts(paste).slice(0, 8)) {
    const facts = certFacts(c, ref);
    decoded.push({ kind: 'certificate', title: `Certificate ${c.subject}`, facts });
    // An illustrated certificate is shown decoded but is not this cluster's: no finding of its own.
    if (c.illustrated) continue;
    const validity = validityFinding(c, facts, ref, clusterPaste);
    if (validity) findings.push(validity);
    else if (c.notAfter && (!c.notBefore || c.notBefore.getTime() <= ref.at.getTime()))
      validNow.push(c.subject);
    const san = host ? kubeletSanFinding(c, facts, host) : undefined;
    if (san) findings.push(san);
  }
  const table = kubeadmTableFinding(paste);
  if (table) findings.push(table);
  return { decoded, findings, validNow };
}

/** PEM certificates (node:crypto, ECDSA included), then those described in text. */
function pastedCerts(paste: Paste): PastedCert[] {
  const certs: PastedCert[] = [];
  if (paste.text.includes('BEGIN CERTIFICATE')) {
    for (const c of parsePemChain(paste.text))
      certs.push({
        subject: c.subject,
        issuer: c.issuer,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        dns: [...c.dnsNames],
        ips: [...c.ipAddresses],
        keyType: c.keyType,
        src: 'PEM certificate in the paste',
      });
  }
  for (const t of textCerts(paste)) {
    const dns = [...(t.sans ?? '').matchAll(/DNS:([^,\s]{1,253})/g)].map((m) => m[1] as string);
    const ips = [...(t.sans ?? '').matchAll(/IP Address:([0-9a-fA-F.:]{3,45})/g)].map((m) => m[1] as string);
    certs.push({
      subject: t.subject ?? '?',
      issuer: t.issuer ?? '?',
      ...(t.notBefore ? { notBefore: t.notBefore } : {}),
      ...(t.notAfter ? { notAfter: t.notAfter } : {}),
      dns,
      ips,
      src: `certificate text on pasted line ${t.line + 1}`,
      ...(illustratedAt(paste, t.line) ? { illustrated: true } : {}),
    });
  }
  return certs;
}

function certFacts(c: PastedCert, ref: Ref): Evidence[] {
  const sans = [...c.dns.map((d) => `DNS:${d}`), ...c.ips.map((i) => `IP:${i}`)].join(', ');
  const facts: Evidence[] = [
    { fact: `subject ${c.subject}; issuer ${c.issuer}`, source: c.src },
    { fact: `SANs: ${sans || 'none shown'}`, source: c.src },
  ];
  if (c.notBefore && c.notAfter) {
    const left = c.notAfter.getTime() - ref.at.getTime();
    const when = left < 0 ? `expired ${duration(left)} before` : `${duration(left)} left at`;
    facts.push({
      fact: `valid ${utc(c.notBefore)} to ${utc(c.notAfter)}: ${when} ${ref.src}${c.keyType ? `; key ${c.keyType}` : ''}`,
      source: c.src,
    });
  }
  return facts;
}

/** How to replace an expired certificate, by which certificate it is. */
function expiredFix(code: Finding['code']): Finding['fix'] {
  if (code === 'cert/loopback-expiry')
    return {
      why: 'The apiserver loopback certificate is never rotated while the process runs; restart that apiserver.',
      steps: restartApiserver('unknown'),
    };
  if (code === 'cert/webhook-expiry')
    return {
      why: "The CA in the webhook's caBundle (or its serving certificate) lapsed: the apiserver refuses to call the webhook, and every request it covers fails.",
      steps: [
        {
          run: 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations',
          where: 'workstation',
        },
        {
          run: "Renew it with whatever injects it (cert-manager cainjector, the operator's own certificate rotation), then restart the webhook deployment.",
          where: 'workstation',
          kind: 'advice',
        },
      ],
    };
  if (code === 'cert/kubelet-serving-expiry')
    return {
      why: 'A self-signed kubelet serving certificate is never rotated; the kubelet makes a new one when the pair is gone.',
      steps: [
        {
          run: 'mv /var/lib/kubelet/pki/kubelet.crt /var/lib/kubelet/pki/kubelet.key /root/ && systemctl restart kubelet',
          where: 'node',
          caution: 'Or turn on serverTLSBootstrap and approve the kubelet-serving CSRs.',
        },
      ],
    };
  // The fix catalog's steps: localised to the paste's distribution like the rules' (kubeadm, k3s, RKE2…).
  return {
    why: 'The certificate lapsed; renew it with the tool that issued it (kubeadm certs renew, k3s certificate rotate, cert-manager).',
    steps: [catalogStep('certCheck'), catalogStep('certRenew')],
  };
}

/**
 * Names a cluster's own certificates carry (kubeadm, k3s, RKE, OpenShift, Rancher's dynamiclistener,
 * a kubelet's self-signed `host@<unix time>` pair, GKE's UUID-named CA, webhooks), and their files.
 */
const CLUSTER_CERT_RE =
  /kube|k8s|k3s|rke2?|etcd|front-?proxy|apiserver|system:|openshift|rancher|dynamiclistener|minikube|microk8s|webhook|caBundle|\/pki\/|\bCN ?= ?(?:ca|admin)\b|@\d{9,11}\b|\bCN ?= ?[0-9a-f]{8}-[0-9a-f]{4}-/i;

/**
 * A certificate whose issuer is shown and neither it nor the subject is a cluster's (an ingress
 * site's, a registry's, a public CA's): its expiry is that service's, not the control plane's.
 */
function foreignCert(c: PastedCert): boolean {
  return c.issuer !== '?' && !CLUSTER_CERT_RE.test(`${c.subject} ${c.issuer}`);
}

/**
 * A kubelet's self-signed serving pair (k8s.io/client-go cert.GenerateSelfSignedCertKey): subject
 * `<host>@<unix time>`, issuer `<host>-ca@<unix time>`. The scheduler's and controller-manager's
 * own pairs are made the same way for "localhost", so that name is left out.
 */
function kubeletSelfSigned(c: PastedCert): boolean {
  const m = /^(?:CN ?= ?)?([A-Za-z0-9._-]{1,253})@\d{9,11}$/i.exec(c.subject.trim());
  return (
    !!m &&
    !/^(?:localhost|127\.0\.0\.1|apiserver-loopback-client)$/.test(m[1] as string) &&
    /-ca@\d{9,11}/.test(c.issuer)
  );
}

/**
 * Expired (another service's certificate is only decoded; `clusterPaste`: the paste is about
 * Kubernetes and dialled no other service's port), or not valid yet by more than a minute (whoever's it is, a clock is behind or ahead).
 */
function validityFinding(
  c: PastedCert,
  facts: Evidence[],
  ref: Ref,
  clusterPaste: boolean,
): Finding | undefined {
  const refSrc = ref.src;
  const loopback = /apiserver-loopback-client@/.test(c.subject);
  if (c.notAfter && c.notAfter.getTime() < ref.at.getTime()) {
    // Another service's certificate, by its names or, when they are not shown, by a paste that never
    // mentions Kubernetes (an osquery server's, a website's): decoded, not a cluster finding.
    if (foreignCert(c) || (!clusterPaste && !CLUSTER_CERT_RE.test(`${c.subject} ${c.issuer}`)))
      return undefined;
    // Which certificate, where the paste says: a webhook's caBundle, a kubelet's serving pair, a CA.
    const code = loopback
      ? 'cert/loopback-expiry'
      : /caBundle|webhook/i.test(c.subject)
        ? 'cert/webhook-expiry'
        : /(?:^|\/)kubelet\.crt$|kubelet-server/i.test(c.subject) || kubeletSelfSigned(c)
          ? 'cert/kubelet-serving-expiry'
          : 'cert/control-plane-expiry';
    return {
      code,
      severity: 'critical',
      subject: { kind: 'certificate', name: c.subject.slice(0, 120) },
      title: `Certificate ${c.subject.slice(0, 80)} expired ${utc(c.notAfter)} (${duration(ref.at.getTime() - c.notAfter.getTime())} before ${refSrc})`,
      evidence: facts,
      fix: expiredFix(code),
      confirm: [liveCheck('certs')],
    };
  }
  if (c.notBefore && c.notBefore.getTime() > ref.at.getTime() + 60_000) {
    return {
      code: 'cert/not-yet-valid',
      severity: 'critical',
      subject: { kind: 'certificate', name: c.subject.slice(0, 120) },
      title: `Certificate ${c.subject.slice(0, 80)} is not valid until ${utc(c.notBefore)}`,
      evidence: facts,
      fix: {
        why: 'Its minting clock was ahead, or the verifying clock is behind.',
        steps: [{ run: 'chronyc tracking; timedatectl status', where: 'node' }],
      },
      confirm: [liveCheck('skew')],
    };
  }
  return undefined;
}

/** A kubelet's certificate served at an IP it does not name (the dialled address from curl or openssl). */
function kubeletSanFinding(c: PastedCert, facts: Evidence[], host: string): Finding | undefined {
  const kubelet = /system:node:|kubelet/i.test(c.subject + c.issuer);
  const named = c.ips.length > 0 || c.dns.length > 0;
  if (!/^[0-9.]+$/.test(host) || !named || c.ips.includes(host) || !kubelet) return undefined;
  return {
    code: c.ips.length === 0 ? 'cert/kubelet-no-ip-sans' : 'cert/kubelet-san-mismatch',
    severity: 'warning',
    subject: { kind: 'node', name: host },
    title: `The certificate served at ${host} does not name ${host} (it holds ${c.ips.join(', ') || 'no IP SANs'})`,
    evidence: facts,
    fix: {
      why: 'The kubelet serving certificate was issued for another address.',
      steps: [
        {
          run: `printf 'node-ip: ${host}\\n' >> /etc/rancher/k3s/config.yaml && systemctl restart k3s-agent   # kubeadm: serverTLSBootstrap + CSR approval`,
          where: 'node',
          host,
        },
      ],
    },
    confirm: [liveCheck('certs')],
  };
}

/** kubeadm certs check-expiration: "admin.conf  Nov 07, 2023 08:38 UTC  <invalid>  ca  no". */
function kubeadmTableFinding(paste: Paste): Finding | undefined {
  const expired: string[] = [];
  const soon: string[] = [];
  for (const l of paste.lines) {
    if (l.length > 300) continue;
    const m = /^(\S{2,60})\s+([A-Z][a-z]{2} \d\d, \d{4} \d\d:\d\d UTC)\s+(<invalid>|\d+[dhmy][\w]*)\s/.exec(
      l.trim(),
    );
    if (!m) continue;
    if (m[3] === '<invalid>') expired.push(`${m[1]} (${m[2]})`);
    else if (
      /^\d+[dh]$/.test(m[3] as string) &&
      (m[3]?.endsWith('h') || Number.parseInt(m[3] as string, 10) <= 30)
    )
      soon.push(`${m[1]} (${m[3]} left)`);
  }
  if (!expired.length && !soon.length) return undefined;
  return {
    code: 'cert/control-plane-expiry',
    severity: expired.length ? 'critical' : 'warning',
    subject: { kind: 'cluster', name: 'pasted text' },
    title: expired.length
      ? `kubeadm reports ${expired.length} expired certificate${expired.length === 1 ? '' : 's'}`
      : `kubeadm certificates expire within 30 days`,
    evidence: [
      ...(expired.length
        ? [{ fact: `expired: ${expired.join(', ')}`, source: 'kubeadm certs check-expiration (pasted)' }]
        : []),
      ...(soon.length
        ? [{ fact: `expiring: ${soon.join(', ')}`, source: 'kubeadm certs check-expiration (pasted)' }]
        : []),
    ],
    fix: {
      why: 'kubeadm leaf certificates last one year and renew only on upgrade or `kubeadm certs renew`.',
      steps: [
        {
          run: 'kubeadm certs renew all',
          where: 'control-plane',
          caution: 'Run on every control-plane node; restart the static pods afterwards, one node at a time.',
        },
        { run: 'cp /etc/kubernetes/admin.conf $HOME/.kube/config', where: 'control-plane' },
      ],
    },
    confirm: [liveCheck('certs')],
  };
}
