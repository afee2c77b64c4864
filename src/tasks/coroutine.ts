import { DONE, StepMode, type CoroutineMachine } from './CoroutineMachine.ts';

/** A generator function usable as a coroutine: up to four arguments, returns R. */
export type CoroutineFunction<A extends unknown[] = any[], R = unknown> = (...args: A) => Generator<unknown, R, any>;

/**
 * A named, startable coroutine: what `coroutine(function* …)` returns. Calling it
 * gives a generator (so `yield* other(x)` works in any code); `create` makes a
 * running instance for the runner — a generator, or a pooled state machine when
 * the async builder compiled it — and `release` takes a finished machine back.
 */
export interface CoroutineDef<A extends unknown[] = any[], R = unknown> {
  (...args: A): Generator<unknown, R, any>;
  readonly coroutineName: string;
  /** True when the async builder compiled this coroutine into a pooled state machine. */
  readonly compiled: boolean;
  create(a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): CoroutineMachine<R> | Generator<unknown, R, any>;
  release?(instance: CoroutineMachine<R> | Generator<unknown, R, any>): void;
  /** Machines waiting in the pool (compiled only), for the tracker. */
  readonly pooled?: number;
}

function define<A extends unknown[], R>(call: (...args: A) => Generator<unknown, R, any>, props: Record<string, PropertyDescriptor>): CoroutineDef<A, R> {
  return Object.defineProperties(call, props) as unknown as CoroutineDef<A, R>;
}

/**
 * Mark a generator function as a coroutine. Uncompiled, it runs as a generator;
 * the async builder (`tickflow/build`: Vite plugin, Node loader) rewrites the call
 * into a pooled state-machine class, so steps and starts allocate nothing. The
 * marking is exactly this call, imported under the name `coroutine`, with the
 * generator written inline.
 *
 * @example
 * export const patrol = coroutine(function* patrol(id: number) {
 *   for (;;) { moveTo(id, 0); yield waitSeconds(0.5); moveTo(id, 1); yield nextFrame(); }
 * });
 * tasks.start(patrol, 7);
 */
export function coroutine<A extends unknown[], R>(fn: (...args: A) => Generator<unknown, R, any>): CoroutineDef<A, R> {
  if (typeof fn !== 'function') throw new TypeError(`coroutine() takes a generator function; got ${typeof fn}.`);
  const f = fn as unknown as (a0: unknown, a1: unknown, a2: unknown, a3: unknown) => Generator<unknown, R, any>;
  const call = (...args: A) => fn(...args);
  return define(call, {
    coroutineName: { value: fn.name || 'coroutine' },
    compiled: { value: false },
    create: { value: (a0: unknown, a1: unknown, a2: unknown, a3: unknown) => f(a0, a1, a2, a3) },
  });
}

/** A class the async builder emits: fields are the coroutine's locals, `init` takes its arguments. */
export interface CompiledMachine<R = unknown> extends CoroutineMachine<R> {
  init(a0: unknown, a1: unknown, a2: unknown, a3: unknown): void;
  /** Clear every field so a pooled instance holds no references between uses. */
  reset(): void;
}

/**
 * The async builder's output for one coroutine: a pool of instances of `Machine`
 * (hand-written machine classes work too). Calling the result directly gives an
 * iterator over a machine, for `yield*` from uncompiled generators.
 *
 * @example
 * const blink = compiledCoroutine('blink', class Blink { init() {} reset() {} step() { return DONE; } });
 */
export function compiledCoroutine<A extends unknown[], R>(name: string, Machine: new () => CompiledMachine<R>): CoroutineDef<A, R> {
  // A stack with its own top index: push/pop would let V8 shrink and regrow the
  // backing store as the pool drains and refills, which allocates.
  const pool: (CompiledMachine<R> | null)[] = [];
  let top = 0;
  const create = (a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): CompiledMachine<R> => {
    let m: CompiledMachine<R>;
    if (top > 0) {
      m = pool[--top]!;
      pool[top] = null;
    } else m = new Machine();
    m.init(a0, a1, a2, a3);
    return m;
  };
  const release = (m: unknown): void => {
    (m as CompiledMachine<R>).reset();
    if (top === pool.length) pool.push(m as CompiledMachine<R>);
    else pool[top] = m as CompiledMachine<R>;
    top++;
  };
  const call = (...args: A): Generator<unknown, R, any> => machineIterator(create(args[0], args[1], args[2], args[3])) as Generator<unknown, R, any>;
  return define(call, {
    coroutineName: { value: name },
    compiled: { value: true },
    pooled: { get: () => top },
    create: { value: create },
    release: { value: release },
  });
}

/**
 * A machine seen as a generator (allocating: one result object per step), for
 * `yield*` from generators and hand iteration. Like a generator, once it has
 * finished or thrown it stays finished: `next()` gives `{ done: true }`,
 * `return(v)` gives `v`, `throw(e)` throws `e`.
 */
function machineIterator<R>(m: CoroutineMachine<R>): Iterator<unknown, R, unknown> & Iterable<unknown> {
  let finished = false;
  const run = (mode: StepMode, input: unknown): IteratorResult<unknown, R> => {
    let out: unknown;
    try {
      out = m.step(mode, input);
    } catch (e) {
      finished = true;
      throw e;
    }
    if (out !== DONE) return { value: out, done: false };
    finished = true;
    return { value: m.result as R, done: true };
  };
  return {
    next: (v?: unknown) => (finished ? { value: undefined, done: true } : run(StepMode.Next, v)),
    throw: (e?: unknown) => {
      if (finished) throw e;
      return run(StepMode.Throw, e);
    },
    return: (v?: unknown) => (finished ? { value: v, done: true } : run(StepMode.Return, v)),
    [Symbol.iterator]() {
      return this;
    },
  } as Iterator<unknown, R, unknown> & Iterable<unknown>;
}

export { DONE };
// The async builder's output imports its runtime from the module that provided
// `coroutine`, so this module carries all of it too.
export { NEXT_FRAME, WAIT_SECONDS, armSeconds, armUnscaledSeconds, armRealtimeSeconds } from './Wait.ts';
export { startDelegate, startDelegateCall, stepDelegate, delegateResult, delegateDef, endDelegate } from './delegate.ts';
