// The PKCS#10 reader on real CSRs: an ECDSA one made by openssl (as kubelets make them) and an RSA one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCsr } from '../../src/cluster/csr.js';

function opensslCsr(keyArgs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kt-csr-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'r.pem'),
      '-subj',
      '/O=system:nodes/CN=system:node:worker-7',
      '-addext',
      'subjectAltName=DNS:worker-7,IP:10.0.3.7,IP:fd00::7',
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(join(dir, 'r.pem'), 'utf8');
}

describe('parseCsr', () => {
  test.each([
    ['ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']],
    ['rsa', ['-newkey', 'rsa:2048']],
  ])('reads the SANs, CN and key type of an openssl %s CSR', (keyType, args) => {
    const r = parseCsr(opensslCsr(args as string[]));
    expect(r).toEqual({
      commonName: 'system:node:worker-7',
      dnsNames: ['worker-7'],
      ipAddresses: ['10.0.3.7', 'fd00::7'],
      keyType,
    });
  });

  test('returns undefined for text that is not a CSR, and for corrupt DER', () => {
    expect(parseCsr('hello')).toBeUndefined();
    expect(
      parseCsr('-----BEGIN CERTIFICATE REQUEST-----\nMIIBzzCC\n-----END CERTIFICATE REQUEST-----'),
    ).toBeUndefined();
  });
});
