/**
 * The browser entry: find the scenes Vite bundled, read the URL, mount the app.
 * Scenes are `scenes/<id>/index.ts` (id = folder name), views `scenes/<id>/view.ts`.
 */
import './app.css';
import { App } from './App.ts';
import { BrowserSceneRegistry } from './BrowserSceneRegistry.ts';
import { parseAppUrl } from './AppUrl.ts';
import { MountPointError } from './errors.ts';

const registry = new BrowserSceneRegistry(import.meta.glob('../../scenes/*/index.ts'), import.meta.glob('../../scenes/*/view.ts'));

const root = document.querySelector<HTMLElement>('#app');
if (!root) throw new MountPointError('#app');

// A malformed app option should not cost the page: it is reported once the app
// exists and left at its default; the rest of the URL still applies.
const urlErrors: unknown[] = [];
const url = parseAppUrl(location.search, (err) => urlErrors.push(err));
const app = new App(root, registry, url);
(window as unknown as { __tickflow: App['debug'] }).__tickflow = app.debug;
void app.start().then(() => {
  for (const err of urlErrors) app.report(err, 'app');
});
