import { cpus } from 'node:os';
import { defineSuite, type BenchResult } from '../types.ts';
import { createMovers, MOVERS, MOVE_BYTES } from '../fixtures/movers.ts';
import { dispatchUs, freshParallelForMs, moveGBs, plainLoopMs, checkRunsAgree, withCompiledMove, requireCompiledMove, type MoverRun } from '../lib/jobFigures.ts';
import { copyBandwidthGBs } from '../lib/copyBandwidth.ts';
import { workerLaneRssMB } from '../lib/workerLaneRssMB.ts';

/** Worker counts measured, unless TICKFLOW_SCALING_WORKERS lists others (comma-separated). */
const COUNTS = (process.env.TICKFLOW_SCALING_WORKERS ?? '1,2,4,8,15').split(',').map(Number);
const BATCH = 16_384;

/**
 * How the job system scales with workers, in one command: for each worker count
 * (1, 2, 4, 8, 15) the 1M-entity parallel-for (workers + the main thread) as a
 * speedup over the plain JS loop measured in the same run, its GB/s against a
 * TypedArray copy of the same bytes on as many threads, and dispatch (schedule
 * + complete of an empty job with that many workers spinning for it), and the
 * parallel-for again with `move` compiled to WebAssembly (exact mode); then the
 * RSS one more lane costs, from child processes. Counts above the cores still
 * run (the lanes then share cores), so the suite completes on a 2-core machine.
 */
export default defineSuite({
  description: 'parallel-for speedup (JS and compiled) vs plainLoopMs, copy floor and dispatch at 1, 2, 4, 8, 15 workers; RSS per worker lane',
  async run() {
    const out: Record<string, BenchResult> = {};
    requireCompiledMove(); // before anything is measured: the compiled rows need it
    const plain: MoverRun = { a: createMovers(), steps: 0 };
    const plainMs = plainLoopMs(plain);
    out.plainLoopMs = { ...plainMs, unit: 'ms', note: `move's arithmetic as a plain JS loop, ${MOVERS} entities` };
    const runs: Record<string, MoverRun> = { 'the plain loop': plain };
    const cores = cpus().length;
    // One mover set in the kernel memory for every compiled run (it carries on from step to step).
    const compiled: MoverRun = { a: createMovers(MOVERS, true), steps: 0 };
    runs.compiled = compiled;
    for (const w of COUNTS) {
      const r: MoverRun = { a: createMovers(), steps: 0 };
      runs[`${w} workers`] = r;
      const ms = await freshParallelForMs(w, r, BATCH);
      const threads = w + 1;
      const over = threads > cores ? `; ${threads} threads on ${cores} cores` : '';
      out[`parallelFor${w}wMs`] = { ...ms, unit: 'ms', baseline: 'plainLoopMs', note: `${w} worker(s) + main thread${over}` };
      out[`speedup${w}w`] = { value: plainMs.value / ms.value, unit: 'x', baseline: 'plainLoopMs', note: 'plainLoopMs / parallel-for ms', point: { series: 'speedup', x: w, xLabel: 'workers' } };
      const copy = await copyBandwidthGBs(MOVE_BYTES, threads);
      out[`copy${threads}tGBs`] = { ...copy, unit: 'GB/s', point: { series: 'copy floor', x: w, xLabel: 'workers' }, note: `TypedArray copy of the same bytes on ${threads} threads` };
      out[`parallelFor${w}wGBs`] = { ...moveGBs(ms), unit: 'GB/s', baseline: `copy${threads}tGBs`, point: { series: 'parallel-for', x: w, xLabel: 'workers' } };
      const wasmMs = await withCompiledMove(() => freshParallelForMs(w, compiled, BATCH));
      out[`parallelFor${w}wWasmMs`] = { ...wasmMs, unit: 'ms', baseline: 'plainLoopMs', note: `move compiled (exact), ${w} worker(s) + main thread${over}` };
      out[`wasmSpeedup${w}w`] = { value: plainMs.value / wasmMs.value, unit: 'x', baseline: 'plainLoopMs', note: 'plainLoopMs / compiled parallel-for ms', point: { series: 'compiled speedup', x: w, xLabel: 'workers' } };
      out[`parallelFor${w}wWasmGBs`] = { ...moveGBs(wasmMs), unit: 'GB/s', baseline: `copy${threads}tGBs`, point: { series: 'compiled parallel-for', x: w, xLabel: 'workers' } };
      // Fewer rounds once lanes outnumber cores: each then waits for a time slice.
      const us = await dispatchUs(threads > cores ? 1500 : 15_000, w);
      out[`dispatch${w}wUs`] = { ...us, unit: 'us', point: { series: 'dispatch', x: w, xLabel: 'workers' }, note: `schedule + complete of an empty job, ${w} worker(s) waiting${over}` };
    }
    checkRunsAgree(runs);
    const rss = workerLaneRssMB();
    out.workerLaneRssMB = { value: rss.slope, unit: 'MB', note: `least-squares slope of process RSS over ${[...new Set(rss.points.map((p) => p.workers))].join(', ')} ready lanes (${rss.points.map((p) => p.rssMB.toFixed(0)).join(', ')} MB)` };
    return out;
  },
});
