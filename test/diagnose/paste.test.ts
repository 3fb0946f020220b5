import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { PASTE_MAX_BYTES } from '../../src/core/limits.js';
import { diagnose } from '../../src/diagnose/index.js';
import { preparePaste, redactLine } from '../../src/diagnose/paste.js';

const NOW = new Date('2026-11-24T08:00:00Z');

/**
 * A CNI's bare message answered with ranked causes: no single finding, at least three causes, no
 * kubeadm/k3s note (the causes are the component's own); the most likely cause.
 */
function firstCause(text: string, signature: string): string {
  const d = diagnose(text, NOW);
  expect(d.findings).toEqual([]);
  const x = d.differentials.find((y) => y.signature.includes(signature));
  expect(x?.hypotheses.length).toBeGreaterThanOrEqual(3);
  expect(d.recognised.join(' ')).not.toMatch(/kubeadm/);
  return x?.hypotheses[0]?.cause ?? '';
}

describe('paste bounding and redaction', () => {
  test('a paste over 1 MiB is cut on a character boundary and says so', () => {
    const big = `${'时'.repeat(PASTE_MAX_BYTES / 3 + 10)}\nservice account token is not valid yet`;
    const d = diagnose(big, NOW);
    expect(d.truncated).toBe(true);
    expect(d.bytes).toBeGreaterThan(PASTE_MAX_BYTES);
    const p = preparePaste(big);
    expect(Buffer.byteLength(p.text)).toBeLessThanOrEqual(PASTE_MAX_BYTES);
    expect(p.text).not.toContain('\uFFFD');
  });

  test('an error chain broken after each ":" is read as one line, and its evidence quotes it whole', () => {
    const chain = [
      'Internal error occurred: failed calling webhook "v.example.io": failed to call webhook:',
      'Post "https://v.example.svc:443/validate?timeout=10s":',
      'tls: failed to verify certificate: x509: certificate has expired or is not yet valid:',
      'current time 2026-09-07T07:00:44Z is after 2026-09-06T16:06:36Z',
    ].join('\n');
    const p = preparePaste(chain);
    expect([...p.wrapped].sort()).toEqual([1, 2, 3]);
    expect(p.lines[0]).toContain('failed calling webhook "v.example.io"');
    expect(p.lines[0]).toContain('is after 2026-09-06T16:06:36Z');
    expect(p.shown(0, 1000)).toContain('x509: certificate has expired');
    expect(diagnose(chain, NOW).findings[0]?.code).toBe('cert/webhook-expiry');
    // A line that starts nothing is shown as it was pasted.
    expect(preparePaste('first line:\nsecond line').shown(0)).toBe('first line:');
  });

  test('strips ANSI colours and CRLF, and unescapes Slack entities when asked', () => {
    const p = preparePaste(
      '\u001b[31mE0101 x\u001b[0m\r\nfailed calling webhook &quot;a&quot; &lt;b&gt; &amp;',
      { slack: true },
    );
    expect(p.lines[0]).toBe('E0101 x');
    expect(p.lines[1]).toBe('failed calling webhook &quot;a&quot; <b> &');
  });

  test('a quoted paragraph soft-wrapped under an indent is read as one line, and a long line does not swallow the quote after it', () => {
    const p = preparePaste(
      [
        'Within a node pool pods are stuck at ContainerCreating with the event below:',
        '> Failed to create pod sandbox: rpc error: code',
        '>   = Unknown desc = failed to setup network for sandbox "ce54": Failed to',
        '>   allocate pool: Failed to delegate: Failed to allocate address: No available',
        '>   addresses',
        'The cluster uses Azure CNI.',
      ].join('\n'),
    );
    expect(p.lines[0]).toBe('Within a node pool pods are stuck at ContainerCreating with the event below:');
    expect(p.lines[1]).toContain('Failed to allocate address: No available addresses');
    expect(p.lines[1]).not.toContain('>');
  });

  test('a long line that ends a sentence and the next that starts one stay two lines; a line cut mid-word is joined', () => {
    const warning =
      'Warning: Use tokens from the TokenRequest API or manually created secret-based tokens instead of auto-generated secret-based tokens.';
    const two = preparePaste(`${warning}\nUnable to connect to the server: x509: certificate has expired`);
    expect(two.lines[0]).toBe(warning);
    const cut = preparePaste(`${warning.slice(0, 80)}\n${warning.slice(80)}`);
    expect(cut.lines[0]).toBe(warning);
  });

  test('a code fence after a long line ends the paragraph: not joined into it, not quoted with it', () => {
    const intro =
      'Otherwise, on clusters with bound service account tokens enabled, after one hour the following log is raised';
    for (const fence of ['```', '```text', '~~~', '> ```']) {
      const p = preparePaste(`${intro}\n${fence}\nReason: Unauthorized\n\`\`\``);
      expect(p.lines[0], fence).toBe(intro);
      expect(p.wrapped.has(1), fence).toBe(false);
      expect(p.shown(0), fence).toBe(intro);
    }
    // Nor does an indented fence continue a line that ends in ":".
    const colon = preparePaste(
      'the webhook failed with errors such as:\n  ```\nx509: certificate has expired\n  ```',
    );
    expect(colon.lines[0]).toBe('the webhook failed with errors such as:');
    // A shorter line that is not a fence still ends the run it soft-wraps.
    const wrappedText = preparePaste(`${intro}\nand then every call fails`);
    expect(wrappedText.lines[0]).toBe(`${intro} and then every call fails`);
  });

  test("a wrapped line's fragment is not read alone: the error after a wrapped URL keeps its URL", () => {
    const line =
      '[2017-11-28 17:25:51] [ERROR] Get https://dns.example.com/dns-query?body=XXX&random_padding=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX: x509: certificate has expired or is not yet valid';
    const wrapped = `${line.slice(0, 100)}\n${line.slice(100)}`;
    const p = preparePaste(wrapped);
    expect(p.lines[0]).toBe(line);
    expect(p.wrapped.has(1)).toBe(true);
    // The DNS-over-HTTPS server's certificate: not the control plane's, wrapped or not.
    expect(diagnose(line, new Date()).findings.map((f) => f.code)).toEqual([]);
    expect(diagnose(wrapped, new Date()).findings.map((f) => f.code)).toEqual([]);
  });

  test("a line that starts a record of its own (kubectl's 'Unable to connect', a klog or syslog prefix) is not a wrap's fragment", () => {
    const first = 'kube-triage posting to https://hooks.example.com/services/T0/B0/abcdefghijklmnop failed';
    for (const next of [
      'Unable to connect to the server: x509: certificate has expired',
      'E0101 12:00:00.000000       1 reflector.go:138] Unauthorized',
      '2024-05-01T10:00:00Z error: x509: certificate has expired',
    ]) {
      const p = preparePaste(`${first}\n${next}`);
      expect(p.lines[1]).toBe(next);
      expect(p.wrapped.size).toBe(0);
    }
  });

  test("another system's clock story is its own when no Kubernetes word is in the paste; said of a cluster it is the node's", () => {
    const cfdev =
      'Date on bosh instance is wrong so certificates are not yet valid\nInside a cfdev bosh VM the date is behind my laptop: time drift between the host and guest makes the certificates I generate not yet valid.';
    const github =
      "github x509 certificate has expired or is not yet valid\nThe host's clock is off by 4 years?";
    // A hypervisor's hosts and VMs (H3C CAS in Chinese): its 集群 is its own.
    const hypervisor =
      'CVK主机与CAS管理平台时间差超过8分钟:虚拟机时间同步异常,可能引发业务系统时间跳变;主备节点时间不一致可能导致集群通信故障。';
    expect(diagnose(cfdev, NOW).findings).toEqual([]);
    expect(diagnose(github, NOW).findings).toEqual([]);
    expect(diagnose(hypervisor, NOW).findings).toEqual([]);
    // The same words about a Kubernetes node are the node's clock.
    expect(
      diagnose(
        'Our kubeadm worker-2 shows x509 certificate has expired or is not yet valid: the node clock is off by 4 years.',
        NOW,
      ).findings.map((f) => f.code.split('/')[0]),
    ).toContain('skew');
    expect(
      diagnose('kubelet 节点与主节点时间不一致,虚拟机时间跳变后 k8s 节点 NotReady', NOW).findings.map(
        (f) => f.code.split('/')[0],
      ),
    ).toContain('skew');
  });

  test("a pull request's Files changed view is a change to a file, not this cluster's story", () => {
    const page =
      'kubernetes knowledge base: kubelet serving CSRs are not auto-approved\nKubelet serving CSRs (kubernetes.io/kubelet-serving), which are intentionally not auto-approved, stay Pending; kubectl certificate approve them.';
    expect(diagnose(page, NOW).findings.map((f) => f.code)).toContain('cert/kubelet-csr-pending');
    const view = `Changes from all commits\nDiff view\nOriginal file line number Diff line number Diff line change\n@@ -0,0 +1,141 @@\n${page}`;
    expect(diagnose(view, NOW).findings).toEqual([]);
  });

  test('rows of a table of one width are rows, not one wrapped line', () => {
    const rows = [
      'NAME        AGE    SIGNERNAME                                    REQUESTOR                                 CONDITION',
      'csr-6jjtd   80s    kubernetes.io/kubelet-serving                 system:node:worker-2                      Pending  ',
      'csr-826s8   73s    kubernetes.io/kubelet-serving                 system:node:worker-3                      Pending',
    ];
    const p = preparePaste(rows.join('\n'));
    expect(p.lines.map((l) => l.trimEnd())).toEqual(rows.map((r) => r.trimEnd()));
  });

  test('a JSON string left open at the end of its line is read to the line that closes it, wherever it broke; prose with a stray quote is not', () => {
    // Ansible's stderr_lines as a copy broke them: after "misconfigured; ", after "x509:", inside the error.
    const broken = [
      '["Error:  client: etcd cluster is unavailable or misconfigured; ',
      'error #0: x509:',
      ' certificate signed by unknown authority", "", "error #0: x509: ',
      'certificate',
      ' signed by unknown authority"]',
    ].join('\n');
    const p = preparePaste(broken);
    expect(p.lines[0]).toBe(
      '["Error:  client: etcd cluster is unavailable or misconfigured; error #0: x509: certificate signed by unknown authority", "", "error #0: x509: certificate signed by unknown authority"]',
    );
    expect([...p.wrapped].sort()).toEqual([1, 2, 3, 4]);
    expect(diagnose(broken, NOW).findings.map((f) => f.code)).toEqual(['cert/ca-mismatch']);
    // Each row stamped on its own (kubectl logs --timestamps): the continuation's stamp is not in the value.
    const stamped = preparePaste(
      [
        '2024-05-01T10:00:00.000Z E0114 02:25:00.528571 1 scraper.go:139] "Failed to scrape node" err="Get \\"https://192.168.88.114:10250/stats/summary\\": x509: certificate has',
        '2024-05-01T10:00:00.000Z  expired or is not yet valid: current time 2022-01-14T02:25:00Z is after 2022-01-06T06:23:35Z" node="k8s-worker-3"',
      ].join('\n'),
    );
    expect(stamped.lines[0]).toContain('x509: certificate has expired or is not yet valid: current time');
    // A quote nobody closes, or closed only after a blank line: the lines stay as they are.
    for (const text of [
      'she said "the cluster is fine\nand went home\nnothing else',
      '{"msg": "first part\n\nsecond part"}',
    ]) {
      const q = preparePaste(text);
      expect(q.lines).toEqual(text.split('\n'));
      expect(q.wrapped.size).toBe(0);
    }
  });

  test('markdown emphasis around words is read through; snake_case and *v1.Pod are left alone', () => {
    const line = (t: string) => preparePaste(t).lines[0];
    expect(line('kubelet log said, _certificate has expired or is not yet valid_.')).toBe(
      'kubelet log said, certificate has expired or is not yet valid.',
    );
    expect(line('see **x509: certificate signed by unknown authority** here')).toBe(
      'see x509: certificate signed by unknown authority here',
    );
    const kept = 'Failed to list *v1.Pod: Unauthorized, node_timex_sync_status 0 and *v1.Node';
    expect(line(kept)).toBe(kept);
    expect(
      diagnose('kubectl logs fails; the kubelet log said _certificate has expired or is not yet valid_', NOW)
        .findings,
    ).not.toEqual([]);
  });

  test.each([
    ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789', 'bearer token'],
    ['bot token xoxb-1234567890-abcdefghijklmnop', 'Slack token'],
    ['    token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'service-account token (JWT)'],
    ['    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=', 'kubeconfig credential'],
  ])('redacts %s', (line, kind) => {
    const r = redactLine(line);
    expect(r.kinds).toContain(kind);
    const secret = line.split(/[\s:]+/).pop() as string;
    expect(r.text).not.toContain(secret.slice(-10));
    expect(r.text).toMatch(/redacted/);
  });

  test('a pasted private key is never shown, and the answer says the paste held one', () => {
    const { privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const d = diagnose(`${privateKey}\nx509: certificate has expired or is not yet valid`, NOW);
    expect(d.secrets).toContain('private key');
    expect(JSON.stringify(d)).not.toContain(privateKey.split('\n')[1]);
  });

  test('the apiserver named in a sentence is not a log of it; its own lines are', () => {
    const prose = diagnose(
      'After the etcd restore the old tokens were signed by another serviceaccount.key, so kube-apiserver rejects them.',
      NOW,
    );
    expect(prose.recognised.join(' ')).not.toMatch(/kube-apiserver log/);
    const log = diagnose(
      'Apr  1 00:02:26 node-2 kube-apiserver[1390]: E0401 00:02:26.604914    1390 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
      NOW,
    );
    expect(log.recognised.join(' ')).toMatch(/kube-apiserver log/);
  });

  test('a bare 401: no single cause, the causes ranked with the one command that tells them apart', () => {
    const d = diagnose(
      'Jan 10 10:00:01 node-2 kubelet[612]: E0110 10:00:01.000000 612 x.go:1] error: You must be logged in to the server (Unauthorized)',
      NOW,
    );
    expect(d.findings).toEqual([]);
    expect(d.recognised.join(' ')).toMatch(/kubelet log/);
    const x = d.differentials.find((y) => y.signature === '401 Unauthorized');
    expect(x?.hypotheses.map((h) => h.cause).join(' ')).toMatch(/expired[\s\S]*invalidated[\s\S]*clocks/);
    expect(new Set(x?.hypotheses.map((h) => h.tell.run)).size).toBe(1);
    expect(x?.hypotheses[0]?.tell.run).toContain('Unable to authenticate');
    expect(d.noMatch).toBeUndefined();
  });

  test("an expired certificate of a server outside the cluster is its owner's to renew; a cluster endpoint is yours", () => {
    const err = (url: string) =>
      `Error: looks like "${url}" is not a valid chart repository or cannot be reached: Get "${url}/index.yaml": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-11-13T02:01:28Z is after 2025-11-12T23:59:59Z`;
    const outside = diagnose(err('https://charts.example.io'), NOW).differentials[0];
    const expired = outside?.hypotheses.find((h) => /really expired/.test(h.cause));
    expect(expired?.cause).toMatch(
      /charts\.example\.io, a server outside the cluster[\s\S]*nothing in the cluster/,
    );
    expect(expired?.tell.run).toContain('openssl s_client -connect charts.example.io:443');
    for (const url of [
      'https://10.0.0.5:6443',
      'https://webhook.cert-manager.svc:443',
      'https://my-cluster.hcp.eastus.azmk8s.io',
      'https://k8s.example.com/api?timeout=32s', // an apiserver behind a name on 443
      'https://rancher.example.com/k8s/clusters/c-abc', // Rancher's proxy to a cluster's API
    ]) {
      const h = diagnose(err(url), NOW).differentials[0]?.hypotheses.find((x) =>
        /really expired/.test(x.cause),
      );
      expect(h?.cause, url).toMatch(/^The certificate really expired/);
    }
    // kubectl's own words name the apiserver whatever its host name is.
    const kubectl = diagnose(
      'Unable to connect to the server: Get "https://k8s.example.com:443/api?timeout=32s": x509: certificate has expired or is not yet valid',
      NOW,
    ).differentials[0]?.hypotheses.find((x) => /really expired/.test(x.cause));
    expect(kubectl?.cause).toMatch(/^The certificate really expired/);
  });

  test('a timedatectl readout (local, universal and RTC time of one instant) is not a clock that went back', () => {
    const readout = [
      'root@node40:~# timedatectl',
      '               Local time: Sat 2023-11-11 19:43:42 CST',
      '           Universal time: Sat 2023-11-11 11:43:42 UTC',
      '                 RTC time: Sat 2023-11-11 11:43:41',
      '                Time zone: Asia/Shanghai (CST, +0800)',
    ].join('\n');
    expect(diagnose(readout, NOW).findings.map((f) => f.code)).not.toContain('skew/clock-jump');
    // Zoneless times labelled with two different zones are not one timeline either.
    const zoned = '2023-11-11 19:43:42 CST kubelet started\n2023-11-11 11:43:45 UTC kubelet ready';
    expect(diagnose(zoned, NOW).findings.map((f) => f.code)).not.toContain('skew/clock-jump');
    // The same lines in one zone still show the step back.
    const stepped = '2023-11-11 19:43:42 CST kubelet started\n2023-11-11 11:43:45 CST kubelet ready';
    expect(diagnose(stepped, NOW).findings.map((f) => f.code)).toContain('skew/clock-jump');
    // A log level after the time is not a zone: INFO then WARN two hours earlier is still a step back.
    const levels =
      '2024-01-01 10:00:00 INFO kubelet started on node-1\n2024-01-01 10:00:01 INFO kubelet syncing pods\n2024-01-01 08:00:05 WARN kubelet lease renewal failed';
    expect(diagnose(levels, NOW).findings.map((f) => f.code)).toContain('skew/clock-jump');
  });

  test("kubectl's own 401 words are enough to rank the causes, with no other Kubernetes word", () => {
    const d = diagnose('error: You must be logged in to the server (Unauthorized)', NOW);
    expect(d.differentials.map((x) => x.signature)).toContain('401 Unauthorized');
    expect(
      diagnose('HTTP 401 Unauthorized from https://api.example.com/v1/items', NOW).differentials,
    ).toEqual([]);
  });

  test("a 401 that names an OIDC login puts the person's login first, not a service-account token", () => {
    const d = diagnose(
      'E0722 11:41:09.420668 1 authentication.go:53] Unable to authenticate the request due to an error: [invalid bearer token, oidc: verify token: oidc: token is expired (Token Expiry: 2022-07-22 11:40:27 +0000 UTC)]',
      NOW,
    );
    expect(d.findings.map((f) => f.code)).not.toContain('token/expired');
    const x = d.differentials.find((y) => y.signature === '401 Unauthorized');
    expect(x?.hypotheses[0]?.cause).toMatch(/OIDC/);
    const plain = diagnose('error: You must be logged in to the server (Unauthorized)', NOW).differentials[0];
    expect(plain?.hypotheses.at(-1)?.cause).toMatch(/OIDC/);
  });

  test('a description is dropped when a specific signature of another cause matched its only lines', () => {
    // kubecost/cost-analyzer-helm-chart: the prose line is matched by the stale-token signal too.
    const text =
      'grafana pods are using stale tokens.\nThere are warning such as this in the apiserver log:\n "authentication.k8s.io/stale-token": "subject: system:serviceaccount:kube-cost:kubecost-grafana, seconds after warning threshold: 10351"';
    expect(diagnose(text, NOW).findings.map((f) => f.code)).toEqual(['token/stale-not-reloaded']);
    // A description with a line no signature explains stays.
    const own = diagnose(`the service account token expired after an hour\n${text}`, NOW).findings.map(
      (f) => f.code,
    );
    expect(own).toContain('token/expired');
  });

  test('x509 expired-or-not-yet-valid: ranked by the edge the error names and by clock cues', () => {
    const after = 'current time 2026-12-02T10:00:00Z is after 2026-11-30T08:00:00Z';
    const ranked = (t: string) =>
      diagnose(
        `Unable to connect to the server: x509: certificate has expired or is not yet valid: ${t}`,
        NOW,
      ).differentials[0]?.hypotheses.map((h) => h.cause.split(/[:,]/)[0]);
    expect(ranked(after)?.[0]).toMatch(/really expired/);
    expect(ranked(`${after}\nthe server time was off after the VM resumed`)?.[0]).toMatch(
      /clock .* is ahead/,
    );
    expect(ranked('current time 2026-12-02T10:00:00Z is before 2026-12-02T10:05:00Z')?.[0]).toMatch(/behind/);
  });

  test("the VPC CNI's bare 'failed to assign an IP address': ranked causes, no single finding, no kubeadm/k3s note", () => {
    const event =
      'Warning  FailedCreatePodSandBox  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "93bd": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container';
    const first = (t: string) => firstCause(t, 'failed to assign an IP address');
    expect(first(event)).toMatch(/ENI.*limit/);
    expect(first(`${event}\nThe pod is selected by a SecurityGroupPolicy`)).toMatch(
      /security groups for pods/,
    );
    expect(first(`${event}\nipamd.log: UnauthorizedOperation: ec2:AssignPrivateIpAddresses`)).toMatch(/EC2/);
    // ipamd's own datastore words settle it: exhaustion, with no differential.
    const settled = diagnose(
      `${event}\n{"level":"error","caller":"datastore/data_store.go:607","msg":"DataStore has no available IP/Prefix addresses"}`,
      NOW,
    );
    expect(settled.findings[0]?.code).toBe('ipam/range-exhausted');
    expect(settled.differentials).toEqual([]);
  });

  test("kube-ovn's bare 'no address allocated': ranked causes read from the controller's own lines", () => {
    const event =
      'Warning  FailedCreatePodSandBox  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "b0ce": plugin type="kube-ovn" failed (add): RPC failed; request ip return 500 no address allocated to pod default/web-1 provider ovn, please see kube-ovn-controller logs to find errors';
    const first = (t: string) => firstCause(t, 'kube-ovn-controller');
    expect(first(event)).toMatch(/Subnet has no free address/);
    // The older daemon's words for the same wait.
    expect(first('request ip return 500 no available ip for pod dxp/web-1')).toMatch(/Subnet has no free/);
    // The controller allocated one (so the subnet is not full), or failed on something else.
    expect(
      first(
        `${event}\nI1222 17:59:54.688693 7 ipam.go:51] allocate v4 10.16.0.16 v6  mac 00:00:00:0F:9C:A4 for default/web-1 from subnet ovn-default`,
      ),
    ).toMatch(/controller did not finish/);
    expect(
      first(
        `${event}\nE1222 pod.go:331] error syncing 'default/web-1': Timeout: request did not complete, requeuing`,
      ),
    ).toMatch(/controller did not finish/);
    expect(first(`${event}\nthe pod has annotation ovn.kubernetes.io/ip_address: 10.16.0.9`)).toMatch(
      /fixed address/,
    );
    // The controller's NoAvailableAddress settles it: exhaustion, with no differential.
    const settled = diagnose(
      `${event}\nE1128 pod.go:425] error syncing 'default/web-1': NoAvailableAddress, requeuing`,
      NOW,
    );
    expect(settled.findings[0]?.code).toBe('ipam/range-exhausted');
    expect(settled.differentials).toEqual([]);
  });

  test("the control plane's expired certificates settle a 401: no ranked token causes beside them", () => {
    const d = diagnose(
      'Our kubeadm cluster: the client certificates in controller-manager.conf and scheduler.conf expired.\nE1205 07:59:01.123456 1 leaderelection.go:330] error retrieving resource lock kube-system/kube-controller-manager: Unauthorized',
      NOW,
    );
    expect(d.findings[0]?.code).toBe('cert/control-plane-expiry');
    expect(d.differentials.map((x) => x.signature)).not.toContain('401 Unauthorized');
  });

  test('no match on a Kubernetes text: what was looked for and which live checks to run', () => {
    const d = diagnose(
      'kubectl get pods shows coredns CrashLoopBackOff on node-2 after the CNI upgrade',
      NOW,
    );
    expect(d.findings).toEqual([]);
    expect(d.noMatch?.lookedFor).toMatch(/token[\s\S]*clock[\s\S]*certificate[\s\S]*pod IP/);
    expect(d.noMatch?.checks.map((c) => c.run)).toEqual(['/k8s ipam <cluster>', '/k8s report <cluster>']);
    expect(diagnose('my printer jams on page two', NOW).noMatch).toBeUndefined();
  });

  // Adversarial inputs: every regex is linear, so each finishes far inside the 1 s budget.
  test.each([
    ['one character', 'a'.repeat(PASTE_MAX_BYTES)],
    ['spaces', ' '.repeat(PASTE_MAX_BYTES)],
    ['digits and dots', '1.'.repeat(PASTE_MAX_BYTES / 2)],
    ['eyJ runs', 'eyJ'.repeat(PASTE_MAX_BYTES / 3)],
    ['many short lines', 'x509: certificate is valid for a, \n'.repeat(30_000)],
    ['colons', ':'.repeat(PASTE_MAX_BYTES)],
  ])('adversarial input (%s) is diagnosed within a bound', (_name, input) => {
    const t = performance.now();
    const d = diagnose(input, NOW);
    const ms = performance.now() - t;
    expect(d.lines).toBeGreaterThan(0);
    // A correctness bound, not a benchmark: a catastrophic regex would take minutes.
    expect(ms).toBeLessThan(5_000);
  });
});

describe('a description with its own title', () => {
  test('hourly 401s after the token extension was turned off are titled with the extension, not the metric', () => {
    const d = diagnose(
      'We set --service-account-extend-token-expiration=false on kube-apiserver. Since then our operator gets 401 Unauthorized about an hour after each restart.',
      NOW,
    );
    const f = d.findings.find((x) => x.code === 'token/stale-not-reloaded');
    expect(f?.title).toMatch(/^Likely: Token expiry extension is off: /);
    expect(f?.title).toMatch(/\(from the description; confirm with \/k8s token\)$/);
    expect(f?.title).not.toMatch(/warnafter/);
  });

  test('a client that read its token once is titled with that story, not the metric', () => {
    const f = diagnose(
      'The exporter reads the service account token once at startup and never refreshes it; after an hour every call gets 401 Unauthorized.',
      NOW,
    ).findings.find((x) => x.code === 'token/stale-not-reloaded');
    expect(f?.title).toMatch(/A client keeps the service-account token it read once /);
    expect(f?.title).not.toMatch(/warnafter/);
    // The apiserver's own stale-token annotation keeps the code's title (the metric's story).
    const audit = diagnose(
      '"authentication.k8s.io/stale-token": "subject: system:serviceaccount:kube-cost:grafana, seconds after warning threshold: 10351"',
      NOW,
    ).findings.find((x) => x.code === 'token/stale-not-reloaded');
    expect(audit?.title).toMatch(/warnafter/);
  });
});

describe('a why that follows the paste', () => {
  test('a webhook server that did not reload its renewed certificate is told so, and restarting it is the fix', () => {
    const text =
      'Our validating webhook broke pod creation after cert-manager issued a new certificate.\nThe server was not reloading the certificate from disk after it expired.';
    const f = diagnose(text, NOW).findings.find((x) => x.code === 'cert/webhook-expiry');
    expect(f?.fix.why).toMatch(/did not reload the renewed one: restarting the webhook loads it/);
    expect(f?.fix.steps.map((s) => s.run).join(' ')).toMatch(/rollout restart/);
    const plain = diagnose('the kyverno webhook CA has expired', NOW).findings.find(
      (x) => x.code === 'cert/webhook-expiry',
    );
    expect(plain?.fix.why).toMatch(/caBundle expired/);
    expect(plain?.fix.why).not.toMatch(/reload/);
  });

  test('an IRSA pod that can no longer assume its role is told with the cloud in the why', () => {
    const f = diagnose(
      'Our controller on EKS uses IRSA. After a few days of running it cannot assume its IAM role any more; restarting the pod fixes it.',
      NOW,
    ).findings.find((x) => x.code === 'token/stale-not-reloaded');
    expect(f?.fix.why).toMatch(/the role can no longer be assumed/);
    const plain = diagnose(
      'The sidecar gets 401 Unauthorized with its service account token after an hour; restarting the pod fixes it.',
      NOW,
    ).findings.find((x) => x.code === 'token/stale-not-reloaded');
    expect(plain?.fix.why).toMatch(/every call is 401/);
    expect(plain?.fix.why).not.toMatch(/workload identity/);
  });
});
