/**
 * The `report` function (EventBridge): `daily-report` starts a fleet run (one async `scan` invoke
 * per cluster due, jobs/fleet.ts); `sweep` (every minute) assembles runs whose deadline passed.
 * `channels` limits a run to those channels; `deadlineS` and `budgetS` shorten its deadline and
 * scan budget (bounded by RUN_DEADLINE_MAX_MS and SNAPSHOT_BUDGET_MS).
 * @module
 */

import { fleetDeps, functionDirectory, functionRuns } from '../aws/config.js';
import { asyncInvoker } from '../aws/invoke.js';
import { RUN_DEADLINE_MAX_MS, RUN_DEADLINE_MS, SNAPSHOT_BUDGET_MS } from '../core/limits.js';
import { boundedMs, startRun, sweepRuns } from '../jobs/fleet.js';

type ReportEvent = { kind?: string; channels?: string[]; deadlineS?: number; budgetS?: number };

/** Lambda entry. Two parameters (Node 24 runtime rule). */
export async function handler(
  event: ReportEvent,
  _context: unknown,
): Promise<{ run?: string; posted?: number }> {
  const deps = await fleetDeps();
  if (event.kind === 'sweep') return { posted: (await sweepRuns(deps)).length };
  const scan = asyncInvoker(process.env.SCAN_FUNCTION ?? 'kube-triage-scan');
  const plan = await startRun(functionDirectory(), functionRuns(), scan, deps.log, {
    ...(event.channels?.length ? { channels: event.channels } : {}),
    deadlineMs: boundedMs(event.deadlineS, RUN_DEADLINE_MS, RUN_DEADLINE_MAX_MS),
    budgetMs: boundedMs(event.budgetS, SNAPSHOT_BUDGET_MS, SNAPSHOT_BUDGET_MS),
    history: deps.history,
  });
  return plan ? { run: plan.id } : {};
}
