/**
 * The skew check: apiserver clocks (Date probes, identity leases), node clocks (lease
 * managedFields, kubelet events) and clock jumps (objects stamped in the future).
 * Mechanisms: docs/clocks.md and docs/findings.md (skew/*); seeds 000 and 001.
 * @module
 */
import type { ClusterSnapshot } from '../cluster/snapshot.js';
import type { Command, Evidence, Finding, Measure } from '../core/finding.js';
import { kubeletRestartOn } from '../core/fixes.js';
import { duration, median, plusMinus, signedSeconds, utc } from '../core/format.js';
import { distribution } from './certs.js';
import {
  type ApiserverClock,
  type ClockModel,
  clockMeasurements,
  clockModel,
  type FutureStamp,
  jumpedApiserver,
  type NodeClock,
} from './clocks.js';
import type { Check, CheckRun } from './types.js';

/**
 * Two apiservers more than 60 s apart break service-account tokens: go-jose validates nbf with
 * jwt.DefaultLeeway = 1 min (go-jose jwt/validation.go; seed 000).
 */
export const APISERVER_CRITICAL_MS = 60_000;
/** A synced control plane agrees within milliseconds; 5 s apart means a time source is broken. */
export const APISERVER_WARNING_MS = 5_000;
/** A node clock this far off (beyond its uncertainty) is unsynced: TLS edges and timelines suffer. */
export const NODE_WARNING_MS = 5_000;
/** A node clock this far off breaks certificates minted elsewhere (`is before`, 1 h back-dating aside). */
export const NODE_CRITICAL_MS = 600_000;

const chronyFix = (host: string, where: Command['where']): Command[] => [
  { run: 'chronyc tracking && chronyc sources -v', where, host },
  { run: 'timedatectl status', where, host },
  { run: 'systemctl enable --now chronyd', where, host },
  {
    run: 'chronyc makestep',
    where,
    host,
    caution:
      'Steps the clock at once. A large backward step strands service-account tokens minted while the clock was ahead (see token/not-yet-valid); restart the kubelet afterwards.',
  },
];

/** A clock's offset and its uncertainty, in seconds. */
function offsetValues(o: { offsetMs: number; uncertaintyMs: number }): Measure[] {
  return [
    { name: 'offset', value: o.offsetMs / 1000, unit: 's' },
    { name: 'uncertainty', value: o.uncertaintyMs / 1000, unit: 's' },
  ];
}

function row(name: string, o: { offsetMs: number; uncertaintyMs: number; method: string }): string[] {
  return [name, signedSeconds(o.offsetMs), plusMinus(o.uncertaintyMs), o.method];
}

function apiserverFindings(api: readonly ApiserverClock[]): Finding[] {
  if (api.length === 0) return [];
  const table = api.map((a) => ({
    fact: `${a.name}: ${signedSeconds(a.offsetMs)} ${plusMinus(a.uncertaintyMs)} vs kube-triage's clock (${a.method})`,
    source: a.source,
    values: offsetValues(a),
  }));
  const out: Finding[] = [];
  const minA = api.reduce((m, a) => (a.offsetMs < m.offsetMs ? a : m));
  for (const a of api) {
    const vsSlowest = a.offsetMs - minA.offsetMs;
    const vsLocal = Math.abs(a.offsetMs) - a.uncertaintyMs;
    // Name the apiserver(s) that stand out: ahead of the slowest by more than the leeway, or off
    // from kube-triage's (NTP-synced) clock by more than the warning threshold.
    let severity: Finding['severity'] | undefined;
    if (api.length > 1 && vsSlowest - a.uncertaintyMs - minA.uncertaintyMs > APISERVER_CRITICAL_MS)
      severity = 'critical';
    else if (vsLocal > APISERVER_WARNING_MS) severity = 'warning';
    if (!severity) continue;
    const behind = api
      .filter((b) => a.offsetMs - b.offsetMs - a.uncertaintyMs - b.uncertaintyMs > APISERVER_CRITICAL_MS)
      .map((b) => b.name);
    const title =
      severity === 'critical'
        ? `Apiserver ${a.name} is ${duration(vsSlowest)} ahead of ${behind.join(', ')}: tokens it mints are rejected there`
        : `Apiserver ${a.name} clock is ${signedSeconds(a.offsetMs, 0)} off`;
    out.push({
      code: 'skew/apiserver-clock',
      severity,
      subject: { kind: 'endpoint', name: a.name },
      title,
      evidence: table,
      fix: {
        why: 'Each apiserver stamps tokens, object times and its Date header with its own clock. More than 60 s apart, tokens minted by the fast one fail validation on the slow one.',
        steps: chronyFix(a.name, 'control-plane'),
      },
    });
  }
  return out;
}

