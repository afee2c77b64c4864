import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';
import type { CliIO } from './runSim.ts';

/**
 * The Vite root for a scenes folder: its parent. The app and the job workers find
 * scenes and kernels at `/scenes/<id>/…` under the root (root-relative globs, the
 * same in this repository), so the folder must be named `scenes`.
 */
function rootOf(folder: string): string {
  const abs = resolve(folder);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`no scenes folder at ${abs}: name the folder that holds <id>/index.ts scene folders.`);
  if (basename(abs) !== 'scenes') throw new UsageError(`the scenes folder must be named "scenes" (got "${basename(abs)}"): the app and its job workers look for /scenes/<id>/ under the served root.`);
  return dirname(abs);
}

async function loadVite(): Promise<typeof import('vite')> {
  try {
    return await import('vite');
  } catch {
    throw new UsageError('tickflow dev and build run Vite: install it in your project (npm install --save-dev vite).');
  }
}

/**
 * `tickflow dev <scenes-folder>`: the browser app over the user's scenes on Vite's
 * dev server (COOP/COEP set, coroutines compiled, kernels on worker lanes).
 * Resolves once the server listens; it runs until the process ends.
 *
 * @example
 * await runDev('./scenes', { port: 5173 }, io);
 */
export async function runDev(folder: string, opts: { port?: number; host?: string }, io: CliIO): Promise<void> {
  const root = rootOf(folder);
  const vite = await loadVite();
  const { tickflow, tickflowApp } = await import('../vite/index.ts');
  const server = await vite.createServer({ root, configFile: false, plugins: [tickflow(), tickflowApp()], server: { port: opts.port, host: opts.host, strictPort: opts.port !== undefined } });
  await server.listen();
  io.out(`tickflow dev: ${server.resolvedUrls?.local[0] ?? 'listening'} (scenes in ${resolve(folder)})\n`);
}

/**
 * `tickflow build <scenes-folder> [--out dir]`: the app over the user's scenes as
 * a static site (default `dist-app/` beside the folder), with `_headers` for hosts
 * that read it; any other host must send the COOP/COEP headers itself.
 *
 * @example
 * const out = await runBuild('./scenes', 'site', io);
 */
export async function runBuild(folder: string, out: string | undefined, io: CliIO): Promise<string> {
  const root = rootOf(folder);
  const vite = await loadVite();
  const { tickflow, tickflowApp } = await import('../vite/index.ts');
  const outDir = resolve(out ?? resolve(root, 'dist-app'));
  await vite.build({ root, configFile: false, logLevel: 'warn', plugins: [tickflow(), tickflowApp()], build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1000 } });
  io.out(`tickflow build: ${outDir}\n`);
  return outDir;
}
