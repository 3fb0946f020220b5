/**
 * The token check: service-account tokens rejected as not yet valid (apiserver skew, seed 000;
 * tokens minted during a forward jump, seed 001), stale and legacy token use (apiserver metrics),
 * and kube-triage's own credential expiry. Mechanisms: docs/findings.md (token/*).
 * @module
 */
import type { ClusterSnapshot, PodFacts } from '../cluster/snapshot.js';
import type { Command, Finding } from '../core/finding.js';
import { kubeletRestartOn } from '../core/fixes.js';
import { duration, shq, signedSeconds, utc } from '../core/format.js';
import { distribution } from './certs.js';
import { type ApiserverClock, clockMeasurements, clockModel, type FutureStamp } from './clocks.js';
import type { Check, CheckRun } from './types.js';

/** go-jose jwt.DefaultLeeway: a token is accepted until now + 60 s < nbf (go-jose jwt/validation.go). */
export const TOKEN_LEEWAY_MS = 60_000;
/** The shortest TokenRequest expirationSeconds the apiserver accepts: 10 min. */
export const SHORTEST_TOKEN_TTL_MS = 600_000;
/** Warn this long before kube-triage's own token expires. */
export const BOT_CREDENTIAL_WARN_MS = 7 * 86_400_000;

function restartCommands(pods: readonly PodFacts[]): Command[] {
  const cmds: Command[] = [];
  const owners = new Map<string, PodFacts>();
  for (const p of pods) {
    const o = p.owner?.startsWith('ReplicaSet/')
      ? `deployment/${p.owner.slice(11).replace(/-[a-z0-9]{5,10}$/, '')}`
      : p.owner?.startsWith('DaemonSet/')
        ? `daemonset/${p.owner.slice(10)}`
        : undefined;
    if (o) owners.set(`${p.namespace} ${o}`, p);
    else
      cmds.push({
        run: `kubectl delete pod -n ${shq(p.namespace)} ${shq(p.name)}`,
        where: 'workstation',
        caution: 'Deletes the pod; its controller (if any) creates a new one with a fresh token.',
      });
  }
  for (const k of owners.keys()) {
    const [ns, o] = k.split(' ') as [string, string];
    cmds.push({
      run: `kubectl rollout restart ${o} -n ${shq(ns)}`,
      where: 'workstation',
      caution: 'Recreates the pods one by one.',
    });
  }
  return cmds;
}

/** The token check. */
/** Steady skew between apiservers: tokens one mints are rejected by the others (seed 000). */
function apiserverSkew(api: readonly ApiserverClock[]): Finding[] {
  const findings: Finding[] = [];
  if (api.length > 1) {
    const slowest = api.reduce((m, a) => (a.offsetMs < m.offsetMs ? a : m));
    for (const fast of api) {
      const gap = fast.offsetMs - slowest.offsetMs;
      if (gap - fast.uncertaintyMs - slowest.uncertaintyMs <= TOKEN_LEEWAY_MS) continue;
      const rejected = api.filter(
        (b) => fast.offsetMs - b.offsetMs - fast.uncertaintyMs - b.uncertaintyMs > TOKEN_LEEWAY_MS,
      );
      findings.push({
        code: 'token/not-yet-valid',
        severity: 'critical',
        subject: { kind: 'endpoint', name: fast.name },
        title: `Tokens minted by ${fast.name} are rejected by ${rejected.map((r) => r.name).join(', ')} for about ${duration(gap - TOKEN_LEEWAY_MS)} after minting`,
        evidence: [
          ...api.map((a) => ({
            fact: `${a.name}: ${signedSeconds(a.offsetMs)} vs kube-triage's clock (${a.method})`,
            source: a.source,
          })),
          {
            fact: `A token minted by ${fast.name} has nbf = its clock; ${rejected.map((r) => r.name).join(', ')} accept${rejected.length === 1 ? 's' : ''} it only once ${rejected.length === 1 ? 'its' : 'their'} own clock reaches nbf − 60 s, about ${duration(gap - TOKEN_LEEWAY_MS)} later. Requests that land on ${rejected.map((r) => r.name).join(', ')} in that window get 401 Unauthorized ("service account token is not valid yet"; 1.21 and older: "Token could not be validated."), others succeed: the 401s look intermittent.`,
            source: 'go-jose jwt.DefaultLeeway = 60 s; kubernetes pkg/serviceaccount/claims.go',
            values: [
              { name: 'gap', value: gap / 1000, unit: 's' },
              { name: 'rejectedFor', value: (gap - TOKEN_LEEWAY_MS) / 1000, unit: 's' },
            ],
          },
        ],
        fix: {
          why: 'The kubelet gets pod tokens from whichever apiserver its request reaches; that apiserver stamps nbf = iat = its clock. Once the clocks agree the existing tokens become valid: no restart is needed.',
          steps: [
            { run: 'chronyc tracking && chronyc sources -v', where: 'control-plane', host: fast.name },
            {
              run: 'systemctl enable --now chronyd && chronyc makestep',
              where: 'control-plane',
              host: fast.name,
              caution: `Steps ${fast.name}'s clock back by ${duration(gap)}: tokens it minted in the last ${duration(gap)} stay not-yet-valid until real time catches up.`,
            },
          ],
        },
      });
    }
  }
  return findings;
}

