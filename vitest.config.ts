import { defineConfig } from 'vitest/config';
import { tickflowBuild } from './src/build/vitePlugin.ts';

export default defineConfig({
  // The build pipeline (coroutine compiler) runs on tests and sources, as in the app.
  plugins: [tickflowBuild()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    // Allocation tests measure in GC-free windows: they need gc() and a large young generation.
    execArgv: ['--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256'],
    testTimeout: 30_000,
  },
});