function nodeFindings(
  nodes: readonly NodeClock[],
  controlPlane: ReadonlySet<string>,
  apiserverOn: ReadonlySet<string>,
): Finding[] {
  const out: Finding[] = [];
  for (const n of nodes) {
    const beyond = Math.abs(n.offsetMs) - n.uncertaintyMs;
    if (beyond <= NODE_WARNING_MS) continue;
    const evidence: Evidence[] = [
      {
        fact: `${n.node} clock ${signedSeconds(n.offsetMs)} ${plusMinus(n.uncertaintyMs)} (${n.method}${n.relativeTo ? `, ${n.relativeTo}` : ''})`,
        source: n.source,
        values: offsetValues(n),
      },
    ];
    if (n.crossCheck) {
      evidence.push({
        fact: `cross-check: ${signedSeconds(n.crossCheck.offsetMs)} ${plusMinus(n.crossCheck.uncertaintyMs)} (${n.crossCheck.method})`,
        source: n.crossCheck.source,
      });
    }
    out.push({
      code: 'skew/node-clock',
      severity: beyond > NODE_CRITICAL_MS ? 'critical' : 'warning',
      subject: { kind: 'node', name: n.node },
      title: `Node ${n.node} clock is ${duration(n.offsetMs)} ${n.offsetMs > 0 ? 'ahead' : 'behind'}`,
      evidence,
      fix: {
        why: apiserverOn.has(n.node)
          ? `${n.node} runs an apiserver, and its node clock is that apiserver's clock: the same fix (skew/apiserver-clock) mends both, and tokens ${n.node} mints are affected.`
          : 'The kubelet stamps leases, heartbeats and events with the node clock; an unsynced clock breaks TLS near certificate edges and misleads every timeline. Service-account tokens are not affected by a worker clock.',
        steps: chronyFix(n.node, controlPlane.has(n.node) ? 'control-plane' : 'node'),
      },
    });
  }
  return out;
}

function stampEvidence(list: readonly FutureStamp[]): { fact: string; source: string }[] {
  const evidence = list.slice(0, 8).map((x) => ({
    fact: `${x.what} ${duration(x.aheadMs)} ${x.aheadMs > 0 ? 'in the future' : 'in the past'} of its clock now`,
    source: x.source,
  }));
  if (list.length > 8)
    evidence.push({
      fact: `${list.length - 8} more objects stamped the same way`,
      source: 'pods and events',
    });
  return evidence;
}

/** "between 17:40:41 and 17:41:02 UTC": the real times of the first and last stamped write. */
function windowText(list: readonly FutureStamp[]): string {
  const from = Math.min(...list.map((x) => x.writtenAtMs));
  const to = Math.max(...list.map((x) => x.writtenAtMs));
  if (!list.every((x) => x.writtenAtKnown))
    return `(the stamps alone do not show when; first noticed ${utc(new Date(to))})`;
  return from === to
    ? `at ${utc(new Date(from))}`
    : `between ${utc(new Date(from))} and ${utc(new Date(to))}`;
}

