import type { Plugin } from 'vite';
import { tickflowBuild } from '../build/vitePlugin.ts';
import { tickflowAsserts } from '../assert/vitePlugin.ts';

/**
 * SharedArrayBuffer (shared component arrays, worker jobs) needs a cross-origin
 * isolated page: the dev server and `vite preview` send these, and so must the
 * host of a built site.
 */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * tickflow in a user's own `vite.config`: the async builder (coroutines become
 * pooled machines) and the assert plugin (`DEV`, asserts stripped from production
 * builds) on the page and on worker bundles, COOP/COEP in dev and preview, and
 * tickflow left out of dependency pre-bundling, so that Vite sees the package's
 * worker entry (`new URL(…, import.meta.url)`) and expands its kernel-module glob
 * (`/scenes/*\/jobs.ts`, root-relative) over the user's files.
 *
 * @example
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { tickflow } from 'tickflow/vite';
 * export default defineConfig({ plugins: [tickflow()] });
 * // tickflow({ kernels: true }) also compiles defineJob kernels to WebAssembly (docs/kernels.md)
 */
export function tickflow(opts: TickflowPluginOptions = {}): Plugin[] {
  const build = () => tickflowBuild({ kernels: opts.kernels === true });
  const config: Plugin = {
    name: 'tickflow:config',
    config: () => ({
      server: { headers: { ...CROSS_ORIGIN_ISOLATION } },
      preview: { headers: { ...CROSS_ORIGIN_ISOLATION } },
      optimizeDeps: { exclude: ['tickflow'], include: ['tickflow > comlink', 'tickflow > bitecs'] },
      worker: { format: 'es', plugins: () => [build(), tickflowAsserts()] },
    }),
  };
  return [build(), tickflowAsserts(), config];
}

/** Options of {@link tickflow}. */
export interface TickflowPluginOptions {
  /** Run the kernel compiler too: `defineJob` kernels compiled to WebAssembly at build time (default false). */
  kernels?: boolean;
}
