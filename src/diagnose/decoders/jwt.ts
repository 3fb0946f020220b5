/**
 * Decodes service-account JWTs found in a paste (without verifying them), explains their times
 * against the 60 s leeway, and compares nbf with any HTTP Date header in the same paste (seed 000:
 * a 401 whose Date is before the token's nbf means the answering apiserver is behind the minter).
 * Never echoes the signature or the token.
 * @module
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { Evidence, Finding } from '../../core/finding.js';
import { duration, utc } from '../../core/format.js';
import { liveCheck } from '../build.js';
import { JWT_RE, secretRef } from '../paste.js';
import type { Paste } from '../rule.js';
import { dateHeaders } from './times.js';
import type { Decoded } from './types.js';

/** go-jose jwt.DefaultLeeway. */
const LEEWAY_S = 60;
const MAX_TOKENS = 5;

interface K8sClaims {
  namespace?: string;
  pod?: { name?: string; uid?: string };
  serviceaccount?: { name?: string; uid?: string };
  node?: { name?: string };
  secret?: { name?: string };
  warnafter?: number;
}

function at(s: number | undefined, now: Date): string {
  if (s === undefined) return 'absent';
  const d = new Date(s * 1000);
  const rel = d.getTime() - now.getTime();
  return `${utc(d)} (${rel >= 0 ? `in ${duration(rel)}` : `${duration(rel)} ago`})`;
}

/** A decoded token and where it was pasted. */
interface PastedJwt {
  readonly line: number;
  readonly claims: JWTPayload;
  readonly header: { alg?: string; kid?: string };
  readonly k8s: K8sClaims;
  /** Reference shown instead of the token (never the token itself). */
  readonly ref: string;
  readonly src: string;
}

/** Decodes the JWTs in a paste. */
export function decodeJwts(
  paste: Paste,
  now: Date,
): { decoded: Decoded[]; findings: Finding[]; live: number; expired: number } {
  const decoded: Decoded[] = [];
  const findings: Finding[] = [];
  let live = 0;
  let expired = 0;
  const headers = dateHeaders(paste);
  const unauthorized = /\b401\b|Unauthorized/.test(paste.text);
  for (const t of pastedJwts(paste)) {
    const { claims } = t;
    const legacy = claims.iss === 'kubernetes/serviceaccount' || claims.exp === undefined;
    // A token past exp is no longer accepted (an apiserver with a clock far behind aside): not live.
    const isExpired = !legacy && claims.exp !== undefined && claims.exp * 1000 < now.getTime();
    if (isExpired) expired++;
    else live++;
    const facts = [
      ...tokenFacts(t, legacy, now),
      { fact: liveness(claims, legacy, isExpired), source: 'kube-triage' },
    ];
    decoded.push({
      kind: 'jwt',
      title: `Service-account token ${t.ref}${claims.sub ? ` for ${String(claims.sub)}` : ''}`,
      facts,
    });
    // Verdict against the nearest Date header from the same paste (the validator's clock), else now.
    const near = headers.filter((d) => Math.abs(d.line - t.line) < 200);
    const validator = near.sort((a, b) => Math.abs(a.line - t.line) - Math.abs(b.line - t.line))[0];
    const verdict = tokenVerdict(t, validator, unauthorized, now);
    if (verdict) findings.push(verdict);
  }
  return { decoded, findings, live, expired };
}

/** The distinct JWTs in a paste that decode (at most MAX_TOKENS), first seen first. */
function pastedJwts(paste: Paste): PastedJwt[] {
  const out: PastedJwt[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < paste.lines.length && out.length < MAX_TOKENS; i++) {
    const line = paste.lines[i] as string;
    if (!line.includes('eyJ')) continue;
    for (const m of line.matchAll(JWT_RE)) {
      const tok = m[0];
      if (seen.has(tok) || out.length >= MAX_TOKENS) continue;
      seen.add(tok);
      try {
        const claims = decodeJwt(tok);
        const header = decodeProtectedHeader(tok);
        const ref = secretRef(tok);
        const src = `JWT on pasted line ${i + 1} (${ref}), decoded without verification`;
        out.push({ line: i, claims, header, k8s: (claims['kubernetes.io'] ?? {}) as K8sClaims, ref, src });
      } catch {
        // Shaped like a JWT but not one: not a token.
      }
    }
  }
  return out;
}

/** What the token says: its kind, subject and audience, binding, times, and when it is not yet valid. */
function tokenFacts(t: PastedJwt, legacy: boolean, now: Date): Evidence[] {
  const { claims, header, k8s, src } = t;
  const kid = header.kid ? `, kid ${String(header.kid).slice(0, 12)}…` : '';
  const facts: Evidence[] = [
    {
      fact: `${legacy ? 'legacy secret-based token (never expires)' : 'bound service-account token'}; alg ${header.alg ?? '?'}${kid}`,
      source: src,
    },
    {
      fact: `subject ${String(claims.sub ?? '?')}; issuer ${String(claims.iss ?? '?')}; audience ${JSON.stringify(claims.aud ?? [])}`,
      source: src,
    },
  ];
  const bound = [
    k8s.pod?.name && `pod ${k8s.namespace}/${k8s.pod.name}`,
    k8s.secret?.name && `secret ${k8s.namespace}/${k8s.secret.name}`,
    k8s.node?.name && `node ${k8s.node.name}`,
  ].filter(Boolean);
  if (bound.length) facts.push({ fact: `bound to ${bound.join(', ')}`, source: src });
  facts.push({
    fact: `iat ${at(claims.iat, now)}; nbf ${at(claims.nbf, now)}; exp ${at(claims.exp, now)}`,
    source: src,
  });
  const { exp, iat } = claims;
  if (exp !== undefined && iat !== undefined && exp - iat > 300 * 86_400 && k8s.warnafter !== undefined) {
    facts.push({
      fact: `extended expiry: exp − iat = ${duration((exp - iat) * 1000)}; warnafter ${at(k8s.warnafter, now)} (iat + ${k8s.warnafter - iat} s): the kubelet refreshes it hourly, clients should re-read it`,
      source: src,
    });
  }
  if (claims.nbf !== undefined) {
    facts.push({
      fact: `an apiserver whose clock reads earlier than ${utc(new Date((claims.nbf - LEEWAY_S) * 1000))} rejects it as not yet valid (nbf − 60 s leeway)`,
      source: 'go-jose jwt.DefaultLeeway',
    });
  }
  return facts;
}

