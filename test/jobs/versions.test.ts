import { describe, it, expect, afterEach } from 'vitest';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { CTL, VERSION_BITS, versionOf, seqOfVersion, handleVersion } from '../../src/jobs/JobMemory.ts';
import { StaleJobHandleError } from '../../src/jobs/errors.ts';
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { scaleAdd } from './fixtures/kernels.ts';

let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
});

describe('record versions are publish sequences', () => {
  it('seqOfVersion gives back the sequence from its version and any later head within 2^22 publishes', () => {
    const wrap = 2 ** VERSION_BITS;
    for (const seq of [0, 1, 1000, wrap - 2, wrap - 1, wrap, wrap + 1, 3 * wrap + 12_345, 2 ** 30]) {
      const ver = versionOf(seq);
      expect(ver).toBeGreaterThan(0);
      expect(ver).toBeLessThanOrEqual(wrap);
      for (const ahead of [1, 2, 1023, 70_000, wrap]) expect(seqOfVersion(ver, seq + ahead)).toBe(seq);
    }
    // A head 2^22 or more publishes later names a later sequence of the same version.
    expect(seqOfVersion(versionOf(5), 5 + wrap + 1)).toBe(5 + wrap);
  });

  it('each publish takes the next version, and a recycled slot reused later is a new handle', () => {
    const jobs = (open = new JobScheduler());
    const a = allocateArray(Float32Array, 8);
    const args = scaleAdd.createArgs({ a, k: 1 });
    const head = Atomics.load(jobs.memory.ctl, CTL.HEAD);
    const h1 = jobs.schedule(scaleAdd, args);
    const h2 = jobs.schedule(scaleAdd, args);
    expect([handleVersion(h1), handleVersion(h2)]).toEqual([versionOf(head), versionOf(head + 1)]);
    jobs.endFrame();
    const h3 = jobs.schedule(scaleAdd, args);
    expect(h3 & 0xff).toBe(h2 & 0xff); // the free list hands back the last slot recycled
    expect(h3).not.toBe(h2);
    expect(() => jobs.complete(h2)).toThrow(StaleJobHandleError);
    jobs.complete(h3);
  });
});
