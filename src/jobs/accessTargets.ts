import type { ComponentBase, TypedArray } from '../ecs/Component.ts';
import type { QuerySnapshot } from '../ecs/QuerySnapshot.ts';
import { JobArgsError } from './errors.ts';

/**
 * What main-thread access can name: a component (all its fields; a tag has
 * none), a query snapshot (its ids array) or any shared typed array.
 */
export type AccessTarget = ComponentBase | QuerySnapshot | TypedArray;

/** Whether a value is something {@link arraysOf} understands (the runtime scans view data with it). */
export function isAccessTarget(v: unknown): v is AccessTarget {
  if (typeof v !== 'object' || v === null) return false;
  if (ArrayBuffer.isView(v)) return !(v instanceof DataView);
  const o = v as Partial<ComponentBase & QuerySnapshot>;
  return Array.isArray(o.fields) || (ArrayBuffer.isView(o.ids) && typeof o.update === 'function');
}

/** The arrays behind an access target; `who` names the declaring code in the error. */
export function arraysOf(target: AccessTarget, who: string): readonly TypedArray[] {
  if (!isAccessTarget(target))
    throw new JobArgsError(who, `access lists take components, query snapshots or typed arrays, got ${target === null ? 'null' : typeof target}.`);
  if (ArrayBuffer.isView(target)) return [target as TypedArray];
  const c = target as Partial<ComponentBase>;
  if (c.fields) return c.fields.map((f) => f.array);
  return [(target as QuerySnapshot).ids];
}
