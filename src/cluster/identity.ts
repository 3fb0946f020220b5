/**
 * Checks what a registered identity may do, from the apiserver's own answer (SelfSubjectRulesReview
 * and SelfSubjectAccessReviews), so `register` can refuse an identity that can write or read Secrets.
 * @module
 */
import { ApiClient, mapNetError, statusDetail } from './connect.js';
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

/** One rule as the review returns it. */
interface ReviewRule {
  readonly verbs?: string[];
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly resourceNames?: string[];
  readonly nonResourceURLs?: string[];
}

/** The verdict on an identity. */
export interface IdentityCheck {
  readonly version?: string;
  /** Rules that are too broad, one line each ("secrets: get, list"); empty when read-only. */
  readonly problems: readonly string[];
  readonly rules: number;
  /** Set when the cluster could not be asked. */
  readonly error?: string;
}

function describe(r: ReviewRule): string {
  const what = r.nonResourceURLs?.length
    ? `nonResourceURLs ${r.nonResourceURLs.join(',')}`
    : `${(r.apiGroups ?? ['']).map((g) => g || 'core').join(',')} ${(r.resources ?? []).join(',')}`;
  return `${what}${r.resourceNames?.length ? ` (${r.resourceNames.join(',')})` : ''}: ${(r.verbs ?? []).join(', ')}`;
}

/** Asks the cluster what this record's identity may do; lists every rule that goes beyond read-only. */
export async function checkIdentity(record: ClusterRecord, signal: AbortSignal): Promise<IdentityCheck> {
  const client = new ApiClient(record);
  try {
    const v = await client.get('/version', signal);
    if (v.status !== 200) return { problems: [], rules: 0, error: `GET /version: ${statusDetail(v.status)}` };
    const version = String((JSON.parse(v.body) as { gitVersion?: string }).gitVersion ?? '?');
    const problems = new Set<string>();
    let count = 0;
    for (const namespace of ['default', 'kube-system']) {
      const r = await client.selfReview('selfsubjectrulesreviews', { namespace }, signal);
      if (r.status !== 201 && r.status !== 200)
        return {
          version,
          problems: [],
          rules: 0,
          error: `SelfSubjectRulesReview: ${statusDetail(r.status)}`,
        };
      const st =
        (JSON.parse(r.body) as { status?: { resourceRules?: ReviewRule[]; nonResourceRules?: ReviewRule[] } })
          .status ?? {};
      for (const rule of st.resourceRules ?? []) {
        count++;
        const self = (rule.resources ?? []).every(
          (x) => x === 'selfsubjectaccessreviews' || x === 'selfsubjectrulesreviews',
        );
        const writes = (rule.verbs ?? []).some((verb) => WRITE_VERBS.has(verb));
        const secrets =
          (rule.resources ?? []).some((x) => x === 'secrets' || x === '*') &&
          (rule.verbs ?? []).some((verb) => ['get', 'list', 'watch', '*'].includes(verb));
        const subresources = (rule.resources ?? []).some(
          (x) => ['nodes/proxy', 'pods/exec', 'pods/attach', 'pods/portforward'].includes(x) || x === '*',
        );
        if ((writes && !self) || secrets || subresources) problems.add(describe(rule));
      }
      for (const rule of st.nonResourceRules ?? []) {
        count++;
        if ((rule.verbs ?? []).some((verb) => WRITE_VERBS.has(verb))) problems.add(describe(rule));
      }
    }
    // Ask directly as well: a rules review can be incomplete (webhook authorizers).
    for (const [verb, resource] of [
      ['list', 'secrets'],
      ['create', 'pods'],
      ['delete', 'nodes'],
    ] as const) {
      const r = await client.selfReview(
        'selfsubjectaccessreviews',
        { resourceAttributes: { verb, resource, group: '' } },
        signal,
      );
      if ((JSON.parse(r.body) as { status?: { allowed?: boolean } }).status?.allowed === true)
        problems.add(`can ${verb} ${resource}`);
    }
    return { version, problems: [...problems], rules: count };
  } catch (e) {
    return { problems: [], rules: 0, error: mapNetError(e).message };
  }
}
