import { startRawWorker } from './startRawWorker.ts';
import { usPerCall } from './timePerCall.ts';
import type { RunSummary } from './summarize.ts';

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
 * Raw round trip over one SAB word with a worker_threads peer, in
 * microseconds: the floor every cross-thread protocol pays. Both sides poll
 * `spin` times before sleeping in Atomics.wait.
 *
 * @example
 * const hot = await atomicsPingPongUs(20_000, 20_000); // spinning: a cache-line round trip plus the loop
 */
export async function atomicsPingPongUs(spin: number, rounds: number): Promise<RunSummary> {
  const s = new Int32Array(new SharedArrayBuffer(16));
  const w = startRawWorker(PEER, { s, spin });
  await new Promise((r) => setTimeout(r, 50));
  const trip = (i: number) => {
    const odd = 2 * i + 1;
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
  let i = 0;
  for (; i < rounds / 10; i++) trip(i);
  const us = usPerCall(rounds, () => trip(i++));
  Atomics.store(s, 0, -1);
  Atomics.notify(s, 0);
  await w.terminate();
  return us;
}
