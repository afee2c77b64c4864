import { describe, it, expect } from 'vitest';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import {
  TaskRunner,
  nextFrame,
  waitFrames,
  waitSeconds,
  waitUnscaledSeconds,
  waitRealtimeSeconds,
  waitUntil,
  waitWhile,
  waitJob,
  InvalidYieldError,
  NoJobSourceError,
  type JobWaitSource,
} from '../../src/tasks/index.ts';

const DT = 0.1;
function setup(clock?: () => number) {
  const loop = new PlayerLoop();
  loop.time.fixedDeltaTime = 0.05;
  const tasks = new TaskRunner({ loop, ...(clock ? { clock } : {}) });
  return { loop, tasks, frame: () => loop.tick(DT) };
}

/** A real job source: job h is done once `completed` reaches h; odd ids listed in `failing` fail. */
class CounterJobSource implements JobWaitSource<number> {
  completed = 0;
  flushes = 0;
  failing = new Set<number>();
  isDone(h: number) {
    return this.completed >= h;
  }
  errorOf(h: number) {
    return this.failing.has(h) ? new Error(`job ${h} failed`) : undefined;
  }
  flush() {
    this.flushes++;
  }
}

describe('waits (manual driver, exact timing)', () => {
  it('first step runs in the next pass of its phase; nextFrame resumes one frame later', () => {
    const { tasks, frame, loop } = setup();
    const log: number[] = [];
    tasks.start(function* () {
      for (let i = 0; i < 3; i++) {
        log.push(loop.time.frameCount);
        yield nextFrame();
      }
    });
    frame();
    frame();
    frame();
    frame();
    expect(log).toEqual([0, 1, 2]);
  });

  it('bare yield equals nextFrame; waitFrames(n) waits n frames', () => {
    const { tasks, frame, loop } = setup();
    const log: number[] = [];
    tasks.start(function* () {
      yield;
      log.push(loop.time.frameCount);
      yield waitFrames(3);
      log.push(loop.time.frameCount);
    });
    for (let i = 0; i < 6; i++) frame();
    expect(log).toEqual([1, 4]);
  });

  it('fixedUpdate coroutines count fixed steps', () => {
    const { tasks, loop } = setup();
    let steps = 0;
    tasks.startWith({ phase: 'fixedUpdate' }, function* () {
      for (;;) {
        steps++;
        yield nextFrame();
      }
    });
    loop.tick(0.1); // 2 fixed steps of 0.05
    expect(steps).toBe(2);
    loop.tick(0.1);
    expect(steps).toBe(4);
  });

  it('waitSeconds uses scaled time and stops while paused', () => {
    const { tasks, frame, loop } = setup();
    const log: number[] = [];
    tasks.start(function* () {
      yield waitSeconds(0.3);
      log.push(loop.time.frameCount);
    });
    frame(); // first step at elapsed 0.1 → deadline 0.4
    frame();
    loop.time.pause();
    frame();
    frame();
    expect(log).toEqual([]);
    loop.time.resume();
    frame(); // 0.3
    expect(log).toEqual([]);
    frame(); // 0.4
    expect(log).toEqual([5]);
  });

  it('waitUnscaledSeconds ignores timeScale and pause', () => {
    const { tasks, frame, loop } = setup();
    let done = -1;
    loop.time.timeScale = 0.1;
    tasks.start(function* () {
      yield waitUnscaledSeconds(0.2);
      done = loop.time.frameCount;
    });
    frame(); // unscaled 0.1, deadline 0.3
    loop.time.pause();
    frame();
    frame();
    expect(done).toBe(2);
  });

  it('waitRealtimeSeconds reads the runner clock', () => {
    let now = 100;
    const { tasks, frame } = setup(() => now);
    let done = false;
    tasks.start(function* () {
      yield waitRealtimeSeconds(1.5);
      done = true;
    });
    frame();
    now = 101;
    frame();
    expect(done).toBe(false);
    now = 101.5;
    frame();
    expect(done).toBe(true);
  });

  it('waitUntil / waitWhile poll their predicate once per pass', () => {
    const { tasks, frame } = setup();
    let x = 0;
    const log: string[] = [];
    const big = () => x >= 3;
    const small = () => x < 5;
    tasks.start(function* () {
      yield waitUntil(big);
      log.push(`until ${x}`);
      yield waitWhile(small);
      log.push(`while ${x}`);
    });
    for (let i = 0; i < 8; i++) {
      x++;
      frame();
    }
    expect(log).toEqual(['until 3', 'while 5']);
  });

  it('a throwing predicate throws into the coroutine at its yield', () => {
    const { tasks, frame } = setup();
    let caught: unknown;
    tasks.start(function* () {
      try {
        yield waitUntil(() => {
          throw new Error('bad predicate');
        });
      } catch (e) {
        caught = e;
      }
    });
    frame();
    frame();
    expect((caught as Error).message).toBe('bad predicate');
  });

  it('waitJob polls a JobWaitSource without blocking, and surfaces job failures', () => {
    const { tasks, frame } = setup();
    const jobs = new CounterJobSource();
    tasks.jobs = jobs;
    jobs.failing.add(3);
    const log: string[] = [];
    tasks.start(function* () {
      yield waitJob(2);
      log.push(`job 2 at ${jobs.completed}`);
      try {
        yield waitJob(3);
      } catch (e) {
        log.push((e as Error).message);
      }
    });
    frame();
    jobs.completed = 1;
    frame();
    expect(log).toEqual([]);
    jobs.completed = 2;
    frame();
    expect(log).toEqual(['job 2 at 2']);
    jobs.completed = 3;
    frame();
    expect(log).toEqual(['job 2 at 2', 'job 3 failed']);
    expect(jobs.flushes).toBeGreaterThan(0);
  });

  it('waitJob with an explicit source, and a clear error with none', () => {
    const { tasks, frame } = setup();
    const src = new CounterJobSource();
    let err: unknown;
    let ok = false;
    tasks.start(function* () {
      yield waitJob(1, src);
      ok = true;
      try {
        yield waitJob(5);
      } catch (e) {
        err = e;
      }
    });
    src.completed = 1;
    frame();
    frame();
    expect(ok).toBe(true);
    expect(err).toBeInstanceOf(NoJobSourceError);
    expect((err as Error).message).toMatch(/set tasks.jobs = createJobWaits\(jobs\) \(tickflow\/scene\)/);
  });

  it('rejects a yielded non-wait, and a wait token reused without fresh parameters', () => {
    const { tasks, frame } = setup();
    const errors: unknown[] = [];
    tasks.start(function* () {
      try {
        yield 'soon';
      } catch (e) {
        errors.push(e);
      }
      const w = waitSeconds(1);
      yield w;
      try {
        yield w;
      } catch (e) {
        errors.push(e);
      }
    });
    for (let i = 0; i < 15; i++) frame();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(InvalidYieldError);
    expect((errors[1] as Error).message).toMatch(/call the factory in the yield expression/);
  });
});
