import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { renderSuiteSvg } from '../../bench/charts/renderSuiteSvg.ts';
import { renderReportHtml } from '../../bench/charts/renderReportHtml.ts';
import { chartPanels } from '../../bench/charts/chartPanels.ts';
import type { BenchDocument } from '../../bench/types.ts';

/** A fixed results document: bars with a baseline and run ranges, a log-spread panel, a series. */
const DOC: BenchDocument = {
  suite: 'jobs',
  node: 'v20.19.0',
  cpus: 16,
  cpuModel: 'Test CPU 9000',
  date: '2026-12-01T12:00:00.000Z',
  results: {
    atomicsSpinUs: { value: 0.25, min: 0.2, max: 0.4, runs: 15, unit: 'us' },
    minimalProtocolUs: { value: 0.5, min: 0.45, max: 0.7, runs: 15, unit: 'us', baseline: 'atomicsSpinUs' },
    dispatchUs: { value: 0.7, min: 0.6, max: 0.9, runs: 15, unit: 'us', baseline: 'minimalProtocolUs' },
    piscinaRunUs: { value: 40, unit: 'us' },
    plainLoopMs: { value: 5, min: 4.8, max: 5.5, runs: 15, unit: 'ms' },
    parallelFor1MWorkersMs: { value: 2.5, min: 2.2, max: 3, runs: 15, unit: 'ms', baseline: 'plainLoopMs' },
    speedup1w: { value: 1.9, unit: 'x', point: { series: 'speedup', x: 1, xLabel: 'workers' } },
    speedup2w: { value: 2.8, unit: 'x', point: { series: 'speedup', x: 2, xLabel: 'workers' } },
    scheduleBytes: { value: 0, unit: 'B' },
  },
};

const svgOf = (text: string) => parseHTML(`<!doctype html><html><body>${text}</body></html>`).document.querySelector('svg')!;
const texts = (el: Element, sel: string) => [...el.querySelectorAll(sel)].map((t) => t.textContent ?? '');

describe('bench charts', () => {
  it('groups figures into panels by unit, marking each baseline', () => {
    const panels = chartPanels(DOC);
    expect(panels.map((p) => `${p.kind}:${p.unit}`)).toEqual(['lines:x', 'bars:us', 'bars:ms', 'bars:B']);
    const us = panels[1]!;
    if (us.kind !== 'bars') throw new Error('expected bars');
    expect(us.rows.map((r) => [r.figure, r.role])).toEqual([
      ['atomicsSpinUs', 'baseline'],
      ['minimalProtocolUs', 'baseline'],
      ['dispatchUs', 'measured'],
      ['piscinaRunUs', 'measured'],
    ]);
  });

  it('renders one standalone SVG: a panel per unit, bars, range rules, labels, a line for the series, the machine named', () => {
    const svg = svgOf(renderSuiteSvg(DOC));
    expect(svg.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(Number(svg.getAttribute('height'))).toBeGreaterThan(300);
    const panels = [...svg.children].filter((c) => c.tagName.toLowerCase() === 'svg');
    expect(panels).toHaveLength(4);
    // The us panel spans more than two decades (0.25 to 40): dots on a log axis; ms and B panels are bars.
    const [lines, us, ms, bytes] = panels;
    expect(lines!.querySelectorAll('[aria-label="line"] path')).toHaveLength(1);
    expect(texts(lines!, '[aria-label="text"] text')).toContain('speedup');
    expect(us!.querySelectorAll('[aria-label="dot"] circle')).toHaveLength(4);
    expect(texts(us!, '[aria-label="x-axis label"] text')[0]).toContain('log');
    expect(ms!.querySelectorAll('[aria-label="bar"] rect')).toHaveLength(2);
    expect(bytes!.querySelectorAll('[aria-label="bar"] rect')).toHaveLength(1);
    // Range rules only where a figure has min and max.
    expect(us!.querySelectorAll('[aria-label="rule"] line')).toHaveLength(3);
    expect(texts(us!, '[aria-label="y-axis tick label"] text')).toEqual(['atomicsSpinUs', 'minimalProtocolUs', 'dispatchUs', 'piscinaRunUs']);
    expect(texts(ms!, '[aria-label="text"] text')).toEqual(['5 ms', '2.50 ms']);
    // Baselines and measured figures differ in colour.
    const fills = [...ms!.querySelectorAll('[aria-label="bar"] rect')].map((r) => r.getAttribute('fill'));
    expect(new Set(fills).size).toBe(2);
    const captions = texts(svg, ':scope > text').join(' ');
    expect(captions).toContain('tickflow bench: jobs');
    expect(captions).toContain('Test CPU 9000, 16 CPUs, node v20.19.0, 2026-12-01');
  });

  it('puts the chart, the table and the JSON document in one report page', () => {
    const html = renderReportHtml(DOC, '| figure | value |\n', 'job dispatch <floors>');
    const { document } = parseHTML(html);
    expect(document.querySelector('h1')!.textContent).toBe('tickflow bench: jobs');
    expect(document.querySelector('p')!.textContent).toBe('job dispatch <floors>');
    expect(document.querySelectorAll('svg').length).toBeGreaterThan(1);
    expect(JSON.parse(document.querySelectorAll('pre')[1]!.textContent!)).toEqual(DOC);
  });
});
