/**
 * The one place that reads a job's args declaration (`args: { px: 'f32[]', dt: 'f64' }`)
 * into element types; the compiler and the runtime both go through it, so a new
 * declaration form (say `px: write.f32`) is taught here once.
 */

/** Element types of array args, as WebAssembly loads and stores them. */
export type ElemType = 'f32' | 'f64' | 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32';
/** Scalar arg types. */
export type ScalarType = 'f64' | 'i32' | 'u32';

/** What one declared arg is. */
export type ArgType = { readonly array: true; readonly elem: ElemType } | { readonly array: false; readonly scalar: ScalarType };

const ELEMS: readonly ElemType[] = ['f32', 'f64', 'i8', 'i16', 'i32', 'u8', 'u16', 'u32'];
const SCALARS: readonly ScalarType[] = ['f64', 'i32', 'u32'];

/**
 * The type of one declared arg, or null for a declaration this compiler does not know.
 *
 * @example
 * argType('f32[]') // { array: true, elem: 'f32' }
 * argType('f64')   // { array: false, scalar: 'f64' }
 */
export function argType(decl: unknown): ArgType | null {
  if (typeof decl !== 'string') return null;
  if (decl.endsWith('[]')) {
    const e = decl.slice(0, -2) as ElemType;
    return ELEMS.includes(e) ? { array: true, elem: e } : null;
  }
  return SCALARS.includes(decl as ScalarType) ? { array: false, scalar: decl as ScalarType } : null;
}

/** Bytes per element. */
export function elemBytes(e: ElemType): number {
  return e === 'f64' ? 8 : e === 'f32' || e === 'i32' || e === 'u32' ? 4 : e === 'i16' || e === 'u16' ? 2 : 1;
}

/** The element type of a typed-array annotation (`Float32Array`), as helpers declare their array params. */
export function elemOfTypedArray(name: string): ElemType | null {
  const map: Record<string, ElemType> = {
    Float32Array: 'f32', Float64Array: 'f64', Int8Array: 'i8', Int16Array: 'i16', Int32Array: 'i32',
    Uint8Array: 'u8', Uint16Array: 'u16', Uint32Array: 'u32',
  };
  return map[name] ?? null;
}
