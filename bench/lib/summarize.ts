import type { BenchResult } from '../types.ts';

/** Runs behind every timed figure: the median of at least this many, with the fastest and slowest. */
export const RUNS = 15;

/** A figure from repeated runs: the median, with min and max. */
export type RunSummary = Required<Pick<BenchResult, 'value' | 'min' | 'max' | 'runs'>>;

/**
 * Median, min and max of a sample (the figure a shared, noisy machine can
 * stand behind: the median ignores the runs another process stole).
 *
 * @example
 * summarize([3, 1, 2]) // { value: 2, min: 1, max: 3, runs: 3 }
 */
export function summarize(samples: readonly number[]): RunSummary {
  if (samples.length === 0) throw new Error('bench summarize: no samples; run the measurement at least once.');
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const value = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { value, min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}

/** `summary` scaled (a rate from a time: bytes / ms, say), min and max swapped when `f` decreases. */
export function mapSummary(r: RunSummary, f: (x: number) => number): RunSummary {
  const a = f(r.min);
  const b = f(r.max);
  return { value: f(r.value), min: Math.min(a, b), max: Math.max(a, b), runs: r.runs };
}
