/**
 * What a coroutine needs from the job system to wait for a job without blocking
 * the main thread: a cheap completion poll. Jobs know nothing of coroutines: the
 * scene runtime registers its scheduler through an adapter,
 * `tasks.jobs = createJobWaits(jobs)` (src/scene); any object with `isDone` works
 * (tests use a frame-counter source).
 *
 * The runner polls `isDone(handle)` once per pass of the waiting coroutine's phase
 * (no callbacks, so nothing is allocated per wait), and calls `flush()` at most once
 * per pass before the first poll, so a scheduler that batches dispatch can kick
 * pending work. When `isDone` turns true the runner reads `errorOf(handle)`: a
 * non-undefined value is thrown into the coroutine at its `yield waitJob(h)`.
 *
 * @example
 * const source: JobWaitSource<number> = {
 *   isDone: (h) => completedUpTo >= h,
 *   errorOf: (h) => failures.get(h),
 * };
 * tasks.jobs = source;
 * // in a coroutine: yield waitJob(handle);
 */
export interface JobWaitSource<H = unknown> {
  /** Whether the job behind `handle` has completed (successfully or not). Must not block. */
  isDone(handle: H): boolean;
  /** The job's failure, once done; `undefined` when it succeeded. */
  errorOf?(handle: H): unknown;
  /** Push queued work to the workers; called once per pass that has job waiters. */
  flush?(): void;
  /** A name for the handle in error messages and the tracker. */
  describe?(handle: H): string;
}
