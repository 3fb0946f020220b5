/**
 * A small PKCS#10 reader: the SANs, common name and key type a CertificateSigningRequest asks
 * for. Kubelet serving CSRs use ECDSA keys, which node-forge cannot read, and node:crypto has no
 * CSR parser, so this walks the DER directly (bounded: 64 KiB, depth 12).
 *
 * Measured against @peculiar/x509 2.2 (issue #16; esbuild, minified, Node 20, an openssl P-256 CSR):
 * it adds 356 KB to every bundle that collects (the worker's is ~2.3 MB), ~50 ms to a cold load,
 * needs a global reflect-metadata polyfill, and parses in 0.65 ms where this reader takes 0.03 ms.
 * So this reader stays; test/cluster/csr.test.ts holds it to real openssl-made ECDSA and RSA CSRs.
 * @module
 */
import { API_CERT_FIELD_MAX_CHARS } from '../core/limits.js';

/** What a CSR requests. */
export interface CsrRequest {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly keyType: 'ec' | 'rsa' | 'ed25519' | 'unknown';
}

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

function readTlv(buf: Buffer, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new Error('truncated');
  const tag = buf[pos] as number;
  let len = buf[pos + 1] as number;
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || p + n > limit) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[p + i] as number);
    p += n;
  }
  if (p + len > limit) throw new Error('truncated');
  return { tag, start: p, end: p + len };
}

function children(buf: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = t.start;
  while (p < t.end && out.length < 1024) {
    const c = readTlv(buf, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

function oid(buf: Buffer, t: Tlv): string {
  const b = buf.subarray(t.start, t.end);
  if (b.length === 0) return '';
  const parts = [Math.floor((b[0] as number) / 40), (b[0] as number) % 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) {
    v = v * 128 + ((b[i] as number) & 0x7f);
    if (!((b[i] as number) & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

function ip(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
    return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  }
  return bytes.toString('hex');
}

const KEY_TYPES: Record<string, CsrRequest['keyType']> = {
  '1.2.840.10045.2.1': 'ec',
  '1.2.840.113549.1.1.1': 'rsa',
  '1.3.101.112': 'ed25519',
};

/** Reads a PEM "CERTIFICATE REQUEST"; undefined when it is not one. */
export function parseCsr(pem: string): CsrRequest | undefined {
  const m =
    /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]{1,90000}?)-----END (?:NEW )?CERTIFICATE REQUEST-----/.exec(
      pem,
    );
  if (!m) return undefined;
  const der = Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64');
  if (der.length > API_CERT_FIELD_MAX_CHARS) return undefined;
  try {
    const top = readTlv(der, 0, der.length);
    const info = children(der, top)[0];
    if (!info) return undefined;
    const [, subject, spki, attrs] = children(der, info);
    let commonName = '';
    if (subject) {
      for (const rdn of children(der, subject)) {
        for (const atv of children(der, rdn)) {
          const [o, val] = children(der, atv);
          if (o && val && oid(der, o) === '2.5.4.3')
            commonName = der.subarray(val.start, val.end).toString('utf8');
        }
      }
    }
    let keyType: CsrRequest['keyType'] = 'unknown';
    if (spki) {
      const alg = children(der, spki)[0];
      const algOid = alg ? children(der, alg)[0] : undefined;
      if (algOid) keyType = KEY_TYPES[oid(der, algOid)] ?? 'unknown';
    }
    const dnsNames: string[] = [];
    const ipAddresses: string[] = [];
    if (attrs && attrs.tag === 0xa0) {
      for (const attr of children(der, attrs)) {
        const [o, set] = children(der, attr);
        if (!o || !set || oid(der, o) !== '1.2.840.113549.1.9.14') continue;
        for (const exts of children(der, set)) {
          for (const ext of children(der, exts)) {
            const parts = children(der, ext);
            const eo = parts[0];
            const octets = parts[parts.length - 1];
            if (!eo || !octets || oid(der, eo) !== '2.5.29.17') continue;
            const seq = readTlv(der, octets.start, octets.end);
            for (const gn of children(der, seq)) {
              const val = der.subarray(gn.start, gn.end);
              if (gn.tag === 0x82) dnsNames.push(val.toString('ascii'));
              else if (gn.tag === 0x87) ipAddresses.push(ip(val));
            }
          }
        }
      }
    }
    return { commonName, dnsNames, ipAddresses, keyType };
  } catch {
    return undefined;
  }
}
