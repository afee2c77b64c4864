import { Queue, QueueEvents, Job } from 'bullmq';
import type { CliIO } from '../cli/runSim.ts';
import { checkRedis, redisConnection, QUEUE_NAME } from './RedisConnection.ts';
import { pointJobId, type SweepPoint } from './SweepPoint.ts';
import { crashResult, type SweepResult } from './SweepResult.ts';
import type { SweepJobData } from './SweepWorker.ts';

/** After how long without a result the coordinator looks up the jobs it has not heard of (events can be missed across a reconnect). */
const RECONCILE_MS = 3000;

/**
 * Run `points` on BullMQ at `url`: enqueue each under a job id derived from the
 * point ({@link pointJobId}, so a second run of the same sweep adds nothing and
 * finds what finished meanwhile), then collect results as sweep-workers finish
 * them. Results stay in Redis (the jobs' return values) until the sweep has them.
 * Resolves true when every point has a result, false when `signal` aborted
 * first: the jobs stay queued, the workers go on, and the same command resumes.
 *
 * @example
 * await runQueued('redis://127.0.0.1:6379', points, (r) => file.append(r), io, signal);
 */
export async function runQueued(url: string, points: readonly SweepPoint[], onResult: (r: SweepResult) => void, io: CliIO, signal: AbortSignal): Promise<boolean> {
  await checkRedis(url);
  let warned = false;
  const onError = (err: Error) => {
    if (!warned) io.err(`tickflow sweep: lost Redis at ${url} (${err.message}); retrying (Ctrl-C leaves the queue to resume)\n`);
    warned = true;
  };
  const conns = [redisConnection(url, onError), redisConnection(url, onError)];
  const queue = new Queue<SweepJobData, SweepResult>(QUEUE_NAME, { connection: conns[0]! });
  const events = new QueueEvents(QUEUE_NAME, { connection: conns[1]! });
  const pending = new Map(points.map((p) => [pointJobId(p), p]));
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const settle = (id: string, r: SweepResult) => {
    if (!pending.delete(id)) return;
    onResult(r);
    if (pending.size === 0) finish();
  };
  const settleJob = async (id: string) => {
    const p = pending.get(id);
    if (!p) return;
    const job = await Job.fromId<SweepJobData, SweepResult>(queue, id);
    if (!job) return;
    if (job.finishedOn && job.returnvalue) settle(id, job.returnvalue);
    else if (job.finishedOn && job.failedReason) settle(id, crashResult(p, Object.assign(new Error(job.failedReason), { name: 'RunnerCrashError' })));
  };
  try {
    // Listen before enqueuing, so no completion is missed; the reconcile loop covers the rest.
    events.on('completed', ({ jobId, returnvalue }) => {
      const r = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as SweepResult;
      settle(jobId, r);
    });
    events.on('failed', ({ jobId }) => void settleJob(jobId));
    await events.waitUntilReady();
    const fresh: SweepPoint[] = [];
    for (const [id, p] of pending) {
      const job = await Job.fromId(queue, id);
      if (!job) fresh.push(p);
      // A point that failed in an earlier session (its runner died every attempt) gets another chance.
      else if ((await job.getState()) === 'failed') await job.retry('failed');
    }
    await queue.addBulk(fresh.map((p) => ({ name: p.key, data: { point: p }, opts: { jobId: pointJobId(p), attempts: 3, removeOnComplete: false, removeOnFail: false } })));
    io.err(`sweep: ${fresh.length} points enqueued on ${url} (queue ${QUEUE_NAME}), ${pending.size - fresh.length} already there; start workers with: npm run sweep-worker -- --queue ${url}\n`);
    for (const id of [...pending.keys()]) await settleJob(id);
    // Only in a quiet spell (no result for a whole interval), and one look-up round at a time: a big sweep's events carry it.
    let heard = pending.size;
    let looking = false;
    const timer = setInterval(() => {
      if (looking || pending.size !== heard) return void (heard = pending.size);
      looking = true;
      void Promise.all([...pending.keys()].map(settleJob))
        .catch(() => {})
        .finally(() => void ((looking = false), (heard = pending.size)));
    }, RECONCILE_MS);
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    try {
      await Promise.race([pending.size ? allDone : Promise.resolve(), aborted]);
    } finally {
      clearInterval(timer);
    }
    return pending.size === 0;
  } finally {
    await events.close();
    await queue.close();
    for (const c of conns) c.disconnect();
  }
}
