import * as t from '@babel/types';
import { id, self, assign, undef, idx, type GeneratedNames } from './astBuilders.ts';
import { analyzeCoroutine, type Obstacle } from './CoroutineScope.ts';
import { emitMachineClass } from './MachineClass.ts';

/**
 * Compiles one generator coroutine into a state-machine class, the way the C#
 * compiler lowers an async method (and regenerator lowers generators): every
 * statement that spans a `yield` is exploded into numbered states of one
 * `switch`, everything else is kept verbatim; locals that live across a yield are
 * fields; `try`/`catch`/`finally` become tables (which handler covers which
 * state) plus a pending-completion slot per `try`, so `return`, `break`,
 * `continue`, exceptions and cancellation all run the `finally` blocks they
 * cross. The class implements `CoroutineMachine.step(mode, input)`.
 */

/** Names of the runtime helpers the emitted code calls, already imported into the module. */
export interface RuntimeNames {
  DONE: string;
  /** The runtime's next-frame token: `yield nextFrame()` compiles to returning it (no cross-module call). */
  NEXT_FRAME: string;
  /** Local names of `nextFrame` imported from the tasks module in the compiled file. */
  nextFrameLocals?: ReadonlySet<string>;
  /** Local names of namespace imports of the tasks module (`T.nextFrame()`). */
  nextFrameNamespaces?: ReadonlySet<string>;
  /** The runtime's Float64Array a compiled timed wait writes its seconds into. */
  WAIT_SECONDS: string;
  armSeconds: string;
  armUnscaledSeconds: string;
  armRealtimeSeconds: string;
  /** Local names of the tasks module's timed-wait factories, to the factory each one is (`{ rest: 'waitSeconds' }`). */
  timedLocals?: ReadonlyMap<string, string>;
  compiledCoroutine: string;
  startDelegate: string;
  startDelegateCall: string;
  stepDelegate: string;
  delegateResult: string;
  delegateDef: string;
  endDelegate: string;
  /** Hygienic names of the emitted code's own locals, parameters, label and tables. */
  g: GeneratedNames;
}

/** The tasks module's timed-wait factories, to the runtime helper that arms each from `WAIT_SECONDS`. */
export const TIMED_WAITS: ReadonlyMap<string, 'armSeconds' | 'armUnscaledSeconds' | 'armRealtimeSeconds'> = new Map([
  ['waitSeconds', 'armSeconds'],
  ['waitUnscaledSeconds', 'armUnscaledSeconds'],
  ['waitRealtimeSeconds', 'armRealtimeSeconds'],
] as const);

/** A construct the compiler refuses; caught by {@link compileCoroutine}. */
class Unsupported extends Error {
  constructor(readonly node: t.Node, readonly construct: string, readonly advice: string) {
    super(construct);
  }
}

class Label {
  id = -1;
  readonly refs: t.NumericLiteral[] = [];
}

interface TryCtx {
  k: number;
  part: 'try' | 'catch' | 'finally';
  hasCatch: boolean;
  hasFinally: boolean;
  catchL: Label;
  finL: Label;
}

interface JumpCtx {
  labels: string[];
  kind: 'loop' | 'switch' | 'block';
  breakL: Label;
  continueL: Label | null;
  tryDepth: number;
}

interface Case {
  label: Label;
  body: t.Statement[];
  h: number;
  f: number;
}

/** The first yield in `n` outside nested functions (for a warning's position). */
function firstYield(n: t.Node): t.YieldExpression | null {
  if (n.type === 'YieldExpression') return n;
  if (t.isFunction(n)) return null;
  for (const k of t.VISITOR_KEYS[n.type] ?? []) {
    const v = (n as unknown as Record<string, unknown>)[k];
    for (const c of Array.isArray(v) ? v : [v]) {
      if (c && typeof c === 'object') {
        const y = firstYield(c as t.Node);
        if (y) return y;
      }
    }
  }
  return null;
}

/** What {@link compileCoroutine} returns: the replacement expression, or why not. */
export type CompileResult = { ok: true; expression: t.Expression } | { ok: false; obstacle: Obstacle };

