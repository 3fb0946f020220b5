/**
 * TLS probe: connect with a chosen SNI name, read the peer chain and parse it with node:crypto
 * X509Certificate (RSA and ECDSA alike; node-forge cannot parse ECDSA). Never sends a request.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate } from 'node:tls';
import { PROBE_TIMEOUT_MS } from '../../core/limits.js';
import { mapNetError } from '../connect.js';
import type { CertFacts, TlsProbe } from '../snapshot.js';

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

/** Parses every PEM certificate in `pem` (invalid blocks are skipped). */
export function parsePemChain(pem: string): CertFacts[] {
  const out: CertFacts[] = [];
  for (const m of pem.matchAll(
    /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]{1,65536}?-----END CERTIFICATE-----/g,
  )) {
    try {
      out.push(certFacts(new X509Certificate(m[0])));
    } catch {
      // not a certificate we can parse; the caller reports what it got
    }
  }
  return out;
}

/** What to probe. */
export interface TlsTarget {
  readonly target: TlsProbe['target'];
  readonly address: string;
  readonly port: number;
  /** SNI; must be a DNS name (an IP here is dropped: RFC 6066, DEP0123). */
  readonly servername?: string;
  readonly node?: string;
  /** CA to judge `authorized` against. */
  readonly ca?: string;
}

/** Reads the certificate chain a TLS server presents. Resolves, never rejects. */
export function probeTls(t: TlsTarget, signal: AbortSignal): Promise<TlsProbe> {
  const base = {
    target: t.target,
    address: t.address,
    port: t.port,
    ...(t.servername ? { servername: t.servername } : {}),
    ...(t.node ? { node: t.node } : {}),
  };
  return new Promise((resolve) => {
    let done = false;
    const finish = (p: TlsProbe): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      sock.destroy();
      resolve(p);
    };
    // rejectUnauthorized: false is for inspection only: this socket reads the peer's certificates and
    // is closed without sending anything, so no credential ever crosses an unverified connection.
    const sock = connect({
      host: t.address,
      port: t.port,
      ...(t.servername && !/^[\d.]+$|:/.test(t.servername) ? { servername: t.servername } : {}),
      rejectUnauthorized: false,
      ...(t.ca ? { ca: t.ca } : {}),
      timeout: PROBE_TIMEOUT_MS,
    });
    const onAbort = (): void =>
      finish({ ...base, error: 'timeout', errorDetail: 'no TLS handshake within the time budget' });
    signal.addEventListener('abort', onAbort);
    sock.once('secureConnect', () => {
      // Legacy object first: calling getPeerX509Certificate() first empties it (slack-lambda notes §5).
      const chain: CertFacts[] = [];
      let c: PeerCertificate | undefined = sock.getPeerCertificate(true);
      const seen = new Set<string>();
      while (c?.raw && !seen.has(c.fingerprint256)) {
        seen.add(c.fingerprint256);
        try {
          chain.push(certFacts(new X509Certificate(c.raw)));
        } catch {
          break;
        }
        c = (c as { issuerCertificate?: PeerCertificate }).issuerCertificate;
      }
      finish({
        ...base,
        chain,
        authorized: sock.authorized,
        ...(sock.authorizationError ? { authorizationError: String(sock.authorizationError) } : {}),
      });
    });
    sock.once('timeout', () =>
      finish({ ...base, error: 'timeout', errorDetail: 'no TLS handshake within the time budget' }),
    );
    sock.once('error', (e) => {
      const f = mapNetError(e);
      finish({ ...base, error: f.reason === 'error' ? 'tls' : f.reason, errorDetail: f.message });
    });
  });
}
