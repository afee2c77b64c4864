import { startRawWorker } from './startRawWorker.ts';
import { usPerCall } from './timePerCall.ts';
import type { RunSummary } from './summarize.ts';
import type { CrossThreadCall } from './crossThreadCall.ts';

/**
 * The peer: wait for an odd word, answer with the next even one. `spin` polls
 * before each Atomics.wait (0: sleep at once, the cold floor).
 */
const PEER = `
const { workerData } = require('node:worker_threads');
const { s, spin } = workerData;
for (;;) {
  let v = Atomics.load(s, 0);
  for (let k = 0; k < spin && (v & 1) === 0 && v >= 0; k++) v = Atomics.load(s, 0);
  while ((v & 1) === 0 && v >= 0) { Atomics.store(s, 2, 1); Atomics.wait(s, 0, v, 1000); Atomics.store(s, 2, 0); v = Atomics.load(s, 0); }
  if (v < 0) break;
  Atomics.store(s, 0, v + 1);
  if (Atomics.load(s, 1) !== 0) Atomics.notify(s, 0);
}`;

/**
 * Raw round trip over one SAB word with a worker_threads peer: the floor every
 * cross-thread protocol pays. Both sides poll `spin` times before sleeping in
 * Atomics.wait.
 *
 * @example
 * const hot = await startPingPong(20_000); // spinning: a cache-line round trip plus the loop
 * hot.call();
 */
export async function startPingPong(spin: number): Promise<CrossThreadCall> {
  const s = new Int32Array(new SharedArrayBuffer(16));
  const w = startRawWorker(PEER, { s, spin });
  await new Promise((r) => setTimeout(r, 50));
  let i = 0;
  const call = (): void => {
    const odd = 2 * i++ + 1;
    Atomics.store(s, 0, odd);
    if (Atomics.load(s, 2) !== 0) Atomics.notify(s, 0);
    let v = Atomics.load(s, 0);
    for (let k = 0; k < spin && v === odd; k++) v = Atomics.load(s, 0);
    while (v === odd) {
      Atomics.store(s, 1, 1);
      Atomics.wait(s, 0, odd, 1000);
      Atomics.store(s, 1, 0);
      v = Atomics.load(s, 0);
    }
  };
  const close = async (): Promise<void> => {
    Atomics.store(s, 0, -1);
    Atomics.notify(s, 0);
    await w.terminate();
  };
  return { call, close };
}

/**
 * {@link startPingPong}'s round trip alone, in microseconds.
 *
 * @example
 * const cold = await atomicsPingPongUs(0, 3000); // both sides sleep: two futex wakes
 */
export async function atomicsPingPongUs(spin: number, rounds: number): Promise<RunSummary> {
  const p = await startPingPong(spin);
  for (let i = 0; i < rounds / 10; i++) p.call();
  const us = usPerCall(rounds, p.call);
  await p.close();
  return us;
}
