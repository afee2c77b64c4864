/**
 * The browser entry: find the scenes Vite bundled, read the URL, mount the app.
 * Scenes are `scenes/<id>/index.ts` (id = folder name), views `scenes/<id>/view.ts`, under
 * the Vite root (root-relative globs: this repo's root, or a user's for `tickflow dev`).
 */
import './app.css';
import { App } from './App.ts';
import { BrowserSceneRegistry } from './BrowserSceneRegistry.ts';
import { parseAppUrl } from './AppUrl.ts';
import { bindKernelModules } from '../jobs/BrowserKernelModules.ts';
import { MountPointError } from './errors.ts';

// Kernel modules are bound to their registry keys as a scene loads: a worker finds a job by that key in any build.
const registry = new BrowserSceneRegistry(import.meta.glob('/scenes/*/index.ts'), import.meta.glob('/scenes/*/view.ts'), (id) => bindKernelModules(`/scenes/${id}/`));

const root = document.querySelector<HTMLElement>('#app');
if (!root) throw new MountPointError('#app');

// A malformed app option should not cost the page: it is reported once the app
// exists and left at its default; the rest of the URL still applies.
const urlErrors: unknown[] = [];
const url = parseAppUrl(location.search, (err) => urlErrors.push(err));
let app: App | undefined;
try {
  app = new App(root, registry, url);
} catch (err) {
  // Without WebGL there is no app to show errors in: say it in plain text.
  const box = document.createElement('pre');
  box.className = 'tf-fatal';
  box.textContent = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  root.append(box);
  console.error(err);
}
if (app) {
  const ready = app;
  (window as unknown as { __tickflow: App['debug'] }).__tickflow = ready.debug;
  void ready.start().then(() => {
    for (const err of urlErrors) ready.report(err, 'app');
  });
}
