import * as t from '@babel/types';
import { id, self, assign, undef, idx } from './astBuilders.ts';
import type { RuntimeNames } from './CoroutineCompiler.ts';

/**
 * The class the async builder emits for one coroutine, from the states the
 * compiler produced: `constructor` (a stable shape: every field set),
 * `init(a0..a3)` (parameters and defaults), `reset()` (clear everything before the
 * instance goes back to its pool) and `step(mode, input)`: a dispatch `switch`
 * inside a labelled loop, with the try tables consulted when something throws or
 * a cancellation arrives. Wrapped as `compiledCoroutine("name", (() => { tables;
 * return class … })())` so the tables are per-coroutine constants.
 */

/** What {@link emitMachineClass} needs from the compiler. */
export interface MachineParts {
  name: string;
  rt: RuntimeNames;
  /** Per state, in order: its statements and which handler covers it (h: exception, f: cancellation). */
  cases: { body: t.Statement[]; h: number; f: number }[];
  /** Per try statement: the state of its catch and of its finally, or -1. */
  tries: { catchState: number; finallyState: number }[];
  /** States that step a `yield*` delegate (cancellation and throws are forwarded to it). */
  delegateStates: number[];
  fields: string[];
  params: t.FunctionExpression['params'];
  paramFields: string[];
  /** Fields that hold numbers from construction on (in-place doubles: no box per store). */
  numericFields: ReadonlySet<string>;
  /** Some jump out of a verbatim try/finally went through `$n`. */
  usesDeferred: boolean;
}

const finishReturn = (rt: RuntimeNames, value: t.Expression): t.Statement[] => [assign(self('result'), value), t.returnStatement(id(rt.DONE))];

/**
 * Build the `compiledCoroutine(...)` expression for one coroutine.
 *
 * @example
 * const expr = emitMachineClass(parts);
 */
