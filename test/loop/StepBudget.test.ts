import { describe, it, expect } from 'vitest';
import { StepBudget } from '../../src/loop/StepBudget.ts';
import { Time } from '../../src/loop/Time.ts';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { TimeSettingError } from '../../src/loop/errors.ts';

/** A clock that moves only when told: every timing below is a number, none is measured. */
function manualClock(): { now: number; read: () => number } {
  const c = { now: 1000, read: () => c.now };
  return c;
}

describe('StepBudget', () => {
  it('is off by default: every due step runs, whatever a step costs', () => {
    const b = new StepBudget();
    b.recordStep(1);
    expect(b.enabled).toBe(false);
    expect(b.seconds).toBe(Infinity);
    expect(b.stepsThatFit(8)).toBe(8);
  });

  it('fits as many steps as the budget holds at their measured cost, at least one', () => {
    const b = new StepBudget();
    b.enable(1 / 30);
    expect(b.stepsThatFit(8)).toBe(8); // nothing measured yet
    b.recordStep(0.01);
    expect(b.stepsThatFit(8)).toBe(3); // 33.3 ms / 10 ms
    expect(b.stepsThatFit(2)).toBe(2);
    b.reset();
    b.recordStep(0.5);
    expect(b.stepsThatFit(8)).toBe(1); // a step costlier than the budget still runs, one a frame
    expect(b.stepsThatFit(0)).toBe(0);
  });

  it('gives the steps what the frame target leaves after the measured overhead, at least an eighth of it', () => {
    const b = new StepBudget();
    b.enable(0.04);
    b.stepTime = 0.005;
    b.recordFrame(0.015); // 10 ms of view, render and browser
    expect(b.overhead).toBeCloseTo(0.01, 12);
    expect(b.seconds).toBeCloseTo(0.03, 12);
    b.reset();
    b.recordFrame(0.2); // a view that alone takes 200 ms
    expect(b.seconds).toBeCloseTo(0.005, 12);
  });

  it('smooths its measurements (the first sample sets them)', () => {
    const b = new StepBudget();
    b.recordStep(0.008);
    expect(b.stepCost).toBe(0.008);
    b.recordStep(0.016);
    expect(b.stepCost).toBeCloseTo(0.008 + 0.008 / 8, 12);
  });

  it('rejects a frame target that is not a positive finite number', () => {
    const b = new StepBudget();
    expect(() => b.enable(0)).toThrow(TimeSettingError);
    expect(() => b.enable(Infinity)).toThrow(/budget\.frameTarget = Infinity is invalid/);
  });
});

describe('Time under a step budget', () => {
  it('drops the due steps that do not fit and counts them as dropped time', () => {
    const t = new Time();
    t.budget.enable(1 / 30);
    t.budget.recordStep(0.02); // one 20 ms step fits in 33 ms
    t.advance(0.05); // 3 steps due
    expect(t.fixedStepsThisFrame).toBe(1);
    expect(t.droppedTime).toBeCloseTo(2 / 60, 12);
    expect(t.accumulator).toBeCloseTo(0, 9);
  });

  it('runs exactly the same steps as without a budget when it is off (fixed-delta runs)', () => {
    const a = new Time();
    const b = new Time();
    a.budget.recordStep(10); // measurements alone change nothing
    for (let i = 0; i < 50; i++) {
      a.advance(0.03 + (i % 7) * 0.011);
      b.advance(0.03 + (i % 7) * 0.011);
      expect(a.fixedStepsThisFrame).toBe(b.fixedStepsThisFrame);
    }
    expect(a.droppedTime).toBe(b.droppedTime);
  });
});

describe('PlayerLoop under a step budget (manual clock)', () => {
  /** A loop whose fixed step costs `stepMs` on the manual clock and whose phases are logged. */
  function setup(stepMs: number) {
    const clock = manualClock();
    const loop = new PlayerLoop({ clock: clock.read });
    const log: string[] = [];
    loop.addSystem({ name: 'step', phase: 'fixedUpdate', run: () => ((clock.now += stepMs), log.push('fixed')) });
    loop.addSystem({ name: 'draw', phase: 'render', run: () => log.push('render') });
    loop.time.budget.enable(1 / 30);
    return { clock, loop, log };
  }

  it('stops starting steps once the budget is spent and drops the rest', () => {
    const { loop, log } = setup(15);
    loop.tick(0.1); // 6 steps due, nothing measured yet: 15, 30, then 45 ms >= 33.3 ms
    expect(log).toEqual(['fixed', 'fixed', 'fixed', 'render']);
    expect(loop.time.fixedStepsThisFrame).toBe(3);
    expect(loop.time.droppedTime).toBeCloseTo(3 / 60, 12);
    expect(loop.time.budget.stepCost).toBeCloseTo(0.015, 12);
    expect(loop.time.budget.stepTime).toBeCloseTo(0.045, 12);
    log.length = 0;
    loop.tick(0.1); // now planned from the measured cost: 33.3 / 15 = 2 steps
    expect(log).toEqual(['fixed', 'fixed', 'render']);
  });

  it('lets a step whose jobs outlast the budget span frames, simulating nothing new meanwhile', () => {
    const { clock, loop, log } = setup(1);
    let jobsDoneAt = Infinity;
    const budgets: number[] = [];
    loop.addHook({
      settle(budgetMs) {
        budgets.push(budgetMs);
        if (clock.now + budgetMs < jobsDoneAt) {
          clock.now += budgetMs; // helped until the budget ran out
          return false;
        }
        clock.now = Math.max(clock.now, jobsDoneAt);
        return true;
      },
    });
    jobsDoneAt = clock.now + 1 + 80; // the step's jobs take 80 ms after its system ran
    loop.tick(0.05); // 3 due; the first one's jobs outlast the frame
    expect(loop.stepInFlight).toBe(true);
    expect(log).toEqual(['fixed']);
    expect(loop.time.fixedStepsThisFrame).toBe(1);
    expect(loop.time.fixedStepCount).toBe(0);
    expect(loop.time.frameCount).toBe(0);
    expect(budgets[0]).toBeCloseTo(1000 / 30 - 1, 9);

    loop.tick(1 / 30); // still running: the frame's real time is dropped
    expect(loop.stepInFlight).toBe(true);
    expect(log).toEqual(['fixed']);
    const dropped = loop.time.droppedTime;
    expect(dropped).toBeCloseTo(2 / 60 + 1 / 30, 12);

    loop.tick(1 / 30); // done within this frame's budget: the frame finishes
    expect(loop.stepInFlight).toBe(false);
    expect(log).toEqual(['fixed', 'render']);
    expect(loop.time.fixedStepCount).toBe(1);
    expect(loop.time.frameCount).toBe(1);
    expect(loop.time.budget.stepCost).toBeCloseTo(0.081, 9); // its whole wall time, system and jobs
    expect(loop.time.fixedElapsed).toBeCloseTo(1 / 60, 12);
  });

  it('does not read the clock or settle without a budget (fixed-delta runs)', () => {
    let reads = 0;
    let settles = 0;
    const loop = new PlayerLoop({ clock: () => ++reads });
    loop.addSystem({ name: 'step', phase: 'fixedUpdate', run: () => {} });
    loop.addHook({ settle: () => (settles++, false) });
    for (let i = 0; i < 10; i++) loop.tick(1 / 20);
    expect(loop.time.fixedStepCount).toBe(30);
    expect(reads).toBe(0);
    expect(settles).toBe(0);
    expect(loop.stepInFlight).toBe(false);
  });
});
