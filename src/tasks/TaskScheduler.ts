import { PHASES } from '../loop/Phase.ts';
import type { Time } from '../loop/Time.ts';
import { DONE, StepMode, isCoroutineMachine, type CoroutineMachine } from './CoroutineMachine.ts';
import type { CoroutineDef } from './coroutine.ts';
import type { JobWaitSource } from './JobWaitSource.ts';
import { PROMISE_WAITER, SLOT_BITS, SLOT_MASK, TaskFlag, TaskPool, TaskState } from './TaskPool.ts';
import { NEXT_FRAME, WAIT_TOKENS, WaitKind, waitScratch, type WaitToken } from './Wait.ts';
import { InvalidYieldError, TaskCanceledError, TaskPoolExhaustedError, TaskUsageError, UnobservedTaskError } from './errors.ts';
import { armJoin } from './waits/awaitLinks.ts';
import { armFrames } from './waits/FramesWait.ts';
import { waitHandler } from './waits/waitHandlers.ts';
import type { WaitHost } from './waits/WaitHost.ts';

/** A task handle: a positive small integer (slot and version), never boxed. */
export type TaskHandle = number;

/** Anything `start` accepts: a generator function, a `coroutine()` definition, or a state machine. */
export type Startable<R = unknown> =
  | ((...args: any[]) => Generator<unknown, R, any>)
  | CoroutineDef<any[], R>
  | CoroutineMachine<R>;

/** Marks, inside a pass, a step that threw (the task is already finished as faulted). */
const FAULTED: unique symbol = Symbol('faulted');
const S = TaskState;
const F = TaskFlag;
const W = WaitKind;

/**
 * The engine under {@link TaskRunner}: per-phase passes over dense handle
 * arrays, stepping (generators and state machines), completion, structured
 * cancellation and error routing. What each wait kind does (arm, ready, resume,
 * drop) is its handler's, in `waits/` (`waitHandlers.ts` maps kinds to handlers);
 * this class only dispatches, and implements the {@link WaitHost} the handlers
 * use. Everything here runs per frame, so it reads typed arrays and allocates
 * nothing; the public API and the interop (signals, promises, tracker) live in
 * TaskRunner.
 *
 * @example
 * // Not used directly: `new TaskRunner({ loop })` extends it.
 * class Runner extends TaskScheduler {}
 */
export abstract class TaskScheduler implements WaitHost {
  readonly pool: TaskPool;
  /** Where `waitJob` polls by default; the job scheduler registers itself here. */
  jobs: JobWaitSource<any> | null = null;
  /** Receives failures of tasks nobody joined (see {@link UnobservedTaskError}). */
  onUnobservedError: (error: UnobservedTaskError) => void;
  readonly time: Time;
  /** @internal For the wait handlers (WaitHost). */
  readonly clock: () => number;
  /** Per phase: handles of tasks stepped by that phase, dense; dead entries are removed lazily. */
  protected lists: Int32Array[] = PHASES.map(() => new Int32Array(64));
  protected counts = new Int32Array(PHASES.length);
  /** @internal Passes run per phase: the clock of frame waits. */
  readonly passes = new Int32Array(PHASES.length);
  protected current = -1;
  /** Handles of faulted tasks to report if still unobserved at the end of the pass. */
  protected unobserved: number[] = [];
  protected reports: UnobservedTaskError[] = [];
  protected promises = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  protected defs = new Set<CoroutineDef<any, any>>();
  /** AbortControllers handed out by signalOf, by slot; aborted on cancel. */
  protected signals = new Map<number, AbortController>();
  /** @internal For the wait handlers (WaitHost). */
  jobSourceFlushed: JobWaitSource<any> | null = null;
  protected disposed = false;
  /** Bumped when a task is pushed to a phase, the pool grows, or a cancel is deferred: a running pass re-checks. */
  protected epoch = 0;

  constructor(initialCapacity: number, time: Time, clock: () => number, onUnobservedError: (error: UnobservedTaskError) => void) {
    this.pool = new TaskPool(initialCapacity);
    this.time = time;
    this.clock = clock;
    this.onUnobservedError = onUnobservedError;
  }