export function emitMachineClass(m: MachineParts): t.Expression {
  const g = m.rt.g;
  const n = m.cases.length;
  const nTry = m.tries.length;
  const HT = m.cases.map((c) => c.h);
  const FT = m.cases.map((c) => c.f);
  const deleg = new Array<number>(n).fill(0);
  for (const d of m.delegateStates) deleg[d] = 1;
  const usesDelegate = m.delegateStates.length > 0;
  const arr = (ctor: string, xs: number[]): t.NewExpression => t.newExpression(id(ctor), [t.arrayExpression(xs.map((x) => (x < 0 ? t.unaryExpression('-', t.numericLiteral(-x)) : t.numericLiteral(x))))]);
  const tables: t.VariableDeclarator[] = [];
  if (nTry > 0) {
    tables.push(t.variableDeclarator(id(g.HT), arr('Int32Array', HT)));
    tables.push(t.variableDeclarator(id(g.FT), arr('Int32Array', FT)));
    tables.push(t.variableDeclarator(id(g.CATCH), arr('Int32Array', m.tries.map((c) => c.catchState))));
    tables.push(t.variableDeclarator(id(g.FIN), arr('Int32Array', m.tries.map((c) => c.finallyState))));
  }
  if (usesDelegate) tables.push(t.variableDeclarator(id(g.DELEG), arr('Uint8Array', deleg)));

  threadJumps(m);
  // Cases: set $s where the handler region changes, so an exception is dispatched by the right table row.
  const switchCases = m.cases.map((c, i) => {
    const prev = m.cases[i - 1];
    const body = prev && (prev.h !== c.h || prev.f !== c.f) ? [assign(self('$s'), t.numericLiteral(i)), ...c.body] : c.body;
    return t.switchCase(t.numericLiteral(i), body);
  });
  const modeGuard = usesDelegate
    ? t.logicalExpression('&&', t.binaryExpression('!==', id(g.mode), t.numericLiteral(0)), t.binaryExpression('===', t.memberExpression(id(g.DELEG), self('$s'), true), t.numericLiteral(0)))
    : t.binaryExpression('!==', id(g.mode), t.numericLiteral(0));
  const injectReturn: t.Statement[] =
    nTry > 0
      ? [
          assign(id(g.c), t.memberExpression(id(g.FT), self('$s'), true)),
          t.ifStatement(t.binaryExpression('<', id(g.c), t.numericLiteral(0)), t.blockStatement(finishReturn(m.rt, id(g.input)))),
          assign(idx('$ct', id(g.c)), t.numericLiteral(2)),
          // The return value: undefined from the runner's cancellation, v from a hand-iterated `return(v)`.
          assign(idx('$cv', id(g.c)), id(g.input)),
          assign(self('$s'), t.memberExpression(id(g.FIN), id(g.c), true)),
          t.continueStatement(id(g.loop)),
        ]
      : finishReturn(m.rt, id(g.input));
  const inject = t.ifStatement(
    modeGuard,
    t.blockStatement([
      t.ifStatement(t.binaryExpression('===', id(g.mode), t.numericLiteral(1)), t.blockStatement([assign(id(g.mode), t.numericLiteral(0)), t.throwStatement(id(g.input))])),
      assign(id(g.mode), t.numericLiteral(0)),
      ...injectReturn,
    ]),
  );
  const dispatch = t.switchStatement(self('$s'), switchCases);
  // A deferred jump (see CoroutineCompiler.jump): its completion record, then its state.
  const applyDeferred: t.Statement[] = m.usesDeferred
    ? [
        t.ifStatement(
          t.binaryExpression('>=', id(g.n), t.numericLiteral(0)),
          t.blockStatement([
            ...(nTry > 0
              ? [t.ifStatement(t.binaryExpression('>=', id(g.nk), t.numericLiteral(0)), t.blockStatement([assign(idx('$ct', id(g.nk)), id(g.nt)), assign(idx('$cv', id(g.nk)), id(g.nv))]))]
              : []),
            assign(self('$s'), id(g.n)),
            assign(id(g.n), t.numericLiteral(-1)),
          ]),
        ),
      ]
    : [];
  const afterSwitch = finishReturn(m.rt, undef());
  let loopBody: t.Statement;
  if (nTry > 0) {
    const catchBody = t.blockStatement([
      assign(id(g.c), t.memberExpression(id(g.HT), self('$s'), true)),
      assign(self('$d'), t.nullLiteral()),
      assign(id(g.mode), t.numericLiteral(0)),
      assign(id(g.n), t.numericLiteral(-1)),
      t.ifStatement(t.unaryExpression('!', t.binaryExpression('>=', id(g.c), t.numericLiteral(0))), t.blockStatement([assign(self('$s'), t.numericLiteral(-1)), t.throwStatement(id(g.e))])),
      t.ifStatement(
        t.binaryExpression('===', t.binaryExpression('&', id(g.c), t.numericLiteral(1)), t.numericLiteral(0)),
        t.blockStatement([
          // The exception voids whatever completion this try had pending (a return that a verbatim finally turned into a throw).
          assign(id(g.c), t.binaryExpression('>>', id(g.c), t.numericLiteral(1))),
          assign(idx('$ct', id(g.c)), t.numericLiteral(0)),
          assign(idx('$cv', id(g.c)), undef()),
          assign(self('$x'), id(g.e)),
          assign(self('$s'), t.memberExpression(id(g.CATCH), id(g.c), true)),
        ]),
        t.blockStatement([
          assign(id(g.c), t.binaryExpression('>>', id(g.c), t.numericLiteral(1))),
          assign(idx('$ct', id(g.c)), t.numericLiteral(1)),
          assign(idx('$cv', id(g.c)), id(g.e)),
          assign(self('$s'), t.memberExpression(id(g.FIN), id(g.c), true)),
        ]),
      ),
    ]);
    loopBody = t.tryStatement(t.blockStatement([...applyDeferred, inject, dispatch, ...afterSwitch]), t.catchClause(id(g.e), catchBody));
  } else loopBody = t.blockStatement([...applyDeferred, inject, dispatch, ...afterSwitch]);
  const step = t.classMethod(
    'method',
    id('step'),
    [id(g.mode), id(g.input)],
    t.blockStatement([
      t.variableDeclaration('let', [
        ...[g.o, g.r, g.c, g.v, ...(m.usesDeferred ? [g.nt, g.nv] : [])].map((v) => t.variableDeclarator(id(v))),
        t.variableDeclarator(id(g.n), t.numericLiteral(-1)),
        ...(m.usesDeferred ? [t.variableDeclarator(id(g.nk), t.numericLiteral(-1))] : []),
      ]),
      t.labeledStatement(id(g.loop), t.forStatement(null, null, null, t.blockStatement([loopBody]))),
    ]),
  );

  const allFields = ['result', '$x', ...m.fields];
  const ctorBody: t.Statement[] = [assign(self('$s'), t.numericLiteral(0)), assign(self('$d'), t.nullLiteral()), assign(self('$dd'), t.nullLiteral())];
  const initial = (f: string): t.Expression => (m.numericFields.has(f) ? t.numericLiteral(0) : undef());
  for (const f of allFields) ctorBody.push(assign(self(f), initial(f)));
  if (nTry > 0) {
    ctorBody.push(assign(self('$ct'), t.newExpression(id('Int32Array'), [t.numericLiteral(nTry)])));
    ctorBody.push(assign(self('$cv'), t.arrayExpression(new Array(nTry).fill(0).map(() => undef()))));
  }
  const initBody: t.Statement[] = [assign(self('$s'), t.numericLiteral(0))];
  m.params.forEach((p, i) => {
    const a = id(g.a[i]!);
    const f = m.paramFields[i]!;
    if (p.type === 'AssignmentPattern') initBody.push(assign(self(f), t.conditionalExpression(t.binaryExpression('===', a, undef()), p.right, a)));
    else initBody.push(assign(self(f), a));
  });
  const resetBody: t.Statement[] = [assign(self('$s'), t.numericLiteral(0)), assign(self('$d'), t.nullLiteral()), assign(self('$dd'), t.nullLiteral())];
  for (const f of allFields) resetBody.push(assign(self(f), initial(f)));
  if (nTry > 0) {
    resetBody.push(t.expressionStatement(t.callExpression(t.memberExpression(self('$ct'), id('fill')), [t.numericLiteral(0)])));
    resetBody.push(t.expressionStatement(t.callExpression(t.memberExpression(self('$cv'), id('fill')), [undef()])));
  }
  const cls = t.classExpression(
    id(`${m.name.replace(/[^A-Za-z0-9_$]/g, '_')}$Machine`),
    null,
    t.classBody([
      t.classMethod('constructor', id('constructor'), [], t.blockStatement(ctorBody)),
      t.classMethod('method', id('init'), g.a.map((a) => id(a)), t.blockStatement(initBody)),
      t.classMethod('method', id('reset'), [], t.blockStatement(resetBody)),
      step,
    ]),
  );
  const iife = t.callExpression(
    t.arrowFunctionExpression([], t.blockStatement([...(tables.length ? [t.variableDeclaration('const', tables)] : []), t.returnStatement(cls)])),
    [],
  );
  return t.callExpression(id(m.rt.compiledCoroutine), [t.stringLiteral(m.name), iife]);
}