/**
 * Compile `fn` (a generator function expression) into
 * `compiledCoroutine("name", (() => { tables; return class … })())`. On an
 * obstacle, returns it and leaves the caller to keep the generator (the AST of
 * `fn` may have been rewritten; callers compile a clone).
 *
 * @example
 * const r = compileCoroutine(clone, 'patrol', names);
 * if (r.ok) path.replaceWith(r.expression);
 */
export function compileCoroutine(fn: t.FunctionExpression, name: string, rt: RuntimeNames): CompileResult {
  const info = analyzeCoroutine(fn);
  if (info.obstacle) return { ok: false, obstacle: info.obstacle };
  try {
    return { ok: true, expression: new Emitter(fn, name, rt, info.fields, info.paramFields, info.numericFields, info.hasYield).emit() };
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, obstacle: { node: e.node, construct: e.construct, advice: e.advice } };
    throw e;
  }
}

class Emitter {
  private cases: Case[] = [];
  private cur: t.Statement[] = [];
  private tryStack: TryCtx[] = [];
  private tries: TryCtx[] = [];
  private jumpStack: JumpCtx[] = [];
  private pendingLabels: string[] = [];
  private delegStates: Label[] = [];
  private tempCount = 0;
  private deferJumps = false;
  private usesDeferred = false;

  constructor(
    private readonly fn: t.FunctionExpression,
    private readonly name: string,
    private readonly rt: RuntimeNames,
    private readonly fields: string[],
    private readonly paramFields: string[],
    private readonly numericFields: ReadonlySet<string>,
    private readonly hasYield: (n: t.Node | null | undefined) => boolean,
  ) {}

  /** Every name the coroutine binds itself (params, variables, functions, classes, catch params); made on first use. */
  private shadowedNames: ReadonlySet<string> | null = null;
  private get shadowed(): ReadonlySet<string> {
    return (this.shadowedNames ??= boundNames(this.fn));
  }

  emit(): t.Expression {
    this.mark(new Label());
    for (const s of this.fn.body.body) this.stmt(s);
    this.cur.push(...this.finishReturn(undef()));
    return this.assemble();
  }

  // ---- states -------------------------------------------------------------

  private mark(L: Label): void {
    let h = -1;
    let f = -1;
    for (let i = this.tryStack.length - 1; i >= 0; i--) {
      const c = this.tryStack[i]!;
      if (h < 0) {
        if (c.part === 'try' && c.hasCatch) h = 2 * c.k;
        else if (c.part !== 'finally' && c.hasFinally) h = 2 * c.k + 1;
      }
      if (f < 0 && c.part !== 'finally' && c.hasFinally) f = c.k;
    }
    L.id = this.cases.length;
    const c: Case = { label: L, body: [], h, f };
    this.cases.push(c);
    this.cur = c.body;
  }

  private lit(L: Label): t.NumericLiteral {
    const n = t.numericLiteral(0);
    L.refs.push(n);
    return n;
  }

  private jump(L: Label): t.Statement[] {
    // Inside a verbatim try/finally the JS finally runs after this jump and may
    // throw, or jump itself (its completion replaces this one): the state must
    // stay put until the loop's top, so the exception is dispatched from where it
    // happened, and the last jump written is the one taken.
    if (this.deferJumps) {
      this.usesDeferred = true;
      return [assign(id(this.rt.g.nk), t.numericLiteral(-1)), assign(id(this.rt.g.n), this.lit(L)), t.continueStatement(id(this.rt.g.loop))];
    }
    return [assign(self('$s'), this.lit(L)), t.continueStatement(id(this.rt.g.loop))];
  }

  /**
   * Enter finally `L` of try `k` with a pending completion (2: return, >= 3: a
   * jump). Deferred like {@link jump}: the completion record is written at the
   * loop's top, so a verbatim finally that overrides it leaves nothing behind.
   */
  private pendingCompletion(k: number, type: number, value: t.Expression, L: Label): t.Statement[] {
    if (this.deferJumps) {
      this.usesDeferred = true;
      return [assign(id(this.rt.g.nk), t.numericLiteral(k)), assign(id(this.rt.g.nt), t.numericLiteral(type)), assign(id(this.rt.g.nv), value), assign(id(this.rt.g.n), this.lit(L)), t.continueStatement(id(this.rt.g.loop))];
    }
    return [assign(idx('$ct', k), t.numericLiteral(type)), assign(idx('$cv', k), value), ...this.jump(L)];
  }

