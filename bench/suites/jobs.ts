import { cpus } from 'node:os';
import Piscina from 'piscina';
import { defineSuite, type BenchResult } from '../types.ts';
import { workerExecArgv, WORKER_RESOURCE_LIMITS } from '../../src/jobs/NodeThreadHost.ts';
import { createMovers, MOVERS, MOVE_BYTES } from '../fixtures/movers.ts';
import { startDispatch, startInlineDispatch, dispatchBytes, burstUs, BURST_JOBS, parallelForMs, freshParallelForMs, moveGBs, plainLoopMs, moverPool, checkRunsAgree, withCompiledMove, requireCompiledMove, type MoverRun } from '../lib/jobFigures.ts';
import { atomicsPingPongUs, startPingPong } from '../lib/atomicsPingPong.ts';
import { startMinimalProtocol } from '../lib/minimalProtocol.ts';
import { copyBandwidthGBs } from '../lib/copyBandwidth.ts';
import { startRawWorker } from '../lib/startRawWorker.ts';
import { usPerCallAsync, pairedUsPerCall, pairedUsPerCallAsync, pairedRatio } from '../lib/timePerCall.ts';
import type { RunSummary } from '../lib/summarize.ts';

async function postMessageUs(rounds: number): Promise<RunSummary> {
  const w = startRawWorker(`const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`);
  const trip = () => new Promise<void>((r) => { w.once('message', () => r()); w.postMessage(1); });
  for (let i = 0; i < rounds / 10; i++) await trip();
  const us = await usPerCallAsync(rounds, trip);
  await w.terminate();
  return us;
}

