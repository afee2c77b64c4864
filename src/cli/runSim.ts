import { performance } from 'node:perf_hooks';
import { parseSimArgs, UsageError, SIM_FLAGS, type SimArgs } from './parseArgs.ts';
import { summarize, type FrameSummary } from './percentiles.ts';
import { loadScene, listSceneIds } from '../scene/NodeSceneRegistry.ts';
import { createSceneRuntime } from '../scene/SceneRuntime.ts';
import { UnknownSceneError, ParamError } from '../scene/errors.ts';
import { GcWatcher } from '../profile/GcWatcher.ts';
import { heapUsed, forceGc } from '../profile/measure.ts';
import { profilingFlagsPresent } from '../profile/flags.ts';
import { DEV } from '../env/dev.ts';
import { NodeThreadHost } from '../jobs/NodeThreadHost.ts';
import type { JobStats } from '../jobs/JobScheduler.ts';

/** Where the runner writes; tests pass buffers, the CLI passes the process streams. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress redraws in place). */
  isTTY?: boolean;
}

/** The runner's result, as printed with --json. */
export interface SimReport {
  scene: string;
  seed: number;
  workers: number;
  /** `development` (asserts and safety checks on) or `release` (stripped). */
  mode: 'development' | 'release';
  params: Record<string, unknown>;
  frames: number;
  simulatedSeconds: number;
  frameMs: FrameSummary;
  /** Main-thread heap bytes per steady-state frame; null when a GC hit the window or flags were missing. */
  bytesPerFrame: number | null;
  bytesWindowFrames: number;
  bytesNote?: string;
  gcCount: number;
  hash: string;
  stats: Record<string, number>;
  /** Per job: jobs completed, batches run, busy time summed over lanes. */
  jobs: JobStats[];
  /** The task tracker's summary line at the end of the run. */
  tasks: string;
}

const USAGE = `Usage: npm run sim -- <scene> [flags]\n\nFlags:\n  ${SIM_FLAGS.join('\n  ')}`;

/**
 * Run the headless runner with `argv`; returns the process exit code (0 ok,
 * 2 for bad input, 1 for a failure while running).
 *
 * @example
 * const code = await runSim(['particles', '--frames', '60', '--json'], io);
 */
