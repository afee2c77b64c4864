import { measureAsync, measureSettled, type MeasureOptions, type Measurement } from './measure.ts';
import { BenchDefinitionError } from './errors.ts';

/** One case of a suite: what {@link bench} returns. */
export interface BenchCase {
  readonly name: string;
  /** One call: an operation, or `opsPerCall` of them. A call that returns a promise makes the case asynchronous. */
  readonly fn: () => unknown;
  readonly options: MeasureOptions;
}

/** What {@link defineBenchSuite} takes. */
export interface BenchSuiteSpec {
  /** Shown in the report; defaults to the file name. */
  readonly name?: string;
  readonly description?: string;
  /** The case every ratio is relative to. */
  readonly baseline: string;
  readonly cases: readonly BenchCase[];
}

const SUITE = Symbol.for('tickflow.benchSuite');

/** A checked suite: `tickflow bench <file>` runs the file's default export. */
export interface BenchSuite extends BenchSuiteSpec {
  readonly [SUITE]: true;
}

/** One row of a report. */
export interface BenchCaseResult extends Measurement {
  /** ns/op over the baseline's ns/op (1 for the baseline itself). */
  ratio: number;
  /** Whether calls were awaited (the case's first call returned a promise). */
  async: boolean;
}

/** A suite's report, as `tickflow bench --json` prints it. */
export interface BenchReport {
  suite: string;
  description?: string;
  baseline: string;
  node: string;
  cases: BenchCaseResult[];
}

/**
 * A benchmark case. Synchronous cases are repeated until the JIT has settled
 * (see `measureSettled`); a case whose first call returns a promise is measured
 * as a whole awaited run (`measureAsync`).
 *
 * @example
 * bench('await', () => ready, { iterations: 100_000 })
 */
export function bench(name: string, fn: () => unknown, options: MeasureOptions = {}): BenchCase {
  return { name, fn, options };
}

/**
 * Declare a suite of cases compared against a named baseline: per case ns/op,
 * B/op in a GC-free window, the GCs in the window, validity and the ratio to the
 * baseline (BenchmarkDotNet's memory diagnoser, for JavaScript).
 *
 * @example
 * export default defineBenchSuite({ baseline: 'await', cases: [bench('await', () => ready), bench('coroutine', () => loop.tick(dt), { opsPerCall: 1000 })] });
 */
export function defineBenchSuite(spec: BenchSuiteSpec): BenchSuite {
  const label = spec.name ?? 'unnamed';
  const names = spec.cases.map((c) => c.name);
  if (names.length === 0) throw new BenchDefinitionError(label, 'it has no cases. Add bench(name, fn) entries to cases.');
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new BenchDefinitionError(label, `two cases are named "${twice}". Give each case its own name.`);
  if (!names.includes(spec.baseline)) throw new BenchDefinitionError(label, `baseline "${spec.baseline}" is not one of its cases (${names.join(', ')}).`);
  return { ...spec, [SUITE]: true };
}

/** Whether a module export is a suite made by {@link defineBenchSuite}. */
export function isBenchSuite(v: unknown): v is BenchSuite {
  return typeof v === 'object' && v !== null && (v as { [SUITE]?: boolean })[SUITE] === true;
}

/**
 * Run every case in order, then compute the ratios. Needs the profiling flags for
 * valid byte counts (`ensureProfilingFlags`, which `tickflow bench` calls).
 *
 * @example
 * const report = await runBenchSuite(suite, 'awaitVsCoroutine');
 */
export async function runBenchSuite(suite: BenchSuite, fallbackName = 'suite'): Promise<BenchReport> {
  const rows: Omit<BenchCaseResult, 'ratio'>[] = [];
  for (const c of suite.cases) {
    const probe = c.fn();
    const async = typeof (probe as { then?: unknown } | null)?.then === 'function';
    if (async) await probe;
    const m = async ? await measureAsync(c.name, c.fn, c.options) : await measureSettled(c.name, c.fn as () => void, c.options);
    rows.push({ ...m, async });
  }
  const base = rows.find((r) => r.name === suite.baseline)!.nsPerOp;
  return {
    suite: suite.name ?? fallbackName,
    ...(suite.description ? { description: suite.description } : {}),
    baseline: suite.baseline,
    node: process.version,
    cases: rows.map((r) => ({ ...r, ratio: r.nsPerOp / base })),
  };
}

/**
 * The report as a table: case, ns/op, B/op, GCs, valid, ratio (notes below it).
 *
 * @example
 * process.stdout.write(formatBenchReport(report));
 */
export function formatBenchReport(r: BenchReport): string {
  const head = ['case', 'ns/op', 'B/op', 'GCs', 'valid', `ratio (vs ${r.baseline})`];
  const rows = r.cases.map((c) => [c.name + (c.async ? ' (async)' : ''), c.nsPerOp.toFixed(1), c.valid ? c.bytesPerOp.toFixed(1) : '?', String(c.gcCount), c.valid ? 'yes' : 'no', c.ratio.toFixed(3)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const notes = r.cases.filter((c) => c.note).map((c) => `  ${c.name}: ${c.note}`);
  return [`${r.suite}${r.description ? `: ${r.description}` : ''} (node ${r.node})`, line(head), ...rows.map(line), ...(notes.length ? ['notes:', ...notes] : [])].join('\n') + '\n';
}
