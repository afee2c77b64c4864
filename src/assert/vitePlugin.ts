import type { Plugin } from 'vite';
import { stripAsserts } from './stripAsserts.ts';

/**
 * Vite plugin: defines `__TICKFLOW_DEV__` (false in production builds) and, in
 * production, strips assert calls and message texts from project modules, so a
 * built bundle carries neither (see {@link stripAsserts}).
 *
 * @example
 * // vite.config.ts
 * export default defineConfig({ plugins: [tickflowAsserts()] });
 */
export function tickflowAsserts(): Plugin {
  let release = false;
  return {
    name: 'tickflow:asserts',
    enforce: 'pre',
    config(_config, env) {
      return { define: { __TICKFLOW_DEV__: JSON.stringify(!(env.mode === 'production' && env.command === 'build')) } };
    },
    // Read again from the resolved config: worker bundles get their own plugin
    // instances, which see configResolved but not config.
    configResolved(config) {
      release = config.mode === 'production' && config.command === 'build';
    },
    transform(code, id) {
      if (!release || id.includes('/node_modules/') || id.startsWith('\0')) return null;
      const path = id.split('?')[0]!;
      if (!/\.(m?[jt]s|tsx)$/.test(path)) return null;
      const out = stripAsserts(code, path);
      // Blanking moves no code, so `map: null` keeps the existing source map valid.
      return out === null ? null : { code: out, map: null };
    },
  };
}
