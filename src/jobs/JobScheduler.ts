import { DEV } from '../env/dev.ts';
import type { SimWorld } from '../ecs/World.ts';
import { arraysOf, isAccessTarget, type AccessTarget } from './accessTargets.ts';
import type { ComponentBase, TypedArray } from '../ecs/Component.ts';
import type { QuerySnapshot } from '../ecs/QuerySnapshot.ts';
import { PhaseIndex, PHASES, type Phase } from '../loop/Phase.ts';
import type { JobLoop, JobSystemSpec } from './JobLoop.ts';
import { ARG_BITS, MAX_ARGS, refreshLiveArgs, type JobDef, type ArgSchema, type JobArgs } from './defineJob.ts';
import type { PoolTask } from './definePoolTask.ts';
import { InlineHost, type ThreadHost } from './ThreadHost.ts';
import { createJobMemory, makeHandle, handleSlot, stateWord, CTL, R, F, L, ERR, STATE, LANE, MAX_DEPS, MAX_RECORDS, PROFILE, LAST_CLAIMABLE, versionOf, nextSeq, ringIndex, ringFull, type JobMemory } from './JobMemory.ts';
import { advanceTail, handleState } from './JobExecutor.ts';
import { RecordPool } from './RecordPool.ts';
import { AccessTracker } from './AccessTracker.ts';
import { KernelRegistry, type JobStats } from './KernelRegistry.ts';
import { JobTimeline } from './JobTimeline.ts';
import { waitForJob, jobErrorOf, MAIN_LANE, type WaitOptions } from './waitForJob.ts';
import { JobArgsError, StaleJobHandleError, JobPoolExhaustedError, JobSchedulerDisposedError, JobThreadsNotReadyError } from './errors.ts';

export type { JobStats } from './KernelRegistry.ts';

/**
 * A scheduled job: a small integer (record version << 8 | slot), so passing,
 * storing and combining handles allocates nothing. 0 is {@link NO_JOB}.
 */
export type JobHandle = number & { readonly __jobHandle?: true };
/** The handle of nothing: as a dependency, "no dependencies"; complete(NO_JOB) returns at once. */
export const NO_JOB = 0 as JobHandle;

/** Options of {@link JobScheduler}. */
export interface JobSchedulerOptions {
  /** Where threads come from (default {@link InlineHost}: none). */
  host?: ThreadHost;
  /** The world whose component arrays jobs use: names them `Component.field` in safety errors. */
  world?: SimWorld;
  /** Whether the main thread runs batches while it waits in complete() (default true: one more lane). */
  mainThreadExecutes?: boolean;
  /** How long idle workers spin before sleeping, in microseconds (default 1000). */
  spinUs?: number;
  /** complete() gives up (JobStalledError) after this long without progress (default 10,000 ms). */
  stallTimeoutMs?: number;
  /** Time every batch for per-job busy time in {@link JobScheduler.stats} (default false). */
  profile?: boolean;
  /** Complete every job still in flight at the end of each frame (default true). */
  completeAtFrameEnd?: boolean;
  /**
   * Record a span per batch (job, lane, start, end) for {@link JobScheduler.timeline}
   * (default false; implies `profile`). Fills preallocated typed arrays, no allocation.
   */
  timeline?: boolean;
}

/** Main-thread access: what code outside jobs reads and writes (see {@link JobScheduler.sync}). */
export interface Access {
  /** Components (all their fields), snapshots (their ids) or shared arrays read. */
  reads?: readonly AccessTarget[];
  /** The same, written. */
  writes?: readonly AccessTarget[];
}

/** A system with declared main-thread access (see {@link JobScheduler.system}). */
export interface AccessSystemSpec<T = unknown> extends JobSystemSpec<T>, Access {
  /** At a conflict with an incomplete job: complete it first (default), or throw JobSafetyError. */
  onConflict?: 'complete' | 'throw';
}

/** `dependsOn` left out: dependencies come from declared access. */
const AUTO = -1;

