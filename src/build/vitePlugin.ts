import type { Plugin } from 'vite';
import { transformModule, type ModuleTransform } from './transformModule.ts';
import { fileURLToPath } from 'node:url';
import { coroutineTransform } from './CoroutineTransform.ts';

/** Options of {@link tickflowBuild}. */
export interface TickflowBuildOptions {
  /** Extra passes after the coroutine compiler (the assert stripper goes here). */
  transforms?: readonly ModuleTransform[];
  /** Replace the default passes entirely. */
  replaceDefaults?: boolean;
  /** Files to consider (default: .ts/.tsx/.js/.jsx/.mts/.mjs outside node_modules). */
  include?: RegExp;
  /** Compile `defineJob` kernels to WebAssembly (exact mode unless a job asks for fast). Default false. */
  kernels?: boolean;
}

/**
 * The tickflow build pipeline as a Vite plugin (so `vite`, `vite build` and Vitest
 * all compile coroutines). Runs before TypeScript is stripped; Vite chains the
 * source map, so stack traces point at the original lines. Warnings (coroutines
 * left as generators) go through Vite's logger with file:line:column.
 *
 * @example
 * // vite.config.ts / vitest.config.ts
 * import { tickflowBuild } from './src/build/vitePlugin.ts';
 * export default defineConfig({ plugins: [tickflowBuild()] });
 */
export function tickflowBuild(options: TickflowBuildOptions = {}): Plugin {
  const transforms = [...(options.replaceDefaults ? [] : [coroutineTransform()]), ...(options.transforms ?? [])];
  // The kernel compiler (binaryen) loads only when asked for, on the first module that defines a job.
  let kernelPass: Promise<void> | null = null;
  const addKernelPass = () =>
    (kernelPass ??= import('./kernels/KernelTransform.ts').then(({ kernelTransform }) => {
      transforms.splice(options.replaceDefaults ? 0 : 1, 0, kernelTransform({ runtime: fileURLToPath(new URL('../jobs/compiledKernels.ts', import.meta.url)) }));
    }));
  const include = options.include ?? /\.[cm]?[jt]sx?$/;
  return {
    name: 'tickflow-build',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.replace(/[?#].*$/, '');
      if (!include.test(file) || file.includes('/node_modules/') || file.startsWith('\0')) return null;
      if (options.kernels && code.includes('defineJob(')) await addKernelPass();
      const out = transformModule(code, file, { transforms });
      for (const w of out.warnings) this.warn(w.message);
      if (!out.code) return null;
      return { code: out.code, map: out.map as never };
    },
  };
}
