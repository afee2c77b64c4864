/**
 * The browser entry: find the scenes Vite bundled, read the URL, mount the app.
 * Scenes are `scenes/<id>/index.ts` (id = folder name), views `scenes/<id>/view.ts`.
 */
import './app.css';
import { App } from './App.ts';
import { BrowserSceneRegistry } from './BrowserSceneRegistry.ts';
import { parseAppUrl, type AppUrlState } from './AppUrl.ts';
import { MountPointError } from './errors.ts';

const registry = new BrowserSceneRegistry(import.meta.glob('../../scenes/*/index.ts'), import.meta.glob('../../scenes/*/view.ts'));

const root = document.querySelector<HTMLElement>('#app');
if (!root) throw new MountPointError('#app');

let url: AppUrlState;
let urlError: unknown;
try {
  url = parseAppUrl(location.search);
} catch (err) {
  urlError = err;
  url = parseAppUrl('');
}
const app = new App(root, registry, url);
(window as unknown as { __tickflow: App['debug'] }).__tickflow = app.debug;

void app.start().then(() => {
  if (urlError) window.dispatchEvent(new ErrorEvent('error', { error: urlError, message: String(urlError) }));
});
