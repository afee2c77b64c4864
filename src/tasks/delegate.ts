import { DONE, StepMode, type CoroutineMachine } from './CoroutineMachine.ts';
import type { CoroutineDef } from './coroutine.ts';

/**
 * Runtime support for `yield*` inside compiled coroutines: the delegate is a
 * pooled machine when the callee is a compiled `coroutine()`, otherwise any
 * iterator (a generator, an array). Not for hand-written code.
 */

let lastResult: unknown = undefined;
let lastDef: CoroutineDef<any, any> | null = null;

/**
 * Start the delegate of `yield* callee(…)` with `argc` of the arguments a0..a3.
 * A compiled coroutine gets a pooled machine (and {@link endDelegate} pools it
 * back); anything else is called with exactly the arguments written, as the
 * generator would call it (rest parameters see no extra `undefined`s).
 *
 * @example
 * this.$d = startDelegateCall(walk, 2, this._id, 3, undefined, undefined);
 */
export function startDelegateCall(callee: unknown, argc: number, a0: unknown, a1: unknown, a2: unknown, a3: unknown): unknown {
  const def = callee as CoroutineDef<any, any>;
  if (typeof callee === 'function' && def.compiled === true && typeof def.create === 'function') {
    lastDef = def;
    return def.create(a0, a1, a2, a3);
  }
  lastDef = null;
  const f = callee as (...args: unknown[]) => unknown;
  if (typeof f !== 'function') throw new TypeError(`yield* needs a coroutine or a generator function to call; got ${String(callee)}.`);
  const it = argc === 0 ? f() : argc === 1 ? f(a0) : argc === 2 ? f(a0, a1) : argc === 3 ? f(a0, a1, a2) : f(a0, a1, a2, a3);
  return startDelegate(it);
}

/**
 * Start the delegate of `yield* iterable`.
 *
 * @example
 * this.$d = startDelegate(items);
 */
export function startDelegate(iterable: unknown): unknown {
  if (typeof (iterable as CoroutineMachine)?.step === 'function') return iterable;
  const it = iterable as { [Symbol.iterator]?: () => unknown };
  if (it == null || typeof it[Symbol.iterator] !== 'function') throw new TypeError(`yield* needs an iterable or a coroutine; got ${String(iterable)}.`);
  return it[Symbol.iterator]!();
}

/** The def behind the delegate just started (null for plain iterators). */
export function delegateDef(): CoroutineDef<any, any> | null {
  const d = lastDef;
  lastDef = null;
  return d;
}

/**
 * Step a delegate: returns what it yielded, or DONE (then {@link delegateResult}
 * has its return value). Throws what the delegate throws, as `yield*` does.
 *
 * @example
 * const out = stepDelegate(this.$d, mode, input);
 */
export function stepDelegate(d: unknown, mode: number, input: unknown): unknown {
  const m = d as CoroutineMachine;
  if (typeof m.step === 'function') {
    const out = m.step(mode as StepMode, input);
    if (out === DONE) lastResult = m.result;
    return out;
  }
  const g = d as Iterator<unknown> & { throw?(e: unknown): IteratorResult<unknown>; return?(v?: unknown): IteratorResult<unknown> };
  let r: IteratorResult<unknown>;
  if (mode === StepMode.Next) r = g.next(input);
  else if (mode === StepMode.Throw) {
    if (!g.throw) {
      g.return?.();
      throw new TypeError('The iterator delegated to with yield* has no throw method.');
    }
    r = g.throw(input);
  } else {
    if (!g.return) {
      lastResult = undefined;
      return DONE;
    }
    r = g.return(input);
  }
  if (r.done) {
    lastResult = r.value;
    return DONE;
  }
  return r.value;
}

/** The return value of the delegate that just finished. */
export function delegateResult(): unknown {
  const v = lastResult;
  lastResult = undefined;
  return v;
}

/**
 * Give a finished delegate machine back to its pool.
 *
 * @example
 * endDelegate(this.$dd, this.$d);
 */
export function endDelegate(def: CoroutineDef<any, any> | null, d: unknown): void {
  if (def?.release) def.release(d as CoroutineMachine);
}
