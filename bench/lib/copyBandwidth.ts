import { cpus } from 'node:os';
import { startRawWorker } from './startRawWorker.ts';
import { RUNS, summarize, mapSummary, type RunSummary } from './summarize.ts';

/** Control words: run generation, threads done, shutdown. */
const GO = 0;
const DONE = 1;
const STOP = 2;

/**
 * A copier thread: on each new generation, copy its slice of src into dst, then
 * count itself done. It polls for the next generation (for up to `spinMs`) before
 * it sleeps, as the job lanes do between batches: a futex wake inside the timed
 * copy lowered the 2-thread floor to 24-43 GB/s where polling copiers reach 51-56.
 * More threads than cores sleep at once (a poller would take a core from a copier).
 */
const PEER = `
const { workerData } = require('node:worker_threads');
const { c, src, dst, from, to, spinMs } = workerData;
let gen = 0;
for (;;) {
  let g = Atomics.load(c, ${GO});
  const until = performance.now() + spinMs;
  for (let i = 1; spinMs > 0 && g === gen && ((i & 1023) !== 0 || performance.now() < until); i++) g = Atomics.load(c, ${GO});
  if (g === gen) Atomics.wait(c, ${GO}, gen, 1000);
  if (Atomics.load(c, ${STOP}) !== 0) break;
  g = Atomics.load(c, ${GO});
  if (g === gen) continue;
  gen = g;
  dst.set(src.subarray(from, to), from);
  Atomics.add(c, ${DONE}, 1);
}`;

/**
 * The memory floor of a kernel that moves `bytes` (reads plus writes): a
 * TypedArray copy (`dst.set(src)`) moving the same bytes, split over `threads`
 * threads (the main thread and `threads - 1` raw workers, each copying its
 * slice at once). Median, min and max GB/s over {@link RUNS} runs after warm-up.
 *
 * @example
 * const floor = await copyBandwidthGBs(36e6, 2); // what 2 lanes can move per second
 */
export async function copyBandwidthGBs(bytes: number, threads: number): Promise<RunSummary> {
  // A copy reads and writes each byte once: half the bytes moved are source.
  const n = Math.floor(bytes / 2 / 8);
  const src = new Float64Array(new SharedArrayBuffer(n * 8));
  const dst = new Float64Array(new SharedArrayBuffer(n * 8));
  for (let i = 0; i < n; i++) src[i] = i;
  const c = new Int32Array(new SharedArrayBuffer(16));
  const cut = (k: number) => Math.floor((n * k) / threads);
  const workers = [];
  for (let t = 1; t < threads; t++) workers.push(startRawWorker(PEER, { c, src, dst, from: cut(t), to: cut(t + 1), spinMs: threads <= cpus().length ? 100 : 0 }));
  await new Promise((r) => setTimeout(r, 100));
  const run = (): number => {
    Atomics.store(c, DONE, 0);
    const t0 = performance.now();
    Atomics.add(c, GO, 1);
    Atomics.notify(c, GO);
    dst.set(src.subarray(0, cut(1)), 0);
    while (Atomics.load(c, DONE) !== threads - 1);
    return performance.now() - t0;
  };
  for (let i = 0; i < 5; i++) run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(run());
  if (dst[n - 1] !== n - 1 || dst[0] !== 0) throw new Error(`copy bench: the copy is wrong (dst[${n - 1}] = ${dst[n - 1]})`);
  Atomics.store(c, STOP, 1);
  Atomics.add(c, GO, 1);
  Atomics.notify(c, GO);
  await Promise.all(workers.map((w) => w.terminate()));
  return mapSummary(summarize(ms), (t) => (n * 16) / t / 1e6);
}
