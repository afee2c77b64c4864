import { performance } from 'node:perf_hooks';
import { parseSimArgs, SIM_FLAGS, type SimArgs } from './parseArgs.ts';
import { UsageError } from './errors.ts';
import { summarize, type FrameSummary } from './percentiles.ts';
import { loadScene, listSceneIds } from '../scene/NodeSceneRegistry.ts';
import { createSceneRuntime } from '../scene/SceneRuntime.ts';
import { UnknownSceneError, ParamError } from '../scene/errors.ts';
import { GcWatcher } from '../profile/GcWatcher.ts';
import { AllocationWindow, type AllocationCount } from '../profile/AllocationWindow.ts';
import { profilingFlagsPresent } from '../profile/flags.ts';
import { DEV } from '../env/dev.ts';
import { NodeThreadHost } from '../jobs/NodeThreadHost.ts';
import type { JobStats } from '../jobs/JobScheduler.ts';
import { FRAMES_MARK } from './framesMark.ts';

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
  /** Frame times of the timed frames (every frame but the bytes window's). */
  frameMs: FrameSummary;
  timedFrames: number;
  /**
   * Main-thread bytes allocated per frame over the bytes window, in the young
   * generation (garbage), as V8 counts them; null when a GC hit the window or flags were missing.
   */
  bytesPerFrame: number | null;
  /** Whole-heap growth per frame over the same window (JIT code and feedback included). */
  heapBytesPerFrame: number | null;
  bytesWindowFrames: number;
  bytesNote?: string;
  gcCount: number;
  hash: string;
  stats: Record<string, number>;
  /** Whether job batches were timed (`--profile-jobs`); `busyMs` is 0 otherwise. */
  jobsProfiled: boolean;
  /** Per job: jobs completed, batches run, busy time summed over lanes. */
  jobs: JobStats[];
  /** The task tracker's summary line at the end of the run. */
  tasks: string;
}

/** What `--json` prints when a run fails: the error, and whatever of the report was known. */
export interface SimFailure extends Partial<SimReport> {
  error: { type: string; message: string; job?: string; entity?: number; location?: string; exitCode: number };
  /** Frames that completed before the failure. */
  framesRun?: number;
}

const USAGE = `Usage: npm run sim -- <scene> [flags]\n\nFlags:\n  ${SIM_FLAGS.join('\n  ')}`;

/** Longest bytes window, in frames: enough for a per-frame figure to the byte, short enough to sit in a GC-free young generation. */
const MAX_BYTES_WINDOW = 2000;

/**
 * Run the headless runner with `argv`; returns the process exit code (0 ok,
 * 2 for bad input, 1 for a failure while running). With `--json`, stdout gets
 * exactly one JSON document either way: the report, or {@link SimFailure}.
 *
 * @example
 * const code = await runSim(['particles', '--frames', '60', '--json'], io);
 */
export async function runSim(argv: readonly string[], io: CliIO): Promise<number> {
  // Known before parsing, so a bad flag next to --json still answers in JSON.
  const json = argv.includes('--json');
  const known: Partial<SimReport> = {};
  const progress = new Int32Array(1);
  let args: SimArgs;
  try {
    args = parseSimArgs(argv);
    if (args.help) {
      io.out(json ? JSON.stringify({ usage: USAGE, scenes: listSceneIds() }) + '\n' : `${USAGE}\n\nScenes: ${listSceneIds().join(', ')}\n`);
      return 0;
    }
    if (!args.scene) throw new UsageError(`Name a scene. Available scenes: ${listSceneIds().join(', ')}.\n${USAGE}`);
  } catch (err) {
    return fail(err, io, json, known, progress);
  }
  let report: SimReport;
  try {
    Object.assign(known, { seed: args.seed, workers: args.workers, mode: DEV ? 'development' : 'release', frames: args.frames });
    const scene = await loadScene(args.scene!);
    known.scene = scene.id ?? args.scene!;
    const host = args.workers > 0 ? new NodeThreadHost({ workers: args.workers }) : undefined;
    const rt = createSceneRuntime(scene, { seed: args.seed, params: args.params, profileJobs: args.profileJobs, ...(host ? { host } : {}) });
    known.params = { ...rt.params };
    try {
      await rt.jobs.ready();
      report = await runFrames(rt, args, io, progress);
    } finally {
      await rt.dispose();
    }
  } catch (err) {
    return fail(err, io, json, known, progress);
  }
  io.out(json ? JSON.stringify(report) + '\n' : formatReport(report));
  return 0;
}

/** Report a failure (stderr always; stdout too with --json) and return its exit code. */
function fail(err: unknown, io: CliIO, json: boolean, known: Partial<SimReport>, progress: Int32Array): number {
  const usage = err instanceof UsageError || err instanceof UnknownSceneError || err instanceof ParamError;
  const exitCode = usage ? 2 : 1;
  const message = err instanceof Error ? err.message : String(err);
  io.err(usage ? `tickflow: ${message}\n` : `tickflow: run failed: ${err instanceof Error ? (err.stack ?? message) : message}\n`);
  if (json) {
    const e = err as { name?: unknown; job?: unknown; entity?: unknown; location?: unknown };
    const doc: SimFailure = {
      error: {
        type: typeof e?.name === 'string' ? e.name : 'Error',
        message,
        ...(typeof e?.job === 'string' ? { job: e.job } : {}),
        ...(typeof e?.entity === 'number' && e.entity >= 0 ? { entity: e.entity } : {}),
        ...(typeof e?.location === 'string' ? { location: e.location } : {}),
        exitCode,
      },
      ...known,
      ...(known.scene !== undefined ? { framesRun: progress[0]! } : {}),
    };
    io.out(JSON.stringify(doc) + '\n');
  }
  return exitCode;
}

