/// <reference types="vite/client" />
/**
 * The browser worker entry (built by Vite as a module worker; BrowserThreadHost
 * drives it through comlink). It runs the same loop as the Node entry: only the
 * module loader (the bundle's kernel module registry, keyed by root-relative
 * path, shared with the page) and the way to yield differ. Comlink carries the
 * cold path only: start, control messages (kernels to load, arrays to know),
 * stats, stop, pool calls. Jobs flow through the SAB ring.
 */
import * as Comlink from 'comlink';
import { L, LANE, markLaneDead, type JobMemory } from '../src/jobs/JobMemory.ts';
import { setModuleLoader, loadPoolTask } from '../src/jobs/loadExports.ts';
import { loadKernelModule } from '../src/jobs/BrowserKernelModules.ts';
import type { ControlMessage } from '../src/jobs/ThreadHost.ts';
import type { BrowserJobWorkerApi, BrowserWorkerStats } from '../src/jobs/BrowserWorkerApi.ts';
import { compiledCalls, kernelPathOf } from '../src/jobs/compiledKernels.ts';
import { createWorkerState, applyControl, runJobWorkerLoop, type WorkerState } from './jobWorkerLoop.ts';

setModuleLoader(loadKernelModule);

let state: WorkerState | null = null;
let loop: Promise<void> = Promise.resolve();

// A MessageChannel tick lets the event loop deliver comlink messages without
// setTimeout's 4 ms clamp for nested timers.
const tick = new MessageChannel();
const ticks: (() => void)[] = [];
tick.port1.onmessage = () => ticks.shift()?.();
const yieldToHost = (): Promise<void> =>
  new Promise((resolve) => {
    ticks.push(resolve);
    tick.port2.postMessage(0);
  });

/** What the main thread calls through comlink (the contract is the host's, in src/jobs). */
const api = {
  /** Become lane `lane` over `mem`: apply the control log so far, then run the job loop until shutdown. */
  start(lane: number, mem: JobMemory, log: ControlMessage[], onError: (message: string) => void): boolean {
    if (state) return false;
    const s = createWorkerState({ mem, lane, yieldToHost });
    state = s;
    for (const m of log) void applyControl(s, m);
    Atomics.store(mem.lanes, lane * L.STRIDE + L.STATE, LANE.ALIVE);
    // Start after this call's reply is posted: the loop runs synchronously while jobs flow.
    loop = yieldToHost().then(() =>
      runJobWorkerLoop(s).catch((err: unknown) => {
        markLaneDead(mem, lane);
        void onError(err instanceof Error ? (err.stack ?? err.message) : String(err));
      }),
    );
    return true;
  },
  /** Apply a control message: load its kernel modules, learn its arrays. */
  load(msg: ControlMessage): Promise<void> {
    return state ? applyControl(state, msg) : Promise.resolve();
  },
  stats(): BrowserWorkerStats | null {
    if (!state) return null;
    const { mem, lane } = state.env;
    const defs = state.table.kernels.filter((k) => k !== undefined);
    const calls = { wasm: 0, js: 0 };
    for (const d of defs) {
      const c = compiledCalls(d);
      calls.wasm += c?.wasm ?? 0;
      calls.js += c?.js ?? 0;
    }
    return { lane, epoch: state.table.epoch, batches: mem.lanes[lane * L.STRIDE + L.BATCHES]!, kernels: defs.map((k) => k.name), paths: defs.map((d) => kernelPathOf(d)), compiledCalls: calls };
  },
  /** Resolves when the job loop has ended (the scheduler sets SHUTDOWN first). */
  stop(): Promise<void> {
    return loop;
  },
  async call(module: string, name: string, input: unknown): Promise<unknown> {
    return (await loadPoolTask(module, name)).run(input);
  },
} satisfies BrowserJobWorkerApi;

Comlink.expose(api);
