/** Summary of frame times in ms. */
export interface FrameSummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Percentiles (nearest rank) of the first `n` samples. Sorts a copy, once, at the end
 * of a run, so it stays off the per-frame path.
 *
 * @example
 * summarize(new Float64Array([1, 2, 3, 4]), 4).p50 // 2
 */
export function summarize(samples: Float64Array, n: number): FrameSummary {
  if (n === 0) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const s = samples.slice(0, n).sort();
  const at = (q: number) => s[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[n - 1]!, mean: sum / n };
}