  protected spawn(co: Startable<any>, phase: number, name: string | undefined, detached: boolean, a0: unknown, a1: unknown, a2: unknown, a3: unknown): TaskHandle {
    if (this.disposed) throw new TaskUsageError('This TaskRunner was disposed (its scene ended); start tasks on a live runner.');
    let instance: unknown;
    let def: CoroutineDef<any, any> | null = null;
    let label: string;
    if (typeof co === 'function' && typeof (co as CoroutineDef).create === 'function') {
      def = co as CoroutineDef<any, any>;
      if (!this.defs.has(def)) this.defs.add(def);
      instance = def.create(a0, a1, a2, a3);
      label = def.coroutineName;
    } else if (typeof co === 'function') {
      instance = (co as (a: unknown, b: unknown, c: unknown, d: unknown) => unknown)(a0, a1, a2, a3);
      label = co.name || 'coroutine';
    } else if (isCoroutineMachine(co)) {
      instance = co;
      label = (co as { name?: string }).name ?? co.constructor?.name ?? 'machine';
    } else {
      throw new TaskUsageError(`tasks.start() takes a generator function, a coroutine() definition or an object with step(); got ${String(co)}.`);
    }
    const p = this.pool;
    const cap = p.capacity;
    const s = p.alloc();
    if (s < 0) throw new TaskPoolExhaustedError(p.capacity, name ?? label);
    if (p.capacity !== cap) this.epoch++;
    p.name[s] = name ?? label;
    p.co[s] = instance;
    p.def[s] = def;
    p.phase[s] = phase;
    const isGen = typeof (instance as { next?: unknown }).next === 'function' && typeof (instance as { step?: unknown }).step !== 'function';
    if (isGen) p.flags[s] = F.Generator;
    p.startFrame[s] = this.time.frameCount;
    p.startTime[s] = this.time.unscaledElapsed;
    if (!detached && this.current >= 0) p.link(s, this.current);
    const h = p.handleOf(s);
    this.push(phase, h);
    return h;
  }

  protected push(phase: number, h: number): void {
    let list = this.lists[phase]!;
    const n = this.counts[phase]!;
    if (n === list.length) {
      const bigger = new Int32Array(list.length * 2);
      bigger.set(list);
      this.lists[phase] = list = bigger;
    }
    list[n] = h;
    this.counts[phase] = n + 1;
    this.epoch++;
  }

  /**
   * Step the tasks of phase `p` (the loop's hook calls this at each phase end; call
   * it directly to run tasks without a PlayerLoop).
   */
  runPhase(p: number): void {
    const pass = ++this.passes[p]!;
    // Most phases of most scenes have no tasks: leave before touching anything else.
    if (this.counts[p] === 0) return;
    this.jobSourceFlushed = null;
    const outer = this.current;
    // Arrays cached in locals and re-read only when `epoch` says a step reallocated them.
    let epoch = this.epoch;
    let pool = this.pool;
    let version = pool.version;
    let waitKind = pool.waitKind;
    let waitInt = pool.waitInt;
    const co = pool.co; // grows by push: the same array object for the pool's life
    let list = this.lists[p]!;
    let count = this.counts[p]!;
    let i = 0;
    while (i < count) {
      const h = list[i]!;
      // SLOT_MASK as a literal (checked against it by the type checker): V8 folds a
      // literal into the instruction, a named constant costs ~0.3 ns a step (measured).
      const s = h & (0xfffff satisfies typeof SLOT_MASK);
      const wk = waitKind[s]!;
      if (wk === W.Dead || version[s] !== h >>> SLOT_BITS) {
        // Finished or recycled: swap-remove, and look at what moved into i.
        count = --this.counts[p]!;
        list[i] = list[count]!;
        continue;
      }
      if (wk === W.Frames) {
        // FramesWait's ready test and step, inline: the hot path.
        if (pass < waitInt[s]!) {
          i++;
          continue;
        }
        // The hot path, inline: a state machine (generators wait with
        // GeneratorFrames) resuming from a frame wait, which most of the time
        // yields the next frame wait again. Only `current` marks the step (no flag
        // write): see isStepping(). Its first step went through resume().
        this.current = s;
        let out: unknown;
        try {
          out = (co[s] as CoroutineMachine).step(StepMode.Next, undefined);
        } catch (e) {
          this.current = outer;
          this.finish(s, S.Faulted, e);
          out = FAULTED;
        }
        this.current = outer;
        // `epoch` also moves when a cancel is requested during a step, so one
        // comparison covers reallocated arrays, new tasks and deferred cancels.
        if (out === NEXT_FRAME && this.epoch === epoch) {
          waitInt[s] = pass + 1;
          i++;
          continue;
        }
        if (out !== FAULTED) {
          if (out === DONE) this.settle(s, (co[s] as CoroutineMachine).result, true);
          else this.settle(s, out, false);
        }
        this.continueJoins(s, h, p);
        // Every other wait asks its handler, but for a generator's frame wait, whose
        // test (GeneratorFramesWait.ready) is inline: it is a generator's hot path.
      } else if (wk === W.None || (wk === W.GeneratorFrames ? this.passes[p]! >= waitInt[s]! : waitHandler(wk, pool, s).ready(this, s, p))) {
        this.resume(s);
        this.continueJoins(s, h, p);
      }
      if (this.epoch !== epoch) {
        epoch = this.epoch;
        pool = this.pool;
        version = pool.version;
        waitKind = pool.waitKind;
        waitInt = pool.waitInt;
        list = this.lists[p]!;
        count = this.counts[p]!;
      }
      i++;
    }
    if (this.unobserved.length > 0) this.collectUnobserved();
  }

