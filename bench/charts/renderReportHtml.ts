import type { BenchDocument } from '../types.ts';
import { renderSuiteSvg } from './renderSuiteSvg.ts';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * A self-contained HTML page for one suite run: its chart ({@link renderSuiteSvg}),
 * the readable table and the JSON document, so the page alone says what was measured.
 *
 * @example
 * writeFileSync('report.html', renderReportHtml(doc, formatTable(doc, suite.goals ?? {})));
 */
export function renderReportHtml(doc: BenchDocument, table: string, description = ''): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>tickflow bench: ${escape(doc.suite)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}pre{background:#f4f4f4;padding:1em;overflow-x:auto}</style></head>
<body>
<h1>tickflow bench: ${escape(doc.suite)}</h1>
<p>${escape(description)}</p>
${renderSuiteSvg(doc)}
<h2>Table</h2>
<pre>${escape(table)}</pre>
<h2>JSON</h2>
<pre>${escape(JSON.stringify(doc, null, 2))}</pre>
</body>
</html>
`;
}
