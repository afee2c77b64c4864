import * as Comlink from 'comlink';
import { L, LANE, markLaneDead, type JobMemory } from './JobMemory.ts';
import type { ControlMessage, ThreadHost } from './ThreadHost.ts';
import type { BrowserJobWorkerApi } from '../../workers/browserJobWorker.ts';

/**
 * Browser threads: module Web Workers built by Vite from
 * workers/browserJobWorker.ts, driven through comlink for the cold path
 * (attach, control messages, pool tasks); the hot path is the same SAB ring and
 * Atomics as in Node. Needs cross-origin isolation (SharedArrayBuffer); without
 * it use InlineHost. The main thread never blocks (canBlock false: it spins
 * while it waits in complete()). Written against the same interface as
 * NodeThreadHost; exercised by the browser app (issue 6/7), not by Node tests.
 *
 * @example
 * const jobs = new JobScheduler({ host: new BrowserThreadHost({ workers: navigator.hardwareConcurrency - 1 }) });
 * await jobs.ready();
 */
export class BrowserThreadHost implements ThreadHost {
  readonly kind = 'browser';
  readonly canBlock = false;
  readonly workers: number;
  private readonly threads: Worker[] = [];
  private readonly remotes: Comlink.Remote<BrowserJobWorkerApi>[] = [];
  private mem: JobMemory | null = null;
  private log: readonly ControlMessage[] = [];

  constructor(opts: { workers: number }) {
    this.workers = opts.workers;
  }

  start(memory: JobMemory, log: readonly ControlMessage[]): void {
    this.mem = memory;
    this.log = log;
    for (let lane = 1; lane <= this.workers; lane++) this.spawn(lane);
  }

  post(message: ControlMessage): void {
    for (const r of this.remotes) if (r) void r.control(message);
  }

  runOnPool(module: string, name: string, input: unknown): Promise<unknown> {
    // Round-robin over the lanes' workers: their loops sleep with waitAsync, so calls get through.
    const r = this.remotes[1 + Math.floor(Math.random() * this.workers)]!;
    return r.call(module, name, input);
  }

  async dispose(): Promise<void> {
    for (const w of this.threads) w?.terminate();
  }

  private spawn(lane: number): void {
    const mem = this.mem!;
    const w = new Worker(new URL('../../workers/browserJobWorker.ts', import.meta.url), { type: 'module', name: `tickflow-lane-${lane}` });
    this.threads[lane] = w;
    const remote = Comlink.wrap<BrowserJobWorkerApi>(w);
    this.remotes[lane] = remote;
    // An uncaught error ends the worker's loop: fail its batch and start a replacement.
    w.addEventListener('error', () => {
      markLaneDead(mem, lane);
      w.terminate();
      Atomics.store(mem.lanes, lane * L.STRIDE + L.STATE, LANE.FREE);
      this.spawn(lane);
    });
    void remote.attach(lane, mem, [...this.log]);
  }
}
