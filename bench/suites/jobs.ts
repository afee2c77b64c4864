import { Worker } from 'node:worker_threads';
import { cpus } from 'node:os';
import Piscina from 'piscina';
import { defineSuite, type BenchResult } from '../types.ts';
import { measure } from '../../src/profile/measure.ts';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { move, nothing, poke } from '../fixtures/benchKernels.ts';
// Raw workers get the module-loading flags only: `npm run bench` preloads `.ts` modules a worker cannot load.
import { workerExecArgv } from '../../src/jobs/NodeThreadHost.ts';

/**
 * Raw ping-pong over a SAB word with a worker_threads peer: `spin` iterations of
 * polling before each Atomics.wait (0: sleep at once, the cold floor).
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

async function atomicsPingPongUs(spin: number, rounds: number): Promise<number> {
  const s = new Int32Array(new SharedArrayBuffer(16));
  const w = new Worker(PEER, { eval: true, workerData: { s, spin }, execArgv: workerExecArgv(process.execArgv) });
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
  const us = medianUs(rounds, () => trip(i++));
  Atomics.store(s, 0, -1);
  Atomics.notify(s, 0);
  await w.terminate();
  return us;
}

async function postMessageUs(rounds: number): Promise<number> {
  const w = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`, { eval: true, execArgv: workerExecArgv(process.execArgv) });
  const trip = () => new Promise<void>((r) => { w.once('message', () => r()); w.postMessage(1); });
  for (let i = 0; i < rounds / 10; i++) await trip();
  const us = await medianUsAsync(rounds, trip);
  await w.terminate();
  return us;
}

async function piscinaUs(rounds: number): Promise<number> {
  const pool = new Piscina({ filename: new URL('../fixtures/noopTask.mjs', import.meta.url).href, execArgv: workerExecArgv(process.execArgv) });
  for (let i = 0; i < rounds / 10; i++) await pool.run(i);
  const us = await medianUsAsync(rounds, () => pool.run(0));
  await pool.destroy();
  return us;
}

/** Blocks a round-trip figure is split into; the figure is the median block (the VM is shared and noisy). */
const BLOCKS = 5;

/** Median over {@link BLOCKS} blocks of `rounds / BLOCKS` calls, in microseconds per call. */
function medianUs(rounds: number, fn: () => void): number {
  const per = Math.floor(rounds / BLOCKS);
  const t: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) fn();
    t.push(((performance.now() - t0) * 1000) / per);
  }
  return t.sort((x, y) => x - y)[BLOCKS >> 1]!;
}

async function medianUsAsync(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  const per = Math.floor(rounds / BLOCKS);
  const t: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) await fn();
    t.push(((performance.now() - t0) * 1000) / per);
  }
  return t.sort((x, y) => x - y)[BLOCKS >> 1]!;
}

const N = 1_000_000;
const BATCH = 16_384;

function movers() {
  const f = () => new Float32Array(new SharedArrayBuffer(N * 4));
  const a = move.createArgs({ px: f(), py: f(), pz: f(), vx: f(), vy: f(), vz: f() });
  for (let i = 0; i < N; i++) {
    a.vx[i] = (i % 7) - 3;
    a.vy[i] = (i % 5) - 2;
    a.vz[i] = (i % 3) - 1;
  }
  a.dt = 1 / 60;
  return a;
}

/** Median ms of `runs` parallel-fors of `move` over 1M entities. */
function parallelForMs(jobs: JobScheduler, args: ReturnType<typeof movers>, runs: number): number {
  const t: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    jobs.complete(jobs.scheduleParallel(move, N, BATCH, args));
    t.push(performance.now() - t0);
    jobs.endFrame();
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(runs / 2)]!;
}

/** CPU percent of one core the whole process used over `ms` of idling. */
async function idleCpu(ms: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 50)); // let workers finish their bounded spin
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1000 / (performance.now() - t0)) * 100;
}

/**
 * The job system against the floors it is built on, measured in one run: raw
 * Atomics ping-pong (sleeping and spinning), postMessage and piscina.run round
 * trips, then our schedule + complete on a worker, a 1M-entity parallel-for
 * inline versus all lanes, main-thread bytes per schedule + complete, and the
 * pool's CPU use while idle. Round trips are the median of five blocks, the
 * parallel-for the median of 15 runs. TICKFLOW_BENCH_WORKERS sets the lanes for
 * the parallel-for (default: cores - 1, plus the main thread).
 */
