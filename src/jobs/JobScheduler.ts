import { DEV } from '../env/dev.ts';
import type { SimWorld } from '../ecs/World.ts';
import type { TypedArray } from '../ecs/Component.ts';
import type { QuerySnapshot } from '../ecs/QuerySnapshot.ts';
import type { PlayerLoop, SystemSpec } from '../loop/PlayerLoop.ts';
import type { Time } from '../loop/Time.ts';
import { PhaseIndex, PHASES, type Phase } from '../loop/Phase.ts';
import { ARG_BITS, type JobDef, type ArgSchema, type JobArgs } from './defineJob.ts';
import type { PoolTask } from './definePoolTask.ts';
import { InlineHost, type ThreadHost, type ControlMessage } from './ThreadHost.ts';
import {
  createJobMemory, makeHandle, handleSlot, handleVersion, nextVersion, readErrorText,
  CTL, R, F, L, ERR, STATE, LANE, MAX_DEPS, MAX_RECORDS, RING_SIZE, ERR_ARG_COUNT, type JobMemory,
} from './JobMemory.ts';
import { createKernelTable, handleState, runOneBatch, type KernelTable } from './JobExecutor.ts';
import {
  JobArgsError, JobDefinitionError, JobSafetyError, StaleJobHandleError, JobKernelError, JobWorkerLostError,
  JobStalledError, JobDependencyError, JobReportedError, JobPoolExhaustedError, JobSchedulerDisposedError,
} from './errors.ts';

/**
 * A scheduled job: a small integer (record slot + version), so passing,
 * storing and combining handles allocates nothing. 0 is {@link NO_JOB}.
 */
export type JobHandle = number & { readonly __jobHandle?: true };
/** The handle of nothing: as a dependency, "no dependencies"; complete(NO_JOB) returns at once. */
export const NO_JOB = 0 as JobHandle;

/** Options of {@link JobScheduler}. */
export interface JobSchedulerOptions {
  /** Where threads come from (default {@link InlineHost}: none). */
  host?: ThreadHost;
  /** The world whose component arrays jobs use: maps arrays to `Component.field` for safety checks. */
  world?: SimWorld;
  /** Whether the main thread runs batches while it waits in complete() (default true: one more lane). */
  mainThreadExecutes?: boolean;
  /** How long idle workers spin before sleeping, in microseconds (default 1000). */
  spinUs?: number;
  /** complete() gives up (JobStalledError) after this long without progress (default 10,000 ms). */
  stallTimeoutMs?: number;
  /** Time every batch for per-job busy time in {@link stats} (default false). */
  profile?: boolean;
  /** Complete every job still in flight at the end of each frame (default true). */
  completeAtFrameEnd?: boolean;
}

/** Per-job figures for reports. */
export interface JobStats {
  name: string;
  /** Jobs completed. */
  jobs: number;
  /** Batches run. */
  batches: number;
  /** Sum of batch run times over all lanes, ms (with `profile`). */
  busyMs: number;
}

/** A system with declared main-thread access (see {@link JobScheduler.system}). */
export interface AccessSystemSpec extends SystemSpec {
  /** Component fields the system reads on the main thread. */
  reads?: readonly string[];
  /** Component fields the system writes on the main thread. */
  writes?: readonly string[];
  /** At a conflict with an incomplete job: complete it first (default), or throw JobSafetyError. */
  onConflict?: 'complete' | 'throw';
}

const MAX_FIELDS = 1024;
const MAX_READERS = 32;
const MAX_KERNELS = 1024;
const MAIN_LANE = 0;
const AUTO = -1;
/** Polls of a waiting main thread before it sleeps (about 50-200 us): a worker finishing a short job answers within it. */
const MAIN_SPINS = 20_000;

/**
 * The job scheduler: records jobs in shared memory, derives dependencies from
 * declared access, checks safety in development builds, wakes worker lanes and
 * completes handles (running batches on the main thread while it waits).
 *
 * @example
 * const jobs = new JobScheduler({ host: new NodeThreadHost({ workers: 1 }), world });
 * const args = integrate.createArgs({ ids: movers.ids, px: Pos.x, vx: Vel.x });
 * args.dt = 1 / 60;
 * const h = jobs.scheduleParallel(integrate, movers, 4096, args);
 * jobs.complete(h);
 */
