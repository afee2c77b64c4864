import type { PlayerLoop } from './PlayerLoop.ts';
import { DEFAULT_FRAME_TARGET } from './StepBudget.ts';

function useFrameTarget(loop: PlayerLoop, target: number | false): void {
  if (target === false) loop.time.budget.disable();
  else loop.time.budget.enable(target);
}

/** Measure a frame for the budget; a gap past the clamp (a hidden tab, a debugger) says nothing about the frame's cost. */
function recordFrame(loop: PlayerLoop, seconds: number): void {
  const time = loop.time;
  if (time.budget.enabled && seconds <= time.maximumDeltaTime) time.budget.recordFrame(seconds);
}

/** A running driver: stop it, or await its end. */
export interface DriverHandle {
  /** Stop after the current frame. */
  stop(): void;
  /** Settles when the driver stops (frames reached, stop() called, or a frame threw). */
  readonly done: Promise<void>;
}

/** Options of {@link runInNode}. */
export interface NodeDriverOptions {
  /** Frames per second to aim for; omit or 0 to run as fast as possible. */
  targetHz?: number;
  /** Stop after this many frames (default: run until stop()). */
  frames?: number;
  /**
   * Feed every frame this fixed delta instead of measured wall time: deterministic
   * headless runs (same seed and params, same final state).
   */
  fixedDelta?: number;
  /** Called after each frame with the frame's wall-clock duration in ms. */
  onFrame?: (frameMs: number, frameIndex: number) => void;
  /**
   * Wall seconds a frame aims for, which sets the fixed steps' budget (see
   * `StepBudget`); false: no budget. Default: 1/30 s in real time, no budget with
   * `fixedDelta` (a deterministic run must not depend on machine speed).
   */
  frameTarget?: number | false;
}

/**
 * Drive a loop in Node: as fast as possible (yielding to the event loop between
 * frames so timers and worker messages still flow) or at a target rate.
 *
 * @example
 * const h = runInNode(loop, { frames: 300, fixedDelta: 1 / 60 });
 * await h.done;
 */
export function runInNode(loop: PlayerLoop, opts: NodeDriverOptions = {}): DriverHandle {
  const frames = opts.frames ?? Infinity;
  const period = opts.targetHz && opts.targetHz > 0 ? 1000 / opts.targetHz : 0;
  const onFrame = opts.onFrame;
  useFrameTarget(loop, opts.frameTarget ?? (opts.fixedDelta === undefined ? DEFAULT_FRAME_TARGET : false));
  let stopped = false;
  let count = 0;
  let last = performance.now();
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // One bound function reused for every frame: scheduling allocates no closure per frame.
  const frame = (): void => {
    if (stopped || count >= frames) return resolve();
    const start = performance.now();
    const dt = opts.fixedDelta ?? (start - last) / 1000;
    if (count > 0) recordFrame(loop, (start - last) / 1000);
    last = start;
    try {
      loop.tick(dt);
    } catch (err) {
      stopped = true;
      return reject(err);
    }
    const end = performance.now();
    onFrame?.(end - start, count);
    count++;
    if (period > 0) setTimeout(frame, Math.max(0, period - (end - start)));
    else setImmediate(frame);
  };
  setImmediate(frame);
  return {
    stop: () => {
      stopped = true;
    },
    done,
  };
}

/** Minimal shape of the browser's frame scheduler; the core never imports DOM types. */
interface FrameScheduler {
  requestAnimationFrame(cb: (t: number) => void): number;
  cancelAnimationFrame(id: number): void;
}

/** Options of {@link runWithAnimationFrames}. */
export interface RafDriverOptions {
  /** Called after each frame with its duration in ms (for stats panels). */
  onFrame?: (frameMs: number, frameIndex: number) => void;
  /** Called when a frame throws; the driver stops. Default: rethrow asynchronously. */
  onError?: (err: unknown) => void;
  /** The scheduler (default `globalThis`). */
  scheduler?: FrameScheduler;
  /** Wall seconds a frame aims for, which sets the fixed steps' budget (default 1/30 s); false: no budget. */
  frameTarget?: number | false;
}

/**
 * Drive a loop from `requestAnimationFrame`, feeding it the measured delta between
 * frame timestamps (the loop's Time clamps long gaps such as a hidden tab). The
 * fixed steps get a wall-clock budget (see `StepBudget`), so a slow simulation
 * drops simulated time instead of freezing the page.
 *
 * @example
 * const h = runWithAnimationFrames(loop, { onFrame: (ms) => stats.update(ms) });
 * // later: h.stop();
 */
export function runWithAnimationFrames(loop: PlayerLoop, opts: RafDriverOptions = {}): DriverHandle {
  const sched = opts.scheduler ?? (globalThis as unknown as FrameScheduler);
  useFrameTarget(loop, opts.frameTarget ?? DEFAULT_FRAME_TARGET);
  let stopped = false;
  let id = 0;
  let last = -1;
  let count = 0;
  let resolve!: () => void;
  const done = new Promise<void>((res) => (resolve = res));
  const frame = (t: number): void => {
    if (stopped) return resolve();
    const dt = last < 0 ? 0 : (t - last) / 1000;
    if (last >= 0) recordFrame(loop, dt);
    last = t;
    const start = performance.now();
    try {
      loop.tick(dt);
    } catch (err) {
      stopped = true;
      resolve();
      if (opts.onError) opts.onError(err);
      else throw err;
      return;
    }
    opts.onFrame?.(performance.now() - start, count++);
    id = sched.requestAnimationFrame(frame);
  };
  id = sched.requestAnimationFrame(frame);
  return {
    stop: () => {
      stopped = true;
      sched.cancelAnimationFrame(id);
      resolve();
    },
    done,
  };
}
