/** One figure of a suite: a value and its unit. */
export interface BenchResult {
  value: number;
  unit: 'ns' | 'us' | 'ms' | 'B' | 'x' | 'count' | '%';
  /** Set when the figure could not be measured cleanly (a GC in the window, say). */
  note?: string;
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
