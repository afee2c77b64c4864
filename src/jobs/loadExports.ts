import { isJobDef, type JobDef } from './defineJob.ts';
import { isPoolTask, type PoolTask } from './definePoolTask.ts';
import { JobDefinitionError } from './errors.ts';

/** How a thread turns a module id into its exports (Node: `import()`; browsers: an import.meta.glob registry). */
export type ModuleLoader = (module: string) => Promise<Record<string, unknown>>;

let loader: ModuleLoader = (m) => import(/* @vite-ignore */ m) as Promise<Record<string, unknown>>;

/**
 * Replace the module loader of this thread. A browser worker entry fills it from
 * `import.meta.glob('/scenes/*\/jobs.ts')`, keyed by root-relative path.
 *
 * @example
 * const mods = import.meta.glob('/scenes/*\/jobs.ts');
 * setModuleLoader((id) => mods[id]!() as Promise<Record<string, unknown>>);
 */
export function setModuleLoader(l: ModuleLoader): void {
  loader = l;
}

/** Find the job named `name` among the exports of `module`. */
export async function loadJob(module: string, name: string): Promise<JobDef> {
  const mod = await loader(module);
  for (const v of Object.values(mod)) if (isJobDef(v) && v.name === name) return v;
  throw new JobDefinitionError(name, `module ${module} exports no job named "${name}". Export the defineJob(...) result from the module that defines it.`);
}

/** Find the pool task named `name` among the exports of `module`. */
export async function loadPoolTask(module: string, name: string): Promise<PoolTask> {
  const mod = await loader(module);
  for (const v of Object.values(mod)) if (isPoolTask(v) && v.name === name) return v;
  throw new JobDefinitionError(name, `module ${module} exports no pool task named "${name}". Export the definePoolTask(...) result.`);
}
