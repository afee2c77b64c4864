/** One figure of a suite: a value and its unit. */
export interface BenchResult {
  value: number;
  unit: 'ns' | 'us' | 'ms' | 'B' | 'MB' | 'x' | 'count' | '%' | 'GB/s';
  /** Set when the figure could not be measured cleanly (a GC in the window, say). */
  note?: string;
  /** Fastest and slowest run when `value` is a median of `runs` runs. */
  min?: number;
  max?: number;
  runs?: number;
  /** Warm-up runs before the measured ones (until the JIT settled). */
  warmRuns?: number;
  /** The figure of the same suite this one is measured against (charts draw them side by side). */
  baseline?: string;
  /** Set on a point of a series (e.g. one worker count of a scaling run): charts draw it as a line. */
  point?: { series: string; x: number; xLabel: string };
}

/** A suite's whole output: what `--json` prints and what charts are drawn from. */
export interface BenchDocument {
  suite: string;
  node: string;
  cpus: number;
  cpuModel: string;
  /** When the suite ran (ISO 8601). */
  date?: string;
  results: Record<string, BenchResult>;
}

/** A goal a figure is checked against in the readable table. */
export interface BenchGoal {
  /** Human-readable, e.g. "<= 16". */
  text: string;
  met: (results: Readonly<Record<string, BenchResult>>) => boolean;
}

/** A benchmark suite: `bench/suites/<name>.ts` default-exports one. */
export interface BenchSuite {
  /** What the suite measures and against which baseline. */
  description: string;
  run(): Promise<Record<string, BenchResult>>;
  /** Goals by figure name, shown in the table. */
  goals?: Record<string, BenchGoal>;
}

/**
 * Declare a suite (typing helper).
 *
 * @example
 * export default defineSuite({ description: '…', async run() { return { xNs: { value: 1, unit: 'ns' } }; } });
 */
export function defineSuite(s: BenchSuite): BenchSuite {
  return s;
}
