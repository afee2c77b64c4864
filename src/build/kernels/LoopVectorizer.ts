/**
 * SIMD for counted inner loops over f32 arrays: runs `lanes` iterations at once
 * while every access of the block is in bounds and no store can overlap a load
 * of another element within the block, then leaves the rest to the scalar loop.
 *
 * - Exact mode: f64x2. Each lane does exactly the scalar f64 ops (f32 loads
 *   promoted, stores demoted), so results are bit-identical; only loops whose
 *   iterations are independent (elementwise stores) qualify, never reductions.
 * - Fast mode: f32x4, elementwise and reduction loops (`acc += …`, summed per
 *   lane, then across lanes: the order of the sum changes, within fast mode's tolerance).
 *
 * The loop body may hold `const` lane values, stores `a[base + k] = …` (or `+=`,
 * `-=`, `*=`) and, in fast mode, reductions into an outer `let`. Expressions are
 * float arithmetic, Math.sqrt/abs/min/max, loop-invariant scalars and loads
 * `a[base + k]`, where `base` is loop-invariant.
 */
import binaryen from 'binaryen';
import type * as t from '@babel/types';
import type { ArrayRef } from './FunctionCompiler.ts';
import { intKind, isInt, type Kind } from './Kind.ts';
import { coerce, wasmType } from './wasmOps.ts';
import { unwrapTs } from './ModuleScope.ts';

type Ref = number;

/** What the vectorizer needs from the function compiler. */
export interface VectorHost {
  readonly m: binaryen.Module;
  readonly fast: boolean;
  /** A numeric variable (its local and kind), an array, or null. */
  binding(name: string): { t: 'num'; local: number; kind: Kind } | ({ t: 'arr' } & ArrayRef) | null;
  /** Compile a loop-invariant expression (its value before the loop). */
  value(e: t.Expression): { x: Ref; k: Kind };
  newLocal(type: number): number;
  /** A label unique in the function. */
  label(): string;
  /** Store a float value into a numeric variable (a reduction's result). */
  setFloatVar(name: string, x: Ref): Ref;
  /** Whether two arrays are known not to overlap here (a check already passed), so their accesses need no overlap check. */
  disjoint(a: ArrayRef, b: ArrayRef): boolean;
}

const I64 = intKind(-(2 ** 53), 2 ** 53);
/** Fast mode: vectors per block of the unrolled loop (4 x f32x4 = 16 lanes, e.g. a 16-float embedding in one block). */
const UNROLL = 4;
/** i8x16.shuffle masks: f32 lanes [2, 3, 0, 1] and [1, 0, 3, 2]. */
const SWAP_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
const SWAP_PAIRS = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];

interface Access {
  arr: ArrayRef;
  name: string;
  /** Source text of the base, to group equal accesses. */
  key: string;
  base: t.Expression | null;
  baseLocal: number;
  /** Fast mode: its byte address at k = 0 (i32). */
  addrLocal: number;
  store: boolean;
}

/**
 * The vector prologue for `for (let k = …; k < lim; k++) body` (k already initialised),
 * or null when the loop does not qualify.
 */