/** A piscina pool of one worker running a trivial task, warmed up; `run` is one round trip. */
async function startPiscina(): Promise<{ run: () => Promise<unknown>; close: () => Promise<void> }> {
  const pool = new Piscina({ filename: new URL('../fixtures/noopTask.mjs', import.meta.url).href, execArgv: workerExecArgv(process.execArgv), resourceLimits: { ...WORKER_RESOURCE_LIMITS } });
  for (let i = 0; i < 300; i++) await pool.run(i);
  return { run: () => pool.run(0), close: () => pool.destroy() };
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

const BATCH = 16_384;
const ratio = (a: number, b: number, baseline: string, note: string): BenchResult => ({ value: a / b, unit: 'x', baseline, note });

/**
 * The job system against the floors it is built on, measured in one run: raw
 * Atomics ping-pong (sleeping and spinning), postMessage and piscina.run round
 * trips, a hand-written one-record SAB protocol doing the work of schedule +
 * complete (minimalProtocolUs), then our schedule + complete on a worker, one
 * job at a time and in a burst of jobs in flight together, and on the inline
 * host (inlineDispatchUs: the same software with no trip between cores),
 * and piscina.run in blocks alternating with our dispatch (piscinaVsDispatch);
 * main-thread bytes per schedule + complete; a 1M-entity parallel-for against
 * the plain JS loop over the same arrays (plainLoopMs) and against the memory
 * floor (a TypedArray copy of the same bytes on 1 thread and on every lane),
 * with `move` as JS and compiled to WebAssembly (exact mode, arrays in the
 * kernel memory); the pool's CPU use while idle. The hot floor, the minimal
 * protocol, dispatch and inline dispatch run in alternating blocks, and their
 * ratios are taken block by block. Every timed figure is the median of 15 runs
 * (blocks of calls for round trips) with min and max. TICKFLOW_BENCH_WORKERS
 * sets the parallel-for's workers (default: cores - 1, plus the main thread).
 */
export default defineSuite({
  description: 'job dispatch vs Atomics/minimal-protocol/postMessage/piscina floors; 1M parallel-for (JS and compiled) vs the plain loop and the copy bandwidth floor; bytes; idle CPU',
  goals: {
    dispatchVsSpin: { text: '<= 3', met: (r) => r.dispatchVsSpin!.value <= 3 },
    dispatchVsMinimal: { text: '<= 1.5', met: (r) => r.dispatchVsMinimal!.value <= 1.5 },
    piscinaVsDispatch: { text: '>= 30', met: (r) => r.piscinaVsDispatch!.value >= 30 },
    speedup: { text: '>= 1.8', met: (r) => r.speedup!.value >= 1.8 },
    scheduleBytes: { text: '0 (<= 8)', met: (r) => r.scheduleBytes!.value <= 8 },
    idleCpuPercent: { text: '~0 (< 2)', met: (r) => r.idleCpuPercent!.value < 2 },
  },
  async run() {
    const out: Record<string, BenchResult> = {};
    requireCompiledMove(); // before anything is measured: the compiled rows need it
    out.atomicsWakeUs = { ...(await atomicsPingPongUs(0, 3000)), unit: 'us', note: 'cold floor: both sides sleep in Atomics.wait' };
    out.postMessagePingPongUs = { ...(await postMessageUs(3000)), unit: 'us' };
    // The hot floor, the minimal protocol, our dispatch and its inline software in alternating blocks, so each ratio compares like with like.
    const spin = await startPingPong(20_000);
    const minimal = await startMinimalProtocol();
    const dispatch = await startDispatch();
    const inline = startInlineDispatch();
    const t = pairedUsPerCall(30_000, { spin: spin.call, minimal: minimal.call, dispatch: dispatch.call, inline: inline.call });
    out.atomicsSpinUs = { ...t.us.spin, unit: 'us', note: 'hot floor: raw worker ping-pong, spin then wait' };
    out.minimalProtocolUs = { ...t.us.minimal, unit: 'us', baseline: 'atomicsSpinUs', note: 'hand-written one-record SAB protocol: the work of schedule + complete' };
    out.dispatchUs = { ...t.us.dispatch, unit: 'us', baseline: 'minimalProtocolUs', note: 'schedule + complete of an empty job run by a worker' };
    out.inlineDispatchUs = { ...t.us.inline, unit: 'us', note: 'the same schedule + complete on the inline host: all the software, no trip between cores' };
    out.dispatchVsSpin = { ...pairedRatio(t, 'dispatch', 'spin'), unit: 'x', baseline: 'atomicsSpinUs', note: 'dispatchUs / atomicsSpinUs, block by block (median)' };
    out.dispatchVsMinimal = { ...pairedRatio(t, 'dispatch', 'minimal'), unit: 'x', baseline: 'minimalProtocolUs', note: 'dispatchUs / minimalProtocolUs, block by block (median)' };
    await spin.close();
    await minimal.close();
    await inline.close();
    // piscina.run, the pool a user would otherwise pick, against our dispatch in alternating blocks too.
    const piscina = await startPiscina();
    const vp = await pairedUsPerCallAsync({ piscina: { fn: piscina.run, perBlock: 200 }, dispatch: { fn: dispatch.call, perBlock: 4000 } });
    await piscina.close();
    out.piscinaRunUs = { ...vp.us.piscina, unit: 'us', note: 'piscina.run of a trivial task, in blocks alternating with dispatch' };
    out.dispatchBesidePiscinaUs = { ...vp.us.dispatch, unit: 'us', note: 'dispatchUs in the blocks alternating with piscina' };
    out.piscinaVsDispatch = { ...pairedRatio(vp, 'piscina', 'dispatch'), unit: 'x', baseline: 'dispatchUs', note: 'piscinaRunUs / dispatchUs, block by block (median)' };
    out.burstUs = { ...burstUs(dispatch, 1500), unit: 'us', baseline: 'dispatchUs', note: `per job: ${BURST_JOBS} empty jobs scheduled, then completed oldest first` };
    out.scheduleBytes = await dispatchBytes(dispatch.jobs);
    await dispatch.close();

    // Parallel-for: the plain loop, the scheduler inline, then every lane (workers + the main thread).
    const lanes = Number(process.env.TICKFLOW_BENCH_WORKERS ?? Math.max(1, cpus().length - 1));
    const threads = lanes + 1;
    // The memory floor first, while no other thread of ours is alive: a copy moving the same bytes, on one thread and on every lane.
    const copy1 = await copyBandwidthGBs(MOVE_BYTES, 1);
    const copyN = await copyBandwidthGBs(MOVE_BYTES, threads);
    const plain: MoverRun = { a: createMovers(), steps: 0 };
    const plainMs = plainLoopMs(plain);
    const inlineRun: MoverRun = { a: createMovers(), steps: 0 };
    const inlineMs = await freshParallelForMs(0, inlineRun, BATCH);
    const poolRun: MoverRun = { a: createMovers(), steps: 0 };
    const pool = await moverPool(lanes, poolRun, BATCH);
    const workersMs = parallelForMs(pool, poolRun, BATCH);
    // The same step with `move` compiled to WebAssembly (exact mode, so the same bytes), over arrays in the kernel memory.
    const wasmInlineRun: MoverRun = { a: createMovers(MOVERS, true), steps: 0 };
    const wasmPoolRun: MoverRun = { a: createMovers(MOVERS, true), steps: 0 };
    const [wasmInlineMs, wasmWorkersMs] = await withCompiledMove(async () => [await freshParallelForMs(0, wasmInlineRun, BATCH), await freshParallelForMs(lanes, wasmPoolRun, BATCH)]);
    checkRunsAgree({ 'the plain loop': plain, inline: inlineRun, [`${lanes} workers`]: poolRun, 'compiled inline': wasmInlineRun, [`compiled on ${lanes} workers`]: wasmPoolRun });
    out.plainLoopMs = { ...plainMs, unit: 'ms', note: `move's arithmetic as a plain JS loop, ${MOVERS} entities, JIT settled` };
    out.parallelFor1MInlineMs = { ...inlineMs, unit: 'ms', baseline: 'plainLoopMs', note: 'the scheduler with no threads' };
    out.parallelFor1MWorkersMs = { ...workersMs, unit: 'ms', baseline: 'plainLoopMs', note: `${lanes} worker(s) + main thread, batch ${BATCH}` };
    out.speedup = ratio(plainMs.value, workersMs.value, 'plainLoopMs', 'plainLoopMs / parallelFor1MWorkersMs');
    out.parallelFor1MWasmInlineMs = { ...wasmInlineMs, unit: 'ms', baseline: 'plainLoopMs', note: 'the scheduler with no threads, move compiled to WebAssembly (exact)' };
    out.parallelFor1MWasmWorkersMs = { ...wasmWorkersMs, unit: 'ms', baseline: 'plainLoopMs', note: `${lanes} worker(s) + main thread, move compiled (exact)` };
    out.wasmSpeedup = ratio(plainMs.value, wasmWorkersMs.value, 'plainLoopMs', 'plainLoopMs / parallelFor1MWasmWorkersMs');

    out.copyBandwidthGBs = { ...copy1, unit: 'GB/s', note: `TypedArray copy of ${MOVE_BYTES / 1e6} MB moved, 1 thread` };
    out.copyBandwidthLanesGBs = { ...copyN, unit: 'GB/s', note: `the same copy split over ${threads} threads` };
    out.plainLoopGBs = { ...moveGBs(plainMs), unit: 'GB/s', baseline: 'copyBandwidthGBs', note: `${MOVE_BYTES / 1e6} MB read + written per step` };
    out.parallelForGBs = { ...moveGBs(workersMs), unit: 'GB/s', baseline: 'copyBandwidthLanesGBs' };
    out.wasmInlineGBs = { ...moveGBs(wasmInlineMs), unit: 'GB/s', baseline: 'copyBandwidthGBs', note: 'compiled, one thread' };
    out.parallelForWasmGBs = { ...moveGBs(wasmWorkersMs), unit: 'GB/s', baseline: 'copyBandwidthLanesGBs', note: 'compiled, every lane' };
    out.plainLoopOfFloor = { value: (100 * out.plainLoopGBs.value) / copy1.value, unit: '%', note: 'plainLoopGBs / copyBandwidthGBs' };
    out.parallelForOfFloor = { value: (100 * out.parallelForGBs.value) / copyN.value, unit: '%', note: `parallelForGBs / copyBandwidthLanesGBs (${threads} threads)` };
    // Above 100% is possible: the copy's stores first read each line they write (write-allocate),
    // while move stores into lines it has just read, so it moves the same bytes with a third less traffic.
    const pastFloor = 'can pass 100%: a copy reads each line it writes first';
    out.wasmInlineOfFloor = { value: (100 * out.wasmInlineGBs.value) / copy1.value, unit: '%', note: `wasmInlineGBs / copyBandwidthGBs; ${pastFloor}` };
    out.parallelForWasmOfFloor = { value: (100 * out.parallelForWasmGBs.value) / copyN.value, unit: '%', note: `parallelForWasmGBs / copyBandwidthLanesGBs (${threads} threads); ${pastFloor}` };
    out.idleCpuPercent = { value: await idleCpu(1000), unit: '%', note: `${lanes} idle worker(s), whole process` };
    await pool.dispose();
    return out;
  },
});
