// Description rules (people's words for a cause) do not read a component's structured log lines: on a
// long log they scan only the prose between (src/diagnose/index.ts STRUCTURED_LOG_RE). Signatures
// still read every line.
import { describe, expect, it } from 'vitest';
import { diagnose, RULES } from '../../src/diagnose/index.js';
import { DESCRIPTION_RULES } from '../../src/diagnose/rules/describe.js';

const NOW = new Date('2026-12-02T10:01:00Z');
const SENTENCE = 'We found that the clocks of the nodes are out of sync in our kubernetes cluster.';
const codes = (text: string) => diagnose(text, NOW).findings.map((f) => f.code);

describe('description rules and structured log lines', () => {
  it('a sentence told by a person is read as a description', () => {
    expect(codes(SENTENCE)).toContain('skew/node-clock');
    // Between log lines, too.
    const klog =
      'I0401 00:02:29.120000    3553 kuberuntime_manager.go:1012] "Creating container in pod" pod="default/web-1"';
    expect(codes(`${klog}\n${SENTENCE}\n${klog}`)).toContain('skew/node-clock');
  });

  it.each([
    ['klog', `I0401 00:02:29.120000    3553 kubelet.go:100] "${SENTENCE}"`],
    [
      'klog under syslog',
      `Apr  1 00:02:29 node-2 kubelet[3553]: I0401 00:02:29.120000    3553 kubelet.go:100] ${SENTENCE}`,
    ],
    ['logfmt', `time="2024-04-01T00:02:27.000000000+08:00" level=info msg="${SENTENCE}"`],
    ['a JSON record', `{"level":"info","ts":"2026-12-02T10:00:00.000Z","msg":"${SENTENCE}"}`],
  ])('the same words as a component’s %s line are not', (_, line) => {
    expect(codes(line)).not.toContain('skew/node-clock');
  });

  it('signatures still read structured log lines', () => {
    expect(
      codes(
        'E0401 00:02:26.604914    1390 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
      ),
    ).toContain('token/not-yet-valid');
  });

  it('marks the description rules, and not the signatures', () => {
    expect(RULES.filter((r) => r.prose).length).toBeGreaterThanOrEqual(40);
    for (const r of DESCRIPTION_RULES) expect(r.prose, r.id).toBe(true);
    for (const id of ['sa-token-not-valid-yet', 'host-local-range-exhausted', 'calico-ipam-exhausted'])
      expect(RULES.find((r) => r.id === id)?.prose, id).toBeFalsy();
  });
});

describe('a description gate judges one sentence, not the line', () => {
  it("a refused sentence (a hypothetical) does not hide the line's later claim", () => {
    const hypothetical = 'In case the IP pool is fully allocated, a new pod waits for a free address.';
    const claim =
      'The new pod of our kubernetes deployment fails to start: whereabouts throws an error due to the depleted IP pool.';
    expect(codes(hypothetical)).not.toContain('ipam/range-exhausted');
    expect(codes(`${hypothetical} ${claim}`)).toContain('ipam/range-exhausted');
    // Both refused: still nothing.
    expect(codes(`${hypothetical} ${hypothetical}`)).not.toContain('ipam/range-exhausted');
  });
});

describe('Chinese descriptions: whose clock, and an expiry date', () => {
  it("a device's or a browser's clock is not a node's, even beside the word 集群", () => {
    expect(
      codes('建议企业用户部署NTP服务器集群。约37%的证书错误案例源于设备时间不同步,浏览器判定证书尚未激活'),
    ).not.toContain('skew/node-clock');
    expect(codes('k8s集群里几个节点时间不同步,证书校验失败')).toContain('skew/node-clock');
  });

  it('a clock named as the root cause of the validity errors is the finding, before the certificate edge', () => {
    const first = (t: string) => codes(t)[0];
    expect(
      first(
        'k8s 节点上 kubectl 报 x509: certificate has expired or is not yet valid，这些报错的根因是节点时间不同步',
      ),
    ).toBe('skew/node-clock');
    // Denied as the cause, the clock does not displace the certificate.
    expect(
      first(
        'k8s 节点上 kubectl 报 x509: certificate has expired or is not yet valid，问题的根因不是节点时间，时间是同步的',
      ),
    ).not.toBe('skew/node-clock');
    expect(codes('我们的 k8s 集群里 worker 节点的时间不可靠，kubelet 的证书校验时好时坏')).toContain(
      'skew/node-clock',
    );
  });

  it("what would happen 'otherwise' is no clock jump seen", () => {
    expect(
      codes(
        '在 Kubernetes 节点上做超时判断应该用 monotonic clock，否则系统时间跳变会导致 kubelet 的逻辑全乱',
      ),
    ).not.toContain('skew/clock-jump');
    expect(
      codes(
        'Kubernetes controllers should use a monotonic clock for leases, otherwise a clock jump on the node breaks every timeout.',
      ),
    ).not.toContain('skew/clock-jump');
  });

  it("Unix time defined ('seconds since 1970-01-01') is no clock at the epoch, nor a log line's stamp", () => {
    const t =
      'Kubernetes 节点的墙上时钟(wall clock),单位是自 1970-01-01 00:00:00 UTC 起的秒数,kubelet 和 etcd 都读它';
    expect(codes(t)).not.toContain('skew/node-clock');
    expect(diagnose(t, NOW).recognised.join(' ')).not.toMatch(/timestamped log line/);
    expect(
      codes("On our Kubernetes nodes the kubelet's wall clock counts seconds since 1970-01-01 00:00:00 UTC."),
    ).not.toContain('skew/node-clock');
    // A node that really boots at the epoch still is one.
    expect(codes('after a power cut the k3s node boots with its time at 1970')).toContain('skew/node-clock');
  });

  it('证书过期日期 (an expiry date) is not 证书过期 (expired)', () => {
    expect(codes('k8s集群:系统时间晚于证书过期日期时会告警')).not.toContain('cert/control-plane-expiry');
    expect(codes('k8s集群证书已经过期了')).toContain('cert/control-plane-expiry');
  });
});
