import type { Plugin } from 'vite';
import { transformModule, type ModuleTransform } from './transformModule.ts';
import { coroutineTransform } from './CoroutineTransform.ts';

/** Options of {@link tickflowBuild}. */
export interface TickflowBuildOptions {
  /** Extra passes after the coroutine compiler (the assert stripper goes here). */
  transforms?: readonly ModuleTransform[];
  /** Replace the default passes entirely. */
  replaceDefaults?: boolean;
  /** Files to consider (default: .ts/.tsx/.js/.jsx/.mts/.mjs outside node_modules). */
  include?: RegExp;
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
  const include = options.include ?? /\.[cm]?[jt]sx?$/;
  return {
    name: 'tickflow-build',
    enforce: 'pre',
    transform(code, id) {
      const file = id.replace(/[?#].*$/, '');
      if (!include.test(file) || file.includes('/node_modules/') || file.startsWith('\0')) return null;
      const out = transformModule(code, file, { transforms });
      for (const w of out.warnings) this.warn(w.message);
      if (!out.code) return null;
      return { code: out.code, map: out.map as never };
    },
  };
}
