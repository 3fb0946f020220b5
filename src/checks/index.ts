/**
 * The check registry and runner. Checks must not import runtime code from cluster/, any I/O
 * module, Slack or render; they read the snapshot types only.
 * @module
 */
import type { ClusterSnapshot, SnapshotPart } from '../cluster/snapshot.js';
import { certsCheck } from './certs.js';
import { ipamCheck } from './ipam.js';
import { skewCheck } from './skew.js';
import { tokenCheck } from './token.js';
import { CHECK_IDS, type Check, type CheckId, type CheckResult } from './types.js';

/** Every check, by id. */
export const CHECKS: Readonly<Record<CheckId, Check>> = {
  skew: skewCheck,
  token: tokenCheck,
  certs: certsCheck,
  ipam: ipamCheck,
};

/** Snapshot parts the given checks need, deduplicated. */
export function partsFor(ids: readonly CheckId[]): SnapshotPart[] {
  return [...new Set(ids.flatMap((id) => CHECKS[id].needs))];
}

/** Runs the checks; one that throws becomes an unreadable-style answer, the others still answer. */
export function runChecks(
  snapshot: ClusterSnapshot,
  now: Date,
  ids: readonly CheckId[] = CHECK_IDS,
): CheckResult[] {
  return ids.map((id) => {
    const check = CHECKS[id];
    const unreadable = snapshot.unreadable.filter((u) => check.needs.includes(u.part));
    try {
      return { check: id, unreadable, ...check.run(snapshot, now) };
    } catch (e) {
      return {
        check: id,
        findings: [],
        examined: 'nothing: the check failed',
        unreadable: [
          ...unreadable,
          {
            part: check.needs[0] as SnapshotPart,
            reason: 'error',
            detail: `kube-triage bug in the ${id} check: ${(e as Error).message}`.slice(0, 300),
          },
        ],
      };
    }
  });
}

export { CHECK_IDS, type CheckId, type CheckResult } from './types.js';
