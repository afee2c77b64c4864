import type { BenchGoal, BenchResult } from './types.ts';

/** The readable table of a suite's results, with goals where declared. */
export function formatTable(
  doc: { suite: string; node: string; cpus: number; cpuModel: string; results: Record<string, BenchResult> },
  goals: Record<string, BenchGoal>,
): string {
  const rows = Object.entries(doc.results).map(([k, r]) => {
    const g = goals[k];
    const v = Number.isInteger(r.value) ? String(r.value) : r.value.toPrecision(4);
    return [k, `${v} ${r.unit}`, g ? `${g.text} ${g.met(doc.results) ? 'met' : 'NOT MET'}` : '', r.note ?? ''];
  });
  const head = ['figure', 'value', 'goal', 'note'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(w[i]!)).join(' | ') + ' |';
  return (
    `suite ${doc.suite} — node ${doc.node}, ${doc.cpus} CPUs (${doc.cpuModel})\n` +
    [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n') +
    '\n'
  );
}
