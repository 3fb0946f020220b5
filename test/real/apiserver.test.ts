// The real-apiserver tier (issue #12): kube-triage against real kube-apiservers of one version sharing
// one etcd (see support/world.ts for what is running and why). `npm run test:real` runs this file once
// per version of the matrix (v1.28.7 and v1.32; scripts/test-real.ts); what differs between versions
// is asserted in versions.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CheckResult } from '../../src/checks/index.js';
import { main } from '../../src/cli/main.js';
import { register } from '../../src/cli/register.js';
import type { Finding } from '../../src/core/finding.js';
import { type Inspection, inspect } from '../../src/engine.js';
import type { Apiserver } from './support/control-plane.js';
import { apiserverVersion, findBinaries, NODE_TOKEN, ROOT } from './support/control-plane.js';
import { JUMPED_PODS, NODES, startWorld, WORKER3_LIVE_PODS, type World } from './support/world.js';

const ALL = ['skew', 'token', 'certs', 'ipam'] as const;
/** The version under test, as the apiserver reports it (set by scripts/test-real.ts). */
const VERSION =
  process.env.KUBE_VERSION ?? apiserverVersion(findBinaries(ROOT)?.apiserver ?? 'kube-apiserver');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SA_USER = 'system:serviceaccount:kube-triage:kube-triage';

let w: World;
let report: Inspection;
let dir: string;

beforeAll(async () => {
  w = await startWorld();
  dir = mkdtempSync(join(tmpdir(), 'kt-real-test-'));
  writeFileSync(join(dir, 'ca.crt'), w.cp.ca.certPem);
  report = await inspect(w.record, ALL, AbortSignal.timeout(60_000));
});
afterAll(async () => {
  await w?.cp.close();
});

const findings = (r: Inspection = report): Finding[] => r.results.flatMap((x) => x.findings);
const result = (id: string, r: Inspection = report): CheckResult =>
  r.results.find((x) => x.check === id) as CheckResult;
const apiClocks = (r: Inspection = report) =>
  (result('skew', r).clocks ?? []).filter((c) => c.kind === 'apiserver');
const nodeClock = (name: string, r: Inspection = report) =>
  (result('skew', r).clocks ?? []).find((c) => c.kind === 'node' && c.name === name);
const api = (host: string): Apiserver => w.byHost.get(host) as Apiserver;

