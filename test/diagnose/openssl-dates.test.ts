// `openssl x509 -noout -dates` / `-enddate` output in a paste: the dates are read as a certificate
// and judged against now (or a pasted Date header); the command or file printed just above says
// which certificate it is, and so which finding and which fix.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const top = (text: string) => diagnose(text, NOW).findings[0];

describe('openssl key=value dates', () => {
  test("a webhook's caBundle printed by openssl, expired: the webhook's finding, not a kubeadm renew", () => {
    const f = top(
      "# kubectl get validatingwebhookconfiguration policy-validating-cfg -o json | jq -r '.webhooks[0].clientConfig.caBundle' | base64 -d | openssl x509 -noout -dates\nnotBefore=Jan 10 08:00:00 2025 GMT\nnotAfter=Jan 10 09:00:00 2026 GMT",
    );
    expect(f?.code).toBe('cert/webhook-expiry');
    expect(f?.subject.name).toContain('policy-validating-cfg');
    expect(JSON.stringify(f?.fix.steps)).not.toContain('kubeadm');
  });

  test('a control-plane file past its notAfter is control-plane expiry; one still valid says nothing', () => {
    const expired = top(
      '$ openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -enddate\nnotAfter=Nov  1 10:00:00 2026 GMT',
    );
    expect(expired?.code).toBe('cert/control-plane-expiry');
    expect(expired?.subject.name).toBe('/etc/kubernetes/pki/apiserver.crt');
    const valid = diagnose(
      '$ openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -enddate\nnotAfter=Nov  1 10:00:00 2027 GMT',
      NOW,
    );
    expect(valid.findings).toEqual([]);
  });

  test("a kubelet's self-signed serving pair expired; a start in the future is not-yet-valid", () => {
    expect(
      top(
        'openssl x509 -noout -dates -in /var/lib/kubelet/pki/kubelet.crt\nnotBefore=Oct  1 00:00:00 2025 GMT\nnotAfter=Oct  1 00:00:00 2026 GMT',
      )?.code,
    ).toBe('cert/kubelet-serving-expiry');
    expect(
      top('openssl x509 -noout -startdate -in /etc/kubernetes/pki/ca.crt\nnotBefore=Dec 24 00:00:00 2026 GMT')
        ?.code,
    ).toBe('cert/not-yet-valid');
  });
});
