/**
 * TLS probe: connect with a chosen SNI name, read the peer chain and parse it with node:crypto
 * X509Certificate (RSA and ECDSA alike; node-forge cannot parse ECDSA). Never sends a request.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate } from 'node:tls';
import { PROBE_TIMEOUT_MS } from '../../core/limits.js';
import { type CertFacts, certFacts } from '../../core/x509.js';
import { mapNetError } from '../connect.js';
import type { TlsProbe } from '../snapshot.js';

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
