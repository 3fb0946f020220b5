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
      '"no IP SANs" for an address on kubectl logs, no URL on the line → the kubelet\'s certificate',
      "$ kubectl logs web-1\nError from server: x509: cannot validate certificate for 192.168.2.228 because it doesn't contain any IP SANs",
      'cert/kubelet-no-ip-sans',
    ],
    [
      "the same with the apiserver's address in the paste (only the kubelet signature can answer)",
      "kubectl get pods against https://10.0.0.1:6443 works\n$ kubectl logs web-1\nError from server: x509: cannot validate certificate for 192.168.2.228 because it doesn't contain any IP SANs",
      'cert/kubelet-no-ip-sans',
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

  test('a question about what will happen is a hypothetical; one about now is a report', () => {
    const codes = (t: string) => diagnose(t, NOW).findings.map((f) => f.code);
    const cluster = 'Our kubeadm cluster: kubectl and the apiserver. ';
    expect(
      codes(
        `${cluster}Will the controller still start after the certificate expiration? Or will it fail since the certificates have expired?`,
      ),
    ).not.toContain('cert/control-plane-expiry');
    expect(
      codes(`${cluster}kubectl fails since this morning. Is it because the certificates have expired?`),
    ).toContain('cert/control-plane-expiry');
  });
});

describe('whose clock, whose certificate', () => {
  const CHRONY = 'chronyd[812]: System clock wrong by 3602.123 seconds, adjustment started';
  test.each([
    ['a chrony line pasted alone is a node clock', CHRONY, 'skew/node-clock'],
    [
      'the same line told about a node',
      `${CHRONY}\nthis is one of our worker nodes and pods on it fail`,
      'skew/node-clock',
    ],
    [
      'the same line told about a machine never called a node',
      `${CHRONY}\nit happens on my raspberry pi home server`,
      undefined,
    ],
    [
      'an expired certificate on an API path of a private host is the cluster',
      `Get "https://k8s-api.corp.internal/api/v1/namespaces": ${AFTER}`,
      'cert/control-plane-expiry',
    ],
    [
      "an expired certificate on a Rancher proxy's cluster path is the cluster",
      `Get "https://rancher.corp.internal/k8s/clusters/c-m-abc/version": ${AFTER}`,
      'cert/control-plane-expiry',
    ],
    [
      "an expired certificate on a private Git server's repository path is that server's",
      'level=error msg="failed to sync repo" error="rpc error: code = Unknown desc = Get \\"https://gitlab.internal/org/repo.git/info/refs?service=git-upload-pack\\": x509: certificate has expired or is not yet valid" argocd',
      undefined,
    ],
    [
      "the same on an address and a non-cluster port is that service's",
      `Get "https://10.0.0.7:8200/v1/sys/health": ${AFTER}`,
      undefined,
    ],
    [
      "kubectl behind a TLS-intercepting proxy: the CA is the proxy's, not another cluster's",
      'Unable to connect to the server: x509: certificate signed by unknown authority\nwe are behind a corporate proxy (zscaler) and kubectl stopped working',
      undefined,
    ],
    [
      'the same kubectl error with nothing about a proxy is a kubeconfig for another CA',
      'Unable to connect to the server: x509: certificate signed by unknown authority\nkubectl stopped working after we reinstalled the cluster',
      'cert/ca-mismatch',
    ],
    [
      "an application in a pod calling a partner's API gets the partner's certificate",
      "x509: certificate has expired or is not yet valid\nthis happens when our Java app inside the pod calls the partner's HTTPS API",
      undefined,
    ],
    [
      "a client reaching the cluster's public API endpoint is still the cluster's certificate",
      'Unable to connect to the server: x509: certificate has expired or is not yet valid\nour CI client connects to the public endpoint of the kubernetes API',
      'cert/control-plane-expiry',
    ],
    [
      "a chart repository's certificate seen by helm in a deploy pipeline",
      'Error: x509: certificate has expired or is not yet valid\nhelm repo update fails in our gitlab pipeline that deploys to kubernetes',
      undefined,
    ],
    [
      "the same error from kubectl in that pipeline is the cluster's",
      'Error: x509: certificate has expired or is not yet valid\nkubectl apply fails in our gitlab pipeline that deploys to kubernetes',
      'cert/control-plane-expiry',
    ],
    [
      "a mesh sidecar's own certificate named on the error line",
      'istio-proxy: warning envoy config gRPC config stream closed: 14, connection error: desc = "transport: authentication handshake failed: x509: certificate has expired or is not yet valid"',
      undefined,
    ],
  ])('%s', (_name, text, code) => {
    expect(top(text)).toBe(code);
  });
});

describe('incidental facts rank below the cause', () => {
  test("kubectl's legacy-token warning printed above an expired certificate: the certificate first, the warning kept", () => {
    const codes = diagnose(
      `$ kubectl get pods\nWarning: Use tokens from the TokenRequest API or manually created secret-based tokens instead of auto-generated secret-based tokens.\nUnable to connect to the server: ${AFTER}`,
      NOW,
    ).findings.map((f) => f.code);
    expect(codes[0]).toBe('cert/control-plane-expiry');
    expect(codes).toContain('token/legacy-in-use');
  });
});

describe("Calico's own pool table", () => {
  const table = (inUse: string, free: string) =>
    `$ calicoctl ipam show\n+----------+---------------+-----------+------------+-----------+\n| GROUPING |     CIDR      | IPS TOTAL | IPS IN USE | IPS FREE  |\n+----------+---------------+-----------+------------+-----------+\n| IP Pool  | 10.244.0.0/24 |       256 | ${inUse} | ${free} |\n+----------+---------------+-----------+------------+-----------+`;
  test('a pool with no free address is exhausted', () => {
    expect(top(table('256 (100%)', '0 (0%)'))).toBe('ipam/calico-exhausted');
  });
  test('a pool with room is not, whatever command was run', () => {
    expect(top(table('81 (32%)', '175 (68%)'))).toBeUndefined();
  });
});
