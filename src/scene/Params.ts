import { ParamError } from './errors.ts';

/** A numeric param (`int: true` for integers). */
export interface NumberParam {
  type: 'number';
  default: number;
  min?: number;
  max?: number;
  step?: number;
  int?: boolean;
  description?: string;
  /** Apply live (true) or only on reset (false, the default): the GUI reads this. */
  live?: boolean;
  /**
   * The default where the machine matters (the browser app), from what it offers;
   * Node runs, tests and hashes keep `default`, so they do not depend on the machine.
   */
  machineDefault?: (machine: MachineFacts) => number;
}
/** What a machine offers, for {@link NumberParam.machineDefault}. */
export interface MachineFacts {
  /** Lanes that run jobs: worker threads plus the main thread. */
  lanes: number;
}
/** A boolean param. */
export interface BooleanParam {
  type: 'boolean';
  default: boolean;
  description?: string;
  live?: boolean;
}
/** One of a fixed set of strings. */
export interface EnumParam {
  type: 'enum';
  default: string;
  options: readonly string[];
  description?: string;
  live?: boolean;
}
/** Any param. */
export type ParamSpec = NumberParam | BooleanParam | EnumParam;
/** A scene's param schema. */
export type ParamSchema = Readonly<Record<string, ParamSpec>>;
/** The resolved values of a schema. */
export type ParamValues<S extends ParamSchema> = {
  -readonly [K in keyof S]: S[K] extends NumberParam ? number : S[K] extends BooleanParam ? boolean : string;
};

/** Describe a param's valid values, for error messages and `--help`. */
export function describeParam(name: string, p: ParamSpec): string {
  if (p.type === 'number') {
    const range = `${p.min ?? '-inf'}..${p.max ?? 'inf'}`;
    return `${name}=<${p.int ? 'integer' : 'number'} ${range}> (default ${p.default})`;
  }
  if (p.type === 'boolean') return `${name}=<true|false> (default ${p.default})`;
  return `${name}=<${p.options.join('|')}> (default ${p.default})`;
}

/**
 * Check and convert one value for a param; strings (from CLI flags or URLs) are
 * parsed. Throws {@link ParamError} naming the param and its valid range.
 */
export function coerceParam(scene: string, name: string, p: ParamSpec, raw: unknown): number | boolean | string {
  const bad = (why: string) => new ParamError(scene, `param "${name}" ${why}. Expected ${describeParam(name, p)}.`);
  if (p.type === 'number') {
    const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(v)) throw bad(`got "${String(raw)}", which is not a number`);
    if (p.int && !Number.isInteger(v)) throw bad(`got ${v}, which is not an integer`);
    if (p.min !== undefined && v < p.min) throw bad(`got ${v}, below the minimum ${p.min}`);
    if (p.max !== undefined && v > p.max) throw bad(`got ${v}, above the maximum ${p.max}`);
    return v;
  }
  if (p.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw bad(`got "${String(raw)}"`);
  }
  if (typeof raw !== 'string' || !p.options.includes(raw)) throw bad(`got "${String(raw)}"`);
  return raw;
}

/**
 * The values of the params whose default depends on the machine, clamped to
 * their range: pass them as overrides under the user's own (the browser app does).
 *
 * @example
 * machineDefaults(boids.params, { lanes: 2 }) // { count: 20000 }
 */
export function machineDefaults(schema: ParamSchema, machine: MachineFacts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, p] of Object.entries(schema)) {
    if (p.type !== 'number' || !p.machineDefault) continue;
    let v = p.machineDefault(machine);
    if (p.int) v = Math.round(v);
    out[name] = Math.max(p.min ?? -Infinity, Math.min(p.max ?? Infinity, v));
  }
  return out;
}

/**
 * Resolve a schema's values: defaults, overridden by `overrides` (checked). Bad
 * overrides throw one ParamError naming each of them in order (and, for a param
 * the scene does not declare, listing the valid ones).
 *
 * @example
 * resolveParams('particles', schema, { count: '500' }) // { count: 500, ... }
 */
export function resolveParams<S extends ParamSchema>(
  scene: string,
  schema: S,
  overrides: Readonly<Record<string, unknown>> = {},
): ParamValues<S> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema)) out[name] = p.default;
  // Every bad param is named, in the order given, not only the first.
  const problems: string[] = [];
  let unknown = false;
  for (const [name, raw] of Object.entries(overrides)) {
    const p = schema[name];
    if (!p) {
      problems.push(`unknown param "${name}".`);
      unknown = true;
      continue;
    }
    try {
      out[name] = coerceParam(scene, name, p, raw);
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      problems.push(err.detail);
    }
  }
  if (unknown) problems.push(`Valid params: ${Object.entries(schema).map(([n, s]) => describeParam(n, s)).join('; ') || '(none)'}.`);
  if (problems.length > 0) throw new ParamError(scene, problems.join(' '));
  return out as ParamValues<S>;
}
