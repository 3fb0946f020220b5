/**
 * The binding audit of `register`: with the operator's own (admin) credentials, every RoleBinding
 * and ClusterRoleBinding that names kube-triage's service account, one of its groups
 * (system:serviceaccounts, system:serviceaccounts:<namespace>) or system:authenticated, and every
 * rule of the role each one grants. A rules review only sees the namespaces the identity is asked
 * about; a Role that reads Secrets in a namespace with no pods would pass it. Read-only: lists only.
 * @module
 */
import { ApiClient, mapNetError, statusDetail } from './connect.js';
import { describeRule, nonResourceProblem, type ReviewRule, ruleProblem } from './identity.js';
import { parseApiJson } from './json.js';
import type { ClusterRecord } from './registry.js';

/** The service account kube-triage runs as. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** What the audit found. */
export interface BindingAudit {
  /** Grants beyond read-only, one line each, naming the binding and the role. */
  readonly problems: readonly string[];
  /** What could not be audited (a list refused, a role missing), one line each. */
  readonly incomplete: readonly string[];
  /** Bindings that name the identity, its groups or system:authenticated. */
  readonly bindings: number;
}

interface Subject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}
interface Binding {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly roleRef?: { readonly kind?: string; readonly name?: string };
  readonly subjects?: readonly Subject[];
}
interface Role {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly rules?: readonly ReviewRule[];
}

/** The service account a token belongs to, from its `sub` claim (not verified: the apiserver did). */
export function serviceAccountOf(token: string): ServiceAccountRef | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const sub = String(
      (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { sub?: unknown }).sub,
    );
    const m = /^system:serviceaccount:([a-z0-9.-]{1,253}):([a-z0-9.-]{1,253})$/.exec(sub);
    return m ? { namespace: m[1] as string, name: m[2] as string } : undefined;
  } catch {
    return undefined;
  }
}

function names(sa: ServiceAccountRef, s: Subject, bindingNs: string | undefined): boolean {
  if (s.kind === 'ServiceAccount') return s.name === sa.name && (s.namespace ?? bindingNs) === sa.namespace;
  if (s.kind === 'User') return s.name === `system:serviceaccount:${sa.namespace}:${sa.name}`;
  if (s.kind === 'Group')
    return (
      s.name === 'system:serviceaccounts' ||
      s.name === `system:serviceaccounts:${sa.namespace}` ||
      s.name === 'system:authenticated'
    );
  return false;
}

async function listAllItems<T>(client: ApiClient, path: string, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let cont = '';
  for (let page = 0; page < 200; page++) {
    const r = await client.get(
      `${path}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      signal,
    );
    if (r.status !== 200) throw new Error(`list ${path}: ${statusDetail(r.status)}`);
    const body = parseApiJson(r.body) as { items?: T[]; metadata?: { continue?: string } };
    out.push(...(body.items ?? []));
    cont = body.metadata?.continue ?? '';
    if (!cont) break;
  }
  return out;
}

/** Audits every binding of `sa` with the operator's credentials in `admin`. Never writes. */
export async function auditBindings(
  admin: ClusterRecord,
  sa: ServiceAccountRef,
  signal: AbortSignal,
): Promise<BindingAudit> {
  const client = new ApiClient(admin);
  const RBAC = '/apis/rbac.authorization.k8s.io/v1';
  try {
    const [crbs, rbs, crs, rs] = await Promise.all([
      listAllItems<Binding>(client, `${RBAC}/clusterrolebindings`, signal),
      listAllItems<Binding>(client, `${RBAC}/rolebindings`, signal),
      listAllItems<Role>(client, `${RBAC}/clusterroles`, signal),
      listAllItems<Role>(client, `${RBAC}/roles`, signal),
    ]);
    const clusterRoles = new Map(crs.map((r) => [r.metadata?.name ?? '', r]));
    const roles = new Map(rs.map((r) => [`${r.metadata?.namespace}/${r.metadata?.name}`, r]));
    const problems = new Set<string>();
    const incomplete = new Set<string>();
    let bindings = 0;
    for (const [kind, list] of [
      ['ClusterRoleBinding', crbs],
      ['RoleBinding', rbs],
    ] as const) {
      for (const b of list) {
        const ns = b.metadata?.namespace;
        if (!(b.subjects ?? []).some((s) => names(sa, s, ns))) continue;
        bindings++;
        const ref = b.roleRef ?? {};
        const role = ref.kind === 'Role' ? roles.get(`${ns}/${ref.name}`) : clusterRoles.get(ref.name ?? '');
        const where = `${kind} ${ns ? `${ns}/` : ''}${b.metadata?.name} → ${ref.kind} ${ref.name}`;
        if (!role) {
          incomplete.add(`${where}: the role does not exist (yet); whatever it will grant is unknown`);
          continue;
        }
        for (const rule of role.rules ?? []) {
          const why = rule.nonResourceURLs?.length ? nonResourceProblem(rule) : ruleProblem(rule);
          if (why) problems.add(`${describeRule(rule, ns)} (${why}; via ${where})`);
        }
      }
    }
    return { problems: [...problems], incomplete: [...incomplete], bindings };
  } catch (e) {
    const detail = e instanceof Error && e.message.startsWith('list ') ? e.message : mapNetError(e).message;
    return {
      problems: [],
      incomplete: [
        `bindings could not be audited with the --context credentials (${detail}); they need list on rolebindings, clusterrolebindings, roles and clusterroles`,
      ],
      bindings: 0,
    };
  } finally {
    client.close();
  }
}
