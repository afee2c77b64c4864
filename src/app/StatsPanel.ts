import { FrameHistory, HISTORY_FRAMES } from './FrameHistory.ts';

const WINDOW_MS = 500;
/** The chart's height covers frames up to this long; longer ones are clipped (and drawn red). */
const CHART_MAX_MS = 100;
const CHART_HEIGHT = 40;
/** Guide lines: 60, 30 and 20 frames per second. */
const GUIDES_MS = [1000 / 60, 1000 / 30, 1000 / 20];

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
  /** Simulated seconds per real second (below 1 when steps are dropped); NaN before the first window. */
  simRate: number;
  /** The fixed steps' wall-clock budget per frame in ms (Infinity: none). */
  budgetMs: number;
}

/** One frame's figures, as the app hands them to {@link StatsPanel.record}. */
export interface FrameFigures {
  /** ms in `loop.tick`. */
  simMs: number;
  /** ms in the view and the renderer. */
  renderMs: number;
  /** ms in jobs, or null when not measured. */
  jobMs: number | null;
  fixedSteps: number;
  /** Simulated seconds so far (`time.fixedElapsed`). */
  simSeconds: number;
  /** The step budget in seconds (`time.budget.seconds`). */
  budgetSeconds: number;
}

/**
 * FPS, the simulation rate (simulated seconds per real second), simulation,
 * render and job ms, and a chart of the last frame times: accumulated every
 * frame without allocating, written to the DOM and drawn twice a second
 * (layout is not free).
 *
 * @example
 * const stats = new StatsPanel(hud);
 * const figures = { simMs: 0, renderMs: 0, jobMs: null, fixedSteps: 0, simSeconds: 0, budgetSeconds: Infinity };
 * // each frame: fill `figures` in place, then
 * stats.record(performance.now(), figures);
 */
export class StatsPanel {
  readonly element: HTMLElement;
  /** The last published averages (tests and the window hook read these). */
  readonly current: StatsSnapshot = { fps: 0, simMs: 0, renderMs: 0, jobMs: null, fixedStepsPerFrame: 0, simRate: NaN, budgetMs: Infinity };
  /** The frame times behind the chart, and the simulation rate. */
  readonly history = new FrameHistory();
  private readonly lines: HTMLElement;
  private readonly chart: HTMLCanvasElement;
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
    this.chart = document.createElement('canvas');
    this.chart.className = 'tf-frame-chart';
    this.chart.width = HISTORY_FRAMES * 2;
    this.chart.height = CHART_HEIGHT;
    this.chart.title = 'frame times, last 120 frames (lines: 60, 30, 20 fps)';
    this.element.append(this.lines, this.chart);
    parent.append(this.element);
    this.publish();
  }

  /** Add one frame that ended at `nowMs`. */
  record(nowMs: number, f: Readonly<FrameFigures>): void {
    if (this.windowStart < 0) this.windowStart = nowMs;
    this.history.record(nowMs, f.simSeconds);
    this.frames++;
    this.sim += f.simMs;
    this.render += f.renderMs;
    if (f.jobMs !== null) {
      this.job += f.jobMs;
      this.jobFrames++;
    }
    this.steps += f.fixedSteps;
    const elapsed = nowMs - this.windowStart;
    if (elapsed < WINDOW_MS) return;
    const c = this.current;
    c.fps = (this.frames * 1000) / elapsed;
    c.simMs = this.sim / this.frames;
    c.renderMs = this.render / this.frames;
    c.jobMs = this.jobFrames > 0 ? this.job / this.jobFrames : null;
    c.fixedStepsPerFrame = this.steps / this.frames;
    this.history.markRate();
    c.simRate = this.history.simRate;
    c.budgetMs = f.budgetSeconds * 1000;
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
    this.history.clear();
    this.frames = this.sim = this.render = this.job = this.jobFrames = this.steps = 0;
  }

  private publish(): void {
    const c = this.current;
    const rate = Number.isNaN(c.simRate) ? '—' : `${c.simRate.toFixed(2)}×`;
    this.lines.textContent =
      `${c.fps.toFixed(1).padStart(5)} fps\n` +
      `sim ${rate} real time\n` +
      `sim    ${c.simMs.toFixed(2).padStart(6)} ms\n` +
      `render ${c.renderMs.toFixed(2).padStart(6)} ms\n` +
      `jobs   ${c.jobMs === null ? '     —' : c.jobMs.toFixed(2).padStart(6)} ms\n` +
      `steps  ${c.fixedStepsPerFrame.toFixed(2).padStart(6)} /frame` +
      (c.budgetMs !== Infinity ? `, budget ${c.budgetMs.toFixed(1)} ms` : '') +
      (this.extra ? `\n${this.extra}` : '');
    this.drawChart();
  }

  /** Bars of the kept frame times, newest on the right, with guide lines at 60, 30 and 20 fps. */
  private drawChart(): void {
    const g = this.chart.getContext('2d');
    if (!g) return;
    const w = this.chart.width;
    const h = this.chart.height;
    const hist = this.history;
    const bar = w / HISTORY_FRAMES;
    const x0 = w - hist.size * bar;
    g.clearRect(0, 0, w, h);
    for (let i = 0; i < hist.size; i++) {
      const ms = hist.at(i);
      g.fillStyle = ms > 1000 / 20 ? '#ff6b6b' : ms > 1000 / 30 ? '#ffc46b' : '#6bd3ff';
      const bh = Math.min(h, (ms / CHART_MAX_MS) * h);
      g.fillRect(x0 + i * bar, h - bh, bar, bh);
    }
    g.fillStyle = '#ffffff55';
    for (const ms of GUIDES_MS) g.fillRect(0, Math.round(h - (ms / CHART_MAX_MS) * h), w, 1);
  }
}