/** An apiserver far ahead treats short-lived tokens minted by the others as expired. */
function farAhead(api: readonly ApiserverClock[]): Finding[] {
  const findings: Finding[] = [];
  if (api.length > 1) {
    const slowest = api.reduce((m, a) => (a.offsetMs < m.offsetMs ? a : m));
    for (const fast of api) {
      const gap = fast.offsetMs - slowest.offsetMs - fast.uncertaintyMs - slowest.uncertaintyMs;
      if (gap <= SHORTEST_TOKEN_TTL_MS + TOKEN_LEEWAY_MS) continue;
      findings.push({
        code: 'token/expired',
        severity: 'warning',
        subject: { kind: 'endpoint', name: fast.name },
        title: `${fast.name} is ${duration(gap)} ahead: it rejects short-lived tokens minted by ${slowest.name} as expired`,
        evidence: [
          {
            fact: `${fast.name} ${signedSeconds(fast.offsetMs)}, ${slowest.name} ${signedSeconds(slowest.offsetMs)} vs kube-triage's clock`,
            source: fast.source,
          },
        ],
        fix: {
          why: `A token with expirationSeconds below ${duration(gap)} (the minimum is 10 min) is already past exp on ${fast.name}'s clock when it arrives.`,
          steps: [
            {
              run: 'chronyc tracking && chronyc makestep',
              where: 'control-plane',
              host: fast.name,
              caution:
                'Steps the clock back: tokens it minted stay not-yet-valid elsewhere until real time catches up.',
            },
          ],
        },
      });
    }
  }
  return findings;
}

/** Tokens minted while an apiserver clock was ahead, still cached by the kubelet (seed 001). */
function jumpTokens(s: ClusterSnapshot, allStamps: readonly FutureStamp[]): Finding[] {
  const findings: Finding[] = [];
  const stamps = allStamps.filter((x) => x.clock === 'apiserver' && x.pod);
  if (stamps.length > 0) {
    const pods = stamps.map((x) => x.pod as PodFacts);
    const nodes = [...new Set(pods.map((p) => p.node).filter((n): n is string => !!n))];
    const worst = Math.max(...stamps.map((x) => x.aheadMs));
    findings.push({
      code: 'token/not-yet-valid',
      severity: 'critical',
      subject: { kind: 'cluster', name: s.cluster },
      title: `${pods.length} pod${pods.length === 1 ? '' : 's'} started during a forward clock jump hold tokens that stay not valid for up to ${duration(worst - TOKEN_LEEWAY_MS)}`,
      evidence: [
        ...stamps.slice(0, 20).map((x) => {
          const p = x.pod as PodFacts;
          return {
            fact: `${p.namespace}/${p.name} on ${p.node ?? '?'}: created ${utc(p.createdAt)}, ${duration(x.aheadMs)} ahead of the apiserver clocks now`,
            source: x.source,
          };
        }),
        ...(stamps.length > 20 ? [{ fact: `${stamps.length - 20} more pods`, source: 'pods' }] : []),
        {
          fact: 'The kubelet refreshes a token only when now > iat + 24 h or now > exp − 20 % of its TTL; with iat in the future neither fires, so these pods keep a token every apiserver rejects.',
          source: 'kubernetes pkg/kubelet/token/token_manager.go',
        },
      ],
      fix: {
        why: 'Tokens minted while an apiserver clock was ahead carry nbf in the future; after the clock was corrected they are rejected until real time passes nbf − 60 s, and the kubelet will not replace them.',
        steps: [
          ...restartCommands(pods),
          ...nodes.map((n) =>
            kubeletRestartOn(
              s.nodes.find((x) => x.name === n) ?? { name: n },
              distribution(s),
              'Re-requests every pod token on the node (the token cache is in memory); containers keep running, clients must re-read the token file.',
            ),
          ),
        ],
      },
    });
  }
  return findings;
}

