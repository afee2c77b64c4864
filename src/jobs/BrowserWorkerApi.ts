import type { JobMemory } from './JobMemory.ts';
import type { ControlMessage } from './ThreadHost.ts';
import type { KernelPath } from './compiledKernels.ts';

/** What a browser worker reports through {@link BrowserJobWorkerApi.stats}. */
export interface BrowserWorkerStats {
  readonly lane: number;
  /** Control epoch applied (kernels and arrays known). */
  readonly epoch: number;
  /** Batches this lane ran. */
  readonly batches: number;
  /** Names of the kernels this worker loaded. */
  readonly kernels: string[];
  /** The path each of those kernels takes on this worker (same order): wasm when the page sent its compiled bundle. */
  readonly paths: KernelPath[];
  /** Calls of compiled kernels on this worker that ran compiled, and that handed over to the JS kernel. */
  readonly compiledCalls: { readonly wasm: number; readonly js: number };
}

/**
 * The contract between {@link BrowserThreadHost} and the worker entry
 * (workers/browserJobWorker.ts), which implements it and exposes it through
 * comlink. Declared here, on the host's side, so that src/ never imports
 * workers/: the worker entry imports this and says it `satisfies` it.
 */
export interface BrowserJobWorkerApi {
  /** Become lane `lane` over `mem`: apply the control log so far, then run the job loop until shutdown. */
  start(lane: number, mem: JobMemory, log: ControlMessage[], onError: (message: string) => void): boolean;
  /** Apply a control message: load its kernel modules, learn its arrays. */
  load(msg: ControlMessage): Promise<void>;
  stats(): BrowserWorkerStats | null;
  /** Resolves when the job loop has ended (the scheduler sets SHUTDOWN first). */
  stop(): Promise<void>;
  /** Run a pool task. */
  call(module: string, name: string, input: unknown): Promise<unknown>;
}
