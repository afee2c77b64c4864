import * as Plot from '@observablehq/plot';
import type { ChartPanel } from './chartPanels.ts';

/** Width of every panel, in SVG user units. */
export const PANEL_WIDTH = 720;
const MARGIN_LEFT = 230;
const COLORS = { measured: '#4269d0', baseline: '#9a9a9a' } as const;

/**
 * Draw one panel with Observable Plot into `document` (a linkedom document
 * headless, the page's own in a browser) and return its `<svg>` element.
 * Bars start at zero on a linear axis; when a panel spans more than two decades
 * (a floor of 0.1 us beside a 100 us round trip, or a run
 * another process stalled) values are dots on a log axis.
 * A rule spans each figure's fastest to slowest run where it has them. Series
 * (figures with a `point`) are lines over x, one colour and end label each.
 */
export function renderPanel(panel: ChartPanel, document: Document): SVGSVGElement {
  if (panel.kind === 'lines') {
    const pts = panel.points;
    const ys = pts.flatMap((p) => [p.value, p.min ?? p.value, p.max ?? p.value]);
    const logY = Math.min(...ys) > 0 && Math.max(...ys) / Math.min(...ys) > 100;
    return Plot.plot({
      document,
      width: PANEL_WIDTH,
      height: 260,
      marginLeft: 60,
      marginRight: 120,
      grid: true,
      x: { label: panel.xLabel, ticks: [...new Set(pts.map((p) => p.x))] },
      y: logY ? { type: 'log', label: `${panel.unit} (log)` } : { label: `${panel.unit}`, zero: true },
      marks: [
        // A ratio's baseline is 1x: the figure it is a ratio against.
        ...(panel.unit === 'x' ? [Plot.ruleY([1], { stroke: COLORS.baseline, strokeDasharray: '4,3' })] : []),
        Plot.ruleX(pts.filter((p) => p.min !== undefined), { x: 'x', y1: 'min', y2: 'max', stroke: 'series', strokeOpacity: 0.5 }),
        Plot.line(pts, { x: 'x', y: 'value', stroke: 'series', marker: 'circle' }),
        Plot.text(pts, Plot.selectLast({ x: 'x', y: 'value', z: 'series', text: 'series', fill: 'series', dx: 6, textAnchor: 'start' })),
      ],
    }) as SVGSVGElement;
  }
  const rows = panel.rows;
  // Slowest runs count too: one stalled run on a shared machine would flatten every bar.
  const xs = rows.flatMap((r) => [r.value, r.min ?? r.value, r.max ?? r.value]);
  const log = Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) > 100;
  const hi = Math.max(...rows.map((r) => r.max ?? r.value), 0);
  const fill = (r: (typeof rows)[number]) => COLORS[r.role];
  const order = rows.map((r) => r.figure);
  const ranged = rows.filter((r) => r.min !== undefined);
  return Plot.plot({
    document,
    width: PANEL_WIDTH,
    height: 50 + 26 * rows.length,
    marginTop: 8,
    marginBottom: 40,
    marginLeft: MARGIN_LEFT,
    marginRight: 90,
    x: log ? { type: 'log', label: `${panel.unit} (log)`, grid: true } : { label: panel.unit, grid: true, domain: [0, hi > 0 ? hi * 1.05 : 1] },
    y: { domain: order, label: null },
    marks: [
      log ? Plot.dot(rows, { x: 'value', y: 'figure', fill, r: 5 }) : Plot.barX(rows, { x: 'value', y: 'figure', fill, insetTop: 2, insetBottom: 2 }),
      Plot.ruleY(ranged, { x1: 'min', x2: 'max', y: 'figure', stroke: '#222', strokeWidth: 1.5 }),
      Plot.text(rows, { x: (r: (typeof rows)[number]) => r.max ?? r.value, y: 'figure', text: 'label', dx: 8, textAnchor: 'start' }),
      ...(log ? [] : [Plot.ruleX([0])]),
    ],
  }) as SVGSVGElement;
}
