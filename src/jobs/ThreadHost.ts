import type { EmbeddedBundle } from './compiledKernels.ts';
import type { JobMemory } from './JobMemory.ts';
import type { TypedArray } from '../ecs/Component.ts';

/**
 * A batch of control changes for workers: kernels to import and SAB-backed
 * arrays to know by id. Workers apply them in epoch order and store the epoch in
 * their lane's EPOCH_ACK word; jobs carry the epoch they need, so a worker that
 * is behind leaves them to the others. Nothing here is on the per-frame path.
 */
export interface ControlMessage {
  readonly epoch: number;
  /** Kernels to import; `bundle` when the job runs compiled (the worker attaches it and runs it compiled too). */
  readonly kernels: readonly { readonly id: number; readonly module: string; readonly name: string; readonly bundle?: EmbeddedBundle }[];
  readonly buffers: readonly { readonly id: number; readonly array: TypedArray }[];
  /** The main thread's kernel memory (shared), so workers run compiled kernels over the same bytes. */
  readonly memory?: WebAssembly.Memory;
}

/**
 * Where job threads come from. The scheduler owns the shared memory and the
 * protocol (SAB ring, Atomics.add claims, futex wake-ups, lane words); a host
 * only starts threads that run `runJobWorkerLoop` (workers/jobWorkerLoop.ts)
 * over that memory, delivers control messages to them, reports dead threads
 * with `markLaneDead`, and runs coarse pool tasks. Hosts: InlineHost (no
 * threads), NodeThreadHost (piscina), and the browser host (comlink-driven Web
 * Workers built by Vite) which implements the same five members.
 *
 * @example
 * const jobs = new JobScheduler({ host: new NodeThreadHost({ workers: 2 }) });
 * await jobs.ready();
 */
export interface ThreadHost {
  /** `inline`, `node`, `browser`: for reports. */
  readonly kind: string;
  /** Worker lanes this host provides (lanes 1..workers; lane 0 is the main thread). */
  readonly workers: number;
  /** Whether the main thread may block in Atomics.wait (false on a browser main thread: it spins). */
  readonly canBlock: boolean;
  /**
   * Start the threads over `memory`. `log` holds every control message so far (in
   * epoch order) and keeps growing; a thread that joins late (a replacement) gets
   * all of it before it runs jobs.
   */
  start(memory: JobMemory, log: readonly ControlMessage[]): void;
  /** Deliver one new control message to every live thread (it is already appended to the log). */
  post(message: ControlMessage): void;
  /** Run `name` exported by `module` (a pool task) with `input` on a pool thread. */
  runOnPool(module: string, name: string, input: unknown): Promise<unknown>;
  /**
   * Find lanes whose thread has died and mark them dead (their batches fail) without
   * waiting for the event loop; called by a main thread that waits without progress.
   * Hosts whose deaths are seen otherwise leave it out.
   */
  pollLanes?(): void;
  /** The last error a thread raised outside a job (e.g. failing to start), if the host keeps one. */
  readonly lastError?: unknown;
  /** End every thread; resolves when they are gone. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * No threads: the main thread runs every batch inside `complete()`, through the
 * same records and kernels as the threaded hosts, so results are identical.
 * Also the fallback where SharedArrayBuffer is unavailable.
 *
 * @example
 * const jobs = new JobScheduler({ host: new InlineHost() });
 */
export class InlineHost implements ThreadHost {
  readonly kind = 'inline';
  readonly workers = 0;
  readonly canBlock = false;
  start(): void {}
  post(): void {}
  async runOnPool(module: string, name: string, input: unknown): Promise<unknown> {
    const { loadPoolTask } = await import('./loadExports.ts');
    return (await loadPoolTask(module, name)).run(input);
  }
  async dispose(): Promise<void> {}
}
