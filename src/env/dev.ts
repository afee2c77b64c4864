/**
 * Whether this is a development build: safety checks and asserts run only when
 * `DEV` is true. It is a module constant, read once at load, so bundlers fold it
 * (Vite replaces `process.env.NODE_ENV`) and V8 drops dead `if (DEV)` branches:
 * production pays nothing. The headless runner's `--release` sets
 * `NODE_ENV=production` before any module that reads this is loaded.
 *
 * @example
 * import { DEV } from '../env/dev.ts';
 * if (DEV) checkSafety(job);
 */
export const DEV: boolean = readDev();

function readDev(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NODE_ENV !== 'production';
}
