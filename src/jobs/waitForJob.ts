import { CTL, ERR, F, L, LANE, R, ERR_ARG_COUNT, readErrorText, type JobMemory } from './JobMemory.ts';
import { handleState, runOneBatch, type KernelTable } from './JobExecutor.ts';
import { formatMessage, messageTemplate } from '../assert/messages.ts';
import { JobAssertionError, JobKernelError, JobReportedError, JobWorkerLostError, JobDependencyError, JobStalledError } from './errors.ts';

/** Polls of a waiting main thread before it sleeps (about 50-200 us): a worker finishing a short job answers within it. */
const MAIN_SPINS = 20_000;
/** Lane 0 is the main thread. */
export const MAIN_LANE = 0;

/** How the main thread waits (see {@link waitForJob}). */
export interface WaitOptions {
  /** Run batches on the main thread while waiting. */
  readonly mainExecutes: boolean;
  /** May block in Atomics.wait (false on a browser main thread: it only spins). */
  readonly canBlock: boolean;
  /** Worker lanes. */
  readonly workers: number;
  /** Give up after this long without any progress. */
  readonly stallMs: number;
  /** The job's name for a stall report. */
  readonly name: (h: number) => string;
  /** The host's liveness probe (`ThreadHost.pollLanes`), run while waiting without progress. */
  readonly pollLanes: () => void;
}

/**
 * How long a wait goes without progress before it probes the lanes, in ms: past
 * any healthy gap between two batch completions of a frame, so a steady frame
 * never pays for the probe (each one allocates: Node's liveness query returns an
 * object; at 4 ms, 100k boids on one worker probed enough to allocate 20 KB a
 * frame, at 50 ms about 500 B), and short enough that a dead lane is seen within
 * a frame or three.
 */
const PROBE_AFTER_MS = 50;

/**
 * Wait on the main thread until the job behind `h` finishes: run runnable
 * batches (oldest first, so its dependencies go first) while any are left,
 * then poll, then sleep on the FINISHED word in 2 ms slices. Every wait is
 * bounded: with no progress for `stallMs` it throws {@link JobStalledError}.
 * Returns 1 when the job succeeded, 2 when it failed, and 0 when `deadlineMs`
 * (a `performance.now()` time; default never) came first: the job runs on, and
 * the main thread stops between batches.
 */
export function waitForJob(mem: JobMemory, table: KernelTable, h: number, o: WaitOptions, deadlineMs = Infinity): number {
  const ctl = mem.ctl;
  let st = handleState(mem, h);
  if (st !== 0) return st;
  let spins = 0;
  let lastProgress = -1;
  let since = 0;
  const timed = deadlineMs !== Infinity;
  // Without mainExecutes the main thread runs batches only when no worker lives;
  // it looks after its polls: the lanes' words are theirs to write while they run the job.
  let runs = o.mainExecutes || o.workers === 0;
  for (;;) {
    if (runs && runOneBatch(mem, MAIN_LANE, table)) {
      st = handleState(mem, h);
      if (st !== 0) return st;
      // After a batch, not before: a wait with any deadline still makes progress on the inline host.
      // The clock is read only when there is a deadline (it allocates in Node).
      if (timed && performance.now() >= deadlineMs) return 0;
      continue;
    }
    // Polling reads only the record's state word: a read of the control words here
    // would pull their line away from the worker while it finishes the job.
    if (spins < MAIN_SPINS) {
      spins++;
      st = handleState(mem, h);
      if (st !== 0) return st;
      // With a deadline, a clock read every 256 polls (a read allocates in Node).
      if (timed && (spins & 255) === 0 && performance.now() >= deadlineMs) return 0;
      continue;
    }
    // Read the finish counter before the last look, so a finish after it is not missed by the sleep.
    const seen = Atomics.load(ctl, CTL.FINISHED);
    st = handleState(mem, h);
    if (st !== 0) return st;
    if (timed && performance.now() >= deadlineMs) return 0;
    runs = o.mainExecutes || !anyWorkerAlive(mem, o.workers);
    // Bounded sleep, then look again: progress anywhere resets the stall clock.
    const progress = seen + laneBatches(mem, o.workers);
    const now = performance.now();
    if (progress !== lastProgress) {
      lastProgress = progress;
      since = now;
    } else if (now - since > o.stallMs) {
      throw new JobStalledError(o.name(h), Math.round(now - since), busyLanes(mem, o.workers));
    } else if (now - since > PROBE_AFTER_MS) {
      // A dead lane's batch fails here (markLaneDead), which is progress: the loop sees it next.
      o.pollLanes();
    }
    if (o.canBlock) {
      Atomics.store(ctl, CTL.MAIN_WAITING, 1);
      if (Atomics.load(ctl, CTL.FINISHED) === seen) Atomics.wait(ctl, CTL.FINISHED, seen, 2);
      Atomics.store(ctl, CTL.MAIN_WAITING, 0);
    }
  }
}

