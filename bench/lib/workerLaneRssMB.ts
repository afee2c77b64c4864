import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workerExecArgv } from '../../src/jobs/NodeThreadHost.ts';

const CHILD = fileURLToPath(new URL('../fixtures/laneRssChild.ts', import.meta.url));

/** RSS in MB of a fresh process running a scheduler on `workers` ready lanes (module flags only, no heap flags). */
function rssMB(workers: number): number {
  const out = execFileSync(process.execPath, [...workerExecArgv(process.execArgv), '--expose-gc', CHILD, String(workers)], { encoding: 'utf8', timeout: 120_000 });
  return Number(out.trim()) / 2 ** 20;
}

/**
 * The resident memory one more worker lane costs: RSS of child processes with a
 * scheduler on each count in `counts` (two processes per count), and the
 * least-squares slope of RSS over lanes, in MB per lane.
 *
 * @example
 * const { slope } = workerLaneRssMB([1, 2, 4]); // ~10 MB a lane
 */
export function workerLaneRssMB(counts: readonly number[] = [1, 2, 4]): { slope: number; points: { workers: number; rssMB: number }[] } {
  const points = counts.flatMap((w) => [rssMB(w), rssMB(w)].map((rss) => ({ workers: w, rssMB: rss })));
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.workers, 0) / n;
  const my = points.reduce((s, p) => s + p.rssMB, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.workers - mx) * (p.rssMB - my), 0);
  const sxx = points.reduce((s, p) => s + (p.workers - mx) ** 2, 0);
  return { slope: sxy / sxx, points };
}
