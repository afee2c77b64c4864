import { defineConfig } from 'vitest/config';

/**
 * Browser tests: build the app, serve it with `vite preview` (COOP/COEP headers)
 * on a free port, and drive Debian's Chromium through playwright-core. Kept out
 * of `npm test` (see vitest.config.ts); run with `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/globalSetup.ts'],
    pool: 'forks',
    // One browser at a time: software WebGL is CPU-bound and the machine is small.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
