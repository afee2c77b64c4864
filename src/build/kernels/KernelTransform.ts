/**
 * The kernel compiler as a build pass: compiles a module's `defineJob` kernels
 * to WebAssembly and appends a call that attaches them to the job definitions
 * when the module loads (`attachCompiledKernels(bundle, [job, …])`). Runs in
 * the Vite plugin and the Node loader hooks, beside the coroutine compiler.
 * Results are cached on disk by source hash, since binaryen's -O3 takes a
 * second or two per module.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@babel/parser';
import type * as t from '@babel/types';
import type { ModuleTransform } from '../transformModule.ts';
import { compileKernels, type KernelModule } from './KernelModuleCompiler.ts';
import type { ModuleReader } from './ModuleScope.ts';
import { kernelFallback } from './errors.ts';

/** Options of {@link kernelTransform}. */
export interface KernelTransformOptions {
  /** How generated code imports `attachCompiledKernels` (a file URL in Node, a path Vite resolves). */
  runtime: string;
  /** Where compiled modules are cached (null: no cache). Default node_modules/.cache/tickflow-kernels. */
  cacheDir?: string | null;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** The compiler's own sources: a change to any of them invalidates the cache. */
const COMPILER_HASH = createHash('sha256')
  .update(readdirSync(HERE).sort().map((f) => readFileSync(join(HERE, f), 'utf8')).join('\0'))
  .digest('hex')
  .slice(0, 16);

/** Reads relative imports from disk, for helpers defined in other modules. */
const readModule: ModuleReader = (from, spec) => {
  const file = resolve(dirname(from), spec);
  for (const f of [file, file.replace(/\.js$/, '.ts')]) {
    try {
      return { file: f, code: readFileSync(f, 'utf8') };
    } catch {
      // try the next spelling
    }
  }
  return null;
};

type Cached = Omit<KernelModule, 'wasm' | 'wasmUnshared'> & { wasm: string | null; wasmUnshared: string | null };

function compileCached(code: string, id: string, cacheDir: string | null): Cached {
  const key = createHash('sha256').update(COMPILER_HASH).update('\0').update(id).update('\0').update(code).digest('hex');
  const path = cacheDir ? join(cacheDir, `${key}.json`) : null;
  if (path) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Cached;
    } catch {
      // not cached yet
    }
  }
  const out = compileKernels(code, id, { readModule });
  const b64 = (u: Uint8Array | null) => (u ? Buffer.from(u).toString('base64') : null);
  const cached: Cached = { ...out, wasm: b64(out.wasm), wasmUnshared: b64(out.wasmUnshared) };
  if (path) {
    mkdirSync(cacheDir!, { recursive: true });
    writeFileSync(path, JSON.stringify(cached));
  }
  return cached;
}

/** `const X = defineJob({ name: 'n', … })` at the top level: job name to identifier. */
function jobConsts(ast: t.File): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of ast.program.body) {
    const s = raw.type === 'ExportNamedDeclaration' && raw.declaration ? raw.declaration : raw;
    if (s.type !== 'VariableDeclaration') continue;
    for (const d of s.declarations) {
      const init = d.init;
      if (d.id.type !== 'Identifier' || !init || init.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'defineJob') continue;
      const spec = init.arguments[0];
      if (!spec || spec.type !== 'ObjectExpression') continue;
      for (const p of spec.properties)
        if (p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.key.name === 'name' && p.value.type === 'StringLiteral') out.set(p.value.value, d.id.name);
    }
  }
  return out;
}

/**
 * The pass. Modules without `defineJob` are not parsed for it.
 *
 * @example
 * transformModule(code, id, { transforms: [coroutineTransform(), kernelTransform({ runtime: '/src/jobs/compiledKernels.ts' })] });
 */
export function kernelTransform(options: KernelTransformOptions): ModuleTransform {
  const cacheDir = options.cacheDir === undefined ? resolve(HERE, '../../../node_modules/.cache/tickflow-kernels') : options.cacheDir;
  return {
    name: 'kernels',
    test: (code) => code.includes('defineJob('),
    transform(ctx) {
      let out: Cached;
      try {
        out = compileCached(ctx.code, ctx.id, cacheDir);
      } catch (e) {
        // A compiler failure must not break the build: the kernels stay JS, and the warning says why.
        ctx.warnings.push(kernelFallback({ file: ctx.id, line: 1, column: 1 }, '*', `the compiler failed (${e instanceof Error ? e.message : String(e)})`, 'Please report it with this module.'));
        return;
      }
      ctx.warnings.push(...out.warnings);
      if (!out.wasm) return;
      const consts = jobConsts(ctx.ast);
      const ids = out.jobs.map((j) => consts.get(j.name)).filter((x): x is string => x !== undefined);
      if (ids.length === 0) return;
      const bundle = { wasm: out.wasm, wasmUnshared: out.wasmUnshared, file: ctx.id, jobs: out.jobs, messages: out.messages, hostImports: out.hostImports };
      const snippet = `import { attachCompiledKernels as __tickflowAttachKernels } from ${JSON.stringify(options.runtime)};\n__tickflowAttachKernels(${JSON.stringify(bundle)}, [${ids.join(', ')}]);`;
      ctx.ast.program.body.push(...parse(snippet, { sourceType: 'module' }).program.body);
      ctx.changed = true;
    },
  };
}
