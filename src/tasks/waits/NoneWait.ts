import { dropNothing, notAwaiting, notYieldable, resumeNext, type WaitHandler } from './WaitHandler.ts';

/**
 * No wait: a task that has not stepped yet, or is stepping now. Ready at once
 * (runPhase tests `None` before asking the handler). Record: no wait fields.
 *
 * @example
 * // tasks.start(fn) leaves the new record in this kind until its first step.
 */
export const NoneWait: WaitHandler = {
  label: 'none',
  arm: notYieldable,
  ready: () => true,
  resume: resumeNext,
  drop: dropNothing,
  awaitedDone: notAwaiting,
  resumesInPass: false,
};
