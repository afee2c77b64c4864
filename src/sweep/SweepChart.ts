import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { PointSummary } from './SweepSummary.ts';
import { paramsText } from './SweepPoint.ts';

/** What to draw: a stat (mean ± SE over seeds) against a swept param, and optionally a theory stat as a line. */
export interface ChartSpec {
  x: string;
  y: string;
  theory?: string;
  /** A line under the chart (the machine, the command). */
  caption?: string;
}

/**
 * A sweep's chart as a standalone SVG string, drawn by Observable Plot in a
 * linkedom document (no browser): each param point's mean of `y` with ±1 SE bars
 * against param `x`, one colour per combination of the other params, and
 * `theory`'s mean as a dashed line.
 *
 * @example
 * const svg = sweepChart(summarize(results), { x: 'lambdaP', y: 'meanHaltingStep', theory: 'priorMeanHaltingStep' });
 */
export function sweepChart(rows: readonly PointSummary[], spec: ChartSpec): string {
  // A series is a combination of the params other than x that vary; a param fixed for the whole sweep names none.
  const varies = (k: string) => k !== spec.x && new Set(rows.map((r) => r.params[k])).size > 1;
  const data = rows
    .filter((r) => r.stats[spec.y] && Number.isFinite(Number(r.params[spec.x])))
    .map((r) => {
      const rest = Object.fromEntries(Object.entries(r.params).filter(([k]) => varies(k)));
      const m = r.stats[spec.y]!;
      const se = Number.isFinite(m.se) ? m.se : 0;
      return { x: Number(r.params[spec.x]), y: m.mean, lo: m.mean - se, hi: m.mean + se, t: spec.theory ? r.stats[spec.theory]?.mean : undefined, series: paramsText(rest) || 'measured' };
    });
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const series = [...new Set(data.map((d) => d.series))];
  const legend = [`dots: ${spec.y}, mean ± 1 SE over seeds`, ...(spec.theory ? [`grey dashed: ${spec.theory}`] : [])].join('   ');
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: 640,
    height: 400,
    marginBottom: spec.caption ? 60 : 40,
    x: { label: spec.x, grid: true },
    y: { label: spec.y, grid: true },
    inset: 8,
    color: { type: 'categorical', legend: false },
    marks: [
      // Grey, one line per series: where the theory does not depend on the other params the lines coincide.
      ...(spec.theory ? [Plot.line(data.filter((d) => d.t !== undefined), { x: 'x', y: 't', z: 'series', stroke: '#777', strokeDasharray: '5,4' })] : []),
      Plot.ruleX(data, { x: 'x', y1: 'lo', y2: 'hi', stroke: 'series' }),
      Plot.dot(data, { x: 'x', y: 'y', fill: 'series', r: 3 }),
      Plot.text([legend], { frameAnchor: 'top-right', dy: 4, dx: -4 }),
      // The series' names, one per line under the legend, in their colours (Plot's own legend would wrap the SVG in HTML).
      ...series.map((name, i) => Plot.text([`● ${name}`], { frameAnchor: 'top-right', dx: -4, dy: 18 + 13 * i, fill: () => name })),
      ...(spec.caption ? [Plot.text([spec.caption], { frameAnchor: 'bottom-left', dy: 52, fontSize: 9 })] : []),
    ],
  }) as unknown as Element;
  // A standalone .svg file needs its namespace declared.
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return svg.outerHTML;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `--html` page: a title, the chart and the table. */
export function sweepPage(title: string, svg: string, table: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}pre{font-size:12px}</style></head>
<body><h1>${escapeHtml(title)}</h1>\n${svg}\n<pre>${escapeHtml(table)}</pre></body></html>\n`;
}