export function vectorizeLoop(h: VectorHost, counter: string, counterLocal: number, counterKind: Kind, test: t.BinaryExpression, body: t.Statement): Ref | null {
  const m = h.m;
  const stmts = body.type === 'BlockStatement' ? body.body : [body];
  const lanes = h.fast ? 4 : 2;
  const assigned = new Set<string>();
  const lets = new Set<string>();
  const reductions: string[] = [];
  const accesses: Access[] = [];
  let stores = 0;
  // --- analysis
  const affine = (e: t.Expression): { base: t.Expression | null } | null => {
    const u = unwrapTs(e);
    if (u.type === 'Identifier' && u.name === counter) return { base: null };
    if (u.type === 'BinaryExpression' && u.operator === '+' && u.left.type !== 'PrivateName') {
      const l = unwrapTs(u.left);
      const r = unwrapTs(u.right);
      if (r.type === 'Identifier' && r.name === counter && invariantInt(l)) return { base: l };
      if (l.type === 'Identifier' && l.name === counter && invariantInt(r)) return { base: r };
    }
    return null;
  };
  const invariantInt = (e: t.Expression): boolean => {
    const u = unwrapTs(e);
    if (u.type === 'NumericLiteral') return Number.isInteger(u.value);
    if (u.type === 'Identifier') {
      if (u.name === counter || lets.has(u.name) || assigned.has(u.name)) return false;
      const b = h.binding(u.name);
      return !!b && b.t === 'num' && isInt(b.kind);
    }
    if (u.type === 'BinaryExpression' && (u.operator === '+' || u.operator === '-' || u.operator === '*') && u.left.type !== 'PrivateName') return invariantInt(u.left) && invariantInt(u.right);
    return false;
  };
  const access = (e: t.MemberExpression, store: boolean): Access | null => {
    if (!e.computed || e.object.type !== 'Identifier') return null;
    const b = h.binding(e.object.name);
    if (!b || b.t !== 'arr' || b.elem !== 'f32') return null;
    const a = affine(e.property as t.Expression);
    if (!a) return null;
    const key = `${e.object.name}[${a.base ? keyOf(a.base) : ''}]`;
    let acc = accesses.find((x) => x.key === key);
    if (!acc) {
      acc = { arr: b, name: e.object.name, key, base: a.base, baseLocal: -1, addrLocal: -1, store };
      accesses.push(acc);
    }
    if (store) acc.store = true;
    return acc;
  };
  const okExpr = (e: t.Expression): boolean => {
    const u = unwrapTs(e);
    switch (u.type) {
      case 'NumericLiteral':
        return true;
      case 'Identifier': {
        if (u.name === counter || assigned.has(u.name)) return false;
        if (lets.has(u.name)) return true;
        const b = h.binding(u.name);
        return !!b && b.t === 'num' && !reductions.includes(u.name);
      }
      case 'BinaryExpression':
        return ['+', '-', '*', '/'].includes(u.operator) && u.left.type !== 'PrivateName' && okExpr(u.left) && okExpr(u.right);
      case 'UnaryExpression':
        return u.operator === '-' && okExpr(u.argument);
      case 'MemberExpression':
        return access(u, false) !== null;
      case 'CallExpression': {
        const c = u.callee;
        if (c.type !== 'MemberExpression' || c.object.type !== 'Identifier' || c.object.name !== 'Math' || c.property.type !== 'Identifier') return false;
        const n = c.property.name;
        const arity = n === 'min' || n === 'max' ? 2 : n === 'sqrt' || n === 'abs' ? 1 : -1;
        return arity === u.arguments.length && u.arguments.every((a) => a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder' && okExpr(a as t.Expression));
      }
      default:
        return false;
    }
  };
  // Names assigned in the body (other than lane consts) are not invariant.
  for (const s of stmts) {
    if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression' && s.expression.left.type === 'Identifier') assigned.add(s.expression.left.name);
  }
  type Step = { t: 'const'; name: string; e: t.Expression } | { t: 'reduce'; name: string; e: t.Expression } | { t: 'store'; acc: Access; op: string; e: t.Expression };
  const steps: Step[] = [];
  for (const s of stmts) {
    if (s.type === 'VariableDeclaration' && s.kind === 'const' && s.declarations.length === 1) {
      const d = s.declarations[0]!;
      if (d.id.type !== 'Identifier' || !d.init || !okExpr(d.init)) return null;
      lets.add(d.id.name);
      steps.push({ t: 'const', name: d.id.name, e: d.init });
      continue;
    }
    if (s.type !== 'ExpressionStatement' || s.expression.type !== 'AssignmentExpression') return null;
    const a = s.expression;
    const left = a.left.type === 'TSNonNullExpression' ? unwrapTs(a.left) : a.left;
    if (left.type === 'Identifier') {
      // A reduction: acc += e, or acc = acc + e. Fast mode only (the sum is reordered).
      if (!h.fast) return null;
      const b = h.binding(left.name);
      if (!b || b.t !== 'num' || b.kind.repr !== 'f32') return null;
      let e: t.Expression | null = null;
      if (a.operator === '+=') e = a.right;
      else if (a.operator === '=') {
        const r = unwrapTs(a.right);
        if (r.type === 'BinaryExpression' && r.operator === '+' && r.left.type === 'Identifier' && r.left.name === left.name) e = r.right;
      }
      if (!e || reductions.includes(left.name)) return null;
      reductions.push(left.name);
      assigned.delete(left.name);
      if (!okExpr(e)) return null;
      assigned.add(left.name);
      steps.push({ t: 'reduce', name: left.name, e });
      continue;
    }
    if (left.type !== 'MemberExpression' || !['=', '+=', '-=', '*='].includes(a.operator)) return null;
    const acc = access(left, true);
    if (!acc || !okExpr(a.right)) return null;
    stores++;
    steps.push({ t: 'store', acc, op: a.operator, e: a.right });
  }
  if (steps.length === 0 || (stores === 0 && reductions.length === 0)) return null;
  const lim = test.right as t.Expression;
  if (!invariantInt(lim)) return null;
  // --- code
  const V = binaryen.v128;
  const F = h.fast ? m.f32x4 : m.f64x2;
  const pre: Ref[] = [];
  const kI64 = () => coerce(m, m.local.get(counterLocal, wasmType(counterKind)), counterKind, I64);
  const limV = h.value(lim);
  const limL = h.newLocal(binaryen.i64);
  pre.push(m.local.set(limL, coerce(m, limV.x, limV.k, I64)));
  for (const a of accesses) {
    a.baseLocal = h.newLocal(binaryen.i64);
    const v = a.base ? h.value(a.base) : { x: m.i64.const(0n), k: I64 };
    pre.push(m.local.set(a.baseLocal, coerce(m, v.x, v.k, I64)));
  }
  const idx = (a: Access) => m.i64.add(m.local.get(a.baseLocal, binaryen.i64), kI64());
  // Exact mode addresses each access from its index. Fast mode adds a byte offset shared by
  // every access (`kb = k * 4`, once per block) to each access's address at k = 0 (once per
  // loop), and the unrolled blocks reach theirs through the load/store offset immediate.
  const kbL = h.fast ? h.newLocal(binaryen.i32) : -1;
  const addr = (a: Access) => (h.fast ? m.i32.add(m.local.get(a.addrLocal, binaryen.i32), m.local.get(kbL, binaryen.i32)) : m.i32.add(m.local.get(a.arr.ptr, binaryen.i32), m.i32.shl(m.i32.wrap(idx(a)), m.i32.const(2))));
  const load = (a: Access, u: number) => (h.fast ? m.v128.load(16 * u, 4, addr(a)) : m.f64x2.promote_low_f32x4(m.v128.load64_zero(0, 4, addr(a))));
  const store = (a: Access, v: Ref, u: number) => (h.fast ? m.v128.store(16 * u, 4, addr(a), v) : m.v128.store64_lane(0, 4, 0, addr(a), m.f32x4.demote_f64x2_zero(v)));
  if (h.fast)
    for (const a of accesses) {
      a.addrLocal = h.newLocal(binaryen.i32);
      pre.push(m.local.set(a.addrLocal, m.i32.add(m.local.get(a.arr.ptr, binaryen.i32), m.i32.shl(m.i32.wrap(m.local.get(a.baseLocal, binaryen.i64)), m.i32.const(2)))));
    }
  const laneLocals = new Map<string, number>();
  const splat = (x: Ref, k: Kind) => F.splat(coerce(m, x, k, h.fast ? { repr: 'f32', lo: -Infinity, hi: Infinity } : { repr: 'f64', lo: -Infinity, hi: Infinity }));
  /** An expression over the lanes of block `u` of an unrolled body (0 when not unrolled). */
  const vexpr = (e: t.Expression, u: number): Ref => {
    const x = unwrapTs(e);
    switch (x.type) {
      case 'NumericLiteral':
        return h.fast ? m.f32x4.splat(m.f32.const(x.value)) : m.f64x2.splat(m.f64.const(x.value));
      case 'Identifier': {
        const l = laneLocals.get(x.name);
        if (l !== undefined) return m.local.get(l, V);
        const b = h.binding(x.name) as { t: 'num'; local: number; kind: Kind };
        return splat(m.local.get(b.local, wasmType(b.kind)), b.kind);
      }
      case 'BinaryExpression': {
        const l = vexpr(x.left as t.Expression, u);
        const r = vexpr(x.right, u);
        return x.operator === '+' ? F.add(l, r) : x.operator === '-' ? F.sub(l, r) : x.operator === '*' ? F.mul(l, r) : F.div(l, r);
      }
      case 'UnaryExpression':
        return F.neg(vexpr(x.argument, u));
      case 'MemberExpression':
        return load(access(x, false)!, u);
      case 'CallExpression': {
        const n = ((x.callee as t.MemberExpression).property as t.Identifier).name;
        const args = x.arguments.map((a) => vexpr(a as t.Expression, u));
        return n === 'sqrt' ? F.sqrt(args[0]!) : n === 'abs' ? F.abs(args[0]!) : n === 'min' ? F.min(args[0]!, args[1]!) : F.max(args[0]!, args[1]!);
      }
      default:
        throw new Error('kernel compiler: vectorizer met an expression its analysis refused');
    }
  };
  // Fast mode runs blocks of UNROLL vectors first, each reduction into UNROLL accumulators (so
  // consecutive adds do not wait on each other), then single vectors, then the scalar loop.
  // Not with several reductions: their UNROLL accumulators each would crowd out the registers
  // (measured: n-body's three reductions ran at half speed unrolled).
  const unroll = h.fast && reductions.length <= 1 ? UNROLL : 1;
  const accLocals = new Map<string, number[]>();
  for (const r of reductions) {
    const ls: number[] = [];
    for (let u = 0; u < unroll; u++) {
      const l = h.newLocal(V);
      ls.push(l);
      pre.push(m.local.set(l, m.v128.const(new Array(16).fill(0))));
    }
    accLocals.set(r, ls);
  }
  /** The body for block `u` of `blocks` (its lanes are k + lanes * u onwards). */
  const bodyOf = (u: number): Ref[] => {
    const out: Ref[] = [];
    for (const s of steps) {
      if (s.t === 'const') {
        // One local per const, set again by each block of an unrolled body (they run in order).
        let l = laneLocals.get(s.name);
        if (l === undefined) laneLocals.set(s.name, (l = h.newLocal(V)));
        out.push(m.local.set(l, vexpr(s.e, u)));
      } else if (s.t === 'reduce') {
        const l = accLocals.get(s.name)![u]!;
        out.push(m.local.set(l, F.add(m.local.get(l, V), vexpr(s.e, u))));
      } else {
        const rhs = vexpr(s.e, u);
        const v = s.op === '=' ? rhs : s.op === '+=' ? F.add(load(s.acc, u), rhs) : s.op === '-=' ? F.sub(load(s.acc, u), rhs) : F.mul(load(s.acc, u), rhs);
        out.push(store(s.acc, v, u));
      }
    }
    return out;
  };
  const bodies = unroll > 1 ? [Array.from({ length: unroll }, (_, u) => bodyOf(u)).flat(), bodyOf(0)] : [bodyOf(0)];
  // Hoisted guards. Every index is base + k and every address moves 4 bytes per k, so:
  // the blocks end where the loop's bound or the shortest array ends (end = min(lim, len - base));
  // indices stay >= 0 when they start so; and the distance between a store and another access is
  // constant, so one check that it is 0 or at least a block wide covers the whole loop.
  // (An unrolled block is its vectors one after the other, so a vector wide is enough.)
  const inclusive = test.operator === '<=';
  const endL = h.newLocal(binaryen.i64);
  pre.push(m.local.set(endL, inclusive ? m.i64.add(m.local.get(limL, binaryen.i64), m.i64.const(1n)) : m.local.get(limL, binaryen.i64)));
  const end = () => m.local.get(endL, binaryen.i64);
  for (const a of accesses) {
    const room = () => m.i64.sub(m.i64.extend_s(m.local.get(a.arr.len, binaryen.i32)), m.local.get(a.baseLocal, binaryen.i64));
    pre.push(m.local.set(endL, m.select(m.i64.lt_s(room(), end()), room(), end())));
  }
  const bad: Ref[] = [m.i32.const(0)];
  for (const a of accesses) bad.push(m.i64.lt_s(idx(a), m.i64.const(0n)));
  const addrAt = (a: Access) => m.i32.add(m.local.get(a.arr.ptr, binaryen.i32), m.i32.shl(m.i32.wrap(idx(a)), m.i32.const(2)));
  for (const st of accesses.filter((a) => a.store))
    for (const o of accesses) {
      if (o === st || h.disjoint(st.arr, o.arr)) continue;
      const d = () => m.i64.sub(m.i64.extend_s(addrAt(st)), m.i64.extend_s(addrAt(o)));
      // Overlap within a block when 0 < |d| < 4 * lanes bytes.
      bad.push(m.i32.and(m.i64.ne(d(), m.i64.const(0n)), m.i64.lt_u(m.i64.add(d(), m.i64.const(BigInt(4 * lanes - 1))), m.i64.const(BigInt(8 * lanes - 1)))));
    }
  const skip = bad.reduce((x, y) => m.i32.or(x, y));
  const done = h.label();
  /** `loop (exit when fewer than `width` lanes are left; body; k += width)`, exiting to `exit`. */
  const blockLoop = (width: number, body: Ref[], exit: string): Ref => {
    const top = h.label();
    const step = m.local.set(counterLocal, coerce(m, m.i64.add(kI64(), m.i64.const(BigInt(width))), I64, counterKind, true));
    const kb = h.fast ? [m.local.set(kbL, m.i32.shl(m.i32.wrap(kI64()), m.i32.const(2)))] : [];
    return m.loop(top, m.block(null, [m.br(exit, m.i64.gt_s(m.i64.add(kI64(), m.i64.const(BigInt(width))), end())), ...kb, ...body, step, m.br(top)]));
  };
  const loops: Ref[] = [];
  if (unroll > 1) {
    const exit = h.label();
    loops.push(m.block(exit, [blockLoop(lanes * unroll, bodies[0]!, exit)]));
  }
  loops.push(blockLoop(lanes, bodies[bodies.length - 1]!, done));
  const loop = m.block(done, [m.br(done, skip), ...loops]);
  const finish: Ref[] = [];
  for (const r of reductions) {
    const ls = accLocals.get(r)!;
    // Accumulators pairwise, then the lanes pairwise.
    let acc = ls.map((l) => m.local.get(l, V));
    while (acc.length > 1) acc = acc.reduce<Ref[]>((o, x, i) => (i % 2 ? (o[o.length - 1] = F.add(o[o.length - 1]!, x), o) : (o.push(x), o)), []);
    // Lanes by halving shuffles: (l0 + l2) + (l1 + l3) in lane 0.
    const sum = h.newLocal(V);
    const get = () => m.local.get(sum, V);
    finish.push(m.local.set(sum, acc[0]!));
    finish.push(m.local.set(sum, F.add(get(), m.i8x16.shuffle(get(), get(), SWAP_HALVES))));
    finish.push(m.local.set(sum, F.add(get(), m.i8x16.shuffle(get(), get(), SWAP_PAIRS))));
    const b = h.binding(r) as { t: 'num'; local: number; kind: Kind };
    finish.push(h.setFloatVar(r, m.f32.add(m.local.get(b.local, binaryen.f32), m.f32x4.extract_lane(get(), 0 as unknown as Ref))));
  }
  return m.block(null, [...pre, loop, ...finish]);
}

/** A stable text key of a (small) base expression, to group equal accesses. */
function keyOf(e: t.Expression): string {
  const u = unwrapTs(e);
  if (u.type === 'Identifier') return u.name;
  if (u.type === 'NumericLiteral') return String(u.value);
  if (u.type === 'BinaryExpression' && u.left.type !== 'PrivateName') return `(${keyOf(u.left)}${u.operator}${keyOf(u.right)})`;
  return `?${u.start}`;
}