export class JobScheduler {
  /** The shared memory (for hosts and diagnostics). */
  readonly memory: JobMemory;
  readonly host: ThreadHost;
  private readonly world: SimWorld | undefined;
  private readonly table: KernelTable = createKernelTable();
  private readonly mainExecutes: boolean;
  private readonly stallMs: number;
  private readonly completeAtFrameEnd: boolean;
  private disposed = false;

  // Control log and epochs.
  private readonly log: ControlMessage[] = [];
  private pendingKernels: { id: number; module: string; name: string }[] = [];
  private pendingBuffers: { id: number; array: TypedArray }[] = [];
  private epoch = 0;

  // Kernels.
  private readonly kernelIds = new Map<JobDef, number>();
  private readonly kernelDefs: JobDef[] = [];
  private readonly kernelEpoch = new Int32Array(MAX_KERNELS);
  private readonly kernelReads: Int32Array[] = [];
  private readonly kernelWrites: Int32Array[] = [];
  private readonly statJobs = new Float64Array(MAX_KERNELS);
  private readonly statBatches = new Float64Array(MAX_KERNELS);
  private readonly statBusy = new Float64Array(MAX_KERNELS);

  // Buffers.
  private readonly bufferIds = new Map<TypedArray, number>();
  private readonly bufferEpoch: number[] = [];
  private readonly arrayField = new Map<TypedArray, string>();
  private knownComponents = -1;

  // Fields: last writer and readers since, among jobs not yet completed.
  private readonly fieldIds = new Map<string, number>();
  private readonly fieldNames: string[] = [];
  private readonly lastWriter = new Int32Array(MAX_FIELDS);
  private readonly readers = new Int32Array(MAX_FIELDS * MAX_READERS);
  private readonly readerCount = new Int32Array(MAX_FIELDS);

  // Records, main-thread side.
  private readonly slotHandle = new Int32Array(MAX_RECORDS);
  private readonly slotKernel = new Int32Array(MAX_RECORDS);
  private readonly slotConsumed = new Uint8Array(MAX_RECORDS);
  private readonly free = new Int32Array(MAX_RECORDS);
  private freeCount = 0;
  private readonly consumed = new Int32Array(MAX_RECORDS);
  private consumedCount = 0;

  // Scratch.
  private readonly deps = new Int32Array(256);
  private depCount = 0;
  private readonly visit = new Int32Array(MAX_RECORDS);
  private visitStamp = 0;
  private readonly stack = new Int32Array(MAX_RECORDS * MAX_DEPS);

  // Main-thread access by phase.
  private readonly phaseReads: number[][] = PHASES.map(() => []);
  private readonly phaseWrites: number[][] = PHASES.map(() => []);

  constructor(opts: JobSchedulerOptions = {}) {
    this.host = opts.host ?? new InlineHost();
    this.world = opts.world;
    this.mainExecutes = opts.mainThreadExecutes ?? true;
    this.stallMs = opts.stallTimeoutMs ?? 10_000;
    this.completeAtFrameEnd = opts.completeAtFrameEnd ?? true;
    this.memory = createJobMemory();
    const mem = this.memory;
    mem.ctl[CTL.SPIN_US] = opts.spinUs ?? 1000;
    mem.ctl[CTL.PROFILE] = opts.profile ? 1 : 0;
    for (let s = MAX_RECORDS - 1; s >= 0; s--) {
      mem.rec[s * R.STRIDE + R.VERSION] = 1;
      this.free[this.freeCount++] = s;
    }
    // The main thread has every kernel and buffer the moment it registers them.
    this.table.epoch = 0x7fffffff;
    Atomics.store(mem.lanes, MAIN_LANE * L.STRIDE + L.STATE, LANE.ALIVE);
    this.host.start(mem, this.log);
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
      if (Date.now() - t0 > timeoutMs) throw new Error(`JobScheduler.ready(): worker lanes not ready after ${timeoutMs} ms. Check that workers/nodeJobWorker.mjs loads (tsx installed) and kernel modules import cleanly.`);
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
    return this.slotConsumed[handleSlot(h)] === 1 || handleState(this.memory, h) !== 0;
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
    if (this.slotConsumed[slot] === 1) return;
    const st = this.waitFor(h);
    // Completing a job completes its dependencies too (as Unity's JobHandle.Complete does):
    // they finished before it, and the safety system must see them as done.
    this.depCount = 0;
    const rec = this.memory.rec;
    const b = slot * R.STRIDE;
    for (let i = 0; i < rec[b + R.NDEPS]!; i++) this.deps[this.depCount++] = rec[b + R.DEPS + i]!;
    this.consume(slot);
    if (this.depCount > 0) {
      this.markAncestors();
      for (let s = 0; s < MAX_RECORDS; s++) if (this.visit[s] === this.visitStamp && this.slotConsumed[s] === 0 && this.slotHandle[s] !== 0) this.consume(s);
    }
    if (st === 2) throw this.errorOf(slot);
  }

