import type { SweepResult } from './SweepResult.ts';
import { paramsText } from './SweepPoint.ts';

/** A stat over the seeds of one param point. */
export interface MeanSE {
  mean: number;
  /** Standard error of the mean: sample standard deviation / sqrt(n); NaN for one seed. */
  se: number;
  n: number;
}

/** One param point of a sweep, its seeds pooled. */
export interface PointSummary {
  /** `lambdaP=0.1 w=0`. */
  label: string;
  params: Record<string, string | number>;
  seeds: number;
  /** Runs that failed (their error is in the results file). */
  errors: number;
  stats: Record<string, MeanSE>;
}

/** Mean ± SE of `xs`. */
export function meanSE(xs: readonly number[]): MeanSE {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN, n };
}

/**
 * Pool the results by param point (in the order points first appear), each stat
 * as mean ± SE over the seeds that ran without error.
 *
 * @example
 * summarize(results)[0].stats.meanHaltingStep // { mean: 9.52, se: 0.004, n: 8 }
 */
export function summarize(results: readonly SweepResult[]): PointSummary[] {
  const groups = new Map<string, SweepResult[]>();
  for (const r of results) {
    const label = paramsText(r.params);
    groups.set(label, [...(groups.get(label) ?? []), r]);
  }
  return [...groups].map(([label, rs]) => {
    const ok = rs.filter((r) => !r.error);
    const names = [...new Set(ok.flatMap((r) => Object.keys(r.stats)))];
    const stats: Record<string, MeanSE> = {};
    for (const s of names) stats[s] = meanSE(ok.map((r) => r.stats[s]).filter((v): v is number => typeof v === 'number'));
    return { label, params: rs[0]!.params, seeds: rs.length, errors: rs.length - ok.length, stats };
  });
}

function num(v: number, scale = v): string {
  if (!Number.isFinite(v)) return 'n/a';
  // An SE that is rounding noise of a constant stat (1e-15 of the mean) is 0.
  if (Math.abs(v) <= 1e-12 * Math.abs(scale)) return '0';
  return Math.abs(v) >= 1e7 || Math.abs(v) < 1e-4 ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

/**
 * The table: a row per param point, a column per stat (`mean ± SE`), or only the
 * stats named in `only`.
 */
export function formatTable(rows: readonly PointSummary[], only?: readonly string[]): string {
  const names = only ?? [...new Set(rows.flatMap((r) => Object.keys(r.stats)))];
  const head = ['params', 'seeds', 'errors', ...names];
  const body = rows.map((r) => [
    r.label || '(defaults)',
    String(r.seeds),
    String(r.errors),
    ...names.map((s) => (r.stats[s] ? `${num(r.stats[s].mean)} ± ${num(r.stats[s].se, r.stats[s].mean)}` : '-')),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...body.map(line)].join('\n') + '\n';
}
