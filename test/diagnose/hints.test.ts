// Hints: symptoms whose cause the text alone cannot name, told so the reader knows where to look
// (and not shown when a finding already names the cause).
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const hints = (text: string) => diagnose(text, NOW).hints.join('\n');

describe('hints', () => {
  test("the Service allocator's full range is named as the Service CIDR, with the count to compare", () => {
    const h = hints(
      'Error from server (InternalError): error when creating "svc.yaml": Internal error occurred: failed to allocate a serviceIP: range is full',
    );
    expect(h).toContain('Service ClusterIP range is full');
    expect(h).toContain('--service-cluster-ip-range');
  });

  test('a pod range that is full gets a finding, not the Service hint', () => {
    const d = diagnose(
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9a1c": range is full',
      NOW,
    );
    expect(d.findings.map((f) => f.code)).toContain('ipam/range-exhausted');
    expect(d.hints.join('\n')).not.toContain('Service ClusterIP');
  });

  test("x509's hint that a certificate's signature did not verify is not a token's signature", () => {
    // Go crypto/x509 names a candidate CA whose key did not verify the certificate: a CA story.
    const cert = hints(
      'Unable to connect to the server: x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "kubernetes")',
    );
    expect(cert).not.toContain('The token signature does not verify');
    // The apiserver's own words for a token whose signature does not verify still get the hint.
    const token = hints(
      'E1126 03:38:26.776766 1 authentication.go:63] "Unable to authenticate the request" err="[invalid bearer token, square/go-jose: error in cryptographic primitive]"',
    );
    expect(token).toContain('The token signature does not verify');
  });

  test("a JWT library's own error in a pod's log is named as the application's token, not a service account's", () => {
    const h = hints(
      '$ kubectl logs deploy/api -n prod\nTokenExpiredError: jwt expired\n    at /app/node_modules/jsonwebtoken/verify.js:152:21',
    );
    expect(h).toContain("the application's token");
    // The apiserver's own words for a service-account token get a finding, and no such hint.
    const sa = diagnose(
      'E1126 03:38:26.776766 1 authentication.go:75] "Unable to authenticate the request" err="[invalid bearer token, service account token has expired]"',
      NOW,
    );
    expect(sa.findings.map((f) => f.code)).toContain('token/expired');
    expect(sa.hints.join('\n')).not.toContain("the application's token");
  });

  test("an unknown authority on an image pull says whose TLS it is; on the kubelet's port a finding names it", () => {
    expect(
      hints(
        'Failed to pull image "10.78.0.228:5000/monitorms": Error response from daemon: Get https://10.78.0.228:5000/v1/_ping: x509: certificate signed by unknown authority',
      ),
    ).toContain('registry');
    const kubelet = diagnose(
      'Error from server: Get "https://10.0.0.5:10250/containerLogs/default/web/web": x509: certificate signed by unknown authority',
      NOW,
    );
    expect(kubelet.findings.map((f) => f.code)).toContain('cert/kubelet-unknown-ca');
    expect(kubelet.hints.join('\n')).not.toContain('unknown authority');
  });
});
