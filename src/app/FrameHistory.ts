/** Frames the chart keeps: 4 s at 30 fps. */
export const HISTORY_FRAMES = 120;

/**
 * The last {@link HISTORY_FRAMES} frame times (ms between frame callbacks) in a
 * ring, and the simulation rate: simulated seconds per real second over the
 * window since {@link markRate}. Numbers only, no DOM, nothing allocated per frame.
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
  private rateNow = -1;
  private rateSim = 0;

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
    if (this.rateNow < 0) {
      this.rateNow = nowMs;
      this.rateSim = simSeconds;
    }
    this.lastNow = nowMs;
    this.lastSim = simSeconds;
  }

  /** Close the rate window at the latest frame and start the next one there. */
  markRate(): void {
    const wall = (this.lastNow - this.rateNow) / 1000;
    if (wall > 0) this.simRate = (this.lastSim - this.rateSim) / wall;
    this.rateNow = this.lastNow;
    this.rateSim = this.lastSim;
  }

  /** Forget everything (a new scene). */
  clear(): void {
    this.size = this.next = 0;
    this.lastNow = this.rateNow = -1;
    this.lastSim = this.rateSim = 0;
    this.simRate = NaN;
  }
}
