const WINDOW_MS = 500;

/** The numbers the panel shows, averaged over the last half second. */
export interface StatsSnapshot {
  fps: number;
  /** ms in `loop.tick` (all phases, systems and inline jobs). */
  simMs: number;
  /** ms in `view.update` + `renderer.render`. */
  renderMs: number;
  /** ms in jobs (summed over lanes), or null when no job system reports. */
  jobMs: number | null;
  fixedStepsPerFrame: number;
}

/**
 * FPS, simulation ms, render ms and job ms, accumulated every frame without
 * allocating and written to the DOM twice a second (layout is not free).
 *
 * @example
 * const stats = new StatsPanel(hud);
 * // each frame:
 * stats.record(now, simMs, renderMs, jobMs, time.fixedStepsThisFrame);
 */
export class StatsPanel {
  readonly element: HTMLElement;
  /** The last published averages (tests and the window hook read these). */
  readonly current: StatsSnapshot = { fps: 0, simMs: 0, renderMs: 0, jobMs: null, fixedStepsPerFrame: 0 };
  private readonly lines: HTMLElement;
  private windowStart = -1;
  private frames = 0;
  private sim = 0;
  private render = 0;
  private job = 0;
  private jobFrames = 0;
  private steps = 0;
  private extra = '';

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'tf-stats';
    this.lines = document.createElement('pre');
    this.element.append(this.lines);
    parent.append(this.element);
    this.publish();
  }

  /** Add one frame. `jobMs` is null when jobs are not measured. */
  record(nowMs: number, simMs: number, renderMs: number, jobMs: number | null, fixedSteps: number): void {
    if (this.windowStart < 0) this.windowStart = nowMs;
    this.frames++;
    this.sim += simMs;
    this.render += renderMs;
    if (jobMs !== null) {
      this.job += jobMs;
      this.jobFrames++;
    }
    this.steps += fixedSteps;
    const elapsed = nowMs - this.windowStart;
    if (elapsed < WINDOW_MS) return;
    const c = this.current;
    c.fps = (this.frames * 1000) / elapsed;
    c.simMs = this.sim / this.frames;
    c.renderMs = this.render / this.frames;
    c.jobMs = this.jobFrames > 0 ? this.job / this.jobFrames : null;
    c.fixedStepsPerFrame = this.steps / this.frames;
    this.windowStart = nowMs;
    this.frames = this.sim = this.render = this.job = this.jobFrames = this.steps = 0;
    this.publish();
  }

  /** A line of scene facts under the numbers (entities, frame, host). */
  setExtra(text: string): void {
    this.extra = text;
  }

  /** Forget the running window (after a reset or a scene change). */
  restart(): void {
    this.windowStart = -1;
    this.frames = this.sim = this.render = this.job = this.jobFrames = this.steps = 0;
  }

  private publish(): void {
    const c = this.current;
    this.lines.textContent =
      `${c.fps.toFixed(1).padStart(5)} fps\n` +
      `sim    ${c.simMs.toFixed(2).padStart(6)} ms\n` +
      `render ${c.renderMs.toFixed(2).padStart(6)} ms\n` +
      `jobs   ${c.jobMs === null ? '     —' : c.jobMs.toFixed(2).padStart(6)} ms\n` +
      `steps  ${c.fixedStepsPerFrame.toFixed(2).padStart(6)} /frame` +
      (this.extra ? `\n${this.extra}` : '');
  }
}
