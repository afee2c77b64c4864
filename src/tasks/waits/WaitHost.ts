import type { Time } from '../../loop/Time.ts';
import type { StepMode } from '../CoroutineMachine.ts';
import type { JobWaitSource } from '../JobWaitSource.ts';
import type { TaskPool } from '../TaskPool.ts';

/**
 * What a wait handler may use of the scheduler that runs it: the records, the
 * clocks, and the few operations a wait's outcome needs (step the task, observe a
 * finished task, cancel or give up one). `TaskScheduler` implements it; the
 * members are public for the handlers only (`@internal` there), not for users.
 *
 * @example
 * // A handler's ready check reads the host's clocks and the task's record:
 * const ready = (host: WaitHost, s: number) => host.time.unscaledElapsed >= host.pool.waitNum[s]!;
 */
export interface WaitHost {
  readonly pool: TaskPool;
  readonly time: Time;
  /** Real-time clock in seconds, for realtime waits. */
  readonly clock: () => number;
  /** Passes run per phase: the clock of frame waits. */
  readonly passes: Int32Array;
  /** The runner's default job source (`tasks.jobs`). */
  readonly jobs: JobWaitSource<any> | null;
  /** The job source already flushed in this pass (each is flushed at most once per pass). */
  jobSourceFlushed: JobWaitSource<any> | null;
  /** Set by {@link take}: whether the value it returned is an error to throw. */
  takeFailed: boolean;
  /** Observe a finished task once: its value (or error) and release its record. */
  take(c: number): unknown;
  /** Step task `s` once with `mode` and `input`, and record what it yielded. */
  advance(s: number, mode: StepMode, input: unknown): void;
  /** Cancel `c` if it is running: now, or when its own step returns. False when it was not running. */
  cancelTask(c: number): boolean;
  /** Nobody will observe `c`: release it if finished (reporting an unobserved failure), else when it finishes. */
  releaseOrForget(c: number): void;
  /** Queue an unobserved failure for the `onUnobservedError` hook. */
  reportUnobserved(taskName: string, phase: number, error: unknown): void;
  /** Who waits for `c`, for AlreadyAwaitedError. */
  describeWaiter(c: number): string;
}
