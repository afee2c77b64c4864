import { parse, type ParserPlugin } from '@babel/parser';
import generateModule from '@babel/generator';
import type * as t from '@babel/types';
import type { BuildWarning } from './errors.ts';

// @babel/generator is CommonJS; under some loaders the default import is the module object.
const generate = ((generateModule as unknown as { default?: typeof generateModule }).default ?? generateModule) as typeof generateModule;

/** What a transform sees: the module's AST (parsed once for the whole pipeline) and where to report. */
export interface TransformContext {
  readonly id: string;
  readonly code: string;
  readonly ast: t.File;
  readonly warnings: BuildWarning[];
  /** Set by a transform that changed the AST. */
  changed: boolean;
}

/**
 * One pass of the build pipeline. `test` is a cheap textual filter so files that
 * cannot concern the pass are not parsed for it; `transform` edits `ctx.ast` in place.
 * The coroutine compiler is one; the integrator's assert stripper is another.
 */
export interface ModuleTransform {
  readonly name: string;
  test(code: string, id: string): boolean;
  transform(ctx: TransformContext): void;
}

/** Options of {@link transformModule}. */
export interface TransformOptions {
  /** The passes, in order. */
  transforms: readonly ModuleTransform[];
  /** Emit a source map (default true). */
  sourceMaps?: boolean;
}

/** The output of {@link transformModule}; `code` is null when nothing changed. */
export interface TransformOutput {
  code: string | null;
  map: ReturnType<typeof generate>['map'] | null;
  warnings: BuildWarning[];
}

/** Parser plugins by file type: TypeScript stays TypeScript (the next tool strips types). */
function pluginsFor(id: string): ParserPlugin[] {
  const clean = id.replace(/[?#].*$/, '');
  if (/\.[cm]?tsx$/.test(clean)) return ['typescript', 'jsx'];
  if (/\.[cm]?ts$/.test(clean)) return ['typescript'];
  if (/\.jsx$/.test(clean)) return ['jsx'];
  return [];
}

/**
 * Run the build pipeline over one module: parse once, let each pass whose `test`
 * matches edit the AST, print once with a source map to the original text.
 *
 * @example
 * const out = transformModule(code, '/src/agents.ts', { transforms: [coroutineTransform()] });
 * if (out.code) write(out.code, out.map);
 */
export function transformModule(code: string, id: string, options: TransformOptions): TransformOutput {
  const passes = options.transforms.filter((p) => p.test(code, id));
  if (passes.length === 0) return { code: null, map: null, warnings: [] };
  let ast: t.File;
  try {
    ast = parse(code, {
      sourceType: 'module',
      sourceFilename: id,
      plugins: pluginsFor(id),
      allowReturnOutsideFunction: false,
      errorRecovery: false,
    });
  } catch {
    // A syntax error is for the next tool (esbuild, oxc, node) to report with its own context.
    return { code: null, map: null, warnings: [] };
  }
  const ctx: TransformContext = { id, code, ast, warnings: [], changed: false };
  for (const p of passes) p.transform(ctx);
  if (!ctx.changed) return { code: null, map: null, warnings: ctx.warnings };
  const out = generate(ast, { sourceMaps: options.sourceMaps !== false, sourceFileName: id, retainLines: false, comments: true }, code);
  return { code: out.code, map: out.map ?? null, warnings: ctx.warnings };
}
