import { PHASES, PhaseIndex, isPhase, type Phase } from '../loop/Phase.ts';
import type { PlayerLoop } from '../loop/PlayerLoop.ts';
import { Time } from '../loop/Time.ts';
import { UnknownPhaseError } from '../loop/errors.ts';
import { PROMISE_WAITER, TaskState } from './TaskPool.ts';
import { AlreadyAwaitedError, TaskCanceledError, TaskNotCompletedError, TaskUsageError, type UnobservedTaskError } from './errors.ts';
import { buildTracker, formatTrackerSummary, type TrackerOptions, type TrackerSnapshot } from './TaskTracker.ts';
import { TaskScheduler, type Startable, type TaskHandle } from './TaskScheduler.ts';

export type { TaskHandle, Startable } from './TaskScheduler.ts';

/** Options of {@link TaskRunner.startWith}. Hoist the object: it is read, not kept. */
export interface StartOptions {
  /** Phase whose passes step the task (default `update`). */
  phase?: Phase;
  /** Name for the tracker and errors (default: the function's name). */
  name?: string;
  /** Not a child of the task that starts it: outlives it, is not cancelled with it. */
  detached?: boolean;
  /** Cancel the task when this signal aborts (allocates a listener: the interop path). */
  signal?: AbortSignal;
}

/** Options of the {@link TaskRunner} constructor. */
export interface TaskRunnerOptions {
  /** Attach to this loop: tasks step at the end of their phase. */
  loop?: PlayerLoop;
  /** Time to read waits from when no loop is given. */
  time?: Time;
  /** Real-time clock in seconds for `waitRealtimeSeconds` (default performance.now() / 1000). */
  clock?: () => number;
  /** Initial record capacity (grows by doubling). */
  initialCapacity?: number;
  /** Where failures of unjoined tasks go (default: thrown from the frame, like Node's unhandled rejections). */
  onUnobservedError?: (error: UnobservedTaskError) => void;
}

/** The status of a task. */
export type TaskStatus = 'running' | 'cancelling' | 'succeeded' | 'faulted' | 'canceled';
const STATUS: readonly TaskStatus[] = ['running', 'running', 'cancelling', 'succeeded', 'faulted', 'canceled'];

const S = TaskState;
const defaultClock = (): number => performance.now() / 1000;
const defaultOnError = (e: UnobservedTaskError): void => {
  throw e;
};

/**
 * Runs coroutines in PlayerLoop phases, UniTask-style: tasks are pooled records
 * addressed by versioned integer handles, waits are written into the records,
 * and each phase steps its tasks from a dense array, so a steady state allocates
 * nothing (a state-machine coroutine's step is free; a generator's `next()` still
 * allocates its result object — the async builder removes that).
 *
 * Semantics: a started task first steps at the next pass of its phase (this pass
 * if that phase is running now). Tasks started from inside a coroutine are its
 * children: they are cancelled when it ends, for any reason (structured
 * concurrency); `detached` opts out. A completed task keeps its record until
 * observed once (join, whenAll/whenAny, result, toPromise) or `forget()`-ten.
 *
 * @example
 * const tasks = new TaskRunner({ loop });
 * const h = tasks.start(function* () { yield waitSeconds(1); return 42; });
 * tasks.start(function* () { const v = yield h; console.log(v); });
 */
export class TaskRunner extends TaskScheduler {
  private detach: (() => void) | null = null;

  constructor(opts: TaskRunnerOptions = {}) {
    super(opts.initialCapacity ?? 1024, opts.loop?.time ?? opts.time ?? new Time(), opts.clock ?? defaultClock, opts.onUnobservedError ?? defaultOnError);
    if (opts.loop) this.attach(opts.loop);
  }

  /** Step tasks at the end of each phase of `loop`. Returns the detach function. */
  attach(loop: PlayerLoop): () => void {
    if (this.detach) throw new TaskUsageError('This TaskRunner is already attached to a loop; create one runner per loop.');
    const remove = loop.addHook({
      phaseEnd: (p) => this.runPhase(p),
      frameEnd: () => this.flushReports(),
    });
    this.detach = () => {
      remove();
      this.detach = null;
    };
    return this.detach;
  }

  /**
   * Start a coroutine in the `update` phase, as a child of the running task (if any).
   *
   * @example
   * const h = tasks.start(wander, agentId);
   */
  start<R>(co: Startable<R>, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): TaskHandle {
    return this.spawn(co, PhaseIndex.update, undefined, false, a0, a1, a2, a3);
  }

  /**
   * Start with options: phase, name, detached, AbortSignal.
   *
   * @example
   * const FIXED = { phase: 'fixedUpdate', name: 'thruster' } as const;
   * tasks.startWith(FIXED, thrust, ship);
   */
  startWith<R>(opts: StartOptions, co: Startable<R>, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): TaskHandle {
    const phase = opts.phase ?? 'update';
    if (!isPhase(phase)) throw new UnknownPhaseError(phase, PHASES);
    const h = this.spawn(co, PhaseIndex[phase], opts.name, opts.detached === true, a0, a1, a2, a3);
    if (opts.signal) this.bindSignal(h, opts.signal);
    return h;
  }

  /** The handle of the task whose step is running, or 0 outside coroutines. */
  get currentTask(): TaskHandle {
    return this.current >= 0 ? this.pool.handleOf(this.current) : 0;
  }