export default defineSuite({
  description: 'job dispatch vs Atomics/postMessage/piscina floors; 1M parallel-for inline vs workers; bytes; idle CPU',
  goals: {
    dispatchUs: { text: '<= 5x atomicsSpinUs', met: (r) => r.dispatchUs!.value <= 5 * r.atomicsSpinUs!.value },
    piscinaRunUs: { text: '/ dispatchUs >= 20', met: (r) => r.piscinaRunUs!.value / r.dispatchUs!.value >= 20 },
    speedup: { text: '>= 1.8', met: (r) => r.speedup!.value >= 1.8 },
    scheduleBytes: { text: '0 (<= 8)', met: (r) => r.scheduleBytes!.value <= 8 },
    idleCpuPercent: { text: '~0 (< 2)', met: (r) => r.idleCpuPercent!.value < 2 },
  },
  async run() {
    const out: Record<string, BenchResult> = {};
    out.atomicsWakeUs = { value: await atomicsPingPongUs(0, 2000), unit: 'us' };
    out.atomicsSpinUs = { value: await atomicsPingPongUs(20_000, 20_000), unit: 'us' };
    out.postMessagePingPongUs = { value: await postMessageUs(2000), unit: 'us' };
    out.piscinaRunUs = { value: await piscinaUs(2000), unit: 'us' };

    // Dispatch: one worker, the main thread only waits, so every batch crosses threads.
    const d = new JobScheduler({ host: new NodeThreadHost({ workers: 1 }), mainThreadExecutes: false });
    const none = nothing.createArgs();
    const sink = new Float64Array(new SharedArrayBuffer(8 * 4));
    const pk = poke.createArgs({ out: sink });
    d.complete(d.schedule(nothing, none));
    d.complete(d.schedule(poke, pk));
    await d.ready();
    const rounds = 20_000;
    for (let i = 0; i < rounds; i++) d.complete(d.schedule(nothing, none));
    out.dispatchUs = { value: medianUs(rounds, () => d.complete(d.schedule(nothing, none))), unit: 'us', note: 'schedule + complete of an empty job run by a worker' };
    let v = 0;
    const m = await measure('schedule+complete', () => {
      pk.value = v++ * 0.5;
      d.complete(d.schedule(poke, pk));
    }, { iterations: 20_000, warmup: 20_000 });
    if (sink[0] !== (v - 1) * 0.5) throw new Error(`jobs bench: poke wrote ${sink[0]}, expected ${(v - 1) * 0.5}`);
    out.scheduleBytes = { value: m.bytesPerOp, unit: 'B', ...(m.valid ? {} : { note: m.note ?? 'invalid window' }), ...(m.valid ? { note: 'worker-run job with an array and a scalar arg' } : {}) };
    await d.dispose();

    // Parallel-for: inline, then every lane (workers + the main thread).
    const lanes = Number(process.env.TICKFLOW_BENCH_WORKERS ?? Math.max(1, cpus().length - 1));
    const inline = new JobScheduler();
    const a1 = movers();
    parallelForMs(inline, a1, 3);
    out.parallelFor1MInlineMs = { value: parallelForMs(inline, a1, 15), unit: 'ms' };
    await inline.dispose();
    const pool = new JobScheduler({ host: new NodeThreadHost({ workers: lanes }) });
    const a2 = movers();
    pool.complete(pool.scheduleParallel(move, N, BATCH, a2));
    await pool.ready();
    parallelForMs(pool, a2, 2);
    out.parallelFor1MWorkersMs = { value: parallelForMs(pool, a2, 15), unit: 'ms', note: `${lanes} worker(s) + main thread, batch ${BATCH}` };
    // Same steps on both: results must be byte-identical.
    for (const k of ['px', 'py', 'pz'] as const) {
      const x = a1[k];
      const y = a2[k];
      for (let i = 0; i < N; i += 997) if (x[i] !== y[i]) throw new Error(`jobs bench: ${k}[${i}] differs inline (${x[i]}) vs workers (${y[i]})`);
    }
    out.speedup = { value: out.parallelFor1MInlineMs.value / out.parallelFor1MWorkersMs.value, unit: 'x' };
    out.idleCpuPercent = { value: await idleCpu(1000), unit: '%', note: `${lanes} idle worker(s), whole process` };
    await pool.dispose();
    return out;
  },
});
