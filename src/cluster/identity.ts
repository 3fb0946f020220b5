/**
 * Checks what a registered identity may do, from the apiserver's own answer (SelfSubjectRulesReview
 * and SelfSubjectAccessReviews), so `register` can refuse an identity that can write or read Secrets.
 * @module
 */

import { ApiClient, mapNetError, statusDetail } from './connect.js';
import { parseApiJson } from './json.js';
import type { ClusterRecord } from './registry.js';

/** Verbs that change something (or grant more). */
const WRITE_VERBS = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'escalate',
  'bind',
  'impersonate',
  'approve',
  'sign',
  '*',
]);

/** One rule as the review (or a Role) holds it. */
export interface ReviewRule {
  readonly verbs?: string[];
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly resourceNames?: string[];
  readonly nonResourceURLs?: string[];
}

/**
 * What every authenticated identity may create by default (system:basic-user): reviews of its own
 * permissions and, from 1.28, of its own identity. They ask; they change nothing.
 */
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);
const SELF_REVIEW_GROUPS = new Set(['authorization.k8s.io', 'authentication.k8s.io']);

/**
 * Subresources that reach past the API into nodes and containers, or read what may hold secrets:
 * refused with any verb. `*` resources and `*\/x` patterns cover them as well.
 */
const DANGEROUS_SUBRESOURCES = [
  'nodes/proxy',
  'services/proxy',
  'pods/proxy',
  'pods/exec',
  'pods/attach',
  'pods/portforward',
  'pods/log',
  'nodes/log',
  'serviceaccounts/token',
];

/**
 * Non-resource URLs that read more than health and metrics: `*` (everything), the apiserver's host
 * logs (/logs, /logs/*) and its debug handlers.
 */
const DANGEROUS_URLS = [/^\*$/, /^\/logs(?:\/|$)/, /^\/debug(?:\/|$)/];

/** Why a non-resource rule goes beyond read-only, or undefined when it does not. */
export function nonResourceProblem(rule: ReviewRule): string | undefined {
  if ((rule.verbs ?? []).some((v) => WRITE_VERBS.has(v))) return 'writes';
  const urls = rule.nonResourceURLs ?? [];
  if (urls.some((u) => DANGEROUS_URLS.some((re) => re.test(u)))) return 'reads host logs or every URL';
  return undefined;
}

/** Namespaces every cluster has, asked about even when nothing else is visible. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The verdict on an identity. */
export interface IdentityCheck {
  readonly version?: string;
  /** Rules that are too broad, one line each ("secrets: get, list"); empty when read-only. */
  readonly problems: readonly string[];
  /** Parts the apiserver could not fully answer (rules review `incomplete: true`), one line each. */
  readonly incomplete: readonly string[];
  readonly rules: number;
  /** Namespaces whose rules were reviewed. */
  readonly namespaces: number;
  /** Set when the cluster could not be asked. */
  readonly error?: string;
}

/** One rule in a line ("core secrets: get in namespace apps"). */
export function describeRule(r: ReviewRule, namespace?: string): string {
  const what = r.nonResourceURLs?.length
    ? `nonResourceURLs ${r.nonResourceURLs.join(',')}`
    : `${(r.apiGroups ?? ['']).map((g) => g || 'core').join(',')} ${(r.resources ?? []).join(',')}`;
  return `${what}${r.resourceNames?.length ? ` (${r.resourceNames.join(',')})` : ''}: ${(r.verbs ?? []).join(', ')}${namespace ? ` in namespace ${namespace}` : ''}`;
}

/** Whether a resource pattern from a rule covers `sub` ("nodes/proxy"): exact, "*", "*\/proxy", "nodes/*". */
function covers(pattern: string, sub: string): boolean {
  if (pattern === '*' || pattern === sub) return true;
  const [pr, ps] = pattern.split('/');
  const [r, sr] = sub.split('/');
  return ps !== undefined && (pr === '*' || pr === r) && (ps === '*' || ps === sr);
}

/** Why a resource rule goes beyond read-only, or undefined when it does not. */
export function ruleProblem(rule: ReviewRule): string | undefined {
  const verbs = rule.verbs ?? [];
  const resources = rule.resources ?? [];
  const groups = rule.apiGroups ?? [''];
  const selfReview =
    resources.length > 0 &&
    resources.every((x) => SELF_REVIEWS.has(x)) &&
    groups.every((g) => SELF_REVIEW_GROUPS.has(g)) &&
    verbs.every((v) => v === 'create');
  if (selfReview) return undefined;
  if (verbs.some((v) => WRITE_VERBS.has(v))) return 'writes';
  const coreOrAny = groups.some((g) => g === '' || g === '*');
  if (coreOrAny && resources.some((x) => x === 'secrets' || x === '*')) return 'reads Secrets';
  if (resources.some((x) => DANGEROUS_SUBRESOURCES.some((d) => covers(x, d))))
    return 'reaches nodes or containers';
  return undefined;
}

