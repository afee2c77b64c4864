/**
 * Conversions between the value reprs of {@link Kind}, with JavaScript's
 * semantics: ToInt32 through an exact mod-2^32 reduction (never
 * `i32.trunc_sat_f64_s` alone, which saturates), truthiness that treats NaN and -0 as
 * false, integers widened exactly.
 */
import binaryen from 'binaryen';
import type { Kind } from './Kind.ts';

type Ref = number;

/** The WebAssembly type of a repr. */
export function wasmType(k: Kind): number {
  switch (k.repr) {
    case 'bool':
    case 'i32':
      return binaryen.i32;
    case 'i64':
      return binaryen.i64;
    case 'f32':
      return binaryen.f32;
    default:
      return binaryen.f64;
  }
}

/**
 * `x` of kind `from` as kind `to`, which must hold every value of `from`
 * (widening only; `narrowOk` allows i64 to i32 where the caller proved the value fits).
 */
export function coerce(m: binaryen.Module, x: Ref, from: Kind, to: Kind, narrowOk = false): Ref {
  const f = from.repr;
  const t = to.repr;
  if (f === t || (f === 'bool' && t === 'i32')) return x;
  if (t === 'i64') {
    if (f === 'i32') return m.i64.extend_s(x);
    if (f === 'bool') return m.i64.extend_s(x);
  }
  if (t === 'i32' && f === 'i64' && narrowOk) return m.i32.wrap(x);
  if (t === 'f64') {
    if (f === 'i32') return m.f64.convert_s.i32(x);
    if (f === 'bool') return m.f64.convert_u.i32(x);
    if (f === 'i64') return m.f64.convert_s.i64(x);
    if (f === 'f32') return m.f64.promote(x);
  }
  if (t === 'f32') {
    // Fast mode only: one rounding from the exact integer.
    if (f === 'i32' || f === 'bool') return m.f32.convert_s.i32(x);
    if (f === 'i64') return m.f32.convert_s.i64(x);
    if (f === 'f64') return m.f32.demote(x);
  }
  throw new Error(`kernel compiler: cannot convert ${f} to ${t}`);
}

/** JavaScript's ToInt32 of a value of kind `k`, as an i32 (a float `x` must be a local.get or a constant: it is read twice). */
export function toInt32(m: binaryen.Module, x: Ref, k: Kind): Ref {
  if (k.repr === 'i32' || k.repr === 'bool') return x;
  if (k.repr === 'i64') return m.i32.wrap(x);
  const v = k.repr === 'f32' ? m.f64.promote(x) : x;
  // |x| < 2^31 (false for NaN): truncation alone is ToInt32. Otherwise reduce
  // mod 2^32 into [-2^31, 2^31) in f64, exactly, and truncate. No i64
  // conversion: V8 (Node 20) compiles a loop holding an `i64.trunc_sat_f64_s`
  // 2-4x slower even when that branch never runs (prefix sum over 200k cells:
  // 0.6 ms with this form, 2.2 ms with the i64 one), which made compiled boids
  // slower than its JS kernels.
  const inRange = m.f64.lt(m.f64.abs(copyOf(m, v)), m.f64.const(2 ** 31));
  // t = trunc(x); q = t mod 2^32 in (-2^32, 2^32); then into [-2^31, 2^31) by
  // subtracting floor(q / 2^32 + 0.5) * 2^32. Every step is exact (q / 2^32 + 0.5
  // needs 33 bits); NaN and ±Infinity give NaN, which truncates to 0.
  const t = () => m.f64.trunc(copyOf(m, v));
  const q = () => m.f64.sub(t(), m.f64.mul(m.f64.trunc(m.f64.mul(t(), m.f64.const(2 ** -32))), m.f64.const(2 ** 32)));
  const r = m.f64.sub(q(), m.f64.mul(m.f64.floor(m.f64.add(m.f64.mul(q(), m.f64.const(2 ** -32)), m.f64.const(0.5))), m.f64.const(2 ** 32)));
  return m.if(inRange, m.i32.trunc_s.f64(v), m.i32.trunc_s_sat.f64(r));
}

/** Another read of a local.get or a constant. */
function copyOf(m: binaryen.Module, x: Ref): Ref {
  const id = binaryen.getExpressionId(x);
  if (id === binaryen.ConstId) return m.f64.const(exprInfo(x).value!);
  if (id === binaryen.LocalGetId) return m.local.get(exprInfo(x).index!, binaryen.f64);
  throw new Error('kernel compiler: toInt32 needs a float local or a constant');
}

/** The truthiness of a value (JS `if (x)`): NaN, 0 and -0 are false. */
export function truthy(m: binaryen.Module, x: Ref, k: Kind): Ref {
  switch (k.repr) {
    case 'bool':
      return x;
    case 'i32':
      return m.i32.ne(x, m.i32.const(0));
    case 'i64':
      return m.i64.ne(x, m.i64.const(0n));
    case 'f32':
      return m.f32.gt(m.f32.abs(x), m.f32.const(0));
    default:
      return m.f64.gt(m.f64.abs(x), m.f64.const(0));
  }
}

/** The fields of a const or local.get that the compiler reads back. */
export function exprInfo(x: Ref): { type: number; value?: number; index?: number } {
  return binaryen.getExpressionInfo(x) as unknown as { type: number; value?: number; index?: number };
}

/**
 * Zero-extend an i32 to i64. Spelt `and(extend_s(x), 0xffffffff)`: binaryen 132's
 * optimiser rewrites `i64.extend_i32_u(i32.load …)` to `i64.load32_s`, which is wrong
 * for values of 2^31 and up; it leaves this form alone.
 */
export function extendU(m: binaryen.Module, x: Ref): Ref {
  return m.i64.and(m.i64.extend_s(x), m.i64.const(0xffffffffn));
}
