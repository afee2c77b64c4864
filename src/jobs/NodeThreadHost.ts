import Piscina from 'piscina';
import { MessageChannel, type MessagePort, type Worker, type ResourceLimits } from 'node:worker_threads';
import { releaseSemiSpaceFlags } from './releaseSemiSpaceFlags.ts';
import { L, LANE, CTL, markLaneDead, type JobMemory } from './JobMemory.ts';
import { checkWorkerCount } from './errors.ts';
import type { ControlMessage, ThreadHost } from './ThreadHost.ts';

/** Options of {@link NodeThreadHost}. */
export interface NodeThreadHostOptions {
  /** Worker threads (job lanes besides the main thread). */
  workers: number;
  /**
   * Per-worker V8 limits (e.g. `{ maxOldGenerationSizeMb: 64 }`): a kernel that exceeds
   * them kills only its thread. Merged over {@link WORKER_RESOURCE_LIMITS}.
   */
  resourceLimits?: ResourceLimits;
}

/**
 * What every job worker gets unless told otherwise: a normal young generation
 * (V8's own default on 64-bit), whatever heap flags the main thread was started
 * with. Old generation and stack stay V8's defaults.
 */
export const WORKER_RESOURCE_LIMITS: Readonly<ResourceLimits> = Object.freeze({ maxYoungGenerationSizeMb: 48 });

const ENTRY = new URL('../../workers/nodeJobWorker.mjs', import.meta.url);

/**
 * Node threads through piscina: one pool, created once, `minThreads = maxThreads
 * = workers`, never shrinking. Each thread is turned into a job lane by an
 * `attach` task (which starts the shared worker loop and returns), so the same
 * threads also serve {@link runOnPool} tasks while their loop sleeps. A thread
 * that exits (process.exit, out of memory) is marked dead (its batch fails),
 * piscina starts a replacement, and the replacement is attached to the lane.
 *
 * @example
 * const jobs = new JobScheduler({ host: new NodeThreadHost({ workers: 3 }) });
 * await jobs.ready();
 */
export class NodeThreadHost implements ThreadHost {
  /**
   * The last error a pool thread raised outside a task before every lane had
   * started once (a worker that failed to start, say): `ready()` reports it.
   */
  lastError: unknown = null;
  /** The last error any pool thread raised outside a task, later ones included (a lane that died). */
  lastThreadError: unknown = null;
  readonly kind = 'node';
  readonly canBlock = true;
  readonly workers: number;
  private readonly pool: Piscina;
  private mem: JobMemory | null = null;
  private log: readonly ControlMessage[] = [];
  private readonly ports: (MessagePort | null)[] = [];
  /** The thread serving each lane (index = lane), for the synchronous liveness probe. */
  private readonly laneWorker: (Worker | null)[] = [];
  private readonly hooked = new WeakSet<Worker>();
  /** Threads an attach task was sent to: each thread serves one lane, so none gets a second. */
  private readonly claimedThreads = new Set<number>();
  private attaching = 0;
  /** Lanes that have had a live thread at least once. */
  private readonly started = new Set<number>();
  private disposed = false;
  private closing: Promise<void> | null = null;

  constructor(opts: NodeThreadHostOptions) {
    checkWorkerCount('NodeThreadHost', opts.workers);
    this.workers = opts.workers;
    releaseSemiSpaceFlags();
    this.pool = new Piscina({
      filename: ENTRY.href,
      minThreads: opts.workers,
      maxThreads: opts.workers,
      idleTimeout: 2 ** 30,
      // Piscina's own Atomics.wait between tasks would block the detached job loop.
      atomics: 'disabled',
      concurrentTasksPerWorker: 1,
      execArgv: workerExecArgv(process.execArgv),
      resourceLimits: { ...WORKER_RESOURCE_LIMITS, ...opts.resourceLimits },
      loadBalancer: (task, workers) => this.balance(task.name, workers),
    });
    // A worker that dies with no task running is reported here; lanes learn of it through
    // 'exit'. Kept so that ready() can say why a lane never started, instead of timing out.
    this.pool.on('error', (err: unknown) => {
      this.lastThreadError = err;
      if (this.started.size < this.workers) this.lastError = err;
    });
    this.pool.on('workerCreate', () => this.attachFreeLanes());
  }

