import { describe, it, expect, afterEach } from 'vitest';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { CTL, L, R, LAST_CLAIMABLE, handleSlot, type JobMemory } from '../../src/jobs/JobMemory.ts';
import { createKernelTable, handleState, runOneBatch, type KernelTable } from '../../src/jobs/JobExecutor.ts';
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { scaleAdd, copyPlusOne } from './fixtures/kernels.ts';

/**
 * The claim-first path of a lane (CTL.LAST flagged LAST_CLAIMABLE), driven
 * directly: the scheduler publishes on the inline host, and a second kernel
 * table plays a worker lane (lane 1) over the same shared memory.
 */
let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
});

/** A worker lane's table that has loaded the job in `slot` (its kernel and array args), at the current epoch. */
function laneKnowing(mem: JobMemory, slot: number, job: typeof scaleAdd, arrays: Float32Array[]): KernelTable {
  const t = createKernelTable();
  const b = slot * R.STRIDE;
  t.kernels[mem.rec[b + R.KERNEL]!] = job as never;
  for (let i = 0; i < arrays.length; i++) t.buffers[mem.rec[b + R.ARGS + i]!] = arrays[i];
  t.epoch = Atomics.load(mem.ctl, CTL.EPOCH);
  return t;
}

describe('claiming LAST first', () => {
  it('flags LAST only for a job of one batch with no dependencies', () => {
    const jobs = (open = new JobScheduler());
    const { ctl } = jobs.memory;
    const a = allocateArray(Float32Array, 64);
    const b = allocateArray(Float32Array, 64);
    const h1 = jobs.schedule(scaleAdd, scaleAdd.createArgs({ a, k: 2 }));
    expect(Atomics.load(ctl, CTL.LAST)).toBe(h1 | LAST_CLAIMABLE);
    // Reads what h1 writes: depends on it, so it is not claimable.
    const h2 = jobs.schedule(copyPlusOne, copyPlusOne.createArgs({ a, b }));
    expect(Atomics.load(ctl, CTL.LAST)).toBe(h2);
    jobs.completeAll();
    // Two batches: not claimable either.
    const h3 = jobs.scheduleParallel(scaleAdd, 64, 32, scaleAdd.createArgs({ a, k: 2 }));
    expect(Atomics.load(ctl, CTL.LAST)).toBe(h3);
    jobs.completeAll();
  });

  it('a lane that knows the kernel claims and runs the job, once, and moves its scan start past it', () => {
    const jobs = (open = new JobScheduler());
    const mem = jobs.memory;
    const a = allocateArray(Float32Array, 4).fill(1);
    const h = jobs.schedule(scaleAdd, scaleAdd.createArgs({ a, k: 3 }));
    const seq = mem.rec[handleSlot(h) * R.STRIDE + R.SEQ]!;
    const lane = laneKnowing(mem, handleSlot(h), scaleAdd, [a]);
    lane.scanFrom = seq;
    expect(runOneBatch(mem, 1, lane)).toBe(true);
    expect(handleState(mem, h)).toBe(1);
    expect(Array.from(a)).toEqual([3, 1, 1, 1]); // one call over [0, 1): a[0] * 3 + 0
    expect(mem.lanes[1 * L.STRIDE + L.BATCHES]).toBe(1);
    expect(lane.scanFrom).toBe(seq + 1);
    // Nothing left: the same LAST is not tried again, and the scan finds nothing.
    expect(runOneBatch(mem, 1, lane)).toBe(false);
    jobs.complete(h);
    expect(Array.from(a)).toEqual([3, 1, 1, 1]);
  });

  it('a lane that has not loaded the kernel hands the job back, wakes the others once, and the job still runs', () => {
    const jobs = (open = new JobScheduler());
    const mem = jobs.memory;
    const a = allocateArray(Float32Array, 4).fill(1);
    const h = jobs.schedule(scaleAdd, scaleAdd.createArgs({ a, k: 5 }));
    const behind = createKernelTable(); // epoch 0, no kernels: a worker whose control message has not arrived
    const signal = Atomics.load(mem.ctl, CTL.SIGNAL);
    expect(runOneBatch(mem, 1, behind)).toBe(false);
    expect(handleState(mem, h)).toBe(0); // READY again, not left RUNNING
    expect(Atomics.load(mem.ctl, CTL.SIGNAL)).toBe(signal + 1);
    expect(runOneBatch(mem, 1, behind)).toBe(false);
    expect(Atomics.load(mem.ctl, CTL.SIGNAL)).toBe(signal + 1); // tried once per LAST value
    expect(Array.from(a)).toEqual([1, 1, 1, 1]);
    jobs.complete(h); // the main thread's lane runs it
    expect(Array.from(a)).toEqual([5, 1, 1, 1]);
    expect(mem.lanes[1 * L.STRIDE + L.BATCHES]).toBe(0);
  });
});