async function runFrames(rt: ReturnType<typeof createSceneRuntime>, args: SimArgs, io: CliIO, progress: Int32Array): Promise<SimReport> {
  const frames = args.frames;
  // The bytes window is the run's last quarter (at most MAX_BYTES_WINDOW frames): by
  // then the JIT has optimized the frame path (until it has, the interpreter boxes
  // every float it computes). Its frames are not timed: every clock read in Node
  // allocates its result, and the figure is what the frames allocate, nothing subtracted.
  const window = Math.min(MAX_BYTES_WINDOW, Math.floor(frames / 4));
  const timed = frames - window;
  const samples = new Float64Array(timed);
  const allGcs = new GcWatcher();
  const measured = profilingFlagsPresent();
  allGcs.start();
  const count = frameLoop(rt, args.dt, timed, window, measured, samples, io, progress);
  allGcs.mark();
  const frameMs = summarize(samples, timed);
  const gcCount = await allGcs.stop();
  allGcs.dispose();
  let bytesPerFrame: number | null = count && window > 0 ? count.youngBytes / window : null;
  let heapBytesPerFrame: number | null = count && window > 0 ? count.heapBytes / window : null;
  let bytesNote: string | undefined;
  if (!measured) {
    bytesNote = 'run through `npm run sim` (node --expose-gc --min-semi-space-size=1024 --max-semi-space-size=1024) to measure';
  } else if (count && count.gcs > 0) {
    bytesPerFrame = heapBytesPerFrame = null;
    bytesNote = `${count.gcs} GC(s) in the measured window; figure not usable`;
  } else if (window === 0) {
    bytesNote = 'run at least 4 frames to measure';
  } else if (window < 1000) {
    bytesNote = `only ${window} frames measured: a short run may still show JIT warm-up`;
  } else if (args.profileJobs) {
    bytesNote = "includes the job profiler's clock reads (--profile-jobs)";
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
    timedFrames: timed,
    bytesPerFrame,
    heapBytesPerFrame,
    bytesWindowFrames: window,
    ...(bytesNote ? { bytesNote } : {}),
    gcCount,
    hash: rt.hash(),
    stats: rt.instance.stats?.() ?? {},
    jobsProfiled: args.profileJobs,
    jobs: rt.jobs.stats(),
    tasks: rt.tasks.summary(),
  };
}

/**
 * The frame loop, kept out of the async runner: locals of an async function that
 * live across an await sit in a heap context, and every float stored there is
 * boxed. Runs `timed` timed frames, then `window` untimed ones, inside an
 * {@link AllocationWindow} when `measure` (the profiling flags are there);
 * returns its count (null when nothing was measured).
 * `progress[0]` counts finished frames.
 */
function frameLoop(
  rt: ReturnType<typeof createSceneRuntime>,
  dt: number,
  timed: number,
  window: number,
  measure: boolean,
  samples: Float64Array,
  io: CliIO,
  progress: Int32Array,
): AllocationCount | null {
  // One span on the timeline, this run's: a process running many (a sweep's runner) keeps no old ones.
  performance.clearMarks(FRAMES_MARK);
  performance.clearMeasures(FRAMES_MARK);
  performance.mark(FRAMES_MARK);
  let lastProgress = performance.now();
  for (let f = 0; f < timed; f++) {
    const t0 = performance.now();
    rt.tick(dt);
    const t1 = performance.now();
    samples[f] = t1 - t0;
    progress[0] = f + 1;
    if (t1 - lastProgress > 500) {
      lastProgress = t1;
      const line = `  frame ${f + 1}/${timed + window}  ${samples[f]!.toFixed(2)} ms`;
      io.err(io.isTTY ? `\r${line}` : `${line}\n`);
    }
  }
  if (io.isTTY) io.err('\r\x1b[K');
  const w = measure && window > 0 ? new AllocationWindow() : null;
  if (w && timed > 0 && samples[timed - 1]! * window > 5000) io.err(`  measuring bytes over the last ${window} frames (not timed)\n`);
  w?.open();
  for (let f = 0; f < window; f++) {
    rt.tick(dt);
    progress[0] = timed + f + 1;
  }
  performance.measure(FRAMES_MARK, FRAMES_MARK);
  return w ? w.close() : null;
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
    ['timed frames', `${r.timedFrames} (the last ${r.bytesWindowFrames} measure bytes, untimed)`],
    ['frame p50', ms(r.frameMs.p50)],
    ['frame p95', ms(r.frameMs.p95)],
    ['frame p99', ms(r.frameMs.p99)],
    ['frame max', ms(r.frameMs.max)],
    ['bytes/frame (steady)', r.bytesPerFrame === null ? `n/a (${r.bytesNote})` : `${r.bytesPerFrame.toFixed(2)} young-generation over ${r.bytesWindowFrames} frames${r.bytesNote ? ` (${r.bytesNote})` : ''}`],
    ['heap growth/frame', r.heapBytesPerFrame === null ? 'n/a' : `${r.heapBytesPerFrame.toFixed(2)} (JIT code and feedback included)`],
    ['GC count', String(r.gcCount)],
    ...Object.entries(r.stats).map(([k, v]): [string, string] => [k, String(v)]),
    ...r.jobs.map((j): [string, string] => [
      `job ${j.name}`,
      `${j.jobs} jobs, ${j.batches} batches, ` +
        (r.jobsProfiled ? `busy ${j.busyMs.toFixed(1)} ms (${(j.jobs ? (j.busyMs * 1000) / j.jobs : 0).toFixed(1)} us/job)` : 'busy n/a (--profile-jobs)') +
        `, kernel ${j.kernels}`,
    ]),
    ['tasks', r.tasks],
    ['state hash', r.hash],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}
