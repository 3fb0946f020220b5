// Whose certificate a pasted one is: a cluster's expired certificate is control-plane expiry with a
// kubeadm/k3s renewal; an ingress site's or a registry's (issuer and subject with no cluster name)
// is decoded and shown, but no cluster renewal is offered for it. Real certificates made with
// node-forge, and the openssl -text form of one as a person pastes it.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';
import { addDays, issue, rsaKey } from '../../src/sandbox/pki.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const key = rsaKey();

function pem(cn: string, issuerCn: string, notBefore: Date, notAfter: Date): string {
  const ca = issue({
    cn: issuerCn,
    notBefore: addDays(NOW, -800),
    notAfter: addDays(NOW, 800),
    isCA: true,
    key,
  });
  return issue({ cn, notBefore, notAfter, key, issuer: { cert: ca.cert, key } }).pem.certPem;
}

const codes = (text: string) => diagnose(text, NOW).findings.map((f) => f.code);

describe('whose certificate expired', () => {
  test('an expired site certificate from a public CA is decoded, not answered with a control-plane renewal', () => {
    const text = `$ kubectl get secret shop-tls -o jsonpath='{.data.tls\\.crt}' | base64 -d\n${pem('shop.example.com', 'R3', addDays(NOW, -120), addDays(NOW, -30))}`;
    const d = diagnose(text, NOW);
    expect(d.findings.map((f) => f.code)).not.toContain('cert/control-plane-expiry');
    expect(JSON.stringify(d.findings)).not.toContain('kubeadm certs renew');
    expect(JSON.stringify(d.decoded)).toContain('expired');
  });

  test("the same expiry on the apiserver's certificate (issuer kubernetes) is control-plane expiry", () => {
    const text = pem('kube-apiserver', 'kubernetes', addDays(NOW, -400), addDays(NOW, -30));
    expect(codes(text)).toContain('cert/control-plane-expiry');
  });

  test("a kubelet's self-signed pair (host@unix-time names) is still the cluster's", () => {
    const text = pem('node-1@1700000000', 'node-1-ca@1700000000', addDays(NOW, -400), addDays(NOW, -30));
    expect(codes(text).some((c) => c.endsWith('-expiry'))).toBe(true);
  });

  test("a kubelet's self-signed pair, expired, is the kubelet's serving certificate, not the control plane's", () => {
    const text = pem('node-1@1700000000', 'node-1-ca@1700000000', addDays(NOW, -400), addDays(NOW, -30));
    expect(codes(text)[0]).toBe('cert/kubelet-serving-expiry');
    // The controller-manager and scheduler make their own pairs for "localhost": not a kubelet's.
    const local = pem(
      'localhost@1700000000',
      'localhost-ca@1700000000',
      addDays(NOW, -400),
      addDays(NOW, -30),
    );
    expect(codes(local)).not.toContain('cert/kubelet-serving-expiry');
  });

  test('the loopback certificate shown valid (curl over SNI apiserver-loopback-client) is not answered as expired', () => {
    const shown = (expire: string) =>
      [
        '$ curl --resolve apiserver-loopback-client:6443:127.0.0.1 https://apiserver-loopback-client:6443 -v -k',
        '* Server certificate:',
        '*  subject: CN=apiserver-loopback-client@1768917011',
        '*  start date: Jan 20 12:50:10 2026 GMT',
        `*  expire date: ${expire}`,
        '*  issuer: CN=apiserver-loopback-client-ca@1768917011',
      ].join('\n');
    expect(codes(shown('Jan 20 12:50:10 2029 GMT'))).not.toContain('cert/loopback-expiry');
    expect(codes(shown('Jan 20 12:50:10 2026 GMT'))).toContain('cert/loopback-expiry');
  });

  test('a site certificate not valid yet still says a clock is off: whoever owns it, a clock is behind', () => {
    const text = pem('shop.example.com', 'R3', addDays(NOW, 2), addDays(NOW, 90));
    expect(codes(text)).toContain('cert/not-yet-valid');
  });

  test('openssl -text of an expired site certificate: the Issuer line and the indented Validity below it stay two lines', () => {
    const text = [
      '$ kubectl exec -it -n ingress-nginx nginx-ingress-controller-7bdcf5b8c-knhn9 -- openssl x509 -in /etc/ingress-controller/ssl/default-shop-secret.pem -text',
      'Certificate:',
      '    Data:',
      '        Version: 3 (0x2)',
      '        Serial Number:',
      '            e7:25:c0:1c:d9:91:b8:9a',
      '    Signature Algorithm: sha1WithRSAEncryption',
      '        Issuer: C = US, ST = CA, O = Example Widgets Ltd, CN = shop.example.com',
      '        Validity',
      '            Not Before: Aug 31 10:17:20 2024 GMT',
      '            Not After : Aug 31 10:17:20 2025 GMT',
      '        Subject: C = US, ST = CA, O = Example Widgets Ltd, CN = shop.example.com',
    ].join('\n');
    const d = diagnose(text, NOW);
    expect(d.findings.map((f) => f.code)).not.toContain('cert/control-plane-expiry');
    const facts = JSON.stringify(d.decoded);
    expect(facts).toContain('issuer C = US, ST = CA, O = Example Widgets Ltd, CN = shop.example.com"');
    expect(facts).toContain('expired');
    // The same dump of the apiserver's certificate is the control plane's.
    const apiserver = text.replace(/O = Example Widgets Ltd, CN = shop\.example\.com/g, 'CN = kubernetes');
    expect(codes(apiserver)).toContain('cert/control-plane-expiry');
  });
});