  private finishReturn(value: t.Expression): t.Statement[] {
    return [assign(self('result'), value), t.returnStatement(id(this.rt.DONE))];
  }

  /** `return value` at the current point: through the innermost pending finally, or out. */
  private returnCode(value: t.Expression, stack = this.tryStack): t.Statement[] {
    for (let i = stack.length - 1; i >= 0; i--) {
      const c = stack[i]!;
      if (c.part !== 'finally' && c.hasFinally) return this.pendingCompletion(c.k, 2, value, c.finL);
    }
    return this.finishReturn(value);
  }

  /** A break/continue to `target`, crossing the finally blocks between here and there. */
  private jumpTo(target: Label, tryDepth: number): t.Statement[] {
    const crossed: TryCtx[] = [];
    for (let i = this.tryStack.length - 1; i >= tryDepth; i--) {
      const c = this.tryStack[i]!;
      if (c.part !== 'finally' && c.hasFinally) crossed.push(c);
    }
    if (crossed.length === 0) return this.jump(target);
    const k1 = crossed[0]!;
    return this.pendingCompletion(k1.k, 3 + crossed.length - 1, this.lit(target), k1.finL);
  }

  private temp(): string {
    const f = `$t${this.tempCount++}`;
    this.fields.push(f);
    return f;
  }

  // ---- statements ---------------------------------------------------------

