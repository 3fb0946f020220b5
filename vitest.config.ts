import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/real needs kube-apiserver and etcd: `npm run test:real` (vitest.real.config.ts).
    exclude: ['test/real/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Reports pace their Slack posts at one a second per channel; tests that check pacing set it.
    env: { KUBE_TRIAGE_POST_INTERVAL_MS: '0' },
  },
});
