import { JobDefinitionError } from './errors.ts';
import { callerLocation } from '../env/callerLocation.ts';

import { isArgDecl, type ArgDecl, type ArrayArg } from './argDecl.ts';
import type { ArrayOf } from '../ecs/Component.ts';

/** A job's arg schema: arg name to declaration, in a fixed order (at most {@link MAX_ARGS}). */
export type ArgSchema = Readonly<Record<string, ArgDecl>>;

/** The object a kernel receives (and `schedule` takes) for a schema. */
export type JobArgs<A extends ArgSchema> = { -readonly [K in keyof A]: A[K] extends ArrayArg<infer E> ? ArrayOf[E] : number };
/** Something whose current count a scalar arg can follow (a query snapshot). */
export interface LiveCount {
  readonly count: number;
}
/** What `createArgs` takes: arrays to bind, and for scalars a number or a {@link LiveCount} read at every schedule. */
export type ArgsInit<A extends ArgSchema> = { [K in keyof A]?: A[K] extends ArrayArg<infer E> ? ArrayOf[E] : number | LiveCount };

/** A kernel: a plain function over `[start, end)` reading and writing typed arrays only. */
export type Kernel<A extends ArgSchema> = (start: number, end: number, args: JobArgs<A>) => void;

/** Most args one job takes (the record has this many slots). */
export const MAX_ARGS = 16;

/** What {@link defineJob} takes. */
export interface JobSpec<A extends ArgSchema> {
  /** Unique within its module; used in errors, stats and to find the kernel on workers. */
  name: string;
  /**
   * The args, in order: arrays with their access (`read.f32`, `write.i32`…) and
   * scalars (`f64`, `i32`, `u32`). Dependencies come from the arrays bound to them.
   */
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
  readonly args: A;
  /** Arg names in schema order, whether each is an array, and whether the kernel writes it. */
  readonly argNames: readonly string[];
  readonly argIsArray: readonly boolean[];
  readonly argWrites: readonly boolean[];
  readonly kernel: Kernel<A>;
  /** Module id workers import (a file URL in Node, a root-relative path in browsers). */
  readonly module: string;
  /** Create an args object of the right shape, to fill and reuse every frame. */
  createArgs(init?: ArgsInit<A>): JobArgs<A>;
}

/** Marks job definitions among a module's exports. */
export const JOB_BRAND: unique symbol = Symbol.for('tickflow.job');

/** The placeholder of an array arg that was never set (schedule refuses it by name). */
export const UNSET_ARRAY = new Float32Array(0);

/**
 * Define a job: a Burst-style kernel over an index range, its args declared
 * with their access. The kernel must not capture main-thread state: it runs on workers,
 * which import the defining module and look the job up by `name`.
 *
 * @example
 * // scenes/drift/jobs.ts
 * export const drift = defineJob({
 *   name: 'drift',
 *   args: { ids: read.i32, vx: read.f32, px: write.f32, dt: f64 },
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
  const decls = argNames.map((k) => {
    const d: unknown = spec.args[k];
    if (isArgDecl(d)) return d;
    const was = typeof d === 'string' ? `the string '${d}'` : String(d);
    throw new JobDefinitionError(name, `arg "${k}" is declared as ${was}. Declare arrays with their access, read.f32 or write.f32 (also f64, i8, i16, i32, u8, u16, u32), and scalars as f64, i32 or u32, imported from tickflow/jobs.`);
  });
  const argIsArray = decls.map((d) => d.array);
  const argWrites = decls.map((d) => d.array && d.write);
  const module = spec.module ?? callerModule();
  const def: JobDef<A> = {
    [JOB_BRAND]: true,
    name,
    args: spec.args,
    argNames,
    argIsArray,
    argWrites,
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
/** Per arg: the {@link LiveCount} a scalar follows, or null; `schedule` copies the counts in first. */
export const ARG_LIVE: unique symbol = Symbol.for('tickflow.jobArgLive');

/** Copy the live counts of an args object made by `createArgs` into its scalars (no allocation). */
export function refreshLiveArgs(args: object): void {
  const live = (args as { [ARG_LIVE]?: (LiveCount | null)[] })[ARG_LIVE];
  if (live === undefined) return;
  const scalars = (args as { [ARG_SCALARS]: Float64Array })[ARG_SCALARS];
  for (let i = 0; i < live.length; i++) {
    const src = live[i];
    if (src != null) scalars[i] = src.count;
  }
}

/**
 * An args object whose scalar args are accessors over a private Float64Array:
 * `args.dt = x` stores the double in place and `schedule` copies it from the
 * array, so neither side boxes a number (a plain object field of changing
 * doubles allocates a HeapNumber on every generic read or write). A scalar
 * bound to a {@link LiveCount} reads its count at every schedule until a number
 * is assigned.
 */
function createArgsObject(job: string, names: readonly string[], isArray: readonly boolean[], init?: Record<string, unknown>): Record<string, unknown> {
  const scalars = new Float64Array(names.length);
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, ARG_SCALARS, { value: scalars, enumerable: false });
  Object.defineProperty(o, ARG_BITS, { value: new Uint16Array(scalars.buffer), enumerable: false });
  const live: (LiveCount | null)[] = names.map(() => null);
  for (let i = 0; i < names.length; i++) {
    if (isArray[i]) o[names[i]!] = UNSET_ARRAY;
    else
      Object.defineProperty(o, names[i]!, {
        get: () => live[i]?.count ?? scalars[i]!,
        set: (v: number) => {
          live[i] = null;
          scalars[i] = v;
        },
        enumerable: true,
      });
  }
  if (init)
    for (const k of Object.keys(init)) {
      const i = names.indexOf(k);
      if (i < 0) throw new JobDefinitionError(job, `createArgs got "${k}", which is not one of its args (${names.join(', ') || 'none'}).`);
      const v = init[k];
      if (!isArray[i] && typeof v === 'object' && v !== null && typeof (v as LiveCount).count === 'number') live[i] = v as LiveCount;
      else o[k] = v;
    }
  if (live.some((l) => l !== null)) Object.defineProperty(o, ARG_LIVE, { value: live, enumerable: false });
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
