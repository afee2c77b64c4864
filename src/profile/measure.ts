import { getHeapStatistics, getHeapCodeStatistics } from 'node:v8';
import { GcWatcher } from './GcWatcher.ts';
import { profilingFlagsPresent, missingFlagsMessage } from './flags.ts';

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Calls of `fn` in the measured window (default 100,000). */
  iterations?: number;
  /** Calls before the window, to let the JIT settle and pools fill (default iterations / 10). */
  warmup?: number;
  /** Operations per call of `fn`, to report per-operation figures (default 1). */
  opsPerCall?: number;
  /** Attempts when a GC or a JIT compile lands in the window (default 10: the JIT settles within a few). */
  attempts?: number;
}

/** The outcome of {@link measure}. */
export interface Measurement {
  name: string;
  /** Wall-clock nanoseconds per operation. */
  nsPerOp: number;
  /** Heap bytes allocated per operation; meaningful only when `valid`. */
  bytesPerOp: number;
  /** GCs that started inside the window. */
  gcCount: number;
  /** Growth of compiled code and bytecode in the window (a JIT compile: its code and tables count as the window's bytes); 0 in a usable window. */
  codeBytes: number;
  /** True when neither a GC nor a JIT compile happened in the window, so the byte count is exact and fn's own. */
  valid: boolean;
  /** Operations measured. */
  ops: number;
  /** Why the measurement is not valid, when it is not. */
  note?: string;
}

const gcFn = (): void => (globalThis as unknown as { gc?: () => void }).gc?.();

/**
 * Bytes of machine code, bytecode and their metadata on the heap: they grow only
 * when V8 compiles (TurboFan, Sparkplug, a lazily compiled function). Read by a
 * heap walk (a millisecond or more), so only outside a window's heap-size pair.
 * The code spaces' used size does not show a TurboFan compile: V8 takes its code
 * from an allocation buffer it already counts as used.
 */
function compiledBytes(): number {
  const c = getHeapCodeStatistics();
  return c.code_and_metadata_size + c.bytecode_and_metadata_size;
}

/**
 * Measure time and allocation of `fn`, BenchmarkDotNet-memory-diagnoser style:
 * warm up, force a GC, run the window, and read the heap's used size before and
 * after. With a young generation larger than the window's allocation, no GC runs
 * inside it and the difference is exactly the bytes allocated; a window with a GC
 * is retried, then reported as invalid, never silently used.
 *
 * Needs node {@link PROFILING_FLAGS}; without them the result says so (`valid:
 * false`). Call `ensureProfilingFlags()` at startup to relaunch with them.
 *
 * @example
 * const m = await measure('step', () => runner.step(), { iterations: 1e6 });
 * console.log(m.nsPerOp, m.bytesPerOp, m.valid);
 */
export async function measure(name: string, fn: () => void, opts: MeasureOptions = {}): Promise<Measurement> {
  return measureRuns(name, opts, (n) => {
    for (let i = 0; i < n; i++) fn();
  });
}

/**
 * {@link measure} for asynchronous code: each call's result is awaited before the
 * next call, and the window spans the whole awaited run, so an `await` costs what
 * it costs a user (its promise, its microtask), the loop's own await included.
 *
 * @example
 * const m = await measureAsync('await', () => ready, { iterations: 1e5 }); // ready: a resolved promise
 */
export async function measureAsync(name: string, fn: () => unknown, opts: MeasureOptions = {}): Promise<Measurement> {
  return measureRuns(name, opts, async (n) => {
    for (let i = 0; i < n; i++) await fn();
  });
}

/** The window both share: `run(n)` calls the measured code n times (returning a promise when it is async). */
async function measureRuns(name: string, opts: MeasureOptions, run: (n: number) => void | Promise<void>): Promise<Measurement> {
  const iterations = opts.iterations ?? 100_000;
  const warmup = opts.warmup ?? Math.ceil(iterations / 10);
  const opsPerCall = opts.opsPerCall ?? 1;
  const attempts = opts.attempts ?? 10;
  const flags = profilingFlagsPresent();
  await run(warmup);
  const watcher = new GcWatcher();
  let last: Measurement | undefined;
  try {
    for (let attempt = 0; attempt < attempts; attempt++) {
      gcFn();
      // Read outside the heap-size pair (it allocates): a compile landing in the window
      // (the measuring loop's own on-stack replacement, say) allocates what fn does not.
      const code0 = compiledBytes();
      // Calibrate: two back-to-back heap reads cost a fixed few bytes that are not fn's.
      const c0 = getHeapStatistics().used_heap_size;
      const c1 = getHeapStatistics().used_heap_size;
      const overhead = c1 - c0;
      watcher.start();
      const h0 = getHeapStatistics().used_heap_size;
      const t0 = process.hrtime.bigint();
      const pending = run(iterations);
      if (pending) await pending;
      const t1 = process.hrtime.bigint();
      const h1 = getHeapStatistics().used_heap_size;
      watcher.mark();
      const codeBytes = compiledBytes() - code0;
      const gcs = await watcher.stop();
      const ops = iterations * opsPerCall;
      const bytes = Math.max(0, h1 - h0 - overhead);
      last = {
        name,
        nsPerOp: Number(t1 - t0) / ops,
        bytesPerOp: bytes / ops,
        gcCount: gcs,
        codeBytes,
        valid: flags && gcs === 0 && codeBytes === 0,
        ops,
      };
      if (!flags) {
        last.note = missingFlagsMessage();
        return last;
      }
      if (last.valid) return last;
      last.note = gcs > 0
        ? `${gcs} GC(s) in the window after ${attempt + 1} attempt(s); allocation figure not usable`
        : `the JIT compiled ${codeBytes} B of code in the window after ${attempt + 1} attempt(s); allocation figure not fn's alone`;
    }
    return last!;
  } finally {
    watcher.dispose();
  }
}

/**
 * {@link measure} until the JIT has settled: repeat the window (up to `rounds`
 * times) while it shows `below` bytes per op or more, and return the valid window
 * with the fewest bytes. Until V8 optimizes a path, the interpreter boxes the
 * floats it computes; on a loaded machine background compilation can lag any fixed
 * warm-up. A real per-op allocation never measures below its own size, so a
 * zero-allocation claim checked on this result can still fail.
 *
 * @example
 * const m = await measureSettled('frame', () => rt.tick(1 / 60), { iterations: 3000 });
 */
export async function measureSettled(name: string, fn: () => void, opts: MeasureOptions = {}, rounds = 8, below = 1): Promise<Measurement> {
  let best: Measurement | undefined;
  for (let round = 0; round < rounds; round++) {
    // Between windows, yield the core briefly: the optimizing compiler runs on a
    // background thread, and on a busy machine it needs CPU time to finish.
    if (round > 0) await new Promise((r) => setTimeout(r, 50));
    const m = await measure(name, fn, round === 0 ? opts : { ...opts, warmup: 0 });
    if (!best || (m.valid && (!best.valid || m.bytesPerOp < best.bytesPerOp))) best = m;
    if (best.valid && best.bytesPerOp < below) break;
  }
  return best!;
}

/**
 * Heap bytes allocated between two calls, for windows that are not a simple loop
 * (the runner's frames). Pair with a {@link GcWatcher} to know the figure is exact.
 *
 * @example
 * const before = heapUsed(); runFrames(); const bytes = heapUsed() - before;
 */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

/** Force a full GC when `--expose-gc` is on; a no-op otherwise. */
export function forceGc(): void {
  gcFn();
}
