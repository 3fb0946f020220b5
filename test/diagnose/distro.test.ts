import { describe, expect, test } from 'vitest';
import type { Command, Finding } from '../../src/core/finding.js';
import { FIX_CATALOG } from '../../src/core/fixes.js';
import { diagnose } from '../../src/diagnose/index.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const EXPIRED =
  'x509: certificate has expired or is not yet valid: current time 2026-03-01T10:00:00Z is after 2026-02-20T08:00:00Z';

function stepsOf(f: Finding | undefined): Command[] {
  return [...(f?.fix.steps ?? []), ...(f?.confirm ?? [])];
}

function top(text: string) {
  const d = diagnose(text, NOW);
  return { d, f: d.findings[0] };
}

describe('distribution read from the paste', () => {
  test.each([
    [`Dec 01 node1 k3s[812]: E1201 10:00:01 ${EXPIRED}`, 'k3s'],
    [`Dec 01 node1 rke2[812]: E1201 10:00:01 ${EXPIRED} /var/lib/rancher/rke2/server/tls`, 'rke2'],
    [`[root@master ~]# kubeadm token create\n${EXPIRED}`, 'kubeadm'],
    [`OpenShift 3.11 master-api: ${EXPIRED}`, 'openshift3'],
    [`$ oc get nodes\nUnable to connect to the server: ${EXPIRED}`, 'openshift4'],
    [`$ minikube start\n${EXPIRED}`, 'minikube'],
    [`$ kind create cluster\n${EXPIRED}`, 'kind'],
    [`eksctl get cluster\nUnable to connect to the server: ${EXPIRED}`, 'eks'],
    [`gcloud container clusters get-credentials prod\n${EXPIRED}`, 'gke'],
    [`az aks get-credentials -g rg -n prod\n${EXPIRED}`, 'aks'],
    [`$ microk8s kubectl get pods\nUnable to connect to the server: ${EXPIRED}`, 'microk8s'],
  ])('%#: detected as %s and told so', (text, platform) => {
    const { d } = top(text);
    expect(d.origin.platform).toBe(platform);
    expect(d.recognised.join(' ')).toMatch(/the paste names/);
  });

  test.each([
    [
      'kubenet',
      'failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254 (network kubenet)',
    ],
    ['calico', 'calico/node is not ready: BIRD is not ready: no IPs available in pools'],
    ['flannel', 'failed to load flannel subnet.env file /run/flannel/subnet.env'],
    ['cilium', 'cilium-agent level=warning msg="no more IPs available"'],
  ])('CNI %s', (cni, text) => {
    expect(diagnose(text, NOW).origin.cni).toBe(cni);
  });

  test('a k3s paste gets only the k3s commands, and a title that says k3s', () => {
    const { f } = top(`Dec 01 node1 k3s[812]: E1201 10:00:01 Unable to connect to the server: ${EXPIRED}`);
    expect(f?.code).toBe('cert/control-plane-expiry');
    const runs = stepsOf(f)
      .map((s) => s.run)
      .join('\n');
    expect(runs).toContain('k3s certificate rotate');
    expect(runs).not.toMatch(/kubeadm certs/);
    expect(f?.title).toMatch(/\(k3s\)/);
    expect(
      stepsOf(f)
        .filter((s) => s.platform)
        .every((s) => s.platform === 'k3s'),
    ).toBe(true);
  });

  test("MicroK8s' own certificate check: an expired front-proxy client is answered with refresh-certs, never kubeadm", () => {
    const { d, f } = top(
      '$ sudo microk8s refresh-certs -c\nThe CA certificate will expire in 3139 days.\nThe server certificate will expire in 363 days.\nThe front proxy client certificate will expire in -2 days.',
    );
    expect(d.origin.platform).toBe('microk8s');
    expect(f?.code).toBe('cert/control-plane-expiry');
    expect(d.findings.map((x) => x.code)).not.toContain('cert/ca-expiry');
    const runs = stepsOf(f)
      .map((s) => s.run)
      .join('\n');
    expect(runs).toContain('microk8s refresh-certs --cert front-proxy-client.crt');
    expect(runs).not.toMatch(/kubeadm|k3s certificate/);
    expect(f?.title).toMatch(/\(MicroK8s\)/);
  });

  test('an unknown distribution gets the kubeadm and k3s variants, each labelled, and is told so', () => {
    const { d, f } = top(`Unable to connect to the server: ${EXPIRED}`);
    expect(d.origin.platform).toBeUndefined();
    expect(d.recognised.join(' ')).toMatch(/distribution not named.*kubeadm.*k3s/);
    const labelled = stepsOf(f).filter((s) => s.platform);
    expect(new Set(labelled.map((s) => s.platform))).toEqual(new Set(['kubeadm', 'k3s']));
    const renew = f?.fix.steps.filter((s) => s.platform) ?? [];
    expect(renew.find((s) => s.platform === 'kubeadm')?.run).toBe(FIX_CATALOG.certRenew.kubeadm?.[0]?.run);
    expect(renew.find((s) => s.platform === 'k3s')?.run).toBe(FIX_CATALOG.certRenew.k3s?.[0]?.run);
  });

  test("a stepped clock's kubelet restart is each distribution's own: Talos's talosctl, k3s's unit, both when unknown", () => {
    const jump = 'chronyd[612]: System clock was stepped by -3600.000123 seconds';
    const runs = (text: string) => {
      const { d, f } = top(text);
      expect(f?.code).toBe('skew/clock-jump');
      return { d, runs: stepsOf(f).map((s) => s.run) };
    };
    const talos = runs(
      '[talos] adjusting time (jump) by -1h0m0.5s via 0.pool.ntp.org, state TIME_OK, status STA_PLL | STA_NANO',
    );
    expect(talos.d.origin.platform).toBe('talos');
    expect(talos.runs).toContain(FIX_CATALOG.kubeletRestart.talos?.[0]?.run);
    // Talos has neither systemd units nor chronyd: its confirm and advice are its own too.
    expect(talos.runs.join('\n')).not.toMatch(/systemctl|chronyd|journalctl/);
    const spike = top(
      '[talos] spike filter discarded a full window of measurements, clock is not being adjusted {"clock_offset": "2m3.2s"}',
    );
    expect(spike.f?.code).toBe('skew/node-clock');
    expect(
      stepsOf(spike.f)
        .map((s) => s.run)
        .join('\n'),
    ).toMatch(/talosctl/);
    expect(
      stepsOf(spike.f)
        .map((s) => s.run)
        .join('\n'),
    ).not.toMatch(/systemctl|chronyc|journalctl/);
    const k3s = runs(`k3s-agent[812]: ${jump}`);
    expect(k3s.d.origin.platform).toBe('k3s');
    expect(k3s.runs).toContain(FIX_CATALOG.kubeletRestart.k3s?.[0]?.run);
    expect(k3s.runs.join('\n')).not.toMatch(/systemctl restart kubelet/);
    const unknown = top(jump).f;
    const labelled = stepsOf(unknown).filter((s) => /restart/.test(s.run) && s.platform);
    expect(labelled.map((s) => s.platform)).toEqual(['kubeadm', 'k3s']);
  });

  test('an unknown distribution whose fixes do not differ by distribution promises no labelled variants', () => {
    const { d, f } = top(
      'plugin type="antrea" failed (add): failed to allocate IP: Pool pool-vlan-100 is exhausted: pool exhausted',
    );
    expect(f?.code).toBe('ipam/range-exhausted');
    expect(stepsOf(f).filter((s) => s.platform)).toEqual([]);
    const note = d.recognised.join(' ');
    expect(note).toMatch(/distribution not named/);
    expect(note).not.toMatch(/kubeadm|k3s/);
  });

  test("a kubelet's refused credential: each distribution's own reissue, never kubeadm's on k3s", () => {
    const line = 'kubelet_node_status.go:94] Unable to register node "node1" with API server: Unauthorized';
    const unknown = stepsOf(top(`kubelet[812]: E1015 ${line}`).f);
    expect(unknown.map((s) => s.platform)).toEqual(expect.arrayContaining(['kubeadm', 'k3s']));
    const k3s = stepsOf(top(`Dec 01 node1 k3s[812]: E1015 ${line}`).f);
    expect(k3s.some((s) => /client-kubelet\.crt|restart k3s/.test(s.run))).toBe(true);
    expect(k3s.some((s) => /kubeadm/.test(s.run))).toBe(false);
    const eks = stepsOf(top(`eksctl get nodegroup\nkubelet[812]: E1015 ${line}`).f);
    expect(eks.some((s) => /kubeadm/.test(s.run))).toBe(false);
  });

  test("a kubelet's expired serving certificate on k3s: k3s reissues it on restart, no kubeadm paths", () => {
    const line =
      'scraper.go:140] "Failed to scrape node" err="Get \\"https://10.0.0.5:10250/metrics/resource\\": x509: certificate has expired or is not yet valid"';
    const k3s = stepsOf(top(`Dec 01 node1 k3s[812]: E1201 ${line}`).f);
    expect(k3s.some((s) => /restart k3s/.test(s.run))).toBe(true);
    expect(k3s.some((s) => /\/var\/lib\/kubelet\/pki/.test(s.run))).toBe(false);
  });

  test('OpenShift 3 is never given k3s or kubeadm commands for an expired certificate', () => {
    const { f } = top(`OpenShift Origin 3.11: Unable to connect to the server: ${EXPIRED}`);
    const runs = stepsOf(f)
      .map((s) => s.run)
      .join('\n');
    expect(runs).not.toMatch(/\bk3s\b|kubeadm certs|rancher/);
    expect(runs).toMatch(/redeploy-certificates/);
  });

  test('kubenet IP pool: the lease directory is kubenet, not cbr0', () => {
    const text =
      'network kubenet: failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254';
    const { f } = top(text);
    expect(f?.code).toBe('ipam/range-exhausted');
    const runs = stepsOf(f)
      .map((s) => s.run)
      .join('\n');
    expect(runs).toContain('/var/lib/cni/networks/kubenet');
    expect(runs).not.toContain('/var/lib/cni/networks/cbr0');
  });

  test('a network the paste does not name is a placeholder plus the command that lists them', () => {
    const { f } = top(
      'failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254',
    );
    const runs = stepsOf(f)
      .map((s) => s.run)
      .join('\n');
    expect(runs).toContain('/var/lib/cni/networks/<network>');
    expect(runs).toContain('ls /var/lib/cni/networks/');
  });
});

