import { sharedKernelMemory } from '../ecs/kernelMemory.ts';
import { kernelPathOf, workerBundleOf, type KernelPath } from './compiledKernels.ts';
import type { SimWorld } from '../ecs/World.ts';
import type { TypedArray } from '../ecs/Component.ts';
import { UNSET_ARRAY, type JobDef } from './defineJob.ts';
import type { ThreadHost, ControlMessage } from './ThreadHost.ts';
import type { AccessTracker } from './AccessTracker.ts';
import { createKernelTable, type KernelTable } from './JobExecutor.ts';
import { CTL, type JobMemory } from './JobMemory.ts';
import { JobArgsError, JobDefinitionError } from './errors.ts';

const MAX_KERNELS = 1024;

/** Per-job figures, for reports. */
export interface JobStats {
  name: string;
  /** Jobs completed. */
  jobs: number;
  /** Batches run. */
  batches: number;
  /** Sum of batch run times over all lanes, ms (with `profile`). */
  busyMs: number;
  /** Which kernel the job runs: its JS kernel or its compiled one. */
  kernels: KernelPath;
}

/**
 * What the main thread has taught the workers: kernels and SAB-backed arrays by
 * small id, sent as control messages in epoch order (and kept in a log for
 * threads that join late). Also gives each bound array its access-tracking id
 * (named `Component.field` when it is a component's), and keeps per-kernel statistics. Registration
 * happens on first use only; lookups on the per-job path are Map gets.
 *
 * @example
 * const kid = registry.kernelId(integrate);
 * const epoch = registry.flush(); // after new kernels or arrays
 */
export class KernelRegistry {
  /** The main thread's kernel table (lane 0 knows everything at once). */
  readonly table: KernelTable = createKernelTable();
  /** Every control message so far. */
  readonly log: ControlMessage[] = [];
  private pendingKernels: ControlMessage['kernels'][number][] = [];
  private pendingBuffers: { id: number; array: TypedArray }[] = [];
  private epoch = 0;

  private readonly ids = new Map<JobDef, number>();
  private readonly defs: JobDef[] = [];
  private readonly kernelEpochs = new Int32Array(MAX_KERNELS);
  private readonly statJobs = new Float64Array(MAX_KERNELS);
  private readonly statBatches = new Float64Array(MAX_KERNELS);
  private readonly statBusy = new Float64Array(MAX_KERNELS);

  private readonly bufferIds = new Map<TypedArray, number>();
  private readonly bufferEpochs: number[] = [];
  /** Per buffer id: its access-tracking id. */
  private readonly bufferResources: number[] = [];
  private readonly arrayField = new Map<TypedArray, string>();
  private knownComponents = -1;

  constructor(
    private readonly mem: JobMemory,
    private readonly host: ThreadHost,
    private readonly access: AccessTracker,
    private readonly world: SimWorld | undefined,
  ) {
    // The main thread has every kernel and buffer the moment it registers them.
    this.table.epoch = 0x7fffffff;
  }

  /** The id of a job's kernel, registering it on first use. */
  kernelId(job: JobDef): number {
    return this.ids.get(job) ?? this.register(job);
  }

  /** The job of a kernel id. */
  def(kid: number): JobDef {
    return this.defs[kid]!;
  }

  /** Control epoch a kernel needs on a worker. */
  kernelEpoch(kid: number): number {
    return this.kernelEpochs[kid]!;
  }

  /** The id of an array arg, registering it on first use. */
  bufferId(job: JobDef, arg: string, arr: unknown): number {
    const id = this.bufferIds.get(arr as TypedArray);
    return id !== undefined ? id : this.registerBuffer(job, arg, arr);
  }

  /** Control epoch an array needs on a worker. */
  bufferEpoch(id: number): number {
    return this.bufferEpochs[id]!;
  }

  /** The access-tracking id of a registered buffer. */
  bufferResource(id: number): number {
    return this.bufferResources[id]!;
  }

