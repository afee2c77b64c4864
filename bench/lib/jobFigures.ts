import type { BenchResult } from '../types.ts';
import { measureSettled } from '../../src/profile/measure.ts';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { move, nothing, poke } from '../fixtures/benchKernels.ts';
import { MOVERS, MOVE_BYTES, plainMove, checkSameMovers, type Movers } from '../fixtures/movers.ts';
import { settledRunsMs } from './settledRunsMs.ts';
import { usPerCall } from './timePerCall.ts';
import { mapSummary, type RunSummary } from './summarize.ts';
import type { CrossThreadCall } from './crossThreadCall.ts';
import { compiledCalls, globalKernelPath, setKernelPath } from '../../src/jobs/compiledKernels.ts';

/** {@link startDispatch}'s round trip, with the scheduler behind it. */
export interface DispatchCall extends CrossThreadCall {
  readonly jobs: JobScheduler;
}

/**
 * Schedule + complete of an empty job on `workers` workers (the main thread
 * only waits, so every job crosses threads), on lanes that are live and have
 * loaded the bench kernels.
 *
 * @example
 * const d = await startDispatch();
 * d.call(); // d.jobs.complete(d.jobs.schedule(nothing, none))
 */
export async function startDispatch(workers = 1): Promise<DispatchCall> {
  const jobs = new JobScheduler({ host: new NodeThreadHost({ workers }), mainThreadExecutes: false });
  const none = nothing.createArgs();
  jobs.complete(jobs.schedule(nothing, none));
  jobs.complete(jobs.schedule(poke, poke.createArgs({ out: new Float64Array(new SharedArrayBuffer(8 * 4)) })));
  await jobs.ready();
  return { jobs, call: () => jobs.complete(jobs.schedule(nothing, none)), close: () => jobs.dispose() };
}

/**
 * The same schedule + complete of an empty job on the inline host: the main
 * thread runs the batch itself, so this is all of dispatch's software on one
 * thread, with no trip between cores.
 *
 * @example
 * const floor = startInlineDispatch(); // vs startDispatch()
 * floor.call();
 */
export function startInlineDispatch(): CrossThreadCall {
  const jobs = new JobScheduler();
  const none = nothing.createArgs();
  let n = 0;
  return {
    call: () => {
      jobs.complete(jobs.schedule(nothing, none));
      // A frame's worth at most in flight: recycle as a frame would.
      if (++n === 128) {
        n = 0;
        jobs.endFrame();
      }
    },
    close: () => jobs.dispose(),
  };
}

/** {@link startDispatch}'s round trip alone, in microseconds. */
export async function dispatchUs(rounds: number, workers = 1): Promise<RunSummary> {
  const d = await startDispatch(workers);
  for (let i = 0; i < rounds; i++) d.call();
  const us = usPerCall(rounds, d.call);
  await d.close();
  return us;
}

/** Jobs in one {@link burstUs} frame: most of the record pool, as a busy frame might schedule. */
export const BURST_JOBS = 200;

/**
 * Per job, a frame of {@link BURST_JOBS} empty jobs scheduled at once, then
 * completed oldest first and the frame ended, on `d`'s scheduler: what
 * dispatch costs when jobs are in flight together, not one at a time.
 */
export function burstUs(d: DispatchCall, rounds: number): RunSummary {
  const { jobs } = d;
  const none = nothing.createArgs();
  const hs = new Int32Array(BURST_JOBS);
  const frame = (): void => {
    for (let i = 0; i < BURST_JOBS; i++) hs[i] = jobs.schedule(nothing, none);
    for (let i = 0; i < BURST_JOBS; i++) jobs.complete(hs[i]!);
    jobs.endFrame();
  };
  for (let i = 0; i < rounds / 10; i++) frame();
  return mapSummary(usPerCall(rounds, frame), (us) => us / BURST_JOBS);
}

/** Main-thread bytes per schedule + complete of a worker-run job with an array and a scalar arg, in a GC-free window. */
export async function dispatchBytes(jobs: JobScheduler): Promise<BenchResult> {
  const sink = new Float64Array(new SharedArrayBuffer(8 * 4));
  const pk = poke.createArgs({ out: sink });
  let v = 0;
  const m = await measureSettled('schedule+complete', () => {
    pk.value = v++ * 0.5;
    jobs.complete(jobs.schedule(poke, pk));
  }, { iterations: 20_000, warmup: 20_000 });
  if (sink[0] !== (v - 1) * 0.5) throw new Error(`jobs bench: poke wrote ${sink[0]}, expected ${(v - 1) * 0.5}`);
  return { value: m.bytesPerOp, unit: 'B', note: m.valid ? 'worker-run job with an array and a scalar arg' : (m.note ?? 'invalid window') };
}

