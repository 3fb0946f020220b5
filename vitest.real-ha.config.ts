import { defineConfig } from 'vitest/config';

// The HA part of the real-apiserver tier: three apiservers with the real endpoint reconciler on
// non-loopback addresses, which exist only in the private network namespace scripts/test-real.ts
// creates (unshare --net, the addresses on its own lo).
export default defineConfig({
  test: {
    include: ['test/real/ha/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
