/**
 * `Math.exp` for fast mode, in f32: `2^n * p(r)` with `n = round(x log2 e)`,
 * `r = x - n ln2` (ln2 split in two for the reduction), and Cephes' degree-6
 * polynomial for `e^r` on |r| <= ln2 / 2 (relative error about 1e-7). The input
 * is clamped to [-87, 88], so the result never overflows nor goes subnormal:
 * beyond that range it saturates at exp(±87/88) instead of Infinity or 0.
 */
import binaryen from 'binaryen';

const C1 = 0.693359375;
const C2 = -2.12194440e-4;
const P = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/**
 * Add `$fast_expf` (f32 -> f32) to the module; returns its name.
 *
 * @example
 * const name = addFastExp(mod); mod.call(name, [x], binaryen.f32);
 */
export function addFastExp(m: binaryen.Module): string {
  const name = '$fast_expf';
  const f32 = binaryen.f32;
  // Locals: 0 x, 1 n, 2 r.
  const X = () => m.local.get(0, f32);
  const N = () => m.local.get(1, f32);
  const R = () => m.local.get(2, f32);
  const c = (v: number) => m.f32.const(v);
  let poly = c(P[0]!);
  for (let i = 1; i < P.length; i++) poly = m.f32.add(m.f32.mul(poly, R()), c(P[i]!));
  const body = m.block(
    null,
    [
      m.local.set(0, m.f32.min(m.f32.max(X(), c(-87)), c(88))),
      m.local.set(1, m.f32.nearest(m.f32.mul(X(), c(Math.LOG2E)))),
      m.local.set(2, m.f32.sub(m.f32.sub(X(), m.f32.mul(N(), c(C1))), m.f32.mul(N(), c(C2)))),
      // e^r = 1 + r + r^2 p(r); then the scale 2^n from its exponent bits.
      m.f32.mul(
        m.f32.add(m.f32.add(m.f32.mul(m.f32.mul(R(), R()), poly), R()), c(1)),
        m.f32.reinterpret(m.i32.shl(m.i32.add(m.i32.trunc_s_sat.f32(N()), m.i32.const(127)), m.i32.const(23))),
      ),
    ],
    f32,
  );
  m.addFunction(name, binaryen.createType([f32]), f32, [f32, f32], body);
  return name;
}

/**
 * Add `$fast_expf4` (v128 -> v128): {@link addFastExp} on each f32x4 lane, the same
 * operations in the same order, so every lane equals the scalar result.
 *
 * @example
 * const name = addFastExpX4(mod); mod.call(name, [v], binaryen.v128);
 */
export function addFastExpX4(m: binaryen.Module): string {
  const name = '$fast_expf4';
  const v = binaryen.v128;
  const F = m.f32x4;
  const X = () => m.local.get(0, v);
  const N = () => m.local.get(1, v);
  const R = () => m.local.get(2, v);
  const c = (x: number) => F.splat(m.f32.const(x));
  let poly = c(P[0]!);
  for (let i = 1; i < P.length; i++) poly = F.add(F.mul(poly, R()), c(P[i]!));
  const body = m.block(
    null,
    [
      m.local.set(0, F.min(F.max(X(), c(-87)), c(88))),
      m.local.set(1, F.nearest(F.mul(X(), c(Math.LOG2E)))),
      m.local.set(2, F.sub(F.sub(X(), F.mul(N(), c(C1))), F.mul(N(), c(C2)))),
      F.mul(F.add(F.add(F.mul(F.mul(R(), R()), poly), R()), c(1)), m.i32x4.shl(m.i32x4.add(m.i32x4.trunc_sat_f32x4_s(N()), m.i32x4.splat(m.i32.const(127))), m.i32.const(23))),
    ],
    v,
  );
  m.addFunction(name, binaryen.createType([v]), v, [v, v], body);
  return name;
}
