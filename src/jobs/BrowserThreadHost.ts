import * as Comlink from 'comlink';
import { L, LANE, markLaneDead, type JobMemory } from './JobMemory.ts';
import type { ControlMessage, ThreadHost } from './ThreadHost.ts';
import { JobWorkerError, checkWorkerCount } from './errors.ts';
import type { BrowserJobWorkerApi, BrowserWorkerStats } from './BrowserWorkerApi.ts';

export type { BrowserWorkerStats } from './BrowserWorkerApi.ts';

/** Options of {@link BrowserThreadHost}. */
export interface BrowserThreadHostOptions {
  /** Worker lanes (1..workers); lane 0 is the page's main thread. */
  workers: number;
  /** A worker failed outside a kernel (uncaught error, module load failure): show it (the app's error panel). */
  onError?: (err: JobWorkerError) => void;
  /** Replacements started per lane before giving up on it (default 3). */
  maxRestarts?: number;
}

/** How long dispose() waits for a worker's loop to end before terminating it anyway. */
const STOP_TIMEOUT_MS = 1000;

/**
 * Browser threads: module Web Workers built by Vite from
 * workers/browserJobWorker.ts, driven through comlink for the cold path (start,
 * load kernel modules, attach the SABs, stats, stop, pool tasks); the hot path
 * is the same SAB ring and Atomics as in Node. Needs cross-origin isolation
 * (SharedArrayBuffer); without it use InlineHost. The page's main thread never
 * blocks in Atomics.wait (`canBlock` false): it runs batches itself while it
 * waits in complete() and spins only for the tail of the last batch (see
 * docs/app.md). A worker's `error` event marks its lane dead (the batch it held
 * fails with JobWorkerLostError), reports a {@link JobWorkerError} and starts a
 * replacement.
 *
 * @example
 * const host = new BrowserThreadHost({ workers: navigator.hardwareConcurrency - 1, onError: (e) => panel.report(e) });
 * const jobs = new JobScheduler({ host });
 * await jobs.ready();
 * await jobs.dispose(); // ends the workers
 */
export class BrowserThreadHost implements ThreadHost {
  readonly kind = 'browser';
  readonly canBlock = false;
  readonly workers: number;
  private readonly threads: (Worker | undefined)[] = [];
  private readonly remotes: (Comlink.Remote<BrowserJobWorkerApi> | undefined)[] = [];
  private readonly restarts: number[] = [];
  private readonly opts: BrowserThreadHostOptions;
  private mem: JobMemory | null = null;
  private log: readonly ControlMessage[] = [];
  private disposed = false;

  constructor(opts: BrowserThreadHostOptions) {
    this.opts = opts;
    checkWorkerCount('BrowserThreadHost', opts.workers);
    this.workers = opts.workers;
  }

  /** Worker threads alive now (0 after dispose). */
  get liveThreads(): number {
    let n = 0;
    for (const w of this.threads) if (w) n++;
    return n;
  }

  start(memory: JobMemory, log: readonly ControlMessage[]): void {
    this.mem = memory;
    this.log = log;
    for (let lane = 1; lane <= this.workers; lane++) this.spawn(lane);
  }

  post(message: ControlMessage): void {
    for (const r of this.remotes) if (r) void r.load(message);
  }

  runOnPool(module: string, name: string, input: unknown): Promise<unknown> {
    // Any lane's worker: their loops sleep with waitAsync between frames, so calls get through.
    const r = this.remotes[1 + Math.floor(Math.random() * this.workers)];
    if (!r) return Promise.reject(new JobWorkerError(0, 'no worker is running to take the pool task'));
    return r.call(module, name, input);
  }

  /** Each worker's lane, applied epoch, batches run and loaded kernels. */
  async stats(): Promise<BrowserWorkerStats[]> {
    const out = await Promise.all(this.remotes.map((r) => (r ? r.stats() : null)));
    return out.filter((s): s is BrowserWorkerStats => s != null);
  }

  /**
   * End every worker: the scheduler has set SHUTDOWN and woken the lanes, so each
   * loop returns; wait for that (bounded), then terminate the threads.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const remotes = this.remotes.splice(0);
    const threads = this.threads.splice(0);
    await Promise.all(
      remotes.map((r) => (r ? Promise.race([r.stop(), new Promise<void>((res) => setTimeout(res, STOP_TIMEOUT_MS))]).catch(() => undefined) : undefined)),
    );
    for (const r of remotes) r?.[Comlink.releaseProxy]();
    for (const w of threads) w?.terminate();
  }

  private spawn(lane: number): void {
    const mem = this.mem!;
    // Vite bundles the entry (and the kernel modules its registry names) as a worker chunk.
    const w = new Worker(new URL('../../workers/browserJobWorker.ts', import.meta.url), { type: 'module', name: `tickflow-lane-${lane}` });
    this.threads[lane] = w;
    const remote = Comlink.wrap<BrowserJobWorkerApi>(w);
    this.remotes[lane] = remote;
    w.addEventListener('error', (e) => {
      e.preventDefault();
      this.fail(lane, w, e.message || 'the worker script failed to load or threw');
    });
    w.addEventListener('messageerror', () => this.fail(lane, w, 'a message from the worker could not be deserialized'));
    const onError = Comlink.proxy((message: string) => this.fail(lane, w, message));
    void remote.start(lane, mem, [...this.log], onError).catch((err: unknown) => this.fail(lane, w, err instanceof Error ? err.message : String(err)));
  }

  /** A worker died or its loop failed: fail its batch, report, replace it (a few times). */
  private fail(lane: number, w: Worker, message: string): void {
    if (this.disposed || this.threads[lane] !== w) return;
    const mem = this.mem!;
    markLaneDead(mem, lane);
    w.terminate();
    this.remotes[lane]?.[Comlink.releaseProxy]();
    this.threads[lane] = undefined;
    this.remotes[lane] = undefined;
    this.opts.onError?.(new JobWorkerError(lane, message));
    const n = (this.restarts[lane] ?? 0) + 1;
    this.restarts[lane] = n;
    if (n > (this.opts.maxRestarts ?? 3)) return;
    Atomics.store(mem.lanes, lane * L.STRIDE + L.STATE, LANE.FREE);
    this.spawn(lane);
  }
}
