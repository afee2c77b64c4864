import { parseHTML } from 'linkedom';
import type { BenchDocument } from '../types.ts';
import { chartPanels } from './chartPanels.ts';
import { renderPanel, PANEL_WIDTH } from './renderPanel.ts';

const HEADER = 34;
const FOOTER = 40;
const GAP = 12;

/** The machine a document was measured on, in words (charts name it in their caption). */
export function machineOf(doc: BenchDocument): string {
  return `${doc.cpuModel}, ${doc.cpus} CPUs, node ${doc.node}${doc.date ? `, ${doc.date.slice(0, 10)}` : ''}`;
}

/**
 * One standalone SVG for a suite's results: a title, one Observable Plot panel
 * per {@link chartPanels} group stacked below, and a caption naming the machine
 * and how to read the colours. Rendered headless in a linkedom document.
 *
 * @example
 * writeFileSync('docs/bench/jobs.svg', renderSuiteSvg(doc));
 */
export function renderSuiteSvg(doc: BenchDocument, caption = ''): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const ns = 'http://www.w3.org/2000/svg';
  const root = document.createElementNS(ns, 'svg');
  let y = HEADER;
  for (const panel of chartPanels(doc)) {
    const svg = renderPanel(panel, document as unknown as Document);
    const h = Number(svg.getAttribute('height'));
    svg.setAttribute('x', '0');
    svg.setAttribute('y', String(y));
    svg.setAttribute('class', `${svg.getAttribute('class') ?? ''} panel-${panel.kind}`.trim());
    root.appendChild(svg);
    y += h + GAP;
  }
  const text = (x: number, ty: number, s: string, size: number, weight = 'normal') => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(ty));
    t.setAttribute('font-size', String(size));
    t.setAttribute('font-weight', weight);
    t.textContent = s;
    root.appendChild(t);
  };
  text(10, 22, `tickflow bench: ${doc.suite}`, 16, 'bold');
  text(10, y + 12, `Measured on ${machineOf(doc)}.`, 11);
  text(10, y + 28, `Blue: measured; grey: the baseline it is measured against; black rule: fastest to slowest run.${caption ? ' ' + caption : ''}`, 11);
  const height = y + FOOTER;
  root.setAttribute('xmlns', ns);
  root.setAttribute('width', String(PANEL_WIDTH));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${PANEL_WIDTH} ${height}`);
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('style', 'background: white');
  return root.outerHTML + '\n';
}
