// Vitest fixtures (test.extend) for sandbox clusters, so no test hand-rolls its start and close:
// - `sandbox(scenario)`: starts a real sandbox for one test, closed after it, pass or fail;
// - `sandboxTest(scenario)`: a `test` whose `sb` is one sandbox shared by the whole file (started
//   on first use, also in `test.beforeAll`, closed after the file);
// - `sandboxesTest({ name: scenario, … })`: the same with several, each under its own name.
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

/** `test` with `sb`: one sandbox of `scenario` for the whole file. */
export function sandboxTest(scenario: string | Scenario) {
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixtures a function needs from its destructuring
  return test.extend('sb', { scope: 'file' }, async ({}, { onCleanup }) => {
    const sb = await sandboxFor(scenario);
    onCleanup(() => sb.close());
    return sb;
  });
}

/** `test` with one file-wide sandbox per name: `sandboxesTest({ demo: 'demo', ok: 'healthy' })`. */
export function sandboxesTest<N extends string>(scenarios: Record<N, string | Scenario>) {
  const fixtures = Object.fromEntries(
    Object.entries<string | Scenario>(scenarios).map(([name, scenario]) => [
      name,
      [
        // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixtures a function needs from its destructuring
        async ({}, use: (sb: Sandbox) => Promise<void>) => {
          const sb = await sandboxFor(scenario);
          await use(sb);
          await sb.close();
        },
        { scope: 'file' },
      ],
    ]),
  );
  return test.extend<{ $file: Record<N, Sandbox> }>(fixtures as never);
}
