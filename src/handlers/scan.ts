/**
 * The `scan` function: one invocation per cluster of a fleet run (invoked asynchronously by the
 * `report` function; Lambda's async retries may stay on: a retry or duplicate changes nothing).
 * Scans the cluster, stores its result, and assembles the run when it is the last (jobs/fleet.ts).
 * @module
 */

import { fleetDeps, functionScanRegistry } from '../aws/config.js';
import { type ScanEvent, scanForRun } from '../jobs/fleet.js';

/** Lambda entry. Two parameters (Node 24 runtime rule). */
export async function handler(event: ScanEvent, _context: unknown): Promise<{ outcome: string }> {
  return { outcome: await scanForRun(event, functionScanRegistry(), await fleetDeps()) };
}
