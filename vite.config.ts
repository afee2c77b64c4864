import { defineConfig } from 'vite';
import { tickflowAsserts } from './src/assert/vitePlugin.ts';
import { tickflowBuild } from './src/build/vitePlugin.ts';
import { CROSS_ORIGIN_ISOLATION } from './src/vite/tickflowPlugin.ts';

/**
 * Every way we serve the app sends the cross-origin isolation headers (see
 * CROSS_ORIGIN_ISOLATION); `public/_headers` carries them for hosts that read that
 * file (Netlify, Cloudflare Pages) and docs/app.md lists the rest.
 */
const isolation = { ...CROSS_ORIGIN_ISOLATION };

export default defineConfig({
  root: '.',
  // Coroutines compile to pooled state machines; DEV is defined for every build, and
  // production builds also strip asserts and their messages.
  plugins: [tickflowBuild({ kernels: true }), tickflowAsserts()],
  server: { headers: isolation },
  preview: { headers: isolation },
  // dist/ is the library build (tsdown.config.ts); the app's static site goes here.
  build: { outDir: 'dist-app', target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1000 },
  // Worker bundles (job lanes) are built apart and take only these plugins: without
  // them a kernel's asserts would stay in production worker chunks.
  worker: { format: 'es', plugins: () => [tickflowBuild({ kernels: true }), tickflowAsserts()] },
  // Pre-bundled at server start: found later (the worker host imports it), it would
  // make the dev server re-optimize and reload the page under a first visitor.
  optimizeDeps: { include: ['comlink'] },
});