async function namespacesOf(client: ApiClient, signal: AbortSignal): Promise<string[]> {
  const names = new Set(SYSTEM_NAMESPACES);
  const add = (body: string): void => {
    try {
      for (const it of (
        parseApiJson(body) as { items?: { metadata?: { name?: string; namespace?: string } }[] }
      ).items ?? [])
        names.add(String(it.metadata?.namespace || it.metadata?.name || 'default'));
    } catch {
      // nothing to add
    }
  };
  // Every namespace when the identity may list them; else the ones its pods and events show.
  const ns = await client.get('/api/v1/namespaces?limit=500', signal);
  if (ns.status === 200) add(ns.body);
  else
    for (const path of ['/api/v1/pods?limit=500', '/api/v1/events?limit=500']) {
      const r = await client.get(path, signal);
      if (r.status === 200) add(r.body);
    }
  return [...names].filter((n) => /^[a-z0-9-]{1,63}$/.test(n)).sort();
}

/** Asks the cluster what this record's identity may do; lists every rule that goes beyond read-only. */
export async function checkIdentity(record: ClusterRecord, signal: AbortSignal): Promise<IdentityCheck> {
  const client = new ApiClient(record);
  const none = { problems: [], incomplete: [], rules: 0, namespaces: 0 };
  try {
    const v = await client.get('/version', signal);
    if (v.status !== 200) return { ...none, error: `GET /version: ${statusDetail(v.status)}` };
    const version = String((parseApiJson(v.body) as { gitVersion?: string }).gitVersion ?? '?');
    const problems = new Set<string>();
    const incomplete = new Set<string>();
    const seen = new Set<string>();
    const namespaces = await namespacesOf(client, signal);
    for (const namespace of namespaces) {
      const r = await client.selfReview('selfsubjectrulesreviews', { namespace }, signal);
      if (r.status !== 201 && r.status !== 200)
        return {
          ...none,
          version,
          error: `SelfSubjectRulesReview in ${namespace}: ${statusDetail(r.status)}`,
        };
      const st =
        (
          parseApiJson(r.body) as {
            status?: {
              resourceRules?: ReviewRule[];
              nonResourceRules?: ReviewRule[];
              incomplete?: boolean;
              evaluationError?: string;
            };
          }
        ).status ?? {};
      if (st.incomplete)
        incomplete.add(
          `rules in namespace ${namespace}: ${(st.evaluationError ?? 'an authorizer cannot list its rules').slice(0, 200)}`,
        );
      for (const rule of st.resourceRules ?? []) {
        const key = JSON.stringify(rule);
        const fresh = !seen.has(key);
        seen.add(key);
        if (ruleProblem(rule))
          problems.add(describeRule(rule, fresh && namespace !== 'default' ? namespace : undefined));
      }
      for (const rule of st.nonResourceRules ?? []) {
        seen.add(JSON.stringify(rule));
        if (nonResourceProblem(rule)) problems.add(describeRule(rule));
      }
    }
    // Ask directly as well: a rules review can be incomplete (webhook and node authorizers).
    for (const [verb, resource, subresource] of [
      ['list', 'secrets', ''],
      ['create', 'pods', ''],
      ['delete', 'nodes', ''],
      ['get', 'nodes', 'proxy'],
      ['create', 'pods', 'exec'],
      ['get', 'nodes', 'log'],
    ] as const) {
      const r = await client.selfReview(
        'selfsubjectaccessreviews',
        { resourceAttributes: { verb, resource, group: '', ...(subresource ? { subresource } : {}) } },
        signal,
      );
      if ((parseApiJson(r.body) as { status?: { allowed?: boolean } }).status?.allowed === true)
        problems.add(`can ${verb} ${resource}${subresource ? `/${subresource}` : ''}`);
    }
    return {
      version,
      problems: [...problems],
      incomplete: [...incomplete],
      rules: seen.size,
      namespaces: namespaces.length,
    };
  } catch (e) {
    return { ...none, error: mapNetError(e).message };
  } finally {
    client.close();
  }
}
