// Look-alikes (issue #13): texts that share words with a cause kube-triage knows, but whose real
// cause is elsewhere, give no finding. Each is a real-world shape, written for this test.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');

const LOOKALIKES: [string, string][] = [
  [
    'a registry 401',
    'Failed to pull image "registry.example.com/app:1.2": rpc error: code = Unknown desc = failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
  ],
  [
    'expired AWS credentials',
    'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired',
  ],
  [
    'an ACME challenge',
    "cert-manager: Waiting for HTTP-01 challenge propagation: wrong status code '404', expected '200'",
  ],
  [
    'TLS to an external site',
    'curl: (60) SSL certificate problem: certificate has expired\nMore details here: https://curl.se/docs/sslcerts.html',
  ],
  ['an app session', 'WARN session token has expired for user alice, redirecting to /login'],
  [
    'a Helm repo',
    'Error: looks like "https://charts.example.com" is not a valid chart repository or cannot be reached: Get "https://charts.example.com/index.yaml": x509: certificate signed by unknown authority',
  ],
];

describe('look-alikes stay no-match', () => {
  test.each(LOOKALIKES)('%s', (_name, text) => {
    expect(diagnose(text, NOW).findings.map((f) => f.code)).toEqual([]);
  });
});