  private stmt(s: t.Statement): void {
    if (!this.hasYield(s)) {
      this.cur.push(this.verbatim(s));
      return;
    }
    switch (s.type) {
      case 'BlockStatement':
        for (const c of s.body) this.stmt(c);
        return;
      case 'ExpressionStatement':
        this.yieldExpr(s.expression);
        return;
      case 'IfStatement': {
        const ELSE = new Label();
        const END = new Label();
        this.noYield(s.test, 'a yield in an if condition');
        this.cur.push(t.ifStatement(t.unaryExpression('!', s.test), t.blockStatement(this.jump(s.alternate ? ELSE : END))));
        this.stmt(s.consequent);
        if (s.alternate) {
          this.cur.push(...this.jump(END));
          this.mark(ELSE);
          this.stmt(s.alternate);
        }
        this.mark(END);
        return;
      }
      case 'WhileStatement': {
        const TEST = new Label();
        const AFTER = new Label();
        this.noYield(s.test, 'a yield in a while condition');
        this.mark(TEST);
        this.cur.push(t.ifStatement(t.unaryExpression('!', s.test), t.blockStatement(this.jump(AFTER))));
        this.loopBody(s.body, AFTER, TEST);
        this.cur.push(...this.jump(TEST));
        this.mark(AFTER);
        return;
      }
      case 'DoWhileStatement': {
        const BODY = new Label();
        const TEST = new Label();
        const AFTER = new Label();
        this.noYield(s.test, 'a yield in a do-while condition');
        this.mark(BODY);
        this.loopBody(s.body, AFTER, TEST);
        this.mark(TEST);
        this.cur.push(t.ifStatement(s.test, t.blockStatement(this.jump(BODY))));
        this.mark(AFTER);
        return;
      }
      case 'ForStatement': {
        const TEST = new Label();
        const UPDATE = new Label();
        const AFTER = new Label();
        if (s.init) {
          if (s.init.type === 'VariableDeclaration') throw new Unsupported(s.init, 'a loop variable that could not be hoisted', 'Declare it before the loop.');
          this.noYield(s.init, 'a yield in a for initializer');
          this.cur.push(t.expressionStatement(s.init));
        }
        this.noYield(s.test, 'a yield in a for condition');
        this.noYield(s.update, 'a yield in a for update');
        this.mark(TEST);
        if (s.test) this.cur.push(t.ifStatement(t.unaryExpression('!', s.test), t.blockStatement(this.jump(AFTER))));
        this.loopBody(s.body, AFTER, UPDATE);
        this.mark(UPDATE);
        if (s.update) this.cur.push(t.expressionStatement(s.update));
        this.cur.push(...this.jump(TEST));
        this.mark(AFTER);
        return;
      }
      case 'LabeledStatement': {
        const b = s.body;
        if (b.type === 'WhileStatement' || b.type === 'DoWhileStatement' || b.type === 'ForStatement' || b.type === 'ForInStatement' || b.type === 'ForOfStatement' || b.type === 'LabeledStatement') {
          this.pendingLabels.push(s.label.name);
          this.stmt(b);
          return;
        }
        const AFTER = new Label();
        this.jumpStack.push({ labels: [s.label.name], kind: 'block', breakL: AFTER, continueL: null, tryDepth: this.tryStack.length });
        this.stmt(b);
        this.jumpStack.pop();
        this.mark(AFTER);
        return;
      }
      case 'SwitchStatement': {
        this.noYield(s.discriminant, 'a yield in a switch discriminant');
        const d = this.temp();
        const AFTER = new Label();
        const labels = s.cases.map(() => new Label());
        this.cur.push(assign(self(d), s.discriminant));
        let def = -1;
        s.cases.forEach((c, i) => {
          if (!c.test) def = i;
          else {
            this.noYield(c.test, 'a yield in a case test');
            this.cur.push(t.ifStatement(t.binaryExpression('===', self(d), c.test), t.blockStatement(this.jump(labels[i]!))));
          }
        });
        this.cur.push(...this.jump(def >= 0 ? labels[def]! : AFTER));
        this.jumpStack.push({ labels: this.takeLabels(), kind: 'switch', breakL: AFTER, continueL: null, tryDepth: this.tryStack.length });
        s.cases.forEach((c, i) => {
          this.mark(labels[i]!);
          for (const x of c.consequent) this.stmt(x);
        });
        this.jumpStack.pop();
        this.cur.push(assign(self(d), undef()));
        this.mark(AFTER);
        this.cur.push(assign(self(d), undef()));
        return;
      }
      case 'TryStatement':
        this.tryStmt(s);
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        throw new Unsupported(s, `a yield inside ${s.type === 'ForOfStatement' ? 'for...of' : 'for...in'}`, 'Use an index loop (for (let i = 0; i < n; i++)), which also allocates no iterator.');
      case 'ReturnStatement':
        throw new Unsupported(firstYield(s) ?? s, 'a yield inside a return expression', 'Write `const v = yield w; return v;`.');
      case 'ThrowStatement':
        throw new Unsupported(firstYield(s) ?? s, 'a yield inside a throw expression', 'Write `const e = yield w; throw e;`.');
      default:
        throw new Unsupported(s, `a yield inside a ${s.type}`, 'Move the yield into its own statement.');
    }
  }

  private takeLabels(): string[] {
    const l = this.pendingLabels;
    this.pendingLabels = [];
    return l;
  }

  private loopBody(body: t.Statement, AFTER: Label, CONT: Label): void {
    this.jumpStack.push({ labels: this.takeLabels(), kind: 'loop', breakL: AFTER, continueL: CONT, tryDepth: this.tryStack.length });
    this.stmt(body);
    this.jumpStack.pop();
  }

  private noYield(e: t.Node | null | undefined, construct: string): void {
    if (e && this.hasYield(e)) throw new Unsupported(firstYield(e) ?? e, construct, 'Yield into a local first: `const v = yield w;`, then use v.');
  }

