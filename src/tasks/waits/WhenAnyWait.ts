import { StepMode } from '../CoroutineMachine.ts';
import { SLOT_MASK } from '../TaskPool.ts';
import { WaitKind } from '../Wait.ts';
import { armMany, unhookAll } from './awaitLinks.ts';
import type { WaitHandler } from './WaitHandler.ts';

/*
 * `whenAny(handles, out?)`.
 * Record: ref = the handles; ref2 = the out array or null; waitInt = the index of
 * the first awaited task that finished, NONE_YET before (set by awaitedDone).
 */
const NONE_YET = -1;

/**
 * Wait for the first task of a list: the yield evaluates to its index, its result
 * goes to `out[index]`; the others keep running, unlinked.
 *
 * @example
 * // const i = yield whenAny(handles) arms this handler.
 */
export const WhenAnyWait: WaitHandler = {
  label: 'any',
  arm: (host, s, sc) => armMany(host, s, WaitKind.Any, sc.ref as ArrayLike<number>, sc.ref2 as unknown[] | null, 'it was passed to whenAny'),
  ready: (host, s) => host.pool.waitInt[s]! > NONE_YET,
  resume(host, s) {
    const pool = host.pool;
    const handles = pool.ref[s] as ArrayLike<number>;
    const out = pool.ref2[s] as unknown[] | null;
    pool.ref[s] = pool.ref2[s] = null;
    const win = pool.waitInt[s]!;
    for (let k = 0; k < handles.length; k++) {
      const c = handles[k]! & SLOT_MASK;
      if (k !== win && pool.waiter[c] === s) pool.waiter[c] = -1;
    }
    const c = handles[win]! & SLOT_MASK;
    pool.waiter[c] = -1;
    const v = host.take(c);
    if (host.takeFailed) return host.advance(s, StepMode.Throw, v);
    if (out) out[win] = v;
    host.advance(s, StepMode.Next, win);
  },
  drop: (host, s) => unhookAll(host.pool, s),
  awaitedDone: (pool, s, c) => {
    if (pool.waitInt[s] === NONE_YET) pool.waitInt[s] = pool.waiterIndex[c]!;
  },
  resumesInPass: true,
};
