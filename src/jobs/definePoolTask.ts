import { callerModule } from './defineJob.ts';
import { JobDefinitionError } from './errors.ts';

/** Marks pool tasks among a module's exports. */
export const POOL_TASK_BRAND: unique symbol = Symbol.for('tickflow.poolTask');

/** Coarse off-frame work run on a pool thread (Unity's "run on thread pool"). */
export interface PoolTask<I = unknown, O = unknown> {
  readonly [POOL_TASK_BRAND]: true;
  readonly name: string;
  readonly module: string;
  readonly run: (input: I) => O | Promise<O>;
}

/**
 * Define a pool task in a module workers can import: input and output travel by
 * structured clone (SABs are shared), so use it for coarse work, not per frame.
 *
 * @example
 * export const bake = definePoolTask({ name: 'bake', run: (n: number) => heavy(n) });
 * const out = await jobs.runOnPool(bake, 1000);
 */
export function definePoolTask<I, O>(spec: { name: string; run: (input: I) => O | Promise<O>; module?: string }): PoolTask<I, O> {
  if (!spec.name) throw new JobDefinitionError(String(spec.name), 'a pool task needs a non-empty name.');
  return { [POOL_TASK_BRAND]: true, name: spec.name, run: spec.run, module: spec.module ?? callerModule() };
}

/** Whether a module export is a pool task. */
export function isPoolTask(v: unknown): v is PoolTask {
  return typeof v === 'object' && v !== null && (v as { [POOL_TASK_BRAND]?: boolean })[POOL_TASK_BRAND] === true;
}
