/**
 * The static kind of a kernel value: how it is held in WebAssembly and, for
 * integers, the range JavaScript could give it. Exact mode keeps JS's number
 * semantics (every number is an f64) while holding provably small integers in
 * i32 or i64 registers: an integer range that fits one is exactly the f64 JS
 * holds, and an integer that might be -0 is never an integer kind.
 */

/** How a value is held: a bool (i32 0/1), an i32, an i64 integer within ±2^53, an f64 (exact mode) or an f32 (fast mode). */
export type Repr = 'bool' | 'i32' | 'i64' | 'f32' | 'f64';

/** A kind: its repr and, for integer reprs, the inclusive range of values. */
export interface Kind {
  readonly repr: Repr;
  readonly lo: number;
  readonly hi: number;
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
/** Integers beyond this may not be exact in an f64, so an i64 never holds them. */
const SAFE = 2 ** 53;

export const F64: Kind = { repr: 'f64', lo: -Infinity, hi: Infinity };
/** Floats in fast mode. */
export const F32: Kind = { repr: 'f32', lo: -Infinity, hi: Infinity };
export const BOOL: Kind = { repr: 'bool', lo: 0, hi: 1 };
export const I32: Kind = { repr: 'i32', lo: I32_MIN, hi: I32_MAX };
export const U32: Kind = intKind(0, 4294967295);

/**
 * The integer kind of a range: i32 when it fits, i64 within ±2^53, else f64
 * (the value is still an integer, but only an f64 holds it as JS does).
 *
 * @example
 * intKind(0, 255).repr // 'i32'
 */
export function intKind(lo: number, hi: number): Kind {
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return F64;
  if (lo >= I32_MIN && hi <= I32_MAX) return { repr: 'i32', lo, hi };
  if (lo >= -SAFE && hi <= SAFE) return { repr: 'i64', lo, hi };
  return F64;
}

/** Whether a kind holds an integer (never -0, never NaN). */
export function isInt(k: Kind): boolean {
  return k.repr === 'i32' || k.repr === 'i64';
}

/** The kind of a number literal. */
export function literalKind(v: number): Kind {
  return Number.isInteger(v) && !Object.is(v, -0) ? intKind(v, v) : F64;
}

/** The kind that holds both (the kind of a variable assigned each); null when they cannot mix (a bool and a number). */
export function joinKinds(a: Kind, b: Kind): Kind | null {
  if (a.repr === 'bool' || b.repr === 'bool') return a.repr === b.repr ? BOOL : null;
  if (a.repr === 'f64' || b.repr === 'f64') return F64;
  if (a.repr === 'f32' || b.repr === 'f32') return F32;
  return intKind(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi));
}

/** Whether two kinds are the same. */
export function sameKind(a: Kind, b: Kind): boolean {
  return a.repr === b.repr && a.lo === b.lo && a.hi === b.hi;
}

/** A bool used as a number is 0 or 1. */
export function numeric(k: Kind): Kind {
  return k.repr === 'bool' ? intKind(0, 1) : k;
}

/** The kind of `a + b`, `a - b`, `a * b` over integer kinds (f64 when the result may be -0 or leave ±2^53). */
export function intArith(op: '+' | '-' | '*', a: Kind, b: Kind, float: Kind = F64): Kind {
  if (!isInt(a) || !isInt(b)) return float;
  const s = op === '+' ? intKind(a.lo + b.lo, a.hi + b.hi) : op === '-' ? intKind(a.lo - b.hi, a.hi - b.lo) : null;
  if (s) return s.repr === 'f64' ? float : s;
  // 0 * negative is -0 in JS: such a product is an f64.
  const zeroA = a.lo <= 0 && a.hi >= 0;
  const zeroB = b.lo <= 0 && b.hi >= 0;
  if ((zeroA && b.lo < 0) || (zeroB && a.lo < 0)) return float;
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  const k = intKind(Math.min(...p), Math.max(...p));
  return k.repr === 'f64' ? float : k;
}

/** A kind widened to its repr's whole range: what a helper's parameter is specialised on. */
export function widen(k: Kind): Kind {
  if (k.repr === 'i32') return I32;
  if (k.repr === 'i64') return intKind(-SAFE, SAFE);
  return k;
}
