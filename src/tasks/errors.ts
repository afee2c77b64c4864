/**
 * Every error the tasks module throws, built in one place: each message says what
 * happened, names the task, and says what to do.
 */

/** A handle was used after its task finished and its record went back to the pool. */
export class StaleTaskError extends Error {
  override name = 'StaleTaskError';
  readonly handle: number;
  constructor(handle: number, taskName: string, what: string) {
    super(
      `Task handle ${handle} (task "${taskName}") is stale: ${what} after the task completed and its pooled record was recycled. ` +
        `A handle is good for one observation (join, whenAll/whenAny, result, toPromise); read the result once, ` +
        `or keep the task alive by not joining it until you need the value.`,
    );
    this.handle = handle;
  }
}

/** A value that is not a handle (0, a negative or a fractional number, a string) was used as one. */
export class InvalidTaskHandleError extends Error {
  override name = 'InvalidTaskHandleError';
  constructor(value: unknown, what: string) {
    super(
      `${String(value)} is not a task handle (${what}). Handles are the positive integers returned by ` +
        `tasks.start(); pass one of those.`,
    );
  }
}

/** Thrown into a joiner when the task it waited for was cancelled. */
export class TaskCanceledError extends Error {
  override name = 'TaskCanceledError';
  readonly taskName: string;
  constructor(taskName: string) {
    super(
      `Task "${taskName}" was cancelled before it produced a result. Catch TaskCanceledError where a ` +
        `cancelled child is an expected outcome, or avoid cancelling tasks that others still join.`,
    );
    this.taskName = taskName;
  }
}

/** Thrown into a coroutine whose `timeout(handle, seconds)` wait expired; the awaited task is cancelled. */
export class TaskTimeoutError extends Error {
  override name = 'TaskTimeoutError';
  readonly taskName: string;
  constructor(taskName: string, seconds: number) {
    super(
      `Task "${taskName}" did not complete within ${seconds} s and was cancelled. Raise the timeout, ` +
        `or catch TaskTimeoutError to take the fallback path.`,
    );
    this.taskName = taskName;
  }
}

/** A coroutine yielded something the runner cannot wait for; thrown back into it at the yield. */
export class InvalidYieldError extends Error {
  override name = 'InvalidYieldError';
  constructor(taskName: string, value: unknown, reason?: string) {
    const shown = typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
    super(
      `Coroutine "${taskName}" yielded ${shown}, which is not a wait instruction${reason ? ` (${reason})` : ''}. ` +
        `Yield nextFrame(), waitFrames(n), waitSeconds(s), waitUntil(fn), waitJob(h), a task handle, ` +
        `whenAll/whenAny(handles) or timeout(h, s), calling the factory inside the yield expression.`,
    );
  }
}

/** Two waiters for one task: a task result is delivered once, to one joiner. */
export class AlreadyAwaitedError extends Error {
  override name = 'AlreadyAwaitedError';
  constructor(taskName: string, by: string) {
    super(
      `Task "${taskName}" is already awaited by ${by}. A task's result goes to exactly one joiner ` +
        `(as with UniTask and ValueTask); share it by joining once and passing the value on.`,
    );
  }
}

/** `result(handle)` on a task that has not completed yet. */
export class TaskNotCompletedError extends Error {
  override name = 'TaskNotCompletedError';
  constructor(taskName: string) {
    super(
      `Task "${taskName}" has not completed, so it has no result yet. Check tasks.isDone(handle) first, ` +
        `or join it from a coroutine (yield handle) or from async code (await toPromise(tasks, handle)).`,
    );
  }
}

/** `waitJob` with no JobWaitSource registered on the runner. */
export class NoJobSourceError extends Error {
  override name = 'NoJobSourceError';
  constructor(taskName: string) {
    super(
      `Coroutine "${taskName}" waits for a job, but no JobWaitSource is registered on its TaskRunner. ` +
        `Scenes get one from createSceneRuntime; elsewhere set tasks.jobs = createJobWaits(jobs) (tickflow/scene), or pass a source: waitJob(handle, source).`,
    );
  }
}

/** The runner's pool is at the largest size a handle can address. */
export class TaskPoolExhaustedError extends Error {
  override name = 'TaskPoolExhaustedError';
  constructor(capacity: number, taskName: string) {
    super(
      `Cannot start task "${taskName}": ${capacity} tasks are alive or unobserved, the most a 20-bit slot can address. ` +
        `Join or forget() completed tasks so their records return to the pool; tasks.tracker() lists what is alive.`,
    );
  }
}

/** A wait factory or runner API was used outside the place it works in. */
export class TaskUsageError extends Error {
  override name = 'TaskUsageError';
}

/** A coroutine failed and nobody joined it: delivered to the runner's `onUnobservedError` hook. */
export class UnobservedTaskError extends Error {
  override name = 'UnobservedTaskError';
  readonly taskName: string;
  readonly phase: string;
  constructor(taskName: string, phase: string, cause: unknown) {
    const detail = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
    super(
      `Coroutine "${taskName}" (phase ${phase}) threw and no one joined it:\n${detail}\n` +
        `Join the task (yield handle / toPromise) to handle its errors, or set tasks.onUnobservedError to log them.`,
      { cause },
    );
    this.taskName = taskName;
    this.phase = phase;
  }
}

/** A task's record holds a wait kind no handler knows: the record is corrupt (a bug, or a write to TaskPool from outside). */
export class UnknownWaitKindError extends Error {
  override name = 'UnknownWaitKindError';
  readonly kind: number;
  constructor(taskName: string, kind: number) {
    super(
      `Task "${taskName}" holds wait kind ${kind}, which no wait handler handles (src/tasks/waits/waitHandlers.ts maps each WaitKind to one). ` +
        `Its record is corrupt: only the runner may write TaskPool's wait fields. If nothing else wrote them, this is a bug in tickflow/tasks; report it with the coroutine that ran.`,
    );
    this.kind = kind;
  }
}

/** A task's record contradicts itself (e.g. a task it does not await told it that it finished): a bug in the runner. */
export class TaskRecordError extends Error {
  override name = 'TaskRecordError';
  constructor(taskName: string, detail: string) {
    super(`The record of task "${taskName}" is inconsistent: ${detail}. This is a bug in tickflow/tasks; report it with the coroutine that ran.`);
  }
}
