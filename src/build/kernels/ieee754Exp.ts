/**
 * `Math.exp` as V8 computes it (its `ieee754::exp`, the fdlibm algorithm plus the
 * special case `exp(1) = Math.E`), built as a binaryen function so compiled
 * kernels get bit-identical results without calling back into JavaScript:
 * argument reduction `x = k ln2 + r` with ln2 split in a high part (exact in
 * `k * ln2HI`) and a low part, a degree-5 rational approximation on `r`, and a
 * scale by `2^k` built from its exponent bits.
 */
import binaryen from 'binaryen';
import { extendU } from './wasmOps.ts';

/** A double from its IEEE-754 bits. */
const bits = (hex: bigint): number => new Float64Array(new BigUint64Array([hex]).buffer)[0]!;

const O_THRESHOLD = bits(0x40862e42fefa39efn);
const U_THRESHOLD = bits(0xc0874910d52d3051n);
const LN2_HI = bits(0x3fe62e42fee00000n);
const LN2_LO = bits(0x3dea39ef35793c76n);
const INV_LN2 = bits(0x3ff71547652b82fen);
const P1 = bits(0x3fc555555555553en);
const P2 = bits(0xbf66c16c16bebd93n);
const P3 = bits(0x3f11566aaf25de2cn);
const P4 = bits(0xbebbbd41c5d26bf1n);
const P5 = bits(0x3e66376972bea4d0n);
const HUGE = 1e300;
const TWO_M1000 = 2 ** -1000;

/**
 * Add `$exp` (f64 -> f64) to the module once; returns its name.
 *
 * @example
 * const name = addExp(mod); mod.call(name, [x], binaryen.f64);
 */
export function addExp(m: binaryen.Module): string {
  const name = '$ieee754_exp';
  const f64 = binaryen.f64;
  const i32 = binaryen.i32;
  // Locals: 0 x, 1 hx, 2 xsb, 3 hi, 4 lo, 5 k, 6 t, 7 c, 8 y, 9 twopk.
  const X = () => m.local.get(0, f64);
  const HX = () => m.local.get(1, i32);
  const XSB = () => m.local.get(2, i32);
  const HI = () => m.local.get(3, f64);
  const LO = () => m.local.get(4, f64);
  const K = () => m.local.get(5, i32);
  const T = () => m.local.get(6, f64);
  const C = () => m.local.get(7, f64);
  const Y = () => m.local.get(8, f64);
  const TWOPK = () => m.local.get(9, f64);
  const c = (v: number) => m.f64.const(v);
  const ci = (v: number) => m.i32.const(v);
  const sel = (cond: number, a: number, b: number) => m.select(cond, c(a), c(b));
  /** `p[0] + t * (p[1] + t * (… + t * p[n-1]))`, in fdlibm's order. */
  const horner = (p: number[]): number => (p.length === 1 ? c(p[0]!) : m.f64.add(c(p[0]!), m.f64.mul(T(), horner(p.slice(1)))));
  const highWordTimesOne = (hw: number) => m.f64.reinterpret(m.i64.shl(extendU(m, hw), m.i64.const(32n)));
  const body = m.block(null, [
    m.local.set(1, m.i32.wrap(m.i64.shr_u(m.i64.reinterpret(X()), m.i64.const(32n)))),
    m.local.set(2, m.i32.shr_u(HX(), ci(31))),
    m.local.set(1, m.i32.and(HX(), ci(0x7fffffff))),
    // |x| >= 709.78: NaN, ±Infinity, overflow, underflow.
    m.if(
      m.i32.ge_u(HX(), ci(0x40862e42)),
      m.block(null, [
        m.if(
          m.i32.ge_u(HX(), ci(0x7ff00000)),
          m.block(null, [
            m.if(m.i32.ne(m.i32.or(m.i32.and(HX(), ci(0xfffff)), m.i32.wrap(m.i64.reinterpret(X()))), ci(0)), m.return(m.f64.add(X(), X()))),
            m.return(m.if(m.i32.eqz(XSB()), X(), c(0))),
          ]),
        ),
        m.if(m.f64.gt(X(), c(O_THRESHOLD)), m.return(c(HUGE * HUGE))),
        m.if(m.f64.lt(X(), c(U_THRESHOLD)), m.return(c(TWO_M1000 * TWO_M1000))),
      ]),
    ),
    // Argument reduction.
    m.if(
      m.i32.gt_u(HX(), ci(0x3fd62e42)),
      m.block(null, [
        m.if(
          m.i32.lt_u(HX(), ci(0x3ff0a2b2)),
          m.block(null, [
            m.if(m.f64.eq(X(), c(1)), m.return(c(Math.E))),
            m.local.set(3, m.f64.sub(X(), sel(XSB(), -LN2_HI, LN2_HI))),
            m.local.set(4, sel(XSB(), -LN2_LO, LN2_LO)),
            m.local.set(5, m.i32.sub(m.i32.sub(ci(1), XSB()), XSB())),
          ]),
          m.block(null, [
            m.local.set(5, m.i32.trunc_s_sat.f64(m.f64.add(m.f64.mul(c(INV_LN2), X()), sel(XSB(), -0.5, 0.5)))),
            m.local.set(6, m.f64.convert_s.i32(K())),
            m.local.set(3, m.f64.sub(X(), m.f64.mul(T(), c(LN2_HI)))),
            m.local.set(4, m.f64.mul(T(), c(LN2_LO))),
          ]),
        ),
        m.local.set(0, m.f64.sub(HI(), LO())),
      ]),
      m.if(m.i32.lt_u(HX(), ci(0x3e300000)), m.if(m.f64.gt(m.f64.add(c(HUGE), X()), c(1)), m.return(m.f64.add(c(1), X())))),
    ),
    m.local.set(6, m.f64.mul(X(), X())),
    m.local.set(
      9,
      m.if(
        m.i32.ge_s(K(), ci(-1021)),
        highWordTimesOne(m.i32.add(ci(0x3ff00000), m.i32.shl(K(), ci(20)))),
        highWordTimesOne(m.i32.add(ci(0x3ff00000), m.i32.shl(m.i32.add(K(), ci(1000)), ci(20)))),
      ),
    ),
    m.local.set(7, m.f64.sub(X(), m.f64.mul(T(), horner([P1, P2, P3, P4, P5])))),
    m.if(m.i32.eqz(K()), m.return(m.f64.sub(c(1), m.f64.sub(m.f64.div(m.f64.mul(X(), C()), m.f64.sub(C(), c(2))), X())))),
    m.local.set(8, m.f64.sub(c(1), m.f64.sub(m.f64.sub(LO(), m.f64.div(m.f64.mul(X(), C()), m.f64.sub(c(2), C()))), HI()))),
    m.if(
      m.i32.ge_s(K(), ci(-1021)),
      m.block(null, [m.if(m.i32.eq(K(), ci(1024)), m.return(m.f64.mul(m.f64.mul(Y(), c(2)), c(2 ** 1023)))), m.return(m.f64.mul(Y(), TWOPK()))]),
    ),
    m.return(m.f64.mul(m.f64.mul(Y(), TWOPK()), c(TWO_M1000))),
  ]);
  m.addFunction(name, binaryen.createType([f64]), f64, [i32, i32, f64, f64, i32, f64, f64, f64, f64], m.block(null, [body, m.unreachable()]));
  return name;
}
