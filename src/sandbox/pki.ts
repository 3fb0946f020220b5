/**
 * Certificates for the sandbox, made at start with node-forge: the cluster CA, apiserver serving
 * and loopback certificates, kubelet serving certificates, and the service-account signing key.
 * @module
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

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