  /**
   * Piscina's balancer: a task goes to the first idle thread (piscina's own rule with
   * one task per thread), except that an `attach` task goes only to a thread that
   * serves no lane yet (a replacement still starting waits for it), so a lane is
   * never left asking the busy threads while its new thread is ignored.
   */
  private balance(task: string, workers: readonly PoolThread[]): PoolThread | null {
    for (const w of workers) {
      if (w.currentUsage !== 0) continue;
      if (task !== 'attach') return w;
      if (this.claimedThreads.has(w.id)) continue;
      this.claimedThreads.add(w.id);
      return w;
    }
    return null;
  }

  start(memory: JobMemory, log: readonly ControlMessage[]): void {
    this.mem = memory;
    this.log = log;
    for (let l = 1; l <= this.workers; l++) this.ports[l] = null;
    this.attachFreeLanes();
  }

  post(message: ControlMessage): void {
    for (let l = 1; l <= this.workers; l++) this.ports[l]?.postMessage(message);
  }

  runOnPool(module: string, name: string, input: unknown): Promise<unknown> {
    return this.pool.run({ kind: 'call', module, name, input });
  }

  dispose(): Promise<void> {
    if (this.closing) return this.closing;
    this.disposed = true;
    for (const p of this.ports) p?.close();
    this.closing = this.pool.destroy().catch(() => {});
    return this.closing;
  }

  /** Attach a thread to every lane that has none; retried until each lane is live. */
  private attachFreeLanes(): void {
    const mem = this.mem;
    if (!mem || this.disposed) return;
    for (let l = 1; l <= this.workers; l++) {
      if (this.ports[l] !== null || Atomics.load(mem.lanes, l * L.STRIDE + L.STATE) === LANE.ALIVE) continue;
      void this.attach(l, 0);
    }
  }

  private async attach(lane: number, attempt: number): Promise<void> {
    const mem = this.mem!;
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    this.ports[lane] = port1;
    this.attaching++;
    let res: { ok: boolean; threadId: number } | undefined;
    try {
      res = (await this.pool.run({ kind: 'attach', lane, mem, log: [...this.log], port: port2 }, { name: 'attach', transferList: [port2] })) as { ok: boolean; threadId: number };
    } catch {
      res = undefined;
    } finally {
      this.attaching--;
    }
    if (this.disposed) return;
    if (!res?.ok) {
      // The task landed on a thread that already runs a lane (piscina cannot aim a task at
      // the thread still starting): try again until that one takes it, however slowly it
      // starts; ready() bounds the wait and says which lane never started.
      port1.close();
      this.ports[lane] = null;
      setTimeout(() => {
        if (this.ports[lane] === null && !this.disposed) void this.attach(lane, attempt + 1);
      }, Math.min(50, 10 + attempt)).unref();
      return;
    }
    // Messages posted while the attach was in flight queued on the port; the worker skips duplicates by epoch.
    this.started.add(lane);
    const w = this.pool.threads.find((t) => t.threadId === res.threadId);
    if (!w) {
      // It died between starting the lane and this reply: no 'exit' will name it.
      markLaneDead(mem, lane);
      this.ports[lane] = null;
      port1.close();
      Atomics.store(mem.lanes, lane * L.STRIDE + L.STATE, LANE.FREE);
      setTimeout(() => this.attachFreeLanes(), 0).unref();
      return;
    }
    this.laneWorker[lane] = w;
    if (this.hooked.has(w)) return;
    this.hooked.add(w);
    w.once('exit', () => this.onExit(w));
  }

