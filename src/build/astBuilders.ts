import * as t from '@babel/types';

/**
 * The few AST builders the coroutine compiler and the machine-class emitter both
 * use; compiled machines keep their state on `this`, hence `self` and `idx`.
 */

/** An identifier. */
export const id = (n: string): t.Identifier => t.identifier(n);
/** `this.<f>`. */
export const self = (f: string): t.MemberExpression => t.memberExpression(t.thisExpression(), id(f));
/** `<l> = <r>;` */
export const assign = (l: t.LVal | t.MemberExpression, r: t.Expression): t.ExpressionStatement =>
  t.expressionStatement(t.assignmentExpression('=', l as t.LVal, r));
/** `void 0`. */
export const undef = (): t.UnaryExpression => t.unaryExpression('void', t.numericLiteral(0));
/** `this.<arr>[k]`. */
export const idx = (arr: string, k: t.Expression | number): t.MemberExpression =>
  t.memberExpression(self(arr), typeof k === 'number' ? t.numericLiteral(k) : k, true);
/** The label of a machine's dispatch loop. */
export const LOOP = '$loop';
