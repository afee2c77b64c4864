import { describe, it, expect } from 'vitest';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { setup } from './runnerSetup.ts';
import {
  TaskRunner,
  nextFrame,
  waitFrames,
  waitSeconds,
  join,
  whenAll,
  whenAny,
  timeout,
  toPromise,
  coroutine,
  DONE,
  StepMode,
  StaleTaskError,
  TaskCanceledError,
  TaskTimeoutError,
  AlreadyAwaitedError,
  UnobservedTaskError,
  TaskNotCompletedError,
  type CoroutineMachine,
} from '../../src/tasks/index.ts';
import { SLOT_BITS, SLOT_MASK } from '../../src/tasks/TaskPool.ts';

function* after(frames: number, value: unknown) {
  yield waitFrames(frames);
  return value;
}
function* failAfter(frames: number, message: string): Generator<unknown, never> {
  yield waitFrames(frames);
  throw new Error(message);
}

describe('handles', () => {
  it('are small positive integers with slot and version within 30 bits', () => {
    const { tasks } = setup();
    const h = tasks.start(after, 1, 'x');
    expect(Number.isInteger(h)).toBe(true);
    expect(h).toBeGreaterThan(0);
    expect(h).toBeLessThan(2 ** 30);
    expect(h >>> SLOT_BITS).toBeGreaterThan(0);
    expect(SLOT_MASK).toBe((1 << SLOT_BITS) - 1);
  });

  it('go stale once the task is observed and its record recycled; the error names the task', () => {
    const { tasks, frames } = setup();
    const h = tasks.startWith({ name: 'loader' }, after, 1, 5);
    frames(3);
    expect(tasks.isDone(h)).toBe(true);
    expect(tasks.result(h)).toBe(5);
    expect(() => tasks.result(h)).toThrow(StaleTaskError);
    expect(() => tasks.cancel(h)).toThrow(/task "loader"\) is stale: cancel\(\) was called/);
    const h2 = tasks.start(after, 1, 6); // reuses the slot with a new version
    expect(h2 & 0xfffff).toBe(h & 0xfffff);
    expect(h2).not.toBe(h);
    expect(() => tasks.status(h)).toThrow(/"loader"/);
    expect(tasks.status(h2)).toBe('running');
  });

  it('joining a stale handle throws StaleTaskError into the joiner', () => {
    const { tasks, frames } = setup();
    const h = tasks.start(after, 0, 1);
    frames(2);
    tasks.result(h);
    let err: unknown;
    tasks.start(function* () {
      try {
        yield h;
      } catch (e) {
        err = e;
      }
    });
    frames(1);
    expect(err).toBeInstanceOf(StaleTaskError);
  });

  it('result() before completion says so', () => {
    const { tasks } = setup();
    const h = tasks.start(after, 3, 1);
    expect(() => tasks.result(h)).toThrow(TaskNotCompletedError);
  });
});

describe('join', () => {
  it('delivers the child result (yield handle and yield join(h))', () => {
    const { tasks, frames } = setup();
    const got: unknown[] = [];
    tasks.start(function* () {
      got.push(yield tasks.start(after, 2, 'a'));
      got.push(yield join(tasks.start(after, 1, 'b')));
      const done = tasks.start(after, 0, 'c');
      yield waitFrames(4);
      got.push(yield done); // already complete: continues in the same pass
    });
    frames(12);
    expect(got).toEqual(['a', 'b', 'c']);
  });

  it('throws the child failure at the yield, with the original error', () => {
    const { tasks, frames, errors } = setup();
    let caught: unknown;
    tasks.start(function* () {
      try {
        yield tasks.start(failAfter, 1, 'boom');
      } catch (e) {
        caught = e;
      }
    });
    frames(4);
    expect((caught as Error).message).toBe('boom');
    expect(errors).toEqual([]);
  });

  it('a task result goes to one joiner', () => {
    const { tasks, frames } = setup();
    const child = tasks.start(after, 5, 1);
    let second: unknown;
    tasks.start(function* () {
      yield child;
    });
    tasks.start(function* () {
      try {
        yield child;
      } catch (e) {
        second = e;
      }
    });
    frames(2);
    expect(second).toBeInstanceOf(AlreadyAwaitedError);
  });
});

