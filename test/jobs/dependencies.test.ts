import { describe, it, expect, afterEach } from 'vitest';
import { NO_JOB, type JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { StaleJobHandleError, JobPoolExhaustedError } from '../../src/jobs/errors.ts';
import { L } from '../../src/jobs/JobMemory.ts';
import { scaleAdd, copyPlusOne, doubleInto, sumInto, logTag } from './fixtures/kernels.ts';
import { testWorld, scheduler } from './helpers.ts';
import { allocateBuffer } from '../../src/ecs/sharedMemory.ts';
import { Rng } from '../../src/math/Rng.ts';

const N = 20_000;
let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
});

/** A -> (B, C) -> D over the same arrays; returns D. */
function diamond(jobs: JobScheduler, w: ReturnType<typeof testWorld>, explicit: boolean): Float32Array {
  const { A, B, C, D } = w;
  A.v.fill(1);
  const a = scaleAdd.createArgs({ a: A.v, k: 3 });
  const b = copyPlusOne.createArgs({ a: A.v, b: B.v });
  const c = doubleInto.createArgs({ a: A.v, c: C.v });
  const d = sumInto.createArgs({ b: B.v, c: C.v, d: D.v });
  if (explicit) {
    const hA = jobs.scheduleParallel(scaleAdd, N, 512, a, NO_JOB);
    const hB = jobs.scheduleParallel(copyPlusOne, N, 700, b, hA);
    const hC = jobs.scheduleParallel(doubleInto, N, 300, c, hA);
    const hD = jobs.scheduleParallel(sumInto, N, 1000, d, jobs.combine(hB, hC));
    jobs.complete(hD);
    expect(jobs.isCompleted(hA) && jobs.isCompleted(hB) && jobs.isCompleted(hC)).toBe(true);
  } else {
    jobs.scheduleParallel(scaleAdd, N, 512, a);
    jobs.scheduleParallel(copyPlusOne, N, 700, b);
    jobs.scheduleParallel(doubleInto, N, 300, c);
    const hD = jobs.scheduleParallel(sumInto, N, 1000, d);
    jobs.complete(hD);
  }
  return D.v;
}

function expectDiamond(d: Float32Array): void {
  // a = 3 + i; b = a + 1; c = 2a; d = 3a + 1
  for (const i of [0, 1, 777, N - 1]) expect(d[i]).toBe(3 * (3 + i) + 1);
}

