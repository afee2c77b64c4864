import { describe, expect, it } from 'vitest';
import { pairedUsPerCall, pairedUsPerCallAsync, pairedRatio, type PairedTimes } from '../../bench/lib/timePerCall.ts';

describe('paired block timing', () => {
  it('times every call in every block, rotating which goes first', () => {
    const order: string[] = [];
    let last = '';
    const call = (k: string) => () => {
      if (k !== last) order.push(k);
      last = k;
    };
    const t = pairedUsPerCall(30, { a: call('a'), b: call('b'), c: call('c') }, 0, 3);
    expect(Object.keys(t.us)).toEqual(['a', 'b', 'c']);
    expect(t.blocks.a).toHaveLength(3);
    expect(t.us.b.runs).toBe(3);
    // Block 0 runs a b c, block 1 b c a, block 2 c a b.
    expect(order.join('')).toBe('abcbcacab');
  });

  it('compares block i of one call with block i of the other, not medians with medians', () => {
    // Two speeds: blocks 0-2 on a fast machine, 3-4 on one twice as slow; ours is 3x the floor on both.
    const t: PairedTimes<'ours' | 'floor'> = {
      us: {} as PairedTimes<'ours' | 'floor'>['us'],
      blocks: { floor: [1, 1, 1, 2, 2], ours: [3, 3, 3, 6, 6] },
    };
    expect(pairedRatio(t, 'ours', 'floor')).toEqual({ value: 3, min: 3, max: 3, runs: 5 });
  });

  it('awaits a call that returns a promise, and runs each call its own count per block', async () => {
    const order: string[] = [];
    let settled = 0;
    let pending = 0;
    const slow = (): Promise<void> => {
      pending++;
      order.push('s');
      return new Promise<void>((r) => setImmediate(() => {
        pending--;
        settled++;
        r();
      }));
    };
    const fast = (): void => {
      // A sync call never starts while an async one is still pending.
      expect(pending).toBe(0);
      order.push('f');
    };
    const t = await pairedUsPerCallAsync({ slow: { fn: slow, perBlock: 2 }, fast: { fn: fast, perBlock: 5 } }, 0, 2);
    expect(t.blocks.slow).toHaveLength(2);
    expect(t.blocks.fast).toHaveLength(2);
    // warmMs 0 still runs each call once untimed: block 0 is s + ss, f + fffff; block 1 rotates.
    expect(order.join('')).toBe('sssffffff' + 'ffffffsss');
    expect(settled).toBe(6);
  });
});
