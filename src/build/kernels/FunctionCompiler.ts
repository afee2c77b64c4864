/**
 * Compiles one function of the kernel subset (a job's kernel, or one
 * specialisation of a helper) into a binaryen function body.
 *
 * Kinds of `let` variables are found by re-compiling the body until every
 * assignment fits the kind its variable had on the previous pass (a fixpoint;
 * ranges that keep growing are widened to the next repr, then to a float). The
 * canonical counting loop `for (let i = a; i < b; i++)` pins `i` to the range
 * of `a` and `b`, so loop counters stay i32.
 */
import binaryen from 'binaryen';
import type * as t from '@babel/types';
import { BOOL, F32, F64, I32, intArith, intKind, isInt, joinKinds, literalKind, numeric, sameKind, widen, type Kind } from './Kind.ts';
import { elemBytes, type ElemType } from './argTypes.ts';
import { coerce, exprInfo, extendU, toInt32, truthy, wasmType } from './wasmOps.ts';
import { UnsupportedKernelConstruct } from './errors.ts';
import { unwrapTs, type ModuleName, type ModuleScope } from './ModuleScope.ts';
import type { KernelMode } from './KernelMode.ts';
import { vectorizeLoop, type VectorHost } from './LoopVectorizer.ts';
import { JAM, jamPlan, stableBound } from './JamPlan.ts';
import { assignsInLoop, flipRel, isRelOp, narrowRel, signOfZeroUnused, type RelOp } from './RangeNarrowing.ts';

type Ref = number;

/** A typed-array value: locals holding its byte offset and its length. */
export interface ArrayRef {
  readonly ptr: number;
  readonly len: number;
  readonly elem: ElemType;
}

interface NumVar {
  readonly t: 'num';
  readonly local: number;
  readonly kind: Kind;
  readonly decl: object;
  /** Its kind is fixed (a const, an arg, a counted loop's counter): assignments do not join into it. */
  readonly pinned: boolean;
  readonly isConst: boolean;
  /** Its integer may be -0 where it reads 0: every use ignores the sign of zero (see RangeNarrowing). */
  readonly negZero?: boolean;
  /** Set on a narrowed copy (inside a branch whose test bounds it): the variable itself. */
  readonly full?: NumVar;
}
interface ArrVar extends ArrayRef {
  readonly t: 'arr';
}
interface ArgsVar {
  readonly t: 'args';
  readonly fields: ReadonlyMap<string, Binding>;
}
type Binding = NumVar | ArrVar | ArgsVar;

/** A compiled expression: its code and kind. */
interface Value {
  readonly x: Ref;
  readonly k: Kind;
  /** The declaration of the may-be -0 integer variable this reads ({@link NumVar.negZero}). */
  readonly nz?: object;
}

/** A parameter of the function being compiled. */
export type ParamSpec =
  | { readonly t: 'num'; readonly name: string; readonly kind: Kind; readonly local: number }
  | { readonly t: 'arr'; readonly name: string; readonly ref: ArrayRef }
  | { readonly t: 'args'; readonly name: string | null; readonly fields: ReadonlyMap<string, { t: 'num'; kind: Kind; local: number } | { t: 'arr'; ref: ArrayRef }>; readonly pattern?: t.ObjectPattern };

/** A call argument of a helper: a number of some kind, or an array. */
export type HelperArg = { readonly t: 'num'; readonly kind: Kind } | { readonly t: 'arr'; readonly elem: ElemType };

/** What the function compiler needs from the module being built. */
export interface CompileHost {
  readonly mod: binaryen.Module;
  readonly mode: KernelMode;
  /** Compile (once) a helper for these argument kinds; returns its wasm name and result kind. */
  helper(h: Extract<ModuleName, { t: 'helper' }>, args: readonly HelperArg[], at: t.Node): { name: string; result: Kind | null };
  /** Resolve an imported name to what it is in its own module. */
  resolveImport(scope: ModuleScope, name: Extract<ModuleName, { t: 'import' }>, at: t.Node): ModuleName;
  /** The index of an assert message (a defineMessage template or a plain string) in the module's table. */
  message(template: string, isId: boolean): number;
  /** Ensure an imported host function (Math functions without a port, fmod) and return its wasm name. */
  hostMath(name: string, arity: number): string;
  /** A ported Math function compiled into the module, if there is one. */
  portedMath(name: string): string | null;
}

const PASSES = 8;
const LOG2: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };

/**
 * One function body. `compile()` runs the fixpoint and returns the body, the
 * types of its extra locals and the kind it returns (null for none).
 */
export class FunctionCompiler {
  private readonly m: binaryen.Module;
  private readonly float: Kind;
  private kinds = new Map<object, Kind>();
  private nextKinds = new Map<object, Kind>();
  private scopes: Map<string, Binding>[] = [];
  private locals: number[] = [];
  private labels: { brk: string; cont: string | null; name: string | null }[] = [];
  private labelCount = 0;
  private retKind: Kind | null = null;
  private nextRet: Kind | null = null;
  private pass = 0;
  private final = false;
  private pendingLabel: string | null = null;
  /** Compiling the copies of a jammed loop (loops inside are not jammed again). */
  private jamming = false;
  /** Pairs of arrays (their bindings) whose memory is known not to overlap: the jammed loop checked them. */
  private disjoint: [ArrayRef, ArrayRef][] = [];
  /** Declarations held as may-be -0 integers until a use needed the sign: floats from then on. */
  private signed = new Set<object>();
  private signedGrew = false;
  /** The statements after the one being compiled in its block (set by block() for stmt()). */
  private following: readonly t.Statement[] | null = null;

  constructor(
    private readonly host: CompileHost,
    private readonly fn: t.Function,
    private readonly scope: ModuleScope,
    private readonly params: readonly ParamSpec[],
    private readonly paramTypes: readonly number[],
    /** A kernel returns i32 0 (done); a helper returns its value. */
    private readonly isKernel: boolean,
  ) {
    this.m = host.mod;
    this.float = host.mode === 'fast' ? F32 : F64;
  }

  compile(): { body: Ref; vars: number[]; result: Kind | null } {
    for (this.pass = 0; ; this.pass++) {
      this.final = false;
      const body = this.emitBody();
      let changed = !sameRet(this.retKind, this.nextRet) || this.signedGrew;
      this.signedGrew = false;
      for (const [d, k] of this.nextKinds) {
        const old = this.kinds.get(d);
        if (!old || !sameKind(old, k)) changed = true;
      }
      if (!changed) {
        this.final = true;
        const out = this.emitBody();
        void body;
        return { body: out, vars: this.locals.slice(), result: this.retKind };
      }
      if (this.pass >= PASSES) throw new UnsupportedKernelConstruct('variable kinds do not settle', this.fn.loc?.start.line ?? 0, (this.fn.loc?.start.column ?? 0) + 1);
      // Widen what still grows: first to its repr's whole range, then to a float.
      for (const [d, k] of this.nextKinds) {
        const old = this.kinds.get(d);
        let w = k;
        if (old && !sameKind(old, k) && this.pass >= 2) w = this.pass >= 4 || sameKind(widen(k), k) ? (k.repr === 'bool' ? k : this.float) : widen(k);
        this.kinds.set(d, w);
      }
      if (this.nextRet) this.retKind = this.pass >= 4 && this.retKind && !sameRet(this.retKind, this.nextRet) && this.nextRet.repr !== 'bool' ? this.float : this.nextRet;
    }
  }

  private emitBody(): Ref {
    this.nextKinds = new Map();
    this.nextRet = null;
    this.locals = [];
    this.labelCount = 0;
    this.scopes = [new Map()];
    const prologue: Ref[] = [];
    for (const p of this.params) this.bindParam(p, prologue);
    const b = this.fn.body;
    if (b.type !== 'BlockStatement') {
      const v = this.expr(b);
      return this.isKernel ? this.m.block(null, [...prologue, this.m.drop(v.x), this.m.i32.const(0)], binaryen.i32) : this.m.block(null, [...prologue, this.m.return(this.ret(v, b))]);
    }
    const stmts = [...prologue, ...this.block(b.body)];
    const tail = this.isKernel ? this.m.i32.const(0) : this.retKind ? this.m.unreachable() : this.m.nop();
    return this.m.block(null, [...stmts, tail], this.isKernel ? binaryen.i32 : this.retKind ? wasmType(this.retKind) : binaryen.none);
  }

  private bindParam(p: ParamSpec, prologue: Ref[]): void {
    const s = this.scopes[0]!;
    if (p.t === 'num') {
      // A parameter may be reassigned (`i = p`): it lives in a local of its joined kind.
      const kind = this.varKind(p, p.kind);
      const local = this.newLocal(wasmType(kind));
      const nv: NumVar = { t: 'num', local, kind, decl: p, pinned: false, isConst: false };
      this.assigned(nv, p.kind, this.fn);
      prologue.push(this.m.local.set(local, this.fits(p.kind, kind) ? coerce(this.m, this.get(p.local, p.kind), p.kind, kind) : this.m.unreachable()));
      s.set(p.name, nv);
    } else if (p.t === 'arr') s.set(p.name, { t: 'arr', ...p.ref });
    else {
      const fields = new Map<string, Binding>();
      for (const [k, f] of p.fields) fields.set(k, f.t === 'num' ? { t: 'num', local: f.local, kind: f.kind, decl: f, pinned: true, isConst: true } : { t: 'arr', ...f.ref });
      if (p.name) s.set(p.name, { t: 'args', fields });
      if (p.pattern)
        for (const prop of p.pattern.properties) {
          if (prop.type !== 'ObjectProperty' || prop.key.type !== 'Identifier' || prop.value.type !== 'Identifier') throw this.unsupported('a non-trivial destructuring of the kernel args', prop);
          const f = fields.get(prop.key.name);
          if (!f) throw this.unsupported(`"${prop.key.name}", which is not a declared arg`, prop);
          s.set(prop.value.name, f);
        }
    }
  }

  // ---------------------------------------------------------------- helpers

  private unsupported(what: string, node: t.Node, advice?: string): UnsupportedKernelConstruct {
    return new UnsupportedKernelConstruct(what, node.loc?.start.line ?? 0, (node.loc?.start.column ?? 0) + 1, advice);
  }

  private newLocal(type: number): number {
    this.locals.push(type);
    return this.paramTypes.length + this.locals.length - 1;
  }

  private get(local: number, k: Kind): Ref {
    return this.m.local.get(local, wasmType(k));
  }

  /** A value as something that can be read twice (a local.get or a constant), plus the code that sets it up. */
  private twice(v: Value): { setup: Ref | null; v: Value } {
    const id = binaryen.getExpressionId(v.x);
    if (id === binaryen.LocalGetId || (id === binaryen.ConstId && v.k.repr !== 'i64')) return { setup: null, v };
    const l = this.newLocal(wasmType(v.k));
    return { setup: this.m.local.set(l, v.x), v: { x: this.get(l, v.k), k: v.k } };
  }

