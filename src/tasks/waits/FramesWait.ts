import { TaskFlag, type TaskPool } from '../TaskPool.ts';
import { WaitKind } from '../Wait.ts';
import type { WaitHost } from './WaitHost.ts';
import { dropNothing, notAwaiting, notYieldable, resumeNext, type WaitHandler } from './WaitHandler.ts';

/*
 * Frame waits (`nextFrame()`, `waitFrames(n)`, a bare `yield`): resume at a pass
 * number of the task's phase.
 * Record: waitInt = the target pass (the phase's pass count when armed, plus n).
 */

/**
 * Arm a wait of `n` passes: `Frames` for a state machine, `GeneratorFrames` for a
 * generator. The scheduler's hot paths (a machine's next-frame step in runPhase)
 * write `waitInt` themselves; every other frame wait comes through here.
 *
 * @example
 * armFrames(host.pool, host.passes, s, 1); // resume at the phase's next pass
 */
export function armFrames(pool: TaskPool, passes: Int32Array, s: number, n: number): void {
  pool.waitKind[s] = pool.flags[s]! & TaskFlag.Generator ? WaitKind.GeneratorFrames : WaitKind.Frames;
  pool.waitInt[s] = passes[pool.phase[s]!]! + n;
}

const passReached = (host: WaitHost, s: number, phase: number): boolean => host.passes[phase]! >= host.pool.waitInt[s]!;

/**
 * A state machine's frame wait. `TaskScheduler.runPhase` checks it and steps the
 * machine inline (its hot path); `ready` here is the same test for other callers.
 *
 * @example
 * // yield waitFrames(3) from a state machine arms this handler.
 */
export const FramesWait: WaitHandler = {
  label: 'frames',
  arm: (host, s, sc) => armFrames(host.pool, host.passes, s, sc.int),
  ready: passReached,
  resume: resumeNext,
  drop: dropNothing,
  awaitedDone: notAwaiting,
  resumesInPass: false,
};

/**
 * A generator's frame wait: the same test, resumed by the general path (a
 * generator has no `step` for the machine fast path). Armed through FramesWait.
 *
 * @example
 * // yield nextFrame() from a generator arms this handler.
 */
export const GeneratorFramesWait: WaitHandler = {
  label: 'generatorFrames',
  arm: notYieldable,
  ready: passReached,
  resume: resumeNext,
  drop: dropNothing,
  awaitedDone: notAwaiting,
  resumesInPass: false,
};