/**
 * The job scheduler: records jobs in shared memory, derives dependencies from
 * declared access, checks safety in development builds, wakes worker lanes and
 * completes handles (running batches on the main thread while it waits).
 *
 * @example
 * const jobs = new JobScheduler({ host: new NodeThreadHost({ workers: 1 }), world });
 * const args = integrate.createArgs({ ids: movers.ids, px: Pos.x, py: Pos.y, vx: Vel.x, vy: Vel.y, width: 200, height: 200 });
 * args.dt = 1 / 60;
 * jobs.complete(jobs.scheduleParallel(integrate, movers, 4096, args));
 */
export class JobScheduler {
  /** The shared memory (for hosts and diagnostics). */
  readonly memory: JobMemory;
  readonly host: ThreadHost;
  private readonly records: RecordPool;
  private readonly access: AccessTracker;
  private readonly kernels: KernelRegistry;
  private readonly wait: WaitOptions;
  private readonly completeAtFrameEnd: boolean;
  /** Per-batch spans of the last frame (filled with `timeline: true` once attached to a loop). */
  readonly timeline: JobTimeline;
  private disposed = false;
  /** Dependency list of the record being built. */
  private readonly deps = new Int32Array(256);
  /** Access of the record being built: the arrays its args bind, read and written. */
  private readonly argReads = new Int32Array(MAX_ARGS);
  private readonly argWrites = new Int32Array(MAX_ARGS);
  private depCount = 0;

  constructor(opts: JobSchedulerOptions = {}) {
    this.host = opts.host ?? new InlineHost();
    this.completeAtFrameEnd = opts.completeAtFrameEnd ?? true;
    const mem = (this.memory = createJobMemory());
    mem.ctl[CTL.SPIN_US] = opts.spinUs ?? 1000;
    mem.ctl[CTL.PROFILE] = opts.timeline ? PROFILE.SPANS : opts.profile ? PROFILE.BUSY : PROFILE.OFF;
    this.records = new RecordPool(mem, () => this.host.workers, (slot) => this.countCompleted(slot));
    this.access = new AccessTracker(this.records, (h) => this.complete(h), (h) => this.nameOf(handleSlot(h)));
    this.kernels = new KernelRegistry(mem, this.host, this.access, opts.world);
    this.wait = {
      mainExecutes: opts.mainThreadExecutes ?? true,
      canBlock: this.host.canBlock,
      workers: this.host.workers,
      stallMs: opts.stallTimeoutMs ?? 10_000,
      name: (h) => this.nameOf(handleSlot(h)),
      pollLanes: this.host.pollLanes ? () => this.host.pollLanes!() : () => {},
    };
    Atomics.store(mem.lanes, MAIN_LANE * L.STRIDE + L.STATE, LANE.ALIVE);
    this.timeline = new JobTimeline(mem, this.host.workers, (k) => this.kernels.def(k).name);
    this.host.start(mem, this.kernels.log);
  }

  /** Worker lanes (0 with the inline host). */
  get workers(): number {
    return this.host.workers;
  }

