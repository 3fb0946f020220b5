// infra/k8s and the collector are one contract: every read the collector makes is granted by the
// ClusterRole, every rule is used, and nothing in it writes or reads Secrets.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { collectSnapshot } from '../../src/cluster/collect.js';
import type { SnapshotPart } from '../../src/cluster/snapshot.js';
import { sandboxTest } from '../support/fixtures.js';
import { recordFor } from '../support/sandbox.js';

const demoTest = sandboxTest('demo');

const DIR = join(import.meta.dirname, '..', '..', 'infra', 'k8s');
type Rule = {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
};
const docs = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map(
      (d) => d.toJS() as { kind: string; rules?: Rule[] },
    ),
  );
const rules = docs.filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role').flatMap((d) => d.rules ?? []);

const ALL_PARTS: SnapshotPart[] = [
  'version',
  'nodes',
  'pods',
  'events',
  'leases',
  'apiserverEndpoints',
  'clocks',
  'servingCerts',
  'kubeletCerts',
  'csrs',
  'webhooks',
  'metrics',
  'credential',
  'kubeSystem',
  'calico',
];

function grants(rule: Rule, method: string, path: string): boolean {
  if (rule.nonResourceURLs)
    return method === 'GET' && rule.nonResourceURLs.includes(path.split('?')[0] as string);
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/?]+)(?:\/([^/?]+))?/.exec(path);
  if (!m) return false;
  const [, group = '', resource, name] = m;
  const verb = name ? 'get' : 'list';
  return (
    (rule.apiGroups ?? []).includes(group) &&
    (rule.resources ?? []).includes(resource as string) &&
    rule.verbs.includes(verb) &&
    (!rule.resourceNames || (!!name && rule.resourceNames.includes(name)))
  );
}

describe('infra/k8s read-only identity', () => {
  test('has a ServiceAccount, a ClusterRole, a binding and a token Secret', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Kustomization',
      'Namespace',
      'Secret',
      'ServiceAccount',
    ]);
  });

  test('grants only get/list/watch, no Secrets, no proxy/exec/log, and the CA ConfigMap by name only', () => {
    for (const r of rules)
      expect(
        r.verbs.every((v) => ['get', 'list', 'watch'].includes(v)),
        JSON.stringify(r),
      ).toBe(true);
    const resources = rules.flatMap((r) => r.resources ?? []);
    for (const forbidden of ['secrets', '*', 'nodes/proxy', 'pods/exec', 'pods/log', 'pods/attach'])
      expect(resources).not.toContain(forbidden);
    const cm = rules.find((r) => r.resources?.includes('configmaps'));
    expect(cm?.resourceNames).toEqual(['kube-root-ca.crt']);
  });

  describe('against the sandbox, which enforces exactly this ClusterRole', () => {
    demoTest('every read the collector makes is granted, and every rule is used', async ({ sb }) => {
      const before = sb.requests.length;
      const snap = await collectSnapshot(recordFor(sb), ALL_PARTS, AbortSignal.timeout(30_000));
      expect(snap.unreadable).toEqual([]);
      const reqs = sb.requests.slice(before).filter((r) => !r.listener.startsWith('kubelet/'));
      expect(reqs.length).toBeGreaterThan(10);
      // Calico's CRDs are not installed here: the collector asks once and gets 404, which is an answer.
      expect(
        reqs.filter(
          (r) => r.status >= 400 && !(r.status === 404 && r.path.startsWith('/apis/crd.projectcalico.org/')),
        ),
      ).toEqual([]);
      const methods = new Set(reqs.map((r) => r.method));
      expect([...methods]).toEqual(['GET']);
      const ungranted = reqs
        .filter((r) => !rules.some((rule) => grants(rule, r.method, r.path)) && !/^\/livez/.test(r.path))
        .map((r) => r.path);
      expect(ungranted).toEqual([]);
      const unused = rules
        .filter(
          (rule) =>
            !reqs.some(
              (r) =>
                grants(rule, r.method, r.path) ||
                (rule.resources ?? []).some((res) => r.path.includes(`/${res}`)),
            ),
        )
        .map((r) => JSON.stringify(r));
      // /readyz is granted for operators' own probes (documented in the manifest); everything else is used.
      expect(unused.filter((u) => !u.includes('/readyz'))).toEqual([]);
    });
  });
});