describe('whenAll / whenAny', () => {
  it('whenAll waits for every task and writes results in order', () => {
    const { tasks, frames, loop } = setup();
    const handles = [0, 0, 0];
    const out: unknown[] = [];
    let at = -1;
    tasks.start(function* () {
      handles[0] = tasks.start(after, 3, 'x');
      handles[1] = tasks.start(after, 1, 'y');
      handles[2] = tasks.start(after, 5, 'z');
      yield whenAll(handles, out);
      at = loop.time.frameCount;
    });
    frames(10);
    expect(out).toEqual(['x', 'y', 'z']);
    expect(at).toBe(6);
  });

  it('whenAll throws the first failure once all settled; other failures are reported', () => {
    const { tasks, frames, errors } = setup();
    let caught: unknown;
    tasks.start(function* () {
      const hs = [tasks.start(failAfter, 1, 'first'), tasks.start(after, 3, 1), tasks.start(failAfter, 2, 'second')];
      try {
        yield whenAll(hs);
      } catch (e) {
        caught = e;
      }
    });
    frames(8);
    expect((caught as Error).message).toBe('first');
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/second/)]);
  });

  it('whenAny resumes with the winner index and result; losers keep running', () => {
    const { tasks, frames } = setup();
    const out: unknown[] = [];
    let idx = -1;
    let loser = 0;
    let loserResult: unknown;
    tasks.start(function* () {
      const hs = [tasks.start(after, 4, 'slow'), tasks.start(after, 1, 'fast')];
      idx = (yield whenAny(hs, out)) as number;
      loser = hs[0]!;
      loserResult = yield loser;
    });
    frames(10);
    expect(idx).toBe(1);
    expect(out[1]).toBe('fast');
    expect(loserResult).toBe('slow');
  });

  it('timeout returns the result in time, or cancels the task and throws TaskTimeoutError', () => {
    const { tasks, frames } = setup();
    const log: string[] = [];
    tasks.start(function* () {
      log.push(String(yield timeout(tasks.start(after, 2, 'quick'), 1)));
      const slow = tasks.start(function* slowLoad() {
        try {
          yield waitSeconds(10);
        } finally {
          log.push('slow finally');
        }
      });
      try {
        yield timeout(slow, 0.5);
      } catch (e) {
        log.push(e instanceof TaskTimeoutError ? (e as Error).message : 'other');
        expect(() => tasks.status(slow)).toThrow(StaleTaskError);
      }
    });
    frames(20);
    expect(log[0]).toBe('quick');
    expect(log[1]).toBe('slow finally');
    expect(log[2]).toMatch(/Task "slowLoad" did not complete within 0.5 s/);
  });
});

