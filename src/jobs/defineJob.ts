import { JobDefinitionError } from './errors.ts';
import { callerLocation } from '../env/callerLocation.ts';

/** Element types an array arg can have (the typed arrays of component fields and snapshots). */
export type ArrayArgType = 'f32[]' | 'f64[]' | 'i8[]' | 'i16[]' | 'i32[]' | 'u8[]' | 'u16[]' | 'u32[]';
/** Scalar arg types; every scalar travels as a float64 in the job record (integers up to 2^53 exactly). */
export type ScalarArgType = 'f64' | 'i32' | 'u32';
/** A job's arg schema: arg name to type, in a fixed order (at most {@link MAX_ARGS}). */
export type ArgSchema = Readonly<Record<string, ArrayArgType | ScalarArgType>>;

interface ArrayOfArg {
  'f32[]': Float32Array;
  'f64[]': Float64Array;
  'i8[]': Int8Array;
  'i16[]': Int16Array;
  'i32[]': Int32Array;
  'u8[]': Uint8Array;
  'u16[]': Uint16Array;
  'u32[]': Uint32Array;
}
/** The object a kernel receives (and `schedule` takes) for a schema. */
export type JobArgs<A extends ArgSchema> = { -readonly [K in keyof A]: A[K] extends ArrayArgType ? ArrayOfArg[A[K]] : number };

/** A kernel: a plain function over `[start, end)` reading and writing typed arrays only. */
export type Kernel<A extends ArgSchema> = (start: number, end: number, args: JobArgs<A>) => void;

/** Most args one job takes (the record has this many slots). */
export const MAX_ARGS = 16;

/** What {@link defineJob} takes. */
export interface JobSpec<A extends ArgSchema> {
  /** Unique within its module; used in errors, stats and to find the kernel on workers. */
  name: string;
  /** Component fields (`Component.field`) the kernel reads. */
  reads?: readonly string[];
  /** Component fields the kernel writes. */
  writes?: readonly string[];
  /** The args, in order: typed arrays (`'f32[]'`…) and scalars (`'f64'`, `'i32'`, `'u32'`). */
  args: A;
  kernel: Kernel<A>;
  /**
   * How the build compiles the kernel to WebAssembly: `'exact'` (default) gives
   * results byte-identical to the JS kernel; `'fast'` computes in f32 with SIMD,
   * within a tolerance (Burst's FloatMode.Fast). Read by the kernel compiler from
   * the source; it does not change the JS kernel.
   */
  floatMode?: 'exact' | 'fast';
  /**
   * The module that exports this job, as workers import it. Inferred from the
   * caller in Node (the file that calls defineJob); pass `import.meta.url` to be explicit.
   */
  module?: string;
}

/** A defined job; export it from a kernel module so workers can find it by name. */
export interface JobDef<A extends ArgSchema = ArgSchema> {
  readonly [JOB_BRAND]: true;
  readonly name: string;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly args: A;
  /** Arg names in schema order, and whether each is an array. */
  readonly argNames: readonly string[];
  readonly argIsArray: readonly boolean[];
  readonly kernel: Kernel<A>;
  /** Module id workers import (a file URL in Node, a root-relative path in browsers). */
  readonly module: string;
  /** Create an args object of the right shape, to fill and reuse every frame. */
  createArgs(init?: Partial<JobArgs<A>>): JobArgs<A>;
}

/** Marks job definitions among a module's exports. */
export const JOB_BRAND: unique symbol = Symbol.for('tickflow.job');

const ARRAY_TYPES = new Set(['f32[]', 'f64[]', 'i8[]', 'i16[]', 'i32[]', 'u8[]', 'u16[]', 'u32[]']);
const SCALAR_TYPES = new Set(['f64', 'i32', 'u32']);
/** The placeholder of an array arg that was never set (schedule refuses it by name). */
export const UNSET_ARRAY = new Float32Array(0);

/**
 * Define a job: a Burst-style kernel over an index range with declared component
 * access. The kernel must not capture main-thread state: it runs on workers,
 * which import the defining module and look the job up by `name`.
 *
 * @example
 * // scenes/drift/jobs.ts
 * export const drift = defineJob({
 *   name: 'drift',
 *   reads: ['Velocity.x'], writes: ['Position.x'],
 *   args: { ids: 'i32[]', px: 'f32[]', vx: 'f32[]', dt: 'f64' },
 *   kernel(start, end, a) {
 *     for (let i = start; i < end; i++) { const e = a.ids[i]!; a.px[e]! += a.vx[e]! * a.dt; }
 *   },
 * });
 */
