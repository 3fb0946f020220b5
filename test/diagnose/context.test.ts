// One error string, several causes, told apart by context (issue #13); and descriptions as the
// second tier, always below a signature.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-11-24T08:00:00Z');
const top = (t: string) => diagnose(t, NOW).findings[0]?.code;
const AFTER =
  'x509: certificate has expired or is not yet valid: current time 2025-03-02T10:00:00Z is after 2025-02-28T09:00:00Z';

describe('context discriminators', () => {
  test.each([
    [
      'the apiserver calling itself from an admission plugin → loopback certificate',
      `Error from server (Forbidden): pods "web-1" is forbidden: Get "https://[::1]:6443/api/v1/namespaces/default/limitranges": ${AFTER}`,
      'cert/loopback-expiry',
    ],
    [
      'the same error on a webhook call → the webhook certificate',
      `Error creating: Internal error occurred: failed calling webhook "mutate.example.io": Post "https://mutate.example.svc:443/mutate?timeout=10s": ${AFTER}`,
      'cert/webhook-expiry',
    ],
    [
      '"tls: internal error" on kubectl logs → the kubelet has no serving certificate',
      'Error from server: Get "https://192.168.2.228:10250/containerLogs/default/web-1/web": remote error: tls: internal error',
      'cert/kubelet-csr-pending',
    ],
    [
      '"is valid for 127.0.0.1, not <node IP>" on kubectl logs → kubelet SAN mismatch',
      '$ kubectl logs web-1\nError from server: Get "https://192.168.2.228:10250/containerLogs/default/web-1/web": x509: certificate is valid for 127.0.0.1, not 192.168.2.228',
      'cert/kubelet-san-mismatch',
    ],
  ])('%s', (_name, text, code) => {
    expect(top(text)).toBe(code);
  });

  test.each([
    [
      '"tls: internal error" from a registry',
      'Get "https://registry.example.com/v2/": remote error: tls: internal error',
    ],
    [
      '"is valid for" on an etcd peer',
      'etcd: rejected connection from "10.0.0.3:40112" (error "x509: certificate is valid for 10.0.0.2, not 10.0.0.3", ServerName "")',
    ],
  ])('near-miss of the other cause: %s', (_name, text) => {
    expect(['cert/kubelet-csr-pending', 'cert/kubelet-san-mismatch']).not.toContain(top(text));
  });
});

describe('descriptions', () => {
  test('a stated figure is quoted as the offset ("1min30s" = 90 s)', () => {
    const d = diagnose('两台节点的时间差大约是 1min30s,token 偶尔 401', NOW);
    const f = d.findings[0];
    expect(f?.code).toBe('skew/node-clock');
    expect(f?.title).toMatch(/^Likely: /);
    expect(f?.evidence.map((e) => e.fact).join('\n')).toContain('stated figure 90 s');
    expect(f?.confirm?.[0]?.run).toContain('/k8s skew');
  });

  test('a signature outranks a description in the same paste', () => {
    const d = diagnose(
      'NTP was out of sync on the masters for a week.\nE0223 08:14:15.123456 1 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
      NOW,
    );
    expect(d.findings.map((f) => f.code)).toEqual(['token/not-yet-valid', 'skew/node-clock']);
  });
});
