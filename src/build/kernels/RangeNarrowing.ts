/**
 * Flow facts the kernel compiler uses to keep integers in integer registers
 * where a flow-insensitive range would widen them to a float:
 *
 * - a comparison `v < e` narrows the range of an integer variable `v` inside the
 *   branch it guards (and the opposite inside `else`), so the wrap idiom
 *   `if (row < 0) row += w; else if (row > last) row -= w;` keeps `row` bounded;
 * - an integer that may be -0 (`-reach`, `row * w` with `row` negative and `w`
 *   zero) can be held as an integer when every use of it ignores the sign of
 *   zero (comparisons, bitwise operators, indices, `+` with another integer).
 */
import type * as t from '@babel/types';
import { unwrapTs } from './ModuleScope.ts';
import type { Kind } from './Kind.ts';

/** A relational operator the narrowing understands. */
export type RelOp = '<' | '<=' | '>' | '>=';

const FLIP: Record<RelOp, RelOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const NEGATE: Record<RelOp, RelOp> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** Whether an operator is one of {@link RelOp}. */
export function isRelOp(op: string): op is RelOp {
  return op === '<' || op === '<=' || op === '>' || op === '>=';
}

/** `e op v` as `v op' e`. */
export function flipRel(op: RelOp): RelOp {
  return FLIP[op];
}

/**
 * The range of integer `v` where `v op e` holds (`holds`) or fails, for an
 * integer `e`; the repr stays `v`'s (its local's type). Null when the range
 * does not shrink or is empty (a branch that never runs keeps the full kind).
 *
 * @example
 * narrowRel('<', intKind(-10, 10), intKind(0, 0), true) // i32 [-10, -1]
 */
export function narrowRel(op: RelOp, v: Kind, e: Kind, holds: boolean): Kind | null {
  const o = holds ? op : NEGATE[op];
  let lo = v.lo;
  let hi = v.hi;
  if (o === '<') hi = Math.min(hi, e.hi - 1);
  else if (o === '<=') hi = Math.min(hi, e.hi);
  else if (o === '>') lo = Math.max(lo, e.lo + 1);
  else lo = Math.max(lo, e.lo);
  if (lo > hi || (lo === v.lo && hi === v.hi)) return null;
  return { repr: v.repr, lo, hi };
}

/** Whether `name` is assigned inside a loop within `node` (a narrowed range would then not hold on the next iteration). */
export function assignsInLoop(node: t.Node, name: string, assigns: (n: t.Node, name: string) => boolean): boolean {
  let found = false;
  walk(node, null, (n) => {
    if (!found && (n.type === 'ForStatement' || n.type === 'WhileStatement' || n.type === 'DoWhileStatement') && assigns(n, name)) found = true;
  });
  return found;
}

/**
 * Whether every reference to `name` within `nodes` ignores the sign of zero:
 * an operand of a comparison or of a bitwise or shift operator, an index, either
 * operand of `+`, the right operand of `-`, or the argument of `++`/`--` (the
 * loop update of a counter). `+` and `-` ignore it only when the other operand
 * is an integer too; the compiler checks that where it compiles them. A nested
 * declaration of the same name (shadowing) is refused.
 */
export function signOfZeroUnused(nodes: readonly (t.Node | null | undefined)[], name: string): boolean {
  let ok = true;
  for (const root of nodes) {
    if (!root) continue;
    walk(root, null, (n, parent) => {
      if (!ok) return;
      if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === name) ok = false;
      if (n.type !== 'Identifier' || n.name !== name || !parent) return;
      if (parent.type === 'MemberExpression' && parent.property === n && !parent.computed) return;
      if (parent.type === 'ObjectProperty' && parent.key === n) return;
      if (parent.type === 'BinaryExpression') {
        const op = parent.operator;
        if (isRelOp(op) || op === '==' || op === '===' || op === '!=' || op === '!==') return;
        if (op === '|' || op === '&' || op === '^' || op === '<<' || op === '>>' || op === '>>>' || op === '+') return;
        if (op === '-' && parent.right === n) return;
      }
      if (parent.type === 'MemberExpression' && parent.computed && parent.property === n) return;
      if (parent.type === 'UpdateExpression') return;
      ok = false;
    });
  }
  return ok;
}

/** Visit every node under `node` with its parent (TypeScript wrappers are looked through). */
function walk(node: t.Node, parent: t.Node | null, visit: (n: t.Node, parent: t.Node | null) => void): void {
  const n = node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'TSTypeAssertion' || node.type === 'ParenthesizedExpression' ? unwrapTs(node as t.Expression) : node;
  visit(n, parent);
  for (const k of Object.keys(n)) {
    if (k === 'loc' || k === 'start' || k === 'end' || k === 'leadingComments' || k === 'trailingComments' || k === 'innerComments' || k === 'typeAnnotation') continue;
    const v = (n as unknown as Record<string, unknown>)[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === 'object' && 'type' in c) walk(c as t.Node, n, visit);
    } else if (v && typeof v === 'object' && 'type' in (v as object)) walk(v as t.Node, n, visit);
  }
}
