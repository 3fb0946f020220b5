/**
 * The JSON renderer: the stable machine-readable shape documented in docs/cli.md.
 * @module
 */
import type { CheckResult } from '../checks/types.js';
import type { Finding } from '../core/finding.js';
import { incidents, ranked } from '../core/rank.js';
import type { Diagnosis } from '../diagnose/index.js';

/** What `--json` prints for one cluster. */
export interface JsonReport {
  readonly cluster: string;
  readonly server?: string;
  readonly takenAt?: string;
  readonly checks: readonly {
    check: string;
    examined: string;
    unreadable: CheckResult['unreadable'];
    table?: CheckResult['table'];
    clocks?: CheckResult['clocks'];
  }[];
  readonly findings: readonly (Finding & { check?: string })[];
  /**
   * Findings that share a cause (core/rank `incidents`), as indexes into `findings`: the cause and
   * the findings it explains. Every finding is in exactly one incident.
   */
  readonly incidents: readonly { cause: number; effects: number[] }[];
}

/** Builds the JSON document for one cluster's results. */
export function toJsonReport(
  cluster: string,
  results: readonly CheckResult[],
  meta: { server?: string; takenAt?: Date } = {},
): JsonReport {
  const findings = ranked(
    results.flatMap((r) => r.findings.map((f) => ({ check: r.check, ...f }))),
    meta.takenAt?.getTime(),
  );
  return {
    cluster,
    ...(meta.server ? { server: meta.server } : {}),
    ...(meta.takenAt ? { takenAt: meta.takenAt.toISOString() } : {}),
    checks: results.map((r) => ({
      check: r.check,
      examined: r.examined,
      unreadable: r.unreadable,
      ...(r.table ? { table: r.table } : {}),
      ...(r.clocks ? { clocks: r.clocks } : {}),
    })),
    findings,
    incidents: incidents(findings).map((i) => ({
      cause: findings.indexOf(i.cause),
      effects: i.effects.map((e) => findings.indexOf(e)),
    })),
  };
}

/** What `diagnose --json` prints. */
export function toJsonDiagnosis(d: Diagnosis): Record<string, unknown> {
  return {
    findings: d.findings,
    decoded: d.decoded,
    recognised: d.recognised,
    hints: d.hints,
    differentials: d.differentials,
    ...(d.noMatch ? { noMatch: d.noMatch } : {}),
    truncated: d.truncated,
    lines: d.lines,
    bytes: d.bytes,
    secrets: d.secrets,
    expiredSecrets: d.expiredSecrets,
  };
}
