/**
 * Rules for what k3s and RKE2 themselves print (their own strings, read from k3s-io/k3s:
 * pkg/certmonitor/certmonitor.go, pkg/clientaccess/token.go, pkg/cli/cmds/log.go; see
 * src/diagnose/upstream/k3s-io+k3s.json). Specific enough to need no Kubernetes context.
 * @module
 */
import type { Command, Evidence, Finding } from '../../core/finding.js';
import { catalogStep } from '../../core/fixes.js';
import { liveCheck, pasteFinding } from '../build.js';
import type { Hit, Paste, Rule } from '../rule.js';

/** Which program printed it: rke2 when the paste says so, else k3s. */
function program(paste: Paste): string {
  return /\brke2\b/i.test(paste.text) ? 'rke2' : 'k3s';
}

/** One certificate line: `[<dir>/]<file>.crt: certificate <subject> [(<usages>)] <state> <time>`. */
const CERT_ENTRY_RE =
  /((?:[\w.-]{1,60}\/){0,8}[\w.-]{1,80}\.crt): certificate ([^\n]{1,200}?) (will expire within (\d{1,5}) days at|expired at|is not valid before) (\d{4}-\d\d-\d\dT[\d:]{8}(?:Z|[+-]\d\d:\d\d))/g;

interface CertEntry {
  readonly file: string;
  readonly subject: string;
  readonly state: 'expiring' | 'expired' | 'not-yet-valid';
  readonly at: string;
  /** A CA certificate (k3s prints its signer as `<x>-ca@<epoch>`, usage CertSign). */
  readonly ca: boolean;
}

/** The renewal window the message names ("90 days before expiry"). */
function renewWindow(hit: Hit): string {
  const m = /will expire within (\d{1,5}) days/.exec(hit.match.input ?? '');
  return m ? `${m[1]} days before expiry` : 'the days before expiry the message names';
}

function certEntries(line: string): CertEntry[] {
  const out: CertEntry[] = [];
  for (const m of line.matchAll(CERT_ENTRY_RE)) {
    const state = m[3]?.startsWith('will') ? 'expiring' : m[3] === 'expired at' ? 'expired' : 'not-yet-valid';
    const subject = m[2] ?? '';
    out.push({ file: m[1] ?? '', subject, state, at: m[5] ?? '', ca: /-ca@\d|\(CertSign\)/.test(subject) });
    if (out.length >= 20) break;
  }
  return out;
}

function entryFacts(entries: readonly CertEntry[]): Evidence[] {
  return entries.slice(0, 6).map((e) => ({
    fact: `${e.file} (${e.subject.slice(0, 80)}) ${e.state === 'expiring' ? 'expires' : e.state === 'expired' ? 'expired' : 'is not valid before'} ${e.at}`,
    source: 'pasted text',
  }));
}

const CHECK_CLOCK: Command = { run: 'date -u; chronyc tracking; timedatectl status', where: 'node' };

/** The answer for certificate lines k3s/RKE2 printed: expired, expiring, not yet valid, or a CA. */
function k3sCertFinding(hits: readonly Hit[], paste: Paste): Finding {
  const first = hits[0] as Hit;
  const prog = program(paste);
  const entries = hits.flatMap((h) => certEntries(paste.lines[h.line] ?? ''));
  const leaves = entries.filter((e) => !e.ca);
  if (entries.length && leaves.length === 0) return caFinding(hits, paste, entries);
  const expired = leaves.some((e) => e.state === 'expired');
  const notYet = leaves.filter((e) => e.state === 'not-yet-valid');
  if (notYet.length && !expired) {
    return pasteFinding('cert/not-yet-valid', hits, paste, {
      title: `${prog} certificates not valid yet: this node's clock is behind their start`,
      facts: entryFacts(notYet),
      why: `${prog} found certificates whose validity starts after this node's clock: the node clock is behind (no RTC, NTP not reached) or the certificates were minted by a clock ahead.`,
      confirm: [liveCheck('skew'), CHECK_CLOCK],
      steps: [
        {
          run: 'systemctl enable --now chronyd && chronyc makestep',
          where: 'node',
          caution: 'Fix the clock; do not rotate certificates to work around it.',
        },
      ],
    });
  }
  return pasteFinding('cert/control-plane-expiry', hits, paste, {
    ...(expired
      ? {}
      : {
          severity: 'warning' as const,
          title: `${prog} certificates expire soon: restart ${prog} inside the renewal window to rotate them`,
        }),
    facts: entryFacts(expired ? leaves.filter((e) => e.state === 'expired') : leaves),
    why: `${prog} renews its certificates only when it starts inside the renewal window (${renewWindow(first)}); a node that runs through that window keeps the old ones until they expire, then every component using them is rejected.`,
    confirm: [liveCheck('certs'), catalogStep('certCheck')],
    steps: [catalogStep('certRenew')],
  });
}