describe('placeholders are never shown as the user’s values', () => {
  const text =
    'Error from server: Get "https://<node-ip>:10250/containerLogs/kube-system/x": x509: certificate is valid for 10.0.0.5, not <node-ip>';

  test('the normalised address appears nowhere in the finding', () => {
    const { f } = top(text);
    expect(f?.code).toBe('cert/kubelet-san-mismatch');
    expect(JSON.stringify(f)).not.toContain('192.0.2.1');
    expect(f?.title).toMatch(/address the paste left out/);
    expect(stepsOf(f).some((s) => s.run.includes('<node-ip>'))).toBe(true);
  });

  test('an address the user really pasted is kept', () => {
    const { f } = top(text.replaceAll('<node-ip>', '192.0.2.1'));
    expect(f?.title).toContain('192.0.2.1');
  });
});

describe('a node whose pods get no address: the fix follows the platform', () => {
  const runsOf = (text: string) => {
    const { d, f } = top(text);
    return { d, f, runs: stepsOf(f).map((s) => s.run) };
  };

  test('EKS (the VPC CNI): the subnets and the warm pool, never host-local lease files', () => {
    const { d, f, runs } = runsOf(
      'aws-node ipamd on EKS: {"level":"error","caller":"datastore/data_store.go:607","msg":"DataStore has no available IP/Prefix addresses"}',
    );
    expect(d.origin.platform).toBe('eks');
    expect(f?.code).toBe('ipam/range-exhausted');
    expect(f?.title).not.toMatch(/host-local/);
    expect(runs.join('\n')).toContain('AvailableIpAddressCount');
    expect(runs.join('\n')).toContain('WARM_IP_TARGET');
    expect(runs.some((r) => r.includes('/var/lib/cni/networks'))).toBe(false);
  });

  test('told in words on EKS: the same steps, and a title that does not say host-local', () => {
    const { f, runs } = runsOf(
      'Our AWS EKS cluster is running out of IP addresses and new pods stay in ContainerCreating',
    );
    expect(f?.code).toBe('ipam/range-exhausted');
    expect(f?.title).not.toMatch(/host-local/);
    expect(runs.join('\n')).toContain('ENABLE_PREFIX_DELEGATION');
  });

  test('AKS (Azure CNI): the node subnet', () => {
    const { runs } = runsOf(
      'AKS node pool: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "ce54": Failed to allocate pool: Failed to delegate: Failed to allocate address: No available addresses',
    );
    expect(runs.join('\n')).toContain('az network vnet subnet show');
  });

  test('no platform named: the kubeadm and k3s lease steps, labelled, each with its own network', () => {
    const { f } = runsOf(
      'after a few days the kubernetes node ran out of pod IPs and every new sandbox failed',
    );
    const steps = f?.fix.steps ?? [];
    expect(new Set(steps.map((s) => s.platform))).toEqual(new Set(['kubeadm', 'k3s']));
    expect(
      steps.filter((s) => s.platform === 'k3s').some((s) => s.run.includes('/var/lib/cni/networks/cbr0')),
    ).toBe(true);
    expect(steps.filter((s) => s.platform === 'kubeadm').some((s) => s.run.includes('k3s'))).toBe(false);
  });
});
