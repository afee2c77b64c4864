import { RUNS, summarize, type RunSummary } from './summarize.ts';

/**
 * Microseconds per call of `fn`, as {@link RUNS} blocks of `rounds / RUNS`
 * calls each (one sample per block): median, min and max over the blocks.
 *
 * @example
 * usPerCall(20_000, () => jobs.complete(jobs.schedule(nothing, args)))
 */
export function usPerCall(rounds: number, fn: () => void, blocks = RUNS): RunSummary {
  const per = Math.max(1, Math.floor(rounds / blocks));
  const t: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) fn();
    t.push(((performance.now() - t0) * 1000) / per);
  }
  return summarize(t);
}

/** {@link usPerCall} for an asynchronous call, awaited one at a time. */
export async function usPerCallAsync(rounds: number, fn: () => Promise<unknown>, blocks = RUNS): Promise<RunSummary> {
  const per = Math.max(1, Math.floor(rounds / blocks));
  const t: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) await fn();
    t.push(((performance.now() - t0) * 1000) / per);
  }
  return summarize(t);
}
