import * as t from '@babel/types';
import { compileCoroutine, TIMED_WAITS, type RuntimeNames } from './CoroutineCompiler.ts';
import { coroutineFallback } from './errors.ts';
import { generatedNames } from './astBuilders.ts';
import { TasksModuleResolver } from './TasksModuleResolver.ts';
import type { ModuleTransform, TransformContext } from './transformModule.ts';

/** Options of {@link coroutineTransform}. */
export interface CoroutineTransformOptions {
  /**
   * Bare specifiers that are the tasks module (default `['tickflow/tasks']`).
   * Relative imports count when they resolve to the real `src/tasks/index.ts` or
   * `src/tasks/coroutine.ts`, directly or through the user's re-exports.
   */
  packageSpecifiers?: readonly string[];
}

const HELPERS = ['DONE', 'NEXT_FRAME', 'WAIT_SECONDS', 'armSeconds', 'armUnscaledSeconds', 'armRealtimeSeconds', 'compiledCoroutine', 'startDelegate', 'startDelegateCall', 'stepDelegate', 'delegateResult', 'delegateDef', 'endDelegate'] as const;

/**
 * The async builder as a pipeline pass: finds `coroutine(function* … { … })` calls
 * (with `coroutine` imported from the tasks module), compiles each into a pooled
 * state-machine class, and adds the runtime imports. A coroutine it cannot compile
 * stays a generator and yields a warning with file:line:column.
 *
 * @example
 * transformModule(code, id, { transforms: [coroutineTransform()] });
 */
export function coroutineTransform(opts: CoroutineTransformOptions = {}): ModuleTransform {
  const resolver = new TasksModuleResolver(opts.packageSpecifiers);
  return {
    name: 'coroutines',
    test: (code) => code.includes('coroutine') && code.includes('function*'),
    transform(ctx: TransformContext) {
      const body = ctx.ast.program.body;
      // The marker and the next-frame token, found through each import binding.
      let source: string | null = null;
      const locals = new Set<string>();
      const namespaces = new Set<string>();
      const nextFrameLocals = new Set<string>();
      const timedLocals = new Map<string, string>();
      for (const s of body) {
        if (s.type !== 'ImportDeclaration' || s.importKind === 'type') continue;
        for (const sp of s.specifiers) {
          if (sp.type === 'ImportNamespaceSpecifier') {
            const r = resolver.resolve(s.source.value, ctx.id, 'coroutine');
            if (r?.name !== 'coroutine') continue;
            namespaces.add(sp.local.name);
            source ??= r.runtime;
            continue;
          }
          if (sp.type !== 'ImportSpecifier' || sp.importKind === 'type') continue;
          const imported = sp.imported.type === 'Identifier' ? sp.imported.name : sp.imported.value;
          const r = resolver.resolve(s.source.value, ctx.id, imported);
          if (r?.name === 'coroutine') {
            locals.add(sp.local.name);
            source ??= r.runtime;
          } else if (r?.name === 'nextFrame') nextFrameLocals.add(sp.local.name);
          else if (r && TIMED_WAITS.has(r.name)) timedLocals.set(sp.local.name, r.name);
        }
      }
      if (!source || (locals.size === 0 && namespaces.size === 0)) return;
      const used = collectNames(ctx.ast);
      const names = {} as Record<(typeof HELPERS)[number], string>;
      for (const h of HELPERS) {
        let n = `__tf_${h}`;
        for (let i = 2; used.has(n); i++) n = `__tf_${h}${i}`;
        names[h] = n;
      }
      const rt: RuntimeNames = { ...names, nextFrameLocals, nextFrameNamespaces: namespaces, timedLocals, g: generatedNames(used) };
      let compiledAny = false;
      // Post-order, so a coroutine nested in another is compiled first.
      const visit = (node: t.Node, parent: t.Node | null, key: string, index: number | null, hint: string | null): void => {
        const nameHint = node.type === 'VariableDeclarator' && node.id.type === 'Identifier' ? node.id.name : hint;
        for (const k of t.VISITOR_KEYS[node.type] ?? []) {
          const v = (node as unknown as Record<string, unknown>)[k];
          if (Array.isArray(v)) v.forEach((c, i) => c && typeof c === 'object' && visit(c as t.Node, node, k, i, nameHint));
          else if (v && typeof v === 'object') visit(v as t.Node, node, k, null, nameHint);
        }
        if (node.type !== 'CallExpression' || !parent) return;
        const callee = node.callee;
        const marked =
          (callee.type === 'Identifier' && locals.has(callee.name)) ||
          (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && namespaces.has(callee.object.name) && callee.property.type === 'Identifier' && callee.property.name === 'coroutine');
        if (!marked) return;
        let arg = node.arguments[0];
        let keptName: string | null = null;
        // esbuild's keepNames (tsx) wraps named functions as __name(fn, "name"), and
        // may rename the function itself (patrol → patrol2): the string is the user's name.
        if (arg?.type === 'CallExpression' && arg.callee.type === 'Identifier' && arg.callee.name === '__name' && arg.arguments[0]?.type === 'FunctionExpression') {
          const inner = arg.arguments[0];
          const n = arg.arguments[1];
          if (n?.type === 'StringLiteral') keptName = n.value;
          arg = inner;
        }
        const at = (n: t.Node) => ({ file: ctx.id, line: n.loc?.start.line ?? 0, column: (n.loc?.start.column ?? 0) + 1 });
        if (!arg || arg.type !== 'FunctionExpression' || !arg.generator) {
          ctx.warnings.push(
            coroutineFallback(at(node), nameHint ?? 'coroutine', 'its generator is not written inline as `function*`', 'Write coroutine(function* name(...) { ... }) so the builder can see the body.'),
          );
          return;
        }
        const name = keptName ?? arg.id?.name ?? nameHint ?? 'coroutine';
        if (arg.async) {
          ctx.warnings.push(coroutineFallback(at(arg), name, 'it is an async generator', 'Coroutines are plain generators; wait with yield, not await.'));
          return;
        }
        const clone = t.cloneNode(arg, true, false);
        const r = compileCoroutine(clone, name, rt);
        if (!r.ok) {
          ctx.warnings.push(coroutineFallback(at(r.obstacle.node), name, r.obstacle.construct, r.obstacle.advice));
          return;
        }
        r.expression.loc = node.loc;
        const rec = parent as unknown as Record<string, unknown>;
        if (index === null) rec[key] = r.expression;
        else (rec[key] as t.Node[])[index] = r.expression;
        compiledAny = true;
      };
      visit(ctx.ast.program, null, 'program', null, null);
      if (!compiledAny) return;
      body.unshift(
        t.importDeclaration(
          HELPERS.map((h) => t.importSpecifier(t.identifier(names[h]), t.identifier(h))),
          t.stringLiteral(source),
        ),
      );
      ctx.changed = true;
    },
  };
}

function collectNames(ast: t.File): Set<string> {
  const names = new Set<string>();
  const walk = (n: t.Node): void => {
    if (n.type === 'Identifier') names.add(n.name);
    for (const k of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as unknown as Record<string, unknown>)[k];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c === 'object' && walk(c as t.Node));
      else if (v && typeof v === 'object') walk(v as t.Node);
    }
  };
  walk(ast.program);
  return names;
}

export type { RuntimeNames };