  /** Status of a task; throws StaleTaskError once its record was recycled. */
  status(h: TaskHandle): TaskStatus {
    return STATUS[this.pool.state[this.pool.liveSlot(h, 'status() was read')]!]!;
  }

  /** Whether the task completed (succeeded, faulted or cancelled). */
  isDone(h: TaskHandle): boolean {
    return this.pool.state[this.pool.liveSlot(h, 'isDone() was read')]! >= S.Succeeded;
  }

  /** The task's name. */
  nameOf(h: TaskHandle): string {
    return this.pool.name[this.pool.liveSlot(h, 'nameOf() was read')]!;
  }

  /**
   * Read a completed task's result and release it (one observation, like a join).
   * Throws its error if it faulted, TaskCanceledError if cancelled.
   *
   * @example
   * if (tasks.isDone(h)) use(tasks.result(h));
   */
  result<R = unknown>(h: TaskHandle): R {
    const p = this.pool;
    const s = p.liveSlot(h, 'result() was read');
    const st = p.state[s]!;
    if (st < S.Succeeded) throw new TaskNotCompletedError(p.name[s]!);
    if (p.waiter[s] !== -1) throw new AlreadyAwaitedError(p.name[s]!, this.describeWaiter(s));
    const v = p.value[s];
    const name = p.name[s]!;
    p.release(s);
    if (st === S.Succeeded) return v as R;
    throw st === S.Faulted ? v : new TaskCanceledError(name);
  }

  /**
   * Nobody will join this task: release its record when it completes (now, if it
   * has). Its failure goes to `onUnobservedError`.
   *
   * @example
   * tasks.forget(tasks.start(spin, id));
   */
  forget(h: TaskHandle): void {
    const p = this.pool;
    const s = p.liveSlot(h, 'forget() was called');
    if (p.waiter[s] !== -1) throw new AlreadyAwaitedError(p.name[s]!, this.describeWaiter(s));
    this.releaseOrForget(s);
  }

  /**
   * Cancel a task: its wait is dropped, its children are cancelled, then its
   * `finally` blocks run (they may yield; the task ends when they finish). Returns
   * false if it had already completed. Cancelling the running task from inside its
   * own step takes effect when the step yields.
   *
   * @example
   * tasks.cancel(h);
   */
  cancel(h: TaskHandle): boolean {
    return this.cancelTask(this.pool.liveSlot(h, 'cancel() was called'));
  }

  /** Cancel every live task (scene disposal). */
  cancelAll(): void {
    const p = this.pool;
    for (let s = 0; s < p.used; s++) {
      if (p.state[s] === S.Running && p.parent[s] === -1 && !this.isStepping(s)) this.beginCancel(s);
    }
    for (let s = 0; s < p.used; s++) if (p.state[s] === S.Running && !this.isStepping(s)) this.beginCancel(s);
  }

  /**
   * An AbortSignal that aborts when the task is cancelled, for APIs that take one
   * (fetch, streams). Allocates: the interop path, not the per-frame path.
   *
   * @example
   * const res = fetch(url, { signal: tasks.signalOf(tasks.currentTask) });
   */
  signalOf(h: TaskHandle): AbortSignal {
    const p = this.pool;
    const s = p.liveSlot(h, 'signalOf() was called');
    let ctrl = this.signals.get(s);
    if (!ctrl) {
      ctrl = new AbortController();
      if (p.state[s] === S.Running) this.signals.set(s, ctrl);
      else if (p.state[s] === S.Cancelling || p.state[s] === S.Canceled) ctrl.abort(new TaskCanceledError(p.name[s]!));
    }
    return ctrl.signal;
  }

  private bindSignal(h: TaskHandle, signal: AbortSignal): void {
    const cancel = (): void => {
      if (this.pool.slotOf(h, 'signal') >= 0) this.cancel(h);
    };
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
  }

  /**
   * A Promise of the task's result for ordinary async code. Allocates (a promise
   * and its callbacks): use it at the edges, not per frame. Counts as the task's join.
   *
   * @example
   * const value = await tasks.toPromise(h);
   */
  toPromise<R = unknown>(h: TaskHandle): Promise<R> {
    const p = this.pool;
    const s = p.liveSlot(h, 'toPromise() was called');
    if (p.waiter[s] !== -1) throw new AlreadyAwaitedError(p.name[s]!, this.describeWaiter(s));
    if (p.state[s]! >= S.Succeeded) {
      try {
        return Promise.resolve(this.result<R>(h));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    p.waiter[s] = PROMISE_WAITER;
    return new Promise<R>((resolve, reject) => this.promises.set(s, { resolve: resolve as (v: unknown) => void, reject }));
  }

  /** Live tasks by name and phase, pool sizes, leak hints. */
  tracker(opts?: TrackerOptions): TrackerSnapshot {
    return buildTracker(this.pool, this.time, this.defs, opts);
  }

  /** The tracker as one line, for the headless runner's table. */
  summary(opts?: TrackerOptions): string {
    return formatTrackerSummary(this.tracker(opts));
  }

  /** Cancel all tasks, detach from the loop, reject pending promises. The runner cannot start tasks afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.cancelAll();
    this.disposed = true;
    this.detach?.();
    this.reports.length = 0;
  }

}
