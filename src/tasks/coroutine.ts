import type { CoroutineMachine } from './CoroutineMachine.ts';

/** A generator function usable as a coroutine: up to three arguments, returns R. */
export type CoroutineFunction<A extends unknown[] = any[], R = unknown> = (...args: A) => Generator<unknown, R, any>;

/**
 * A named, startable coroutine: what `coroutine(function* …)` returns. `create`
 * makes a running instance (a generator, or a pooled state machine when the async
 * builder compiled it); `release` takes a finished machine back into its pool.
 */
export interface CoroutineDef<A extends unknown[] = any[], R = unknown> {
  readonly name: string;
  /** True when the async builder compiled this coroutine into a pooled state machine. */
  readonly compiled: boolean;
  create(a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): CoroutineMachine<R> | Generator<unknown, R, any>;
  release?(instance: CoroutineMachine<R> | Generator<unknown, R, any>): void;
  /** Machines waiting in the pool (compiled only), for the tracker. */
  readonly pooled?: number;
  /** Phantom: the argument types, for `tasks.start` typing. */
  readonly __args?: A;
}

/**
 * Mark a generator function as a coroutine. At runtime it runs as a generator; the
 * async builder (src/build, Vite plugin and Node loader) rewrites the call into a
 * pooled state-machine class, so steps and starts allocate nothing. The marking is
 * this call with a function expression written inline.
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
  return {
    name: fn.name || 'coroutine',
    compiled: false,
    create: (a0, a1, a2, a3) => f(a0, a1, a2, a3),
  };
}

/** A class the async builder emits: fields are the coroutine's locals, `init` takes its arguments. */
export interface CompiledMachine<R = unknown> extends CoroutineMachine<R> {
  init(a0: unknown, a1: unknown, a2: unknown, a3: unknown): void;
  /** Clear every field so a pooled instance holds no references between uses. */
  reset(): void;
}

/**
 * The async builder's output for one coroutine: a pool of instances of `Machine`.
 * Not written by hand (though it works with a hand-written machine class).
 *
 * @example
 * const blink = compiledCoroutine('blink', class { ... init() {} reset() {} step() {} });
 */
export function compiledCoroutine<A extends unknown[], R>(
  name: string,
  Machine: new () => CompiledMachine<R>,
  // The original generator, kept so tools can fall back; unused by the runner.
  _source?: (...args: A) => Generator<unknown, R, any>,
): CoroutineDef<A, R> {
  // A stack with its own top index: push/pop would let V8 shrink and regrow the
  // backing store as the pool drains and refills, which allocates.
  const pool: (CompiledMachine<R> | null)[] = [];
  let top = 0;
  return {
    name,
    compiled: true,
    get pooled() {
      return top;
    },
    create(a0, a1, a2, a3) {
      let m: CompiledMachine<R>;
      if (top > 0) {
        m = pool[--top]!;
        pool[top] = null;
      } else m = new Machine();
      m.init(a0, a1, a2, a3);
      return m;
    },
    release(m) {
      (m as CompiledMachine<R>).reset();
      if (top === pool.length) pool.push(m as CompiledMachine<R>);
      else pool[top] = m as CompiledMachine<R>;
      top++;
    },
  };
}
