// Vitest fixtures (test.extend): `sandbox(scenario)` starts a real sandbox cluster for one test and
// closes it after the test, pass or fail, so no test hand-rolls its try/finally.
import { test as base } from 'vitest';
import type { Scenario } from '../../src/sandbox/scenario.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { sandboxFor } from './sandbox.js';

export interface Fixtures {
  /** Starts the named (or given) scenario; closed when the test ends. */
  sandbox: (scenario: string | Scenario) => Promise<Sandbox>;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixtures a function needs from its destructuring
  sandbox: async ({}, use) => {
    const open: Sandbox[] = [];
    await use(async (scenario) => {
      const sb = await sandboxFor(scenario);
      open.push(sb);
      return sb;
    });
    await Promise.all(open.map((sb) => sb.close()));
  },
});
