/**
 * Paste rules for service-account tokens (docs/findings.md, token/*).
 * @module
 */
import { catalogStep } from '../../core/fixes.js';
import { findInPaste, liveCheck, pasteFinding } from '../build.js';
import type { Hit, Rule } from '../rule.js';
import { appJwtError, foreignToken, kubeContext } from './signals.js';

const NODE_RE = /\bnode[s]?\s+"?([a-z0-9][a-z0-9.-]{0,62})"?/;

/** Token rules. */
export const TOKEN_RULES: readonly Rule[] = [
  {
    id: 'sa-token-not-valid-yet',
    code: 'token/not-yet-valid',
    // New wording (≥1.22/1.23), go-jose wording, 1.21 "Token could not be validated." and people's prose.
    // The 1.21 sentence stands alone (after "invalid bearer token, "): "The OAuth token could not be
    // validated" or "ID token could not be validated" is another product's token.
    pattern:
      /service account token is not valid yet|token not valid yet \(nbf\)|(?<![A-Za-z][ \t])Token could not be validated\.?|tokens? (?:are|is) not valid yet|issued at '?future'? time\b|invalid timestamp for tokens|service account token is issued in the future/i,
    examples: [
      'E0223 08:14:15.123456       1 authentication.go:70] "Unable to authenticate the request" err="[invalid bearer token, service account token is not valid yet]"',
      'E1123 11:53:33.386042 1 authentication.go:63] "Unable to authenticate the request" err="[invalid bearer token, Token could not be validated.]"',
      "  a. Tokens are not valid yet, because they are issued at 'future' time.",
      'The hypervisor was force-setting a time which was incorrect and since our ntp clients were taking bit more time than docker and kubelet services, we ended up with invalid timestamp for tokens.',
    ],
    nearMisses: [
      'Microsoft.VisualStudio.Services.OAuth.VssOAuthTokenRequestException: The bearer <secret removed> is not valid until 8/15/2019 4:49:16 AM. Current server time is 8/15/2019 3:03:52 AM.',
      'E0302 12:32:50.114892       7 handlers.go:37] Unable to authenticate the request due to an error: crypto/rsa: verification error',
      'Firebase ID token issued at future timestamp Error',
      '### The OAuth token could not be validated',
    ],
    // A bare "token is not valid yet" is also every web login's error: only about Kubernetes.
    // An identity provider's token (Firebase, OIDC, IdentityModel) with the same words is not ours either.
    when: (p, h) => {
      const line = p.lines[h.line] ?? '';
      if (
        /invalid bearer token|authentication\.go|service ?account|serviceaccount/i.test(line) ||
        // The pattern already took the 1.21 sentence only where it stands alone.
        /^Token could not be validated/i.test(h.match[0])
      )
        return true;
      return (
        !foreignToken(p) &&
        !appJwtError(p) &&
        (/'?future'? time\b|\(nbf\)|invalid timestamp/i.test(line) || kubeContext(p))
      );
    },
    group: 'token-reason',
    rank: 8,
    diagnose(hits, paste) {
      const old = hits.some((h) => /could not be validated/i.test(paste.lines[h.line] ?? ''));
      const jumpHint = findInPaste(
        paste,
        /Backward time jump|Forward time jump|zero or negative interval|hypervisor|clock (?:was )?stepped|future' time/i,
      );
      return pasteFinding('token/not-yet-valid', hits, paste, {
        title: jumpHint
          ? 'Service-account tokens minted while a clock was ahead are rejected as not yet valid (clock jump)'
          : 'Service-account token rejected as not yet valid: the minting apiserver clock is ahead of the validating one',
        facts: [
          ...(old
            ? [
                {
                  fact: 'On 1.21 and older "Token could not be validated." (after "unexpected validation error: *errors.errorString") is how a not-yet-valid token shows.',
                  source: 'kubernetes pkg/serviceaccount/claims.go (release-1.21)',
                },
              ]
            : []),
          {
            fact: 'An apiserver rejects a token while its own clock + 60 s < the token nbf; nbf = iat = the clock of the apiserver that minted it.',
            source: 'go-jose jwt.DefaultLeeway; kubernetes pkg/serviceaccount/claims.go',
          },
        ],
        why: jumpHint
          ? 'A clock jumped forward, tokens were minted with a future nbf, and the kubelet does not refresh a token whose iat is in the future, so every apiserver rejects it until real time catches up.'
          : 'The kubelet asks whichever apiserver it reaches for the pod token; if that apiserver is more than 60 s ahead of another, requests landing on the slow one get 401 until its clock catches up: intermittent Unauthorized.',
        confirm: [
          liveCheck('skew'),
          liveCheck('token'),
          {
            run: 'kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes -o wide',
            where: 'workstation',
          },
          {
            run: 'for ip in <apiserver IPs>; do curl -sk -o /dev/null -D - https://$ip:6443/livez | grep -i ^date; done; date -u',
            where: 'workstation',
          },
        ],
        steps: jumpHint
          ? [
              {
                run: 'kubectl rollout restart deployment/<name> -n <namespace>   # or kubectl delete pod for each affected pod',
                where: 'workstation',
                caution: 'Recreates the pods so they get fresh tokens.',
              },
              catalogStep('kubeletRestart'),
              { run: 'chronyc tracking; journalctl -u chronyd | grep -i "time jump"', where: 'node' },
            ]
          : [
              { run: 'chronyc tracking && chronyc sources -v', where: 'control-plane' },
              {
                run: 'systemctl enable --now chronyd && chronyc makestep',
                where: 'control-plane',
                caution:
                  'A large backward step strands tokens minted while the clock was ahead; restart the kubelets afterwards if so.',
              },
            ],
      });
    },
  },
  {
    id: 'sa-token-expired',
    code: 'token/expired',
    // kubernetes pkg/serviceaccount/claims.go: "service account token has expired" (1.22+),
    // "Token has expired." (≤1.21, the period sometimes lost in quoting); go-jose "token is expired (exp)".
    pattern:
      /service account token has expired|\bToken has expired\.|invalid bearer token[,:]? token has expired|token is expired \(exp\)/,
    examples: [
      'E0613 10:01:22.000000       1 authentication.go:63] "Unable to authenticate the request" err="[invalid bearer token, Token has expired]"',
      'invalid bearer token, service account token has expired',
      'E1126 03:38:26.776766       1 authentication.go:75] "Unable to authenticate the request" err="[invalid bearer token, service account token has expired]"',
      'Unable to authenticate the request due to an error: [invalid bearer token, Token has expired.]',
    ],
    nearMisses: [
      'x509: certificate has expired or is not yet valid',
      'Your session token has expired, log in again',
      'Error: Firebase ID token has expired. Get a fresh ID token from your client app and try again (auth/id-token-expired).',
    ],
    // "Token has expired." is also an identity provider's wording (Firebase, OIDC): theirs unless the
    // line is the apiserver's own.
    when: (p, h) =>
      /invalid bearer token|service account|authentication\.go/i.test(p.lines[h.line] ?? '') ||
      !foreignToken(p),
    group: 'token-reason',
    rank: 8,
    diagnose(hits, paste) {
      return pasteFinding('token/expired', hits, paste, {
        why: 'Either the client never re-reads its rotated projected token (old client library; works for a year thanks to extended expiry, then breaks), a short-lived token (kubectl create token) was stored in a kubeconfig or CI secret, or the validating apiserver clock is far ahead.',
        confirm: [
          liveCheck('token'),
          {
            run: 'kubectl get --raw /metrics | grep serviceaccount_stale_tokens_total',
            where: 'workstation',
          },
          { run: 'kubectl get pods -A --sort-by=.metadata.creationTimestamp | head', where: 'workstation' },
        ],
        steps: [
          {
            run: 'kubectl rollout restart deployment/<name> -n <namespace>',
            where: 'workstation',
            caution:
              'Restarts the client; upgrade its Kubernetes client library so it reloads the token file.',
          },
          {
            run: 'kubectl create token <service-account> -n <namespace> --duration=24h',
            where: 'workstation',
          },
        ],
      });
    },
  },
  {
    id: 'legacy-token-marked-invalid',
    code: 'token/legacy-in-use',
    // kubernetes pkg/serviceaccount/legacy.go (1.29+; the cleaner's label is honoured from 1.30,
    // proven in test/real/versions.test.ts): "the token in secret %s/%s for service account %s/%s
    // has been marked invalid. Use tokens from the TokenRequest API or …".
    pattern:
      /the token in secret ([\w.-]{1,253})\/([\w.-]{1,253}) for service account [\w.-]{1,253}\/([\w.-]{1,253}) has been marked invalid/i,
    examples: [
      'E1203 06:18:26.026849   24999 authentication.go:74] "Unable to authenticate the request" err="[invalid bearer token, the token in secret versions/app-token for service account versions/app has been marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the \'kubernetes.io/legacy-token-invalid-since\' label from the secret to temporarily allow use of this token]"',
    ],
    nearMisses: ['the token in secret default/app-token is valid'],
    group: 'token-reason',
    rank: 9,
    diagnose(hits, paste) {
      const m = (hits[0] as Hit).match;
      const [ns, secret, sa] = [m[1] ?? '<namespace>', m[2] ?? '<secret>', m[3] ?? '<serviceaccount>'];
      return pasteFinding('token/legacy-in-use', hits, paste, {
        severity: 'critical',
        title: `Legacy token in Secret ${ns}/${secret} rejected: the cleaner marked it unused for a year`,
        facts: [
          {
            fact: `Secret ${ns}/${secret} carries kubernetes.io/legacy-token-invalid-since, so every apiserver from 1.30 refuses its token (1.28 still accepted it)`,
            source: 'pasted text',
          },
        ],
        why: 'kube-controller-manager labels an auto-generated Secret-based token it has not seen used for --legacy-service-account-token-clean-up-period (one year) and deletes it a year later; a client that kept the token (a CI system, an external integration) now gets 401.',
        confirm: [
          {
            run: `kubectl get secret ${secret} -n ${ns} -L kubernetes.io/legacy-token-invalid-since,kubernetes.io/legacy-token-last-used`,
            where: 'workstation',
          },
        ],
        steps: [
          {
            run: `kubectl create token ${sa} -n ${ns} --duration=24h`,
            where: 'workstation',
            caution: 'Give the client a bound token (or a projected volume) instead; the lasting fix.',
          },
          {
            run: `kubectl label secret ${secret} -n ${ns} kubernetes.io/legacy-token-invalid-since-`,
            where: 'workstation',
            caution:
              'Re-enables the old token for now only: the cleaner labels it again after another unused period, and deletes it a year after the label.',
          },
        ],
      });
    },
  },
  {
    id: 'sa-token-invalidated',
    code: 'token/invalidated',
    // kubernetes pkg/serviceaccount/claims.go: a bound token whose ServiceAccount, Secret or Pod was
    // deleted or recreated: "… UID (x) does not match claim (y)" (wording varies by version), and
    // the legacy validator's "Token has been invalidated".
    pattern:
      /Token has been invalidated|service account token has been invalidated|\b(?:service ?account|secret|pod|node) UID \([^)\n]{0,64}\) does not match (?:[a-z ]{0,48})?claim|\bservice ?account [\w./-]{1,253} has been deleted\b/i,
    examples: [
      'E0412 07:10:02.551210       1 authentication.go:63] "Unable to authenticate the request" err="[invalid bearer token, service account UID (2d1c4f0e-1b7a-4a59-9c1e-77b1f0a3c2d4) does not match claim (8f9e2a61-0c3d-4e5f-a1b2-3c4d5e6f7a8b)]"',
      'E1009 09:42:45.361887    6910 authentication.go:53] Unable to authenticate the request due to an error: [invalid bearer token, Token has been invalidated]',
    ],
    nearMisses: ['cache invalidated for token list', 'pod UID mismatch in kubelet status cache, retrying'],
    group: 'token-reason',
    rank: 8,
    diagnose(hits, paste) {
      return pasteFinding('token/invalidated', hits, paste, {
        why: 'The token is bound to a pod or legacy token Secret that no longer exists (or was recreated with a new UID); the client still holds the old token. Not clock-related.',
        confirm: [
          {
            run: "kubectl get pod <pod> -n <namespace> -o jsonpath='{.metadata.uid}'   # compare with the token's kubernetes.io.pod.uid claim",
            where: 'workstation',
          },
        ],
        steps: [
          {
            run: 'kubectl rollout restart deployment/<name> -n <namespace>',
            where: 'workstation',
            caution: 'Recreates the client with a fresh token.',
          },
        ],
      });
    },
  },
  {
    id: 'calico-cni-unauthorized',
    code: 'token/cni-unauthorized',
    // Source: Calico CNI plugin: "error getting ClusterInformation: connection is unauthorized: Unauthorized" (with or without the plugin type= prefix).
    pattern:
      /error getting ClusterInformation: connection is unauthorized|error adding container to network "k8s-pod-network": Unauthorized|plugin type="calico"[^\n]{0,200}Unauthorized/i,
    examples: [
      'Pod add/delete operations result in "error getting ClusterInformation: connection is unauthorized: Unauthorized"',
      '(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "5a84": plugin type="multus" name="multus-cni-network" failed (add): [kube-system/metrics-server-7968cd6ff4-t6sh2:k8s-pod-network]: error adding container to network "k8s-pod-network": Unauthorized',
    ],
    nearMisses: ['error getting ClusterInformation: connection refused'],
    rank: 9,
    diagnose(hits, paste) {
      const node = findInPaste(paste, NODE_RE)?.[1];
      return pasteFinding('token/cni-unauthorized', hits, paste, {
        ...(node ? { subject: { kind: 'node', name: node } } : {}),
        why: 'The Calico CNI binary runs outside any pod with the token calico-node writes into /etc/cni/net.d/calico-kubeconfig (24 h validity, refreshed by calico-node). When the refresh stopped or clocks jumped, every sandbox create and delete on that node fails with Unauthorized.',
        confirm: [
          {
            run: 'kubectl get events -A --field-selector reason=FailedCreatePodSandBox -o wide',
            where: 'workstation',
          },
          {
            run: 'kubectl -n kube-system logs -l k8s-app=calico-node --tail=200 | grep -i "CNI kubeconfig"',
            where: 'workstation',
          },
          {
            run: "grep token /etc/cni/net.d/calico-kubeconfig | awk '{print $2}' | cut -d. -f2 | base64 -d 2>/dev/null",
            where: 'node',
            ...(node ? { host: node } : {}),
          },
        ],
        steps: [
          {
            run: 'kubectl -n kube-system rollout restart ds/calico-node   # operator installs: -n calico-system',
            where: 'workstation',
            caution: 'Restarts calico-node on every node, one at a time; it rewrites the CNI token.',
          },
          {
            run: 'kubectl -n kube-system get ds calico-node -o yaml | grep -A1 CALICO_MANAGE_CNI   # must not be "false"',
            where: 'workstation',
          },
        ],
      });
    },
  },
  {
    id: 'cni-network-unauthorized',
    code: 'token/cni-unauthorized',
    // Any CNI plugin that talks to the apiserver with a token of its own kubeconfig (Istio CNI's
    // ZZZ-istio-cni-kubeconfig, Calico's, Multus's): the sandbox's network setup or teardown ends in
    // Unauthorized. Told in words: an expired or invalid token in a kubeconfig under /etc/cni/net.d.
    pattern:
      /\b(?:set ?up|setup|tear ?down|teardown) (?:sandbox container \S{1,80} )?network\b[^\n]{0,200}?: Unauthorized\b|\b(?:expired|invalid|stale|old)\b[^\n.]{0,40}\btokens?\b[^\n.]{0,40}\/etc\/cni\/net\.d\/\S*kubeconfig\b/i,
    examples: [
      "I've started noticing nodes getting into states with errors like `failed to set up sandbox container ... network: Unauthorized`.",
      'This appears to be due to expired or invalid tokens being used in `/etc/cni/net.d/ZZZ-istio-cni-kubeconfig`.',
    ],
    nearMisses: ['failed to set up sandbox container network: connection refused'],
    rank: 6,
    diagnose(hits, paste) {
      return pasteFinding('token/cni-unauthorized', hits, paste, {
        why: 'A CNI plugin runs outside any pod and talks to the apiserver with the token its daemonset wrote into a kubeconfig under /etc/cni/net.d. Bound tokens expire; a daemonset that does not rewrite the file when its own token rotates leaves every sandbox setup and teardown on that node Unauthorized until it restarts.',
        confirm: [
          {
            run: 'ls -l /etc/cni/net.d/   # which plugin keeps a kubeconfig here, and when it was written',
            where: 'node',
          },
          {
            run: "grep token: /etc/cni/net.d/*kubeconfig | awk '{print $2}' | cut -d. -f2 | base64 -d 2>/dev/null   # its exp",
            where: 'node',
          },
        ],
        steps: [
          {
            run: 'kubectl -n <namespace> rollout restart daemonset/<cni-daemonset>   # the plugin that owns that kubeconfig (istio-cni-node, calico-node, kube-multus-ds)',
            where: 'workstation',
            caution:
              'Rewrites the CNI kubeconfig with a fresh token; upgrade the plugin to one that watches its token for the lasting fix.',
          },
        ],
      });
    },
  },
  {
    id: 'webhook-found-1-parts',
    code: 'token/webhook-fallthrough',
    // Source: Rancher kube-api-auth / authentication webhooks: "found 1 parts of token" (a symptom: the apiserver's own error says why).
    pattern: /found [01] parts of token/i,
    examples: [
      'time="2023-03-01T08:00:00Z" level=error msg="found 1 parts of token"',
      'It seems that the oidc is correctly authenticated, but the k8s api is denying acccess thowing the "found 1 parts of token" error.',
    ],
    nearMisses: ['found 2 parts of token'],
    rank: 3,
    diagnose(hits, paste) {
      return pasteFinding('token/webhook-fallthrough', hits, paste, {
        title:
          '"found 1 parts of token" is a symptom: a JWT fell through to the token webhook; the real failure is earlier',
        why: "Rancher's kube-api-auth webhook is the apiserver's last token authenticator and only sees a service-account or OIDC JWT (which has no ':') after every earlier authenticator rejected it. The apiserver's own log line for the same request has the real reason: not valid yet (clock skew), expired, or invalidated (a deleted Secret or pod).",
        confirm: [
          {
            run: 'kubectl logs -n kube-system -l component=kube-apiserver --tail=500 | grep "Unable to authenticate"',
            where: 'workstation',
          },
          { run: 'kubectl logs -n cattle-system -l app=kube-api-auth --tail=100', where: 'workstation' },
          liveCheck('skew'),
        ],
        steps: [
          {
            run: 'Fix the reason the apiserver log gives (paste it here): for not-yet-valid, sync the control-plane clocks; for invalidated, recreate the pods or the cattle service account whose Secret was deleted.',
            kind: 'advice',
            where: 'workstation',
          },
        ],
      });
    },
  },
];