for (const workers of [0, 2]) {
  describe(`dependencies with ${workers} workers`, () => {
    it('runs a diamond graph with explicit handles and combine()', async () => {
      const jobs = (open = await scheduler(workers));
      const w = testWorld(N);
      diamond(jobs, w, true); // first run registers kernels; workers load them
      await jobs.ready();
      expectDiamond(diamond(jobs, w, true));
      jobs.endFrame();
    });

    it('runs every job of a 200-job burst exactly once, whatever order they are completed in', async () => {
      const jobs = (open = await scheduler(workers));
      const rng = new Rng(7);
      const arrays = Array.from({ length: 200 }, () => new Float32Array(allocateBuffer(4 * 64)));
      const args = arrays.map((a) => scaleAdd.createArgs({ a, k: 2 }));
      for (let round = 0; round < 3; round++) {
        // Each round doubles every array and adds i: a job run twice, or never, shows.
        const hs = args.map((a) => jobs.scheduleParallel(scaleAdd, 64, 16, a));
        const order = hs.map((_, i) => i).sort(() => rng.next() - 0.5);
        for (const i of order) jobs.complete(hs[i]!);
        jobs.endFrame();
        if (round === 0) await jobs.ready();
      }
      // a = ((0 * 2 + i) * 2 + i) * 2 + i = 7i after three rounds
      for (const a of arrays) for (const i of [0, 5, 63]) expect(a[i]).toBe(7 * i);
    });

    it('derives the same diamond from the bound arrays alone', async () => {
      const jobs = (open = await scheduler(workers, {}));
      const w = testWorld(N);
      diamond(jobs, w, false);
      await jobs.ready();
      expectDiamond(diamond(jobs, w, false));
    });

    it('orders a reader of a scratch buffer after its writer, with no dependsOn', async () => {
      const jobs = (open = await scheduler(workers));
      const w = testWorld(N);
      const scratch = new Float32Array(allocateBuffer(4 * N));
      const other = new Float32Array(allocateBuffer(4 * N));
      const fill = scaleAdd.createArgs({ a: scratch, k: 3 });
      const read = copyPlusOne.createArgs({ a: scratch, b: w.B.v });
      const unrelated = scaleAdd.createArgs({ a: other, k: 1 });
      for (let round = 0; round < 3; round++) {
        scratch.fill(1);
        other.fill(0);
        const hA = jobs.scheduleParallel(scaleAdd, N, 256, fill);
        // The scratch array is tracked by identity: without a dependency the reader races…
        expect(() => jobs.scheduleParallel(copyPlusOne, N, 512, read, NO_JOB)).toThrow(/"test.copyPlusOne" \(reads .*\) races with job "test.scaleAdd"/);
        // …another array is another resource, so its writer may run beside it.
        const hOther = jobs.scheduleParallel(scaleAdd, N, 256, unrelated, NO_JOB);
        const hB = jobs.scheduleParallel(copyPlusOne, N, 512, read);
        jobs.complete(hB);
        expect(jobs.isCompleted(hA)).toBe(true);
        // scratch = 3 + i, so B = 4 + i: the reader saw every batch of the writer.
        for (const i of [0, 1, 4097, N - 1]) expect(w.B.v[i]).toBe(4 + i);
        jobs.complete(hOther);
        expect(other[9]).toBe(9);
        jobs.endFrame();
        await jobs.ready();
      }
    });

    it('orders single jobs that write one log by the log alone', async () => {
      const jobs = (open = await scheduler(workers));
      const log = new Int32Array(new SharedArrayBuffer(4 * 64));
      const args = [1, 2, 3, 4, 5].map((tag) => logTag.createArgs({ log, tag }));
      jobs.schedule(logTag, args[0]);
      await jobs.ready();
      let h = 0;
      for (let i = 1; i < 5; i++) h = jobs.schedule(logTag, args[i]);
      jobs.complete(h);
      expect(Array.from(log.subarray(0, 6))).toEqual([5, 1, 2, 3, 4, 5]);
    });

    it('orders a chain of single jobs by their handles', async () => {
      const jobs = (open = await scheduler(workers));
      const log = new Int32Array(new SharedArrayBuffer(4 * 64));
      const args = [1, 2, 3, 4, 5].map((tag) => logTag.createArgs({ log, tag }));
      let h = jobs.schedule(logTag, args[0], NO_JOB);
      await jobs.ready();
      for (let i = 1; i < 5; i++) h = jobs.schedule(logTag, args[i], h);
      jobs.complete(h);
      expect(Array.from(log.subarray(0, 6))).toEqual([5, 1, 2, 3, 4, 5]);
    });
  });
}

describe('handles', () => {
  it('are small integers: combine of none is NO_JOB, of one is that handle', async () => {
    const jobs = (open = await scheduler(0));
    const log = new Int32Array(new SharedArrayBuffer(64));
    const h = jobs.schedule(logTag, logTag.createArgs({ log, tag: 1 }));
    expect(Number.isInteger(h)).toBe(true);
    expect(jobs.combine(NO_JOB, NO_JOB)).toBe(NO_JOB);
    expect(jobs.combine(h, NO_JOB)).toBe(h);
    const many = jobs.combineAll(Array.from({ length: 20 }, (_, i) => jobs.schedule(logTag, logTag.createArgs({ log, tag: i }))));
    jobs.complete(many);
    // The main thread runs runnable jobs oldest first while it waits, so the first one ran too.
    expect(log[0]).toBe(21);
    expect(jobs.isCompleted(h)).toBe(true);
    jobs.complete(h);
  });

  it('completing twice in a frame is fine; after the frame the handle is stale', async () => {
    const jobs = (open = await scheduler(0));
    const log = new Int32Array(new SharedArrayBuffer(64));
    const h = jobs.schedule(logTag, logTag.createArgs({ log, tag: 1 }));
    jobs.complete(h);
    jobs.complete(h);
    expect(jobs.isCompleted(h)).toBe(true);
    jobs.endFrame();
    expect(() => jobs.complete(h)).toThrow(StaleJobHandleError);
    expect(() => jobs.complete(h)).toThrow(/stale: its job was completed and its record recycled/);
    expect(() => jobs.isCompleted(h)).toThrow(/JobHandle \d+ \(job "test.logTag"\)/);
    expect(() => jobs.combine(h, NO_JOB)).toThrow(StaleJobHandleError);
    expect(() => jobs.schedule(logTag, logTag.createArgs({ log, tag: 2 }), h)).toThrow(StaleJobHandleError);
    expect(() => jobs.complete(12345678)).toThrow(StaleJobHandleError);
  });

  it('reuses records: many schedule/complete cycles without growth', async () => {
    const jobs = (open = await scheduler(0));
    const log = new Int32Array(new SharedArrayBuffer(4 * 4));
    const args = logTag.createArgs({ log, tag: 0 });
    for (let i = 0; i < 5000; i++) {
      log[0] = 0;
      jobs.complete(jobs.schedule(logTag, args));
      if (i % 100 === 0) jobs.endFrame();
    }
    expect(jobs.stats().find((s) => s.name === 'test.logTag')!.jobs).toBe(5000);
  });
});