/** Whether the pasted credential still works, and how to revoke it. */
function liveness(claims: JWTPayload, legacy: boolean, isExpired: boolean): string {
  if (legacy)
    return 'This is a live credential that never expires: delete its Secret to revoke it (kubectl delete secret <name> -n <namespace>).';
  if (isExpired)
    return `This token expired at ${utc(new Date((claims.exp as number) * 1000))}: still redacted; revoke it (delete its pod or Secret) only if it may be reused.`;
  return `This is a live credential until ${claims.exp ? utc(new Date(claims.exp * 1000)) : 'it expires'}: delete the pod it is bound to (or its Secret) to revoke it early.`;
}

/**
 * The verdict: refused as not yet valid by the apiserver whose Date is pasted (it is behind the
 * minter), not yet valid anywhere (nbf in the future, no Date), or expired and refused.
 */
function tokenVerdict(
  t: PastedJwt,
  validator: { line: number; date: Date } | undefined,
  unauthorized: boolean,
  now: Date,
): Finding | undefined {
  const { claims, k8s, src } = t;
  const i = t.line;
  const nbf = claims.nbf ?? claims.iat;
  if (nbf !== undefined && validator && validator.date.getTime() / 1000 + LEEWAY_S < nbf) {
    const gap = nbf * 1000 - validator.date.getTime();
    return {
      code: 'token/not-yet-valid',
      severity: 'critical',
      subject: { kind: 'service-account', name: String(claims.sub ?? 'token') },
      title: `The apiserver that answered is at least ${duration(gap)} behind the one that minted this token: it rejects it as not yet valid`,
      evidence: [
        {
          fact: `response Date ${utc(validator.date)} is ${duration(gap)} before the token's nbf ${utc(new Date(nbf * 1000))} (leeway 60 s)`,
          source: `pasted text, lines ${validator.line + 1} and ${i + 1}`,
        },
        ...(unauthorized ? [{ fact: 'the response was 401 Unauthorized', source: 'pasted text' }] : []),
      ],
      fix: {
        why: "nbf = iat = the clock of the apiserver that served the kubelet's TokenRequest; an apiserver more than 60 s behind it rejects the token. The skew is between apiservers, not the pod's node.",
        steps: [
          { run: 'chronyc tracking && chronyc sources -v', where: 'control-plane' },
          {
            run: 'systemctl enable --now chronyd && chronyc makestep',
            where: 'control-plane',
            caution:
              'Run on the apiserver whose clock is ahead; a large backward step strands tokens it minted.',
          },
        ],
      },
      confirm: [liveCheck('skew'), liveCheck('token')],
    };
  }
  if (nbf !== undefined && !validator && nbf - LEEWAY_S > now.getTime() / 1000) {
    return {
      code: 'token/not-yet-valid',
      severity: 'critical',
      subject: { kind: 'service-account', name: String(claims.sub ?? 'token') },
      title: `This token's nbf is ${duration(nbf * 1000 - now.getTime())} in the future: every synced apiserver rejects it`,
      evidence: [{ fact: `nbf ${utc(new Date(nbf * 1000))}, now ${utc(now)}`, source: src }],
      fix: {
        why: 'It was minted by an apiserver whose clock was ahead (a clock jump); the kubelet will not refresh it.',
        steps: [
          {
            run: `kubectl delete pod -n ${k8s.namespace ?? '<namespace>'} ${k8s.pod?.name ?? '<pod>'}`,
            where: 'workstation',
            caution: 'Recreates the pod with a fresh token.',
          },
        ],
      },
      confirm: [liveCheck('skew'), liveCheck('token')],
    };
  }
  const validatorS = (validator ? validator.date.getTime() : now.getTime()) / 1000;
  if (claims.exp !== undefined && unauthorized && validatorS - LEEWAY_S > claims.exp) {
    return {
      code: 'token/expired',
      severity: 'critical',
      subject: { kind: 'service-account', name: String(claims.sub ?? 'token') },
      title: `This token expired ${utc(new Date(claims.exp * 1000))} and the request was refused`,
      evidence: [{ fact: `exp ${utc(new Date(claims.exp * 1000))}`, source: src }],
      fix: {
        why: 'The client kept using a token past exp.',
        steps: [{ run: 'kubectl rollout restart deployment/<name> -n <namespace>', where: 'workstation' }],
      },
      confirm: [liveCheck('token')],
    };
  }
  return undefined;
}
