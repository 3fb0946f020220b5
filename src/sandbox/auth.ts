/**
 * The sandbox's identities and RBAC: service-account tokens signed with its key, authentication as
 * a real apiserver does it, and authorization against the rules of infra/k8s/clusterrole.yaml plus
 * what every authenticated identity may do.
 * @module
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compactVerify, importSPKI, SignJWT } from 'jose';
import { parse } from 'yaml';
import type { RsaKey } from './pki.js';
import type { RbacRule, Scenario } from './scenario.js';
import type { Obj } from './world.js';

const S = 1000;

/** Name of the service account kube-triage uses in the sandbox. */
export const BOT_SA = { namespace: 'kube-triage', name: 'kube-triage' } as const;

/**
 * What every authenticated identity may do in a real cluster regardless of bindings:
 * system:discovery, system:public-info-viewer and system:basic-user (self reviews).
 */
const DEFAULT_RULES: readonly RbacRule[] = [
  {
    nonResourceURLs: [
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/version',
      '/healthz',
      '/livez',
      '/readyz',
      '/openapi',
      '/openapi/*',
    ],
    verbs: ['get'],
  },
  // system:basic-user: every authenticated identity may review its own permissions and, from 1.28,
  // its own identity (observed on kube-apiserver v1.28.7; docs/clocks.md).
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    verbs: ['create'],
  },
  {
    apiGroups: ['authentication.k8s.io'],
    resources: ['selfsubjectreviews'],
    verbs: ['create'],
  },
];

/** The rules of infra/k8s/clusterrole.yaml: the sandbox grants kube-triage exactly what the manifest grants. */
export function readOnlyRules(): RbacRule[] {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [
    join(here, '..', '..', 'infra', 'k8s', 'clusterrole.yaml'),
    join(here, '..', '..', '..', 'infra', 'k8s', 'clusterrole.yaml'),
  ]) {
    if (!existsSync(p)) continue;
    const doc = parse(readFileSync(p, 'utf8')) as { rules?: RbacRule[] };
    return doc.rules ?? [];
  }
  throw new Error('sandbox: infra/k8s/clusterrole.yaml not found');
}

const ADMIN_RULES: readonly RbacRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

export interface Identity {
  readonly user: string;
  readonly rules: readonly RbacRule[];
  readonly readOnly: boolean;
}

/**
 * Service-account tokens signed with the sandbox's key, and authentication as a real apiserver does
 * it (go-jose with a 60 s leeway, against the answering apiserver's clock): the read-only bot, an
 * admin, and any other service account (authenticated, no rules).
 */
export async function makeAuth(scenario: Scenario, startMs: number, saKey: RsaKey) {
  const saPrivate = saKey.privatePem;
  const signKey = createPrivateKey(saPrivate);
  const verifyKey = await importSPKI(saKey.publicPem, 'RS256');
  const issuer = 'https://kubernetes.default.svc.cluster.local';
  const mint = async (ns: string, name: string, iatMs: number, expMs: number): Promise<string> =>
    new SignJWT({
      'kubernetes.io': { namespace: ns, serviceaccount: { name, uid: `uid-${ns}-${name}` } },
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'sandbox-sa-key' })
      .setIssuer(issuer)
      .setSubject(`system:serviceaccount:${ns}:${name}`)
      .setAudience([issuer])
      .setIssuedAt(Math.floor(iatMs / S))
      .setNotBefore(Math.floor(iatMs / S))
      .setExpirationTime(Math.floor(expMs / S))
      .sign(signKey);
  const token = await mint(
    BOT_SA.namespace,
    BOT_SA.name,
    startMs - 86_400_000,
    startMs + scenario.botTokenExpiresInDays * 86_400_000,
  );
  const adminToken = await mint('kube-system', 'admin', startMs - 86_400_000, startMs + 365 * 86_400_000);
  const identities = new Map<string, Identity>([
    [
      `system:serviceaccount:${BOT_SA.namespace}:${BOT_SA.name}`,
      {
        user: `system:serviceaccount:${BOT_SA.namespace}:${BOT_SA.name}`,
        rules: [...readOnlyRules(), ...DEFAULT_RULES],
        readOnly: true,
      },
    ],
    [
      'system:serviceaccount:kube-system:admin',
      { user: 'system:serviceaccount:kube-system:admin', rules: ADMIN_RULES, readOnly: false },
    ],
  ]);
  const verified = new Map<string, { sub: string; nbf: number; exp: number } | null>();
  const authenticate = async (header: string | undefined, clockMs: number): Promise<Identity | undefined> => {
    const m = /^Bearer ([A-Za-z0-9._-]{1,8192})$/.exec(header ?? '');
    if (!m) return undefined;
    const jwt = m[1] as string;
    let claims = verified.get(jwt);
    if (claims === undefined) {
      try {
        const { payload } = await compactVerify(jwt, verifyKey);
        const c = JSON.parse(new TextDecoder().decode(payload)) as { sub: string; nbf: number; exp: number };
        claims = { sub: c.sub, nbf: c.nbf, exp: c.exp };
      } catch {
        claims = null;
      }
      if (verified.size > 1000) verified.clear();
      verified.set(jwt, claims);
    }
    if (!claims) return undefined;
    // go-jose validation with jwt.DefaultLeeway = 60 s, against this apiserver's clock.
    const now = clockMs / S;
    if (now + 60 < claims.nbf || now - 60 > claims.exp) return undefined;
    // Any other service account authenticates but has no rules (403 for everything).
    return identities.get(claims.sub) ?? { user: claims.sub, rules: DEFAULT_RULES, readOnly: true };
  };
  return { token, adminToken, authenticate, mint, issuer };
}

function ruleMatches(rule: RbacRule, verb: string, group: string, resource: string, name?: string): boolean {
  if (!rule.resources) return false;
  const has = (list: readonly string[] | undefined, v: string): boolean =>
    !!list && (list.includes('*') || list.includes(v));
  if (!has(rule.verbs, verb) || !has(rule.apiGroups, group) || !has(rule.resources, resource)) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0)
    return name !== undefined ? rule.resourceNames.includes(name) : false;
  return true;
}

export function allowed_(
  who: Identity,
  sc: Scenario,
  verb: string,
  group: string,
  resource: string,
  name?: string,
): boolean {
  if (who.readOnly && sc.forbid.includes(resource)) return false;
  const ok = who.rules.some((r) => ruleMatches(r, verb, group, resource, name));
  if (ok) return true;
  if (resource === 'configmaps' && verb === 'list')
    return who.rules.some((r) => ruleMatches(r, 'list', group, resource, 'kube-root-ca.crt'));
  return false;
}

export function allowedNonResource(rules: readonly RbacRule[], path: string, verb = 'get'): boolean {
  return rules.some(
    (r) =>
      r.nonResourceURLs?.some(
        (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
      ) &&
      (r.verbs.includes('*') || r.verbs.includes(verb)),
  );
}

export function rulesReview(who: Identity, spec: Obj): Obj {
  const resourceRules = who.rules
    .filter((r) => r.resources)
    .map((r) => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
    }));
  resourceRules.push(
    {
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  );
  const nonResourceRules = who.rules
    .filter((r) => r.nonResourceURLs)
    .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    spec,
    status: { resourceRules, nonResourceRules, incomplete: false },
  };
}