describe('report on three live apiservers (+ one stopped)', () => {
  test('counts three apiservers, one row each: endpoints and identity Leases merged', () => {
    const clocks = apiClocks();
    expect(clocks.map((c) => c.name).sort()).toEqual(['cp-1', 'cp-2', 'cp-3']);
    expect(result('skew').examined).toMatch(/^3 apiservers/);
    for (const c of clocks) expect(c.uncertaintyS).toBeLessThanOrEqual(0.2);
    const cp2 = clocks.find((c) => c.name === 'cp-2');
    expect(Math.abs((cp2?.offsetS ?? 0) - 90)).toBeLessThanOrEqual(0.5);
    expect(cp2?.endpoint).toBe(`${api('cp-2').address}:${api('cp-2').port}`);
  });

  test('names the +90 s apiserver once, with a 30 ± 3 s token window', () => {
    const skew = findings().filter((f) => f.code === 'skew/apiserver-clock');
    expect(skew.map((f) => [f.subject.name, f.severity])).toEqual([['cp-2', 'critical']]);
    const tokens = findings().filter(
      (f) => f.code === 'token/not-yet-valid' && f.subject.kind === 'endpoint',
    );
    expect(tokens.map((f) => f.subject.name)).toEqual(['cp-2']);
    const seconds = Number(/for about (\d+) s after minting/.exec(tokens[0]?.title ?? '')?.[1]);
    expect(Math.abs(seconds - 30)).toBeLessThanOrEqual(3);
  });

  test.each(NODES.map((n) => [n.name, n.offsetSeconds, n.leaseVia] as const))(
    'places node %s at %i s (lease written through %s) within ±1 s, uncertainty ≤ 1 s',
    (name, offset) => {
      const c = nodeClock(name);
      expect(c, name).toBeDefined();
      expect(Math.abs((c?.offsetS ?? 99) - offset)).toBeLessThanOrEqual(1);
      expect(c?.uncertaintyS).toBeLessThanOrEqual(1);
    },
  );

  test("finds cp-3's loopback certificate expiring in about 5 days", () => {
    const f = findings().filter((x) => x.code.startsWith('cert/loopback'));
    expect(f.map((x) => x.subject.name)).toEqual(['cp-3']);
    expect(f[0]?.title).toMatch(/in [45] days/);
  });

  test("finds worker-3's leaked pod IP range and worker-2's kubelet certificate without its IP", () => {
    const ipam = findings().filter((x) => x.code === 'ipam/range-exhausted');
    expect(ipam.map((x) => x.subject.name)).toEqual(['worker-3']);
    expect(ipam[0]?.title).toContain(`only ${WORKER3_LIVE_PODS} pods hold an IP`);
    const san = findings().filter((x) => x.code === 'cert/kubelet-san-mismatch');
    expect(san.map((x) => x.subject.name)).toEqual(['worker-2']);
    expect(san[0]?.title).toContain('127.0.2.2');
  });

  test('lists exactly the pods created through the jumping apiserver, and blames its clock, not the node', () => {
    const tok = findings().find((f) => f.code === 'token/not-yet-valid' && f.subject.kind === 'cluster');
    const listed = (tok?.evidence ?? [])
      .map((e) => /^batch\/(\S+) on/.exec(e.fact)?.[1])
      .filter((x): x is string => !!x)
      .sort();
    expect(listed).toEqual([...JUMPED_PODS].sort());
    const jumps = findings().filter((f) => f.code === 'skew/clock-jump');
    expect(jumps).toHaveLength(1);
    expect(jumps[0]?.subject).toEqual({ kind: 'endpoint', name: 'cp-old' });
    expect(jumps[0]?.title).toMatch(
      // 2 h measured: just under reads "1xx min", at or over "2.0 h".
      /^Clock of apiserver cp-old jumped forward by about (?:1[12]\d min|2\.0 h) (at|between) /,
    );
    expect(jumps[0]?.title).not.toContain('worker-1');
  });

  test("a stopped apiserver's lingering identity Lease is not counted, and is reported apart", () => {
    expect(apiClocks().map((c) => c.name)).not.toContain('cp-old');
    expect(result('skew').examined).toContain('cp-old stopped renewing its identity Lease');
    expect(result('skew').table?.some((r) => r[0] === 'apiserver cp-old' && r[1] === 'stopped')).toBe(true);
    for (const f of findings())
      expect(f.title).not.toMatch(/cp-old.*(behind|ahead of)|(behind|ahead of).*cp-old/);
  });

  test('a missing kube-root-ca.crt ConfigMap is "not found", not an API that is not served', () => {
    const u = result('certs').unreadable.find((x) => x.detail.includes('kube-root-ca.crt'));
    expect(u?.reason).toBe('not-found');
    expect(u?.detail).toBe('configmaps "kube-root-ca.crt" not found');
    expect(u?.detail).not.toContain('not served');
  });

  test('--json carries every clock as data', async () => {
    const reg = join(dir, 'clusters.yaml');
    writeFileSync(
      reg,
      `clusters:\n  - name: real\n    server: ${w.record.server}\n    caFile: ${join(dir, 'ca.crt')}\n    token: ${w.token}\n    endpoints: [${w.record.endpoints.map((e) => `"${e}"`).join(', ')}]\n`,
    );
    let out = '';
    const code = await main(['skew', 'real', '--clusters', reg, '--json'], {
      out: (s) => {
        out += s;
      },
      err: () => undefined,
      isTTY: false,
      env: { HOME: dir },
    });
    expect(code).toBe(0);
    const j = JSON.parse(out) as { checks: { clocks: { kind: string; name: string; offsetS: number }[] }[] };
    const clocks = j.checks[0]?.clocks ?? [];
    expect(
      clocks
        .filter((c) => c.kind === 'apiserver')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['cp-1', 'cp-2', 'cp-3']);
    expect(clocks.filter((c) => c.kind === 'node')).toHaveLength(NODES.length);
    expect(out).not.toContain(w.token);
  });
});

