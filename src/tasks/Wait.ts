import type { JobWaitSource } from './JobWaitSource.ts';

/**
 * Wait instructions. Yielding allocates nothing: each factory writes its
 * parameters into one module-level scratch record and returns a frozen singleton
 * token for its kind; the runner copies the scratch into the yielding task's own
 * record right after the step returns. So a factory must be called inside the
 * yield expression (`yield waitSeconds(1)`), not stored and yielded later: a
 * token yielded without fresh parameters is rejected with InvalidYieldError.
 *
 * A bare `yield` (undefined) waits one pass of the phase, like `nextFrame()`.
 * Yielding a task handle (a number) joins the task and evaluates to its result.
 */

/**
 * Kinds of wait, stored per task as a byte. Each kind's behaviour (arm, ready,
 * resume, drop) lives in one handler under `waits/`; `waits/waitHandlers.ts`
 * maps every kind but `Dead` to its handler, checked by the type checker.
 */
export const WaitKind = {
  None: 0,
  Frames: 1,
  Seconds: 2,
  UnscaledSeconds: 3,
  RealtimeSeconds: 4,
  Until: 5,
  While: 6,
  Job: 7,
  Join: 8,
  All: 9,
  Any: 10,
  Timeout: 11,
  /** A frame wait of a generator coroutine: resumed by the general path, not the state-machine fast path. */
  GeneratorFrames: 12,
  /** Set when a task completes, so a pass skips it by reading this byte alone. */
  Dead: 255,
} as const;

/** The name of a wait kind a task can hold while it waits (every kind but `Dead`, a finished task's marker). */
export type WaitKindName = Exclude<keyof typeof WaitKind, 'Dead'>;

/** An opaque wait instruction; yield it from a coroutine. */
export interface WaitToken {
  readonly kind: number;
  readonly label: string;
}

const token = (kind: number, label: string): WaitToken => Object.freeze({ kind, label });

/** The singleton tokens, one per kind. */
export const WAIT_TOKENS: readonly WaitToken[] = [
  token(WaitKind.None, 'none'),
  token(WaitKind.Frames, 'frames'),
  token(WaitKind.Seconds, 'seconds'),
  token(WaitKind.UnscaledSeconds, 'unscaledSeconds'),
  token(WaitKind.RealtimeSeconds, 'realtimeSeconds'),
  token(WaitKind.Until, 'until'),
  token(WaitKind.While, 'while'),
  token(WaitKind.Job, 'job'),
  token(WaitKind.Join, 'join'),
  token(WaitKind.All, 'all'),
  token(WaitKind.Any, 'any'),
  token(WaitKind.Timeout, 'timeout'),
];

/**
 * The parameters of the wait most recently created. `armed` is the kind that wrote
 * it, cleared when the runner consumes it, so a stale token is detected.
 */
export const waitScratch = {
  armed: -1,
  /** The wait's number (seconds) in `num[0]`: a double in an object field can be boxed at every store, in a Float64Array never. */
  num: new Float64Array(1),
  int: 0,
  ref: null as unknown,
  ref2: null as unknown,
};

/** The scratch record a wait factory fills and a wait handler's `arm` reads. */
export type WaitScratch = typeof waitScratch;

/** The token for "resume on the phase's next pass" (next frame; next fixed step in fixedUpdate). */
export const NEXT_FRAME: WaitToken = token(WaitKind.Frames, 'nextFrame');

/**
 * Wait one pass of the coroutine's phase: the next frame (the next fixed step in fixedUpdate).
 *
 * @example
 * for (;;) { move(); yield nextFrame(); }
 */
export function nextFrame(): WaitToken {
  return NEXT_FRAME;
}

function arm(kind: number, num: number, int: number, ref: unknown, ref2: unknown): WaitToken {
  waitScratch.num[0] = num;
  return armRest(kind, int, ref, ref2);
}

/** Everything of {@link arm} but the number (a timed wait compiled by the builder has stored it already). */
function armRest(kind: number, int: number, ref: unknown, ref2: unknown): WaitToken {
  const s = waitScratch;
  s.armed = kind;
  s.int = int;
  s.ref = ref;
  s.ref2 = ref2;
  return WAIT_TOKENS[kind]!;
}

/**
 * The seconds of a timed wait as the async builder compiles it:
 * `yield waitSeconds(s)` becomes `WAIT_SECONDS[0] = s; return armSeconds()`.
 * A double passed to a call the JIT does not inline is boxed (16 B per wait:
 * `waitSeconds(rng.int(n) / n)` in a coroutine of agents' size), a store into a
 * Float64Array never is, and the arming helpers take no number. It is the
 * scratch's own `num`, so nothing is copied.
 */
export const WAIT_SECONDS: Float64Array = waitScratch.num;