export async function runSim(argv: readonly string[], io: CliIO): Promise<number> {
  let args: SimArgs;
  try {
    args = parseSimArgs(argv);
    if (args.help) {
      io.out(`${USAGE}\n\nScenes: ${listSceneIds().join(', ')}\n`);
      return 0;
    }
    if (!args.scene) throw new UsageError(`Name a scene. Available scenes: ${listSceneIds().join(', ')}.\n${USAGE}`);
  } catch (err) {
    return usageFailure(err, io);
  }
  let report: SimReport;
  try {
    const scene = await loadScene(args.scene!);
    const host = args.workers > 0 ? new NodeThreadHost({ workers: args.workers }) : undefined;
    const rt = createSceneRuntime(scene, { seed: args.seed, params: args.params, profileJobs: true, ...(host ? { host } : {}) });
    try {
      await rt.jobs.ready();
      report = await runFrames(rt, args, io);
    } finally {
      await rt.dispose();
    }
  } catch (err) {
    if (err instanceof UnknownSceneError || err instanceof ParamError || err instanceof UsageError) return usageFailure(err, io);
    io.err(`tickflow: run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
  if (args.json) io.out(JSON.stringify(report) + '\n');
  else io.out(formatReport(report));
  return 0;
}

function usageFailure(err: unknown, io: CliIO): number {
  if (err instanceof UsageError || err instanceof UnknownSceneError || err instanceof ParamError) {
    io.err(`tickflow: ${err.message}\n`);
    return 2;
  }
  throw err;
}

async function runFrames(rt: ReturnType<typeof createSceneRuntime>, args: SimArgs, io: CliIO): Promise<SimReport> {
  const frames = args.frames;
  // Half the run (at most 5,000 frames) warms up: until the JIT has optimized the
  // frame path, the interpreter boxes every float it computes.
  const warmup = Math.min(5000, Math.floor(frames / 2));
  const samples = new Float64Array(frames);
  const allGcs = new GcWatcher();
  const window = new GcWatcher();
  allGcs.start();
  const bytes = frameLoop(rt, args.dt, frames, warmup, samples, window, io);
  allGcs.mark();
  const frameMs = summarize(samples, frames);
  const windowGcs = await window.stop();
  const gcCount = await allGcs.stop();
  allGcs.dispose();
  window.dispose();
  const windowFrames = frames - warmup;
  let bytesPerFrame: number | null = windowFrames > 0 ? Math.max(0, bytes) / windowFrames : null;
  let bytesNote: string | undefined;
  if (!profilingFlagsPresent()) {
    bytesPerFrame = null;
    bytesNote = 'run through `npm run sim` (node --expose-gc --min-semi-space-size=1024 --max-semi-space-size=1024) to measure';
  } else if (windowGcs > 0) {
    bytesPerFrame = null;
    bytesNote = `${windowGcs} GC(s) in the measured window; figure not usable`;
  }
  return {
    scene: rt.scene.id ?? rt.scene.title,
    seed: rt.seed,
    workers: args.workers,
    mode: DEV ? 'development' : 'release',
    params: { ...rt.params },
    frames,
    simulatedSeconds: rt.loop.time.elapsed,
    frameMs,
    bytesPerFrame,
    bytesWindowFrames: windowFrames,
    ...(bytesNote ? { bytesNote } : {}),
    gcCount,
    hash: rt.hash(),
    stats: rt.instance.stats?.() ?? {},
    jobs: rt.jobs.stats(),
    tasks: rt.tasks.summary(),
  };
}

/**
 * The frame loop, kept out of the async runner: locals of an async function that
 * live across an await sit in a heap context, and every float stored there is
 * boxed. Returns the heap bytes of the frames after warm-up.
 */
function frameLoop(
  rt: ReturnType<typeof createSceneRuntime>,
  dt: number,
  frames: number,
  warmup: number,
  samples: Float64Array,
  window: GcWatcher,
  io: CliIO,
): number {
  let excluded = 0; // bytes the progress line allocates: the runner's, not the frame's
  let lastProgress = performance.now();
  let h0 = 0;
  let timed0 = 0;
  for (let f = 0; f < frames; f++) {
    if (f === warmup) {
      forceGc();
      window.start();
      timed0 = rt.jobs.mainThreadTimedBatches;
      h0 = heapUsed();
    }
    const t0 = performance.now();
    rt.tick(dt);
    const t1 = performance.now();
    samples[f] = t1 - t0;
    if (t1 - lastProgress > 500) {
      const hb = heapUsed();
      lastProgress = t1;
      const line = `  frame ${f + 1}/${frames}  ${samples[f]!.toFixed(2)} ms`;
      io.err(io.isTTY ? `\r${line}` : `${line}\n`);
      excluded += heapUsed() - hb;
    }
  }
  const h1 = heapUsed();
  window.mark();
  if (io.isTTY) io.err('\r\x1b[K');
  // The runner's own clock allocates (performance.now boxes its result when not
  // inlined); calibrate it in the same JIT state and subtract, so the figure is the frame's.
  excluded += clockBytes(frames - warmup);
  // The job profiler times each batch the main thread runs with the same clock pair.
  excluded += clockBytes(rt.jobs.mainThreadTimedBatches - timed0);
  return h1 - h0 - excluded;
}

/** Heap bytes that `n` pairs of clock reads cost, read the way the frame loop reads them. */
function clockBytes(n: number): number {
  const sink = new Float64Array(1);
  const h0 = heapUsed();
  for (let f = 0; f < n; f++) {
    const t0 = performance.now();
    sink[0] = performance.now() - t0;
  }
  return heapUsed() - h0;
}

/** The readable final table. */
export function formatReport(r: SimReport): string {
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  const rows: [string, string][] = [
    ['scene', r.scene],
    ['seed', String(r.seed)],
    ['workers', String(r.workers)],
    ['mode', r.mode],
    ['params', Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ')],
    ['frames', String(r.frames)],
    ['simulated seconds', r.simulatedSeconds.toFixed(3)],
    ['frame p50', ms(r.frameMs.p50)],
    ['frame p95', ms(r.frameMs.p95)],
    ['frame p99', ms(r.frameMs.p99)],
    ['frame max', ms(r.frameMs.max)],
    ['bytes/frame (steady)', r.bytesPerFrame === null ? `n/a (${r.bytesNote})` : `${r.bytesPerFrame.toFixed(2)} over ${r.bytesWindowFrames} frames`],
    ['GC count', String(r.gcCount)],
    ...Object.entries(r.stats).map(([k, v]): [string, string] => [k, String(v)]),
    ...r.jobs.map((j): [string, string] => [
      `job ${j.name}`,
      `${j.jobs} jobs, ${j.batches} batches, busy ${j.busyMs.toFixed(1)} ms (${(j.jobs ? (j.busyMs * 1000) / j.jobs : 0).toFixed(1)} us/job)`,
    ]),
    ['tasks', r.tasks],
    ['state hash', r.hash],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}
