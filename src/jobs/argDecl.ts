/**
 * How a job declares its args: each array arg once, with its access and element
 * type (`px: write.f32`), each scalar with its type (`dt: f64`). The scheduler
 * derives dependencies from what the args object binds to those names, so the
 * access is written once, beside the type, and never as a `Component.field` string.
 *
 * @example
 * import { defineJob, read, write, f64 } from 'tickflow/jobs';
 * defineJob({ name: 'drift', args: { ids: read.i32, vx: read.f32, px: write.f32, dt: f64 }, kernel(s, e, a) {} });
 */

/** Element types of array args (those of component fields and snapshots). */
export type ElemType = 'f32' | 'f64' | 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32';
/** Scalar arg types; every scalar travels as a float64 in the job record (integers up to 2^53 exactly). */
export type ScalarType = 'f64' | 'i32' | 'u32';

/** An array arg: its element type and whether the kernel writes it (a write may also read). */
export interface ArrayArg<E extends ElemType = ElemType> {
  readonly array: true;
  readonly elem: E;
  readonly write: boolean;
}
/** A scalar arg. */
export interface ScalarArg<S extends ScalarType = ScalarType> {
  readonly array: false;
  readonly scalar: S;
}
/** One declared arg. */
export type ArgDecl = ArrayArg | ScalarArg;

/** The element types, in one list that the runtime and the kernel compiler share. */
export const ELEM_TYPES: readonly ElemType[] = ['f32', 'f64', 'i8', 'i16', 'i32', 'u8', 'u16', 'u32'];
/** The scalar types. */
export const SCALAR_TYPES: readonly ScalarType[] = ['f64', 'i32', 'u32'];

type ArraysOf<W extends boolean> = { readonly [E in ElemType]: ArrayArg<E> & { readonly write: W } };

function arrays<W extends boolean>(write: W): ArraysOf<W> {
  const o: Record<string, ArrayArg> = {};
  for (const elem of ELEM_TYPES) o[elem] = Object.freeze({ array: true, elem, write });
  return Object.freeze(o) as unknown as ArraysOf<W>;
}

/** Array args the kernel only reads: `read.f32`, `read.i32`, … */
export const read: ArraysOf<false> = arrays(false);
/** Array args the kernel writes (and may read): `write.f32`, … */
export const write: ArraysOf<true> = arrays(true);

/** A float64 scalar arg. */
export const f64: ScalarArg<'f64'> = Object.freeze({ array: false, scalar: 'f64' });
/** An int32 scalar arg (also what a query snapshot's live count binds to). */
export const i32: ScalarArg<'i32'> = Object.freeze({ array: false, scalar: 'i32' });
/** A uint32 scalar arg. */
export const u32: ScalarArg<'u32'> = Object.freeze({ array: false, scalar: 'u32' });

/** Whether a value is one of the declarations above (or one shaped like it). */
export function isArgDecl(v: unknown): v is ArgDecl {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as { array?: unknown; elem?: unknown; write?: unknown; scalar?: unknown };
  if (d.array === true) return ELEM_TYPES.includes(d.elem as ElemType) && typeof d.write === 'boolean';
  return d.array === false && SCALAR_TYPES.includes(d.scalar as ScalarType);
}

/**
 * A declaration as the kernel compiler reads it from source: `read.f32`,
 * `write.u8` or `f64`, or null for any other spelling.
 *
 * @example
 * argDeclOfSource('write.f32') // { array: true, elem: 'f32', write: true }
 */
export function argDeclOfSource(text: string): ArgDecl | null {
  const dot = text.indexOf('.');
  if (dot < 0) return SCALAR_TYPES.includes(text as ScalarType) ? { array: false, scalar: text as ScalarType } : null;
  const ns = text.slice(0, dot);
  const elem = text.slice(dot + 1) as ElemType;
  if ((ns !== 'read' && ns !== 'write') || !ELEM_TYPES.includes(elem)) return null;
  return { array: true, elem, write: ns === 'write' };
}