describe('limits and job kinds', () => {
  it('scheduleFor runs the whole range as one batch; a zero-length range completes at once', async () => {
    const jobs = (open = await scheduler(0));
    const a = new Float32Array(new SharedArrayBuffer(4 * 1000));
    const h = jobs.scheduleFor(scaleAdd, 1000, scaleAdd.createArgs({ a, k: 1 }));
    jobs.complete(h);
    expect(a[999]).toBe(999);
    expect(jobs.stats().find((s) => s.name === 'test.scaleAdd')).toMatchObject({ jobs: 1, batches: 1 });
    const empty = jobs.scheduleParallel(scaleAdd, 0, 64, scaleAdd.createArgs({ a, k: 1 }));
    expect(jobs.isCompleted(empty)).toBe(true);
  });

  it('refuses a 257th job in flight with a clear error, and recovers once jobs complete', async () => {
    const jobs = (open = await scheduler(0));
    const log = new Int32Array(new SharedArrayBuffer(4 * 512));
    const args = logTag.createArgs({ log, tag: 1 });
    // Each job waits for the last writer of the log: a chain of 256 in flight.
    const handles: number[] = [];
    for (let i = 0; i < 256; i++) handles.push(jobs.schedule(logTag, args));
    expect(() => jobs.schedule(logTag, args)).toThrow(JobPoolExhaustedError);
    expect(() => jobs.schedule(logTag, args)).toThrow(/All 256 job records are in flight.*Complete handles \(or let the frame end\)/);
    jobs.complete(handles[0]);
    jobs.schedule(logTag, args); // the completed record is recycled on demand
    jobs.completeAll();
    expect(log[0]).toBe(257);
  });
});

describe('stress', () => {
  it('many frames of short chained jobs across 3 workers give exact results (records recycle under load)', async () => {
    const jobs = (open = await scheduler(3));
    const w = testWorld(4096);
    const { A, B, C, D } = w;
    const n = 4096;
    const a = scaleAdd.createArgs({ a: A.v, k: 1 });
    const b = copyPlusOne.createArgs({ a: A.v, b: B.v });
    const c = doubleInto.createArgs({ a: A.v, c: C.v });
    const d = sumInto.createArgs({ b: B.v, c: C.v, d: D.v });
    jobs.complete(jobs.scheduleParallel(sumInto, n, 256, d));
    await jobs.ready();
    for (let frame = 0; frame < 300; frame++) {
      A.v.fill(frame);
      // a = frame + i; b = a + 1; c = 2a; d = 3a + 1 — with batches of varied sizes.
      jobs.scheduleParallel(scaleAdd, n, 64 + (frame % 5) * 100, a);
      jobs.scheduleParallel(copyPlusOne, n, 128, b);
      jobs.scheduleParallel(doubleInto, n, 300, c);
      jobs.scheduleParallel(sumInto, n, 1 + (frame % 3) * 500, d);
      jobs.endFrame();
      const i = (frame * 97) % n;
      if (D.v[i] !== 3 * (frame + i) + 1) throw new Error(`frame ${frame}: D[${i}] = ${D.v[i]}, expected ${3 * (frame + i) + 1}`);
    }
    let onWorkers = 0;
    for (let l = 1; l <= 3; l++) onWorkers += jobs.memory.lanes[l * L.STRIDE + L.BATCHES]!;
    expect(onWorkers).toBeGreaterThan(0);
  });
});
