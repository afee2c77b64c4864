import { describe, it, expect } from 'vitest';
import { setup } from './runnerSetup.ts';
import {
  TaskRecordError,
  TaskTimeoutError,
  UnknownWaitKindError,
  timeout,
  waitFrames,
  waitSeconds,
} from '../../src/tasks/index.ts';
import { SLOT_MASK } from '../../src/tasks/TaskPool.ts';
import { WaitKind } from '../../src/tasks/Wait.ts';
import { waitHandler } from '../../src/tasks/waits/waitHandlers.ts';

function* sleeper() {
  yield waitSeconds(100);
}

describe('wait handlers', () => {
  it('every wait kind a task can hold has its own handler; Dead and unknown kinds have none', () => {
    const { tasks } = setup();
    const s = tasks.start(sleeper) & SLOT_MASK;
    const kinds = Object.entries(WaitKind).filter(([name]) => name !== 'Dead');
    const labels = new Set(kinds.map(([, k]) => waitHandler(k, tasks.pool, s).label));
    expect(labels.size).toBe(kinds.length);
    expect(kinds.length).toBe(13);
    expect(() => waitHandler(WaitKind.Dead, tasks.pool, s)).toThrow(UnknownWaitKindError);
    expect(() => waitHandler(99, tasks.pool, s)).toThrow(/Task "sleeper" holds wait kind 99, which no wait handler handles/);
  });

  it('a corrupt wait kind fails the pass with UnknownWaitKindError instead of resuming the task', () => {
    const { tasks, frames } = setup();
    let steps = 0;
    const h = tasks.start(function* corrupted() {
      for (;;) {
        steps++;
        yield waitSeconds(0.05);
      }
    });
    frames(3);
    expect(steps).toBe(3);
    tasks.pool.waitKind[h & SLOT_MASK] = 42;
    expect(() => frames(1)).toThrow(/Task "corrupted" holds wait kind 42/);
    expect(steps).toBe(3);
  });

  it('a task told that an awaited task finished when its wait awaits none fails loudly (TaskRecordError)', () => {
    const { tasks, frames } = setup();
    const waiter = tasks.start(sleeper) & SLOT_MASK;
    const done = tasks.start(function* quick() {
      yield waitFrames(1);
    });
    frames(1);
    tasks.pool.waiter[done & SLOT_MASK] = waiter;
    expect(() => frames(1)).toThrow(TaskRecordError);
  });

  it('a timed-out task whose finally throws is cancelled, given up, and its failure reported once', () => {
    const { tasks, frames, errors } = setup();
    const log: string[] = [];
    const root = tasks.start(function* () {
      const slow = tasks.start(function* brittle() {
        try {
          yield waitSeconds(10);
        } finally {
          // eslint-disable-next-line no-unsafe-finally -- a finally that throws is the case under test
          throw new Error('finally failed');
        }
      });
      try {
        yield timeout(slow, 0.25);
      } catch (e) {
        log.push(e instanceof TaskTimeoutError ? 'timeout' : 'other');
      }
      yield waitFrames(5);
      log.push('after');
    });
    tasks.forget(root);
    frames(12);
    expect(log).toEqual(['timeout', 'after']);
    expect(errors.map((e) => [e.taskName, (e.cause as Error).message])).toEqual([['brittle', 'finally failed']]);
    expect(tasks.pool.inUse).toBe(0);
  });
});