describe('an apiserver the probes cannot reach', () => {
  let onlyServer: Inspection;
  beforeAll(async () => {
    // Only the registered server: cp-2 and cp-3 are known through their identity Leases alone.
    onlyServer = await inspect(
      { ...w.record, endpoints: [] },
      ['skew', 'token'],
      AbortSignal.timeout(60_000),
    );
  });

  test('is measured at a watched identity Lease renewal within ±1 s, and still counted once', () => {
    const clocks = apiClocks(onlyServer);
    expect(clocks.map((c) => c.name).sort()).toEqual(['cp-1', 'cp-2', 'cp-3']);
    const cp2 = clocks.find((c) => c.name === 'cp-2');
    expect(cp2?.method).toBe('identity lease renewal (watched)');
    expect(Math.abs((cp2?.offsetS ?? 0) - 90)).toBeLessThanOrEqual(1);
    expect(cp2?.uncertaintyS).toBeLessThanOrEqual(1);
    const tok = findings(onlyServer).filter(
      (f) => f.code === 'token/not-yet-valid' && f.subject.kind === 'endpoint',
    );
    expect(tok.map((f) => f.subject.name)).toEqual(['cp-2']);
  });

  test('node clocks stay within ±1 s, placed against precisely measured apiservers only', () => {
    for (const n of NODES) {
      const c = nodeClock(n.name, onlyServer);
      expect(Math.abs((c?.offsetS ?? 99) - n.offsetSeconds), n.name).toBeLessThanOrEqual(1);
      expect(c?.uncertaintyS, n.name).toBeLessThanOrEqual(1);
    }
  });
});