function anyWorkerAlive(mem: JobMemory, workers: number): boolean {
  for (let l = 1; l <= workers; l++) if (Atomics.load(mem.lanes, l * L.STRIDE + L.STATE) === LANE.ALIVE) return true;
  return false;
}

function laneBatches(mem: JobMemory, workers: number): number {
  let n = 0;
  for (let l = 0; l <= workers; l++) n += Atomics.load(mem.lanes, l * L.STRIDE + L.BATCHES);
  return n;
}

function busyLanes(mem: JobMemory, workers: number): string {
  const out: string[] = [];
  for (let l = 1; l <= workers; l++) {
    const lb = l * L.STRIDE;
    if (Atomics.load(mem.lanes, lb + L.JOB) >= 0) out.push(`lane ${l} (batch [${mem.lanes[lb + L.B_START]}, ${mem.lanes[lb + L.B_END]}))`);
  }
  return out.length ? out.join(', ') : 'no lane';
}

/**
 * The error a failed record reports: from its error slot (kind, lane, batch,
 * message id, entity, numbers) and text area. `depName` names a failed dependency.
 */
export function jobErrorOf(mem: JobMemory, slot: number, name: string, depName: (h: number) => string, module = ''): Error {
  const b = slot * R.STRIDE;
  const rec = mem.rec;
  const lane = rec[b + R.ERR_LANE]!;
  const start = rec[b + R.ERR_START]!;
  const end = rec[b + R.ERR_END]!;
  switch (rec[b + R.ERR_KIND]) {
    case ERR.THROWN:
      return new JobKernelError(name, start, end, lane === MAIN_LANE ? 'the main thread' : `worker lane ${lane}`, readErrorText(mem, slot));
    case ERR.REPORTED: {
      const f = slot * F.STRIDE + F.ERR_ARGS;
      const vals: number[] = [];
      for (let i = 0; i < ERR_ARG_COUNT; i++) vals.push(mem.f64[f + i]!);
      return new JobReportedError(name, rec[b + R.ERR_MSG]!, rec[b + R.ERR_ENTITY]!, vals, start, end);
    }
    case ERR.ASSERTED:
      return assertionErrorOf(mem, slot, name, module, lane === MAIN_LANE ? 'the main thread' : `worker lane ${lane}`);
    case ERR.WORKER_LOST:
      return new JobWorkerLostError(name, start, end, lane);
    case ERR.DEP_FAILED:
      return new JobDependencyError(name, depName(rec[b + R.ERR_DEP]!));
    default:
      // A fence fails when one of its inputs does.
      return new JobDependencyError(name, 'an input of combine()');
  }
}

/** Rebuild a kernel assert's message on the main thread from its id and numbers. */
function assertionErrorOf(mem: JobMemory, slot: number, name: string, module: string, where: string): JobAssertionError {
  const b = slot * R.STRIDE;
  const rec = mem.rec;
  const f = slot * F.STRIDE + F.ERR_ARGS;
  const args: number[] = [];
  for (let i = 0; i < ERR_ARG_COUNT; i++) args.push(mem.f64[f + i]!);
  while (args.length && Number.isNaN(args[args.length - 1]!)) args.pop();
  const id = rec[b + R.ERR_MSG]!;
  const entity = rec[b + R.ERR_ENTITY]!;
  let text: string;
  if (id >= 0) {
    text = formatMessage(messageTemplate(id), args);
    if (entity >= 0) text = text.replace(/\{e\}/g, String(entity));
  } else text = readErrorText(mem, slot);
  const file = module.replace(/^file:\/\//, '') || 'kernel module';
  const location = `${file}:${rec[b + R.ERR_LINE]}:${rec[b + R.ERR_COL]}`;
  return new JobAssertionError(name, entity, text, location, args, rec[b + R.ERR_START]!, rec[b + R.ERR_END]!, where);
}
