/**
 * Which kernel a job runs: its JS kernel or its compiled one. The build (Vite
 * plugin, Node loader hooks) attaches a module's compiled kernels with
 * {@link attachCompiledKernels}; the job executor asks {@link kernelOf} per job.
 * The path is chosen globally (`setKernelPath`, `TICKFLOW_KERNELS=js|wasm`, the
 * app's `?kernels=js`) and per job (`setKernelPath('wasm', 'particles.integrate')`).
 * Compiled kernels run over this thread's kernel memory; on a thread without the
 * compiled module (or for arrays outside that memory) the JS kernel runs.
 */
import type { ArgSchema, JobDef, Kernel } from './defineJob.ts';
import { instantiateKernels, type CompiledKernel, type CompiledKernels, type KernelBundle } from './WasmKernels.ts';
import { kernelMemory } from '../ecs/kernelMemory.ts';

/** A kernel path. */
export type KernelPath = 'js' | 'wasm';

const compiled = new Map<JobDef, CompiledKernel>();
/** The bundle each compiled job came from, sent to workers with the job's registration. */
const bundles = new Map<JobDef, EmbeddedBundle>();
const perJob = new Map<string, KernelPath>();
const envPath = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TICKFLOW_KERNELS;
let globalPath: KernelPath = envPath === 'wasm' ? 'wasm' : 'js';
/** Bumped whenever a job's kernel may change (a path switch, a module attached): executors cache kernels under it. */
let version = 0;

/** The version of every job's kernel choice; {@link kernelOf} answers the same until it changes. */
export function kernelChoiceVersion(): number {
  return version;
}

/**
 * Choose the kernel path, for every job or for one job by name.
 *
 * @example
 * setKernelPath('wasm');                      // all compiled jobs
 * setKernelPath('js', 'boids.steer');         // except this one
 */
export function setKernelPath(path: KernelPath, job?: string): void {
  if (path !== 'js' && path !== 'wasm') throw new Error(`Unknown kernel path "${String(path)}". Use "js" or "wasm".`);
  if (job === undefined) globalPath = path;
  else perJob.set(job, path);
  version++;
}

/**
 * The global path (what `setKernelPath(path)` set last, else `TICKFLOW_KERNELS`, else js):
 * a job takes it unless it has a path of its own or no compiled kernel.
 *
 * @example
 * globalKernelPath() // 'js'
 */
export function globalKernelPath(): KernelPath {
  return globalPath;
}

/** The path a job takes: 'wasm' only when it has a compiled kernel on this thread and the switch allows it. */
export function kernelPathOf<A extends ArgSchema>(def: JobDef<A>): KernelPath {
  return (perJob.get(def.name) ?? globalPath) === 'wasm' && compiled.has(def as unknown as JobDef) ? 'wasm' : 'js';
}

/** The kernel to run for a job, by the current switch. */
export function kernelOf(def: JobDef): Kernel<ArgSchema> {
  return kernelPathOf(def) === 'wasm' ? compiled.get(def)!.kernel : def.kernel;
}

/**
 * How often a job's compiled kernel ran compiled and how often it handed over to
 * the JS kernel (arrays outside the kernel memory, scalars outside their compiled
 * range); null when the job has no compiled kernel on this thread.
 *
 * @example
 * compiledCalls(integrate) // { wasm: 120, js: 0 }
 */
export function compiledCalls<A extends ArgSchema>(def: JobDef<A>): { wasm: number; js: number } | null {
  const c = compiled.get(def as unknown as JobDef);
  return c ? { wasm: c.counts[0]!, js: c.counts[1]! } : null;
}

/** A bundle as the build embeds it (binaries base64-encoded). */
export interface EmbeddedBundle extends Omit<KernelBundle, 'wasm' | 'wasmUnshared'> {
  readonly wasm: string;
  readonly wasmUnshared: string | null;
}

function decode(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Attach a module's compiled kernels to its job definitions (called by build-generated code).
 * A module that fails to instantiate is reported with a warning and its jobs keep their JS kernels.
 *
 * @example
 * attachCompiledKernels(bundle, [integrate]);
 */
export function attachCompiledKernels(bundle: EmbeddedBundle, defs: readonly JobDef[]): void {
  const js: Record<string, Kernel<ArgSchema>> = {};
  for (const d of defs) js[d.name] = d.kernel;
  let kernels: CompiledKernels;
  try {
    kernels = instantiateKernels({ ...bundle, wasm: decode(bundle.wasm), wasmUnshared: bundle.wasmUnshared ? decode(bundle.wasmUnshared) : null }, kernelMemory(), js);
  } catch (err) {
    // A module this engine cannot instantiate (no SIMD, a memory it refuses, a corrupt bundle)
    // must not take the scene down: its jobs keep their JS kernels, which exact mode equals.
    console.warn(
      `tickflow: the compiled kernels of ${bundle.file} did not instantiate (${err instanceof Error ? err.message : String(err)}); ` +
        `${defs.map((d) => d.name).join(', ')} run their JS kernels. Rebuild, or run with kernels=js to silence this.`,
    );
    return;
  }
  for (const d of defs) {
    const k = kernels.get(d.name);
    if (!k) continue;
    compiled.set(d, k);
    bundles.set(d, bundle);
  }
  version++;
}

/**
 * What a worker needs to run a job compiled, when this thread runs it compiled:
 * the bundle (workers instantiate it over the kernel memory they were sent), else null.
 */
export function workerBundleOf<A extends ArgSchema>(def: JobDef<A>): EmbeddedBundle | null {
  const d = def as unknown as JobDef;
  return kernelPathOf(d) === 'wasm' ? (bundles.get(d) ?? null) : null;
}
