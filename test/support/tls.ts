// A local HTTPS server with its own self-signed certificate for 127.0.0.1, for tests that need a
// server misbehaving in one precise way (a hostile apiserver, a bad Date header).
import type { RequestListener } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { addDays, issue, rsaKey } from '../../src/sandbox/pki.js';

export interface TestTlsServer {
  readonly url: string;
  readonly port: number;
  /** PEM of the certificate, to trust it as the CA. */
  readonly ca: string;
  close(): Promise<void>;
}

/** Starts it on a free port of 127.0.0.1. */
export async function startTlsServer(cn: string, handler: RequestListener): Promise<TestTlsServer> {
  const now = new Date();
  const c = issue({
    cn,
    notBefore: addDays(now, -1),
    notAfter: addDays(now, 1),
    isCA: true,
    ips: ['127.0.0.1'],
    key: rsaKey(),
  });
  const server = createServer({ cert: c.pem.certPem, key: c.pem.keyPem }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: c.pem.certPem,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
