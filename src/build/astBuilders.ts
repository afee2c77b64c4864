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
/** The JavaScript names (locals, parameters, label, tables) the emitted `step` and its tables declare. */
export interface GeneratedNames {
  loop: string;
  mode: string;
  input: string;
  o: string;
  r: string;
  c: string;
  v: string;
  n: string;
  nk: string;
  nt: string;
  nv: string;
  e: string;
  HT: string;
  FT: string;
  CATCH: string;
  FIN: string;
  DELEG: string;
  /** The parameters of `init`. */
  a: readonly string[];
}

const BASES = ['loop', 'mode', 'input', 'o', 'r', 'c', 'v', 'n', 'nk', 'nt', 'nv', 'e', 'HT', 'FT', 'CATCH', 'FIN', 'DELEG'] as const;

/**
 * Hygienic names for the emitted code: `$` + a base, with as many `$` as it
 * takes for no identifier of the module (bindings, references, labels) to start
 * with the prefix, so no generated name can capture or shadow one of the user's.
 *
 * @example
 * generatedNames(new Set(['$c'])).c; // '$$c'
 */
export function generatedNames(moduleNames: ReadonlySet<string>): GeneratedNames {
  let prefix = '$';
  const clash = (p: string): boolean => {
    for (const n of moduleNames) if (n.startsWith(p)) return true;
    return false;
  };
  while (clash(prefix)) prefix += '$';
  const g = { a: [0, 1, 2, 3].map((i) => `${prefix}a${i}`) } as Record<string, unknown>;
  for (const b of BASES) g[b] = prefix + b;
  return g as unknown as GeneratedNames;
}