  /**
   * The one continuation path after a step, for state machines and generators
   * alike: a join wait (handle, whenAll, whenAny, timeout: its handler's
   * `resumesInPass`) on tasks that already finished resumes in the same pass, as
   * often as the coroutine yields one.
   */
  private continueJoins(s: number, h: number, p: number): void {
    const pool = this.pool;
    while (pool.state[s]! < S.Succeeded && pool.version[s] === h >>> SLOT_BITS) {
      const wait = waitHandler(pool.waitKind[s]!, pool, s);
      if (!wait.resumesInPass || !wait.ready(this, s, p)) return;
      this.resume(s);
    }
  }

  /** Resume a ready task: its wait's handler delivers the outcome. */
  protected resume(s: number): void {
    const pool = this.pool;
    const wait = waitHandler(pool.waitKind[s]!, pool, s);
    pool.waitKind[s] = W.None;
    wait.resume(this, s);
  }

  /** @internal Set by {@link take}: whether the taken value is an error to throw. */
  takeFailed = false;

  /** @internal Observe a completed task once: its value (or error), and release its record. */
  take(c: number): unknown {
    const pool = this.pool;
    const st = pool.state[c]!;
    const v = st === S.Canceled ? new TaskCanceledError(pool.name[c]!) : pool.value[c];
    this.takeFailed = st !== S.Succeeded;
    pool.release(c);
    return v;
  }

  /** @internal Run one step and record what it yielded. */
  advance(s: number, mode: StepMode, input: unknown): void {
    const pool = this.pool;
    const prev = this.current;
    // A fast-path step is marked only by `current`; when another step nests inside
    // it (a cancel running finally blocks), flag it so it is still seen as stepping.
    const markPrev = prev >= 0 && (pool.flags[prev]! & F.Stepping) === 0;
    if (markPrev) pool.flags[prev]! |= F.Stepping;
    this.current = s;
    const flags = pool.flags[s]!;
    pool.flags[s] = flags | F.Stepping | F.Started;
    let out: unknown;
    let done = false;
    try {
      if (flags & F.Generator) {
        const g = pool.co[s] as Generator<unknown, unknown, unknown>;
        const r = mode === StepMode.Next ? g.next(input) : mode === StepMode.Throw ? g.throw(input) : g.return(undefined);
        done = r.done === true;
        out = r.value;
      } else {
        const m = pool.co[s] as CoroutineMachine;
        out = m.step(mode, input);
        if (out === DONE) {
          done = true;
          out = m.result;
        }
      }
    } catch (e) {
      this.current = prev;
      if (markPrev) this.pool.flags[prev]! &= ~F.Stepping;
      this.pool.flags[s]! &= ~F.Stepping;
      this.finish(s, S.Faulted, e);
      return;
    }
    this.current = prev;
    if (markPrev) this.pool.flags[prev]! &= ~F.Stepping;
    const after = this.pool.flags[s]! & ~F.Stepping;
    this.pool.flags[s] = after;
    this.settle(s, out, done);
  }

