/**
 * Paste rules for clocks: jumps (chrony, kubelet "zero or negative interval", prose) and etcd
 * peer drift (docs/findings.md, skew/*).
 * @module
 */

import type { Command } from '../../core/finding.js';
import { catalogStep } from '../../core/fixes.js';
import { duration } from '../../core/format.js';
import { liveCheck, pasteFinding } from '../build.js';
import { detectOrigin } from '../distro.js';
import { illustratedAt } from '../paste.js';
import type { Rule } from '../rule.js';
import { desktopVmStory, foreignClockStory } from './signals.js';

/** Pods started on either side of a clock jump keep its stamps: recreated, they start clean. */
export const RESTART_JUMPED_PODS: Command = {
  run: 'kubectl rollout restart deployment/<name> -n <namespace>   # pods started during the jump',
  where: 'workstation',
  caution: 'Recreates the pods.',
};

/** Nanosecond timestamps in "zero or negative interval (new - cached)". */
const INTERVAL_RE = /zero or negative interval \((\d{10,19}) - (\d{10,19})\)/;

/** Clock rules. */
export const SKEW_RULES: readonly Rule[] = [
  {
    id: 'quorum-clock-skew',
    code: 'skew/node-clock',
    // Quorum systems that run on the nodes measure their peers' clocks: Ceph's monitors (health
    // MON_CLOCK_SKEW, "clock skew %fs > max %fs"), MongoDB/Cassandra-like "clock skew detected".
    pattern:
      /\bclock skew [\d.]+\s?s > max [\d.]+\s?s|\bMON_CLOCK_SKEW\b|clock skew detected on (?:mon|node|host)/i,
    examples: [
      '2024-03-02 11:20:17.101 [WRN] mon.b 10.1.2.8:6789/0 clock skew 0.291s > max 0.05s',
      'HEALTH_WARN clock skew detected on mon.c; MON_CLOCK_SKEW',
    ],
    nearMisses: ['token validation allows a clock skew of 5 minutes', 'mon.b 10.1.2.8:6789/0 is down'],
    rank: 7,
    diagnose(hits, paste) {
      return pasteFinding('skew/node-clock', hits, paste, {
        title: 'Node clocks disagree: a quorum system on the nodes measured their skew',
        why: "Services that keep a quorum across nodes (Ceph monitors, etcd) compare their peers' clocks and degrade beyond a small bound (Ceph: 0.05 s). The node clocks are not synchronised to one source.",
        confirm: [liveCheck('skew'), { run: 'chronyc tracking && chronyc sources -v', where: 'node' }],
        steps: [
          {
            run: 'systemctl enable --now chronyd && chronyc makestep',
            where: 'node',
            caution: 'Steps the clock at once on that node.',
          },
        ],
      });
    },
  },
  {
    id: 'clock-jump-signature',
    code: 'skew/clock-jump',
    // Source: chronyd ("Backward time jump detected!", "System clock was stepped by"); ntpd's event log
    // ("clock_step -28818.771869 s", "time reset +3.2 s") and ntpdate ("step time server … offset …");
    // kubelet cri_stats_provider.go "zero or negative interval"; Talos's time sync (internal/pkg/ntp/ntp.go
    // "adjusting time (jump) by %s via %s", beyond its 400 ms slew limit: only a step of a second or more
    // here; machined's time/sync.go "detected wall-clock jump while time synchronization is disabled").
    pattern:
      /(?:Backward|Forward) time jump detected|System clock was stepped by|\badjusting time \(jump\) by -?(?:\d+h|\d+m(?!s)|\d*[1-9]\d*(?:\.\d+)?s)|\bdetected wall-clock jump while time synchronization is disabled|\bclock_step [+-]?\d+(?:\.\d+)? s\b|\bntpd\[\d+\]: time reset [+-]?\d|\bstep time server \S+ offset [+-]?\d|zero or negative interval \(|change the date(?: ?time)? on (?:the )?node to an earlier time|clock (?:jumped|was stepped|went back)/i,
    examples: [
      'Feb 4 23:44:00 redhat79 chronyd[917]: Backward time jump detected!',
      'cri_stats_provider.go:757] "Failed updating cpu usage nano core" err="zero or negative interval (1707196606940341356 - 1711900953406532664)"',
      'When change the date time on node to an earlier time: ',
      'Jan 10 10:00:01 node1 chronyd[612]: System clock was stepped by -3600.000123 seconds',
      'Sep 12 11:04:53 node-6 ntpd[902]: 0.0.0.0 c61c 0c clock_step -28818.771869 s',
      'Mar  3 02:11:09 worker-1 ntpdate[2210]: step time server 10.0.0.1 offset 3600.412 sec',
      '[talos] adjusting time (jump) by 1h2m3.5s via 0.pool.ntp.org, state TIME_OK, status STA_PLL | STA_NANO',
      '[talos] adjusting time (jump) by -12.25s via time.cloudflare.com, state TIME_OK, status STA_NANO',
    ],
    nearMisses: [
      '[talos] adjusting time (jump) by 512.3ms via 0.pool.ntp.org, state TIME_OK, status STA_PLL | STA_NANO',
      '[talos] adjusting time (jump) by -0.75s via 0.pool.ntp.org, state TIME_OK, status STA_NANO',
      '[talos] adjusting time (slew) by 12.5ms via 0.pool.ntp.org, state TIME_OK, status STA_PLL | STA_NANO',
      'ntpd[902]: 0.0.0.0 c614 04 freq_mode',
      'Mar  3 02:11:09 worker-1 ntpdate[2210]: adjust time server 10.0.0.1 offset 0.012 sec',
      'time drift between 100.64.96.18 and 100.64.98.151 is higher than the allowed threshold of 300ms: 300.001183ms',
      'chronyd[612]: Selected source 10.0.0.1',
    ],
    rank: 7,
    // A runbook's "similar to the following example output:" shows what a step prints, not this clock.
    // chrony's and ntpd's steps are any machine's: in a paste about a laptop's container VM or another
    // system's hosts that never names Kubernetes, they are not a node's.
    when: (paste, hit) =>
      !illustratedAt(paste, hit.line) && !desktopVmStory(paste) && !foreignClockStory(paste),
    diagnose(hits, paste) {
      const facts = [];
      for (const h of hits) {
        const m = INTERVAL_RE.exec(paste.lines[h.line] ?? '');
        if (m) {
          // The cached sample keeps the jumped timestamp; the gap is the size of the jump.
          const gapMs = Math.trunc(Number(BigInt(m[2] as string) - BigInt(m[1] as string)) / 1e6);
          if (gapMs > 0) {
            facts.push({
              fact: `the kubelet's cached CPU sample is stamped ${duration(gapMs)} after the current one: the clock was about ${duration(gapMs)} ahead and then stepped back (cached at ${new Date(Number(BigInt(m[2] as string) / 1_000_000n)).toISOString()})`,
              source: `pasted text, line ${h.line + 1}`,
            });
            break;
          }
        }
        const talos = /adjusting time \(jump\) by (-?[\d.hmµns]+) via ([^\s,]+)/.exec(
          paste.lines[h.line] ?? '',
        );
        if (talos) {
          facts.push({
            fact: `Talos's time sync stepped the clock by ${talos[1]} (from ${talos[2]})`,
            source: `pasted text, line ${h.line + 1}`,
          });
          break;
        }
        const st = /(stepped by|clock_step|time reset|offset) ([+-]?[\d.]+) s(?:ec(?:ond)?s?)?\b/.exec(
          paste.lines[h.line] ?? '',
        );
        if (st) {
          facts.push({
            fact: `${st[1] === 'stepped by' ? 'chrony' : 'ntpd'} stepped the clock by ${st[2]} s`,
            source: `pasted text, line ${h.line + 1}`,
          });
          break;
        }
      }
      // Talos has no chronyd or systemd units: its own time sync logs to dmesg and keeps a jump counter.
      const talos = detectOrigin(paste).platform === 'talos';
      return pasteFinding('skew/clock-jump', hits, paste, {
        facts,
        why: 'A clock stepped. Tokens minted while it was ahead stay not-yet-valid (the kubelet will not refresh them), a backward step on a node stops its lease renewals from counting (NodeStatusUnknown), and the kubelet keeps failing CPU stats ("zero or negative interval") until it restarts.',
        confirm: [
          liveCheck('skew'),
          liveCheck('token'),
          talos
            ? {
                run: 'talosctl -n <node> get timestatuses; talosctl -n <node> dmesg | grep -i "adjusting time (jump)"   # EPOCH counts jumps over 15 min',
                where: 'workstation',
              }
            : { run: 'journalctl -u chronyd --since "-7d" | grep -Ei "time jump|stepped"', where: 'node' },
        ],
        steps: [
          catalogStep('kubeletRestart'),
          RESTART_JUMPED_PODS,
          talos
            ? {
                run: 'Talos waits for its own time sync before starting the kubelet: check the machine config time servers (machine.time.servers) are reachable, and the hypervisor or RTC time.',
                kind: 'advice',
                where: 'workstation',
              }
            : {
                run: 'Make time sync run before the kubelet at boot (chrony-wait.service / chronyd -q) and check the hypervisor time sync.',
                kind: 'advice',
                where: 'node',
              },
        ],
      });
    },
  },
  {
    id: 'etcd-peer-clock-drift',
    code: 'skew/etcd-peer-drift',
    // Source: etcd rafthttp/probing: "the clock difference against peer %s is too high", "prober found high clock drift".
    pattern: /\bclock difference against peer \S+ is too high|prober found high clock drift/i,
    examples: [
      '2019-09-02 02:49:47.744461 W | rafthttp: the clock difference against peer bbda5218201726f5 is too high [38.293260096s > 1s] (prober "ROUND_TRIPPER_SNAPSHOT")',
      '2016-07-13 16:59:59.776094 W | rafthttp: the clock difference against peer 4e8d454852097618 is too high [12.407738276s > 1s]',
      '{"level":"warn","msg":"prober found high clock drift","remote-peer-id":"a1","clock-drift":"12.4s","rtt":"1ms"}',
      // The peer's ID elided, as people paste it (etcd-io/etcd#5938's title).
      'rafthttp: the clock difference against peer XXXX is too high [12.407738276s > 1s]',
    ],
    nearMisses: [
      'time drift between 100.64.96.18 and 100.64.98.151 is higher than the allowed threshold of 300ms: 300.001183ms',
    ],
    rank: 7,
    diagnose(hits, paste) {
      const m = /\[([\d.]+)s > 1s\]/.exec(paste.lines[hits[0]?.line ?? 0] ?? '');
      return pasteFinding('skew/etcd-peer-drift', hits, paste, {
        ...(m
          ? {
              facts: [
                {
                  fact: `etcd members' clocks differ by ${m[1]} s (threshold 1 s); in etcd 3.4 logs the clock-drift and rtt values are swapped, read both`,
                  source: `pasted text, line ${(hits[0]?.line ?? 0) + 1}`,
                },
              ],
            }
          : {}),
        why: 'etcd warns when peers disagree by more than 1 s. Raft does not depend on it, but etcd usually runs beside the apiservers: their clocks disagree too, which breaks service-account tokens beyond 60 s.',
        confirm: [
          liveCheck('skew'),
          { run: 'kubectl logs -n kube-system etcd-<node> | grep -i clock', where: 'workstation' },
        ],
        steps: [
          {
            run: 'chronyc tracking && chronyc sources -v; systemctl enable --now chronyd',
            where: 'control-plane',
          },
        ],
      });
    },
  },
];
