/**
 * Whether a counted loop may be unrolled and jammed (fast mode): its body run for
 * JAM consecutive iterations at once, statement by statement (statement 1 of
 * iterations j..j+3, then statement 2 of each…), so that a float `const` computed
 * from each iteration's scalars (a dot product's result, then `Math.exp` of it) can
 * be packed into one f32x4. That reorders statements across iterations, which is
 * allowed when no statement depends on another iteration's later statement:
 *
 * - names declared in the body belong to one iteration (each copy gets its own);
 * - the only outer names the body assigns are reductions `s += e` / `s = s + e` at its
 *   top level, read nowhere else in it (the adds still run in iteration order);
 * - an array the body writes is used (read or written) by one top-level statement only,
 *   which runs its copies in iteration order; different arrays must not overlap in memory
 *   (checked when the loop starts, else the loop runs unjammed);
 * - no break, continue, return, labels, or calls other than `Math.*` (no helper, no assert).
 *
 * @example
 * const plan = jamPlan(loop.body, 'j'); // null when the body does not qualify
 */
import type * as t from '@babel/types';
import { unwrapTs } from './ModuleScope.ts';

/** Iterations run together. */
export const JAM = 4;

/** What the compiler needs to emit a jammed loop. */
export interface JamPlan {
  readonly stmts: readonly t.Statement[];
  /** Arrays written in the body, and every array it uses (by name; checked for overlap). */
  readonly written: readonly string[];
  readonly arrays: readonly string[];
  /** Outer names the body only accumulates into. */
  readonly reductions: readonly string[];
  /** Indices of top-level `const x = e` whose value may be packed (float arithmetic and Math calls of scalars). */
  readonly packable: ReadonlySet<number>;
}

const MATH_PACKABLE = new Set(['exp', 'sqrt', 'abs', 'min', 'max']);

/** The plan for `for (let counter …) body`, or null when the body does not qualify. */
export function jamPlan(body: t.Statement, counter: string): JamPlan | null {
  const stmts = body.type === 'BlockStatement' ? body.body : [body];
  // Names declared anywhere in the body (each iteration's own).
  const local = new Set<string>();
  let ok = true;
  walk(body, (n) => {
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier') local.add(n.id.name);
    if (n.type === 'VariableDeclarator' && n.id.type !== 'Identifier') ok = false;
    if (['BreakStatement', 'ContinueStatement', 'ReturnStatement', 'LabeledStatement', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'SwitchStatement'].includes(n.type)) ok = false;
    if (n.type === 'CallExpression') {
      const c = n.callee;
      if (!(c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.object.name === 'Math')) ok = false;
    }
  });
  if (!ok || stmts.length < 2) return null;
  const reductions: string[] = [];
  const uses = new Map<string, Set<number>>();
  const written = new Set<string>();
  const packable = new Set<number>();
  for (let si = 0; si < stmts.length; si++) {
    const s = stmts[si]!;
    let reduction: string | null = null;
    if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression' && s.expression.left.type === 'Identifier' && !local.has(s.expression.left.name)) {
      const a = s.expression;
      const name = (a.left as t.Identifier).name;
      const r = unwrapTs(a.right);
      const rhs = a.operator === '+=' ? a.right : a.operator === '=' && r.type === 'BinaryExpression' && r.operator === '+' && r.left.type === 'Identifier' && r.left.name === name ? r.right : null;
      if (!rhs || name === counter || mentions(rhs, name)) return null;
      reduction = name;
      reductions.push(name);
    }
    // Every assignment or update: to a local name, to an array element, or the reduction itself.
    let bad = false;
    walk(s, (n) => {
      const target = n.type === 'AssignmentExpression' ? n.left : n.type === 'UpdateExpression' ? n.argument : null;
      if (target) {
        const u = unwrapTs(target as t.Expression);
        if (u.type === 'Identifier') {
          if (!local.has(u.name) && u.name !== reduction) bad = true;
        } else if (u.type === 'MemberExpression' && u.computed && u.object.type === 'Identifier') written.add(u.object.name);
        else bad = true;
      }
      if (n.type === 'MemberExpression' && n.computed) {
        if (n.object.type !== 'Identifier') bad = true;
        else {
          const set = uses.get(n.object.name) ?? new Set<number>();
          set.add(si);
          uses.set(n.object.name, set);
        }
      }
    });
    if (bad) return null;
    if (s.type === 'VariableDeclaration' && s.kind === 'const' && s.declarations.length === 1 && s.declarations[0]!.init && packableExpr(s.declarations[0]!.init)) packable.add(si);
  }
  // A reduction is read by its own statement only.
  for (const r of reductions) if (stmts.filter((s) => mentions(s, r)).length !== 1) return null;
  for (const w of written) if ((uses.get(w)?.size ?? 0) > 1 || local.has(w)) return null;
  for (const a of uses.keys()) if (local.has(a)) return null;
  return { stmts, written: [...written], arrays: [...uses.keys()], reductions, packable };
}

/**
 * Whether a loop bound may be read once per JAM iterations: names, literals, non-computed
 * members (`args.n`, `a.length`) and arithmetic of them (no call, assignment or element read).
 */
export function stableBound(e: t.Expression): boolean {
  const u = unwrapTs(e);
  switch (u.type) {
    case 'NumericLiteral':
    case 'Identifier':
      return true;
    case 'MemberExpression':
      return !u.computed && u.object.type === 'Identifier';
    case 'BinaryExpression':
      return u.left.type !== 'PrivateName' && stableBound(u.left) && stableBound(u.right);
    case 'UnaryExpression':
      return u.operator === '-' && stableBound(u.argument);
    default:
      return false;
  }
}

/** Float arithmetic of names and literals and packable Math calls (no loads, no assignments). */
function packableExpr(e: t.Expression): boolean {
  const u = unwrapTs(e);
  switch (u.type) {
    case 'NumericLiteral':
    case 'Identifier':
      return true;
    case 'BinaryExpression':
      return ['+', '-', '*', '/'].includes(u.operator) && u.left.type !== 'PrivateName' && packableExpr(u.left) && packableExpr(u.right);
    case 'UnaryExpression':
      return u.operator === '-' && packableExpr(u.argument);
    case 'CallExpression': {
      const c = u.callee;
      if (c.type !== 'MemberExpression' || c.property.type !== 'Identifier' || !MATH_PACKABLE.has(c.property.name)) return false;
      const arity = c.property.name === 'min' || c.property.name === 'max' ? 2 : 1;
      return u.arguments.length === arity && u.arguments.every((a) => a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder' && packableExpr(a as t.Expression));
    }
    default:
      return false;
  }
}

function mentions(node: t.Node, name: string): boolean {
  let found = false;
  walk(node, (n) => {
    if (n.type === 'Identifier' && n.name === name) found = true;
  });
  return found;
}

/** Visit every node under `node` (not into non-computed member properties or object keys). */
function walk(node: t.Node, f: (n: t.Node) => void): void {
  const visit = (n: unknown, key?: string, parent?: t.Node): void => {
    if (!n || typeof n !== 'object' || !('type' in n)) return;
    const o = n as t.Node;
    if (key === 'property' && parent?.type === 'MemberExpression' && !parent.computed) return;
    f(o);
    for (const k of Object.keys(o)) {
      if (k === 'loc' || k === 'leadingComments' || k === 'trailingComments' || k === 'innerComments' || k === 'extra') continue;
      const v = (o as unknown as Record<string, unknown>)[k];
      if (Array.isArray(v)) v.forEach((x) => visit(x, k, o));
      else visit(v, k, o);
    }
  };
  visit(node);
}
