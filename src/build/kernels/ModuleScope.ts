/**
 * The module-level names a kernel may use: numeric constants, assert messages,
 * helper functions (of its own module or imported from a relative module) and
 * the assert functions. Built from a module's AST by {@link scanModule}.
 */
import type * as t from '@babel/types';

/** What a module-level name is, to the kernel compiler. */
export type ModuleName =
  | { readonly t: 'const'; readonly value: number }
  | { readonly t: 'message'; readonly template: string }
  | { readonly t: 'helper'; readonly name: string; readonly fn: t.FunctionDeclaration; readonly scope: ModuleScope }
  | { readonly t: 'assert'; readonly entity: boolean }
  | { readonly t: 'import'; readonly from: string; readonly imported: string };

/** A module's names, and how to follow its relative imports. */
export interface ModuleScope {
  readonly file: string;
  lookup(name: string): ModuleName | undefined;
}

/** Reads the source of an imported module (build time: the file system), or null if it cannot. */
export type ModuleReader = (fromFile: string, specifier: string) => { file: string; code: string } | null;

const unwrapTs = (e: t.Expression): t.Expression =>
  e.type === 'TSAsExpression' || e.type === 'TSNonNullExpression' || e.type === 'TSSatisfiesExpression' || e.type === 'ParenthesizedExpression' ? unwrapTs(e.expression) : e;

/** A constant numeric initializer (a literal, or a negated one), else undefined. */
function constNumber(e: t.Expression): number | undefined {
  const u = unwrapTs(e);
  if (u.type === 'NumericLiteral') return u.value;
  if (u.type === 'UnaryExpression' && u.operator === '-') {
    const v = constNumber(u.argument);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/**
 * The module-level names of a parsed module.
 *
 * @example
 * const scope = scanModule(ast, '/scenes/particles/jobs.ts');
 * scope.lookup('OUTSIDE') // { t: 'message', template: 'particle {e} left the box…' }
 */
export function scanModule(ast: t.File, file: string): ModuleScope {
  const names = new Map<string, ModuleName>();
  const scope: ModuleScope = { file, lookup: (n) => names.get(n) };
  for (const raw of ast.program.body) {
    const s = raw.type === 'ExportNamedDeclaration' && raw.declaration ? raw.declaration : raw;
    if (s.type === 'ImportDeclaration') {
      const from = s.source.value;
      for (const sp of s.specifiers) {
        if (sp.type !== 'ImportSpecifier') continue;
        const imported = sp.imported.type === 'Identifier' ? sp.imported.name : sp.imported.value;
        if ((imported === 'assert' || imported === 'assertEntity') && /assert/.test(from)) names.set(sp.local.name, { t: 'assert', entity: imported === 'assertEntity' });
        else if (from.startsWith('.')) names.set(sp.local.name, { t: 'import', from, imported });
      }
    } else if (s.type === 'FunctionDeclaration' && s.id && !s.generator && !s.async) {
      names.set(s.id.name, { t: 'helper', name: s.id.name, fn: s, scope });
    } else if (s.type === 'VariableDeclaration' && s.kind === 'const') {
      for (const d of s.declarations) {
        if (d.id.type !== 'Identifier' || !d.init) continue;
        const v = constNumber(d.init);
        if (v !== undefined) names.set(d.id.name, { t: 'const', value: v });
        const init = unwrapTs(d.init);
        if (init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'defineMessage') {
          const a = init.arguments[0];
          if (a && a.type === 'StringLiteral') names.set(d.id.name, { t: 'message', template: a.value });
        }
      }
    }
  }
  return scope;
}

export { unwrapTs };