function caFinding(hits: readonly Hit[], paste: Paste, entries: readonly CertEntry[]): Finding {
  const prog = program(paste);
  return pasteFinding('cert/ca-expiry', hits, paste, {
    ...(entries.some((e) => e.state === 'expired')
      ? { severity: 'critical' as const, title: `${prog} cluster CA expired` }
      : { title: `${prog} cluster CA expires within a year` }),
    facts: entryFacts(entries),
    why: `${prog} does not renew its CA certificates; a restart does not help. Rotation is planned: new CA certificates are loaded with \`${prog} certificate rotate-ca\`, which every node and kubeconfig must then trust.`,
    confirm: [liveCheck('certs'), catalogStep('certCheck')],
    steps: [
      {
        run: `${prog} certificate rotate-ca --path=/var/lib/rancher/${prog}/server/rotate-ca   # after generating new CA files there`,
        where: 'control-plane',
        caution: `Read the ${prog} "certificate rotate-ca" documentation first: a CA not cross-signed by the old one needs every node and kubeconfig updated.`,
        kind: 'advice',
      },
    ],
  });
}

export const K3S_RULES: readonly Rule[] = [
  {
    // k3s pkg/certmonitor: "Node certificates require attention - restart %s on this node to
    // trigger automatic rotation: %v" (event CertificateExpirationWarning, k3s/RKE2 >= 1.29).
    id: 'k3s-node-certificates-attention',
    code: 'cert/control-plane-expiry',
    pattern: /Node certificates require attention - restart (?:k3s|rke2)\b/i,
    examples: [
      'Warning  CertificateExpirationWarning  node/k3s-m-1  Node certificates require attention - restart k3s on this node to trigger automatic rotation: kube-proxy/client-kube-proxy.crt: certificate CN=system:kube-proxy will expire within 90 days at 2026-12-20T10:00:00Z',
    ],
    nearMisses: ['Node and Certificate Authority certificates managed by k3s are OK'],
    rank: 7,
    group: 'k3s-cert',
    diagnose: k3sCertFinding,
  },
  {
    // k3s pkg/cli/cert (`k3s certificate check`; rke2 the same): one line per certificate,
    // "%s: certificate %s (%s) will expire within %d days at %s" / "expired at" / "is not valid before".
    id: 'k3s-certificate-check-line',
    code: 'cert/control-plane-expiry',
    pattern:
      /\.crt: certificate [^\n]{1,200}? (?:will expire within \d{1,5} days at|expired at|is not valid before) \d{4}-\d\d-\d\dT/i,
    examples: [
      'WARN[0000] /var/lib/rancher/rke2/agent/client-kubelet.crt: certificate CN=system:node:ip-172-31-7-80,O=system:nodes will expire within 90 days at 2024-05-16T00:38:18Z',
      'level=error msg="client-admin.crt: certificate system:admin (ClientAuth) expired at 2026-09-08T08:45:21Z"',
    ],
    nearMisses: [
      'INFO[0000] client-admin.crt: certificate system:admin (ClientAuth) is ok, expires at 2035-07-01T07:07:50Z',
    ],
    rank: 6,
    group: 'k3s-cert',
    diagnose: k3sCertFinding,
  },
  {
    // k3s pkg/certmonitor: "Certificate Authority certificates require attention - check %s
    // documentation and begin planning rotation: %v" (event CACertificateExpirationWarning).
    id: 'k3s-ca-certificates-attention',
    code: 'cert/ca-expiry',
    pattern: /Certificate Authority certificates require attention - check (k3s|rke2)\b/i,
    examples: [
      'Certificate Authority certificates require attention - check k3s documentation and begin planning rotation: ca/server-ca.crt: certificate CN=k3s-server-ca@1700000000 will expire within 365 days at 2027-05-01T00:00:00Z',
    ],
    nearMisses: ['Node certificates require attention - restart k3s on this node'],
    rank: 7,
    diagnose: (hits, paste) =>
      caFinding(
        hits,
        paste,
        hits.flatMap((h) => certEntries(paste.lines[h.line] ?? '')),
      ),
  },
  {
    // k3s pkg/clientaccess/token.go: "token CA hash does not match the Cluster CA certificate
    // hash: %s != %s": the join token names the CA of an earlier install.
    id: 'k3s-token-ca-hash-mismatch',
    code: 'cert/ca-mismatch',
    pattern: /token CA hash does not match the Cluster CA certificate hash/i,
    examples: [
      'level=fatal msg="Error: token CA hash does not match the Cluster CA certificate hash: 1a2b != 3c4d"',
    ],
    nearMisses: [
      'Cluster CA certificate is trusted by the host CA bundle. Token CA hash will not be validated.',
    ],
    rank: 7,
    diagnose(hits, paste) {
      return pasteFinding('cert/ca-mismatch', hits, paste, {
        title: 'The join token names a different cluster CA than the server presents',
        why: 'A K10 join token carries the hash of the cluster CA it was issued with. The server now presents another CA (it was reinstalled, its data directory was wiped, or the agent points at another cluster), so the agent refuses to join.',
        confirm: [
          {
            run: 'cat /var/lib/rancher/k3s/server/token',
            where: 'control-plane',
            caution: 'Prints a secret.',
          },
          { run: 'grep -E "^(server|token):" /etc/rancher/k3s/config.yaml', where: 'node' },
        ],
        steps: [
          {
            run: "Give the agent the server's current token (K10… from /var/lib/rancher/k3s/server/token) in /etc/rancher/k3s/config.yaml or K3S_TOKEN, then systemctl restart k3s-agent",
            where: 'node',
            kind: 'advice',
          },
        ],
      });
    },
  },
  {
    // k3s pkg/cli/cmds/log.go: "server time isn't set properly: %v" when the clock reads before
    // 1980 (a board with no RTC booted before NTP).
    id: 'k3s-server-time-not-set',
    code: 'skew/node-clock',
    pattern: /server time isn't set properly/i,
    examples: ['level=fatal msg="server time isn\'t set properly: 1970-01-01 00:00:12.3 +0000 UTC"'],
    nearMisses: ['the server time is set properly'],
    rank: 7,
    diagnose(hits, paste) {
      return pasteFinding('skew/node-clock', hits, paste, {
        title: 'The node clock reads before 1980: k3s refuses to start',
        why: 'k3s exits when the clock is earlier than 1980: the machine has no battery-backed clock (a Raspberry Pi) or booted before NTP set it.',
        confirm: [CHECK_CLOCK],
        steps: [
          {
            run: 'systemctl enable --now systemd-time-wait-sync && systemctl edit k3s   # add: [Unit] After=time-sync.target Wants=time-sync.target',
            where: 'node',
            caution:
              'Makes k3s wait for NTP at boot; set the clock now with chronyc makestep or timedatectl set-ntp true.',
          },
        ],
      });
    },
  },
];
