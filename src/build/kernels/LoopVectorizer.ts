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
}

const I64 = intKind(-(2 ** 53), 2 ** 53);

interface Access {
  arr: ArrayRef;
  name: string;
  /** Source text of the base, to group equal accesses. */
  key: string;
  base: t.Expression | null;
  baseLocal: number;
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
      acc = { arr: b, name: e.object.name, key, base: a.base, baseLocal: -1, store };
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
  const addr = (a: Access) => m.i32.add(m.local.get(a.arr.ptr, binaryen.i32), m.i32.shl(m.i32.wrap(idx(a)), m.i32.const(2)));
  const load = (a: Access) => (h.fast ? m.v128.load(0, 4, addr(a)) : m.f64x2.promote_low_f32x4(m.v128.load64_zero(0, 4, addr(a))));
  const store = (a: Access, v: Ref) => (h.fast ? m.v128.store(0, 4, addr(a), v) : m.v128.store64_lane(0, 4, 0, addr(a), m.f32x4.demote_f64x2_zero(v)));
  const laneLocals = new Map<string, number>();
  const splat = (x: Ref, k: Kind) => F.splat(coerce(m, x, k, h.fast ? { repr: 'f32', lo: -Infinity, hi: Infinity } : { repr: 'f64', lo: -Infinity, hi: Infinity }));
  const vexpr = (e: t.Expression): Ref => {
    const u = unwrapTs(e);
    switch (u.type) {
      case 'NumericLiteral':
        return h.fast ? m.f32x4.splat(m.f32.const(u.value)) : m.f64x2.splat(m.f64.const(u.value));
      case 'Identifier': {
        const l = laneLocals.get(u.name);
        if (l !== undefined) return m.local.get(l, V);
        const b = h.binding(u.name) as { t: 'num'; local: number; kind: Kind };
        return splat(m.local.get(b.local, wasmType(b.kind)), b.kind);
      }
      case 'BinaryExpression': {
        const l = vexpr(u.left as t.Expression);
        const r = vexpr(u.right);
        return u.operator === '+' ? F.add(l, r) : u.operator === '-' ? F.sub(l, r) : u.operator === '*' ? F.mul(l, r) : F.div(l, r);
      }
      case 'UnaryExpression':
        return F.neg(vexpr(u.argument));
      case 'MemberExpression':
        return load(access(u, false)!);
      case 'CallExpression': {
        const n = ((u.callee as t.MemberExpression).property as t.Identifier).name;
        const args = u.arguments.map((a) => vexpr(a as t.Expression));
        return n === 'sqrt' ? F.sqrt(args[0]!) : n === 'abs' ? F.abs(args[0]!) : n === 'min' ? F.min(args[0]!, args[1]!) : F.max(args[0]!, args[1]!);
      }
      default:
        throw new Error('kernel compiler: vectorizer met an expression its analysis refused');
    }
  };
  const accLocals = new Map<string, number>();
  for (const r of reductions) {
    const l = h.newLocal(V);
    accLocals.set(r, l);
    pre.push(m.local.set(l, m.v128.const(new Array(16).fill(0))));
  }
  const body2: Ref[] = [];
  for (const s of steps) {
    if (s.t === 'const') {
      const l = h.newLocal(V);
      laneLocals.set(s.name, l);
      body2.push(m.local.set(l, vexpr(s.e)));
    } else if (s.t === 'reduce') {
      const l = accLocals.get(s.name)!;
      body2.push(m.local.set(l, F.add(m.local.get(l, V), vexpr(s.e))));
    } else {
      const rhs = vexpr(s.e);
      const v = s.op === '=' ? rhs : s.op === '+=' ? F.add(load(s.acc), rhs) : s.op === '-=' ? F.sub(load(s.acc), rhs) : F.mul(load(s.acc), rhs);
      body2.push(store(s.acc, v));
    }
  }
  // Hoisted guards. Every index is base + k and every address moves 4 bytes per k, so:
  // the blocks end where the loop's bound or the shortest array ends (end = min(lim, len - base));
  // indices stay >= 0 when they start so; and the distance between a store and another access is
  // constant, so one check that it is 0 or at least a block wide covers the whole loop.
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
  for (const st of accesses.filter((a) => a.store))
    for (const o of accesses) {
      if (o === st) continue;
      const d = () => m.i64.sub(m.i64.extend_s(addr(st)), m.i64.extend_s(addr(o)));
      // Overlap within a block when 0 < |d| < 4 * lanes bytes.
      bad.push(m.i32.and(m.i64.ne(d(), m.i64.const(0n)), m.i64.lt_u(m.i64.add(d(), m.i64.const(BigInt(4 * lanes - 1))), m.i64.const(BigInt(8 * lanes - 1)))));
    }
  const skip = bad.reduce((x, y) => m.i32.or(x, y));
  const step = m.local.set(counterLocal, coerce(m, m.i64.add(kI64(), m.i64.const(BigInt(lanes))), I64, counterKind, true));
  const done = h.label();
  const top = h.label();
  const loop = m.block(done, [m.br(done, skip), m.loop(top, m.block(null, [m.br(done, m.i64.gt_s(m.i64.add(kI64(), m.i64.const(BigInt(lanes))), end())), ...body2, step, m.br(top)]))]);
  const finish: Ref[] = [];
  for (const r of reductions) {
    const l = accLocals.get(r)!;
    const lane = (i: number) => m.f32x4.extract_lane(m.local.get(l, V), i as unknown as Ref);
    const b = h.binding(r) as { t: 'num'; local: number; kind: Kind };
    finish.push(h.setFloatVar(r, m.f32.add(m.local.get(b.local, binaryen.f32), m.f32.add(m.f32.add(lane(0), lane(1)), m.f32.add(lane(2), lane(3))))));
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
