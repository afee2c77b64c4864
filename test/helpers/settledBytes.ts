import { measureSettled } from '../../src/profile/measure.ts';
import type { MeasureOptions } from '../../src/profile/measure.ts';

/**
 * Bytes per op once the JIT has settled (see `measureSettled`); Infinity when no
 * window was free of GCs.
 *
 * @example
 * expect(await settledBytes(() => step(), { iterations: 1000 })).toBeLessThan(1);
 */
export async function settledBytes(fn: () => void, opts: MeasureOptions, rounds = 10, below = 1): Promise<number> {
  const m = await measureSettled('settled', fn, opts, rounds, below);
  return m.valid ? m.bytesPerOp : Infinity;
}
