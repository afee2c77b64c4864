/** Frames the chart keeps: 4 s at 30 fps. */
export const HISTORY_FRAMES = 120;
/** Rate windows the simulation rate spans: at two a second, the last 4 s (a slow step may finish once a second). */
const RATE_WINDOWS = 8;

/**
 * The last {@link HISTORY_FRAMES} frame times (ms between frame callbacks) in a
 * ring, and the simulation rate: simulated seconds per real second over the
 * last 8 windows closed by {@link markRate}. Numbers only, no DOM, nothing
 * allocated per frame.
 *
 * @example
 * const h = new FrameHistory();
 * h.record(now, time.fixedElapsed); // each frame
 * h.markRate();                     // twice a second: h.simRate is 0.4 when the sim runs at 0.4× real time
 */
export class FrameHistory {
  /** Frame times in ms, oldest first from index {@link start}. */
  readonly times = new Float32Array(HISTORY_FRAMES);
  /** How many of {@link times} hold frames (up to HISTORY_FRAMES). */
  size = 0;
  /** Simulated seconds per real second over the last window (NaN before one has passed). */
  simRate = NaN;
  private next = 0;
  private lastNow = -1;
  private lastSim = 0;
  /** Wall ms and simulated s at the last RATE_WINDOWS + 1 marks, a ring. */
  private readonly markNow = new Float64Array(RATE_WINDOWS + 1);
  private readonly markSim = new Float64Array(RATE_WINDOWS + 1);
  private marks = 0;

  /** Index of the oldest frame in {@link times}. */
  get start(): number {
    return this.size < HISTORY_FRAMES ? 0 : this.next;
  }

  /** The frame time `i` frames after the oldest one kept. */
  at(i: number): number {
    return this.times[(this.start + i) % HISTORY_FRAMES]!;
  }

  /** A frame ended at `nowMs` with `simSeconds` simulated so far (the loop's `fixedElapsed`). */
  record(nowMs: number, simSeconds: number): void {
    if (this.lastNow >= 0) {
      this.times[this.next] = nowMs - this.lastNow;
      this.next = (this.next + 1) % HISTORY_FRAMES;
      if (this.size < HISTORY_FRAMES) this.size++;
    }
    if (this.marks === 0) this.mark(nowMs, simSeconds);
    this.lastNow = nowMs;
    this.lastSim = simSeconds;
  }

  /** Close a rate window at the latest frame: the rate then spans up to the last RATE_WINDOWS of them. */
  markRate(): void {
    if (this.marks === 0) return;
    const oldest = this.marks > RATE_WINDOWS ? this.marks - RATE_WINDOWS : 0;
    const o = oldest % (RATE_WINDOWS + 1);
    const wall = (this.lastNow - this.markNow[o]!) / 1000;
    if (wall > 0) this.simRate = (this.lastSim - this.markSim[o]!) / wall;
    this.mark(this.lastNow, this.lastSim);
  }

  private mark(nowMs: number, simSeconds: number): void {
    const i = this.marks % (RATE_WINDOWS + 1);
    this.markNow[i] = nowMs;
    this.markSim[i] = simSeconds;
    this.marks++;
  }

  /** Forget everything (a new scene). */
  clear(): void {
    this.size = this.next = 0;
    this.lastNow = -1;
    this.lastSim = 0;
    this.marks = 0;
    this.simRate = NaN;
  }
}
