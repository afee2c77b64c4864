import type { BenchDocument, BenchGoal } from './types.ts';

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

/** The readable table of a suite's results, with goals, baselines and run ranges where declared, under a line naming the machine. */
export function formatTable(doc: BenchDocument, goals: Record<string, BenchGoal>): string {
  return `suite ${doc.suite} — node ${doc.node}, ${doc.cpus} CPUs (${doc.cpuModel})\n` + formatRows(doc, goals);
}

/** {@link formatTable}'s markdown table alone (what README shows for each suite). */
export function formatRows(doc: BenchDocument, goals: Record<string, BenchGoal>): string {
  const rows = Object.entries(doc.results).map(([k, r]) => {
    const g = goals[k];
    const range = r.min !== undefined && r.max !== undefined ? ` [${num(r.min)}..${num(r.max)}${r.runs ? `, ${r.runs} runs` : ''}]` : '';
    const note = [r.baseline ? `vs ${r.baseline}` : '', r.note ?? ''].filter(Boolean).join('; ');
    return [k, `${num(r.value)} ${r.unit}${range}`, g ? `${g.text} ${g.met(doc.results) ? 'met' : 'NOT MET'}` : '', note];
  });
  const head = ['figure', 'value', 'goal', 'note'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(w[i]!)).join(' | ') + ' |';
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n') + '\n';
}
