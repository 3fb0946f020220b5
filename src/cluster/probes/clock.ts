/**
 * Clock probe: a request straight to one endpoint, recording local send/receive times and the
 * server's Date header. The offset is Date − midpoint; the true offset lies within RTT/2 + 1 s
 * (Date has 1 s resolution). When budget allows, requests are repeated until the Date second
 * ticks, which narrows the window to RTT/2 + the spacing between requests.
 *
 * The probe carries no credentials (no bearer token, no client certificate): it may reach an
 * address that is not the registered server (EndpointSlice addresses, extra endpoints), and every
 * answer has a Date header, a 401 included. The server is still verified with the cluster CA.
 * @module
 */

import { Agent, request } from 'node:https';
import { deadline } from '../../core/deadline.js';
import { PROBE_TIMEOUT_MS } from '../../core/limits.js';
import { ApiFailure, mapNetError } from '../connect.js';
import { parseHttpDate } from '../http-date.js';
import type { ClockReading } from '../snapshot.js';

/** A keep-alive agent for anonymous probes, verified with the cluster CA (none: system roots). */
export function probeAgent(ca: string | undefined): Agent {
  return new Agent({ keepAlive: true, maxSockets: 4, ...(ca ? { ca } : {}) });
}

/** One anonymous GET; resolves with the Date header and local times. */
function anonymousGet(
  agent: Agent,
  url: URL,
  signal: AbortSignal,
): Promise<{ date: string; sentAt: number; receivedAt: number }> {
  return new Promise((resolve, reject) => {
    const sentAt = Date.now();
    const req = request(
      url,
      {
        method: 'GET',
        agent,
        signal: deadline(PROBE_TIMEOUT_MS, signal),
        headers: { Accept: 'application/json', 'User-Agent': 'kube-triage/0.1 (read-only clock probe)' },
        // SNI must be a DNS name: omit it when dialling an IP (DEP0123).
        servername: /^[\d.]+$|:/.test(url.hostname) ? '' : url.hostname,
      },
      (res) => {
        const receivedAt = Date.now();
        res.resume();
        res.on('end', () => resolve({ date: String(res.headers.date ?? ''), sentAt, receivedAt }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Spacing between requests while waiting for the Date second to tick, ms. */
const TICK_SPACING_MS = 60;
/** Longest time spent waiting for a tick, ms (the Date second ticks within 1 s). */
const TICK_BUDGET_MS = 1_150;

interface Sample {
  readonly dateSec: number;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly dateHeader: string;
}

/** Reads one endpoint's clock with anonymous requests (verified TLS, no credentials). */
export async function probeClock(
  agent: Agent,
  target: {
    readonly name: string;
    readonly kind: ClockReading['kind'];
    readonly address: string;
    readonly port: number;
    readonly path: string;
  },
  signal: AbortSignal,
  refine: boolean,
): Promise<ClockReading> {
  const base = { target: target.name, kind: target.kind, address: target.address, port: target.port };
  const url = new URL(
    `https://${target.address.includes(':') ? `[${target.address}]` : target.address}:${target.port}`,
  );
  const sample = async (): Promise<Sample> => {
    const r = await anonymousGet(agent, new URL(target.path, url), signal);
    const date = r.date;
    const t = parseHttpDate(date);
    if (t === undefined)
      throw new ApiFailure(
        'error',
        date ? 'response Date header is not an HTTP date' : 'response has no Date header',
      );
    return { dateSec: t, sentAt: r.sentAt, receivedAt: r.receivedAt, dateHeader: date };
  };
  let first: Sample;
  try {
    first = await sample();
  } catch (e) {
    const f = mapNetError(e);
    return { ...base, error: f.reason, errorDetail: f.message };
  }
  const rtt = first.receivedAt - first.sentAt;
  // Plain reading: the server's second [D, D+1) was current at some instant in [sent, received].
  let lo = first.dateSec - first.receivedAt;
  let hi = first.dateSec + 1000 - first.sentAt;
  if (refine) {
    const deadline = Date.now() + TICK_BUDGET_MS;
    let prev = first;
    while (Date.now() < deadline && !signal.aborted) {
      await new Promise((r) => setTimeout(r, TICK_SPACING_MS));
      let s: Sample;
      try {
        s = await sample();
      } catch {
        break;
      }
      // Each sample bounds the offset: D − received ≤ offset < D + 1 s − sent.
      lo = Math.max(lo, s.dateSec - s.receivedAt);
      hi = Math.min(hi, s.dateSec + 1000 - s.sentAt);
      if (s.dateSec !== prev.dateSec) break; // the tick gives the tightest pair of bounds
      prev = s;
    }
  }
  if (lo > hi) [lo, hi] = [hi, lo];
  return {
    ...base,
    offsetMs: Math.round((lo + hi) / 2),
    uncertaintyMs: Math.round((hi - lo) / 2),
    rttMs: rtt,
    dateHeader: first.dateHeader,
  };
}
