import { describe, it, expect, afterEach } from 'vitest';
import type { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { CTL, L } from '../../src/jobs/JobMemory.ts';
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { scaleAdd, copyPlusOne } from './fixtures/kernels.ts';
import { scheduler } from './helpers.ts';

/**
 * Ring sequences are Int32 words: at a few million empty jobs a second a
 * long headless run passes 2^31 publishes. Started just below it, a run of
 * chained, parallel and combined jobs crosses the wrap on the inline host and
 * on a worker, with the same numbers.
 */
const START = 2 ** 31 - 700;
const N = 1024;
const FRAMES = 300;

let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
});

/** One frame: 9 chained scaleAdd jobs (a[i] += i) in 4 batches each, a copy of a into b (+1), and a fence over both. */
function frame(jobs: JobScheduler, add: ReturnType<typeof scaleAdd.createArgs>, copy: ReturnType<typeof copyPlusOne.createArgs>): void {
  let last = 0;
  for (let j = 0; j < 9; j++) last = jobs.scheduleParallel(scaleAdd, N, N / 4, add);
  const c = jobs.scheduleParallel(copyPlusOne, N, N / 2, copy);
  jobs.complete(jobs.combine(last, c));
  jobs.endFrame();
}

/** A warm-up frame (lanes load the kernels), then the ring moved to just below 2^31 with nothing in flight, then FRAMES frames. */
async function run(jobs: JobScheduler): Promise<{ a: Float32Array; b: Float32Array; batches: number }> {
  const a = allocateArray(Float32Array, N);
  const b = allocateArray(Float32Array, N);
  const add = scaleAdd.createArgs({ a, k: 1 });
  const copy = copyPlusOne.createArgs({ a, b });
  frame(jobs, add, copy);
  await jobs.ready();
  const ctl = jobs.memory.ctl;
  ctl[CTL.HEAD] = ctl[CTL.TAIL] = START;
  const lane1 = 1 * L.STRIDE + L.BATCHES;
  const before = jobs.memory.lanes[lane1]!;
  for (let f = 0; f < FRAMES; f++) frame(jobs, add, copy);
  return { a, b, batches: jobs.memory.lanes[lane1]! - before };
}

describe('ring sequences across 2^31 publishes', () => {
  for (const workers of [0, 1]) {
    it(`${workers} worker(s), the main thread ${workers ? 'waiting only' : 'running all'}: every job runs once, in order`, async () => {
      const jobs = (open = await scheduler(workers, { mainThreadExecutes: workers === 0 }));
      const { a, b, batches } = await run(jobs);
      // 11 publishes a frame (9 + copy + fence): HEAD wrapped to a negative word.
      expect(jobs.memory.ctl[CTL.HEAD]).toBe((START + FRAMES * 11) | 0);
      expect(jobs.memory.ctl[CTL.HEAD]).toBeLessThan(0);
      const frames = FRAMES + 1;
      for (const i of [0, 1, 17, 511, N - 1]) {
        expect(a[i]).toBe(frames * 9 * i);
        expect(b[i]).toBe(frames * 9 * i + 1);
      }
      // With the main thread only waiting, the worker ran every batch, wrap or not.
      if (workers) expect(batches).toBe(FRAMES * (9 * 4 + 2));
    });
  }
});
