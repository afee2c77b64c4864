/// <reference types="vite/client" />
/**
 * The browser worker entry (built by Vite as a module worker; BrowserThreadHost
 * drives it through comlink). It runs the same loop as the Node entry: only the
 * module loader (an import.meta.glob registry, keyed by root-relative path) and
 * the way to yield differ.
 */
import * as Comlink from 'comlink';
import { L, LANE, markLaneDead, type JobMemory } from '../src/jobs/JobMemory.ts';
import { setModuleLoader, loadPoolTask } from '../src/jobs/loadExports.ts';
import type { ControlMessage } from '../src/jobs/ThreadHost.ts';
import { createWorkerState, applyControl, runJobWorkerLoop, type WorkerState } from './jobWorkerLoop.ts';

// Kernel modules the app may schedule from; a job's module id is its root-relative path.
const modules = import.meta.glob(['/scenes/*/jobs.ts', '/src/**/jobs.ts']);
setModuleLoader((id) => {
  const load = modules[id];
  if (!load) return Promise.reject(new Error(`no kernel module "${id}" in the worker bundle; kernel modules live at scenes/<id>/jobs.ts`));
  return load() as Promise<Record<string, unknown>>;
});

let state: WorkerState | null = null;

/** What the main thread calls through comlink. */
const api = {
  attach(lane: number, mem: JobMemory, log: ControlMessage[]): boolean {
    if (state) return false;
    const s = createWorkerState({ mem, lane, yieldToHost: () => new Promise((r) => setTimeout(r, 0)) });
    state = s;
    for (const m of log) void applyControl(s, m);
    Atomics.store(mem.lanes, lane * L.STRIDE + L.STATE, LANE.ALIVE);
    setTimeout(() => {
      runJobWorkerLoop(s).catch(() => markLaneDead(mem, lane));
    }, 0);
    return true;
  },
  control(msg: ControlMessage): void {
    if (state) void applyControl(state, msg);
  },
  async call(module: string, name: string, input: unknown): Promise<unknown> {
    return (await loadPoolTask(module, name)).run(input);
  },
};

/** The worker's comlink API type, for the host. */
export type BrowserJobWorkerApi = typeof api;

Comlink.expose(api);