  private consume(slot: number): void {
    this.slotConsumed[slot] = 1;
    this.consumed[this.consumedCount++] = slot;
    const kid = this.slotKernel[slot]!;
    if (kid >= 0) {
      const b = slot * R.STRIDE;
      this.statJobs[kid]!++;
      this.statBatches[kid]! += this.memory.rec[b + R.NBATCHES]!;
      this.statBusy[kid]! += this.memory.rec[b + R.BUSY]! / 1e4;
    }
  }

  /** Complete every job still in flight, oldest first; throws the first error after all are complete. */
  completeAll(): void {
    const mem = this.memory;
    let first: unknown = null;
    const head = Atomics.load(mem.ctl, CTL.HEAD);
    for (let seq = Atomics.load(mem.ctl, CTL.TAIL); seq < head; seq++) {
      const h = mem.ring[seq & (RING_SIZE - 1)]!;
      if (this.slotHandle[handleSlot(h)] !== h || this.slotConsumed[handleSlot(h)] === 1) continue;
      try {
        this.complete(h);
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== null) throw first;
  }

  /**
   * End of frame: complete what is still in flight (unless disabled) and recycle
   * the records of completed jobs; their handles become stale.
   */
  endFrame(): void {
    try {
      if (this.completeAtFrameEnd) this.completeAll();
    } finally {
      this.recycleConsumed();
    }
  }

  /**
   * Hook into a loop: before each phase, complete the jobs that conflict with
   * the main-thread access declared for it (see {@link system}); at frame end,
   * {@link endFrame}. Returns a function that removes the hook.
   */
  attach(loop: PlayerLoop): () => void {
    return loop.addHook({
      phaseStart: (p: number) => {
        const r = this.phaseReads[p]!;
        const w = this.phaseWrites[p]!;
        if (r.length + w.length > 0) this.syncFields(r, w, 'complete', PHASES[p]!);
      },
      frameEnd: () => this.endFrame(),
    });
  }

  /**
   * A system that declares its main-thread access. Jobs still writing fields it
   * reads (or using fields it writes) are completed when its phase begins and
   * again right before it runs (Unity's sync point), or, with `onConflict:
   * 'throw'`, reported as a JobSafetyError in development builds.
   *
   * @example
   * loop.addSystem(jobs.system({ name: 'hud', phase: 'lateUpdate', reads: ['Position.x'], run: () => draw(Pos.x) }));
   */
  system(spec: AccessSystemSpec): SystemSpec {
    const reads = (spec.reads ?? []).map((f) => this.fieldId(f));
    const writes = (spec.writes ?? []).map((f) => this.fieldId(f));
    const p = PhaseIndex[(spec.phase ?? 'update') as Phase];
    const mode = spec.onConflict ?? 'complete';
    if (mode === 'complete' && p !== undefined) {
      for (const f of reads) if (!this.phaseReads[p]!.includes(f)) this.phaseReads[p]!.push(f);
      for (const f of writes) if (!this.phaseWrites[p]!.includes(f)) this.phaseWrites[p]!.push(f);
    }
    const run = spec.run;
    const name = spec.name;
    const { reads: _r, writes: _w, onConflict: _o, ...rest } = spec;
    return {
      ...rest,
      run: (time: Time) => {
        if (mode === 'complete' || DEV) this.syncFields(reads, writes, mode, name);
        run(time);
      },
    };
  }

  /** Complete every incomplete job that conflicts with main-thread access to these fields. */
  completeFields(reads: readonly string[], writes: readonly string[] = []): void {
    this.syncFields(reads.map((f) => this.fieldId(f)), writes.map((f) => this.fieldId(f)), 'complete', 'completeFields');
  }

  /**
   * Development check for main-thread code about to touch `field` directly:
   * throws JobSafetyError if an incomplete job writes it (or, for a write, uses it).
   * A no-op in production builds.
   *
   * @example
   * jobs.checkAccess('Position.x', 'read', 'hud');
   */
  checkAccess(field: string, mode: 'read' | 'write', who = 'main thread'): void {
    if (!DEV) return;
    const f = this.fieldIds.get(field);
    if (f === undefined) return;
    if (mode === 'read') this.syncFields([f], [], 'throw', who);
    else this.syncFields([], [f], 'throw', who);
  }

  /** Run a pool task off-frame on a pool thread (on the main thread with the inline host). */
  runOnPool<I, O>(task: PoolTask<I, O>, input: I): Promise<O> {
    if (this.disposed) return Promise.reject(new JobSchedulerDisposedError('runOnPool'));
    return this.host.runOnPool(task.module, task.name, input) as Promise<O>;
  }

  /**
   * Batches the main thread has timed for {@link stats} (profile on): each read
   * the clock twice, which allocates in Node; allocation figures subtract it.
   */
  get mainThreadTimedBatches(): number {
    return this.memory.ctl[CTL.MAIN_TIMED]!;
  }

  /** Per-job figures, for the runner's table. */
  stats(): JobStats[] {
    return this.kernelDefs.map((d, k) => ({ name: d.name, jobs: this.statJobs[k]!, batches: this.statBatches[k]!, busyMs: this.statBusy[k]! }));
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

  // ---- scheduling ----

  private scheduleRecord(job: JobDef, args: Record<string, unknown>, start: number, end: number, batch: number, dependsOn: number): JobHandle {
    if (this.disposed) throw new JobSchedulerDisposedError(`schedule("${job.name}")`);
    const kid = this.kernelIds.get(job) ?? this.registerKernel(job);
    const slot = this.allocSlot();
    try {
      return this.fillRecord(job, kid, slot, args, start, end, batch, dependsOn);
    } catch (err) {
      this.freeSlot(slot);
      throw err;
    }
  }

  private fillRecord(job: JobDef, kid: number, slot: number, args: Record<string, unknown>, start: number, end: number, batch: number, dependsOn: number): JobHandle {
    const mem = this.memory;
    const b = slot * R.STRIDE;
    const rec = mem.rec;
    // Args: arrays by buffer id, scalars as float64.
    let need = this.kernelEpoch[kid]!;
    const names = job.argNames;
    const scalars = (args as { [ARG_BITS]?: Uint16Array })[ARG_BITS];
    const isArr = job.argIsArray;
    for (let i = 0; i < names.length; i++) {
      const v = isArr[i] || scalars === undefined ? args[names[i]!] : 0;
      if (isArr[i]) {
        const arr = v as TypedArray;
        let id = this.bufferIds.get(arr);
        if (id === undefined) id = this.registerBuffer(job, names[i]!, arr);
        if (DEV) this.checkDeclared(job, kid, names[i]!, arr);
        rec[b + R.ARGS + i] = id;
        const e = this.bufferEpoch[id]!;
        if (e > need) need = e;
      } else if (scalars !== undefined) {
        rec[b + R.ARGS + i] = -1;
        const d = (slot * F.STRIDE + F.ARGS + i) * 4;
        const s = i * 4;
        const bits = mem.f64bits;
        bits[d] = scalars[s]!;
        bits[d + 1] = scalars[s + 1]!;
        bits[d + 2] = scalars[s + 2]!;
        bits[d + 3] = scalars[s + 3]!;
      } else {
        // A plain object works too, but reading a changing double from it may allocate.
        if (typeof v !== 'number') this.argError(job, names[i]!, v);
        rec[b + R.ARGS + i] = -1;
        mem.f64[slot * F.STRIDE + F.ARGS + i] = v as number;
      }
    }
    if (this.pendingKernels.length + this.pendingBuffers.length > 0) need = this.flushControl();
    // Dependencies.
    this.depCount = 0;
    if (dependsOn !== AUTO) this.addDepChecked(dependsOn, `schedule("${job.name}") dependsOn`);
    const reads = this.kernelReads[kid]!;
    const writes = this.kernelWrites[kid]!;
    if (dependsOn === AUTO) {
      for (let i = 0; i < reads.length; i++) this.addDep(this.lastWriter[reads[i]!]!);
      for (let i = 0; i < writes.length; i++) {
        const f = writes[i]!;
        this.addDep(this.lastWriter[f]!);
        const n = this.readerCount[f]!;
        for (let r = 0; r < n; r++) this.addDep(this.readers[f * MAX_READERS + r]!);
      }
    } else if (DEV) {
      this.checkSafety(job, kid);
    }
    if (this.depCount > MAX_DEPS) this.foldDeps();
    const n = end > start ? Math.ceil((end - start) / batch) : 0;
    rec[b + R.KERNEL] = kid;
    rec[b + R.EPOCH] = need;
    rec[b + R.START] = start;
    rec[b + R.END] = end;
    rec[b + R.BATCH] = batch;
    rec[b + R.NBATCHES] = n;
    this.writeDeps(b);
    this.slotKernel[slot] = kid;
    const h = this.publish(slot, n);
    // Access tracking for later jobs.
    for (let i = 0; i < reads.length; i++) this.addReader(reads[i]!, h);
    for (let i = 0; i < writes.length; i++) {
      this.lastWriter[writes[i]!] = h;
      this.readerCount[writes[i]!] = 0;
    }
    return h;
  }

  private publish(slot: number, nbatches: number): JobHandle {
    const mem = this.memory;
    const rec = mem.rec;
    const b = slot * R.STRIDE;
    const ctl = mem.ctl;
    rec[b + R.ERR_KIND] = ERR.NONE;
    rec[b + R.ERR_TEXT_LEN] = 0;
    rec[b + R.BUSY] = 0;
    rec[b + R.DONE] = 0;
    Atomics.store(rec, b + R.CURSOR, 0);
    Atomics.store(rec, b + R.STATE, STATE.READY);
    const h = makeHandle(slot, rec[b + R.VERSION]!);
    this.slotHandle[slot] = h;
    this.slotConsumed[slot] = 0;
    this.advanceTail();
    const head = ctl[CTL.HEAD]!;
    mem.ring[head & (RING_SIZE - 1)] = h;
    Atomics.store(ctl, CTL.HEAD, head + 1);
    if (nbatches > 0) {
      Atomics.add(ctl, CTL.SIGNAL, 1);
      if (Atomics.load(ctl, CTL.SLEEPERS) !== 0) Atomics.notify(ctl, CTL.SIGNAL, nbatches);
    }
    return h;
  }

  /** Move the ring's tail past finished entries; if the ring is full, complete the oldest. */
  private advanceTail(): void {
    const mem = this.memory;
    const ctl = mem.ctl;
    let tail = ctl[CTL.TAIL]!;
    const head = ctl[CTL.HEAD]!;
    while (tail < head) {
      const h = mem.ring[tail & (RING_SIZE - 1)]!;
      const s = handleSlot(h);
      if (Atomics.load(mem.rec, s * R.STRIDE + R.VERSION) === handleVersion(h) && Atomics.load(mem.rec, s * R.STRIDE + R.STATE) === STATE.READY) break;
      tail++;
    }
    Atomics.store(ctl, CTL.TAIL, tail);
    if (head - tail >= RING_SIZE - 1) {
      this.complete(mem.ring[tail & (RING_SIZE - 1)]!);
      this.advanceTail();
    }
  }

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
    this.slotKernel[slot] = -1;
    return this.publish(slot, 0);
  }

  /** More than MAX_DEPS dependencies: fold them into fences of MAX_DEPS each. */
  private foldDeps(): void {
    while (this.depCount > MAX_DEPS) {
      const saved = this.depCount;
      const keep = saved - MAX_DEPS;
      // Fence over the last MAX_DEPS entries, then replace them with the fence.
      const tmp = this.deps.slice(keep, saved);
      this.depCount = 0;
      for (let i = 0; i < tmp.length; i++) this.deps[this.depCount++] = tmp[i]!;
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
    if (h === 0 || !this.inFlight(h)) return;
    for (let i = 0; i < this.depCount; i++) if (this.deps[i] === h) return;
    if (this.depCount >= this.deps.length) this.foldDeps();
    this.deps[this.depCount++] = h;
  }

  private addDepChecked(h: number, op: string): void {
    if (h === NO_JOB) return;
    this.checkHandle(h, op);
    this.addDep(h);
  }

  private inFlight(h: number): boolean {
    const s = handleSlot(h);
    return this.slotHandle[s] === h && this.slotConsumed[s] === 0;
  }

  private addReader(f: number, h: number): void {
    let n = this.readerCount[f]!;
    const base = f * MAX_READERS;
    if (n === MAX_READERS) {
      // Compact: drop readers that were completed.
      let w = 0;
      for (let r = 0; r < n; r++) if (this.inFlight(this.readers[base + r]!)) this.readers[base + w++] = this.readers[base + r]!;
      n = w;
      if (n === MAX_READERS) {
        this.complete(this.readers[base]!);
        this.readers.copyWithin(base, base + 1, base + n);
        n--;
      }
    }
    this.readers[base + n] = h;
    this.readerCount[f] = n + 1;
  }

  private allocSlot(): number {
    if (this.freeCount === 0) this.recycleConsumed();
    if (this.freeCount === 0) throw new JobPoolExhaustedError(MAX_RECORDS);
    return this.free[--this.freeCount]!;
  }

  private freeSlot(slot: number): void {
    this.free[this.freeCount++] = slot;
  }

  /** Recycle completed records: bump the version (handles go stale), wait out any lane's hazard on the slot. */
  private recycleConsumed(): void {
    const mem = this.memory;
    for (let i = 0; i < this.consumedCount; i++) {
      const slot = this.consumed[i]!;
      const b = slot * R.STRIDE;
      Atomics.store(mem.rec, b + R.VERSION, nextVersion(mem.rec[b + R.VERSION]!));
      for (let l = 1; l <= this.host.workers; l++) {
        let spins = 0;
        while (Atomics.load(mem.lanes, l * L.STRIDE + L.HAZARD) === slot && spins++ < 1e7);
      }
      Atomics.store(mem.rec, b + R.STATE, STATE.FREE);
      this.slotConsumed[slot] = 0;
      this.slotHandle[slot] = 0;
      this.free[this.freeCount++] = slot;
    }
    this.consumedCount = 0;
  }

  // ---- waiting ----

  /** Wait until `h` finishes; returns 1 done, 2 failed. */
  private waitFor(h: number): number {
    const mem = this.memory;
    const ctl = mem.ctl;
    const table = this.table;
    let st = handleState(mem, h);
    if (st !== 0) return st;
    let spins = 0;
    let lastProgress = -1;
    let since = 0;
    const canBlock = this.host.canBlock;
    for (;;) {
      if ((this.mainExecutes || !this.anyWorkerAlive()) && runOneBatch(mem, MAIN_LANE, table)) {
        st = handleState(mem, h);
        if (st !== 0) return st;
        continue;
      }
      const seen = Atomics.load(ctl, CTL.FINISHED);
      st = handleState(mem, h);
      if (st !== 0) return st;
      if (spins < MAIN_SPINS) {
        spins++;
        continue;
      }
      // Bounded sleep, then look again: progress resets the stall clock.
      const progress = seen + this.laneBatches();
      const now = performance.now();
      if (progress !== lastProgress) {
        lastProgress = progress;
        since = now;
      } else if (now - since > this.stallMs) {
        throw new JobStalledError(this.nameOf(handleSlot(h)), Math.round(now - since), this.busyLanes());
      }
      if (canBlock) {
        Atomics.store(ctl, CTL.MAIN_WAITING, 1);
        if (Atomics.load(ctl, CTL.FINISHED) === seen) Atomics.wait(ctl, CTL.FINISHED, seen, 2);
        Atomics.store(ctl, CTL.MAIN_WAITING, 0);
      }
    }
  }

  private anyWorkerAlive(): boolean {
    for (let l = 1; l <= this.host.workers; l++) if (Atomics.load(this.memory.lanes, l * L.STRIDE + L.STATE) === LANE.ALIVE) return true;
    return false;
  }

  private laneBatches(): number {
    let n = 0;
    for (let l = 0; l <= this.host.workers; l++) n += Atomics.load(this.memory.lanes, l * L.STRIDE + L.BATCHES);
    return n;
  }

  private busyLanes(): string {
    const mem = this.memory;
    const out: string[] = [];
    for (let l = 1; l <= this.host.workers; l++) {
      const s = Atomics.load(mem.lanes, l * L.STRIDE + L.JOB);
      if (s >= 0) out.push(`lane ${l} (batch [${mem.lanes[l * L.STRIDE + L.B_START]}, ${mem.lanes[l * L.STRIDE + L.B_END]}))`);
    }
    return out.length ? out.join(', ') : 'no lane';
  }

  // ---- errors ----

  private errorOf(slot: number): Error {
    const mem = this.memory;
    const b = slot * R.STRIDE;
    const rec = mem.rec;
    const name = this.nameOf(slot);
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
      case ERR.WORKER_LOST:
        return new JobWorkerLostError(name, start, end, lane);
      case ERR.DEP_FAILED:
        return new JobDependencyError(name, this.nameOf(handleSlot(rec[b + R.ERR_DEP]!)));
      default: {
        // A fence fails when one of its inputs does.
        return new JobDependencyError(name, 'an input of combine()');
      }
    }
  }

  private nameOf(slot: number): string {
    const k = this.slotKernel[slot]!;
    return k >= 0 ? this.kernelDefs[k]!.name : 'combine()';
  }

  // ---- handles ----

  private checkHandle(h: number, op: string): void {
    if (!Number.isInteger(h) || h < 0) throw new StaleJobHandleError(op, h, undefined);
    const slot = handleSlot(h);
    if (this.slotHandle[slot] !== h) {
      const k = this.slotKernel[slot];
      throw new StaleJobHandleError(op, h, k !== undefined && k >= 0 ? this.kernelDefs[k]?.name : undefined);
    }
  }

  // ---- registration (first use only) ----

  private registerKernel(job: JobDef): number {
    const same = this.kernelDefs.find((d) => d.name === job.name && d.module === job.module);
    if (same) throw new JobDefinitionError(job.name, `another job with this name is already scheduled from ${job.module || 'the same module'}. Job names must be unique per module.`);
    if (this.host.workers > 0 && !job.module)
      throw new JobDefinitionError(job.name, `its module could not be inferred, so workers cannot import it. Pass module: import.meta.url to defineJob.`);
    if (DEV && this.world) {
      this.refreshFields();
      for (const f of [...job.reads, ...job.writes]) {
        if (![...this.arrayField.values()].includes(f))
          throw new JobDefinitionError(job.name, `declares "${f}", which no component of world "${this.world.name}" has. Known fields: ${[...new Set(this.arrayField.values())].join(', ')}.`);
      }
    }
    const id = this.kernelDefs.length;
    this.kernelDefs.push(job);
    this.kernelIds.set(job, id);
    this.table.kernels[id] = job;
    this.kernelReads[id] = Int32Array.from(job.reads, (f) => this.fieldId(f));
    this.kernelWrites[id] = Int32Array.from(job.writes, (f) => this.fieldId(f));
    this.pendingKernels.push({ id, module: job.module, name: job.name });
    return id;
  }

  private registerBuffer(job: JobDef, arg: string, arr: unknown): number {
    if (!ArrayBuffer.isView(arr) || arr instanceof DataView)
      throw new JobArgsError(job.name, `arg "${arg}" must be a typed array, got ${arr === null ? 'null' : typeof arr}.`);
    const ta = arr as TypedArray;
    if (this.host.workers > 0 && !(ta.buffer instanceof SharedArrayBuffer))
      throw new JobArgsError(job.name, `arg "${arg}" is not backed by a SharedArrayBuffer, so workers cannot see it. Allocate it with allocateBuffer() (tickflow/ecs) or a component field.`);
    const id = this.bufferEpoch.length;
    this.bufferIds.set(ta, id);
    this.bufferEpoch.push(0);
    this.table.buffers[id] = ta;
    this.pendingBuffers.push({ id, array: ta });
    return id;
  }

  /** Send pending registrations to the workers as one control message; returns its epoch. */
  private flushControl(): number {
    const epoch = ++this.epoch;
    const msg: ControlMessage = { epoch, kernels: this.pendingKernels, buffers: this.pendingBuffers };
    for (const k of this.pendingKernels) this.kernelEpoch[k.id] = epoch;
    for (const b of this.pendingBuffers) this.bufferEpoch[b.id] = epoch;
    this.pendingKernels = [];
    this.pendingBuffers = [];
    this.log.push(msg);
    const ctl = this.memory.ctl;
    Atomics.store(ctl, CTL.EPOCH, epoch);
    this.host.post(msg);
    Atomics.add(ctl, CTL.SIGNAL, 1);
    Atomics.notify(ctl, CTL.SIGNAL);
    return epoch;
  }

  private fieldId(key: string): number {
    let id = this.fieldIds.get(key);
    if (id === undefined) {
      id = this.fieldNames.length;
      if (id >= MAX_FIELDS) throw new JobDefinitionError(key, `more than ${MAX_FIELDS} distinct fields are declared.`);
      this.fieldIds.set(key, id);
      this.fieldNames.push(key);
    }
    return id;
  }

  private refreshFields(): void {
    const w = this.world;
    if (!w || w.components.length === this.knownComponents) return;
    this.knownComponents = w.components.length;
    for (const c of w.components) for (const f of c.fields) this.arrayField.set(f.array, f.key);
  }

  private argError(job: JobDef, arg: string, v: unknown): never {
    throw new JobArgsError(job.name, `scalar arg "${arg}" must be a number, got ${typeof v}. Fill the args object (job.createArgs()) before scheduling.`);
  }

  // ---- safety (development builds) ----

  /** An array passed for a component field the job did not declare. */
  private checkDeclared(job: JobDef, kid: number, arg: string, arr: TypedArray): void {
    this.refreshFields();
    const key = this.arrayField.get(arr);
    if (key === undefined) return;
    const id = this.fieldIds.get(key);
    const r = this.kernelReads[kid];
    const w = this.kernelWrites[kid];
    if (id !== undefined && ((r && r.includes(id)) || (w && w.includes(id)))) return;
    throw JobSafetyError.forUndeclared(job.name, arg, key);
  }

  /** Explicit dependencies: every incomplete job touching the same fields must be an ancestor. */
  private checkSafety(job: JobDef, kid: number): void {
    this.markAncestors();
    const reads = this.kernelReads[kid]!;
    const writes = this.kernelWrites[kid]!;
    for (let i = 0; i < writes.length; i++) {
      const f = writes[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && this.inFlight(w) && !this.isAncestor(w)) throw JobSafetyError.forSchedule(job.name, 'writes', this.nameOf(handleSlot(w)), 'writes', this.fieldNames[f]!);
      for (let r = 0; r < this.readerCount[f]!; r++) {
        const h = this.readers[f * MAX_READERS + r]!;
        if (this.inFlight(h) && !this.isAncestor(h)) throw JobSafetyError.forSchedule(job.name, 'writes', this.nameOf(handleSlot(h)), 'reads', this.fieldNames[f]!);
      }
    }
    for (let i = 0; i < reads.length; i++) {
      const f = reads[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && this.inFlight(w) && !this.isAncestor(w)) throw JobSafetyError.forSchedule(job.name, 'reads', this.nameOf(handleSlot(w)), 'writes', this.fieldNames[f]!);
    }
  }

  /** Mark every record reachable from the current dependency list. */
  private markAncestors(): void {
    const stamp = ++this.visitStamp;
    const rec = this.memory.rec;
    let sp = 0;
    for (let i = 0; i < this.depCount; i++) this.stack[sp++] = this.deps[i]!;
    while (sp > 0) {
      const h = this.stack[--sp]!;
      const s = handleSlot(h);
      if (this.slotHandle[s] !== h || this.visit[s] === stamp) continue;
      this.visit[s] = stamp;
      const b = s * R.STRIDE;
      const n = rec[b + R.NDEPS]!;
      for (let i = 0; i < n && sp < this.stack.length; i++) this.stack[sp++] = rec[b + R.DEPS + i]!;
    }
  }

  private isAncestor(h: number): boolean {
    return this.visit[handleSlot(h)] === this.visitStamp;
  }

  /** Main-thread access: complete (or, in DEV with 'throw', report) conflicting incomplete jobs. */
  private syncFields(reads: readonly number[], writes: readonly number[], mode: 'complete' | 'throw', who: string): void {
    for (let i = 0; i < reads.length; i++) {
      const f = reads[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && this.inFlight(w)) this.resolveConflict(w, mode, who, 'read', 'writes', f);
    }
    for (let i = 0; i < writes.length; i++) {
      const f = writes[i]!;
      const w = this.lastWriter[f]!;
      if (w !== 0 && this.inFlight(w)) this.resolveConflict(w, mode, who, 'write', 'writes', f);
      for (let r = 0; r < this.readerCount[f]!; r++) {
        const h = this.readers[f * MAX_READERS + r]!;
        if (this.inFlight(h)) this.resolveConflict(h, mode, who, 'write', 'reads', f);
      }
    }
  }

  private resolveConflict(h: number, mode: 'complete' | 'throw', who: string, access: string, otherAccess: string, f: number): void {
    if (mode === 'complete') this.complete(h);
    else if (DEV) throw JobSafetyError.forMainThread(who, access, this.nameOf(handleSlot(h)), otherAccess, this.fieldNames[f]!);
  }
}