/** Compiled `waitSeconds(WAIT_SECONDS[0])`. */
export const armSeconds = (): WaitToken => armRest(WaitKind.Seconds, 0, null, null);
/** Compiled `waitUnscaledSeconds(WAIT_SECONDS[0])`. */
export const armUnscaledSeconds = (): WaitToken => armRest(WaitKind.UnscaledSeconds, 0, null, null);
/** Compiled `waitRealtimeSeconds(WAIT_SECONDS[0])`. */
export const armRealtimeSeconds = (): WaitToken => armRest(WaitKind.RealtimeSeconds, 0, null, null);

/**
 * Wait `n` passes of the phase (n frames; n fixed steps in fixedUpdate). `n <= 0` resumes next pass.
 *
 * @example
 * yield waitFrames(10);
 */
export function waitFrames(n: number): WaitToken {
  return arm(WaitKind.Frames, 0, n > 1 ? n | 0 : 1, null, null);
}

/**
 * Wait `s` seconds of scaled time (stops while paused; fixed-step time in fixedUpdate).
 *
 * @example
 * yield waitSeconds(0.5);
 */
export function waitSeconds(s: number): WaitToken {
  return arm(WaitKind.Seconds, s, 0, null, null);
}

/**
 * Wait `s` seconds of unscaled time (ignores timeScale and pause; clamped like frame deltas).
 *
 * @example
 * yield waitUnscaledSeconds(1); // a menu fade while the game is paused
 */
export function waitUnscaledSeconds(s: number): WaitToken {
  return arm(WaitKind.UnscaledSeconds, s, 0, null, null);
}

/**
 * Wait `s` seconds of real (wall-clock) time, read from the runner's clock.
 *
 * @example
 * yield waitRealtimeSeconds(2);
 */
export function waitRealtimeSeconds(s: number): WaitToken {
  return arm(WaitKind.RealtimeSeconds, s, 0, null, null);
}

/**
 * Wait until `predicate()` is true, checked once per pass (first at the next pass).
 * Hoist the predicate out of loops: a new arrow per wait is a closure allocation.
 *
 * @example
 * const arrived = () => dist(id) < 1;
 * yield waitUntil(arrived);
 */
export function waitUntil(predicate: () => boolean): WaitToken {
  return arm(WaitKind.Until, 0, 0, predicate, null);
}

/**
 * Wait while `predicate()` is true, checked once per pass (first at the next pass).
 *
 * @example
 * yield waitWhile(isBusy);
 */
export function waitWhile(predicate: () => boolean): WaitToken {
  return arm(WaitKind.While, 0, 0, predicate, null);
}

/**
 * Wait for a job to complete without blocking: polled through the runner's
 * {@link JobWaitSource} (`tasks.jobs`) or the one passed here. A failed job's error
 * is thrown at the yield.
 *
 * @example
 * const h = scheduler.schedule(integrateJob);
 * yield waitJob(h);
 */
export function waitJob<H>(handle: H, source?: JobWaitSource<H>): WaitToken {
  return arm(WaitKind.Job, 0, 0, handle, source ?? null);
}

/**
 * Join a task: the yield evaluates to its result, or throws its error
 * (TaskCanceledError if it was cancelled). Same as yielding the handle itself.
 *
 * @example
 * const path = yield join(tasks.start(findPath, from, to));
 */
export function join(handle: number): WaitToken {
  return arm(WaitKind.Join, 0, handle, null, null);
}

/**
 * Wait for all tasks in `handles` (an array you may reuse). Results go to
 * `out[i]` when given; the first failure is thrown at the yield once all settled.
 *
 * @example
 * handles[0] = tasks.start(a); handles[1] = tasks.start(b);
 * yield whenAll(handles, results);
 */
export function whenAll(handles: ArrayLike<number>, out?: unknown[]): WaitToken {
  return arm(WaitKind.All, 0, 0, handles, out ?? null);
}

/**
 * Wait for the first of `handles` to complete; the yield evaluates to its index,
 * its result goes to `out[index]`. The others keep running (cancel them if you want).
 *
 * @example
 * const i = yield whenAny(handles);
 */
export function whenAny(handles: ArrayLike<number>, out?: unknown[]): WaitToken {
  return arm(WaitKind.Any, 0, 0, handles, out ?? null);
}

/**
 * Join `handle` for at most `seconds` of scaled time. On expiry the task is
 * cancelled and TaskTimeoutError is thrown at the yield.
 *
 * @example
 * try { const r = yield timeout(tasks.start(load), 2); } catch (e) { if (e instanceof TaskTimeoutError) fallback(); }
 */
export function timeout(handle: number, seconds: number): WaitToken {
  return arm(WaitKind.Timeout, seconds, handle, null, null);
}