  /**
   * Look for lanes whose thread has stopped, without the event loop: a main
   * thread blocked in `complete()` gets no 'exit' event until it returns, so
   * the scheduler calls this while it waits without progress. A stopped
   * thread's event-loop idle time reads negative (Node sets it under the
   * worker's mutex when its environment is torn down: process.exit, an
   * uncaught throw, the heap limit, terminate). Allocates a few small objects
   * per lane, so it is for the slow path only.
   */
  pollLanes(): void {
    for (let l = 1; l <= this.workers; l++) {
      const w = this.laneWorker[l];
      if (w && threadStopped(w)) this.laneLost(l);
    }
  }

  /** Threads of this host's pool that are running (a replacement counts once it has started). */
  get liveThreads(): number {
    let n = 0;
    for (const w of this.pool.threads) if (!threadStopped(w)) n++;
    return n;
  }

  /**
   * Fault injection for tests and soak runs: terminate the thread of `lane` as a
   * crash would (its batch in flight is lost); the pool starts a replacement.
   */
  terminateLane(lane: number): Promise<number> {
    const w = this.laneWorker[lane];
    if (!w) return Promise.resolve(-1);
    return w.terminate();
  }

  private onExit(w: Worker): void {
    const lane = this.laneWorker.indexOf(w);
    if (lane > 0) this.laneLost(lane);
  }

  /** The thread of `lane` is gone (seen by its 'exit' event or by {@link pollLanes}, whichever is first). */
  private laneLost(lane: number): void {
    const mem = this.mem;
    if (!mem || this.disposed || Atomics.load(mem.ctl, CTL.SHUTDOWN) !== 0 || !this.laneWorker[lane]) return;
    this.laneWorker[lane] = null;
    markLaneDead(mem, lane);
    this.ports[lane]?.close();
    this.ports[lane] = null;
    // Free the lane for the replacement piscina starts (minThreads).
    Atomics.store(mem.lanes, lane * L.STRIDE + L.STATE, LANE.FREE);
    setTimeout(() => this.attachFreeLanes(), 0).unref();
  }
}

/** A pool thread as piscina's balancer sees it. */
type PoolThread = Parameters<NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>>[1][number];

/** Whether a worker's thread has stopped; see {@link NodeThreadHost.pollLanes}. */
function threadStopped(w: Worker): boolean {
  const u = w.performance.eventLoopUtilization();
  // Negative idle: torn down. All zero: the handle is gone (its 'exit' was processed).
  return u.idle < 0 || (u.idle === 0 && u.active === 0);
}

/**
 * The flags a job worker starts with: the parent's module-loading flags (`--import`,
 * `--require`, `--conditions`, …) less `--import` of a TypeScript module. V8 flags
 * (`--expose-gc`, heap sizes) are process-wide and a worker may not be given them;
 * and in a worker thread the preloads run before any loader hook applies to that
 * thread, so a `.ts` preload (the coroutine builder's or the release hooks'
 * register module) would kill the worker at birth. The worker entry registers tsx
 * itself and adds the release hooks when NODE_ENV is production.
 *
 * @example
 * workerExecArgv(['--expose-gc', '--import', 'tsx', '--import', './src/build/register.ts']) // ['--import', 'tsx']
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  const withValue = /^(--import|--require|-r|--loader|--experimental-loader|--conditions|-C)$/;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = /^(--import|--require|--loader|--experimental-loader|--conditions)=(.*)$/.exec(a);
    if (withValue.test(a) || eq) {
      const value = eq ? eq[2]! : (argv[++i] ?? '');
      const flag = eq ? eq[1]! : a;
      if ((flag === '--import' || flag === '--require' || flag === '-r') && /\.[cm]?ts$/.test(value)) continue;
      out.push(flag, value);
    } else if (a === '--enable-source-maps' || a === '--no-warnings' || a.startsWith('--experimental-')) out.push(a);
  }
  return out;
}
