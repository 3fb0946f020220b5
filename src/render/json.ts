/**
 * The JSON renderer: the stable machine-readable shape documented in docs/cli.md.
 * @module
 */
import type { CheckResult } from '../checks/types.js';
import type { Finding } from '../core/finding.js';
import { compareSeverity } from '../core/severity.js';

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
  }[];
  readonly findings: readonly (Finding & { check?: string })[];
}

/** Builds the JSON document for one cluster's results. */
export function toJsonReport(
  cluster: string,
  results: readonly CheckResult[],
  meta: { server?: string; takenAt?: Date } = {},
): JsonReport {
  const findings = results.flatMap((r) => r.findings.map((f) => ({ check: r.check, ...f })));
  findings.sort((a, b) => compareSeverity(a.severity, b.severity));
  return {
    cluster,
    ...(meta.server ? { server: meta.server } : {}),
    ...(meta.takenAt ? { takenAt: meta.takenAt.toISOString() } : {}),
    checks: results.map((r) => ({
      check: r.check,
      examined: r.examined,
      unreadable: r.unreadable,
      ...(r.table ? { table: r.table } : {}),
    })),
    findings,
  };
}
