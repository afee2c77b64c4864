import { StepMode } from '../CoroutineMachine.ts';
import { InvalidYieldError, TaskRecordError } from '../errors.ts';
import type { TaskPool } from '../TaskPool.ts';
import type { WaitScratch } from '../Wait.ts';
import type { WaitHost } from './WaitHost.ts';

/**
 * Everything one wait kind does, in one place (one pooled unit per wait, as in
 * UniTask; the scheduler only steps). A handler keeps no state: the wait's data
 * is in the task's record, whose generic fields (`waitInt`, `waitNum`,
 * `waitHandle`, `ref`, `ref2`) each handler module names by meaning in its header.
 *
 * @example
 * const Never: WaitHandler = {
 *   label: 'never', arm: notYieldable, ready: () => false, resume: resumeNext,
 *   drop: dropNothing, awaitedDone: notAwaiting, resumesInPass: false,
 * };
 */
export interface WaitHandler {
  /** The kind's name in messages. */
  readonly label: string;
  /**
   * A task yielded this wait: copy its parameters from the scratch into the
   * task's record (and set `waitKind`). Returns an error to throw back into the
   * coroutine at its yield, or undefined.
   */
  arm(host: WaitHost, s: number, scratch: WaitScratch): unknown;
  /** Whether the wait is over, checked once per pass of the task's phase `phase`. */
  ready(host: WaitHost, s: number, phase: number): boolean;
  /** Deliver the outcome: clear the record's fields and step the task (`host.advance`). `waitKind` is already None. */
  resume(host: WaitHost, s: number): void;
  /** Cancellation: unhook from whatever would report back (the scheduler then clears `ref`/`ref2`). */
  drop(host: WaitHost, s: number): void;
  /** Task `c`, which task `s` awaits through this wait, finished. */
  awaitedDone(pool: TaskPool, s: number, c: number): void;
  /**
   * A join (handle, whenAll, whenAny, timeout): it can be ready right after the
   * yield (the joined tasks already finished), so the scheduler checks it again
   * in the same pass instead of costing a frame per join.
   */
  readonly resumesInPass: boolean;
}

/** `resume` of a wait with no outcome: the yield evaluates to undefined. */
export function resumeNext(host: WaitHost, s: number): void {
  host.advance(s, StepMode.Next, undefined);
}

/** `drop` of a wait that links to nothing. */
export function dropNothing(): void {}

/** `awaitedDone` of a wait that awaits no task: being told one finished means the record is corrupt. */
export function notAwaiting(pool: TaskPool, s: number, c: number): void {
  throw new TaskRecordError(pool.name[s]!, `task "${pool.name[c]}" finished and named it as its waiter, but its wait (kind ${pool.waitKind[s]}) awaits no task`);
}

/** `arm` of a kind no factory creates (the runner sets it itself). */
export function notYieldable(host: WaitHost, s: number): unknown {
  return new InvalidYieldError(host.pool.name[s]!, 'a runner-internal wait token', 'the runner sets this kind itself; it cannot be yielded');
}
