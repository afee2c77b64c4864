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

/** A compiled machine suspended in a `yield*` state: its `$d` is the delegate it steps. */
interface Delegating {
  $d?: unknown;
  step(mode: StepMode, input: unknown): unknown;
  result?: unknown;
}

/** Whether `d` is a machine whose own delegate is a machine (another level to walk down). */
function delegatesToMachine(d: unknown): d is Delegating {
  const inner = (d as Delegating).$d;
  return inner != null && typeof (inner as Delegating).step === 'function';
}

/**
 * The trampoline's stack: the machines between a delegate and the innermost one,
 * shared by nested calls (each uses the slots above `top` and gives them back).
 */
const chain: (Delegating | null)[] = [];
let top = 0;
/** While the trampoline resumes a parent whose delegate ended: that delegate, and how it ended. */
let endedChild: unknown = null;
let endedThrew = false;
let endedValue: unknown = undefined;

/**
 * Step a delegate: returns what it yielded, or DONE (then {@link delegateResult}
 * has its return value). Throws what the delegate throws, as `yield*` does.
 *
 * A chain of compiled coroutines delegating to each other (`yield*` recursion)
 * is stepped as a trampoline: the innermost machine directly, then each parent
 * whose delegate ended, innermost first, with the same mode and input the nested
 * calls would have passed. So resuming a chain thousands deep uses no stack.
 *
 * @example
 * const out = stepDelegate(this.$d, mode, input);
 */
export function stepDelegate(d: unknown, mode: number, input: unknown): unknown {
  if (d === endedChild) {
    // A parent resumed by the trampoline asks its delegate, which already ended.
    endedChild = null;
    const v = endedValue;
    endedValue = undefined;
    if (endedThrew) throw v;
    lastResult = v;
    return DONE;
  }
  // The first step of each level goes down nested (as a generator's would), so
  // this frame stays small: a machine is stepped right here.
  if (!delegatesToMachine(d)) {
    if (typeof (d as CoroutineMachine).step !== 'function') return stepOne(d, mode, input);
    const out = (d as CoroutineMachine).step(mode as StepMode, input);
    if (out === DONE) lastResult = (d as CoroutineMachine).result;
    return out;
  }
  return stepChain(d, mode, input);
}

/** The trampoline of {@link stepDelegate}: `d` delegates to a machine that may delegate further. */
function stepChain(d: Delegating, mode: number, input: unknown): unknown {
  const base = top;
  try {
    let inner: unknown = d;
    while (delegatesToMachine(inner)) {
      chain[top++] = inner;
      inner = inner.$d;
    }
    let out: unknown;
    let threw = false;
    let value: unknown;
    try {
      out = stepOne(inner, mode, input);
      if (out !== DONE) return out;
      value = delegateResult();
    } catch (e) {
      threw = true;
      value = e;
    }
    for (let k = top - 1; k >= base; k--) {
      const parent = chain[k]!;
      // Slots from k up are free again: a yield* the parent starts now pushes there.
      chain[k] = null;
      top = k;
      endedChild = inner;
      endedThrew = threw;
      endedValue = value;
      threw = false;
      try {
        out = parent.step(mode as StepMode, input);
      } catch (e) {
        threw = true;
        value = e;
        out = undefined;
      }
      endedChild = null;
      endedValue = undefined;
      inner = parent;
      if (threw) continue;
      if (out !== DONE) return out;
      value = parent.result;
    }
    if (threw) throw value;
    lastResult = value;
    return DONE;
  } finally {
    for (let k = base; k < top; k++) chain[k] = null;
    top = base;
  }
}

/** One step of one delegate: a machine's `step`, or an iterator's next / throw / return. */
function stepOne(d: unknown, mode: number, input: unknown): unknown {
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