describe('cancellation', () => {
  it('drops the wait and runs finally blocks; joiners get TaskCanceledError', () => {
    const { tasks, frames } = setup();
    const log: string[] = [];
    const h = tasks.start(function* worker() {
      try {
        try {
          yield waitSeconds(100);
          log.push('never');
        } finally {
          log.push('inner finally');
        }
      } finally {
        log.push('outer finally');
      }
    });
    let joined: unknown;
    tasks.start(function* () {
      try {
        yield h;
      } catch (e) {
        joined = e;
      }
    });
    frames(2);
    expect(tasks.cancel(h)).toBe(true);
    expect(log).toEqual(['inner finally', 'outer finally']);
    frames(1);
    expect(joined).toBeInstanceOf(TaskCanceledError);
    expect((joined as Error).message).toMatch(/"worker" was cancelled/);
  });

  it('a finally may yield while cancelling; the task ends when it finishes', () => {
    const { tasks, frames } = setup();
    const log: string[] = [];
    const h = tasks.start(function* () {
      try {
        yield waitFrames(100);
      } finally {
        log.push('cleanup start');
        yield waitFrames(2);
        log.push('cleanup end');
      }
    });
    frames(2);
    tasks.cancel(h);
    expect(tasks.status(h)).toBe('cancelling');
    frames(3);
    expect(log).toEqual(['cleanup start', 'cleanup end']);
    expect(tasks.status(h)).toBe('canceled');
  });

  it('cancelling a task that has not started runs none of its code', () => {
    const { tasks, frames } = setup();
    let ran = false;
    const h = tasks.start(function* () {
      ran = true;
      yield nextFrame();
    });
    tasks.cancel(h);
    frames(2);
    expect(ran).toBe(false);
    expect(tasks.status(h)).toBe('canceled');
  });

  it('cancels children with their parent (structured), deepest finally first', () => {
    const { tasks, frames } = setup();
    const log: string[] = [];
    const leaf = function* (name: string) {
      try {
        yield waitFrames(1000);
      } finally {
        log.push(name);
      }
    };
    const parent = tasks.start(function* () {
      tasks.start(function* () {
        tasks.start(leaf, 'grandchild');
        try {
          yield waitFrames(1000);
        } finally {
          log.push('child');
        }
      });
      tasks.startWith({ detached: true }, leaf, 'detached');
      try {
        yield waitFrames(1000);
      } finally {
        log.push('parent');
      }
    });
    frames(3);
    expect(tasks.tracker().live).toBe(4);
    tasks.cancel(parent);
    expect(log).toEqual(['grandchild', 'child', 'parent']);
    expect(tasks.tracker().live).toBe(1);
  });

  it('children end when their parent returns', () => {
    const { tasks, frames } = setup();
    let childFinally = false;
    tasks.start(function* () {
      tasks.start(function* () {
        try {
          yield waitFrames(100);
        } finally {
          childFinally = true;
        }
      });
      yield waitFrames(2);
      return 1;
    });
    frames(4);
    expect(childFinally).toBe(true);
  });

  it('self-cancel inside a step takes effect at the yield', () => {
    const { tasks, frames } = setup();
    const log: string[] = [];
    const h = tasks.start(function* () {
      try {
        tasks.cancel(tasks.currentTask);
        log.push('still running');
        yield nextFrame();
        log.push('never');
      } finally {
        log.push('finally');
      }
    });
    frames(3);
    expect(log).toEqual(['still running', 'finally']);
    expect(tasks.status(h)).toBe('canceled');
  });

  it('a child that cancels its own parent mid-step is cancelled when its step returns', () => {
    const { tasks, frames } = setup();
    const log: string[] = [];
    const parent = tasks.start(function* parentTask() {
      try {
        tasks.start(function* childTask() {
          try {
            yield nextFrame();
            tasks.cancel(parent); // ends the parent, whose children end with it: this one, mid-step
            log.push('child continues its step');
            yield nextFrame();
            log.push('never');
          } finally {
            log.push('child finally');
          }
        });
        yield waitFrames(100);
      } finally {
        log.push('parent finally');
        tasks.cancel(tasks.currentTask); // cancelling itself while unwinding is a no-op
      }
    });
    frames(4);
    expect(log).toEqual(['parent finally', 'child continues its step', 'child finally']);
    expect(tasks.status(parent)).toBe('canceled');
    expect(tasks.tracker().live).toBe(0);
  });

  it('the same with compiled coroutines (the runner\'s fast path)', () => {
    const { tasks, frames } = setup();
    const log: string[] = [];
    let parent = 0;
    const child = coroutine(function* childCo() {
      try {
        yield nextFrame();
        tasks.cancel(parent);
        log.push('child continues its step');
        yield nextFrame();
        log.push('never');
      } finally {
        log.push('child finally');
      }
    });
    const parentCo = coroutine(function* parentCo() {
      try {
        tasks.start(child);
        yield waitFrames(100);
      } finally {
        log.push('parent finally');
      }
    });
    expect(child.compiled).toBe(true);
    parent = tasks.start(parentCo);
    frames(4);
    expect(log).toEqual(['parent finally', 'child continues its step', 'child finally']);
    expect(tasks.tracker().live).toBe(0);
  });

  it('AbortSignal in and out', () => {
    const { tasks, frames } = setup();
    const ctrl = new AbortController();
    const h = tasks.startWith({ signal: ctrl.signal }, after, 100, 1);
    const h2 = tasks.start(after, 100, 2);
    const sig = tasks.signalOf(h2);
    frames(1);
    ctrl.abort();
    expect(tasks.status(h)).toBe('canceled');
    expect(sig.aborted).toBe(false);
    tasks.cancel(h2);
    expect(sig.aborted).toBe(true);
    expect(sig.reason).toBeInstanceOf(TaskCanceledError);
  });

  it('dispose cancels every task', () => {
    const { tasks, frames } = setup();
    let fin = 0;
    for (let i = 0; i < 5; i++)
      tasks.start(function* () {
        try {
          yield waitFrames(100);
        } finally {
          fin++;
        }
      });
    frames(1);
    tasks.dispose();
    expect(fin).toBe(5);
    expect(tasks.tracker().live).toBe(0);
    expect(() => tasks.start(after, 1, 1)).toThrow(/disposed/);
  });
});

