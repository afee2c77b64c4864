import type { BenchDocument, BenchResult } from '../types.ts';

/** One drawn figure: a measured value (with its run range) or a baseline it is measured against. */
export interface ChartRow {
  figure: string;
  value: number;
  min?: number;
  max?: number;
  /** 'baseline': another figure of the panel names it as its baseline. */
  role: 'measured' | 'baseline';
  /** The readable value, e.g. "0.54 us". */
  label: string;
}

/** A point of a series (a figure with `point`), e.g. speedup at 4 workers. */
export interface ChartPoint {
  series: string;
  x: number;
  value: number;
  min?: number;
  max?: number;
  label: string;
}

/** One chart of a suite: figures of one unit side by side, or the series of one unit over x. */
export type ChartPanel =
  | { kind: 'bars'; unit: BenchResult['unit']; rows: ChartRow[] }
  | { kind: 'lines'; unit: BenchResult['unit']; xLabel: string; points: ChartPoint[] };

/** The readable form of a value, as in the table: 4 significant digits. */
export function formatValue(r: Pick<BenchResult, 'value' | 'unit'>): string {
  const v = Number.isInteger(r.value) ? String(r.value) : r.value.toPrecision(3);
  return `${v} ${r.unit}`;
}

/**
 * Group a suite's figures into panels (data only; {@link renderSuiteSvg} draws
 * them): figures on a series (`point`) become one line panel per unit and x
 * label; the others one bar panel per unit, in the suite's order, each baseline
 * marked as such so a figure is read against the floor it is measured by.
 *
 * @example
 * chartPanels(doc) // [{ kind: 'bars', unit: 'us', rows: [{ figure: 'atomicsSpinUs', role: 'baseline', … }, …] }, …]
 */
export function chartPanels(doc: BenchDocument): ChartPanel[] {
  const entries = Object.entries(doc.results);
  const baselines = new Set(entries.map(([, r]) => r.baseline).filter((b): b is string => b !== undefined));
  const bars = new Map<string, ChartRow[]>();
  const lines = new Map<string, { unit: BenchResult['unit']; xLabel: string; points: ChartPoint[] }>();
  for (const [figure, r] of entries) {
    if (!Number.isFinite(r.value)) continue;
    const range = r.min !== undefined && r.max !== undefined ? { min: r.min, max: r.max } : {};
    if (r.point) {
      const key = `${r.unit}|${r.point.xLabel}`;
      const panel = lines.get(key) ?? { unit: r.unit, xLabel: r.point.xLabel, points: [] };
      panel.points.push({ series: r.point.series, x: r.point.x, value: r.value, ...range, label: formatValue(r) });
      lines.set(key, panel);
      continue;
    }
    const rows = bars.get(r.unit) ?? [];
    rows.push({ figure, value: r.value, ...range, role: baselines.has(figure) ? 'baseline' : 'measured', label: formatValue(r) });
    bars.set(r.unit, rows);
  }
  return [
    ...[...lines.values()].map((p) => ({ kind: 'lines' as const, ...p })),
    ...[...bars.entries()].map(([unit, rows]) => ({ kind: 'bars' as const, unit: unit as BenchResult['unit'], rows })),
  ];
}
