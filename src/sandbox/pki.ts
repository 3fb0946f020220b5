/**
 * Certificates for the sandbox, made at start with node-forge: the cluster CA, apiserver serving
 * and loopback certificates, kubelet serving certificates, and the service-account signing key.
 * @module
 */
import { generateKeyPairSync } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import forge from 'node-forge';
import type { ApiserverSpec, Scenario } from './scenario.js';

const S = 1000;

/** A PEM certificate with its PEM private key. */
export interface KeyedCert {
  readonly certPem: string;
  readonly keyPem: string;
}

/** An RSA key pair in both PEM and forge form. */
export interface RsaKey {
  readonly privatePem: string;
  readonly publicPem: string;
  readonly forgePrivate: forge.pki.rsa.PrivateKey;
  readonly forgePublic: forge.pki.rsa.PublicKey;
}

/** Makes a 2048-bit RSA key with node:crypto (native, fast) and converts it for forge. */
export function rsaKey(): RsaKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    privatePem: privateKey,
    publicPem: publicKey,
    forgePrivate: forge.pki.privateKeyFromPem(privateKey),
    forgePublic: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

/** What a certificate says. */
export interface CertRequest {
  readonly cn: string;
  readonly org?: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly dns?: readonly string[];
  readonly ips?: readonly string[];
  readonly isCA?: boolean;
  /** Key of the certificate's subject. */
  readonly key: RsaKey;
  /** Issuer certificate and key; absent for self-signed. */
  readonly issuer?: { readonly cert: forge.pki.Certificate; readonly key: RsaKey };
}

let serialCounter = 1;

/** Issues a certificate as described. */
export function issue(req: CertRequest): { cert: forge.pki.Certificate; pem: KeyedCert } {
  const cert = forge.pki.createCertificate();
  cert.publicKey = req.key.forgePublic;
  cert.serialNumber = (0x10000000 + serialCounter++).toString(16); // leading 1: positive, no DER padding
  cert.validity.notBefore = req.notBefore;
  cert.validity.notAfter = req.notAfter;
  const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: req.cn }];
  if (req.org) subject.push({ name: 'organizationName', value: req.org });
  cert.setSubject(subject);
  cert.setIssuer(req.issuer ? req.issuer.cert.subject.attributes : subject);
  const ext: object[] = [
    { name: 'basicConstraints', cA: req.isCA === true, critical: true },
    req.isCA
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
  ];
  if (!req.isCA) ext.push({ name: 'extKeyUsage', serverAuth: true });
  const alt = [
    ...(req.dns ?? []).map((value) => ({ type: 2, value })),
    ...(req.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  if (alt.length > 0) ext.push({ name: 'subjectAltName', altNames: alt });
  cert.setExtensions(ext);
  cert.sign((req.issuer?.key ?? req.key).forgePrivate, forge.md.sha256.create());
  return { cert, pem: { certPem: forge.pki.certificateToPem(cert), keyPem: req.key.privatePem } };
}

const DAY_MS = 86_400_000;

/** A date `days` after `from` (negative: before). */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** A PEM certificate signing request like a kubelet's (RSA here: forge cannot make ECDSA keys). */
export function csrPem(key: RsaKey, cn: string, dns: readonly string[], ips: readonly string[]): string {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = key.forgePublic;
  csr.setSubject([
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: 'system:nodes' },
  ]);
  csr.setAttributes([
    {
      name: 'extensionRequest',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))],
        },
      ],
    },
  ]);
  csr.sign(key.forgePrivate, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/** The TLS contexts of one apiserver endpoint: serving, loopback (SNI), and the serving PEM. */
export type Ctxs = { normal: SecureContext; loopback: SecureContext; pem: KeyedCert };

/**
 * The sandbox's keys and certificates: the cluster CA, and per apiserver its serving certificate and
 * its in-memory loopback certificate (each stamped with that apiserver's clock). One key per role
 * (RSA generation is the slow part of a start).
 */
export function makePki(scenario: Scenario, startMs: number, frontIP: string) {
  const caKey = rsaKey();
  const leafKey = rsaKey();
  const firstOff = (scenario.apiservers[0]?.clockOffsetSeconds ?? 0) * S;
  const caStart = new Date(startMs - 200 * 86_400_000 + firstOff);
  const ca = issue({
    cn: 'kubernetes',
    notBefore: caStart,
    notAfter: addDays(new Date(startMs), scenario.caExpiresInDays),
    isCA: true,
    key: caKey,
  });
  const caPem = ca.pem.certPem;
  const commonDns = [
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    'localhost',
  ];
  const servingCtx = (api: ApiserverSpec, ip: string): Ctxs => {
    const off = api.clockOffsetSeconds * S;
    const serving = issue({
      cn: 'kube-apiserver',
      notBefore: addDays(new Date(startMs + off), -api.serving.notBeforeDaysAgo),
      notAfter: addDays(new Date(startMs + off), api.serving.expiresInDays),
      dns: [...commonDns, api.name],
      ips: [ip, frontIP, '10.96.0.1', '127.0.0.1'],
      key: leafKey,
      issuer: { cert: ca.cert, key: caKey },
    });
    // kube-apiserver's in-memory loopback certificate (serving_with_loopback.go): self-signed CA +
    // leaf for SNI apiserver-loopback-client, NotBefore = start − 1 h, stamped with its own clock.
    const apiStart = startMs - api.startedDaysAgo * 86_400_000 + off;
    const unix = Math.floor(apiStart / 1000);
    const nb = new Date(apiStart - 3_600_000);
    const lbCa = issue({
      cn: `apiserver-loopback-client-ca@${unix}`,
      notBefore: nb,
      notAfter: addDays(nb, api.loopbackValidityDays),
      isCA: true,
      key: caKey,
    });
    const lb = issue({
      cn: `apiserver-loopback-client@${unix}`,
      notBefore: nb,
      notAfter: addDays(nb, api.loopbackValidityDays),
      dns: ['apiserver-loopback-client'],
      key: leafKey,
      issuer: { cert: lbCa.cert, key: caKey },
    });
    return {
      normal: createSecureContext({ cert: serving.pem.certPem + caPem, key: serving.pem.keyPem }),
      loopback: createSecureContext({ cert: lb.pem.certPem + lbCa.pem.certPem, key: lb.pem.keyPem }),
      pem: { certPem: serving.pem.certPem + caPem, keyPem: serving.pem.keyPem },
    };
  };
  return { ca, caPem, caKey, leafKey, servingCtx };
}
