import { RunnerPool } from './RunnerPool.ts';
import { runnerArgv, type SweepPoint } from './SweepPoint.ts';
import { resultOf, crashResult, type SweepResult } from './SweepResult.ts';

/**
 * Run `points` on this machine in a pool of `concurrency` headless runner
 * processes, calling `onResult` as each finishes (a point whose runner dies is
 * recorded with the crash as its error, and the sweep goes on). Resolves true
 * when all ran, false when `signal` aborted first (the pool is killed; what
 * finished was already reported, so the sweep resumes from there).
 *
 * @example
 * await runLocal(points, os.availableParallelism(), (r) => file.append(r), signal);
 */
export async function runLocal(points: readonly SweepPoint[], concurrency: number, onResult: (r: SweepResult) => void, signal: AbortSignal): Promise<boolean> {
  const pool = new RunnerPool(Math.max(1, Math.min(concurrency, points.length)));
  const stop = () => void pool.close();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(
      points.map((p) =>
        pool.run(p.key, runnerArgv(p)).then(
          (answer) => onResult(resultOf(p, answer)),
          (err: Error) => void (signal.aborted || onResult(crashResult(p, err))),
        ),
      ),
    );
    return !signal.aborted;
  } finally {
    signal.removeEventListener('abort', stop);
    await pool.close();
  }
}
