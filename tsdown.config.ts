import { defineConfig } from 'tsdown';

/**
 * The library build (`npm run build`): what `npm pack` ships. Unbundled, so dist/
 * mirrors the sources file for file (dist/src/…, dist/workers/…): one module
 * instance per source file whichever subpath a user imports, and the paths the
 * code finds at run time relative to `import.meta.url` (worker entries, loader
 * hooks, the tasks module) stay where they were. The repository itself never
 * runs dist/: `npm start`, `npm test`, `npm run sim` and `npm run bench` run the
 * TypeScript sources through tsx and Vite.
 */
export default defineConfig({
  entry: [
    'src/index.ts',
    'src/*/index.ts',
    'src/jobs/node.ts',
    'src/jobs/browser.ts',
    'src/assert/vitePlugin.ts',
    'src/assert/stripAsserts.ts',
    // Loaded by path at run time, not imported: the bin, the worker entries, module hooks.
    'src/cli/tickflow.ts',
    'src/build/register.ts',
    'src/build/loaderHooks.ts',
    'src/assert/registerRelease.ts',
    'src/assert/releaseHooks.ts',
    'workers/nodeJobWorker.ts',
    'workers/browserJobWorker.ts',
    // The browser app, for `tickflow dev` and `tickflow build` (the user's Vite bundles it).
    'src/app/main.ts',
  ],
  unbundle: true,
  // Dependencies (and vite, which users bring for the plugin) stay imports, types included.
  deps: { skipNodeModulesBundle: true, neverBundle: [/\.css$/] },
  root: '.',
  format: 'esm',
  fixedExtension: false,
  // import.meta.glob stays as written: the user's Vite expands it over the user's files.
  globImport: false,
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: true,
  clean: true,
  outDir: 'dist',
  // The Node worker entry registers tsx for the user's TypeScript kernels, then loads
  // the compiled handler beside it: copied as it is, not compiled.
  copy: [
    { from: 'workers/nodeJobWorker.mjs', to: 'dist/workers' },
    // Imported by the app as written; the user's Vite bundles it.
    { from: 'src/app/app.css', to: 'dist/src/app' },
    { from: 'public/_headers', to: 'dist/src/app' },
    { from: 'index.html', to: 'dist/src/app' },
  ],
  plugins: [runtimePathsToJs()],
});

/**
 * Paths the sources name as strings, relative to `import.meta.url`
 * (`new URL('../../workers/browserJobWorker.ts', import.meta.url)`,
 * `register('./loaderHooks.ts', import.meta.url)`): the bundler rewrites imports,
 * not strings, so these get the emitted `.js` name. Vite in a user's project still
 * sees the literal `new URL('…', import.meta.url)` form it bundles workers from.
 */
function runtimePathsToJs() {
  const pathArg = /(['"])(\.{1,2}\/[^'"]+)\.ts\1(\s*,\s*import\.meta\.url)/g;
  return {
    name: 'tickflow:runtime-paths-to-js',
    transform(code: string, id: string) {
      if (!/\/(src|workers)\/.*\.ts$/.test(id) || !pathArg.test(code)) return null;
      pathArg.lastIndex = 0;
      return { code: code.replace(pathArg, '$1$2.js$1$3'), map: null };
    },
  };
}
