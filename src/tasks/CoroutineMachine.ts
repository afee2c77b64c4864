/**
 * The step interface every coroutine runs through: the runner's view of a
 * generator, without the `{ value, done }` object a generator allocates per step.
 * Hand-written state machines and the async builder's compiled classes
 * (src/build) implement it; generators are adapted by the runner.
 */

/** How the runner resumes a coroutine, mirroring a generator's next / throw / return. */
export const StepMode = {
  /** Resume normally; `input` is the wait's result (what `yield` evaluates to). */
  Next: 0,
  /** Resume by throwing `input` at the suspended `yield` (a joined task failed, a timeout). */
  Throw: 1,
  /** Cancel: unwind through `finally` blocks as `generator.return()` does. */
  Return: 2,
} as const;

/** One of {@link StepMode}'s values. */
export type StepMode = (typeof StepMode)[keyof typeof StepMode];

/**
 * Returned by {@link CoroutineMachine.step} when the coroutine has finished; its
 * return value is then read from `result`. A frozen singleton: returning it allocates nothing.
 */
export const DONE: unique symbol = Symbol('tickflow.coroutine.done');

/**
 * A coroutine as a state machine. `step` runs until the next wait and returns the
 * wait instruction (see waits: `nextFrame()`, `waitSeconds(s)`, a task handle, …),
 * or returns {@link DONE} after storing the return value in `result`.
 *
 * Contract (the one a generator follows): after `DONE` or a throw, step is not called
 * again; `StepMode.Return` before the first step finishes at once without running
 * any code; a `Return` may yield again (a `yield` inside `finally` while cancelling),
 * and the runner keeps stepping with `Next` until `DONE`.
 *
 * @example
 * // Blink three times, one frame apart: zero bytes per step.
 * class Blink implements CoroutineMachine<number> {
 *   i = 0; result = 0;
 *   step(mode: StepMode) {
 *     if (mode !== StepMode.Next || this.i === 3) { this.result = this.i; return DONE; }
 *     this.i++; toggle(); return nextFrame();
 *   }
 * }
 * tasks.start(new Blink());
 */
export interface CoroutineMachine<R = unknown> {
  /** Advance to the next wait; return the wait, or {@link DONE}. May throw: the task faults. */
  step(mode: StepMode, input: unknown): unknown;
  /** The return value, read once `step` returned {@link DONE}. */
  result?: R | undefined;
}

/** Whether `value` implements {@link CoroutineMachine}. */
export function isCoroutineMachine(value: unknown): value is CoroutineMachine {
  return typeof value === 'object' && value !== null && typeof (value as { step?: unknown }).step === 'function';
}