/** The target state of a case body that ends with `this.$s = T; continue $loop;`, or -1. */
function trailingJump(body: t.Statement[], loop: string): number {
  const n = body.length;
  if (n < 2) return -1;
  const last = body[n - 1]!;
  const set = body[n - 2]!;
  if (last.type !== 'ContinueStatement' || last.label?.name !== loop) return -1;
  if (set.type !== 'ExpressionStatement' || set.expression.type !== 'AssignmentExpression') return -1;
  const { left, right } = set.expression;
  if (left.type !== 'MemberExpression' || left.property.type !== 'Identifier' || left.property.name !== '$s' || right.type !== 'NumericLiteral') return -1;
  return right.value;
}

/** Whether a case body always leaves by return, throw or jump (never falls into the next case). */
function terminates(body: t.Statement[], loop: string): boolean {
  const last = body[body.length - 1];
  return !!last && (last.type === 'ReturnStatement' || last.type === 'ThrowStatement' || (last.type === 'ContinueStatement' && last.label?.name === loop));
}

/**
 * Jump threading: a case ending in a jump to a short case of the same handler
 * region that cannot fall through gets a copy of that case instead. A loop's
 * back-edge then resumes straight into the next yield: one dispatch per step.
 */
function threadJumps(m: MachineParts): void {
  const deleg = new Set(m.delegateStates);
  m.cases.forEach((c, i) => {
    for (let hops = 0; hops < 3; hops++) {
      const target = trailingJump(c.body, m.rt.g.loop);
      if (target < 0 || target === i || deleg.has(target)) return;
      const tc = m.cases[target]!;
      if (tc.h !== c.h || tc.f !== c.f || !terminates(tc.body, m.rt.g.loop) || tc.body.length > 6) return;
      c.body = [...c.body.slice(0, -2), ...tc.body.map((x) => t.cloneNode(x, true, false))];
    }
  });
}