  private withSetup(setup: Ref | null, x: Ref, type: number): Ref {
    return setup === null ? x : this.m.block(null, [setup, x], type);
  }

  private int32(v: Value): Ref {
    if (v.k.repr !== 'f64' && v.k.repr !== 'f32') return toInt32(this.m, v.x, v.k);
    const { setup, v: w } = this.twice(v.k.repr === 'f32' ? { x: this.m.f64.promote(v.x), k: F64 } : v);
    return this.withSetup(setup, toInt32(this.m, w.x, w.k), binaryen.i32);
  }

  private toFloat(v: Value): Ref {
    return coerce(this.m, v.x, v.k, this.float);
  }

  private lookup(name: string, node: t.Node): Binding | ModuleName {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) return b;
    }
    let n = this.scope.lookup(name);
    if (n && n.t === 'import') n = this.host.resolveImport(this.scope, n, node);
    if (!n) throw this.unsupported(`"${name}", which is neither a local, an arg nor a module-level constant or function`, node);
    return n;
  }

  /** Record that a variable is assigned a value of kind `k` (the fixpoint's join). */
  private assigned(v: NumVar, k: Kind, node: t.Node): void {
    if (v.pinned) return;
    const prev = this.nextKinds.get(v.decl);
    const j = prev ? joinKinds(prev, k) : k;
    if (!j) throw this.unsupported('a variable that holds both a boolean and a number', node);
    this.nextKinds.set(v.decl, j);
  }

  private ret(v: Value, node: t.Node): Ref {
    const j = this.nextRet ? joinKinds(this.nextRet, v.k) : v.k;
    if (!j) throw this.unsupported('a function that returns both booleans and numbers', node);
    this.nextRet = j;
    const k = this.retKind ?? v.k;
    return this.fits(v.k, k) ? coerce(this.m, v.x, v.k, k) : this.m.unreachable();
  }

  /** Whether every value of `a` is one of `b` (so coerce widens). */
  private fits(a: Kind, b: Kind): boolean {
    if (a.repr === 'bool' || b.repr === 'bool') return a.repr === b.repr;
    if (b.repr === 'f64' || b.repr === 'f32') return a.repr !== 'f64' || b.repr === 'f64';
    if (!isInt(a)) return false;
    return a.lo >= b.lo && a.hi <= b.hi && !(a.repr === 'i64' && b.repr === 'i32');
  }

  /** Store `v` into variable `nv` (converting to its kind). */
  private setVar(nv0: NumVar, v: Value, node: t.Node): Ref {
    const nv = this.unnarrow(nv0);
    this.assigned(nv, v.k, node);
    if (nv.pinned && isInt(nv.kind) && isInt(v.k)) {
      // A pinned loop counter: the loop test proved the new value is within its range.
      return this.m.local.set(nv.local, coerce(this.m, v.x, v.k, nv.kind, true));
    }
    if (!this.fits(v.k, nv.kind)) {
      if (this.final) throw new Error(`kernel compiler: ${v.k.repr}[${v.k.lo},${v.k.hi}] does not fit ${nv.kind.repr}`);
      return this.m.drop(v.x);
    }
    return this.m.local.set(nv.local, coerce(this.m, v.x, v.k, nv.kind));
  }

  /**
   * The variable behind a narrowed copy, dropping every copy of it from the scopes:
   * after an assignment the test that narrowed it no longer holds (code is compiled
   * in evaluation order; a branch assigning it inside a loop is never narrowed).
   */
  private unnarrow(nv: NumVar): NumVar {
    if (!nv.full) return nv;
    for (const sc of this.scopes)
      for (const [name, b] of sc) if (b.t === 'num' && b.full === nv.full) sc.delete(name);
    return nv.full;
  }

  /** The narrowed copies of a variable a branch test `v op e` gives its two branches (see RangeNarrowing), or null. */
  private narrowing(test: t.Expression): { name: string; then: Kind | null; else: Kind | null; b: NumVar } | null {
    const u = unwrapTs(test);
    if (u.type !== 'BinaryExpression' || !isRelOp(u.operator) || u.left.type === 'PrivateName') return null;
    const sides: [t.Expression, t.Expression, RelOp][] = [
      [unwrapTs(u.left), unwrapTs(u.right), u.operator],
      [unwrapTs(u.right), unwrapTs(u.left), flipRel(u.operator)],
    ];
    for (const [id, other, op] of sides) {
      if (id.type !== 'Identifier' || mentionsAssign(other, id.name)) continue;
      const b = this.lookupLocal(id.name);
      if (!b || b.t !== 'num' || !isInt(b.kind)) continue;
      const e = this.peekKind(other);
      if (!e || !isInt(e)) continue;
      return { name: id.name, then: narrowRel(op, b.kind, e, true), else: narrowRel(op, b.kind, e, false), b };
    }
    return null;
  }

  /**
   * Whether declaration `decl` may hold its integer as an int although it may be -0
   * (only its sign-of-zero-blind uses in `scope` read it), and has not been refused.
   */
  private mayDropZeroSign(decl: object, name: string, scope: readonly (t.Node | null | undefined)[]): boolean {
    return !this.signed.has(decl) && signOfZeroUnused(scope, name);
  }

  /**
   * The integer value of `-a` or `a * b` (both integers) when the result may be -0
   * and only its value counts, or null for any other expression.
   */
  private zeroSignlessInt(e: t.Expression): Value | null {
    const u = unwrapTs(e);
    if (u.type === 'UnaryExpression' && u.operator === '-') {
      const ak = this.peekKind(u.argument);
      if (!ak || !isInt(ak)) return null;
      const a = this.expr(u.argument);
      // (+ 0: a range bound is never -0 itself.)
      const k = intKind(-a.k.hi + 0, -a.k.lo + 0);
      if (k.repr === 'i32' && a.k.repr === 'i32') return { x: this.m.i32.sub(this.m.i32.const(0), a.x), k };
      return isInt(k) ? { x: this.m.i64.sub(this.m.i64.const(0n), coerce(this.m, a.x, a.k, I64R)), k: { ...k, repr: 'i64' } } : null;
    }
    if (u.type === 'BinaryExpression' && u.operator === '*' && u.left.type !== 'PrivateName') {
      const ak = this.peekKind(u.left);
      const bk = this.peekKind(u.right);
      if (!ak || !bk || !isInt(ak) || !isInt(bk)) return null;
      const p = [ak.lo * bk.lo, ak.lo * bk.hi, ak.hi * bk.lo, ak.hi * bk.hi];
      const k = intKind(Math.min(...p) + 0, Math.max(...p) + 0);
      if (!isInt(k)) return null;
      const a = this.expr(u.left);
      const b = this.expr(u.right);
      if (k.repr === 'i32' && a.k.repr === 'i32' && b.k.repr === 'i32') return { x: this.m.i32.mul(this.int32(a), this.int32(b)), k };
      return { x: this.m.i64.mul(coerce(this.m, a.x, numeric(a.k), I64R), coerce(this.m, b.x, numeric(b.k), I64R)), k: { ...k, repr: 'i64' } };
    }
    return null;
  }

  /** A may-be -0 integer met a use that needs the sign: its declaration becomes a float on the next pass. */
  private needSign(v: Value): void {
    if (!v.nz || this.signed.has(v.nz)) return;
    if (this.final) throw new Error('kernel compiler: a may-be -0 integer reached a sign-sensitive use in the final pass');
    this.signed.add(v.nz);
    this.signedGrew = true;
  }

  private varKind(decl: object, init: Kind): Kind {
    return this.kinds.get(decl) ?? init;
  }

  // ------------------------------------------------------------- statements

  private block(body: readonly t.Statement[]): Ref[] {
    this.scopes.push(new Map());
    const out: Ref[] = [];
    body.forEach((s, i) => {
      this.following = body.slice(i + 1);
      out.push(this.stmt(s));
    });
    this.following = null;
    this.scopes.pop();
    return out;
  }

  private label(): string {
    return `L${this.labelCount++}`;
  }

  private stmt(s: t.Statement): Ref {
    const m = this.m;
    // The rest of the enclosing block, for a declaration directly in it (where its const is visible).
    const following = this.following;
    this.following = null;
    switch (s.type) {
      case 'EmptyStatement':
        return m.nop();
      case 'BlockStatement':
        return m.block(null, this.block(s.body));
      case 'ExpressionStatement':
        return this.effect(s.expression);
      case 'VariableDeclaration':
        return m.block(null, this.declare(s, undefined, following));
      case 'IfStatement': {
        const c = this.cond(s.test);
        const n = this.narrowing(s.test);
        const a = this.scoped(s.consequent, n && n.then && { name: n.name, b: n.b, kind: n.then });
        const b = s.alternate ? this.scoped(s.alternate, n && n.else && { name: n.name, b: n.b, kind: n.else }) : undefined;
        return m.if(c, a, b);
      }
      case 'ForStatement':
        return this.forLoop(s);
      case 'WhileStatement':
        return this.loop(null, s.test, s.body, null, false);
      case 'DoWhileStatement':
        return this.loop(null, s.test, s.body, null, true);
      case 'BreakStatement': {
        const l = this.findLabel(s.label?.name ?? null, false, s);
        return m.br(l);
      }
      case 'ContinueStatement': {
        const l = this.findLabel(s.label?.name ?? null, true, s);
        return m.br(l);
      }
      case 'ReturnStatement': {
        if (this.isKernel) {
          if (s.argument) throw this.unsupported('a kernel that returns a value', s);
          return m.return(m.i32.const(0));
        }
        if (!s.argument) {
          if (this.retKind) throw this.unsupported('a helper that returns a value on some paths only', s);
          return m.return();
        }
        return m.return(this.ret(this.expr(s.argument), s));
      }
      case 'SwitchStatement':
        return this.switchStmt(s);
      case 'LabeledStatement': {
        this.pendingLabel = s.label.name;
        const body = s.body;
        if (body.type !== 'ForStatement' && body.type !== 'WhileStatement' && body.type !== 'DoWhileStatement') {
          const brk = this.label();
          this.labels.push({ brk, cont: null, name: s.label.name });
          this.pendingLabel = null;
          const inner = this.stmt(body);
          this.labels.pop();
          return m.block(brk, [inner]);
        }
        return this.stmt(body);
      }
      case 'FunctionDeclaration':
        throw this.unsupported('a nested function', s, 'Move it to the module top level (a helper function).');
      default:
        throw this.unsupported(`a ${s.type}`, s);
    }
  }

  /** A statement in its own scope; `narrow` gives a variable a narrower range there (its local unchanged). */
  private scoped(s: t.Statement, narrow?: { name: string; b: NumVar; kind: Kind } | null): Ref {
    const sc = new Map<string, Binding>();
    if (narrow && !assignsInLoop(s, narrow.name, mentionsAssign)) sc.set(narrow.name, { ...narrow.b, kind: narrow.kind, full: narrow.b.full ?? narrow.b });
    this.scopes.push(sc);
    const r = this.stmt(s);
    this.scopes.pop();
    return r;
  }

  private findLabel(name: string | null, cont: boolean, node: t.Node): string {
    for (let i = this.labels.length - 1; i >= 0; i--) {
      const l = this.labels[i]!;
      if (name !== null && l.name !== name) continue;
      if (cont && l.cont === null) {
        if (name !== null) throw this.unsupported('`continue` to a label that is not a loop', node);
        continue;
      }
      return cont ? l.cont! : l.brk;
    }
    throw this.unsupported(`\`${cont ? 'continue' : 'break'}\` outside a loop or switch`, node);
  }

  private declare(d: t.VariableDeclaration, pinned?: { decl: t.VariableDeclarator; kind: Kind; signless?: boolean }, following?: readonly t.Statement[] | null): Ref[] {
    if (d.kind === 'var') throw this.unsupported('`var`', d, 'Use let or const.');
    const out: Ref[] = [];
    const scope = this.scopes[this.scopes.length - 1]!;
    for (const dc of d.declarations) {
      if (dc.id.type !== 'Identifier') throw this.unsupported('a destructuring declaration', dc);
      if (!dc.init) throw this.unsupported(`\`let ${dc.id.name};\` without an initial value`, dc, 'Initialise it (e.g. `let x = 0`).');
      const arr = this.tryArray(dc.init);
      if (arr) {
        if (d.kind !== 'const') throw this.unsupported('a `let` holding a typed array', dc, 'Use const.');
        const ptr = this.newLocal(binaryen.i32);
        const len = this.newLocal(binaryen.i32);
        out.push(this.m.local.set(ptr, arr.ptr), this.m.local.set(len, arr.len));
        scope.set(dc.id.name, { t: 'arr', ptr, len, elem: arr.elem });
        continue;
      }
      const isPinned = pinned?.decl === dc;
      // A const `-a` or `a * b` that may be -0, read only where the sign of zero is ignored: an integer.
      const signless =
        isPinned ? pinned!.signless === true
        : d.kind === 'const' && following != null && this.peekSignless(dc.init) !== null && !isInt(this.peekKind(dc.init) ?? F64) && this.mayDropZeroSign(dc, dc.id.name, [...d.declarations.slice(d.declarations.indexOf(dc) + 1), ...following]);
      const v = signless ? this.zeroSignlessInt(dc.init)! : this.expr(dc.init);
      const kind = isPinned ? pinned!.kind : d.kind === 'const' ? v.k : this.varKind(dc, v.k);
      const local = this.newLocal(wasmType(kind));
      const nv: NumVar = { t: 'num', local, kind, decl: dc, pinned: isPinned || d.kind === 'const', isConst: d.kind === 'const', ...(signless ? { negZero: true } : {}) };
      if (!nv.pinned) this.assigned(nv, v.k, dc);
      if (!this.fits(v.k, kind) && !(isPinned && isInt(v.k) && isInt(kind))) {
        if (this.final) throw new Error('kernel compiler: initializer does not fit its variable');
        out.push(this.m.drop(v.x));
      } else out.push(this.m.local.set(local, coerce(this.m, v.x, v.k, kind, isPinned)));
      scope.set(dc.id.name, nv);
    }
    return out;
  }

  /** The counter of `for (let i = a; i < b; i++)` and its range, when the loop has that shape and the body leaves `i` alone. */
  private counter(s: t.ForStatement): { decl: t.VariableDeclarator; kind: Kind; signless?: boolean } | null {
    const init = s.init;
    if (!init || init.type !== 'VariableDeclaration' || init.kind !== 'let' || init.declarations.length !== 1) return null;
    const dc = init.declarations[0]!;
    if (dc.id.type !== 'Identifier' || !dc.init || !s.test || !s.update) return null;
    const name = dc.id.name;
    const test = unwrapTs(s.test);
    if (test.type !== 'BinaryExpression' || !['<', '<=', '>', '>='].includes(test.operator)) return null;
    const left = test.left.type === 'PrivateName' ? null : unwrapTs(test.left);
    if (!left || left.type !== 'Identifier' || left.name !== name) return null;
    const updates = s.update.type === 'SequenceExpression' ? s.update.expressions : [s.update];
    let dir = 0;
    for (const u of updates) {
      const w = unwrapTs(u);
      const target = w.type === 'UpdateExpression' ? w.argument : w.type === 'AssignmentExpression' ? w.left : null;
      if (w.type === 'UpdateExpression' && target && target.type === 'Identifier' && target.name === name) dir += w.operator === '++' ? 1 : -1;
      else if (w.type === 'AssignmentExpression' && target && target.type === 'Identifier' && target.name === name) {
        const r = unwrapTs(w.right);
        if ((w.operator === '+=' || w.operator === '-=') && r.type === 'NumericLiteral' && r.value === 1) dir += w.operator === '+=' ? 1 : -1;
        else return null;
      } else if (mentionsAssign(w, name)) return null;
    }
    if (dir !== 1 && dir !== -1) return null;
    if ((dir === 1) !== (test.operator === '<' || test.operator === '<=')) return null;
    if (mentionsAssign(s.body, name) || mentionsAssign(test.right, name)) return null;
    // Kinds of the bounds, compiled for their kinds only (the code is discarded). A start
    // like `-reach` may be -0: an integer still when no use of the counter sees the sign.
    let a = this.peekKind(dc.init);
    let signless = false;
    if (a && !isInt(a) && this.mayDropZeroSign(dc, name, [s.test, s.update, s.body])) {
      a = this.peekSignless(dc.init);
      signless = a !== null;
    }
    const b = this.peekKind(test.right as t.Expression);
    if (!a || !b || !isInt(a) || !isInt(b)) return null;
    const inclusive = test.operator === '<=' || test.operator === '>=';
    const kind = dir === 1 ? intKind(a.lo, Math.max(a.hi, b.hi + (inclusive ? 1 : 0))) : intKind(Math.min(a.lo, b.lo - (inclusive ? 1 : 0)), a.hi);
    return isInt(kind) ? { decl: dc, kind, ...(signless ? { signless } : {}) } : null;
  }

  /** The kind {@link zeroSignlessInt} would give, without keeping its code; null when it does not apply. */
  private peekSignless(e: t.Expression): Kind | null {
    const saved = this.nextKinds;
    const savedRet = this.nextRet;
    this.nextKinds = new Map(saved);
    try {
      return this.zeroSignlessInt(e)?.k ?? null;
    } catch {
      return null;
    } finally {
      this.nextKinds = saved;
      this.nextRet = savedRet;
    }
  }

  /** The kind an expression would have here, without keeping its code (no side effects on the fixpoint). */
  private peekKind(e: t.Expression): Kind | null {
    const saved = this.nextKinds;
    const savedRet = this.nextRet;
    this.nextKinds = new Map(saved);
    try {
      return numeric(this.expr(e).k);
    } catch {
      return null;
    } finally {
      this.nextKinds = saved;
      this.nextRet = savedRet;
    }
  }

  private forLoop(s: t.ForStatement): Ref {
    this.scopes.push(new Map());
    const pre: Ref[] = [];
    if (s.init) {
      const counter = s.init.type === 'VariableDeclaration' ? this.counter(s) : null;
      if (s.init.type === 'VariableDeclaration') pre.push(...this.declare(s.init, counter ?? undefined));
      else pre.push(this.effect(s.init));
      const v = counter && (this.vectorized(s, counter.decl) ?? (this.float.repr === 'f32' && !this.jamming ? this.jammed(s, counter.decl) : null));
      if (v) pre.push(v);
    }
    const loop = this.loop(pre, s.test ?? null, s.body, s.update ?? null, false);
    this.scopes.pop();
    return loop;
  }

  /** The SIMD prologue of a counted loop `for (let k = a; k < b; k++)`, when the body qualifies (see LoopVectorizer). */
  private vectorized(s: t.ForStatement, decl: t.VariableDeclarator): Ref | null {
    const upd = s.update && unwrapTs(s.update);
    if (!upd || upd.type !== 'UpdateExpression' || upd.operator !== '++' || !s.test) return null;
    const test = unwrapTs(s.test);
    if (test.type !== 'BinaryExpression' || (test.operator !== '<' && test.operator !== '<=')) return null;
    const name = (decl.id as t.Identifier).name;
    const k = this.lookupLocal(name);
    if (!k || k.t !== 'num') return null;
    const host: VectorHost = {
      m: this.m,
      fast: this.float.repr === 'f32',
      binding: (n) => {
        const b = this.lookupLocal(n);
        if (!b || b.t === 'args') return null;
        return b.t === 'num' ? { t: 'num', local: b.local, kind: b.kind } : b;
      },
      value: (e) => this.expr(e),
      newLocal: (type) => this.newLocal(type),
      label: () => this.label(),
      setFloatVar: (n, x) => this.setVar(this.lookupLocal(n) as NumVar, { x, k: F32 }, s),
      disjoint: (a, b) => this.disjoint.some(([x, y]) => (x === a && y === b) || (x === b && y === a)),
    };
    return vectorizeLoop(host, name, k.local, k.kind, test, s.body);
  }

  /**
   * Fast mode: the prologue that runs `for (let j = a; j < b; j++)` JAM iterations at a
   * time, each top-level statement for iterations j..j+JAM-1 in turn (see JamPlan), and
   * packs float consts of the iterations' scalars into one f32x4 (a vectorised `Math.exp`).
   * The loop itself then runs what is left.
   */
  private jammed(s: t.ForStatement, decl: t.VariableDeclarator): Ref | null {
    const upd = s.update && unwrapTs(s.update);
    if (!upd || upd.type !== 'UpdateExpression' || upd.operator !== '++' || !s.test) return null;
    const test = unwrapTs(s.test);
    if (test.type !== 'BinaryExpression' || (test.operator !== '<' && test.operator !== '<=')) return null;
    const name = (decl.id as t.Identifier).name;
    const plan = jamPlan(s.body, name);
    const jv = this.lookupLocal(name);
    if (!plan || !jv || jv.t !== 'num' || !stableBound(test.right as t.Expression) || plan.reductions.some((r) => mentionsName(test.right, r))) return null;
    const arrays = new Map<string, ArrVar>();
    for (const a of plan.arrays) {
      const b = this.lookupLocal(a);
      if (!b || b.t !== 'arr') return null;
      arrays.set(a, b);
    }
    const m = this.m;
    const L = intKind(-(2 ** 53), 2 ** 53);
    // Arrays the body writes must not overlap the others it uses (else run unjammed).
    const lo = (b: ArrVar) => m.i64.extend_u(m.local.get(b.ptr, binaryen.i32));
    const hi = (b: ArrVar) => m.i64.add(lo(b), m.i64.mul(m.i64.extend_u(m.local.get(b.len, binaryen.i32)), m.i64.const(BigInt(elemBytes(b.elem)))));
    const overlap: Ref[] = [m.i32.const(0)];
    const disjoint: [ArrayRef, ArrayRef][] = [];
    for (const w of plan.written)
      for (const [a, ab] of arrays) {
        const wb = arrays.get(w)!;
        if (a === w) continue;
        overlap.push(m.i32.and(m.i64.lt_u(lo(wb), hi(ab)), m.i64.lt_u(lo(ab), hi(wb))));
        disjoint.push([wb, ab]);
      }
    const j64 = () => coerce(m, this.get(jv.local, jv.kind), jv.kind, L);
    const copies: Map<string, Binding>[] = [];
    const setup: Ref[] = [];
    for (let u = 0; u < JAM; u++) {
      const l = this.newLocal(wasmType(jv.kind));
      copies.push(new Map<string, Binding>([[name, { t: 'num', local: l, kind: jv.kind, decl: jv.decl, pinned: true, isConst: true }]]));
      setup.push(m.local.set(l, coerce(m, m.i64.add(j64(), m.i64.const(BigInt(u))), L, jv.kind, true)));
    }
    const body: Ref[] = [];
    this.jamming = true;
    this.disjoint = disjoint;
    try {
      plan.stmts.forEach((st, si) => {
        const p = plan.packable.has(si) ? this.packedConst(st as t.VariableDeclaration, copies) : null;
        if (p) return body.push(p);
        for (const c of copies) {
          this.scopes.push(c);
          body.push(this.stmt(st));
          this.scopes.pop();
        }
      });
    } finally {
      this.jamming = false;
      this.disjoint = [];
    }
    const lim = this.expr(test.right as t.Expression);
    const exit = m.i64.gt_s(m.i64.add(j64(), m.i64.const(BigInt(test.operator === '<' ? JAM : JAM - 1))), coerce(m, lim.x, numeric(lim.k), L));
    const step = m.local.set(jv.local, coerce(m, m.i64.add(j64(), m.i64.const(BigInt(JAM))), L, jv.kind, true));
    const done = this.label();
    const top = this.label();
    return m.block(done, [m.br(done, overlap.reduce((x, y) => m.i32.or(x, y))), m.loop(top, m.block(null, [m.br(done, exit), ...setup, ...body, step, m.br(top)]))]);
  }

  /**
   * `const x = e` of a jammed loop as one f32x4 over the copies, each copy's `x` a lane
   * (the same f32 operations as each copy's scalar code), or null when a name in `e` is not an f32.
   */
  private packedConst(st: t.VariableDeclaration, copies: Map<string, Binding>[]): Ref | null {
    const m = this.m;
    const F = m.f32x4;
    const V = binaryen.v128;
    const d = st.declarations[0]!;
    const lane = (i: number) => i as unknown as Ref;
    const vec = (e: t.Expression): Ref | null => {
      const u = unwrapTs(e);
      switch (u.type) {
        case 'NumericLiteral':
          return F.splat(m.f32.const(u.value));
        case 'Identifier': {
          if (copies[0]!.has(u.name)) {
            const bs = copies.map((c) => c.get(u.name)!);
            if (bs.some((b) => b.t !== 'num' || b.kind.repr !== 'f32')) return null;
            let v = F.splat(this.get((bs[0] as NumVar).local, F32));
            for (let i = 1; i < bs.length; i++) v = F.replace_lane(v, lane(i), this.get((bs[i] as NumVar).local, F32));
            return v;
          }
          const x = this.expr(u);
          return x.k.repr === 'f32' ? F.splat(x.x) : null;
        }
        case 'BinaryExpression': {
          const l = vec(u.left as t.Expression);
          const r = vec(u.right);
          if (l === null || r === null) return null;
          return u.operator === '+' ? F.add(l, r) : u.operator === '-' ? F.sub(l, r) : u.operator === '*' ? F.mul(l, r) : F.div(l, r);
        }
        case 'UnaryExpression': {
          const a = vec(u.argument);
          return a === null ? null : F.neg(a);
        }
        case 'CallExpression': {
          const n = ((u.callee as t.MemberExpression).property as t.Identifier).name;
          const args = u.arguments.map((a) => vec(a as t.Expression));
          if (args.some((a) => a === null)) return null;
          const [a, b] = args as Ref[];
          if (n === 'exp') {
            const f = this.host.portedMath('expf4');
            return f ? m.call(f, [a!], V) : null;
          }
          return n === 'sqrt' ? F.sqrt(a!) : n === 'abs' ? F.abs(a!) : n === 'min' ? F.min(a!, b!) : F.max(a!, b!);
        }
        default:
          return null;
      }
    };
    const v = vec(d.init!);
    if (v === null) return null;
    const vl = this.newLocal(V);
    const out: Ref[] = [m.local.set(vl, v)];
    copies.forEach((c, i) => {
      const l = this.newLocal(binaryen.f32);
      out.push(m.local.set(l, F.extract_lane(m.local.get(vl, V), lane(i))));
      c.set((d.id as t.Identifier).name, { t: 'num', local: l, kind: F32, decl: d, pinned: true, isConst: true });
    });
    return m.block(null, out);
  }

  /**
   * `block $brk (pre; loop $top (br_if $brk !test; block $cont (body); update; br $top))`,
   * or for do-while `block $brk (loop $top (block $cont (body); br_if $top test))`.
   */
  private loop(pre: Ref[] | null, test: t.Expression | null, body: t.Statement, update: t.Expression | null, doWhile: boolean): Ref {
    const m = this.m;
    const brk = this.label();
    const cont = this.label();
    const top = this.label();
    const name = this.pendingLabel;
    this.pendingLabel = null;
    this.labels.push({ brk, cont, name });
    const testRef = test && !doWhile ? this.cond(test) : null;
    const bodyRef = this.scoped(body);
    const upd = update ? this.effect(update) : null;
    const doTest = test && doWhile ? this.cond(test) : null;
    this.labels.pop();
    const inner: Ref[] = [];
    if (testRef !== null) inner.push(m.br(brk, m.i32.eqz(testRef)));
    inner.push(m.block(cont, [bodyRef]));
    if (upd !== null) inner.push(upd);
    inner.push(doTest !== null ? m.br(top, doTest) : doWhile ? m.nop() : m.br(top));
    return m.block(brk, [...(pre ?? []), m.loop(top, m.block(null, inner))]);
  }

  private switchStmt(s: t.SwitchStatement): Ref {
    const m = this.m;
    const d = this.expr(s.discriminant);
    const dl = this.newLocal(wasmType(d.k));
    const brk = this.label();
    this.labels.push({ brk, cont: null, name: this.pendingLabel });
    this.pendingLabel = null;
    const caseLabels = s.cases.map(() => this.label());
    const dispatch: Ref[] = [m.local.set(dl, d.x)];
    let defaultIdx = -1;
    s.cases.forEach((c, i) => {
      if (!c.test) {
        defaultIdx = i;
        return;
      }
      dispatch.push(m.br(caseLabels[i]!, this.compare('===', { x: this.get(dl, d.k), k: d.k }, this.expr(c.test), c.test)));
    });
    dispatch.push(m.br(defaultIdx >= 0 ? caseLabels[defaultIdx]! : brk));
    this.scopes.push(new Map());
    // Nested blocks: case i's body follows the end of block caseLabels[i].
    let inner = m.block(caseLabels[0] ?? null, dispatch);
    s.cases.forEach((c, i) => {
      const body = c.consequent.map((st) => this.stmt(st));
      const next = caseLabels[i + 1] ?? null;
      inner = m.block(next, [inner, ...body]);
    });
    this.scopes.pop();
    this.labels.pop();
    return m.block(brk, [inner]);
  }

  // ------------------------------------------------------------ expressions

  /** An expression evaluated for its effect only. */
  private effect(e: t.Expression): Ref {
    const u = unwrapTs(e);
    if (u.type === 'AssignmentExpression') return this.assign(u, false).x;
    if (u.type === 'UpdateExpression') return this.update(u, false).x;
    if (u.type === 'SequenceExpression') return this.m.block(null, u.expressions.map((x) => this.effect(x)));
    if (u.type === 'CallExpression') {
      const v = this.call(u);
      return v.k === VOID ? v.x : this.m.drop(v.x);
    }
    return this.m.drop(this.expr(u).x);
  }

  /** A condition as an i32 (JS truthiness). */
  private cond(e: t.Expression): Ref {
    const u = unwrapTs(e);
    if (u.type === 'LogicalExpression' && (u.operator === '&&' || u.operator === '||')) {
      const a = this.cond(u.left);
      const b = this.cond(u.right);
      return u.operator === '&&' ? this.m.if(a, b, this.m.i32.const(0)) : this.m.if(a, this.m.i32.const(1), b);
    }
    if (u.type === 'UnaryExpression' && u.operator === '!') return this.m.i32.eqz(this.cond(u.argument));
    const v = this.expr(u);
    return truthy(this.m, v.x, v.k);
  }

  private expr(e: t.Expression | t.PrivateName): Value {
    const m = this.m;
    if (e.type === 'PrivateName') throw this.unsupported('a private name', e);
    const u = unwrapTs(e);
    switch (u.type) {
      case 'NumericLiteral': {
        const k = literalKind(u.value);
        if (k.repr === 'i32') return { x: m.i32.const(u.value), k };
        if (k.repr === 'i64') return { x: m.i64.const(BigInt(u.value)), k };
        return this.floatConst(u.value);
      }
      case 'BooleanLiteral':
        return { x: m.i32.const(u.value ? 1 : 0), k: BOOL };
      case 'Identifier':
        return this.ident(u);
      case 'BinaryExpression':
        return this.binary(u);
      case 'LogicalExpression':
        return this.logical(u);
      case 'UnaryExpression':
        return this.unary(u);
      case 'UpdateExpression':
        return this.update(u, true);
      case 'AssignmentExpression':
        return this.assign(u, true);
      case 'ConditionalExpression': {
        const c = this.cond(u.test);
        const a = this.expr(u.consequent);
        const b = this.expr(u.alternate);
        const k = joinKinds(numericIfMixed(a.k, b.k), numericIfMixed(b.k, a.k));
        if (!k) throw this.unsupported('a conditional of a boolean and a number', u);
        return { x: m.if(c, coerce(m, a.x, numericIfMixed(a.k, b.k), k), coerce(m, b.x, numericIfMixed(b.k, a.k), k)), k };
      }
      case 'SequenceExpression': {
        const xs = u.expressions;
        const pre = xs.slice(0, -1).map((x) => this.effect(x));
        const last = this.expr(xs[xs.length - 1]!);
        return { x: m.block(null, [...pre, last.x], wasmType(last.k)), k: last.k };
      }
      case 'MemberExpression':
        return this.member(u);
      case 'CallExpression': {
        const v = this.call(u);
        if (v.k === VOID) throw this.unsupported('the value of a call that returns nothing', u);
        return v;
      }
      default:
        throw this.unsupported(describe(u), u);
    }
  }

  private floatConst(v: number): Value {
    return this.float.repr === 'f32' ? { x: this.m.f32.const(v), k: F32 } : { x: this.m.f64.const(v), k: F64 };
  }

  private ident(u: t.Identifier): Value {
    if (u.name === 'undefined') throw this.unsupported('`undefined`', u);
    if (u.name === 'NaN') return this.floatConst(NaN);
    if (u.name === 'Infinity') return this.floatConst(Infinity);
    const b = this.lookup(u.name, u);
    if (b.t === 'num') return b.negZero ? { x: this.get(b.local, b.kind), k: b.kind, nz: b.decl } : { x: this.get(b.local, b.kind), k: b.kind };
    if (b.t === 'const') {
      const k = literalKind(b.value);
      return k.repr === 'i32' ? { x: this.m.i32.const(b.value), k } : this.floatConst(b.value);
    }
    throw this.unsupported(`"${u.name}" used as a number`, u);
  }

  /** An expression that denotes a typed array (an arg, a const alias, a conditional of two), or null. */
  private tryArray(e: t.Expression): { ptr: Ref; len: Ref; elem: ElemType } | null {
    const u = unwrapTs(e);
    if (u.type === 'Identifier') {
      for (let i = this.scopes.length - 1; i >= 0; i--) {
        const b = this.scopes[i]!.get(u.name);
        if (b) return b.t === 'arr' ? this.arrRefs(b) : null;
      }
      return null;
    }
    if (u.type === 'MemberExpression' && !u.computed && u.object.type === 'Identifier' && u.property.type === 'Identifier') {
      const b = this.lookupLocal(u.object.name);
      const f = b && b.t === 'args' ? b.fields.get(u.property.name) : undefined;
      return f && f.t === 'arr' ? this.arrRefs(f) : null;
    }
    if (u.type === 'ConditionalExpression') {
      const a = this.tryArray(u.consequent);
      const b = this.tryArray(u.alternate);
      if (!a || !b) return null;
      if (a.elem !== b.elem) throw this.unsupported('a conditional of typed arrays of different element types', u);
      // The test is evaluated once into a local, then both selects read it.
      const c = this.newLocal(binaryen.i32);
      const test = this.cond(u.test);
      const get = this.m.local.get(c, binaryen.i32);
      return { ptr: this.m.block(null, [this.m.local.set(c, test), this.m.select(get, a.ptr, b.ptr)], binaryen.i32), len: this.m.select(this.m.local.get(c, binaryen.i32), a.len, b.len), elem: a.elem };
    }
    return null;
  }

  private lookupLocal(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) return b;
    }
    return undefined;
  }

  private arrRefs(b: ArrayRef): { ptr: Ref; len: Ref; elem: ElemType } {
    return { ptr: this.m.local.get(b.ptr, binaryen.i32), len: this.m.local.get(b.len, binaryen.i32), elem: b.elem };
  }

  /** The array a member expression's object denotes, or an error naming it. */
  private arrayOf(e: t.Expression, node: t.Node): ArrayRef {
    const u = unwrapTs(e);
    let b: Binding | undefined;
    if (u.type === 'Identifier') b = this.lookupLocal(u.name);
    else if (u.type === 'MemberExpression' && !u.computed && u.object.type === 'Identifier' && u.property.type === 'Identifier') {
      const o = this.lookupLocal(u.object.name);
      b = o && o.t === 'args' ? o.fields.get(u.property.name) : undefined;
    }
    if (!b || b.t !== 'arr') throw this.unsupported('indexing something that is not a typed-array arg', node);
    return b;
  }

  private member(u: t.MemberExpression): Value {
    const m = this.m;
    const obj = u.object;
    if (!u.computed && u.property.type === 'Identifier') {
      const prop = u.property.name;
      if (obj.type === 'Identifier' && obj.name === 'Math' && !this.lookupLocal('Math')) return this.mathConst(prop, u);
      if (obj.type === 'Identifier' && obj.name === 'Number' && !this.lookupLocal('Number')) return this.numberConst(prop, u);
      if (obj.type === 'Identifier') {
        const b = this.lookupLocal(obj.name);
        if (b && b.t === 'args') {
          const f = b.fields.get(prop);
          if (!f) throw this.unsupported(`args.${prop}, which is not a declared arg`, u);
          if (f.t === 'num') return { x: this.get(f.local, f.kind), k: f.kind };
          throw this.unsupported(`args.${prop} (a typed array) used as a number`, u);
        }
      }
      if (prop === 'length') {
        const a = this.arrayOf(obj as t.Expression, u);
        return { x: m.local.get(a.len, binaryen.i32), k: intKind(0, 2147483647) };
      }
      throw this.unsupported(`the property .${prop}`, u);
    }
    if (!u.computed) throw this.unsupported('a property access', u);
    const a = this.arrayOf(obj as t.Expression, u);
    return this.load(a, this.expr(u.property as t.Expression), u);
  }

  private mathConst(name: string, node: t.Node): Value {
    const v = (Math as unknown as Record<string, unknown>)[name];
    if (typeof v !== 'number') throw this.unsupported(`Math.${name} used as a value`, node);
    return this.floatConst(v);
  }

  private numberConst(name: string, node: t.Node): Value {
    const v = (Number as unknown as Record<string, unknown>)[name];
    if (typeof v !== 'number') throw this.unsupported(`Number.${name} used as a value`, node);
    const k = literalKind(v);
    return k.repr === 'i32' ? { x: this.m.i32.const(v), k } : this.floatConst(v);
  }

  // ---------------------------------------------------------- array access

  /**
   * An index as an in-bounds i32 and the check: `idx` must be an integer in
   * `[0, length)`. Integers compare unsigned against the length; a float index
   * must also be integral (JS reads `undefined` at `a[1.5]`).
   */
  private index(a: ArrayRef, idx: Value): { setup: Ref | null; i: Ref; ok: Ref } {
    const m = this.m;
    const len = m.local.get(a.len, binaryen.i32);
    if (idx.k.repr === 'i32' || idx.k.repr === 'bool') {
      const { setup, v } = this.twice({ x: idx.x, k: I32 });
      return { setup, i: v.x, ok: m.i32.lt_u(this.copyOf(v), len) };
    }
    if (idx.k.repr === 'i64') {
      const { setup, v } = this.twice(idx);
      return { setup, i: m.i32.wrap(v.x), ok: m.i64.lt_u(this.copyOf(v), extendU(m, len)) };
    }
    const f = coerce(m, idx.x, idx.k, F64);
    const fl = this.newLocal(binaryen.f64);
    const il = this.newLocal(binaryen.i32);
    const setup = m.block(null, [m.local.set(fl, f), m.local.set(il, m.i32.trunc_u_sat.f64(m.local.get(fl, binaryen.f64)))]);
    const ok = m.i32.and(m.f64.eq(m.f64.convert_u.i32(m.local.get(il, binaryen.i32)), m.local.get(fl, binaryen.f64)), m.i32.lt_u(m.local.get(il, binaryen.i32), len));
    return { setup, i: m.local.get(il, binaryen.i32), ok };
  }

  private address(a: ArrayRef, i: Ref): Ref {
    const shift = LOG2[elemBytes(a.elem)]!;
    const off = shift === 0 ? i : this.m.i32.shl(i, this.m.i32.const(shift));
    return this.m.i32.add(this.m.local.get(a.ptr, binaryen.i32), off);
  }

  /** A load of element `i` (already checked) and its kind. */
  private rawLoad(a: ArrayRef, i: Ref): Value {
    const m = this.m;
    const p = this.address(a, i);
    const sz = elemBytes(a.elem);
    switch (a.elem) {
      case 'f32':
        return this.float.repr === 'f32' ? { x: m.f32.load(0, 4, p), k: F32 } : { x: m.f64.promote(m.f32.load(0, 4, p)), k: F64 };
      case 'f64':
        return this.float.repr === 'f32' ? { x: m.f32.demote(m.f64.load(0, 8, p)), k: F32 } : { x: m.f64.load(0, 8, p), k: F64 };
      case 'i8':
        return { x: m.i32.load8_s(0, 1, p), k: intKind(-128, 127) };
      case 'u8':
        return { x: m.i32.load8_u(0, 1, p), k: intKind(0, 255) };
      case 'i16':
        return { x: m.i32.load16_s(0, 2, p), k: intKind(-32768, 32767) };
      case 'u16':
        return { x: m.i32.load16_u(0, 2, p), k: intKind(0, 65535) };
      case 'i32':
        return { x: m.i32.load(0, sz, p), k: I32 };
      case 'u32':
        // i64.load32_u, not i64.extend_i32_u(i32.load): binaryen 132's optimiser turns the latter into load32_s.
        return { x: m.i64.load32_u(0, 4, p), k: intKind(0, 4294967295) };
    }
  }

  private oob(node: t.Node): Ref {
    const line = node.loc?.start.line ?? 0;
    const col = (node.loc?.start.column ?? 0) + 1;
    return this.m.block(null, [this.m.call(this.host.hostMath('$oob', 2), [this.m.i32.const(line), this.m.i32.const(col)], binaryen.none), this.m.unreachable()]);
  }

  private load(a: ArrayRef, idx: Value, node: t.Node): Value {
    const m = this.m;
    const { setup, i, ok } = this.index(a, idx);
    const v = this.rawLoad(a, i);
    const body = [m.if(m.i32.eqz(ok), this.oob(node)), v.x];
    return { x: m.block(null, setup === null ? body : [setup, ...body], wasmType(v.k)), k: v.k };
  }

  /** The store of `v` into element `i` (already checked), converted as JS converts on store. */
  private rawStore(a: ArrayRef, i: Ref, v: Value): Ref {
    const m = this.m;
    const p = this.address(a, i);
    switch (a.elem) {
      case 'f32':
        return m.f32.store(0, 4, p, this.float.repr === 'f32' ? coerce(m, v.x, v.k, F32) : m.f32.demote(coerce(m, v.x, v.k, F64)));
      case 'f64':
        return m.f64.store(0, 8, p, coerce(m, v.x, v.k, F64));
      case 'i8':
      case 'u8':
        return m.i32.store8(0, 1, p, this.int32(v));
      case 'i16':
      case 'u16':
        return m.i32.store16(0, 2, p, this.int32(v));
      default:
        return m.i32.store(0, 4, p, this.int32(v));
    }
  }

  // ------------------------------------------------------------ assignment

  private assign(u: t.AssignmentExpression, want: boolean): Value {
    const m = this.m;
    const op = u.operator;
    const target = u.left.type === 'TSNonNullExpression' || u.left.type === 'TSAsExpression' ? unwrapTs(u.left as t.Expression) : u.left;
    const bin = op === '=' ? null : op.slice(0, -1);
    if (bin === '&&' || bin === '||' || bin === '??') throw this.unsupported(`the operator ${op}`, u);
    if (target.type === 'Identifier') {
      const b = this.lookup(target.name, target);
      if (b.t !== 'num') throw this.unsupported(`assigning "${target.name}", which is not a numeric local`, u);
      if (b.isConst) throw this.unsupported(`assigning the constant "${target.name}"`, u);
      const cur: Value = { x: this.get(b.local, b.kind), k: b.kind };
      const v = bin ? this.arith(bin, cur, this.expr(u.right), u) : this.expr(u.right);
      return this.finishVarSet(b, v, want, u);
    }
    if (target.type === 'MemberExpression' && target.computed) {
      const a = this.arrayOf(target.object as t.Expression, target);
      const { setup, i, ok } = this.index(a, this.expr(target.property as t.Expression));
      const il = this.twice({ x: i, k: I32 });
      const pre: Ref[] = [];
      if (setup !== null) pre.push(setup);
      if (il.setup !== null) pre.push(il.setup);
      // JS evaluates the target, then the right side; an out-of-range write is dropped.
      const okL = this.newLocal(binaryen.i32);
      pre.push(m.local.set(okL, ok));
      let v: Value;
      if (bin) {
        const old = this.rawLoadChecked(a, this.copyOf(il.v), okL, target);
        v = this.arith(bin, old, this.expr(u.right), u);
      } else v = !want && a.elem !== 'f32' && a.elem !== 'f64' ? this.exprZeroSignBlind(u.right) : this.expr(u.right);
      const tv = want ? this.twice(v) : { setup: null, v };
      if (tv.setup !== null) pre.push(tv.setup);
      pre.push(m.if(m.local.get(okL, binaryen.i32), this.rawStore(a, this.copyOf(il.v), want ? this.fresh(tv.v) : tv.v)));
      return want ? { x: m.block(null, [...pre, this.copyOf(tv.v)], wasmType(v.k)), k: v.k } : { x: m.block(null, pre), k: VOID };
    }
    throw this.unsupported('an assignment to something other than a local or a typed-array element', u);
  }

  private rawLoadChecked(a: ArrayRef, i: Ref, okL: number, node: t.Node): Value {
    const v = this.rawLoad(a, i);
    return { x: this.m.block(null, [this.m.if(this.m.i32.eqz(this.m.local.get(okL, binaryen.i32)), this.oob(node)), v.x], wasmType(v.k)), k: v.k };
  }

  private finishVarSet(b: NumVar, v: Value, want: boolean, node: t.Node): Value {
    if (!want) return { x: this.setVar(b, v, node), k: VOID };
    const tv = this.twice(v);
    const set = this.setVar(b, this.fresh(tv.v), node);
    const pre = tv.setup === null ? [set] : [tv.setup, set];
    return { x: this.m.block(null, [...pre, this.copyOf(tv.v)], wasmType(v.k)), k: v.k };
  }

  private update(u: t.UpdateExpression, want: boolean): Value {
    const m = this.m;
    const one: Value = { x: m.i32.const(1), k: intKind(1, 1) };
    const op = u.operator === '++' ? '+' : '-';
    const target = unwrapTs(u.argument);
    if (target.type === 'Identifier') {
      const b = this.lookup(target.name, target);
      if (b.t !== 'num' || b.isConst) throw this.unsupported(`${u.operator} on "${target.name}", which is not a numeric local`, u);
      const old: Value = { x: this.get(b.local, b.kind), k: numeric(b.kind) };
      if (!want || u.prefix) return this.finishVarSet(b, this.arith(op, old, one, u), want, u);
      // Postfix: the old value, as a number.
      const keep = this.newLocal(wasmType(old.k));
      const set = this.setVar(b, this.arith(op, { x: m.local.tee(keep, old.x, wasmType(old.k)), k: old.k }, one, u), u);
      return { x: m.block(null, [set, m.local.get(keep, wasmType(old.k))], wasmType(old.k)), k: old.k };
    }
    if (target.type === 'MemberExpression' && target.computed) {
      const a = this.arrayOf(target.object as t.Expression, target);
      const { setup, i, ok } = this.index(a, this.expr(target.property as t.Expression));
      const il = this.twice({ x: i, k: I32 });
      const okL = this.newLocal(binaryen.i32);
      const pre: Ref[] = [];
      if (setup !== null) pre.push(setup);
      if (il.setup !== null) pre.push(il.setup);
      pre.push(m.local.set(okL, ok));
      const old = this.twice(this.rawLoadChecked(a, this.copyOf(il.v), okL, target));
      if (old.setup !== null) pre.push(old.setup);
      const nv = this.twice(this.arith(op, this.fresh(old.v), one, u));
      if (nv.setup !== null) pre.push(nv.setup);
      pre.push(m.if(m.local.get(okL, binaryen.i32), this.rawStore(a, this.copyOf(il.v), this.fresh(nv.v))));
      if (!want) return { x: m.block(null, pre), k: VOID };
      const r = u.prefix ? nv.v : old.v;
      return { x: m.block(null, [...pre, this.copyOf(r)], wasmType(r.k)), k: r.k };
    }
    throw this.unsupported(`${u.operator} on something other than a local or a typed-array element`, u);
  }

  // ------------------------------------------------------------- operators

  private binary(u: t.BinaryExpression): Value {
    if (u.left.type === 'PrivateName') throw this.unsupported('a private name', u);
    const op = u.operator;
    if (op === 'in' || op === 'instanceof' || op === '|>') throw this.unsupported(`the operator ${op}`, u);
    // (a / b) | 0 of integers is an integer division: JS truncates the (exactly rounded) quotient.
    if (op === '|' && isZero(u.right)) {
      const l = unwrapTs(u.left);
      if (l.type === 'BinaryExpression' && l.operator === '/' && l.left.type !== 'PrivateName') {
        const a = numeric(this.expr(l.left).k);
        const b = numeric(this.expr(l.right).k);
        if (a.repr === 'i32' && b.repr === 'i32') return this.intDiv(this.expr(l.left), this.expr(l.right));
      }
    }
    // Bitwise operands go through ToInt32, which ignores the sign of zero.
    const blind = op === '|' || op === '&' || op === '^' || op === '<<' || op === '>>' || op === '>>>';
    const a = blind ? this.exprZeroSignBlind(u.left) : this.expr(u.left);
    const b = blind ? this.exprZeroSignBlind(u.right) : this.expr(u.right);
    if (op === '<' || op === '<=' || op === '>' || op === '>=' || op === '===' || op === '!==' || op === '==' || op === '!=') return { x: this.compare(op, a, b, u), k: BOOL };
    return this.arith(op, a, b, u);
  }

  /**
   * An expression whose consumer ignores the sign of zero (ToInt32: an integer
   * array's store, a bitwise operand): products and negations of integers in its
   * `+`/`-` chain are integers even where they may be -0 (`cy * w + cx`). Replacing a
   * -0 operand of `+`, `-` or `*` by 0 changes at most the sign of a zero result.
   */
  private exprZeroSignBlind(e: t.Expression): Value {
    const u = unwrapTs(e);
    const z = this.zeroSignlessInt(u);
    if (z) return z;
    if (u.type === 'BinaryExpression' && (u.operator === '+' || u.operator === '-') && u.left.type !== 'PrivateName')
      return this.arith(u.operator, this.exprZeroSignBlind(u.left), this.exprZeroSignBlind(u.right), u);
    return this.expr(u);
  }

  /** `(a / b) | 0` for i32 a, b: 0 for b = 0 (Infinity and NaN truncate to 0), and INT_MIN / -1 wraps as ToInt32 does. */
  private intDiv(a: Value, b: Value): Value {
    const m = this.m;
    const ta = this.twice({ x: a.x, k: I32 });
    const tb = this.twice({ x: b.x, k: I32 });
    const pre = [ta.setup, tb.setup].filter((x): x is Ref => x !== null);
    const x = m.if(
      m.i32.eqz(this.copyOf(tb.v)),
      m.i32.const(0),
      m.if(m.i32.eq(this.copyOf(tb.v), m.i32.const(-1)), m.i32.sub(m.i32.const(0), this.copyOf(ta.v)), m.i32.div_s(this.copyOf(ta.v), this.copyOf(tb.v))),
    );
    return { x: pre.length ? m.block(null, [...pre, x], binaryen.i32) : x, k: I32 };
  }

  private compare(op: string, a0: Value, b0: Value, node: t.Node): Ref {
    const m = this.m;
    if (a0.k.repr === 'bool' && b0.k.repr === 'bool' && (op === '===' || op === '!==' || op === '==' || op === '!=')) return op[0] === '=' ? m.i32.eq(a0.x, b0.x) : m.i32.ne(a0.x, b0.x);
    if ((a0.k.repr === 'bool') !== (b0.k.repr === 'bool') && (op === '===' || op === '!==')) throw this.unsupported('a strict comparison of a boolean with a number', node);
    const a = { x: a0.x, k: numeric(a0.k) };
    const b = { x: b0.x, k: numeric(b0.k) };
    const eq = op === '===' || op === '==';
    const ne = op === '!==' || op === '!=';
    if (isInt(a.k) && isInt(b.k)) {
      if (a.k.repr === 'i32' && b.k.repr === 'i32') {
        const f = eq ? m.i32.eq : ne ? m.i32.ne : op === '<' ? m.i32.lt_s : op === '<=' ? m.i32.le_s : op === '>' ? m.i32.gt_s : m.i32.ge_s;
        return f.call(m.i32, a.x, b.x);
      }
      const I64 = intKind(-(2 ** 53), 2 ** 53);
      const x = coerce(m, a.x, a.k, I64);
      const y = coerce(m, b.x, b.k, I64);
      const f = eq ? m.i64.eq : ne ? m.i64.ne : op === '<' ? m.i64.lt_s : op === '<=' ? m.i64.le_s : op === '>' ? m.i64.gt_s : m.i64.ge_s;
      return f.call(m.i64, x, y);
    }
    const F = this.float.repr === 'f32' ? m.f32 : m.f64;
    const x = this.toFloat(a);
    const y = this.toFloat(b);
    if (eq) return F.eq(x, y);
    if (ne) return F.ne(x, y);
    return (op === '<' ? F.lt : op === '<=' ? F.le : op === '>' ? F.gt : F.ge).call(F, x, y);
  }

  /** An arithmetic or bitwise operator over two values, with JS semantics. */
  private arith(op: string, a0: Value, b0: Value, node: t.Node): Value {
    const m = this.m;
    const a = { x: a0.x, k: numeric(a0.k) };
    const b = { x: b0.x, k: numeric(b0.k) };
    const F = this.float.repr === 'f32' ? m.f32 : m.f64;
    switch (op) {
      case '+':
      case '-':
      case '*': {
        // A may-be -0 integer plus another integer is that integer's sum either way; with a float the sign counts.
        if ((a0.nz && (!isInt(b.k) || b0.nz)) || (b0.nz && (!isInt(a.k) || a0.nz)) || (a0.nz && op !== '+') || (b0.nz && op === '*')) {
          this.needSign(a0);
          this.needSign(b0);
        }
        const k = intArith(op, a.k, b.k, this.float);
        if (k.repr === 'i32') {
          const f = op === '+' ? m.i32.add : op === '-' ? m.i32.sub : m.i32.mul;
          return { x: f.call(m.i32, this.int32(a), this.int32(b)), k };
        }
        if (k.repr === 'i64') {
          const f = op === '+' ? m.i64.add : op === '-' ? m.i64.sub : m.i64.mul;
          return { x: f.call(m.i64, coerce(m, a.x, a.k, k), coerce(m, b.x, b.k, k)), k };
        }
        const f = op === '+' ? F.add : op === '-' ? F.sub : F.mul;
        return { x: f.call(F, this.toFloat(a), this.toFloat(b)), k: this.float };
      }
      case '/':
        return { x: F.div(this.toFloat(a), this.toFloat(b)), k: this.float };
      case '%': {
        const bNonZero = isInt(b.k) && (b.k.lo > 0 || b.k.hi < 0);
        if (isInt(a.k) && a.k.lo >= 0 && bNonZero) {
          const bound = Math.max(Math.abs(b.k.lo), Math.abs(b.k.hi)) - 1;
          if (a.k.repr === 'i32' && b.k.repr === 'i32') return { x: m.i32.rem_s(a.x, b.x), k: intKind(0, Math.min(a.k.hi, bound)) };
          const I64 = intKind(-(2 ** 53), 2 ** 53);
          const r = m.i64.rem_s(coerce(m, a.x, a.k, I64), coerce(m, b.x, b.k, I64));
          const k = intKind(0, Math.min(a.k.hi, bound));
          return { x: k.repr === 'i32' ? m.i32.wrap(r) : r, k };
        }
        const x = m.call(this.host.hostMath('$fmod', 2), [coerce(m, a.x, a.k, F64), coerce(m, b.x, b.k, F64)], binaryen.f64);
        return this.float.repr === 'f32' ? { x: m.f32.demote(x), k: F32 } : { x, k: F64 };
      }
      case '|':
      case '&':
      case '^':
      case '<<':
      case '>>': {
        const f = { '|': m.i32.or, '&': m.i32.and, '^': m.i32.xor, '<<': m.i32.shl, '>>': m.i32.shr_s }[op];
        let k = I32;
        if (op === '&' && ((isInt(a.k) && a.k.lo >= 0 && a.k.hi <= 2147483647) || (isInt(b.k) && b.k.lo >= 0 && b.k.hi <= 2147483647)))
          k = intKind(0, Math.min(isInt(a.k) && a.k.lo >= 0 ? a.k.hi : Infinity, isInt(b.k) && b.k.lo >= 0 ? b.k.hi : Infinity));
        if (op === '>>' && isInt(a.k) && a.k.repr === 'i32' && isConstInt(b)) {
          const s = constValue(b) & 31;
          k = intKind(a.k.lo >> s, a.k.hi >> s);
        }
        return { x: f.call(m.i32, this.int32(a), this.int32(b)), k };
      }
      case '>>>': {
        const x = m.i32.shr_u(this.int32(a), this.int32(b));
        if (isConstInt(b) && (constValue(b) & 31) !== 0) return { x, k: intKind(0, 2 ** (32 - (constValue(b) & 31)) - 1) };
        if (a.k.repr === 'i32' && a.k.lo >= 0) return { x, k: intKind(0, a.k.hi) };
        return { x: extendU(m, x), k: intKind(0, 4294967295) };
      }
      case '**':
        return this.mathCall('pow', [a, b], node);
      default:
        throw this.unsupported(`the operator ${op}`, node);
    }
  }

  private logical(u: t.LogicalExpression): Value {
    const m = this.m;
    if (u.operator === '??') throw this.unsupported('`??`', u);
    const a = this.expr(u.left);
    const b = this.expr(u.right);
    if (a.k.repr === 'bool' && b.k.repr === 'bool') return { x: u.operator === '&&' ? m.if(a.x, b.x, m.i32.const(0)) : m.if(a.x, m.i32.const(1), b.x), k: BOOL };
    const k = joinKinds(a.k, b.k);
    if (!k || k.repr === 'bool') throw this.unsupported(`\`${u.operator}\` of a boolean and a number`, u);
    const ta = this.twice(a);
    const ax = coerce(m, this.copyOf(ta.v), a.k, k);
    const bx = coerce(m, b.x, b.k, k);
    const c = truthy(m, this.copyOf(ta.v), a.k);
    const x = u.operator === '&&' ? m.if(c, bx, ax) : m.if(c, ax, bx);
    return { x: ta.setup === null ? x : m.block(null, [ta.setup, x], wasmType(k)), k };
  }

  private unary(u: t.UnaryExpression): Value {
    const m = this.m;
    if (u.operator === '!') return { x: m.i32.eqz(this.cond(u.argument)), k: BOOL };
    const v0 = this.expr(u.argument);
    const v = { x: v0.x, k: numeric(v0.k) };
    switch (u.operator) {
      case '+':
        return v;
      case '-': {
        if (isInt(v.k) && (v.k.lo > 0 || v.k.hi < 0)) {
          const k = intKind(-v.k.hi, -v.k.lo);
          if (k.repr === 'i32' && v.k.repr === 'i32') return { x: m.i32.sub(m.i32.const(0), v.x), k };
          if (k.repr === 'i64') return { x: m.i64.sub(m.i64.const(0n), coerce(m, v.x, v.k, k)), k };
        }
        // -0 is a float: so is the negation of any integer that may be 0.
        return { x: (this.float.repr === 'f32' ? m.f32 : m.f64).neg(this.toFloat(v)), k: this.float };
      }
      case '~':
        return { x: m.i32.xor(this.int32(v), m.i32.const(-1)), k: I32 };
      case 'void':
      case 'typeof':
      case 'delete':
      case 'throw':
        throw this.unsupported(`\`${u.operator}\``, u);
    }
  }

  // ------------------------------------------------------------------ calls

  private call(u: t.CallExpression): Value {
    const m = this.m;
    const c = u.callee;
    if (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.property.type === 'Identifier') {
      const args = u.arguments.map((a) => {
        if (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') throw this.unsupported('a spread argument', a);
        return this.expr(a as t.Expression);
      });
      if (c.object.name === 'Math' && !this.lookupLocal('Math')) return this.mathCall(c.property.name, args, u);
      if (c.object.name === 'Number' && !this.lookupLocal('Number')) return this.numberCall(c.property.name, args, u);
      throw this.unsupported(`a call of ${c.object.name}.${c.property.name}`, u);
    }
    if (c.type !== 'Identifier') throw this.unsupported('a call of a computed function', u);
    if (c.name === 'isFinite' || c.name === 'isNaN') throw this.unsupported(`the global ${c.name} (it converts its argument)`, u, `Use Number.${c.name}.`);
    const b = this.lookup(c.name, c);
    if (b.t === 'assert') return { x: this.assertCall(b.entity, u), k: VOID };
    if (b.t !== 'helper') throw this.unsupported(`a call of "${c.name}", which is not a module-level function`, u);
    const hargs: HelperArg[] = [];
    const ops: Ref[] = [];
    for (const a of u.arguments) {
      if (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') throw this.unsupported('a spread argument', a);
      const arr = this.tryArray(a as t.Expression);
      if (arr) {
        hargs.push({ t: 'arr', elem: arr.elem });
        ops.push(arr.ptr, arr.len);
      } else {
        const v = this.expr(a as t.Expression);
        const k = widen(v.k);
        hargs.push({ t: 'num', kind: k });
        ops.push(coerce(m, v.x, v.k, k));
      }
    }
    const { name, result } = this.host.helper(b, hargs, u);
    if (!result) return { x: m.call(name, ops, binaryen.none), k: VOID };
    return { x: m.call(name, ops, wasmType(result)), k: result };
  }

  private assertCall(entity: boolean, u: t.CallExpression): Ref {
    const m = this.m;
    const args = u.arguments as t.Expression[];
    const off = entity ? 1 : 0;
    const cond = args[off];
    const msg = args[off + 1];
    if (!cond || !msg) throw this.unsupported('an assert without a condition and a message', u);
    let table: number;
    const mu = unwrapTs(msg);
    if (mu.type === 'StringLiteral') table = this.host.message(mu.value, false);
    else if (mu.type === 'Identifier') {
      const n = this.lookup(mu.name, mu);
      if (n.t !== 'message') throw this.unsupported(`assert message "${mu.name}", which is not a defineMessage() constant of this module`, mu);
      table = this.host.message(n.template, true);
    } else throw this.unsupported('an assert message that is neither a string nor a defineMessage() constant', msg);
    const extra = args.slice(off + 2);
    if (extra.length > (entity ? 3 : 4)) throw this.unsupported('an assert with too many message args', u);
    // The args are numbers, evaluated only on failure (they are pure reads).
    const asF64 = (e: t.Expression): Ref => {
      const v = this.expr(e);
      return coerce(m, v.x, numeric(v.k), F64);
    };
    const vals = extra.map(asF64);
    while (vals.length < 4) vals.push(m.f64.const(NaN));
    const ent = entity ? asF64(args[0]!) : m.f64.const(-1);
    const line = u.loc?.start.line ?? 0;
    const col = (u.loc?.start.column ?? 0) + 1;
    const fail = m.call(this.host.hostMath('$fail', 9), [m.i32.const(table), ent, m.i32.const(extra.length), ...vals, m.i32.const(line), m.i32.const(col)], binaryen.none);
    return m.if(m.i32.eqz(this.cond(cond)), fail);
  }

  private numberCall(name: string, args: Value[], node: t.Node): Value {
    const m = this.m;
    const a = args[0];
    if (!a || args.length !== 1) throw this.unsupported(`Number.${name} with ${args.length} arguments`, node);
    const v = { x: a.x, k: numeric(a.k) };
    if (name === 'isFinite' || name === 'isNaN' || name === 'isInteger') {
      if (isInt(v.k)) return { x: m.block(null, [m.drop(v.x), m.i32.const(name === 'isNaN' ? 0 : 1)], binaryen.i32), k: BOOL };
      const F = this.float.repr === 'f32' ? m.f32 : m.f64;
      const t2 = this.twice(v);
      const x = t2.v.x;
      const copy = () => binaryen.getExpressionId(x) === binaryen.ConstId ? this.toFloatConstCopy(x) : m.local.get(exprInfo(x).index!, wasmType(v.k));
      let r: Ref;
      if (name === 'isNaN') r = F.ne(x, copy());
      else if (name === 'isFinite') r = F.eq(F.sub(x, copy()), this.floatConst(0).x);
      else r = m.i32.and(F.eq(F.sub(x, copy()), this.floatConst(0).x), F.eq(F.trunc(copy()), copy()));
      return { x: this.withSetup(t2.setup, r, binaryen.i32), k: BOOL };
    }
    throw this.unsupported(`Number.${name}`, node);
  }

  private toFloatConstCopy(x: Ref): Ref {
    const v = exprInfo(x).value!;
    return this.floatConst(v).x;
  }

  /** Math.* with V8's results: wasm instructions where they are exact, ported functions, else the host's own Math. */
  private mathCall(name: string, args: Value[], node: t.Node): Value {
    const m = this.m;
    const nums = args.map((a) => ({ x: a.x, k: numeric(a.k) }));
    const F = this.float.repr === 'f32' ? m.f32 : m.f64;
    const one = (): Value => {
      if (nums.length !== 1) throw this.unsupported(`Math.${name} with ${nums.length} arguments`, node);
      return nums[0]!;
    };
    switch (name) {
      case 'imul':
        if (nums.length !== 2) throw this.unsupported('Math.imul without two arguments', node);
        return { x: m.i32.mul(this.int32(nums[0]!), this.int32(nums[1]!)), k: I32 };
      case 'clz32':
        return { x: m.i32.clz(this.int32(one())), k: intKind(0, 32) };
      case 'abs': {
        const v = one();
        if (v.k.repr === 'i32' && v.k.lo > -2147483648) {
          const t2 = this.twice(v);
          const x = m.if(m.i32.lt_s(t2.v.x, m.i32.const(0)), m.i32.sub(m.i32.const(0), this.copyOf(t2.v)), this.copyOf(t2.v));
          return { x: this.withSetup(t2.setup, x, binaryen.i32), k: intKind(0, Math.max(Math.abs(v.k.lo), Math.abs(v.k.hi))) };
        }
        return { x: F.abs(this.toFloat(v)), k: this.float };
      }
      case 'sqrt':
        return { x: F.sqrt(this.toFloat(one())), k: this.float };
      case 'floor':
      case 'ceil':
      case 'trunc': {
        const v = one();
        if (isInt(v.k)) return v;
        return { x: (name === 'floor' ? F.floor : name === 'ceil' ? F.ceil : F.trunc).call(F, this.toFloat(v)), k: this.float };
      }
      case 'round': {
        const v = one();
        if (isInt(v.k)) return v;
        // Ties toward +Infinity (f64.nearest rounds them to even): r = ceil(x), minus 1 when r - 0.5 > x.
        const t2 = this.twice({ x: this.toFloat(v), k: this.float });
        const r = this.newLocal(wasmType(this.float));
        const rg = () => m.local.get(r, wasmType(this.float));
        const half = this.floatConst(0.5).x;
        const x = m.block(null, [m.local.set(r, F.ceil(t2.v.x)), m.if(F.gt(F.sub(rg(), half), this.copyOf(t2.v)), m.local.set(r, F.sub(rg(), this.floatConst(1).x))), rg()], wasmType(this.float));
        return { x: this.withSetup(t2.setup, x, wasmType(this.float)), k: this.float };
      }
      case 'fround':
        return this.float.repr === 'f32' ? { x: this.toFloat(one()), k: F32 } : { x: m.f64.promote(m.f32.demote(this.toFloat(one()))), k: F64 };
      case 'sign': {
        const v = one();
        const t2 = this.twice({ x: this.toFloat(v), k: this.float });
        const z = () => this.floatConst(0).x;
        // sign(±0) = ±0 and sign(NaN) = NaN: x itself unless x > 0 or x < 0.
        const x = m.if(F.gt(t2.v.x, z()), this.floatConst(1).x, m.if(F.lt(this.copyOf(t2.v), z()), this.floatConst(-1).x, this.copyOf(t2.v)));
        return { x: this.withSetup(t2.setup, x, wasmType(this.float)), k: this.float };
      }
      case 'min':
      case 'max': {
        if (nums.length === 0) return this.floatConst(name === 'min' ? Infinity : -Infinity);
        if (nums.length === 1) return { x: this.toFloat(nums[0]!), k: this.float };
        let acc = nums[0]!;
        for (let i = 1; i < nums.length; i++) acc = this.minMax(name, acc, nums[i]!);
        return acc;
      }
    }
    if (this.host.mode === 'fast' && name === 'exp') {
      const f = this.host.portedMath('expf');
      if (f) return { x: m.call(f, [this.toFloat(one())], binaryen.f32), k: F32 };
    }
    if (typeof (Math as unknown as Record<string, unknown>)[name] !== 'function' || name === 'random') throw this.unsupported(`Math.${name}`, node, name === 'random' ? 'Pass random numbers in, or keep a per-entity generator state in a typed array.' : undefined);
    const want = name === 'hypot' ? nums.length : name === 'atan2' || name === 'pow' ? 2 : 1;
    if (nums.length !== want) throw this.unsupported(`Math.${name} with ${nums.length} arguments`, node);
    const ported = this.host.portedMath(name);
    const ops = nums.map((v) => coerce(m, v.x, v.k, F64));
    const fname = ported ?? this.host.hostMath(name, ops.length);
    const x = m.call(fname, ops, binaryen.f64);
    return this.float.repr === 'f32' ? { x: m.f32.demote(x), k: F32 } : { x, k: F64 };
  }

  /** A fresh copy of a value that {@link twice} made readable twice (an expression node may appear once in a tree). */
  private fresh(v: Value): Value {
    return { x: this.copyOf(v), k: v.k };
  }

  private copyOf(v: Value): Ref {
    const x = v.x;
    if (binaryen.getExpressionId(x) === binaryen.ConstId) {
      const info = exprInfo(x);
      const val = info.value!;
      return info.type === binaryen.i32 ? this.m.i32.const(val) : info.type === binaryen.f32 ? this.m.f32.const(val) : this.m.f64.const(val);
    }
    return this.m.local.get(exprInfo(x).index!, wasmType(v.k));
  }

  private minMax(name: 'min' | 'max', a: Value, b: Value): Value {
    const m = this.m;
    if (a.k.repr === 'i32' && b.k.repr === 'i32') {
      const ta = this.twice(a);
      const tb = this.twice(b);
      const pick = name === 'min' ? m.i32.lt_s(ta.v.x, tb.v.x) : m.i32.gt_s(ta.v.x, tb.v.x);
      const x = m.select(pick, this.copyOf(ta.v), this.copyOf(tb.v));
      const pre = [ta.setup, tb.setup].filter((r): r is Ref => r !== null);
      const k = name === 'min' ? intKind(Math.min(a.k.lo, b.k.lo), Math.min(a.k.hi, b.k.hi)) : intKind(Math.max(a.k.lo, b.k.lo), Math.max(a.k.hi, b.k.hi));
      return { x: pre.length ? m.block(null, [...pre, x], binaryen.i32) : x, k };
    }
    // f64.min/max: NaN if either is NaN, and -0 < +0, as Math.min/max.
    const F = this.float.repr === 'f32' ? m.f32 : m.f64;
    return { x: (name === 'min' ? F.min : F.max).call(F, this.toFloat(a), this.toFloat(b)), k: this.float };
  }
}

/** The kind of a call that returns nothing. */
const VOID: Kind = { repr: 'bool', lo: -1, hi: -1 };
/** Every integer an i64 holds exactly. */
const I64R: Kind = intKind(-(2 ** 53), 2 ** 53);

function sameRet(a: Kind | null, b: Kind | null): boolean {
  return a === b || (a !== null && b !== null && sameKind(a, b));
}

function numericIfMixed(k: Kind, other: Kind): Kind {
  return k.repr === 'bool' && other.repr !== 'bool' ? numeric(k) : k;
}

function isZero(e: t.Expression): boolean {
  const u = unwrapTs(e);
  return u.type === 'NumericLiteral' && u.value === 0;
}

function isConstInt(v: Value): boolean {
  return v.k.repr === 'i32' && v.k.lo === v.k.hi;
}

function constValue(v: Value): number {
  return v.k.lo;
}

/** Whether the identifier `name` occurs in `e`. */
function mentionsName(e: t.Node, name: string): boolean {
  const u = e as { type?: string; name?: string };
  if (u.type === 'Identifier') return u.name === name;
  return Object.entries(e).some(([k, v]) => k !== 'loc' && (Array.isArray(v) ? v.some((x) => x && typeof x === 'object' && 'type' in x && mentionsName(x as t.Node, name)) : !!v && typeof v === 'object' && 'type' in v && mentionsName(v as t.Node, name)));
}

/** Whether `node` assigns or updates the identifier `name` anywhere inside. */
function mentionsAssign(node: t.Node, name: string): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as { type?: string; operator?: string; left?: t.Node; argument?: t.Node };
    if (o.type === 'AssignmentExpression' && o.left && o.left.type === 'Identifier' && (o.left as t.Identifier).name === name) found = true;
    if (o.type === 'UpdateExpression' && o.argument && unwrapTs(o.argument as t.Expression).type === 'Identifier' && (unwrapTs(o.argument as t.Expression) as t.Identifier).name === name) found = true;
    for (const k of Object.keys(o)) {
      if (k === 'loc' || k === 'start' || k === 'end' || k === 'leadingComments' || k === 'trailingComments') continue;
      const v = (o as Record<string, unknown>)[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && 'type' in (v as object)) visit(v);
    }
  };
  visit(node);
  return found;
}

function describe(e: t.Node): string {
  const names: Record<string, string> = {
    ArrowFunctionExpression: 'a closure',
    FunctionExpression: 'a closure',
    NewExpression: 'a `new` expression (allocation)',
    ObjectExpression: 'an object literal (allocation)',
    ArrayExpression: 'an array literal (allocation)',
    StringLiteral: 'a string',
    TemplateLiteral: 'a template string',
    ThisExpression: '`this`',
    AwaitExpression: '`await`',
    YieldExpression: '`yield`',
    NullLiteral: '`null`',
    BigIntLiteral: 'a BigInt',
    OptionalMemberExpression: 'optional chaining',
    OptionalCallExpression: 'optional chaining',
  };
  return names[e.type] ?? `a ${e.type}`;
}
