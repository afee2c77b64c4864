/**
 * Node module-loader hooks (module.register) running the tickflow build pipeline
 * over the project's own modules. Registered after tsx, so `nextLoad` returns
 * JavaScript with tsx's inline source map; the output carries one composed map
 * from the final code back to the original TypeScript.
 */
import remapping from '@jridgewell/remapping';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { fileURLToPath } from 'node:url';
import { transformModule, type ModuleTransform } from './transformModule.ts';
import { coroutineTransform } from './CoroutineTransform.ts';
import { coroutineFallback, type BuildWarning } from './errors.ts';
import { readFileSync } from 'node:fs';

// Kernels are compiled when a kernel path is chosen (TICKFLOW_KERNELS=js|wasm, or --kernels, passed
// by register.ts as data): js compiles but runs JS. The compiler (binaryen, megabytes of JS and
// wasm) is imported only then.
let kernels = false;
const transforms: ModuleTransform[] = [coroutineTransform()];

/** The `initialize` hook: receives register()'s data; loads the compiler when kernels are on. */
export async function initialize(data: { kernels?: string } | undefined): Promise<void> {
  const k = data?.kernels ?? process.env.TICKFLOW_KERNELS;
  kernels = k === 'wasm' || k === 'js';
  // Imported here, before any module loads: an import from inside the load hook would wait on itself.
  if (kernels) {
    const { kernelTransform } = await import('./kernels/KernelTransform.ts');
    transforms.push(kernelTransform({ runtime: new URL('../jobs/compiledKernels.ts', import.meta.url).href }));
  }
}
const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

interface LoadResult {
  format?: string;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: unknown) => Promise<LoadResult>;

/**
 * Warnings as the user wrote the code. esbuild renamed functions (patrol →
 * patrol2) and moved columns, so the original TypeScript is analysed again (only
 * when something fell back) and its warnings, which carry the user's names and
 * positions, are reported; if the two analyses disagree, the emitted code's
 * warnings are mapped back through tsx's source map instead.
 */
function originalWarnings(warnings: readonly BuildWarning[], file: string, upstream: { sourcesContent?: (string | null)[] } | null): BuildWarning[] {
  if (warnings.length === 0) return [];
  let original: string | null = upstream?.sourcesContent?.[0] ?? null;
  try {
    original ??= readFileSync(file, 'utf8');
  } catch {
    original = null;
  }
  const again = original === null ? [] : transformModule(original, file, { transforms, sourceMaps: false }).warnings;
  if (again.length === warnings.length) return again;
  const map = upstream ? new TraceMap(upstream as never) : null;
  return warnings.map((w) => {
    const o = map ? originalPositionFor(map, { line: w.line, column: w.column - 1 }) : null;
    const at = o?.line != null ? { file, line: o.line, column: (o.column ?? 0) + 1 } : { ...w, file };
    return w.coroutine === undefined ? { ...w, ...at } : coroutineFallback(at, w.coroutine, w.construct, w.advice);
  });
}

/** The `load` hook: transform project modules (not node_modules) that mention coroutines. */
export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (!url.startsWith('file:') || url.includes('/node_modules/') || !/\.[cm]?[jt]sx?$/.test(url.replace(/[?#].*$/, '')) || result.source == null) return result;
  if (result.format !== 'module' && result.format !== 'commonjs') return result;
  const code = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source as Uint8Array);
  if (!code.includes('coroutine') && !(kernels && code.includes('defineJob('))) return result;
  const file = fileURLToPath(url);
  const m = INLINE_MAP.exec(code);
  const js = m ? code.slice(0, m.index) : code;
  const out = transformModule(js, file.replace(/\.[cm]?tsx?$/, '.js'), { transforms });
  const upstream = m ? JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) : null;
  for (const w of originalWarnings(out.warnings, file, upstream)) process.stderr.write(`tickflow build: warning: ${w.message}\n`);
  if (!out.code || !out.map) return result;
  const ours = { ...out.map, sources: [file], sourcesContent: [js] };
  const map = upstream ? remapping([ours as never, upstream], () => null) : ours;
  const inline = Buffer.from(JSON.stringify(map)).toString('base64');
  return { ...result, source: `${out.code}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`, shortCircuit: true };
}
