import { startRawWorker } from './startRawWorker.ts';
import type { CrossThreadCall } from './crossThreadCall.ts';

/**
 * Words of the one record, each group on its own 128-byte block so the words
 * the main thread writes and the words the worker writes never share a cache
 * line: control (publish counter, sleepers, shutdown), the record (state,
 * kernel, range, batch cursor and count), and the finish words.
 */
const W = { SIGNAL: 0, SLEEPERS: 1, SHUTDOWN: 2, STATE: 32, KERNEL: 33, START: 34, END: 35, NBATCHES: 36, CURSOR: 37, DONE: 38, FINISHED: 64, MAIN_WAITING: 65, SIZE: 96 } as const;
const READY = 1;
const FINISHED_STATE = 2;
/** Polls of the waiting main thread before it sleeps: the scheduler's own budget (waitForJob). */
const MAIN_SPINS = 20_000;

/**
 * The worker: the scheduler's idle policy (poll the publish counter for
 * `spinUs`, then sleep on it), then claim a batch of the record with
 * Atomics.add on its cursor, call the kernel over its range, count the batch
 * done and, as the last batch, publish the state and wake the main thread.
 */
const PEER = `
const { workerData } = require('node:worker_threads');
const { s, W, spinUs } = workerData;
const kernels = [function nothing(start, end) {}];
let seen = 0;
for (;;) {
  let v = Atomics.load(s, W.SIGNAL);
  const until = performance.now() + spinUs / 1000;
  for (let i = 1; v === seen; i++) {
    if ((i & 255) === 0 && performance.now() > until) break;
    v = Atomics.load(s, W.SIGNAL);
  }
  while (v === seen && Atomics.load(s, W.SHUTDOWN) === 0) {
    Atomics.add(s, W.SLEEPERS, 1);
    Atomics.wait(s, W.SIGNAL, seen, 50);
    Atomics.sub(s, W.SLEEPERS, 1);
    v = Atomics.load(s, W.SIGNAL);
  }
  if (Atomics.load(s, W.SHUTDOWN) !== 0) break;
  seen = v;
  if (Atomics.load(s, W.STATE) !== ${READY}) continue;
  const n = s[W.NBATCHES];
  const b = Atomics.add(s, W.CURSOR, 1);
  if (b >= n) continue;
  kernels[s[W.KERNEL]](s[W.START], s[W.END]);
  if (Atomics.add(s, W.DONE, 1) + 1 === n) {
    Atomics.store(s, W.STATE, ${FINISHED_STATE});
    Atomics.add(s, W.FINISHED, 1);
    if (Atomics.load(s, W.MAIN_WAITING) !== 0) Atomics.notify(s, W.FINISHED);
  }
}`;

/**
 * The floor of `schedule` + `complete` of one empty job run by a worker: a
 * hand-written protocol over one SAB record that does the same work and
 * nothing else (fill the record, mark it ready, bump the publish counter and
 * wake a sleeper; the worker claims, runs and finishes it; the main thread
 * polls the state, then sleeps on the finish counter).
 *
 * @example
 * const floor = await startMinimalProtocol(); // vs startDispatch()
 * floor.call();
 */
export async function startMinimalProtocol(spinUs = 1000): Promise<CrossThreadCall> {
  const s = new Int32Array(new SharedArrayBuffer(W.SIZE * 4));
  const w = startRawWorker(PEER, { s, W, spinUs });
  await new Promise((r) => setTimeout(r, 50));
  const call = (): void => {
    s[W.KERNEL] = 0;
    s[W.START] = 0;
    s[W.END] = 1;
    s[W.NBATCHES] = 1;
    s[W.DONE] = 0;
    Atomics.store(s, W.CURSOR, 0);
    Atomics.store(s, W.STATE, READY);
    Atomics.add(s, W.SIGNAL, 1);
    if (Atomics.load(s, W.SLEEPERS) !== 0) Atomics.notify(s, W.SIGNAL, 1);
    let spins = 0;
    while (Atomics.load(s, W.STATE) !== FINISHED_STATE) {
      if (spins++ < MAIN_SPINS) continue;
      const seen = Atomics.load(s, W.FINISHED);
      Atomics.store(s, W.MAIN_WAITING, 1);
      if (Atomics.load(s, W.STATE) !== FINISHED_STATE) Atomics.wait(s, W.FINISHED, seen, 2);
      Atomics.store(s, W.MAIN_WAITING, 0);
    }
  };
  const close = async (): Promise<void> => {
    Atomics.store(s, W.SHUTDOWN, 1);
    Atomics.add(s, W.SIGNAL, 1);
    Atomics.notify(s, W.SIGNAL);
    await w.terminate();
  };
  return { call, close };
}
