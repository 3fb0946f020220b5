/**
 * Log timelines and neighbour tables. Reads syslog, klog and RFC 3339 timestamps line by line; a
 * timeline that goes backwards (seed 001: "Apr 1 00:02" then "Feb 4 23:44") is a clock jump. Also
 * `ip neigh` / `arp -a` output where one MAC answers for two IPs (seed 004 §1).
 * @module
 */

import type { Finding } from '../../core/finding.js';
import { duration } from '../../core/format.js';
import { logBody } from '../paste.js';
import type { Paste } from '../rule.js';
import { monthIndex } from './times.js';

/** A syslog line, also indented, quoted or inside a container runtime's JSON log ({"log":"…"}). */
const SYSLOG_RE =
  /^[\s>]{0,8}(?:\{"log":")?([A-Za-z]{3}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)\s+(\S{1,64})\s+([A-Za-z0-9_.-]{1,64})/;
const KLOG_RE = /(?:^|\s|")([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.\d{6}\s/i;
/** An RFC 3339 time, with the named zone (CST, UTC, CEST …) that may follow a zoneless one; never a log level such as INFO. */
const RFC3339_RE =
  /\b(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.\d{1,9})?(Z|[+-]\d\d:?\d\d)?\b(?: (UTC|GMT|[ECMPA][SD]T|CES?T|EES?T|WES?T|BST|IST|JST|KST|HKT|SGT|MSK|AES?T|AEDT|NZ[SD]T|HST|AK[SD]T|ICT|WIB|PHT|SAST|BRT))?\b/;
/**
 * A date inside a sentence, not a log line's stamp: a Chinese word just before it ("单位是自 1970-01-01 … 起的秒数",
 * Unix time defined) or "since" / "from" ("seconds since 1970-01-01 00:00:00 UTC").
 */
const IN_SENTENCE_BEFORE_RE = /[\u4e00-\u9fff]\s*$|\b(?:since|from)\s+$/i;
/** `timedatectl` prints the same instant as local, universal and RTC time: a readout, not a log. */
const CLOCK_READOUT_RE = /^\s*(?:Local|Universal|RTC) time:/i;
/** Backward steps smaller than this are log interleaving, not a clock jump. */
const BACKWARD_TOLERANCE_MS = 120_000;

/** A line's timestamp, in ms of an arbitrary common year when the format has no year. */
function stamp(
  line: string,
): { ms: number; host?: string; program?: string; zone?: string; text: string } | undefined {
  let m = SYSLOG_RE.exec(line);
  if (m) {
    const mo = monthIndex(m[1] as string);
    if (mo >= 0)
      return {
        ms: Date.UTC(2000, mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])),
        host: m[6] as string,
        program: (m[7] as string).replace(/\[\d+\]:?$|:$/, ''),
        text: `${m[1]} ${m[2]} ${m[3]}:${m[4]}:${m[5]}`,
      };
  }
  // A container runtime's JSON log line ({"log":"…","stream":"stderr","time":"…"}) is stamped by its
  // "time" field; a date inside the message ("last updated: 2024-04-12 14:58") is the message's.
  const jsonTime = /^[\s>]{0,8}\{"log":"/.test(line) ? line.lastIndexOf('"time":"') : -1;
  m = RFC3339_RE.exec(jsonTime >= 0 ? line.slice(jsonTime + 8) : line);
  if (
    m &&
    (jsonTime >= 0 || (line.indexOf(m[0]) < 40 && !IN_SENTENCE_BEFORE_RE.test(line.slice(0, m.index))))
  ) {
    const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? 'Z'}`);
    // A named zone (CST, UTC) after a zoneless time: two zones' wall clocks are not one timeline.
    const zone = m[7] ? undefined : m[8]?.replace(/^(?:GMT|UTC)$/, 'UTC');
    if (!Number.isNaN(t)) return { ms: t, ...(zone ? { zone } : {}), text: m[0] };
  }
  m = KLOG_RE.exec(line);
  if (m && line.indexOf(m[0]) < 60)
    return {
      ms: Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
      text: `${m[2]}${m[3]} ${m[4]}:${m[5]}:${m[6]}`,
    };
  return undefined;
}

/**
 * A line that only marks lines left out of the paste: "...", "…", "[...]", "[snip]", "(truncated)"
 * (inside a container runtime's JSON log line it keeps its escaped newline).
 */
const ELISION_LINE_RE =
  /^(?:\.{3,}|…+|\[\s*(?:\.{3}|…|snip(?:ped)?|truncated)\s*\]|\(\s*(?:snip(?:ped)?|truncated)\s*\))(?:\\n)?$/i;

function elidedBetween(paste: Paste, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (ELISION_LINE_RE.test(logBody(paste.lines[i] ?? ''))) return true;
  return false;
}

/** What the timeline shows, plus a clock-jump finding when it runs backwards. */
export function analyseTimeline(paste: Paste): { recognised?: string; findings: Finding[] } {
  const stamps: { line: number; ms: number; host?: string; program?: string; zone?: string; text: string }[] =
    [];
  for (let i = 0; i < paste.lines.length; i++) {
    const l = paste.lines[i] as string;
    // A wrapped line's fragment may start with a date from the middle of its message.
    if (l.length < 12 || paste.wrapped.has(i) || CLOCK_READOUT_RE.test(l)) continue;
    const s = stamp(l);
    if (s) stamps.push({ line: i, ...s });
  }
  if (stamps.length === 0) return { findings: [] };
  const hosts = [...new Set(stamps.map((s) => s.host).filter(Boolean))];
  const programs = [...new Set(stamps.map((s) => s.program).filter(Boolean))].slice(0, 4);
  const first = stamps[0] as (typeof stamps)[number];
  const last = stamps[stamps.length - 1] as (typeof stamps)[number];
  const recognised = `${stamps.length} timestamped log line${stamps.length === 1 ? '' : 's'}${programs.length ? ` (${programs.join(', ')})` : ''}${hosts.length ? ` from ${hosts.slice(0, 3).join(', ')}` : ''}, ${stamps.length === 1 || first.text === last.text ? `at ${first.text}` : `${first.text} to ${last.text}`}`;
  const findings: Finding[] = [];
  let worst: { from: (typeof stamps)[number]; to: (typeof stamps)[number]; back: number } | undefined;
  for (let i = 1; i < stamps.length; i++) {
    const a = stamps[i - 1] as (typeof stamps)[number];
    const b = stamps[i] as (typeof stamps)[number];
    if ((a.host && b.host && a.host !== b.host) || (a.zone && b.zone && a.zone !== b.zone)) continue;
    // Lines cut out between them ("...", "[snip]"): two excerpts, perhaps of two runs, not one timeline.
    if (elidedBetween(paste, a.line, b.line)) continue;
    let back = a.ms - b.ms;
    // Syslog has no year: Dec → Jan is forward.
    if (back > 300 * 86_400_000) back = 0;
    if (back > BACKWARD_TOLERANCE_MS && (!worst || back > worst.back)) worst = { from: a, to: b, back };
  }
  if (worst) {
    const host = worst.to.host ?? worst.from.host;
    findings.push({
      code: 'skew/clock-jump',
      severity: 'critical',
      subject: { kind: 'node', name: host ?? 'pasted log' },
      title: `The log goes back in time by ${duration(worst.back)}${host ? ` on ${host}` : ''}: the clock had jumped ahead and was stepped back`,
      evidence: [
        {
          fact: `"${paste.shown(worst.from.line, 200)}"`,
          source: `pasted text, line ${worst.from.line + 1}`,
        },
        { fact: `"${paste.shown(worst.to.line, 200)}"`, source: `pasted text, line ${worst.to.line + 1}` },
        {
          fact: `${worst.from.text} is followed by ${worst.to.text}: ${duration(worst.back)} backwards`,
          source: 'log timestamps',
        },
      ],
      fix: {
        why: 'Anything stamped while the clock was ahead (service-account tokens, leases, certificates) is now in the future: tokens stay not-yet-valid and the kubelet will not refresh them.',
        steps: [
          {
            run: 'systemctl restart kubelet',
            where: 'node',
            ...(host ? { host } : {}),
            caution: 'Re-requests every pod token; containers keep running.',
          },
          {
            run: 'Make time sync run before the kubelet at boot and fix the hypervisor time source.',
            kind: 'advice',
            where: 'node',
            ...(host ? { host } : {}),
          },
        ],
      },
      confirm: [
        { run: '/k8s skew <cluster>   (or: kube-triage skew <cluster>)', where: 'workstation' },
        { run: '/k8s token <cluster>', where: 'workstation' },
      ],
    });
  }
  return { recognised, findings };
}

/** `ip neigh` / `arp -a` output where one MAC maps to several IPs. */
export function analyseNeighbours(paste: Paste): Finding[] {
  const byMac = new Map<string, { ip: string; line: number }[]>();
  for (let i = 0; i < paste.lines.length; i++) {
    const l = paste.lines[i] as string;
    if (l.length > 300) continue;
    const m =
      /^([0-9.]{7,15}) dev \S+ lladdr ([0-9a-fA-F:]{17})|\(([0-9.]{7,15})\) at ([0-9a-fA-F:]{17})/.exec(
        l.trim(),
      );
    if (!m) continue;
    const ip = (m[1] ?? m[3]) as string;
    const mac = ((m[2] ?? m[4]) as string).toLowerCase();
    const list = byMac.get(mac) ?? [];
    if (!list.some((x) => x.ip === ip)) list.push({ ip, line: i });
    byMac.set(mac, list);
  }
  const out: Finding[] = [];
  for (const [mac, list] of byMac) {
    if (list.length < 2) continue;
    out.push({
      code: 'net/stale-arp',
      severity: 'warning',
      subject: { kind: 'node', name: list[1]?.ip as string },
      title: `MAC ${mac} answers for ${list.map((x) => x.ip).join(' and ')}: a stale neighbour entry sends traffic to the wrong host`,
      evidence: list.map((x) => ({
        fact: `"${paste.shown(x.line, 160)}"`,
        source: `pasted text, line ${x.line + 1}`,
      })),
      fix: {
        why: 'A neighbour (ARP) entry learned the wrong MAC, or kept an old one after an address moved; packets for that IP go to the other host. (A VIP or proxy ARP can also look like this.)',
        steps: [
          { run: `ip neigh del ${list[1]?.ip} dev <interface>`, where: 'node' },
          {
            run: 'ip neigh flush dev <interface>',
            where: 'node',
            caution: 'Briefly drops neighbour entries for that interface.',
          },
        ],
      },
      confirm: [{ run: `arping -I <interface> -c 3 ${list[1]?.ip}`, where: 'node' }],
    });
  }
  return out;
}
