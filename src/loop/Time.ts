import { TimeSettingError } from './errors.ts';
import { StepBudget } from './StepBudget.ts';

/**
 * Time as a value (after Bevy's `Time` and three.js's `Timer`): the loop feeds it the
 * raw frame delta, it derives everything a system reads.
 *
 * - `unscaledDeltaTime` is the raw delta clamped to `maximumDeltaTime`, so a long
 *   stall (debugger, tab switch) cannot launch the spiral of death.
 * - `deltaTime` is that times `timeScale`; 0 when paused. Inside `fixedUpdate` it
 *   reads `fixedDeltaTime`, as Unity's `Time.deltaTime` does.
 * - Fixed steps come from an accumulator, at most `maxFixedStepsPerFrame` a frame
 *   and, when a real-time driver turned the {@link StepBudget} on, at most what fits
 *   in its wall-clock budget; the surplus is dropped rather than carried forever
 *   (`droppedTime` counts it).
 * - `alpha` is how far the accumulator sits between two fixed steps, for rendering.
 *
 * @example
 * const time = new Time();
 * time.advance(0.05); // at 1/60: time.fixedStepsThisFrame === 3
 */
export class Time {
  /** Scaled seconds of this frame (fixedDeltaTime inside fixedUpdate). */
  deltaTime = 0;
  /** Real seconds of this frame after the clamp, independent of timeScale and pause. */
  unscaledDeltaTime = 0;
  /** Scaled seconds of this frame, also inside fixedUpdate. */
  frameDeltaTime = 0;
  /** Scaled seconds since start. */
  elapsed = 0;
  /** Unscaled seconds since start. */
  unscaledElapsed = 0;
  /** Simulated seconds advanced by fixed steps. */
  fixedElapsed = 0;
  /** Frames completed. */
  frameCount = 0;
  /** Fixed steps run since start. */
  fixedStepCount = 0;
  /** Fixed steps scheduled for the current frame. */
  fixedStepsThisFrame = 0;
  /** Scaled time not yet consumed by a fixed step. */
  accumulator = 0;
  /** accumulator / fixedDeltaTime after this frame's fixed steps: the render interpolation factor in [0, 1). */
  alpha = 0;
  /** True while the loop runs fixedUpdate. */
  inFixedStep = false;
  /** When true, scaled time stands still; `step()` advances exactly one fixed step. */
  paused = false;
  /** Scaled seconds never simulated: the surplus beyond the step cap or the budget, and frames spent waiting on a step. */
  droppedTime = 0;
  /** The wall-clock budget for fixed steps (off unless a real-time driver enables it). */
  readonly budget = new StepBudget();

  private _timeScale = 1;
  private _fixedDeltaTime = 1 / 60;
  private _maximumDeltaTime = 0.25;
  private _maxFixedSteps = 8;
  private stepRequested = false;

