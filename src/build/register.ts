/**
 * `node --import tsx --import ./src/build/register.ts main.ts`: compile coroutines
 * in the Node headless runner and benchmarks. Enables source maps so stack traces
 * from compiled coroutines point at the original lines.
 */
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./loaderHooks.ts', import.meta.url);
