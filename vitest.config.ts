import { defineConfig } from 'vitest/config';
import { tickflowBuild } from './src/build/vitePlugin.ts';

export default defineConfig({
  // The build pipeline (coroutine compiler) runs on tests and sources, as in the app.
  plugins: [tickflowBuild()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    // One file at a time: allocation windows are exact only while no other test
    // process competes for the (two) cores; a starved optimizing compiler leaves a
    // frame in baseline code, which boxes floats.
    fileParallelism: false,
    // Allocation tests measure in GC-free windows: they need gc() and a large young generation.
    execArgv: ['--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256'],
    testTimeout: 30_000,
  },
});
