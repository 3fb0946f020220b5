/**
 * `kubectl get pods -o wide` tables pasted as they are: two running pods with one IP is a duplicate
 * pod IP, unless they are hostNetwork pods (which share their node's address). A pod table does not
 * say which pods use the host network, so a shared IP counts only when it cannot be a node's own:
 * the pods are on different nodes, or the node's name encodes another address (ip-10-1-2-3).
 * Finished pods (Completed, Error, Evicted) keep an IP in their status that a new pod may hold.
 * @module
 */
import type { Finding } from '../../core/finding.js';
import type { Paste } from '../rule.js';

const HEADER_RE = /^\s*(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\b/;
const IPV4_RE = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const FINISHED_RE =
  /^(?:Completed|Succeeded|Error|Failed|Evicted|Terminating|ContainerStatusUnknown|OOMKilled)$/;
/** At most this many table rows are read: a pasted table is a screenful, not a log. */
const MAX_ROWS = 5000;

interface Row {
  readonly pod: string;
  readonly ip: string;
  readonly node: string;
  readonly line: number;
}

/** The address a node's name encodes (AWS-style ip-10-1-2-3…), if any. */
function nameAddress(node: string): string | undefined {
  const m = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\b/.exec(node);
  return m ? `${m[1]}.${m[2]}.${m[3]}.${m[4]}` : undefined;
}

/** Rows of every pod table in the paste, read by its header's columns. */
function rows(paste: Paste): Row[] {
  const out: Row[] = [];
  let columns: { name: number; status: number; ip: number; node: number } | undefined;
  // The raw lines: a table's rows are all one width, which the unwrapping of hard-wrapped text joins.
  const raw = paste.text.split('\n');
  for (let i = 0; i < raw.length && out.length < MAX_ROWS; i++) {
    // A table quoted in Slack or an issue ("> NAME  READY …") is the same table.
    const l = (raw[i] as string).replace(/^[ \t]{0,3}>[ \t]?/, '');
    if (l.length > 400) {
      columns = undefined;
      continue;
    }
    if (HEADER_RE.test(l)) {
      const head = l.trim().split(/\s+/);
      columns = {
        name: head.indexOf('NAME'),
        status: head.indexOf('STATUS'),
        ip: head.indexOf('IP'),
        node: head.indexOf('NODE'),
      };
      continue;
    }
    if (!columns) continue;
    // RESTARTS can read "3 (2m ago)": drop the parenthesis so the cells line up with the header.
    const cells = l
      .trim()
      .replace(/\s*\(\S+ ago\)/g, '')
      .split(/\s+/);
    // A table ends at the first line that is not one of its rows (READY is n/m).
    if (cells.length <= columns.node || !/^\d+\/\d+$/.test(cells[columns.name + 1] ?? '')) {
      columns = undefined;
      continue;
    }
    const ip = cells[columns.ip] as string;
    if (!IPV4_RE.test(ip) || FINISHED_RE.test(cells[columns.status] ?? '')) continue;
    out.push({ pod: cells[columns.name] as string, ip, node: cells[columns.node] as string, line: i });
  }
  return out;
}

/** A duplicate-pod-IP finding for each address two running pods share where no node can own it. */
export function analysePodTables(paste: Paste): Finding[] {
  if (!paste.text.includes('READY') || !paste.text.includes('NODE')) return [];
  const byIp = new Map<string, Row[]>();
  for (const r of rows(paste)) {
    const list = byIp.get(r.ip);
    if (list) list.push(r);
    else byIp.set(r.ip, [r]);
  }
  const out: Finding[] = [];
  for (const [ip, list] of byIp) {
    const pods = [...new Map(list.map((r) => [r.pod, r])).values()];
    if (pods.length < 2) continue;
    const nodes = new Set(pods.map((r) => r.node));
    const notTheNodes = pods.every((r) => {
      const own = nameAddress(r.node);
      return own !== undefined && own !== ip;
    });
    if (nodes.size < 2 && !notTheNodes) continue;
    out.push({
      code: 'ipam/duplicate-pod-ip',
      severity: 'critical',
      subject: { kind: 'cluster', name: 'pasted text' },
      title: `${pods.length} running pods share ${ip} (${pods.map((r) => `${r.pod} on ${r.node}`).join(', ')})`,
      evidence: pods.map((r) => ({
        fact: `"${paste.shown(r.line, 160)}"`,
        source: `pasted text, line ${r.line + 1}`,
      })),
      fix: {
        why:
          nodes.size > 1
            ? 'The same pod address on two nodes: their pod ranges overlap (two nodes with one podCIDR, a copied CNI config, weave peers with one MAC) and routing sends the traffic to one of them.'
            : "Two running pods on one node hold an address that is not the node's own: the IPAM handed it out twice (its state was wiped or lost an allocation).",
        steps: [
          {
            run: `kubectl delete pod <one of the pods on ${ip}> -n <namespace>`,
            where: 'workstation',
            caution:
              'Its replacement gets a new address; fix the overlapping range or the IPAM state first or it can happen again.',
          },
        ],
      },
      confirm: [
        {
          run: 'kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDR:.spec.podCIDR --no-headers | sort -k2 | uniq -D -f1',
          where: 'workstation',
        },
        {
          run: "kubectl get pods -A -o wide --field-selector=status.phase=Running --no-headers | awk '{print $7}' | sort | uniq -d",
          where: 'workstation',
        },
      ],
    });
  }
  return out;
}
