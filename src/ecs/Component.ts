import { allocateArray } from './kernelMemory.ts';
import { SchemaError } from './errors.ts';

/** Scalar field types, as typed-array element types. */
export type ScalarType = 'f32' | 'f64' | 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32';
/** A field: a scalar, or a fixed-length vector `[type, length]` (e.g. a 16-float embedding). */
export type FieldType = ScalarType | readonly [ScalarType, number];
/** A component schema: field name to type. */
export type Schema = Readonly<Record<string, FieldType>>;

/** The typed array of each element type (component fields and job array args share it). */
export interface ArrayOf {
  f32: Float32Array;
  f64: Float64Array;
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  u8: Uint8Array;
  u16: Uint16Array;
  u32: Uint32Array;
}
type ElementOf<F> = F extends ScalarType ? F : F extends readonly [infer S, number] ? S : never;
/** The typed array behind each field. */
export type FieldArrays<S extends Schema> = { readonly [K in keyof S]: ArrayOf[ElementOf<S[K]> & ScalarType] };

/** Everything needed to describe one field's storage, also across threads. */
export interface FieldInfo {
  /** `Component.field`, the name used in job declarations and safety errors. */
  readonly key: string;
  readonly name: string;
  readonly type: ScalarType;
  /** Elements per entity: 1 for scalars, the vector length otherwise. */
  readonly stride: number;
  readonly array: TypedArray;
}

/** Any of the typed arrays a field can be. */
export type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

const CTORS = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
} as const;

/**
 * A component: one typed array per field over (shared) memory, indexed by entity id
 * (vector fields at `eid * stride`). The object itself is the bitecs component ref.
 */
export type Component<S extends Schema = Schema> = FieldArrays<S> & ComponentBase;

/** What every component has besides its field arrays; functions that take any component use this. */
export interface ComponentBase {
  readonly componentName: string;
  readonly schema: Schema;
  readonly fields: readonly FieldInfo[];
}

/**
 * Allocate a component's arrays for `slots` entity ids. Use `defineComponent(world, …)`
 * in scenes; this is the storage half, shared with workers that rebuild views.
 *
 * @example
 * const Pos = createComponentStorage('Position', { x: 'f32', y: 'f32' }, 1025);
 * Pos.x[7] = 1.5;
 */
export function createComponentStorage<S extends Schema>(name: string, schema: S, slots: number): Component<S> {
  const fields: FieldInfo[] = [];
  const out: Record<string, unknown> = {};
  for (const [field, ft] of Object.entries(schema)) {
    const [type, stride] = typeof ft === 'string' ? [ft, 1] : [ft[0], ft[1]];
    const Ctor = (CTORS as Record<string, (typeof CTORS)[ScalarType]>)[type];
    if (!Ctor) throw new SchemaError(name, field, `unknown type "${String(type)}"`);
    if (!Number.isInteger(stride) || stride < 1) throw new SchemaError(name, field, `vector length ${stride} is invalid`);
    // In the kernel memory, so compiled kernels address the same bytes as JS ones.
    const array = allocateArray(Ctor as unknown as { new (b: ArrayBufferLike, o: number, n: number): TypedArray; readonly BYTES_PER_ELEMENT: number }, slots * stride);
    fields.push({ key: `${name}.${field}`, name: field, type: type as ScalarType, stride, array });
    out[field] = array;
  }
  Object.defineProperty(out, 'componentName', { value: name, enumerable: false });
  Object.defineProperty(out, 'schema', { value: schema, enumerable: false });
  Object.defineProperty(out, 'fields', { value: fields, enumerable: false });
  return out as Component<S>;
}