/** A mover set and the steps applied to it (so sets can be brought level and compared). */
export interface MoverRun {
  a: Movers;
  steps: number;
}

/** Settled runs of one parallel-for step of `move` over {@link MOVERS} on `jobs`. */
export function parallelForMs(jobs: JobScheduler, r: MoverRun, batch: number): RunSummary {
  return settledRunsMs(() => {
    jobs.complete(jobs.scheduleParallel(move, MOVERS, batch, r.a));
    r.steps++;
  }, () => jobs.endFrame());
}

/** A scheduler on `workers` workers whose lanes are live and have loaded `move` (one step applied to `r`). */
export async function moverPool(workers: number, r: MoverRun, batch: number): Promise<JobScheduler> {
  const pool = new JobScheduler({ host: new NodeThreadHost({ workers }) });
  pool.complete(pool.scheduleParallel(move, MOVERS, batch, r.a));
  r.steps++;
  pool.endFrame();
  await pool.ready();
  return pool;
}

/**
 * Settled runs of the parallel-for on a scheduler of its own, disposed after:
 * inline (`workers` 0: the scheduler with no threads) or on `workers` workers
 * plus the main thread.
 *
 * @example
 * const ms = await freshParallelForMs(2, run, 16_384);
 */
export async function freshParallelForMs(workers: number, r: MoverRun, batch: number): Promise<RunSummary> {
  const jobs = workers === 0 ? new JobScheduler() : await moverPool(workers, r, batch);
  try {
    return parallelForMs(jobs, r, batch);
  } finally {
    await jobs.dispose();
  }
}

/** GB/s of a step's milliseconds: {@link MOVE_BYTES} moved per step. */
export function moveGBs(ms: RunSummary): RunSummary {
  return mapSummary(ms, (t) => MOVE_BYTES / t / 1e6);
}

/** Settled runs of the plain loop (the baseline a user would write). */
export function plainLoopMs(r: MoverRun): RunSummary {
  return settledRunsMs(() => {
    plainMove(r.a);
    r.steps++;
  });
}

/** Bring every run to the same step with the plain loop, then require equal bytes (results must not depend on lanes). */
export function checkRunsAgree(runs: Record<string, MoverRun>): void {
  const all = Object.values(runs);
  const target = Math.max(...all.map((r) => r.steps));
  for (const r of all)
    while (r.steps < target) {
      plainMove(r.a);
      r.steps++;
    }
  const [[firstName, first], ...rest] = Object.entries(runs);
  for (const [name, r] of rest) checkSameMovers(`${firstName} and ${name}`, first!.a, r.a);
}

/**
 * Run `fn` with `move` on its compiled kernel (WebAssembly, exact mode): the
 * switch is set before any scheduler in `fn` registers the job, so workers get
 * the compiled module too, and restored after. Throws unless the main thread's
 * calls of `move` in `fn` all ran compiled (its arrays must be in the kernel
 * memory: `createMovers(n, true)`), which needs kernels compiled at load, as
 * `npm run bench` does.
 *
 * @example
 * const ms = await withCompiledMove(() => freshParallelForMs(0, run, 16_384));
 */
export async function withCompiledMove<T>(fn: () => Promise<T>): Promise<T> {
  const before = requireCompiledMove();
  setKernelPath('wasm', move.name);
  let out: T;
  try {
    out = await fn();
  } finally {
    setKernelPath(globalKernelPath(), move.name);
  }
  const after = requireCompiledMove();
  const wasm = after.wasm - before.wasm;
  const js = after.js - before.js;
  if (wasm === 0 || js > 0) throw new Error(`bench: ${move.name} did not run compiled on the main thread (${wasm} compiled calls, ${js} handed to JS); its arrays must be in the kernel memory (createMovers(n, true)).`);
  return out;
}

/**
 * `move`'s compiled-call counts; throws, saying how to get one, when it has no
 * compiled kernel on this thread (kernels are compiled as modules load, under
 * `npm run bench`). Suites call it first, before any figure is measured.
 *
 * @example
 * requireCompiledMove(); // { wasm: 0, js: 0 }
 */
export function requireCompiledMove(): { wasm: number; js: number } {
  const calls = compiledCalls(move);
  if (calls === null) throw new Error(`bench: ${move.name} has no compiled kernel; run the suite through \`npm run bench\`, which compiles kernels as modules load.`);
  return calls;
}
