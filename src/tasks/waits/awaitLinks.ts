import { AlreadyAwaitedError, TaskUsageError } from '../errors.ts';
import { SLOT_BITS, SLOT_MASK, TaskState, type TaskPool } from '../TaskPool.ts';
import { WaitKind } from '../Wait.ts';
import type { WaitHost } from './WaitHost.ts';

/**
 * The links of the join waits (handle, timeout, whenAll, whenAny): an awaited
 * task's `waiter` names the task that waits for it, so its completion reaches
 * that task's handler (`awaitedDone`). A task has one waiter at most.
 */

/**
 * Link task `s` to the one task behind handle `h`, for a Join or Timeout wait.
 * Record: waitHandle = h; waitInt = 1 when that task already finished, else 0.
 * Returns an error to throw back at the yield, or undefined.
 *
 * @example
 * const err = armJoin(host, s, handle, WaitKind.Join);
 */
export function armJoin(host: WaitHost, s: number, h: number, kind: typeof WaitKind.Join | typeof WaitKind.Timeout): unknown {
  const pool = host.pool;
  let c: number;
  try {
    c = pool.liveSlot(h, 'it was joined');
  } catch (e) {
    return e;
  }
  if (c === s) return new TaskUsageError(`Coroutine "${pool.name[s]}" joined itself; it would wait forever. Join another task's handle.`);
  if (pool.waiter[c] !== -1) return new AlreadyAwaitedError(pool.name[c]!, host.describeWaiter(c));
  pool.waitKind[s] = kind;
  pool.waitHandle[s] = h;
  pool.waitInt[s] = pool.state[c]! >= TaskState.Succeeded ? 1 : 0;
  pool.waiter[c] = s;
  return undefined;
}

/**
 * Link task `s` to every task of `handles`, for a whenAll or whenAny wait; each
 * awaited task's `waiterIndex` is its index in `handles`.
 * Record: ref = handles; ref2 = the out array or null; waitInt = for All the count
 * of tasks still running, for Any the index of the first finished one (-1: none yet).
 * Validates every handle before linking any, so a bad one leaves no half-made wait.
 *
 * @example
 * const err = armMany(host, s, WaitKind.All, handles, out, 'it was passed to whenAll');
 */
export function armMany(
  host: WaitHost,
  s: number,
  kind: typeof WaitKind.All | typeof WaitKind.Any,
  handles: ArrayLike<number>,
  out: unknown[] | null,
  what: string,
): unknown {
  const pool = host.pool;
  if (!handles || typeof handles.length !== 'number' || handles.length === 0)
    return new TaskUsageError(`Coroutine "${pool.name[s]}" waited on whenAll/whenAny of an empty or missing list; pass at least one handle.`);
  for (let k = 0; k < handles.length; k++) {
    let c: number;
    try {
      c = pool.liveSlot(handles[k]!, what);
    } catch (e) {
      return e;
    }
    if (pool.waiter[c] !== -1) return new AlreadyAwaitedError(pool.name[c]!, host.describeWaiter(c));
  }
  let pending = 0;
  let firstDone = -1;
  for (let k = 0; k < handles.length; k++) {
    const c = handles[k]! & SLOT_MASK;
    pool.waiter[c] = s;
    pool.waiterIndex[c] = k;
    if (pool.state[c]! < TaskState.Succeeded) pending++;
    else if (firstDone < 0) firstDone = k;
  }
  pool.waitKind[s] = kind;
  pool.ref[s] = handles;
  pool.ref2[s] = out;
  pool.waitInt[s] = kind === WaitKind.All ? pending : firstDone;
  return undefined;
}

/**
 * Undo one link of task `s` (cancellation): only if handle `h` still names its
 * task and that task still names `s` as its waiter.
 *
 * @example
 * unhookAwaited(pool, s, pool.waitHandle[s]!);
 */
export function unhookAwaited(pool: TaskPool, s: number, h: number): void {
  const c = h & SLOT_MASK;
  if (pool.version[c] === h >>> SLOT_BITS && pool.waiter[c] === s) pool.waiter[c] = -1;
}

/**
 * Undo every link of a whenAll or whenAny wait (its handles in `ref`).
 *
 * @example
 * unhookAll(pool, s);
 */
export function unhookAll(pool: TaskPool, s: number): void {
  const handles = pool.ref[s] as ArrayLike<number>;
  for (let k = 0; k < handles.length; k++) unhookAwaited(pool, s, handles[k]!);
}
