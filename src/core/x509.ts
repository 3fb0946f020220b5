/**
 * Certificate facts from node:crypto X509Certificate (RSA, ECDSA and Ed25519 alike; node-forge
 * cannot parse ECDSA). Shared by the TLS probe and the paste decoder.
 * @module
 */
import { X509Certificate } from 'node:crypto';

/** A certificate, reduced to what kube-triage reports. */
export interface CertFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial: string;
  readonly keyType: string;
  readonly selfSigned: boolean;
  readonly isCA: boolean;
  readonly fingerprint256: string;
}

/** Parses one certificate into facts. */
export function certFacts(x: X509Certificate): CertFacts {
  const san = x.subjectAltName ?? '';
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const part of san.split(/,\s*/)) {
    if (part.startsWith('DNS:')) dnsNames.push(part.slice(4));
    else if (part.startsWith('IP Address:')) ipAddresses.push(part.slice(11));
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1] ?? '';
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    commonName: cn,
    dnsNames,
    ipAddresses,
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    serial: x.serialNumber,
    keyType: x.publicKey.asymmetricKeyType ?? 'unknown',
    selfSigned: x.subject === x.issuer,
    isCA: x.ca,
    fingerprint256: x.fingerprint256,
  };
}

/** Parses every PEM certificate in `pem` (at most 16; invalid blocks are skipped). */
export function parsePemChain(pem: string): CertFacts[] {
  const out: CertFacts[] = [];
  for (const m of pem.matchAll(
    /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,65536}?)-----END CERTIFICATE-----/g,
  )) {
    if (out.length >= 16) break;
    try {
      out.push(certFacts(new X509Certificate(m[0])));
    } catch {
      // not a certificate we can parse; the caller reports what it got
    }
  }
  return out;
}
