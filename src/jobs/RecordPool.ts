import { L, R, STATE, MAX_DEPS, MAX_RECORDS, handleSlot, type JobMemory } from './JobMemory.ts';

/**
 * The main thread's view of the job records: which slot holds which live
 * handle, which jobs were completed (consumed) and await recycling, the free
 * list, and graph walks over the records' dependency lists. All preallocated;
 * nothing here allocates per job.
 *
 * @example
 * const pool = new RecordPool(memory, () => 2, (slot) => {});
 * const slot = pool.alloc();
 */
export class RecordPool {
  /** Per slot: the live handle (0 when free). */
  readonly handle = new Int32Array(MAX_RECORDS);
  /** Per slot: the kernel id, -1 for a fence. */
  readonly kernel = new Int32Array(MAX_RECORDS);
  /** Per slot: 1 once completed on the main thread. */
  readonly consumed = new Uint8Array(MAX_RECORDS);
  private readonly free = new Int32Array(MAX_RECORDS);
  private freeCount = 0;
  private readonly done = new Int32Array(MAX_RECORDS);
  private doneCount = 0;
  private readonly visit = new Int32Array(MAX_RECORDS);
  private stamp = 0;
  private readonly stack = new Int32Array(MAX_RECORDS * MAX_DEPS);

  constructor(
    private readonly mem: JobMemory,
    /** Worker lanes, whose hazard words a recycle must respect. */
    private readonly workers: () => number,
    /** Called once per job when it is completed (for statistics). */
    private readonly onConsume: (slot: number) => void,
  ) {
    for (let s = MAX_RECORDS - 1; s >= 0; s--) this.free[this.freeCount++] = s;
  }

  /** A free slot, or -1 when none is left even after recycling completed ones. */
  alloc(): number {
    if (this.freeCount === 0) this.recycle();
    return this.freeCount === 0 ? -1 : this.free[--this.freeCount]!;
  }

  /** Give back a slot that was allocated but never published. */
  release(slot: number): void {
    this.free[this.freeCount++] = slot;
  }

  /** A published slot now holds `h`. */
  publish(slot: number, h: number, kernel: number): void {
    this.handle[slot] = h;
    this.kernel[slot] = kernel;
    this.consumed[slot] = 0;
  }

  /** Whether `h` is the handle its slot holds now (not recycled). */
  isCurrent(h: number): boolean {
    return this.handle[handleSlot(h)] === h;
  }

  /** Scheduled and not yet completed on the main thread. */
  inFlight(h: number): boolean {
    const s = handleSlot(h);
    return this.handle[s] === h && this.consumed[s] === 0;
  }

  /** Mark a job completed; its record is recycled at the next {@link recycle}. */
  consume(slot: number): void {
    this.consumed[slot] = 1;
    this.done[this.doneCount++] = slot;
    this.onConsume(slot);
  }

  /**
   * Recycle completed records: their handles go stale (the slot forgets them,
   * and the state word drops to FREE of version 0, which no handle has), after
   * waiting out any lane whose hazard word names the slot, so no claim lands on
   * a reused record. The next publish gives the record a new version (its
   * sequence, see `versionOf`).
   */
  recycle(): void {
    const mem = this.mem;
    const lanes = this.workers();
    for (let i = 0; i < this.doneCount; i++) {
      const slot = this.done[i]!;
      for (let l = 1; l <= lanes; l++) {
        let spins = 0;
        while (Atomics.load(mem.lanes, l * L.STRIDE + L.HAZARD) === slot && spins++ < 1e7);
      }
      // Plain, like the READY store in publish: lanes compare whole versioned state
      // words, and a completed record never holds a READY one.
      mem.rec[slot * R.STRIDE + R.STATE] = STATE.FREE;
      this.consumed[slot] = 0;
      this.handle[slot] = 0;
      this.free[this.freeCount++] = slot;
    }
    this.doneCount = 0;
  }

  /** Mark every live record reachable from `deps[0 .. count)` through dependency lists. */
  markAncestors(deps: Int32Array, count: number): void {
    const stamp = ++this.stamp;
    const rec = this.mem.rec;
    let sp = 0;
    for (let i = 0; i < count; i++) this.stack[sp++] = deps[i]!;
    while (sp > 0) {
      const h = this.stack[--sp]!;
      const s = handleSlot(h);
      if (this.handle[s] !== h || this.visit[s] === stamp) continue;
      this.visit[s] = stamp;
      const b = s * R.STRIDE;
      const n = rec[b + R.NDEPS]!;
      for (let i = 0; i < n && sp < this.stack.length; i++) this.stack[sp++] = rec[b + R.DEPS + i]!;
    }
  }

  /** After {@link markAncestors}: whether `h` was reached. */
  isAncestor(h: number): boolean {
    const s = handleSlot(h);
    return this.visit[s] === this.stamp && this.handle[s] === h;
  }

  /** After {@link markAncestors}: complete every reached job that is still in flight. */
  consumeAncestors(): void {
    for (let s = 0; s < MAX_RECORDS; s++) if (this.visit[s] === this.stamp && this.consumed[s] === 0 && this.handle[s] !== 0) this.consume(s);
  }
}