  /** The access-tracking id of any array (a sync point's too), named by its field when it has one. */
  resource(arr: TypedArray, label: string): number {
    const id = this.access.existingId(arr);
    if (id !== undefined) return id;
    this.refreshFields();
    return this.access.resourceId(arr, this.arrayField.get(arr) ?? label);
  }

  /** Whether registrations wait to be sent. */
  get pending(): boolean {
    return this.pendingKernels.length + this.pendingBuffers.length > 0;
  }

  /** Send pending registrations to the workers as one control message; returns its epoch. */
  flush(): number {
    const epoch = ++this.epoch;
    const memory = sharedKernelMemory();
    const msg: ControlMessage = { epoch, kernels: this.pendingKernels, buffers: this.pendingBuffers, ...(memory ? { memory } : {}) };
    for (const k of this.pendingKernels) this.kernelEpochs[k.id] = epoch;
    for (const b of this.pendingBuffers) this.bufferEpochs[b.id] = epoch;
    this.pendingKernels = [];
    this.pendingBuffers = [];
    this.log.push(msg);
    const ctl = this.mem.ctl;
    Atomics.store(ctl, CTL.EPOCH, epoch);
    this.host.post(msg);
    Atomics.add(ctl, CTL.SIGNAL, 1);
    Atomics.notify(ctl, CTL.SIGNAL);
    return epoch;
  }

  /** Count a completed job. */
  count(kid: number, batches: number, busyMs: number): void {
    this.statJobs[kid]!++;
    this.statBatches[kid]! += batches;
    this.statBusy[kid]! += busyMs;
  }

  /** Per-job figures. */
  stats(): JobStats[] {
    return this.defs.map((d, k) => ({ name: d.name, jobs: this.statJobs[k]!, batches: this.statBatches[k]!, busyMs: this.statBusy[k]!, kernels: kernelPathOf(d) }));
  }

  private register(job: JobDef): number {
    if (this.defs.some((d) => d.name === job.name && d.module === job.module))
      throw new JobDefinitionError(job.name, `another job with this name is already scheduled from ${job.module || 'the same module'}. Job names must be unique per module.`);
    if (this.host.workers > 0 && !job.module)
      throw new JobDefinitionError(job.name, `its module could not be inferred, so workers cannot import it. Pass module: import.meta.url to defineJob.`);
    const id = this.defs.length;
    if (id >= MAX_KERNELS) throw new JobDefinitionError(job.name, `more than ${MAX_KERNELS} distinct jobs are scheduled.`);
    this.defs.push(job);
    this.ids.set(job, id);
    this.table.kernels[id] = job;
    const bundle = workerBundleOf(job);
    this.pendingKernels.push({ id, module: job.module, name: job.name, ...(bundle ? { bundle } : {}) });
    return id;
  }

  private registerBuffer(job: JobDef, arg: string, arr: unknown): number {
    if (arr === UNSET_ARRAY) throw new JobArgsError(job.name, `array arg "${arg}" was never set. Pass it to createArgs({ ${arg}: … }) or assign args.${arg} before scheduling.`);
    if (!ArrayBuffer.isView(arr) || arr instanceof DataView)
      throw new JobArgsError(job.name, `arg "${arg}" must be a typed array, got ${arr === null ? 'null' : typeof arr}.`);
    const ta = arr as TypedArray;
    if (this.host.workers > 0 && !(ta.buffer instanceof SharedArrayBuffer))
      throw new JobArgsError(job.name, `arg "${arg}" is not backed by a SharedArrayBuffer, so workers cannot see it. Allocate it with allocateBuffer() (tickflow/ecs) or use a component field.`);
    const id = this.bufferEpochs.length;
    this.bufferIds.set(ta, id);
    this.bufferEpochs.push(0);
    this.bufferResources.push(this.resource(ta, `array "${arg}" of job "${job.name}"`));
    this.table.buffers[id] = ta;
    this.pendingBuffers.push({ id, array: ta });
    return id;
  }

  private refreshFields(): void {
    const w = this.world;
    if (!w || w.components.length === this.knownComponents) return;
    this.knownComponents = w.components.length;
    for (const c of w.components) for (const f of c.fields) this.arrayField.set(f.array, f.key);
  }
}
