import { defineConfig } from 'vitest/config';

// The real-apiserver tier (npm run test:real): real etcd and kube-apiserver processes, one world
// per file, files one after another (each world takes ~200 MB per apiserver and both cores).
export default defineConfig({
  test: {
    include: ['test/real/**/*.test.ts'],
    // The HA file runs in its own network namespace (vitest.real-ha.config.ts, scripts/test-real.ts).
    exclude: ['test/real/ha/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
