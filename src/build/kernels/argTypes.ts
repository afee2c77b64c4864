/**
 * The one place the kernel compiler reads a job's args declaration
 * (`args: { px: write.f32, dt: f64 }`) into element types; the declarations
 * themselves, and their source spellings, live in src/jobs/argDecl.ts.
 */
import { argDeclOfSource, type ArgDecl, type ElemType, type ScalarType } from '../../jobs/argDecl.ts';

export type { ElemType, ScalarType };
/** What one declared arg is. */
export type ArgType = ArgDecl;

/**
 * The type of one declared arg from its source text, or null for a declaration
 * this compiler does not know.
 *
 * @example
 * argType('read.f32') // { array: true, elem: 'f32', write: false }
 * argType('f64')      // { array: false, scalar: 'f64' }
 */
export function argType(source: string): ArgType | null {
  return argDeclOfSource(source);
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