/** Stale and legacy tokens, from the apiserver's token metrics. */
function metricFindings(s: ClusterSnapshot): Finding[] {
  const findings: Finding[] = [];
  const m = s.metrics;
  if (m?.staleTokens && m.staleTokens > 0) {
    findings.push({
      code: 'token/stale-not-reloaded',
      severity: 'warning',
      subject: { kind: 'cluster', name: s.cluster },
      title: `Clients used ${m.staleTokens} stale service-account token${m.staleTokens === 1 ? '' : 's'} (past warnafter)`,
      evidence: [
        {
          fact: `serviceaccount_stale_tokens_total = ${m.staleTokens}`,
          source: 'GET /metrics on the apiserver',
        },
      ],
      fix: {
        why: 'With extended expiry a bound token stays valid for a year but should be re-read hourly; clients that do not (old client libraries) break when extended expiry ends or is turned off.',
        steps: [
          {
            run: 'kubectl get --raw /metrics | grep serviceaccount_stale_tokens_total',
            where: 'workstation',
          },
          {
            run: 'Find the clients from the audit log annotation authentication.k8s.io/stale-token, then upgrade their Kubernetes client library so it reloads the projected token file.',
            kind: 'advice',
            where: 'workstation',
          },
        ],
      },
    });
  }
  if (m?.legacyTokens && m.legacyTokens > 0) {
    findings.push({
      code: 'token/legacy-in-use',
      severity: 'info',
      subject: { kind: 'cluster', name: s.cluster },
      title: `Legacy secret-based service-account tokens were used ${m.legacyTokens} time${m.legacyTokens === 1 ? '' : 's'}`,
      evidence: [
        {
          fact: `serviceaccount_legacy_tokens_total = ${m.legacyTokens}`,
          source: 'GET /metrics on the apiserver',
        },
      ],
      fix: {
        why: 'Legacy tokens never expire and are not bound to a pod; a leaked one is valid until its Secret is deleted.',
        steps: [
          {
            run: 'kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token',
            where: 'workstation',
          },
          {
            run: 'kubectl create token <service-account> -n <namespace> --duration=24h  # replace stored legacy tokens with bound ones',
            where: 'workstation',
          },
        ],
      },
    });
  }
  return findings;
}

/** kube-triage's own token, 7 days before it expires. */
function ownCredential(s: ClusterSnapshot, now: Date): Finding[] {
  const findings: Finding[] = [];
  const c = s.credential;
  if (c?.expiresAt) {
    const left = c.expiresAt.getTime() - now.getTime();
    if (left < BOT_CREDENTIAL_WARN_MS) {
      findings.push({
        code: 'token/bot-credential-expiring',
        severity: left < 86_400_000 ? 'critical' : 'warning',
        subject: { kind: 'service-account', name: c.subject ?? 'kube-triage' },
        breaksAt: c.expiresAt.toISOString(),
        title:
          left <= 0
            ? `kube-triage's token for ${s.cluster} expired ${duration(left)} ago`
            : `kube-triage's token for ${s.cluster} expires in ${duration(left)}`,
        evidence: [
          {
            fact: `exp = ${utc(c.expiresAt)}${c.issuedAt ? `, iat = ${utc(c.issuedAt)}` : ''}`,
            source: 'claims of the registered token (decoded, not verified)',
          },
        ],
        fix: {
          why: 'kube-triage reads the cluster with this token; when it expires every check fails with 401.',
          steps: [
            {
              run: 'kubectl create token kube-triage -n kube-triage --duration=8760h > kube-triage.token',
              where: 'workstation',
            },
            {
              run: `kube-triage register ${s.cluster} --server ${s.server} --token-file kube-triage.token`,
              where: 'workstation',
            },
          ],
        },
      });
    }
  }
  return findings;
}

export const tokenCheck = {
  id: 'token',
  title: 'Service-account tokens',
  help: "Finds service-account tokens that apiservers reject: minted by an apiserver whose clock is more than 60 s ahead of another (intermittent 401s), or minted during a forward clock jump and still cached by the kubelet. Reads the token metrics (stale, legacy) and warns 7 days before kube-triage's own token expires.",
  needs: ['clocks', 'leases', 'nodes', 'pods', 'events', 'apiserverEndpoints', 'metrics', 'credential'],
  emits: [
    'token/not-yet-valid',
    'token/expired',
    'token/stale-not-reloaded',
    'token/legacy-in-use',
    'token/bot-credential-expiring',
  ],
  run(s, now): CheckRun {
    const model = clockModel(s, now);
    const { api, stamps } = model;
    const findings = [
      ...apiserverSkew(api),
      ...farAhead(api),
      ...jumpTokens(s, stamps),
      ...metricFindings(s),
      ...ownCredential(s, now),
    ];
    const m = s.metrics;
    const c = s.credential;
    const examined = `${api.length} apiserver clock${api.length === 1 ? '' : 's'}, ${s.pods.length} pods${m ? ', token metrics' : ''}${c?.expiresAt ? ", kube-triage's own token" : ''}`;
    return { findings, examined, clocks: clockMeasurements(model).filter((c) => c.kind === 'apiserver') };
  },
} as const satisfies Check;