  /** Record the outcome of a step: completion, or the wait it yielded. */
  protected settle(s: number, out: unknown, done: boolean): void {
    const pool = this.pool;
    const after = pool.flags[s]!;
    if (done) this.finish(s, pool.state[s] === S.Cancelling ? S.Canceled : S.Succeeded, out);
    else if (out === NEXT_FRAME || out === undefined) {
      // The common case without setWait's checks.
      armFrames(pool, this.passes, s, 1);
      if (after & F.CancelRequested) this.applyCancelRequest(s);
    } else {
      const err = this.setWait(s, out);
      // A bad yield is thrown back into the coroutine at its yield.
      if (err !== undefined) this.advance(s, StepMode.Throw, err);
      else if (pool.flags[s]! & F.CancelRequested) this.applyCancelRequest(s);
    }
  }

  /** Whether `s` is running a step now (possibly with other steps nested inside it). */
  protected isStepping(s: number): boolean {
    return s === this.current || (this.pool.flags[s]! & F.Stepping) !== 0;
  }

  protected applyCancelRequest(s: number): void {
    const pool = this.pool;
    pool.flags[s] &= ~F.CancelRequested;
    if (pool.state[s] === S.Running) this.beginCancel(s);
  }

  /**
   * Check a yielded value and hand it to its kind's handler, which copies it into
   * the task's record. Returns an error to throw back at the yield, or undefined.
   */
  protected setWait(s: number, y: unknown): unknown {
    const pool = this.pool;
    if (y === undefined || y === null || y === NEXT_FRAME) {
      armFrames(pool, this.passes, s, 1);
      return undefined;
    }
    if (typeof y === 'number') return armJoin(this, s, y, W.Join);
    const kind = (y as WaitToken).kind;
    const sc = waitScratch;
    if (typeof kind !== 'number' || (y as WaitToken) !== WAIT_TOKENS[kind]) return new InvalidYieldError(pool.name[s]!, y);
    if (sc.armed !== kind) return new InvalidYieldError(pool.name[s]!, y, 'this wait was created earlier and its parameters were already used; call the factory in the yield expression');
    sc.armed = -1;
    const err = waitHandler(kind, pool, s).arm(this, s, sc);
    // The scratch holds no reference past the yield (it would keep the predicate or handles alive).
    sc.ref = sc.ref2 = null;
    return err;
  }

  /** Drop a pending wait (cancellation): its handler unhooks it from awaited tasks. */
  protected dropWait(s: number): void {
    const pool = this.pool;
    waitHandler(pool.waitKind[s]!, pool, s).drop(this, s);
    pool.waitKind[s] = W.None;
    pool.ref[s] = pool.ref2[s] = null;
  }

  /** @internal Cancel `c` if it is running: now, or, when it is in the middle of its own step, when the step returns. */
  cancelTask(c: number): boolean {
    const pool = this.pool;
    if (pool.state[c] !== S.Running) return false;
    if (this.isStepping(c)) {
      pool.flags[c] |= F.CancelRequested;
      this.epoch++; // a running pass re-checks
    } else this.beginCancel(c);
    return true;
  }

  /** @internal Nobody will observe `c`: release it now if finished (reporting an unobserved failure), else when it finishes. */
  releaseOrForget(c: number): void {
    const pool = this.pool;
    if (pool.state[c]! >= S.Succeeded) {
      if (pool.state[c] === S.Faulted && !(pool.flags[c]! & F.Reported)) this.report(c);
      pool.release(c);
    } else pool.flags[c] |= F.Forgotten;
  }