/** A jump seen in apiserver-stamped times: an apiserver's clock, not a node's. */
function apiserverJump(s: ClusterSnapshot, list: readonly FutureStamp[], named: string | undefined): Finding {
  const jump = median(list.map((x) => x.jumpMs));
  const cp = s.nodes.filter((n) => n.controlPlane).map((n) => n.name);
  const hosts = named ? [named] : cp.length > 0 ? cp : ['each control-plane host'];
  return {
    code: 'skew/clock-jump',
    severity: 'critical',
    subject: { kind: 'endpoint', name: named ?? 'control plane' },
    title: `${named ? `Clock of apiserver ${named}` : 'A control-plane clock'} jumped forward by about ${duration(jump)} ${windowText(list)}`,
    evidence: [
      ...stampEvidence(list),
      {
        fact: `creationTimestamp is stamped by the apiserver that handled the create, so the jump was on an apiserver's clock, not on the nodes'${
          named ? `; ${named}'s identity Lease was stamped in the future too` : ''
        }`,
        source: 'metadata.creationTimestamp (apiserver clock)',
      },
    ],
    fix: {
      why: 'An apiserver whose clock jumped ahead stamps objects and mints service-account tokens in the future; after the clock comes back those tokens are rejected until real time passes their nbf, and the kubelet does not replace them (see token/not-yet-valid for the pods).',
      steps: hosts.map((h) => ({
        run: 'journalctl -u chronyd -u systemd-timesyncd --since "-7d" | grep -Ei "time jump|stepped|selected source"',
        where: 'control-plane' as const,
        host: h,
      })),
    },
  };
}

/** The skew check. */
export const skewCheck = {
  id: 'skew',
  title: 'Clock skew',
  help: 'Measures every apiserver clock (Date header of a request to each endpoint, or its identity lease) and every node clock (node lease renewTime vs the apiserver-stamped managedFields time, cross-checked with kubelet events), and finds clock jumps from objects stamped in the future. Apiservers more than 60 s apart break service-account tokens.',
  // servingCerts: the host names in each endpoint's certificate tell apart apiservers whose clocks agree.
  needs: ['clocks', 'leases', 'nodes', 'events', 'pods', 'apiserverEndpoints', 'servingCerts'],
  emits: ['skew/apiserver-clock', 'skew/node-clock', 'skew/clock-jump'],
  run(s, now): CheckRun {
    const model = clockModel(s, now);
    const { api, nodes, stamps } = model;
    const controlPlane = new Set(s.nodes.filter((n) => n.controlPlane).map((n) => n.name));
    const findings: Finding[] = [
      ...apiserverFindings(api),
      ...nodeFindings(nodes, controlPlane, new Set(api.map((a) => a.name))),
    ];

    // Jumps stamped by an apiserver (creationTimestamp): an apiserver's clock, named when known.
    const apiStamps = stamps.filter((x) => x.clock === 'apiserver');
    if (apiStamps.length > 0) findings.push(apiserverJump(s, apiStamps, jumpedApiserver(s, now, model)));
    // Jumps stamped by a kubelet (start times, events): that node's clock.
    const byNode = new Map<string, FutureStamp[]>();
    for (const st of stamps) {
      if (st.clock !== 'kubelet' || !st.node) continue;
      byNode.set(st.node, [...(byNode.get(st.node) ?? []), st]);
    }
    for (const [node, list] of byNode) findings.push(nodeJump(s, node, list, controlPlane));
    return {
      findings,
      examined: examinedText(s, model, findings.length),
      table: clockTable(model),
      clocks: clockMeasurements(model),
    };
  },
} as const satisfies Check;

/** A node whose kubelet stamped start times or events ahead of its clock now: it jumped. */
function nodeJump(
  s: ClusterSnapshot,
  node: string,
  list: FutureStamp[],
  controlPlane: ReadonlySet<string>,
): Finding {
  const big = Math.max(...list.map((x) => x.aheadMs));
  const ready = s.nodes.find((n) => n.name === node);
  const evidence = stampEvidence(list);
  if (ready && ready.ready === 'Unknown')
    evidence.push({
      fact: `${node} Ready=Unknown (${ready.readyReason ?? 'no reason'})`,
      source: `Node ${node} status.conditions`,
    });
  return {
    code: 'skew/clock-jump',
    severity: 'critical',
    subject: { kind: 'node', name: node },
    title: `Clock on ${node} jumped ${big > 0 ? 'forward' : 'backward'} by about ${duration(big)} ${windowText(list)}`,
    evidence,
    fix: {
      why: 'A clock that stepped leaves objects and tokens stamped in the future. The kubelet does not refresh a token whose iat is in the future, and a backward step stops node lease renewals from counting.',
      steps: [
        {
          run: 'journalctl -u chronyd --since "-7d" | grep -Ei "time jump|stepped"',
          where: controlPlane.has(node) ? 'control-plane' : 'node',
          host: node,
        },
        kubeletRestartOn({ name: node, controlPlane: controlPlane.has(node) }, distribution(s)),
        {
          run: 'Order the time sync before the kubelet at boot (chronyd -q / chrony-wait.service) and check the hypervisor time sync.',
          kind: 'advice',
          where: 'node',
          host: node,
        },
      ],
    },
  };
}

/** The clock table: one row per apiserver and node clock, stopped apiservers last. */
function clockTable(model: ClockModel): string[][] {
  const { api, nodes, stopped } = model;
  return [
    ['clock', 'offset', 'uncertainty', 'method'],
    ...api.map((a) => row(`apiserver ${a.name}`, a)),
    ...nodes.map((n) => row(`node ${n.node}`, n)),
    ...stopped.map((x) => [
      `apiserver ${x.name}`,
      'stopped',
      '',
      `identity Lease not renewed for ${duration(x.agoMs)}`,
    ]),
  ];
}

/** What was examined; with no findings, the bound every clock is within. */
function examinedText(s: ClusterSnapshot, model: ClockModel, findings: number): string {
  const { api, nodes, stopped } = model;
  const all = [
    ...api.map((a) => Math.abs(a.offsetMs) + a.uncertaintyMs),
    ...nodes.map((n) => Math.abs(n.offsetMs) + n.uncertaintyMs),
  ];
  const within = all.length > 0 ? Math.ceil(Math.max(...all) / 1000) : 0;
  const gone = stopped.length
    ? ` (not counted: ${stopped.map((x) => `${x.name} stopped renewing its identity Lease ${duration(x.agoMs)} ago`).join('; ')})`
    : '';
  const examined = `${api.length} apiserver${api.length === 1 ? '' : 's'}${gone}, ${nodes.length} node clock${nodes.length === 1 ? '' : 's'}, ${s.pods.length} pods and ${s.events.length} events for jumps${
    findings === 0 && all.length > 0 ? `: all clocks within ±${within} s` : ''
  }`;
  return examined;
}
