import { RUNS, summarize, type RunSummary } from './summarize.ts';

/**
 * Time `run` (ms per call) once the JIT has settled: warm up in windows of five
 * calls until a window's median is no faster than 3% below the previous one's
 * (the compiler has nothing left to improve; at most `maxWarm` calls), then
 * median, min and max of {@link RUNS} calls. `after` runs after each call,
 * untimed (an end of frame, say).
 *
 * @example
 * const plain = settledRunsMs(() => plainMove(a));
 */
export function settledRunsMs(run: () => void, after: () => void = () => {}, maxWarm = 200): RunSummary & { warmRuns: number } {
  const time = () => {
    const t0 = performance.now();
    run();
    const t = performance.now() - t0;
    after();
    return t;
  };
  let warmRuns = 0;
  let last = Infinity;
  while (warmRuns < maxWarm) {
    const w: number[] = [];
    for (let i = 0; i < 5; i++) w.push(time());
    warmRuns += 5;
    const m = summarize(w).value;
    if (m >= last * 0.97) break;
    last = m;
  }
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) t.push(time());
  return { ...summarize(t), warmRuns };
}