  /** An expression statement holding a yield: `yield w`, `x = yield w`, `yield* co()`, `x = yield* co()`. */
  private yieldExpr(e: t.Expression): void {
    if (e.type === 'SequenceExpression') {
      // `const a = 1, b = yield w` (declarations of fields became a sequence): one statement each, in order.
      for (const x of e.expressions) {
        if (this.hasYield(x)) this.yieldExpr(x);
        else this.cur.push(t.expressionStatement(x));
      }
      return;
    }
    let target: t.LVal | null = null;
    let y: t.Expression = e;
    if (e.type === 'AssignmentExpression' && e.operator === '=' && e.right.type === 'YieldExpression') {
      if (!this.simpleTarget(e.left)) {
        // The object of `obj.p = yield w` is evaluated before the yield: a field read after it could differ.
        const construct = e.left.type === 'MemberExpression' ? `a yield assigned to a property (${e.left.computed ? 'obj[k]' : 'obj.p'} = yield w)` : 'a yield assigned to a pattern with computed parts';
        throw new Unsupported(e.left, construct, 'Yield into a local first, then assign it.');
      }
      target = e.left as t.LVal;
      y = e.right;
    }
    if (y.type !== 'YieldExpression') throw new Unsupported(firstYield(y) ?? y, 'a yield nested inside an expression', 'Give the yield its own statement: `const v = yield w;`.');
    this.noYield(y.argument, 'a yield inside a yield');
    if (y.delegate) this.delegate(y.argument!, target);
    else {
      const R = new Label();
      this.cur.push(assign(self('$s'), this.lit(R)), t.returnStatement(this.waitValue(y.argument)));
      this.mark(R);
      if (target) this.cur.push(assign(target, id(this.rt.g.input)));
    }
  }

  private simpleTarget(n: t.Node): boolean {
    switch (n.type) {
      case 'Identifier':
        return true;
      case 'MemberExpression':
        return n.object.type === 'ThisExpression' && !n.computed;
      case 'ObjectPattern':
        return n.properties.every((p) => (p.type === 'RestElement' ? this.simpleTarget(p.argument) : !p.computed && this.simpleTarget(p.value as t.Node)));
      case 'ArrayPattern':
        return n.elements.every((x) => !x || this.simpleTarget(x));
      case 'AssignmentPattern':
        return this.simpleTarget(n.left) && !this.hasYield(n.right);
      case 'RestElement':
        return this.simpleTarget(n.argument);
    }
    return false;
  }

  /**
   * The value a yield returns from `step`. `nextFrame()` of the tasks module always
   * returns the runtime's NEXT_FRAME token, so the machine returns the token itself:
   * a per-step call across a module boundary is measurable at this scale. A timed
   * wait (`waitSeconds(s)` and its unscaled and realtime kin) stores its seconds
   * into `WAIT_SECONDS` and arms with a call that takes no number, so a computed
   * double is never boxed for the call. Not when the coroutine declares its own
   * function of that name.
   */
  private waitValue(arg: t.Expression | null | undefined): t.Expression {
    if (!arg) return undef();
    if (arg.type !== 'CallExpression') return arg;
    const factory = this.tasksFactory(arg.callee);
    if (factory === 'nextFrame' && arg.arguments.length === 0) return id(this.rt.NEXT_FRAME);
    const helper = factory === null ? undefined : TIMED_WAITS.get(factory);
    const s = arg.arguments[0];
    if (helper && arg.arguments.length === 1 && s!.type !== 'SpreadElement' && s!.type !== 'ArgumentPlaceholder') {
      const slot = t.memberExpression(id(this.rt.WAIT_SECONDS), t.numericLiteral(0), true);
      return t.sequenceExpression([t.assignmentExpression('=', slot, s as t.Expression), t.callExpression(id(this.rt[helper]), [])]);
    }
    return arg;
  }

  /** The tasks-module export a callee names (`nextFrame`, `T.waitSeconds`…), or null. */
  private tasksFactory(c: t.Expression | t.V8IntrinsicIdentifier): string | null {
    if (c.type === 'Identifier') {
      if (this.shadowed.has(c.name)) return null;
      if (this.rt.nextFrameLocals?.has(c.name)) return 'nextFrame';
      return this.rt.timedLocals?.get(c.name) ?? null;
    }
    const ns = this.rt.nextFrameNamespaces;
    if (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && ns?.has(c.object.name) && !this.shadowed.has(c.object.name) && c.property.type === 'Identifier') {
      const name = c.property.name;
      return name === 'nextFrame' || TIMED_WAITS.has(name) ? name : null;
    }
    return null;
  }

