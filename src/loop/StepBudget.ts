import { TimeSettingError } from './errors.ts';

/** Weight of the newest sample in the smoothed costs: about the last 8 frames count. */
const SMOOTHING = 0.125;
/** What a real-time frame aims for (s): 30 frames per second leaves a slow machine room above 20. */
export const DEFAULT_FRAME_TARGET = 1 / 30;
/** The budget never shrinks below this fraction of the frame target, so a heavy view cannot stop the simulation. */
const MIN_SHARE = 1 / 8;

/**
 * How much wall-clock time a frame may spend on fixed steps: the browser's
 * answer to the spiral of death (Unity's Maximum Allowed Timestep, in wall time
 * rather than in simulated time). Off by default: a loop fed a fixed delta
 * (tests, the headless runner) runs every step it is due, whatever the machine,
 * so its results cannot depend on machine speed. Real-time drivers turn it on
 * with {@link enable}.
 *
 * When on, the budget is what the frame target (1/30 s) leaves after the rest of
 * the frame (other phases, view, rendering, the browser), measured; a frame runs
 * as many of its due steps as fit at their measured cost (at least one), and the
 * loop stops settling a step's jobs at the budget's end (the step then spans
 * frames). Steps that do not fit are dropped: simulated time falls behind real
 * time instead of the page freezing.
 *
 * @example
 * const b = new StepBudget();
 * b.enable(1 / 30);
 * b.recordStep(0.010); // a step costs 10 ms
 * b.stepsThatFit(8);   // 3: 33 ms holds three 10 ms steps
 */
export class StepBudget {
  /** Smoothed wall seconds of one fixed step: its systems plus settling its jobs (0 until measured). */
  stepCost = 0;
  /** Smoothed wall seconds of a frame outside its fixed steps (0 until measured). */
  overhead = 0;
  /** Wall seconds the fixed steps took in the latest frame. */
  stepTime = 0;
  private target = Infinity;

  /** Whether a budget applies (a real-time driver turned it on). */
  get enabled(): boolean {
    return this.target !== Infinity;
  }

  /** Wall seconds a whole frame aims for (Infinity: no budget). */
  get frameTarget(): number {
    return this.target;
  }

  /** Wall seconds the fixed steps of a frame may take: the frame target less the measured overhead, at least 1/8 of it. */
  get seconds(): number {
    const t = this.target;
    if (t === Infinity) return Infinity;
    const b = t - this.overhead;
    return b < t * MIN_SHARE ? t * MIN_SHARE : b > t ? t : b;
  }

  /** Turn the budget on for a frame target in seconds (default 1/30 s: 30 frames per second). */
  enable(frameTarget = DEFAULT_FRAME_TARGET): void {
    if (!(frameTarget > 0) || !Number.isFinite(frameTarget)) throw new TimeSettingError('budget.frameTarget', frameTarget, 'it must be a finite number of seconds > 0');
    this.target = frameTarget;
  }

  /** Turn the budget off: every due step runs (fixed-delta runs). Measurements are kept. */
  disable(): void {
    this.target = Infinity;
  }

  /** How many of `due` steps this frame runs: as many as fit at the measured cost, at least one. */
  stepsThatFit(due: number): number {
    if (due <= 1 || this.target === Infinity || this.stepCost <= 0) return due;
    const fit = Math.floor(this.seconds / this.stepCost);
    return fit < 1 ? 1 : fit < due ? fit : due;
  }

  /** Fold in one step's measured wall seconds. */
  recordStep(seconds: number): void {
    this.stepCost = this.stepCost === 0 ? seconds : this.stepCost + (seconds - this.stepCost) * SMOOTHING;
  }

  /**
   * Fold in one frame's wall seconds (the interval between frame callbacks); what
   * its fixed steps did not use ({@link stepTime}) is overhead.
   */
  recordFrame(seconds: number): void {
    const other = seconds > this.stepTime ? seconds - this.stepTime : 0;
    this.overhead = this.overhead === 0 ? other : this.overhead + (other - this.overhead) * SMOOTHING;
  }

  /** Forget the measurements (a new scene: its steps cost something else). */
  reset(): void {
    this.stepCost = this.overhead = this.stepTime = 0;
  }
}
