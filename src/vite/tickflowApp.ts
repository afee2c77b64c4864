import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { CROSS_ORIGIN_ISOLATION } from './tickflowPlugin.ts';

/** The app's entry module: the sources here, the compiled app in the package (same layout). */
const APP_ENTRY = fileURLToPath(new URL('../app/main.ts', import.meta.url));
/** The page: the repository's index.html, shipped beside the compiled app. */
const PAGE = [new URL('../app/index.html', import.meta.url), new URL('../../index.html', import.meta.url)].find((u) => existsSync(u))!;
/** Headers for hosts that read `_headers` (Netlify, Cloudflare Pages): the repo's public/_headers, shipped beside the app. */
const HEADERS = [new URL('../app/_headers', import.meta.url), new URL('../../public/_headers', import.meta.url)].find((u) => existsSync(u));

/** index.html with its script pointed at `src`. */
function page(src: string, css: readonly string[] = []): string {
  const html = readFileSync(PAGE, 'utf8').replace(/src="\/src\/app\/main\.ts"/, `src="${src}"`);
  return css.length ? html.replace('</head>', `${css.map((c) => `  <link rel="stylesheet" href="${c}" />`).join('\n')}\n  </head>`) : html;
}

/**
 * The browser app over the scenes of a Vite root (`/scenes/<id>/index.ts`, as in
 * this repository): what `tickflow dev` and `tickflow build` add to {@link tickflow}.
 * In dev it answers `/` with the app's page; in a build the app is the entry and
 * the page (and `_headers`) are emitted beside it.
 *
 * @example
 * await createServer({ root, configFile: false, plugins: [tickflow(), tickflowApp()] });
 */
export function tickflowApp(): Plugin {
  return {
    name: 'tickflow:app',
    config: (_config, env) =>
      env.command === 'build'
        ? { build: { rollupOptions: { input: { app: APP_ENTRY } } } }
        : // Found up front: discovered later (the app imports them), they would make the server re-optimize and reload.
          { optimizeDeps: { include: ['tickflow > three', 'tickflow > lil-gui'] } },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').replace(/[?#].*$/, '');
        if (path !== '/' && path !== '/index.html') return next();
        server
          .transformIndexHtml(req.url ?? '/', page(`/@fs${APP_ENTRY}`))
          .then((html) => {
            res.setHeader('Content-Type', 'text/html');
            for (const [k, v] of Object.entries(CROSS_ORIGIN_ISOLATION)) res.setHeader(k, v);
            res.end(html);
          })
          .catch(next);
      });
    },
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId === APP_ENTRY);
      if (!entry || entry.type !== 'chunk') return;
      const css = [...((entry as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata?.importedCss ?? [])].map((f) => `/${f}`);
      this.emitFile({ type: 'asset', fileName: 'index.html', source: page(`/${entry.fileName}`, css) });
      if (HEADERS) this.emitFile({ type: 'asset', fileName: '_headers', source: readFileSync(HEADERS, 'utf8') });
    },
  };
}
