import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { TaskRunner, type UnobservedTaskError } from '../../src/tasks/index.ts';

/** A runner on a fresh loop that collects unobserved failures; `frames(n)` ticks n frames of 0.1 s. */
export function setup() {
  const loop = new PlayerLoop();
  const errors: UnobservedTaskError[] = [];
  const tasks = new TaskRunner({ loop, onUnobservedError: (e) => errors.push(e) });
  const frames = (n = 1) => {
    for (let i = 0; i < n; i++) loop.tick(0.1);
  };
  return { loop, tasks, frames, errors };
}
