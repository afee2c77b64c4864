import { describe, it, expect, afterEach, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { JobScheduler, NO_JOB } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { JobKernelError, JobReportedError, JobWorkerLostError, JobDependencyError, JobSchedulerDisposedError } from '../../src/jobs/errors.ts';
import { L } from '../../src/jobs/JobMemory.ts';
import { throwAt, checkPositive, dieAt, scaleAdd, copyPlusOne, sumTo } from './fixtures/kernels.ts';

const N = 4000;
const sab = (n: number) => new Float32Array(new SharedArrayBuffer(n * 4));
let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
});
beforeAll(() => {
  // dieAt only kills worker threads; on the main thread it writes like the others.
  (globalThis as { __tickflowMain?: boolean }).__tickflowMain = true;
});

function workerBatches(jobs: JobScheduler): number {
  let n = 0;
  for (let l = 1; l <= jobs.workers; l++) n += jobs.memory.lanes[l * L.STRIDE + L.BATCHES]!;
  return n;
}

for (const workers of [0, 2]) {
  describe(`kernel errors with ${workers} workers`, () => {
    it('a kernel throw names the job, the batch range and the original message and stack; the runtime stays usable', async () => {
      const jobs = (open = new JobScheduler(workers ? { host: new NodeThreadHost({ workers }) } : {}));
      const a = sab(N);
      jobs.complete(jobs.scheduleParallel(scaleAdd, N, 100, scaleAdd.createArgs({ a, k: 1 })));
      await jobs.ready();
      const h = jobs.scheduleParallel(throwAt, N, 250, throwAt.createArgs({ a, at: 1234 }));
      let err: unknown;
      try {
        jobs.complete(h);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(JobKernelError);
      const e = err as JobKernelError;
      expect(e.message).toMatch(/Job "test.throwAt" threw in batch \[1000, 1250\) on (the main thread|worker lane \d): RangeError: kernel refused index 1234/);
      expect(e.stack).toMatch(/Caused by: RangeError: kernel refused index 1234\n\s+at .*kernels\.ts/);
      expect([e.batchStart, e.batchEnd]).toEqual([1000, 1250]);
      // Still usable, and the failed job's handle reports the same error once.
      jobs.complete(h);
      a.fill(0);
      jobs.complete(jobs.scheduleParallel(scaleAdd, N, 100, scaleAdd.createArgs({ a, k: 1 })));
      expect(a[3999]).toBe(3999);
      jobs.endFrame();
    });

    it('a dependent of a failed job fails with the cause named', async () => {
      const jobs = (open = new JobScheduler(workers ? { host: new NodeThreadHost({ workers }) } : {}));
      const a = sab(N);
      const b = sab(N);
      const h1 = jobs.scheduleParallel(throwAt, N, 500, throwAt.createArgs({ a, at: 7 }), NO_JOB);
      const h2 = jobs.scheduleParallel(copyPlusOne, N, 500, copyPlusOne.createArgs({ a, b }), h1);
      expect(() => jobs.complete(h2)).toThrow(JobDependencyError);
      expect(() => jobs.complete(h1)).not.toThrow(); // already completed along with h2
      const h3 = jobs.scheduleParallel(throwAt, N, 500, throwAt.createArgs({ a, at: 7 }), NO_JOB);
      const h4 = jobs.scheduleParallel(copyPlusOne, N, 500, copyPlusOne.createArgs({ a, b }), h3);
      expect(() => jobs.complete(h4)).toThrow(/Job "test.copyPlusOne" did not run: the job "test.throwAt" it depends on failed/);
    });

    it('a kernel can report an error through the job record (message id, entity, numbers)', async () => {
      const jobs = (open = new JobScheduler(workers ? { host: new NodeThreadHost({ workers }) } : {}));
      const a = sab(N);
      a[2500] = -3;
      let err: unknown;
      try {
        jobs.complete(jobs.scheduleParallel(checkPositive, N, 1000, checkPositive.createArgs({ a })));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(JobReportedError);
      const e = err as JobReportedError;
      expect([e.messageId, e.entity, e.batchStart, e.batchEnd]).toEqual([42, 2500, 2000, 3000]);
      expect(e.args).toEqual([-3, 2000, 3000, 0]);
      expect(e.message).toMatch(/Job "test.checkPositive" reported error #42 at entity 2500 in batch \[2000, 3000\)/);
    });
  });
}

describe('worker faults', () => {
  it('a worker that calls process.exit fails its job with a clear error, and the pool replaces it', async () => {
    const jobs = (open = new JobScheduler({ host: new NodeThreadHost({ workers: 1 }), mainThreadExecutes: false, stallTimeoutMs: 5000 }));
    const a = sab(N);
    jobs.complete(jobs.scheduleParallel(scaleAdd, N, 100, scaleAdd.createArgs({ a, k: 1 })));
    await jobs.ready();
    const h = jobs.scheduleParallel(dieAt, N, 100, dieAt.createArgs({ a, at: 150, mode: 1 }));
    let err: unknown;
    try {
      jobs.complete(h);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JobWorkerLostError);
    expect((err as Error).message).toMatch(/Job "test.dieAt" lost batch \[100, 200\): worker lane 1 died while running it/);
    await jobs.ready(); // the replacement is attached to the lane
    const before = workerBatches(jobs);
    a.fill(0);
    jobs.complete(jobs.scheduleParallel(scaleAdd, N, 100, scaleAdd.createArgs({ a, k: 1 })));
    expect(a[3999]).toBe(3999);
    expect(workerBatches(jobs)).toBeGreaterThan(before);
  });

  it('runs pool tasks off-frame, on threads and inline', async () => {
    const jobs = (open = new JobScheduler({ host: new NodeThreadHost({ workers: 1 }) }));
    await jobs.ready();
    expect(await jobs.runOnPool(sumTo, 1000)).toBe(499500);
    const inline = new JobScheduler();
    expect(await inline.runOnPool(sumTo, 10)).toBe(45);
    await inline.dispose();
    await expect(inline.runOnPool(sumTo, 10)).rejects.toThrow(JobSchedulerDisposedError);
    expect(() => inline.schedule(scaleAdd, scaleAdd.createArgs({ a: sab(4), k: 1 }))).toThrow(/the job scheduler was disposed/);
  });

  it('shutdown ends every thread: a process with a pool exits on its own', () => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/jobs/fixtures/shutdownScript.ts'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBe(null);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('done 19998');
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