describe('register', () => {
  /** Creates a ServiceAccount bound to the read-only role plus `extra` rules; returns its token file. */
  async function identity(
    name: string,
    extra: { rules: object[]; namespace?: string } | 'cluster-admin',
  ): Promise<string> {
    const cp = w.cp;
    await cp.must('POST', '/api/v1/namespaces/kube-triage/serviceaccounts', { metadata: { name } });
    await cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: `${name}-ro` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kube-triage-read-only' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-triage' }],
    });
    if (extra === 'cluster-admin') {
      await cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        metadata: { name: `${name}-admin` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-triage' }],
      });
    } else if (extra.namespace) {
      const ns = extra.namespace;
      await cp.request('POST', '/api/v1/namespaces', { metadata: { name: ns } });
      await cp.must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
        metadata: { name },
        rules: extra.rules,
      });
      await cp.must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-triage' }],
      });
    } else {
      await cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        metadata: { name },
        rules: extra.rules,
      });
      await cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-triage' }],
      });
    }
    const file = join(dir, `${name}.token`);
    writeFileSync(file, await cp.mintToken('kube-triage', name, api('cp-1')));
    return file;
  }

  // As the README says: --context names the operator's own kubeconfig context (here the admin),
  // whose credentials audit every binding of the identity.
  const run = (tokenFile: string, extra: { acceptIncomplete?: boolean } = {}) =>
    register(
      'real',
      {
        context: 'real',
        kubeconfig: w.adminKubeconfig,
        tokenFile,
        clusters: join(dir, `reg-${Math.random().toString(36).slice(2)}.yaml`),
        ...extra,
      },
      AbortSignal.timeout(30_000),
    );

  test('accepts the infra/k8s identity: the default self-review rules are read-only', async () => {
    const file = join(dir, 'kube-triage.token');
    writeFileSync(file, w.token);
    const r = await run(file);
    expect(r.lines.join('\n')).toMatch(
      new RegExp(
        `Checked https://127\\.0\\.1\\.1:\\d+ \\(${escapeRe(VERSION)}\\): \\d+ rules in \\d+ namespaces, read-only\\.`,
      ),
    );
    expect(r.lines.join('\n')).toMatch(/Audited \d+ bindings naming it, its groups or system:authenticated/);
    expect(r.ok).toBe(true);
  });

  const refused: [string, Parameters<typeof identity>[1], RegExp][] = [
    [
      // A namespace with no pods and no events: the rules review never asks about it; the audit does.
      'hidden-secrets',
      {
        namespace: 'vault-empty',
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
      },
      /core secrets: get, list in namespace vault-empty \(reads Secrets; via RoleBinding vault-empty\/reg-hidden-secrets/,
    ],
    ['nonresource-star', { rules: [{ nonResourceURLs: ['*'], verbs: ['get'] }] }, /nonResourceURLs \*: get/],
    [
      'logs-url',
      { rules: [{ nonResourceURLs: ['/logs', '/logs/*'], verbs: ['get'] }] },
      /nonResourceURLs \/logs/,
    ],
    [
      'nodes-log',
      { rules: [{ apiGroups: [''], resources: ['nodes/log'], verbs: ['get'] }] },
      /nodes\/log: get/,
    ],
    [
      'bind',
      { rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] }] },
      /clusterroles: bind/,
    ],
    [
      'escalate',
      { rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] }] },
      /roles: escalate/,
    ],
    ['admin', 'cluster-admin', /\*: \*/],
    [
      'ns-secrets',
      { namespace: 'apps', rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
      /core secrets: get in namespace apps/,
    ],
    [
      'star-proxy',
      { rules: [{ apiGroups: [''], resources: ['*/proxy'], verbs: ['get'] }] },
      /core \*\/proxy: get/,
    ],
    [
      'star-all',
      { rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get', 'list'] }] },
      /core \*: get, list/,
    ],
    ['exec', { rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }] }, /pods\/exec/],
    ['attach', { rules: [{ apiGroups: [''], resources: ['pods/attach'], verbs: ['get'] }] }, /pods\/attach/],
    [
      'portforward',
      { rules: [{ apiGroups: [''], resources: ['pods/portforward'], verbs: ['get'] }] },
      /pods\/portforward/,
    ],
    ['logs', { rules: [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }] }, /pods\/log/],
    [
      'sa-token',
      { rules: [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }] },
      /serviceaccounts\/token: create/,
    ],
    [
      'impersonate',
      { rules: [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }] },
      /users: impersonate/,
    ],
    [
      'writer',
      { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['patch'] }] },
      /configmaps: patch/,
    ],
  ];
  test.each(refused)('refuses an identity that adds %s', async (name, extra, rule) => {
    const r = await run(await identity(`reg-${name}`, extra));
    const text = r.lines.join('\n');
    expect(r.ok, text).toBe(false);
    expect(text).toContain('Refusing to register "real"');
    expect(text).toMatch(rule);
  });

  test('a grant to system:authenticated is audited too: every identity, kube-triage included, would read Secrets', async () => {
    await w.cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      metadata: { name: 'everyone-reads-secrets' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
    });
    await w.cp.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: 'everyone-reads-secrets' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'everyone-reads-secrets' },
      subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    try {
      const file = join(dir, 'kube-triage-2.token');
      writeFileSync(file, w.token);
      const text = (await run(file)).lines.join('\n');
      expect(text).toMatch(
        /via ClusterRoleBinding everyone-reads-secrets → ClusterRole everyone-reads-secrets/,
      );
    } finally {
      await w.cp.request(
        'DELETE',
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/everyone-reads-secrets',
      );
      await w.cp.request('DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterroles/everyone-reads-secrets');
    }
  });

  test('refuses an identity whose rules review comes back incomplete, and says what could not be verified', async () => {
    // The Node authorizer cannot list a node's rules: the review says incomplete: true.
    const file = join(dir, 'node.token');
    writeFileSync(file, NODE_TOKEN);
    for (const accept of [false, true]) {
      const r = await run(file, { acceptIncomplete: accept });
      const text = r.lines.join('\n');
      expect(r.ok, text).toBe(false);
      expect(text).toContain('could not be verified');
      expect(text).toMatch(/node authorizer does not support user rule resolution/);
    }
  });
});

describe('read-only, as the apiservers audited it', () => {
  test('every request of the kube-triage identity is a get/list/watch or a self-review create', () => {
    const mine = w.cp.auditEvents().filter((e) => e.user.username === SA_USER);
    expect(mine.length).toBeGreaterThan(20);
    const outside = mine.filter(
      (e) =>
        !['get', 'list', 'watch'].includes(e.verb) &&
        !(
          e.verb === 'create' &&
          ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews'].includes(
            e.objectRef?.resource ?? '',
          )
        ),
    );
    expect(outside.map((e) => `${e.verb} ${e.requestURI}`)).toEqual([]);
  });

  test('the token goes only to the registered server: probes of the other endpoints are anonymous', () => {
    const events = w.cp.auditEvents();
    const elsewhere = events.filter((e) => e.user.username === SA_USER && e.apiserver !== 'cp-1');
    expect(elsewhere.map((e) => `${e.apiserver} ${e.verb} ${e.requestURI}`)).toEqual([]);
    const probes = events.filter(
      (e) => e.apiserver === 'cp-2' && e.user.username === 'system:anonymous' && e.requestURI === '/livez',
    );
    expect(probes.length).toBeGreaterThan(0);
  });
});