describe('errors', () => {
  it('an unjoined failure reaches onUnobservedError with the name and stack', () => {
    const { tasks, frames, errors } = setup();
    tasks.startWith({ name: 'exploder' }, failAfter, 1, 'kaboom');
    frames(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(UnobservedTaskError);
    expect(errors[0]!.message).toMatch(/Coroutine "exploder" \(phase update\) threw and no one joined it/);
    expect(errors[0]!.message).toMatch(/Error: kaboom\n\s+at failAfter/);
  });

  it('a forgotten task reports its failure; by default the frame throws it', () => {
    const loop = new PlayerLoop();
    const tasks = new TaskRunner({ loop });
    tasks.forget(tasks.start(failAfter, 0, 'loud'));
    loop.tick(0.1);
    expect(() => loop.tick(0.1)).toThrow(UnobservedTaskError);
  });

  it('a failure joined within the same pass is not reported', () => {
    const { tasks, frames, errors } = setup();
    tasks.start(function* () {
      const h = tasks.start(failAfter, 0, 'x');
      yield waitFrames(3);
      try {
        yield h;
      } catch {
        /* observed */
      }
    });
    frames(5);
    // The child faulted with no joiner for two passes: reported once (then joined).
    expect(errors).toHaveLength(1);
  });
});

describe('state machines', () => {
  class Countdown implements CoroutineMachine<string> {
    n = 3;
    result: string | undefined;
    log: string[] = [];
    step(mode: StepMode, input: unknown) {
      if (mode === StepMode.Return) {
        this.log.push('cancelled');
        return DONE;
      }
      if (mode === StepMode.Throw) throw input;
      if (this.n === 0) {
        this.result = 'liftoff';
        return DONE;
      }
      this.log.push(String(this.n--));
      return nextFrame();
    }
  }

  it('runs hand-written machines and delivers their result', async () => {
    const { tasks, frames } = setup();
    const m = new Countdown();
    const h = tasks.start(m);
    const p = toPromise<string>(tasks, h);
    frames(5);
    expect(await p).toBe('liftoff');
    expect(m.log).toEqual(['3', '2', '1']);
  });

  it('coroutine() definitions run as generators with arguments', () => {
    const { tasks, frames } = setup();
    const add = coroutine(function* add(a: number, b: number) {
      yield nextFrame();
      return a + b;
    });
    const h = tasks.start(add, 2, 3);
    frames(3);
    expect(tasks.nameOf(h)).toBe('add');
    expect(tasks.result(h)).toBe(5);
  });
});

describe('promise bridge', () => {
  it('resolves with the result, rejects with the error or TaskCanceledError', async () => {
    const { tasks, frames } = setup();
    const ok = toPromise(tasks, tasks.start(after, 1, 'v'));
    const bad = toPromise(tasks, tasks.start(failAfter, 1, 'nope'));
    const hc = tasks.start(after, 9, 0);
    const cancelled = toPromise(tasks, hc);
    frames(3);
    tasks.cancel(hc);
    await expect(ok).resolves.toBe('v');
    await expect(bad).rejects.toThrow('nope');
    await expect(cancelled).rejects.toBeInstanceOf(TaskCanceledError);
  });
});

describe('tracker', () => {
  it('counts live tasks by name and phase, unobserved results, pool use and old tasks', () => {
    const { tasks, frames } = setup();
    for (let i = 0; i < 3; i++) tasks.start(function* wander() {
      for (;;) yield nextFrame();
    });
    tasks.startWith({ phase: 'fixedUpdate', name: 'thrust' }, function* () {
      for (;;) yield nextFrame();
    });
    tasks.start(after, 0, 1);
    frames(20);
    const t = tasks.tracker({ olderThanSeconds: 1 });
    expect(t.live).toBe(4);
    expect(t.unobserved).toBe(1);
    expect(t.byName).toEqual({ wander: 3, thrust: 1 });
    expect(t.byPhase).toEqual({ update: 3, fixedUpdate: 1 });
    expect(t.pool.inUse).toBe(5);
    expect(t.leaks.map((l) => l.name).sort()).toEqual(['after', 'thrust', 'wander', 'wander', 'wander']);
    expect(tasks.summary()).toMatch(/^4 live \(update 3, fixedUpdate 1\); top: wander 3, thrust 1; 1 unobserved; pool 5\/1024; 0 older than 60 s$/);
  });
});
