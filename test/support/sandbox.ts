// Starts real sandbox clusters for tests and turns them into cluster records.

import type { ClusterRecord } from '../../src/cluster/registry.js';
import { Secret } from '../../src/core/secret.js';
import { loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';

/** Starts the named (or given) scenario; the caller closes it. */
export async function sandboxFor(scenario: string | Scenario): Promise<Sandbox> {
  return startSandbox(typeof scenario === 'string' ? loadScenario(scenario) : scenario);
}

/** A cluster record for a running sandbox, as the CLI registers it. */
export function recordFor(sb: Sandbox, overrides: Partial<ClusterRecord> = {}): ClusterRecord {
  return {
    name: 'sandbox',
    server: sb.server,
    caData: sb.caPem,
    auth: { kind: 'token', token: new Secret(sb.token) },
    // Loopback apiservers are in no EndpointSlice (as on real apiservers): the record lists them.
    endpoints: sb.endpoints.map((e) => `${e.ip}:${e.port}`),
    channels: ['C-SANDBOX'],
    kubeletsReachable: true,
    source: `test sandbox ${sb.scenario.name}`,
    ...overrides,
  };
}