  /**
   * Resolve when every worker lane is live and has loaded every kernel and
   * buffer registered so far (until then the main thread runs their batches:
   * results are the same, only slower). Rejects after `timeoutMs`.
   */
  async ready(timeoutMs = 15_000): Promise<void> {
    const mem = this.memory;
    const t0 = Date.now();
    for (;;) {
      let ok = true;
      const want = Atomics.load(mem.ctl, CTL.EPOCH);
      for (let l = 1; l <= this.host.workers; l++) {
        const lb = l * L.STRIDE;
        if (Atomics.load(mem.lanes, lb + L.STATE) !== LANE.ALIVE || Atomics.load(mem.lanes, lb + L.EPOCH_ACK) < want) ok = false;
      }
      if (ok) return;
      const hostError = this.host.lastError;
      if (Date.now() - t0 > timeoutMs || (hostError != null && this.host.workers > 0 && !this.anyLaneAlive())) {
        const states: string[] = [];
        for (let l = 1; l <= this.host.workers; l++)
          states.push(`lane ${l}: ${['not started', 'live', 'dead'][mem.lanes[l * L.STRIDE + L.STATE]!]}, epoch ${mem.lanes[l * L.STRIDE + L.EPOCH_ACK]}/${want}`);
        throw new JobThreadsNotReadyError(Date.now() - t0, states.join('; '), hostError);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /**
   * Schedule a single job (Unity IJob): the kernel runs once, over `[0, 1)`.
   * Omit `dependsOn` for dependencies derived from declared access; pass a
   * handle (or NO_JOB) to own the graph, checked by the safety system in DEV.
   */
  schedule<A extends ArgSchema>(job: JobDef<A>, args: JobArgs<A>, dependsOn: JobHandle = AUTO): JobHandle {
    return this.scheduleRecord(job as unknown as JobDef, args, 0, 1, 1, dependsOn);
  }

  /** Schedule a kernel over `[0, count)` as one batch on one lane (Unity IJobFor.Schedule). */
  scheduleFor<A extends ArgSchema>(job: JobDef<A>, count: number | QuerySnapshot, args: JobArgs<A>, dependsOn: JobHandle = AUTO): JobHandle {
    const n = typeof count === 'number' ? count : count.count;
    return this.scheduleRecord(job as unknown as JobDef, args, 0, n, n > 0 ? n : 1, dependsOn);
  }

  /**
   * Schedule a parallel-for over `[0, count)` (or a query snapshot's count) in
   * batches of `batchSize`; lanes claim batches with Atomics.add (range
   * stealing, Unity IJobParallelFor).
   */
  scheduleParallel<A extends ArgSchema>(job: JobDef<A>, count: number | QuerySnapshot, batchSize: number, args: JobArgs<A>, dependsOn: JobHandle = AUTO): JobHandle {
    const n = typeof count === 'number' ? count : count.count;
    if (!(batchSize >= 1) || batchSize !== Math.floor(batchSize)) throw new JobArgsError(job.name, `batchSize must be an integer >= 1, got ${batchSize}.`);
    return this.scheduleRecord(job as unknown as JobDef, args, 0, n, batchSize, dependsOn);
  }

  /**
   * A handle that completes when all given handles have (a fence record; Unity
   * JobHandle.CombineDependencies). Up to four handles without allocating; see
   * {@link combineAll} for arrays.
   */
  combine(a: JobHandle, b: JobHandle, c: JobHandle = NO_JOB, d: JobHandle = NO_JOB): JobHandle {
    this.depCount = 0;
    this.addDepChecked(a, 'combine');
    this.addDepChecked(b, 'combine');
    this.addDepChecked(c, 'combine');
    this.addDepChecked(d, 'combine');
    return this.fenceFromDeps();
  }

  /** {@link combine} over any number of handles. */
  combineAll(handles: readonly JobHandle[]): JobHandle {
    this.depCount = 0;
    for (let i = 0; i < handles.length; i++) this.addDepChecked(handles[i]!, 'combineAll');
    return this.fenceFromDeps();
  }

  /** Whether the job behind `h` has finished (without completing it). */
  isCompleted(h: JobHandle): boolean {
    if (h === NO_JOB) return true;
    this.checkHandle(h, 'isCompleted');
    return this.records.consumed[handleSlot(h)] === 1 || handleState(this.memory, h) !== 0;
  }

  /**
   * Wait for the job behind `h` (and so its dependencies), running batches on
   * the main thread meanwhile. Throws the job's error (kernel throw, reported
   * error, lost worker, failed dependency). Completing twice in a frame is fine;
   * after the frame ends the handle is recycled and using it throws.
   */
  complete(h: JobHandle): void {
    if (h === NO_JOB) return;
    this.checkHandle(h, 'complete');
    const slot = handleSlot(h);
    const rp = this.records;
    if (rp.consumed[slot] === 1) return;
    const st = waitForJob(this.memory, this.kernels.table, h, this.wait);
    // Completing a job completes its dependencies too (as Unity's JobHandle.Complete
    // does): they finished before it, and the safety system must see them as done.
    const rec = this.memory.rec;
    const b = slot * R.STRIDE;
    this.depCount = 0;
    for (let i = 0; i < rec[b + R.NDEPS]!; i++) this.deps[this.depCount++] = rec[b + R.DEPS + i]!;
    rp.consume(slot);
    if (this.depCount > 0) {
      rp.markAncestors(this.deps, this.depCount);
      rp.consumeAncestors();
    }
    if (st === 2) throw jobErrorOf(this.memory, slot, this.nameOf(slot), (d) => this.nameOf(handleSlot(d)), this.moduleOf(slot));
  }

  /** Complete every job still in flight, oldest first; throws the first error after all are complete. */
  completeAll(): void {
    const mem = this.memory;
    let first: unknown = null;
    const head = mem.ctl[CTL.HEAD]!;
    for (let seq = mem.ctl[CTL.TAIL]!; seq !== head; seq = nextSeq(seq)) {
      const h = mem.ring[ringIndex(seq)]!;
      if (!this.records.inFlight(h)) continue;
      try {
        this.complete(h);
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== null) throw first;
  }

  /**
   * Complete every job in flight if that can be done within `budgetMs` of wall
   * time (the main thread runs batches meanwhile, as in {@link complete}); when
   * the time is up first, return false and leave the rest running, to be
   * settled later. Throws a job's error as {@link completeAll} does.
   *
   * @example
   * if (!jobs.settle(8)) drawLastCompletedState(); // still running after 8 ms
   */
  settle(budgetMs: number): boolean {
    const mem = this.memory;
    const deadline = performance.now() + budgetMs;
    const head = mem.ctl[CTL.HEAD]!;
    for (let seq = mem.ctl[CTL.TAIL]!; seq !== head; seq = nextSeq(seq)) {
      const h = mem.ring[ringIndex(seq)]!;
      if (!this.records.inFlight(h)) continue;
      if (waitForJob(mem, this.kernels.table, h, this.wait, deadline) === 0) return false;
      this.complete(h);
    }
    return true;
  }

  /**
   * End of frame: complete what is still in flight (unless disabled) and recycle
   * the records of completed jobs; their handles become stale.
   */
  endFrame(): void {
    try {
      if (this.completeAtFrameEnd) this.completeAll();
    } finally {
      this.records.recycle();
    }
  }

  /**
   * Hook into a loop: before each phase, complete the jobs that conflict with
   * the main-thread access declared for it (see {@link system}); at frame end,
   * {@link endFrame}. Returns a function that removes the hook.
   */
  attach(loop: JobLoop): () => void {
    const access = this.access;
    return loop.addHook({
      phaseStart: (p: number) => {
        if (p === 0) this.timeline.frameStart();
        const r = access.phaseReads[p]!;
        const w = access.phaseWrites[p]!;
        if (r.length + w.length > 0) access.sync(r, w, 'complete', PHASES[p]!);
      },
      frameEnd: (time) => {
        try {
          this.endFrame();
        } finally {
          this.timeline.frameEnd(time.frameCount - 1);
        }
      },
      // Under a step budget the loop settles each fixed step's jobs, possibly over
      // several frames. Once a step spans frames and worker lanes carry it, the main
      // thread only looks in (one batch at most) and leaves the frame to rendering:
      // a browser main thread cannot sleep, so waiting there would only burn a core
      // the renderer needs. On the inline host the main thread is the only lane.
      settle: (budgetMs: number, spanning: boolean) => this.settle(spanning && this.host.workers > 0 ? 0 : budgetMs),
    });
  }

  /**
   * Declare main-thread access for a phase: jobs still writing what it reads (or
   * using what it writes) are completed when the phase begins (Unity's sync
   * point). Replaces an empty system; a scene's view data is declared this way
   * for the render phase by the runtime.
   *
   * @example
   * jobs.sync('render', { reads: [Position] });
   */
  sync(phase: Phase, access: Access): void {
    const p = PhaseIndex[phase];
    if (p === undefined) throw new JobArgsError('sync', `"${String(phase)}" is not a phase. Use one of ${PHASES.join(', ')}.`);
    this.access.declarePhase(p, this.resources(access.reads, 'sync'), this.resources(access.writes, 'sync'));
  }

  /**
   * A system that declares its main-thread access. Jobs still writing what it
   * reads (or using what it writes) are completed when its phase begins and
   * again right before it runs, or, with `onConflict: 'throw'`, reported as a
   * JobSafetyError in development builds.
   *
   * @example
   * loop.addSystem(jobs.system({ name: 'hud', phase: 'lateUpdate', reads: [Position], run: () => draw(Position.x) }));
   */
  system<T>(spec: AccessSystemSpec<T>): JobSystemSpec<T> {
    const access = this.access;
    const name = spec.name;
    const reads = this.resources(spec.reads, name);
    const writes = this.resources(spec.writes, name);
    const p = PhaseIndex[(spec.phase ?? 'update') as Phase];
    const mode = spec.onConflict ?? 'complete';
    if (mode === 'complete' && p !== undefined) access.declarePhase(p, reads, writes);
    const run = spec.run;
    const { reads: _r, writes: _w, onConflict: _o, ...rest } = spec;
    return {
      ...rest,
      run: (time: T) => {
        if (mode === 'complete' || DEV) access.sync(reads, writes, mode, name);
        run(time);
      },
    };
  }

  /** Complete every incomplete job that conflicts with this main-thread access (a sync point for dynamic code). */
  completeFor(access: Access): void {
    // Walks the targets in place (no id lists, no labels): dynamic code may call it every frame.
    const reads = access.reads;
    const writes = access.writes;
    if (reads !== undefined) for (let i = 0; i < reads.length; i++) this.syncTarget(reads[i]!, false, 'complete', 'completeFor');
    if (writes !== undefined) for (let i = 0; i < writes.length; i++) this.syncTarget(writes[i]!, true, 'complete', 'completeFor');
  }

  /**
   * Development check for main-thread code about to touch `target` directly:
   * throws JobSafetyError if an incomplete job writes it (or, for a write, uses it).
   * A no-op in production builds.
   *
   * @example
   * jobs.checkAccess(Position, 'read', 'hud');
   */
  checkAccess(target: AccessTarget, mode: 'read' | 'write', who = 'main thread'): void {
    if (!DEV) return;
    this.syncTarget(target, mode === 'write', 'throw', who);
  }

  /** Main-thread access to each array of `target`; an array no job has bound has nothing to wait for. */
  private syncTarget(target: AccessTarget, write: boolean, mode: 'complete' | 'throw', who: string): void {
    if (!isAccessTarget(target)) arraysOf(target, who); // throws, naming what access lists take
    if (ArrayBuffer.isView(target)) return this.syncArray(target as TypedArray, write, mode, who);
    const fields = (target as Partial<ComponentBase>).fields;
    if (fields === undefined) return this.syncArray((target as QuerySnapshot).ids, write, mode, who);
    for (let i = 0; i < fields.length; i++) this.syncArray(fields[i]!.array, write, mode, who);
  }

  private syncArray(arr: TypedArray, write: boolean, mode: 'complete' | 'throw', who: string): void {
    const f = this.access.existingId(arr);
    if (f === undefined) return;
    if (write) this.access.syncWrite(f, mode, who);
    else this.access.syncRead(f, mode, who);
  }

  /** Access-tracking ids of what a sync point names. */
  private resources(targets: readonly AccessTarget[] | undefined, who: string): number[] {
    const out: number[] = [];
    for (const t of targets ?? []) for (const arr of arraysOf(t, who)) out.push(this.kernels.resource(arr, `an array ${who} names`));
    return out;
  }

  /** Run a pool task off-frame on a pool thread (on the main thread with the inline host). */
  runOnPool<I, O>(task: PoolTask<I, O>, input: I): Promise<O> {
    if (this.disposed) return Promise.reject(new JobSchedulerDisposedError('runOnPool'));
    return this.host.runOnPool(task.module, task.name, input) as Promise<O>;
  }

  /** Per-job figures, for the runner's table. */
  stats(): JobStats[] {
    return this.kernels.stats();
  }

  /** Complete what is in flight (errors ignored), stop the workers and end their threads. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    try {
      this.completeAll();
    } catch {
      // Errors were the jobs' to report; disposal goes on.
    }
    this.disposed = true;
    const ctl = this.memory.ctl;
    Atomics.store(ctl, CTL.SHUTDOWN, 1);
    Atomics.add(ctl, CTL.SIGNAL, 1);
    Atomics.notify(ctl, CTL.SIGNAL);
    await this.host.dispose();
  }

  // ---- scheduling: the per-job path, allocation-free in steady state ----

  private scheduleRecord(job: JobDef, args: Record<string, unknown>, start: number, end: number, batch: number, dependsOn: number): JobHandle {
    if (this.disposed) throw new JobSchedulerDisposedError(`schedule("${job.name}")`);
    const kid = this.kernels.kernelId(job);
    const slot = this.allocSlot();
    try {
      return this.fillRecord(job, kid, slot, args, start, end, batch, dependsOn);
    } catch (err) {
      this.records.release(slot);
      throw err;
    }
  }

  private fillRecord(job: JobDef, kid: number, slot: number, args: Record<string, unknown>, start: number, end: number, batch: number, dependsOn: number): JobHandle {
    const mem = this.memory;
    const kernels = this.kernels;
    const b = slot * R.STRIDE;
    const rec = mem.rec;
    // Args: arrays by buffer id; scalars copied bitwise from a createArgs object (no boxing).
    let need = kernels.kernelEpoch(kid);
    const names = job.argNames;
    const isArr = job.argIsArray;
    const bits = (args as { [ARG_BITS]?: Uint16Array })[ARG_BITS];
    if (bits !== undefined) refreshLiveArgs(args);
    let nr = 0;
    let nw = 0;
    for (let i = 0; i < names.length; i++) {
      if (isArr[i]) {
        const id = kernels.bufferId(job, names[i]!, args[names[i]!]);
        if (job.argWrites[i]) this.argWrites[nw++] = kernels.bufferResource(id);
        else this.argReads[nr++] = kernels.bufferResource(id);
        rec[b + R.ARGS + i] = id;
        const e = kernels.bufferEpoch(id);
        if (e > need) need = e;
      } else if (bits !== undefined) {
        rec[b + R.ARGS + i] = -1;
        const d = (slot * F.STRIDE + F.ARGS + i) * 4;
        const s = i * 4;
        const out = mem.f64bits;
        out[d] = bits[s]!;
        out[d + 1] = bits[s + 1]!;
        out[d + 2] = bits[s + 2]!;
        out[d + 3] = bits[s + 3]!;
      } else {
        // A plain object works too, but reading a changing double from it may allocate.
        const v = args[names[i]!];
        if (typeof v !== 'number') throw new JobArgsError(job.name, `scalar arg "${names[i]}" must be a number, got ${typeof v}. Fill the args object (job.createArgs()) before scheduling.`);
        rec[b + R.ARGS + i] = -1;
        mem.f64[slot * F.STRIDE + F.ARGS + i] = v;
      }
    }
    if (kernels.pending) need = kernels.flush();
    // Dependencies: explicit (checked in DEV) or derived from the bound arrays' access.
    const reads = this.argReads;
    const writes = this.argWrites;
    this.depCount = 0;
    if (dependsOn === AUTO) {
      this.access.addAutoDeps(reads, nr, writes, nw, this.addDepFn);
    } else {
      this.addDepChecked(dependsOn, `schedule("${job.name}") dependsOn`);
      if (DEV) {
        this.records.markAncestors(this.deps, this.depCount);
        this.access.checkSchedule(job.name, reads, nr, writes, nw);
      }
    }
    if (this.depCount > MAX_DEPS) this.foldDeps();
    // Batches counted with integer adds: a division makes a double, boxed before the JIT optimizes.
    let n = 0;
    for (let s = start; s < end; s += batch) n++;
    rec[b + R.KERNEL] = kid;
    rec[b + R.EPOCH] = need;
    rec[b + R.START] = start;
    rec[b + R.END] = end;
    rec[b + R.BATCH] = batch;
    rec[b + R.NBATCHES] = n;
    this.writeDeps(b);
    const h = this.publish(slot, kid, n);
    this.access.record(reads, nr, writes, nw, h);
    return h;
  }

  /** Make the record visible: READY, into the ring, wake sleeping workers. */
  private publish(slot: number, kid: number, nbatches: number): JobHandle {
    const mem = this.memory;
    const rec = mem.rec;
    const b = slot * R.STRIDE;
    const ctl = mem.ctl;
    // Words a healthy run leaves at 0 are only read: a store would take their cache
    // line from the lanes, which read it in every batch.
    if (rec[b + R.ERR_KIND] !== ERR.NONE) rec[b + R.ERR_KIND] = ERR.NONE;
    if (rec[b + R.ERR_TEXT_LEN] !== 0) rec[b + R.ERR_TEXT_LEN] = 0;
    if (rec[b + R.BUSY] !== 0) rec[b + R.BUSY] = 0;
    // Plain stores, made visible by the state word's store: each Atomics store is a
    // full fence that waits for the cache line, and the lanes wait for this publish.
    rec[b + R.DONE] = 0;
    rec[b + R.CURSOR] = 0;
    // The tail (a line busy lanes never read) moves before the ring entry is written, so room is known.
    advanceTail(mem);
    if (ringFull(mem)) this.makeRoom();
    const head = ctl[CTL.HEAD]!;
    // The version is the sequence's: a lane knows from a handle in LAST how far the ring it covers goes.
    const ver = versionOf(head);
    // Plain stores too, and HEAD's: lanes find a record only through LAST, whose
    // store below publishes everything up to it (a job without batches needs no lane).
    rec[b + R.STATE] = stateWord(ver, STATE.READY);
    rec[b + R.SEQ] = head;
    const h = makeHandle(slot, ver);
    mem.ring[ringIndex(head)] = h;
    ctl[CTL.HEAD] = nextSeq(head);
    if (nbatches > 0) {
      // Spinning lanes watch LAST. A lane going to sleep counts itself in SLEEPERS, then
      // looks at LAST once more: either it sees this store, or we see it sleeping and wake it.
      // A job of one batch with no dependencies is flagged: lanes may claim it before reading its record.
      Atomics.store(ctl, CTL.LAST, nbatches === 1 && this.depCount === 0 ? h | LAST_CLAIMABLE : h);
      if (Atomics.load(ctl, CTL.SLEEPERS) !== 0) {
        Atomics.add(ctl, CTL.SIGNAL, 1);
        Atomics.notify(ctl, CTL.SIGNAL, nbatches);
      }
    }
    // Off the lanes' path: they are already running the job.
    this.records.publish(slot, h, kid);
    return h;
  }

  /** The ring is full: move the tail, and while still full, complete the oldest job. */
  private makeRoom(): void {
    const mem = this.memory;
    const ctl = mem.ctl;
    advanceTail(mem);
    while (ringFull(mem)) {
      this.complete(mem.ring[ringIndex(ctl[CTL.TAIL]!)]!);
      advanceTail(mem);
    }
  }

  /** A zero-batch record over the current dependency list: it finishes when they do. */
  private fenceFromDeps(): JobHandle {
    if (this.depCount === 0) return NO_JOB;
    if (this.depCount === 1) return this.deps[0]!;
    if (this.depCount > MAX_DEPS) this.foldDeps();
    const slot = this.allocSlot();
    const b = slot * R.STRIDE;
    const rec = this.memory.rec;
    rec[b + R.KERNEL] = -1;
    rec[b + R.EPOCH] = 0;
    rec[b + R.START] = 0;
    rec[b + R.END] = 0;
    rec[b + R.BATCH] = 1;
    rec[b + R.NBATCHES] = 0;
    this.writeDeps(b);
    return this.publish(slot, -1, 0);
  }

  /** More than MAX_DEPS dependencies: fold them into fences of MAX_DEPS each (rare; may allocate). */
  private foldDeps(): void {
    while (this.depCount > MAX_DEPS) {
      const keep = this.depCount - MAX_DEPS;
      const tail = this.deps.slice(keep, this.depCount);
      this.depCount = 0;
      for (let i = 0; i < tail.length; i++) this.deps[this.depCount++] = tail[i]!;
      const fence = this.fenceFromDeps();
      this.depCount = keep;
      this.deps[this.depCount++] = fence;
    }
  }

  private writeDeps(b: number): void {
    const rec = this.memory.rec;
    rec[b + R.NDEPS] = this.depCount;
    for (let i = 0; i < this.depCount; i++) rec[b + R.DEPS + i] = this.deps[i]!;
  }

  /** Add a dependency if its job is still in flight (not yet completed on the main thread). */
  private addDep(h: number): void {
    if (h === 0 || !this.records.inFlight(h)) return;
    for (let i = 0; i < this.depCount; i++) if (this.deps[i] === h) return;
    if (this.depCount >= this.deps.length) this.foldDeps();
    this.deps[this.depCount++] = h;
  }

  /** {@link addDep} as a function value made once (the access tracker calls it per dependency). */
  private readonly addDepFn = (h: number): void => this.addDep(h);

  private addDepChecked(h: number, op: string): void {
    if (h === NO_JOB) return;
    this.checkHandle(h, op);
    this.addDep(h);
  }

  private allocSlot(): number {
    const slot = this.records.alloc();
    if (slot < 0) throw new JobPoolExhaustedError(MAX_RECORDS);
    return slot;
  }

  private anyLaneAlive(): boolean {
    for (let l = 1; l <= this.host.workers; l++) if (Atomics.load(this.memory.lanes, l * L.STRIDE + L.STATE) === LANE.ALIVE) return true;
    return false;
  }

  /** Whether `h` still names a job record of this frame (false once recycled); never throws. */
  isLive(h: JobHandle): boolean {
    return Number.isInteger(h) && h > 0 && this.records.isCurrent(h);
  }

  private checkHandle(h: number, op: string): void {
    if (Number.isInteger(h) && h > 0 && this.records.isCurrent(h)) return;
    const k = Number.isInteger(h) && h > 0 ? this.records.kernel[handleSlot(h)] : -1;
    throw new StaleJobHandleError(op, h, k !== undefined && k >= 0 ? this.kernels.def(k)?.name : undefined);
  }

  private moduleOf(slot: number): string {
    const k = this.records.kernel[slot]!;
    return k >= 0 ? this.kernels.def(k).module : '';
  }

  private nameOf(slot: number): string {
    const k = this.records.kernel[slot]!;
    return k >= 0 ? this.kernels.def(k).name : 'combine()';
  }

  private countCompleted(slot: number): void {
    const kid = this.records.kernel[slot]!;
    if (kid < 0) return;
    const b = slot * R.STRIDE;
    this.kernels.count(kid, this.memory.rec[b + R.NBATCHES]!, this.memory.rec[b + R.BUSY]! / 1e4);
  }
}
