import { fnv1aString } from '../math/fnv1a.ts';
import type { KernelPath } from '../jobs/compiledKernels.ts';

/**
 * One job's run on one lane during a frame. Times are milliseconds from the
 * frame's start (`performance.now()` when the loop's tick began).
 */
export interface JobSpan {
  /** The job's declared name, e.g. `particles.integrate`. */
  readonly name: string;
  /** 0 is the main thread (jobs run inline, or completed there); 1..workerCount are workers. */
  readonly lane: number;
  readonly start: number;
  readonly end: number;
}

/** Everything the strip draws for one frame. */
export interface FrameJobTimeline {
  /** `time.frameCount` of the frame. */
  readonly frame: number;
  /** The frame's wall-clock length in ms (the strip's time axis spans at least this). */
  readonly duration: number;
  /** Lanes to draw: 1 + the worker count. */
  readonly lanes: number;
  readonly spans: readonly JobSpan[];
}

/**
 * What the job system provides to the app, Unity-profiler style. The scheduler
 * records spans into preallocated storage and hands out the last completed frame;
 * the app reads it once per rendered frame and never keeps it.
 *
 * @example
 * const source: JobTimelineSource = {
 *   host: 'workers', workerCount: 4,
 *   latest: () => ({ frame: 7, duration: 16, lanes: 5, spans: [{ name: 'integrate', lane: 1, start: 0.2, end: 3.1 }] }),
 * };
 */
export interface JobTimelineSource {
  /** `inline`: jobs run on the main thread; `workers`: on a thread host. */
  readonly host: 'inline' | 'workers';
  readonly workerCount: number;
  /** The last completed frame's timeline, or null when no job ran yet. */
  latest(): FrameJobTimeline | null;
}

/**
 * Total ms spent in jobs in a frame, summed over lanes (the stats panel's "job ms").
 *
 * @example
 * jobMilliseconds({ frame: 1, duration: 16, lanes: 2, spans: [{ name: 'a', lane: 1, start: 0, end: 2 }] }) // 2
 */
export function jobMilliseconds(t: FrameJobTimeline | null): number {
  if (!t) return 0;
  let ms = 0;
  for (let i = 0; i < t.spans.length; i++) ms += t.spans[i]!.end - t.spans[i]!.start;
  return ms;
}

/** A job and the kernel path it takes (a `JobStats` row: `jobs.stats()`). */
export interface JobKernelPath {
  readonly name: string;
  readonly kernels: KernelPath;
}

const LANE_H = 14;
const LABEL_W = 54;

/**
 * The job timeline strip: one row per lane (main, w1, w2, …), a bar per job,
 * coloured by name, labelled when wide enough; the axis spans the frame or
 * 16.7 ms, whichever is longer. Without a source it says jobs run inline.
 * Below it, each job's kernel path (js or wasm), also on the bars' labels.
 *
 * @example
 * const strip = new JobTimelineStrip(hudElement);
 * strip.draw(scheduler.timeline.latest(), scheduler.timeline);
 * strip.showKernels(scheduler.stats()); // "kernels · particles.integrate wasm"
 */
export class JobTimelineStrip {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly caption: HTMLElement;
  private readonly kernels: HTMLElement;
  /** Bar label per job name: `name · path` once the path is known. */
  private readonly labels = new Map<string, string>();
  private lastFrame = -1;
  private lastState = '';

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'tf-timeline';
    this.caption = document.createElement('div');
    this.caption.className = 'tf-caption';
    this.canvas = document.createElement('canvas');
    this.canvas.width = 320;
    this.canvas.height = LANE_H;
    this.ctx = this.canvas.getContext('2d');
    this.kernels = document.createElement('div');
    this.kernels.className = 'tf-kernels';
    this.element.append(this.caption, this.canvas, this.kernels);
    parent.append(this.element);
    this.draw(null, undefined);
  }

  /**
   * Say which kernel path each job takes (the app calls it twice a second with
   * `jobs.stats()`); a no-op when nothing changed.
   */
  showKernels(jobs: readonly JobKernelPath[]): void {
    let text = jobs.length ? 'kernels' : '';
    for (const j of jobs) text += ` · ${j.name} ${j.kernels}`;
    if (text === this.kernels.textContent) return;
    this.kernels.textContent = text;
    this.labels.clear();
    for (const j of jobs) this.labels.set(j.name, `${j.name} · ${j.kernels}`);
    // Relabel the bars on the next draw.
    this.lastFrame = -1;
  }

  /** Draw a frame's timeline; a no-op when the frame did not change. */
  draw(t: FrameJobTimeline | null, source: JobTimelineSource | undefined): void {
    const state = source ? `${source.host}:${source.workerCount}` : 'none';
    if (t && t.frame === this.lastFrame && state === this.lastState) return;
    this.lastFrame = t ? t.frame : -1;
    if (!t && state === this.lastState) return;
    this.lastState = state;
    this.caption.textContent = source
      ? `jobs · ${source.host} · ${source.workerCount} worker${source.workerCount === 1 ? '' : 's'}${t ? ` · frame ${t.frame}` : ''}`
      : 'jobs · inline (no job system yet: systems run on the main thread)';
    const ctx = this.ctx;
    if (!ctx) return;
    const lanes = Math.max(1, t?.lanes ?? 1);
    const h = lanes * LANE_H;
    if (this.canvas.height !== h) this.canvas.height = h;
    const w = this.canvas.width;
    ctx.fillStyle = '#1d2029';
    ctx.fillRect(0, 0, w, h);
    ctx.font = '10px ui-monospace, monospace';
    ctx.textBaseline = 'middle';
    for (let l = 0; l < lanes; l++) {
      ctx.fillStyle = l % 2 ? '#222632' : '#1d2029';
      ctx.fillRect(0, l * LANE_H, w, LANE_H);
      ctx.fillStyle = '#8790a3';
      ctx.fillText(l === 0 ? 'main' : `w${l}`, 4, l * LANE_H + LANE_H / 2);
    }
    if (!t || t.spans.length === 0) {
      ctx.fillStyle = '#6d7588';
      ctx.fillText('no jobs this frame', LABEL_W + 4, LANE_H / 2);
      return;
    }
    const span = Math.max(t.duration, 1000 / 60);
    const px = (w - LABEL_W) / span;
    for (const s of t.spans) {
      // Whole pixels, at least 2 wide: a 50 us batch on a 16 ms axis would otherwise be a faint anti-aliased sliver.
      const x = Math.round(LABEL_W + Math.max(0, s.start) * px);
      const bw = Math.max(2, Math.round((s.end - s.start) * px));
      ctx.fillStyle = colourOf(s.name);
      ctx.fillRect(x, s.lane * LANE_H + 1, bw, LANE_H - 2);
      if (bw > 40) {
        ctx.fillStyle = '#0d0f14';
        ctx.fillText(this.labels.get(s.name) ?? s.name, x + 3, s.lane * LANE_H + LANE_H / 2, bw - 6);
      }
    }
  }
}

/** A stable colour per job name, so a job keeps its colour across frames. */
function colourOf(name: string): string {
  // FNV-1a, then the golden angle: names that differ only at the end still land far apart on the wheel.
  return `hsl(${Math.round((fnv1aString(name) * 137.508) % 360)} 65% 62%)`;
}
