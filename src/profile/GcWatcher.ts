import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';

/**
 * Counts garbage collections that start inside a window, from `perf_hooks` 'gc'
 * entries. Entries arrive asynchronously (after a macrotask), so `stop()` is async
 * and filters by start time: a GC forced just before the window is not counted.
 *
 * @example
 * const w = new GcWatcher();
 * w.start(); work(); const gcs = await w.stop();
 */
export class GcWatcher {
  private readonly entries: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.entries.push(e);
  });
  private t0 = 0;
  private t1 = 0;
  private observing = false;

  /** Begin the window. */
  start(): void {
    this.entries.length = 0;
    if (!this.observing) {
      this.observer.observe({ entryTypes: ['gc'] });
      this.observing = true;
    }
    this.t0 = performance.now();
  }

  /** Mark the end of the window now (synchronously, right after the work). */
  mark(): void {
    this.t1 = performance.now();
  }

  /** End the window (if not marked) and return how many GCs started inside it. */
  async stop(): Promise<number> {
    if (this.t1 < this.t0) this.t1 = performance.now();
    // Let queued entries arrive: they are delivered from a timer, not a microtask.
    await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 5));
    let n = 0;
    for (const e of this.entries) if (e.startTime >= this.t0 && e.startTime <= this.t1) n++;
    this.entries.length = 0;
    this.t1 = 0;
    return n;
  }

  /** Stop observing. */
  dispose(): void {
    this.observer.disconnect();
    this.observing = false;
  }
}
