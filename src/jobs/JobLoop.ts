import type { Phase } from '../loop/Phase.ts';

/**
 * The part of a frame loop the scheduler hooks into: phase starts (complete the
 * jobs a main-thread phase conflicts with), the frame's end, and settling a
 * fixed step under a step budget. A `PlayerLoop` is one; the scheduler names
 * only this shape, so the job system depends on no loop implementation (only
 * on the phase vocabulary, `src/loop/Phase.ts`).
 */
export interface JobLoop {
  addHook(hook: JobLoopHook): () => void;
}

/** What {@link JobScheduler.attach} registers on a {@link JobLoop}. */
export interface JobLoopHook {
  phaseStart(phase: number): void;
  frameEnd(time: { readonly frameCount: number }): void;
  settle(budgetMs: number, spanning: boolean): boolean;
}

/**
 * A system as a loop takes it (`PlayerLoop.addSystem` accepts one): what
 * {@link JobScheduler.system} wraps with its access checks.
 */
export interface JobSystemSpec<T = unknown> {
  name: string;
  phase?: Phase;
  run(time: T): void;
  before?: readonly string[];
  after?: readonly string[];
  order?: number;
}