export function defineJob<A extends ArgSchema>(spec: JobSpec<A>): JobDef<A> {
  const name = spec.name;
  if (typeof name !== 'string' || name.length === 0) throw new JobDefinitionError(String(name), 'name must be a non-empty string.');
  if (typeof spec.kernel !== 'function') throw new JobDefinitionError(name, 'kernel must be a function (start, end, args) => void.');
  const argNames = Object.keys(spec.args ?? {});
  if (argNames.length > MAX_ARGS) throw new JobDefinitionError(name, `declares ${argNames.length} args; at most ${MAX_ARGS} fit a job record. Pack scalars into a small typed array.`);
  const argIsArray = argNames.map((k) => {
    const t = spec.args[k]!;
    if (ARRAY_TYPES.has(t)) return true;
    if (SCALAR_TYPES.has(t)) return false;
    throw new JobDefinitionError(name, `arg "${k}" has unknown type "${String(t)}". Use f32[], f64[], i8[], i16[], i32[], u8[], u16[], u32[], f64, i32 or u32.`);
  });
  for (const f of [...(spec.reads ?? []), ...(spec.writes ?? [])])
    if (!/^[^.\s]+\.[^.\s]+$/.test(f)) throw new JobDefinitionError(name, `access "${f}" is not a component field; write "Component.field" (e.g. "Position.x").`);
  const module = spec.module ?? callerModule();
  const def: JobDef<A> = {
    [JOB_BRAND]: true,
    name,
    reads: [...(spec.reads ?? [])],
    writes: [...(spec.writes ?? [])],
    args: spec.args,
    argNames,
    argIsArray,
    kernel: spec.kernel,
    module,
    createArgs(init) {
      return createArgsObject(name, argNames, argIsArray, init as Record<string, unknown> | undefined) as JobArgs<A>;
    },
  };
  return def;
}

/** Where an args object made by `createArgs` keeps its scalars (a Float64Array, in arg order). */
export const ARG_SCALARS: unique symbol = Symbol.for('tickflow.jobArgScalars');
/** The same scalars as 16-bit words, copied by `schedule` so no tier of the JIT boxes a double. */
export const ARG_BITS: unique symbol = Symbol.for('tickflow.jobArgBits');

/**
 * An args object whose scalar args are accessors over a private Float64Array:
 * `args.dt = x` stores the double in place and `schedule` copies it from the
 * array, so neither side boxes a number (a plain object field of changing
 * doubles allocates a HeapNumber on every generic read or write).
 */
function createArgsObject(job: string, names: readonly string[], isArray: readonly boolean[], init?: Record<string, unknown>): Record<string, unknown> {
  const scalars = new Float64Array(names.length);
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, ARG_SCALARS, { value: scalars, enumerable: false });
  Object.defineProperty(o, ARG_BITS, { value: new Uint16Array(scalars.buffer), enumerable: false });
  for (let i = 0; i < names.length; i++) {
    if (isArray[i]) o[names[i]!] = UNSET_ARRAY;
    else
      Object.defineProperty(o, names[i]!, {
        get: () => scalars[i]!,
        set: (v: number) => {
          scalars[i] = v;
        },
        enumerable: true,
      });
  }
  if (init)
    for (const k of Object.keys(init)) {
      if (!names.includes(k)) throw new JobDefinitionError(job, `createArgs got "${k}", which is not one of its args (${names.join(', ') || 'none'}).`);
      o[k] = init[k];
    }
  // Sealed: a misspelt assignment (args.dtt = …) throws in strict mode instead of passing silently.
  return Object.seal(o);
}

/** Whether a module export is a job definition. */
export function isJobDef(v: unknown): v is JobDef {
  return typeof v === 'object' && v !== null && (v as { [JOB_BRAND]?: boolean })[JOB_BRAND] === true;
}

/** This module and definePoolTask: their own frames are skipped in the stack. */
const SELF = /[\\/]src[\\/]jobs[\\/](defineJob|definePoolTask)\.[cm]?[jt]s$/;

/**
 * The module that called into this file, from the V8 stack: a file URL in Node,
 * the page-relative path in browsers. Called once per definition, never per frame.
 */
export function callerModule(): string {
  const loc = callerLocation(SELF);
  if (!loc) return '';
  const f = loc.file;
  if (f.startsWith('http')) return new URL(f).pathname;
  if (f.startsWith('file://')) return f;
  // A bare path: POSIX, or a Windows drive path written as a file URL.
  return /^[A-Za-z]:/.test(f) ? 'file:///' + f.replace(/\\/g, '/') : 'file://' + f;
}
