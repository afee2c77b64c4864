import { CTL, PROFILE, SPAN_CAPACITY, seqDistance, type JobMemory } from './JobMemory.ts';

/** One batch of a job on one lane, in ms from the frame's start. */
export interface JobTimelineSpan {
  readonly name: string;
  /** 0 is the main thread, 1..workers are worker lanes. */
  readonly lane: number;
  readonly start: number;
  readonly end: number;
}

/** The spans of one frame (the shape the app's timeline strip draws). */
export interface JobTimelineFrame {
  readonly frame: number;
  /** Wall-clock ms from the frame's start to the end of its last job. */
  readonly duration: number;
  /** 1 + worker lanes. */
  readonly lanes: number;
  readonly spans: readonly JobTimelineSpan[];
}

interface MutableSpan {
  name: string;
  lane: number;
  start: number;
  end: number;
}

/**
 * Per-batch spans of the last completed frame, Unity-profiler style. Lanes
 * write spans into the job memory's span ring (typed arrays over a SAB, when
 * the scheduler runs with `timeline: true`); at each frame boundary the
 * scheduler stores where the frame's spans begin and end in the ring, which
 * costs two integer stores and no allocation. {@link latest} turns the last
 * frame into objects only when asked (the app asks once per rendered frame) and
 * reuses them: an array and span objects are made only when a frame has more
 * spans than any before.
 *
 * Structurally a `JobTimelineSource` of the browser app (`src/app/JobTimelineStrip.ts`).
 *
 * @example
 * const jobs = new JobScheduler({ host, timeline: true });
 * jobs.attach(loop);
 * loop.tick(1 / 60);
 * jobs.timeline.latest()?.spans; // [{ name: 'particles.integrate', lane: 1, start: 0.4, end: 1.9 }, …]
 */
export class JobTimeline {
  /** `workers` when a thread host provides worker lanes, else `inline`. */
  readonly host: 'inline' | 'workers';
  readonly workerCount: number;
  private readonly mem: JobMemory;
  private frameStartAbs = 0;
  private frameFrom = 0;
  /** The last completed frame: number, start (absolute ms), ring range. */
  private doneFrame = -1;
  private doneStartAbs = 0;
  private doneFrom = 0;
  private doneTo = 0;
  private doneEndAbs = 0;
  /** What latest() returned last, and the frame it describes. */
  private builtFor = -1;
  private readonly spans: MutableSpan[] = [];
  private readonly out: { frame: number; duration: number; lanes: number; spans: MutableSpan[] };
  private readonly nameOf: (kernel: number) => string;

  constructor(mem: JobMemory, workers: number, nameOf: (kernel: number) => string) {
    this.mem = mem;
    this.workerCount = workers;
    this.host = workers > 0 ? 'workers' : 'inline';
    this.nameOf = nameOf;
    this.out = { frame: -1, duration: 0, lanes: workers + 1, spans: this.spans };
  }

  /** A frame begins (the scheduler calls this when the loop's first phase starts). */
  frameStart(): void {
    // Off unless spans are recorded: a clock read per frame would cost the Node runner its 0 bytes per frame.
    if (this.mem.ctl[CTL.PROFILE] !== PROFILE.SPANS) return;
    this.frameStartAbs = performance.timeOrigin + performance.now();
    this.frameFrom = Atomics.load(this.mem.ctl, CTL.SPAN_HEAD);
  }

  /** A frame ended with all its jobs complete: remember its span range. */
  frameEnd(frame: number): void {
    if (this.mem.ctl[CTL.PROFILE] !== PROFILE.SPANS) return;
    this.doneFrame = frame;
    this.doneStartAbs = this.frameStartAbs;
    this.doneFrom = this.frameFrom;
    this.doneTo = Atomics.load(this.mem.ctl, CTL.SPAN_HEAD);
    this.doneEndAbs = performance.timeOrigin + performance.now();
  }

  /** The last completed frame's spans, or null before the first frame. The result is reused: read it, do not keep it. */
  latest(): JobTimelineFrame | null {
    if (this.doneFrame < 0) return null;
    if (this.builtFor === this.doneFrame) return this.out;
    this.builtFor = this.doneFrame;
    const mem = this.mem;
    const to = this.doneTo;
    // A frame with more batches than the ring holds keeps its last SPAN_CAPACITY. The span
    // counter is an Int32 word that wraps: counts are differences, never comparisons.
    const count = seqDistance(this.doneFrom, to);
    const kept = count > SPAN_CAPACITY ? SPAN_CAPACITY : count;
    const spans = this.spans;
    while (this.spare.length > 0) spans.push(this.spare.pop()!);
    let n = 0;
    let end = this.doneEndAbs - this.doneStartAbs;
    for (let k = kept; k > 0; k--) {
      const i = ((to - k) & (SPAN_CAPACITY - 1)) * 2;
      const lane = mem.spanInfo[i + 1]!;
      const base = mem.laneOrigin[lane]! - this.doneStartAbs;
      let sp = spans[n];
      if (sp === undefined) spans.push((sp = { name: '', lane: 0, start: 0, end: 0 }));
      sp.name = this.nameOf(mem.spanInfo[i]!);
      sp.lane = lane;
      sp.start = base + mem.spanTimes[i]!;
      sp.end = base + mem.spanTimes[i + 1]!;
      if (sp.end > end) end = sp.end;
      n++;
    }
    this.pool(n);
    this.out.frame = this.doneFrame;
    this.out.duration = end;
    return this.out;
  }

  /** Spare span objects beyond `n`, kept so a later bigger frame does not allocate them again. */
  private readonly spare: MutableSpan[] = [];

  private pool(n: number): void {
    const spans = this.spans;
    while (spans.length > n) this.spare.push(spans.pop()!);
  }
}