  /** Multiplier on simulation time; 0 freezes it. */
  get timeScale(): number {
    return this._timeScale;
  }
  set timeScale(v: number) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new TimeSettingError('timeScale', v, 'it must be a finite number >= 0');
    this._timeScale = v;
  }

  /** Seconds per fixed step (default 1/60). */
  get fixedDeltaTime(): number {
    return this._fixedDeltaTime;
  }
  set fixedDeltaTime(v: number) {
    if (!(v > 0) || !Number.isFinite(v)) throw new TimeSettingError('fixedDeltaTime', v, 'it must be a finite number > 0');
    this._fixedDeltaTime = v;
  }

  /** Largest raw frame delta accepted (default 0.25 s); larger deltas are clamped. */
  get maximumDeltaTime(): number {
    return this._maximumDeltaTime;
  }
  set maximumDeltaTime(v: number) {
    if (!(v > 0)) throw new TimeSettingError('maximumDeltaTime', v, 'it must be > 0');
    this._maximumDeltaTime = v;
  }

  /** Cap on fixed steps per frame (default 8); the bounded catch-up. */
  get maxFixedStepsPerFrame(): number {
    return this._maxFixedSteps;
  }
  set maxFixedStepsPerFrame(v: number) {
    if (!Number.isInteger(v) || v < 1) throw new TimeSettingError('maxFixedStepsPerFrame', v, 'it must be an integer >= 1');
    this._maxFixedSteps = v;
  }

  /** Freeze simulation time (frames still run, with deltaTime 0). */
  pause(): void {
    this.paused = true;
  }

  /** Resume after `pause()`. */
  resume(): void {
    this.paused = false;
  }

  /** While paused, make the next frame advance exactly one fixed step. */
  step(): void {
    this.stepRequested = true;
  }

  /**
   * Derive this frame's times from the raw delta and schedule fixed steps.
   * Called by the loop once per frame, before any phase runs.
   */
  advance(rawDeltaSeconds: number): void {
    const unscaled = this.advanceUnscaled(rawDeltaSeconds);

    let scaled: number;
    if (this.paused) {
      // A single step is exactly one fixed step, whatever the raw delta was.
      scaled = this.stepRequested ? this._fixedDeltaTime : 0;
      this.stepRequested = false;
    } else {
      scaled = unscaled * this._timeScale;
      this.stepRequested = false;
    }
    this.frameDeltaTime = scaled;
    this.deltaTime = scaled;
    this.elapsed += scaled;

    const fixed = this._fixedDeltaTime;
    let acc = this.accumulator + scaled;
    // The epsilon absorbs float error so that 0.05 s at 1/60 is 3 steps, not 2.
    const due = Math.floor(acc / fixed + 1e-9);
    let steps = due > this._maxFixedSteps ? this._maxFixedSteps : due;
    steps = this.budget.stepsThatFit(steps);
    if (steps < due) {
      acc = steps * fixed + (acc % fixed); // drop the surplus: bounded catch-up
      this.droppedTime += (due - steps) * fixed;
    }
    acc -= steps * fixed;
    if (acc < 0) acc = 0;
    this.accumulator = acc;
    this.fixedStepsThisFrame = steps;
    this.alpha = acc / fixed;
    if (this.alpha >= 1) this.alpha = 0.999999;
  }

  /**
   * Cut this frame's fixed steps short after `ran` of them (the budget ran out
   * while they ran); the rest is dropped time.
   */
  cutFixedSteps(ran: number): void {
    if (ran >= this.fixedStepsThisFrame) return;
    this.droppedTime += (this.fixedStepsThisFrame - ran) * this._fixedDeltaTime;
    this.fixedStepsThisFrame = ran;
  }

  /**
   * A frame that simulated nothing because the loop still waits on a fixed
   * step's jobs: its real time (clamped and scaled as in {@link advance}) is dropped.
   */
  dropFrame(rawDeltaSeconds: number): void {
    const unscaled = this.advanceUnscaled(rawDeltaSeconds);
    if (!this.paused) this.droppedTime += unscaled * this._timeScale;
  }

  /** Clamp a raw delta (bad values count as 0) and add it to the unscaled clock. */
  private advanceUnscaled(rawDeltaSeconds: number): number {
    const raw = rawDeltaSeconds > 0 && Number.isFinite(rawDeltaSeconds) ? rawDeltaSeconds : 0;
    const unscaled = raw > this._maximumDeltaTime ? this._maximumDeltaTime : raw;
    this.unscaledDeltaTime = unscaled;
    this.unscaledElapsed += unscaled;
    return unscaled;
  }

  /** Enter a fixed step: deltaTime reads fixedDeltaTime until {@link endFixedStep}. */
  beginFixedStep(): void {
    this.inFixedStep = true;
    this.deltaTime = this._fixedDeltaTime;
  }

  /** Leave a fixed step and count it. */
  endFixedStep(): void {
    this.inFixedStep = false;
    this.deltaTime = this.frameDeltaTime;
    this.fixedStepCount++;
    this.fixedElapsed += this._fixedDeltaTime;
  }

  /** Back to the state of a new Time, keeping settings. */
  reset(): void {
    this.deltaTime = this.unscaledDeltaTime = this.frameDeltaTime = 0;
    this.elapsed = this.unscaledElapsed = this.fixedElapsed = 0;
    this.frameCount = this.fixedStepCount = this.fixedStepsThisFrame = 0;
    this.accumulator = this.alpha = this.droppedTime = 0;
    this.budget.reset();
    this.inFixedStep = false;
    this.stepRequested = false;
  }
}
