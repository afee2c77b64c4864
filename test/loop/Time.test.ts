import { describe, it, expect } from 'vitest';
import { Time } from '../../src/loop/Time.ts';
import { TimeSettingError } from '../../src/loop/errors.ts';

describe('Time', () => {
  it('runs 3 fixed steps for dt 0.05 at 1/60 and carries no remainder', () => {
    const t = new Time();
    t.advance(0.05);
    expect(t.fixedStepsThisFrame).toBe(3);
    expect(t.accumulator).toBeCloseTo(0, 9);
  });

  it('carries the remainder across frames', () => {
    const t = new Time();
    t.advance(0.04); // 2 steps, 0.04 - 2/60 = 0.00666..
    expect(t.fixedStepsThisFrame).toBe(2);
    expect(t.accumulator).toBeCloseTo(0.04 - 2 / 60, 12);
    expect(t.alpha).toBeCloseTo((0.04 - 2 / 60) * 60, 9);
    t.advance(0.01); // 0.01666.. -> exactly one more step
    expect(t.fixedStepsThisFrame).toBe(1);
    expect(t.accumulator).toBeCloseTo(0, 9);
  });

  it('clamps a long frame to maximumDeltaTime and bounds catch-up steps', () => {
    const t = new Time();
    t.advance(5);
    expect(t.unscaledDeltaTime).toBe(0.25);
    expect(t.deltaTime).toBe(0.25);
    expect(t.fixedStepsThisFrame).toBe(8); // 0.25 s = 15 steps, capped at 8
    expect(t.accumulator).toBeLessThan(t.fixedDeltaTime);
    t.maxFixedStepsPerFrame = 32;
    t.advance(5);
    expect(t.fixedStepsThisFrame).toBe(15);
  });

  it('freezes simulation time at timeScale 0 but keeps unscaled time', () => {
    const t = new Time();
    t.timeScale = 0;
    t.advance(0.1);
    expect(t.deltaTime).toBe(0);
    expect(t.fixedStepsThisFrame).toBe(0);
    expect(t.unscaledDeltaTime).toBeCloseTo(0.1);
    expect(t.unscaledElapsed).toBeCloseTo(0.1);
    expect(t.elapsed).toBe(0);
    t.timeScale = 2;
    t.advance(0.1);
    expect(t.deltaTime).toBeCloseTo(0.2);
    expect(t.fixedStepsThisFrame).toBe(8); // 12 due, capped at maxFixedStepsPerFrame
  });

  it('pauses, and single-steps exactly one fixed step', () => {
    const t = new Time();
    t.pause();
    t.advance(0.1);
    expect(t.fixedStepsThisFrame).toBe(0);
    expect(t.deltaTime).toBe(0);
    t.step();
    t.advance(0.1);
    expect(t.fixedStepsThisFrame).toBe(1);
    expect(t.deltaTime).toBeCloseTo(1 / 60);
    t.advance(0.1);
    expect(t.fixedStepsThisFrame).toBe(0);
    t.resume();
    t.advance(1 / 60);
    expect(t.fixedStepsThisFrame).toBe(1);
  });

  it('reports deltaTime = fixedDeltaTime inside a fixed step', () => {
    const t = new Time();
    t.fixedDeltaTime = 0.02;
    t.advance(0.05);
    t.beginFixedStep();
    expect(t.deltaTime).toBe(0.02);
    t.endFixedStep();
    expect(t.deltaTime).toBeCloseTo(0.05);
    expect(t.fixedStepCount).toBe(1);
  });

  it('rejects invalid settings with a message naming the setting', () => {
    const t = new Time();
    expect(() => (t.timeScale = -1)).toThrow(TimeSettingError);
    expect(() => (t.fixedDeltaTime = 0)).toThrow(/fixedDeltaTime = 0 is invalid/);
    expect(() => (t.maxFixedStepsPerFrame = 1.5)).toThrow(/maxFixedStepsPerFrame/);
  });

  it('treats negative or NaN deltas as zero', () => {
    const t = new Time();
    t.advance(-1);
    t.advance(Number.NaN);
    expect(t.elapsed).toBe(0);
  });
});
