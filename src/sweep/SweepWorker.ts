import { availableParallelism } from 'node:os';
import { Worker } from 'bullmq';
import type { CliIO } from '../cli/runSim.ts';
import { parseStrict, parseInteger } from './SweepSpec.ts';
import { SweepUsageError, sweepExitCode } from './errors.ts';
import { checkRedis, redisConnection, QUEUE_NAME } from './RedisConnection.ts';
import { RunnerPool } from './RunnerPool.ts';
import { runnerArgv, type SweepPoint } from './SweepPoint.ts';
import { resultOf, type SweepResult } from './SweepResult.ts';

/** What the coordinator puts in a job: the point to run. */
export interface SweepJobData {
  point: SweepPoint;
}

export const WORKER_FLAGS = [
  '--queue URL         redis://host:port of the sweep coordinator\'s Redis (required)',
  '--concurrency K     points run at once, each in its own runner process (default: available cores)',
  '--lock-ms MS        job lock; a killed worker\'s point runs again within about twice this (default 30000)',
  '--help              this text',
] as const;

export const WORKER_USAGE = `Usage: npm run sweep-worker -- --queue redis://host:port [--concurrency K]\n\nFlags:\n  ${WORKER_FLAGS.join('\n  ')}`;

/**
 * `sweep-worker`: run sweep points from the BullMQ queue at `--queue` until
 * `signal` aborts (Ctrl-C), each in a pooled headless runner process so this
 * process's event loop stays free to renew job locks. A point whose runner
 * process dies fails its attempt and BullMQ retries it; a worker killed outright
 * stops renewing its locks and another worker's stalled-job check runs the point again.
 * Logs `sweep-worker: start <key>` and `… done <key>` lines on stderr. Returns the exit code.
 *
 * @example
 * const ac = new AbortController();
 * process.once('SIGINT', () => ac.abort());
 * process.exitCode = await runSweepWorker(['--queue', 'redis://127.0.0.1:6379'], io, ac.signal);
 */
export async function runSweepWorker(argv: readonly string[], io: CliIO, signal: AbortSignal): Promise<number> {
  let url: string;
  let concurrency: number;
  let lockMs: number;
  try {
    const { values: v, positionals } = parseStrict(argv, { queue: { type: 'string' }, concurrency: { type: 'string' }, 'lock-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, WORKER_USAGE);
    if (v.help) return io.out(WORKER_USAGE + '\n'), 0;
    if (positionals.length) throw new SweepUsageError(`sweep-worker takes no scene (${positionals.join(' ')}): the coordinator's points name it.\n${WORKER_USAGE}`);
    if (typeof v.queue !== 'string') throw new SweepUsageError(`sweep-worker needs --queue redis://host:port.\n${WORKER_USAGE}`);
    url = v.queue;
    concurrency = parseInteger('--concurrency', (v.concurrency as string | undefined) ?? String(availableParallelism()), 1, 1024);
    lockMs = parseInteger('--lock-ms', (v['lock-ms'] as string | undefined) ?? '30000', 500, 3_600_000);
    await checkRedis(url);
  } catch (err) {
    io.err(`tickflow sweep-worker: ${(err as Error).message}\n`);
    return sweepExitCode(err);
  }
  const pool = new RunnerPool(concurrency);
  let lost = false;
  const conn = redisConnection(url, (err) => {
    if (!lost) io.err(`tickflow sweep-worker: lost Redis at ${url} (${err.message}); retrying\n`);
    lost = true;
  });
  conn.on('ready', () => void (lost = false));
  const worker = new Worker<SweepJobData, SweepResult>(
    QUEUE_NAME,
    async (job) => {
      const p = job.data.point;
      io.err(`sweep-worker: start ${p.key} (job ${job.id})\n`);
      const r = resultOf(p, await pool.run(p.key, runnerArgv(p)));
      io.err(`sweep-worker: done ${p.key} ${r.error ? `error ${r.error.type}` : r.hash}\n`);
      return r;
    },
    // stalledInterval = lockDuration: a dead worker's lock runs out, and the next check, at most one interval later, requeues its point.
    { connection: conn, concurrency, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 3, autorun: true },
  );
  worker.on('error', (err) => io.err(`tickflow sweep-worker: ${err.message}\n`));
  await worker.waitUntilReady();
  io.err(`sweep-worker: waiting for points on ${url} (queue ${QUEUE_NAME}, concurrency ${concurrency}, pid ${process.pid})\n`);
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  io.err('sweep-worker: stopping after the points in hand (Ctrl-C again to stop now; their points then run again elsewhere)\n');
  // With Redis gone, BullMQ's close would wait for it forever: the next connection error ends the wait.
  await Promise.race([worker.close(), new Promise((resolve) => conn.once('error', resolve))]);
  await pool.close();
  conn.disconnect();
  return 0;
}
