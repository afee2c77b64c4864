import { setFlagsFromString } from 'node:v8';

let semiSpaceReleased = false;
/**
 * Let job workers size their own young generation. `--min/max-semi-space-size`
 * (the profiling flags: a GC-free window on the main thread) are process-wide
 * and V8 lets them override a worker's `resourceLimits`, so every worker would
 * reserve 1 GB semi-spaces and five or more of them exhaust memory at start.
 * The main thread's heap was configured at start-up and keeps its size; only
 * isolates created from now on see V8's defaults, and with them their own
 * `resourceLimits`. Idempotent; a no-op when the flags are absent.
 *
 * @example
 * releaseSemiSpaceFlags(); // before creating worker threads in a profiling process
 */
export function releaseSemiSpaceFlags(): void {
  if (semiSpaceReleased) return;
  semiSpaceReleased = true;
  const flags = process.execArgv.join(' ') + ' ' + (process.env.NODE_OPTIONS ?? '');
  if (!/--(min|max)-semi-space-size/.test(flags)) return;
  setFlagsFromString('--min-semi-space-size=0');
  setFlagsFromString('--max-semi-space-size=0');
}
