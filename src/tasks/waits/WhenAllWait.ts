import { StepMode } from '../CoroutineMachine.ts';
import { TaskCanceledError } from '../errors.ts';
import { SLOT_MASK } from '../TaskPool.ts';
import { WaitKind } from '../Wait.ts';
import { armMany, unhookAll } from './awaitLinks.ts';
import type { WaitHandler } from './WaitHandler.ts';

/*
 * `whenAll(handles, out?)`.
 * Record: ref = the handles; ref2 = the out array or null; waitInt = the count of
 * awaited tasks still running (awaitedDone counts it down).
 */

/**
 * Wait for every task of a list: results go to `out[i]`; the first failure is
 * thrown at the yield, the others are reported as unobserved.
 *
 * @example
 * // yield whenAll(handles, results) arms this handler.
 */
export const WhenAllWait: WaitHandler = {
  label: 'all',
  arm: (host, s, sc) => armMany(host, s, WaitKind.All, sc.ref as ArrayLike<number>, sc.ref2 as unknown[] | null, 'it was passed to whenAll'),
  ready: (host, s) => host.pool.waitInt[s] === 0,
  resume(host, s) {
    const pool = host.pool;
    const handles = pool.ref[s] as ArrayLike<number>;
    const out = pool.ref2[s] as unknown[] | null;
    pool.ref[s] = pool.ref2[s] = null;
    let failed = false;
    let error: unknown = undefined;
    for (let k = 0; k < handles.length; k++) {
      const c = handles[k]! & SLOT_MASK;
      pool.waiter[c] = -1;
      const name = pool.name[c]!;
      const phase = pool.phase[c]!;
      const v = host.take(c);
      if (host.takeFailed && !failed) {
        failed = true;
        error = v;
      } else if (host.takeFailed) {
        // Only the first failure is thrown at the yield; the others must not vanish.
        if (!(v instanceof TaskCanceledError)) host.reportUnobserved(name, phase, v);
      } else if (out) out[k] = v;
    }
    host.advance(s, failed ? StepMode.Throw : StepMode.Next, error);
  },
  drop: (host, s) => unhookAll(host.pool, s),
  awaitedDone: (pool, s) => {
    pool.waitInt[s]!--;
  },
  resumesInPass: true,
};
