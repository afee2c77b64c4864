import { GCProfiler } from 'node:v8';
import { AllocationWindowError } from './errors.ts';

/** What one {@link AllocationWindow} saw. */
export interface AllocationCount {
  /** Bytes allocated in the young generation (new space and new large objects): what becomes garbage. */
  youngBytes: number;
  /** Growth of the whole heap, JIT code and feedback in old and code space included. */
  heapBytes: number;
  /** Collections inside the window besides the two that bound it; the counts are exact only at 0. */
  gcs: number;
}

const YOUNG = new Set(['new_space', 'new_large_object_space']);

interface SpaceStats {
  spaceName: string;
  spaceUsedSize: number;
}
interface GcSnapshot {
  heapStatistics: { usedHeapSize: number };
  heapSpaceStatistics: SpaceStats[];
}

function young(s: GcSnapshot): number {
  let n = 0;
  for (const sp of s.heapSpaceStatistics) if (YOUNG.has(sp.spaceName)) n += sp.spaceUsedSize;
  return n;
}

/**
 * The bytes a stretch of code allocates, read by V8 itself: a forced collection
 * opens the window and another closes it, and `v8.GCProfiler` records the heap
 * (per space) right after the first and right before the second, in native code.
 * Nothing runs in JS between the two but the code measured, so there is no
 * reader's own allocation to subtract. Needs `--expose-gc`, and a young
 * generation larger than the window's allocation (`--min/max-semi-space-size`)
 * for the window to stay free of other collections.
 *
 * @example
 * const w = new AllocationWindow();
 * w.open(); for (let i = 0; i < 1000; i++) rt.tick(1 / 60); const { youngBytes, gcs } = w.close();
 */
export class AllocationWindow {
  private profiler: GCProfiler | null = null;

  /** Open the window (a full collection first). */
  open(): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new AllocationWindowError('AllocationWindow needs node --expose-gc (npm run sim and npm run bench pass it; or relaunch with ensureProfilingFlags()).');
    this.profiler = new GCProfiler();
    this.profiler.start();
    gc();
  }

  /** Close the window (another full collection) and report what was allocated in between. */
  close(): AllocationCount {
    const p = this.profiler;
    if (!p) throw new AllocationWindowError('AllocationWindow.close() without open(): open the window before the code you measure.');
    (globalThis as unknown as { gc: () => void }).gc();
    const stats = (p.stop() as unknown as { statistics: { beforeGC: GcSnapshot; afterGC: GcSnapshot }[] }).statistics;
    this.profiler = null;
    const first = stats[0]!.afterGC;
    const last = stats[stats.length - 1]!.beforeGC;
    return {
      youngBytes: young(last) - young(first),
      heapBytes: last.heapStatistics.usedHeapSize - first.heapStatistics.usedHeapSize,
      gcs: stats.length - 2,
    };
  }
}