  protected beginCancel(s: number): void {
    const pool = this.pool;
    pool.state[s] = S.Cancelling;
    if (this.signals.size > 0) {
      const ctrl = this.signals.get(s);
      if (ctrl) {
        this.signals.delete(s);
        ctrl.abort(new TaskCanceledError(pool.name[s]!));
      }
    }
    this.dropWait(s);
    this.endChildren(s);
    if (!(pool.flags[s]! & F.Started)) {
      this.finish(s, S.Canceled, undefined);
      return;
    }
    this.advance(s, StepMode.Return, undefined);
  }

  /** Structured concurrency: a task's children end with it. Live ones are cancelled, finished ones released. */
  protected endChildren(s: number): void {
    const pool = this.pool;
    let c = pool.firstChild[s]!;
    while (c >= 0) {
      const next = pool.nextSibling[c]!;
      // A child in the middle of its own step (it ended its parent) is cancelled when the step returns.
      this.cancelTask(c);
      // Cancelling may have finished and released it already. Otherwise it leaves the
      // parent; unless a joiner still waits for it, nobody will observe it: released if
      // finished, else (unwinding through a yielding finally) when it finishes.
      if (pool.state[c] !== S.Free) {
        pool.unlink(c);
        if (pool.waiter[c] === -1) this.releaseOrForget(c);
      }
      c = next;
    }
  }

  protected finish(s: number, st: number, value: unknown): void {
    const pool = this.pool;
    pool.state[s] = st;
    pool.value[s] = value;
    pool.waitKind[s] = W.Dead;
    pool.ref[s] = pool.ref2[s] = null;
    const def = pool.def[s] as CoroutineDef<any, any> | null;
    const co = pool.co[s];
    pool.co[s] = null;
    if (this.signals.size > 0) this.signals.delete(s);
    if (def?.release) def.release(co as CoroutineMachine);
    this.endChildren(s);
    const w = pool.waiter[s]!;
    if (w >= 0) waitHandler(pool.waitKind[w]!, pool, w).awaitedDone(pool, w, s);
    else if (w === PROMISE_WAITER) {
      const cb = this.promises.get(s)!;
      this.promises.delete(s);
      pool.waiter[s] = -1;
      const v = this.take(s);
      if (this.takeFailed) cb.reject(v);
      else cb.resolve(v);
    } else if (pool.flags[s]! & F.Forgotten) this.releaseOrForget(s);
    else if (st === S.Faulted) this.unobserved.push(pool.handleOf(s));
  }

  protected report(s: number): void {
    const pool = this.pool;
    pool.flags[s] |= F.Reported;
    this.reportUnobserved(pool.name[s]!, pool.phase[s]!, pool.value[s]);
  }

  /** @internal Queue an unobserved failure; delivered by {@link flushReports}. */
  reportUnobserved(taskName: string, phase: number, error: unknown): void {
    this.reports.push(new UnobservedTaskError(taskName, PHASES[phase]!, error));
  }

  /** Faulted tasks that nobody waits for by the end of the pass are reported (still joinable later). */
  protected collectUnobserved(): void {
    const pool = this.pool;
    const list = this.unobserved;
    for (let k = 0; k < list.length; k++) {
      const s = pool.slotOf(list[k]!, 'unobserved');
      if (s >= 0 && pool.state[s] === S.Faulted && pool.waiter[s] === -1 && !(pool.flags[s]! & F.Reported)) this.report(s);
    }
    list.length = 0;
  }

  /** Deliver queued unobserved failures to the hook (at frame end, outside any step). */
  flushReports(): void {
    if (this.unobserved.length > 0) this.collectUnobserved();
    const r = this.reports;
    while (r.length > 0) this.onUnobservedError(r.shift()!);
  }

  /** @internal Who waits for `c`, for AlreadyAwaitedError. */
  describeWaiter(c: number): string {
    const w = this.pool.waiter[c]!;
    if (w === PROMISE_WAITER) return 'a Promise from toPromise()';
    return w >= 0 ? `coroutine "${this.pool.name[w]}"` : 'nobody';
  }
}