  private delegate(arg: t.Expression, target: t.LVal | null): void {
    const c = arg.type === 'CallExpression' && arg.callee.type === 'Identifier' && arg.arguments.length <= 4 && arg.arguments.every((a) => a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder');
    if (c) {
      const call = arg as t.CallExpression;
      const args = [0, 1, 2, 3].map((i) => (call.arguments[i] as t.Expression | undefined) ?? undef());
      this.cur.push(assign(self('$d'), t.callExpression(id(this.rt.startDelegateCall), [call.callee as t.Identifier, t.numericLiteral(call.arguments.length), ...args])));
    } else this.cur.push(assign(self('$d'), t.callExpression(id(this.rt.startDelegate), [arg])));
    this.cur.push(assign(self('$dd'), t.callExpression(id(this.rt.delegateDef), [])), assign(id(this.rt.g.mode), t.numericLiteral(0)), assign(id(this.rt.g.input), undef()));
    const D = new Label();
    this.mark(D);
    this.delegStates.push(D);
    this.cur.push(
      // Consume the mode first: if the delegate throws, the catch dispatch must not see it again.
      assign(id(this.rt.g.c), id(this.rt.g.mode)),
      assign(id(this.rt.g.mode), t.numericLiteral(0)),
      assign(id(this.rt.g.o), t.callExpression(id(this.rt.stepDelegate), [self('$d'), id(this.rt.g.c), id(this.rt.g.input)])),
      t.ifStatement(t.binaryExpression('!==', id(this.rt.g.o), id(this.rt.DONE)), t.blockStatement([assign(self('$s'), this.lit(D)), t.returnStatement(id(this.rt.g.o))])),
      assign(id(this.rt.g.r), t.callExpression(id(this.rt.delegateResult), [])),
      t.expressionStatement(t.callExpression(id(this.rt.endDelegate), [self('$dd'), self('$d')])),
      assign(self('$d'), t.nullLiteral()),
      assign(self('$dd'), t.nullLiteral()),
      // A cancelled delegate that finished: `yield*` completes as a return, as the spec says.
      t.ifStatement(t.binaryExpression('===', id(this.rt.g.c), t.numericLiteral(2)), t.blockStatement(this.returnCode(id(this.rt.g.r)))),
    );
    if (target) this.cur.push(assign(target, id(this.rt.g.r)));
  }

  private tryStmt(s: t.TryStatement): void {
    const k = this.tries.length;
    const ctx: TryCtx = { k, part: 'try', hasCatch: !!s.handler, hasFinally: !!s.finalizer, catchL: new Label(), finL: new Label() };
    this.tries.push(ctx);
    const AFTER = new Label();
    // A completion left pending by an earlier, abandoned pass through this try must not leak in.
    if (ctx.hasFinally) this.cur.push(assign(idx('$ct', k), t.numericLiteral(0)), assign(idx('$cv', k), undef()));
    this.tryStack.push(ctx);
    this.mark(new Label());
    this.stmt(s.block);
    this.cur.push(...this.jump(ctx.hasFinally ? ctx.finL : AFTER));
    if (s.handler) {
      ctx.part = 'catch';
      this.mark(ctx.catchL);
      const p = s.handler.param;
      if (!this.hasYield(s.handler.body)) {
        // The catch body spans no yield: its parameter stays a block-scoped local.
        const decl = p ? [t.variableDeclaration('let', [t.variableDeclarator(p as t.LVal, self('$x'))])] : [];
        this.cur.push(t.blockStatement([...decl, assign(self('$x'), undef()), ...(this.verbatim(s.handler.body) as t.BlockStatement).body]));
      } else {
        if (p) {
          if (!this.simpleTarget(p)) throw new Unsupported(p, 'a catch parameter that could not be hoisted', 'Catch into a plain name.');
          this.cur.push(assign(p as t.LVal, self('$x')));
        }
        this.cur.push(assign(self('$x'), undef()));
        this.stmt(s.handler.body);
      }
      this.cur.push(...this.jump(ctx.hasFinally ? ctx.finL : AFTER));
    }
    if (s.finalizer) {
      ctx.part = 'finally';
      this.mark(ctx.finL);
      this.stmt(s.finalizer);
      this.tryStack.pop();
      this.finishCode(ctx);
    } else this.tryStack.pop();
    this.mark(AFTER);
  }

  /** The end of a finally block: resume the completion that entered it. */
  private finishCode(ctx: TryCtx): void {
    let outer: TryCtx | null = null;
    for (let i = this.tryStack.length - 1; i >= 0; i--) {
      const c = this.tryStack[i]!;
      if (c.part !== 'finally' && c.hasFinally) {
        outer = c;
        break;
      }
    }
    const k = ctx.k;
    const jumps: t.Statement[] = outer
      ? [
          t.ifStatement(
            t.binaryExpression('>', id(this.rt.g.c), t.numericLiteral(3)),
            t.blockStatement([assign(idx('$ct', outer.k), t.binaryExpression('-', id(this.rt.g.c), t.numericLiteral(1))), assign(idx('$cv', outer.k), id(this.rt.g.v)), ...this.jump(outer.finL)]),
          ),
        ]
      : [];
    this.cur.push(
      assign(id(this.rt.g.c), idx('$ct', k)),
      assign(id(this.rt.g.v), idx('$cv', k)),
      assign(idx('$ct', k), t.numericLiteral(0)),
      assign(idx('$cv', k), undef()),
      t.ifStatement(t.binaryExpression('===', id(this.rt.g.c), t.numericLiteral(1)), t.throwStatement(id(this.rt.g.v))),
      t.ifStatement(t.binaryExpression('===', id(this.rt.g.c), t.numericLiteral(2)), t.blockStatement(this.returnCode(id(this.rt.g.v)))),
      t.ifStatement(
        t.binaryExpression('>=', id(this.rt.g.c), t.numericLiteral(3)),
        t.blockStatement([...jumps, assign(self('$s'), id(this.rt.g.v)), t.continueStatement(id(this.rt.g.loop))]),
      ),
    );
  }

  // ---- verbatim statements -------------------------------------------------

  /**
   * A statement without yields, kept as written except for what leaves it:
   * `return` becomes a machine return, and break/continue to an exploded loop a jump.
   */
  private verbatim(s: t.Statement): t.Statement {
    // Enclosing constructs inside this statement; 'finally' marks a verbatim finally block.
    const inner: { kind: 'loop' | 'switch' | 'block' | 'finally'; labels: string[] }[] = [];
    const visit = (node: t.Node, parent: t.Node, key: string, index: number | null, labels: string[]): void => {
      if (t.isFunction(node) || node.type === 'ClassBody') return;
      let repl: t.Statement[] | null = null;
      if (node.type === 'ReturnStatement') repl = this.returnCode(node.argument ?? undef());
      else if (node.type === 'BreakStatement' || node.type === 'ContinueStatement') {
        const isBreak = node.type === 'BreakStatement';
        const label = node.label?.name;
        let target = -1;
        for (let i = inner.length - 1; i >= 0 && target < 0; i--) {
          const c = inner[i]!;
          if (label ? c.labels.includes(label) : isBreak ? c.kind === 'loop' || c.kind === 'switch' : c.kind === 'loop') target = i;
        }
        const local = target >= 0;
        if (local && this.usesDeferred && inner.slice(target + 1).some((c) => c.kind === 'finally')) {
          // A JavaScript jump out of a verbatim finally replaces the try's pending
          // completion: a deferred jump written before it must not be taken.
          const b = t.blockStatement([assign(id(this.rt.g.n), t.numericLiteral(-1)), node]);
          const rec = parent as unknown as Record<string, unknown>;
          if (index === null) rec[key] = b;
          else (rec[key] as t.Node[])[index] = b;
          return;
        }
        if (!local) {
          const ctx = [...this.jumpStack].reverse().find((c) => (label ? c.labels.includes(label) : isBreak ? c.kind !== 'block' : c.kind === 'loop'));
          if (!ctx) throw new Unsupported(node, `a ${isBreak ? 'break' : 'continue'} whose target was not found`, 'Check the label.');
          repl = this.jumpTo(isBreak ? ctx.breakL : ctx.continueL!, ctx.tryDepth);
        }
      }
      if (repl) {
        const b = t.blockStatement(repl);
        b.loc = node.loc;
        const rec = parent as unknown as Record<string, unknown>;
        if (index === null) rec[key] = b;
        else (rec[key] as t.Node[])[index] = b;
        return;
      }
      if (node.type === 'TryStatement' && node.finalizer) {
        const was = this.deferJumps;
        this.deferJumps = true;
        visit(node.block, node, 'block', null, []);
        if (node.handler) visit(node.handler, node, 'handler', null, []);
        // A jump in the finally replaces the try's pending one: deferred the same way.
        inner.push({ kind: 'finally', labels: [] });
        visit(node.finalizer, node, 'finalizer', null, []);
        inner.pop();
        this.deferJumps = was;
        return;
      }
      let pushed = false;
      if (node.type === 'LabeledStatement') {
        visit(node.body, node, 'body', null, [...labels, node.label.name]);
        return;
      }
      if (t.isLoop(node) || node.type === 'SwitchStatement') {
        inner.push({ kind: node.type === 'SwitchStatement' ? 'switch' : 'loop', labels });
        pushed = true;
      } else if (labels.length) {
        inner.push({ kind: 'block', labels });
        pushed = true;
      }
      for (const k of t.VISITOR_KEYS[node.type] ?? []) {
        const v = (node as unknown as Record<string, unknown>)[k];
        if (Array.isArray(v)) v.forEach((c, i) => c && typeof c === 'object' && visit(c as t.Node, node, k, i, []));
        else if (v && typeof v === 'object') visit(v as t.Node, node, k, null, []);
      }
      if (pushed) inner.pop();
    };
    const holder = t.blockStatement([s]);
    visit(s, holder, 'body', 0, []);
    return holder.body[0]!;
  }

  // ---- the class ----------------------------------------------------------

  private assemble(): t.Expression {
    for (const c of this.cases) for (const r of c.label.refs) r.value = c.label.id;
    for (const L of this.delegStates) for (const r of L.refs) r.value = L.id;
    return emitMachineClass({
      name: this.name,
      rt: this.rt,
      cases: this.cases.map((c) => ({ body: c.body, h: c.h, f: c.f })),
      tries: this.tries.map((c) => ({ catchState: c.hasCatch ? c.catchL.id : -1, finallyState: c.hasFinally ? c.finL.id : -1 })),
      delegateStates: this.delegStates.map((L) => L.id),
      fields: this.fields,
      params: this.fn.params,
      paramFields: this.paramFields,
      numericFields: this.numericFields,
      usesDeferred: this.usesDeferred,
    });
  }
}

/** Names bound anywhere inside `fn` (its own declarations; nested functions' included, conservatively). */
function boundNames(fn: t.FunctionExpression): Set<string> {
  const out = new Set<string>();
  const addPattern = (p: t.Node | null | undefined): void => {
    if (!p) return;
    if (p.type === 'Identifier') out.add(p.name);
    else if (p.type === 'ObjectPattern') p.properties.forEach((q) => addPattern(q.type === 'RestElement' ? q.argument : (q.value as t.Node)));
    else if (p.type === 'ArrayPattern') p.elements.forEach((q) => addPattern(q));
    else if (p.type === 'RestElement') addPattern(p.argument);
    else if (p.type === 'AssignmentPattern') addPattern(p.left);
  };
  const walk = (n: t.Node): void => {
    if (n.type === 'VariableDeclarator') addPattern(n.id);
    else if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') && n.id) out.add(n.id.name);
    else if (n.type === 'CatchClause') addPattern(n.param);
    else if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration') n.params.forEach(addPattern);
    for (const k of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as unknown as Record<string, unknown>)[k];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c === 'object' && walk(c as t.Node));
      else if (v && typeof v === 'object') walk(v as t.Node);
    }
  };
  fn.params.forEach(addPattern);
  walk(fn.body);
  return out;
}
