import { measure, type MeasureOptions } from '../../src/profile/measure.ts';

/**
 * Bytes per op once the JIT has settled: measure up to `rounds` GC-free windows and
 * return the lowest. On a loaded machine background compilation can lag the
 * warm-up; a real per-op allocation never measures below its size, so a test on
 * this result still fails when the code allocates.
 *
 * @example
 * expect(await settledBytes(() => step(), { iterations: 1000 })).toBeLessThan(1);
 */
export async function settledBytes(fn: () => void, opts: MeasureOptions, rounds = 10, below = 1): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < rounds && best >= below; round++) {
    const m = await measure('settled', fn, opts);
    if (m.valid) best = Math.min(best, m.bytesPerOp);
  }
  return best;
}
