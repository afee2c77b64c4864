import { describe, it, expect, afterEach } from 'vitest';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { CTL, R, RING_SIZE, STATE, handleSlot, makeHandle, ringIndex, stateWord, versionOf, type JobMemory } from '../../src/jobs/JobMemory.ts';
import { createKernelTable, runOneBatch, type KernelTable } from '../../src/jobs/JobExecutor.ts';
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { scaleAdd } from './fixtures/kernels.ts';

/**
 * A lane's scan of the ring covers what the LAST it read published. An entry
 * in that window that a later publish overwrote (the ring wrapped while the
 * lane was scanning) names a record the lane has no guarantee to see whole, so
 * the scan passes over it. Driven directly: the scheduler publishes on the
 * inline host, and a second kernel table plays worker lane 1.
 */
let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
});

/** A worker lane's table that has loaded scaleAdd and the array arg of each job in `handles`. */
function laneKnowing(mem: JobMemory, handles: number[], arrays: Float32Array[]): KernelTable {
  const t = createKernelTable();
  handles.forEach((h, i) => {
    const b = handleSlot(h) * R.STRIDE;
    t.kernels[mem.rec[b + R.KERNEL]!] = scaleAdd as never;
    t.buffers[mem.rec[b + R.ARGS]!] = arrays[i];
  });
  t.epoch = Atomics.load(mem.ctl, CTL.EPOCH);
  return t;
}

describe('a lane scanning a ring that wrapped under it', () => {
  it('passes over an entry of a later sequence, runs nothing through it, and moves its scan start past it', () => {
    const jobs = (open = new JobScheduler());
    const mem = jobs.memory;
    const a = allocateArray(Float32Array, 8).fill(1);
    const b = allocateArray(Float32Array, 8).fill(1);
    // X, then Y (two batches each, so LAST is not claimable and the lane scans for X).
    const x = jobs.scheduleParallel(scaleAdd, 8, 4, scaleAdd.createArgs({ a, k: 2 }));
    const y = jobs.scheduleParallel(scaleAdd, 8, 4, scaleAdd.createArgs({ a: b, k: 3 }));
    const xs = handleSlot(x) * R.STRIDE;
    const seqX = mem.rec[xs + R.SEQ]!;
    const lane = laneKnowing(mem, [x, y], [a, b]);
    lane.scanFrom = seqX;
    // The ring wraps: a publish 4 rings later puts a READY copy of X (another slot,
    // a later version) where X's entry was.
    const z = 200;
    const zs = z * R.STRIDE;
    mem.rec.copyWithin(zs, xs, xs + R.STRIDE);
    const later = (seqX + RING_SIZE) | 0;
    mem.rec[zs + R.SEQ] = later;
    mem.rec[zs + R.STATE] = stateWord(versionOf(later), STATE.READY);
    mem.ring[ringIndex(seqX)] = makeHandle(z, versionOf(later));
    // Y's two batches through LAST, then a scan: X's entry now names the later record.
    expect(runOneBatch(mem, 1, lane)).toBe(true);
    expect(runOneBatch(mem, 1, lane)).toBe(true);
    expect(runOneBatch(mem, 1, lane)).toBe(false);
    expect(Array.from(a)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]); // the later record did not run
    expect(Array.from(b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lane.scanFrom).toBe(seqX + 2); // past both: the overwritten entry counts as finished
    // Put X's entry back: the main thread completes X as usual.
    mem.rec[zs + R.STATE] = STATE.FREE;
    mem.ring[ringIndex(seqX)] = x;
    jobs.complete(y);
    jobs.complete(x);
    expect(Array.from(a)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
