import type { TaskHandle, TaskRunner } from './TaskRunner.ts';

/**
 * The Promise bridge: await a task from ordinary `async` code. This is the
 * allocating path (a Promise, its callbacks, and a microtask per await), meant for
 * the edges of the program (loading, tests, UI), never per frame. It is the task's
 * one observation: the handle is stale afterwards.
 *
 * @example
 * const h = tasks.start(loadLevel, 3);
 * const level = await toPromise(tasks, h);
 */
export function toPromise<R = unknown>(runner: TaskRunner, handle: TaskHandle): Promise<R> {
  return runner.toPromise<R>(handle);
}
