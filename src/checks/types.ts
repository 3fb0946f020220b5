/**
 * What a check is and what it answers. Checks are pure: (snapshot, now) → findings.
 * @module
 */
import type { ClusterSnapshot, SnapshotPart, Unreadable } from '../cluster/snapshot.js';
import type { FindingCode } from '../core/codes.js';
import type { Finding } from '../core/finding.js';

/** The checks; equal to the `/k8s` verbs. */
export type CheckId = 'token' | 'skew' | 'certs' | 'ipam';

/** Every check id, in report order. */
export const CHECK_IDS: readonly CheckId[] = ['skew', 'token', 'certs', 'ipam'];

/** What one check run produced. */
/** One clock's measured offset from kube-triage's clock, as `--json` prints it. */
export interface ClockMeasurement {
  readonly kind: 'apiserver' | 'node';
  readonly name: string;
  /** address:port of the probed apiserver endpoint. */
  readonly endpoint?: string;
  /** Remote clock minus kube-triage's clock, seconds; the true value lies within ± uncertaintyS. */
  readonly offsetS: number;
  readonly uncertaintyS: number;
  readonly method: string;
}

export interface CheckRun {
  readonly findings: readonly Finding[];
  /** What was examined, so a clean result is an answer: "6 nodes, 3 apiserver endpoints". */
  readonly examined: string;
  /** Measurements worth showing even when clean (one line each, e.g. the clock table). */
  readonly table?: readonly (readonly string[])[];
  /** Each clock measured, as data (skew and token checks). */
  readonly clocks?: readonly ClockMeasurement[];
}

/** A check: pure function of a snapshot and the current time. */
export interface Check {
  readonly id: CheckId;
  readonly title: string;
  /** One paragraph for `/k8s help <id>`. */
  readonly help: string;
  /** Snapshot parts this check reads; the runner reports any that were unreadable. */
  readonly needs: readonly SnapshotPart[];
  /** Every code this check can emit; the catalog test holds the check to it. */
  readonly emits: readonly FindingCode[];
  run(snapshot: ClusterSnapshot, now: Date): CheckRun;
}

/** One check's answer: findings, what it looked at, and what it could not read. */
export interface CheckResult extends CheckRun {
  readonly check: CheckId;
  readonly unreadable: readonly Unreadable[];
}
