/// <reference types="vite/client" />
import { isJobDef } from './defineJob.ts';
import { isPoolTask } from './definePoolTask.ts';
import { KernelModuleNotFoundError } from './errors.ts';

/**
 * The kernel modules a browser bundle carries, keyed by root-relative source
 * path (`/scenes/particles/jobs.ts`). The page and every worker import this
 * same file, so Vite expands the same glob on both sides and the keys match in
 * the dev server and in a production build alike, where chunk names are hashed
 * and a path read from a stack trace would name a chunk, not a module.
 * `src/app/faultJobs.ts` is the app's test hook (`?fault=`), a few lines.
 */
const modules: Readonly<Record<string, () => Promise<unknown>>> = import.meta.glob(['/scenes/*/jobs.ts', '/scenes/*/*Jobs.ts', '/src/app/faultJobs.ts']);

/**
 * Load a kernel module by its registry key. Workers use it as their module
 * loader (`setModuleLoader(loadKernelModule)`).
 *
 * @example
 * const mod = await loadKernelModule('/scenes/particles/jobs.ts');
 */
export function loadKernelModule(id: string): Promise<Record<string, unknown>> {
  const load = modules[id];
  if (!load) return Promise.reject(new KernelModuleNotFoundError(id, Object.keys(modules)));
  return load() as Promise<Record<string, unknown>>;
}

/** Registry keys of every kernel module in the bundle. */
export function kernelModuleIds(): string[] {
  return Object.keys(modules);
}

/**
 * Load the kernel modules under `prefix` (e.g. `/scenes/particles/`) on this
 * thread and set the `module` id of every job and pool task they export to the
 * registry key, so that what the scheduler sends a worker is what the worker's
 * registry knows. Call it before the scene's setup schedules anything (the
 * browser scene registry does, as it loads a scene). Modules are the same
 * instances the scene imports statically, so its job objects are the ones stamped.
 *
 * @example
 * await bindKernelModules('/scenes/particles/');
 * integrate.module; // '/scenes/particles/jobs.ts'
 */
export async function bindKernelModules(prefix: string): Promise<void> {
  const ids = Object.keys(modules).filter((id) => id.startsWith(prefix));
  await Promise.all(ids.map(async (id) => bindModuleId(id, await loadKernelModule(id))));
}

/** Set the module id of every job and pool task among `exports` to `id`. */
export function bindModuleId(id: string, exports: Record<string, unknown>): void {
  for (const v of Object.values(exports)) if (isJobDef(v) || isPoolTask(v)) (v as { module: string }).module = id;
}
