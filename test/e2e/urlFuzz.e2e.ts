import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { scenesWithViews } from './scenes.ts';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { parseAppUrl } from '../../src/app/AppUrl.ts';
import type { ParamSchema } from '../../src/scene/Params.ts';
import type { AppDebugHandle } from '../../src/app/App.ts';

/**
 * Random query strings (seeded) for the app: whatever the URL says, the page
 * never goes blank (a scene runs, or the error panel says why not), and every
 * bad key is named on screen. The oracle is computed here, in Node, from the
 * same parser and schemas the page uses.
 */
const RUNS = 16;
const SEED = 20261201;
const baseUrl = inject('baseUrl');
declare const window: { __tickflow: AppDebugHandle };

const ids = scenesWithViews();
const schemas: Record<string, ParamSchema> = {};
for (const id of ids) schemas[id] = (await loadScene(id)).params;
const paramNames = [...new Set(Object.values(schemas).flatMap((s) => Object.keys(s)))];

const junk = fc.constantFrom('', 'x', '-1', 'NaN', '1e400', '0x10', '%zz', '\u00e9', '99999999999', '1.5');
const entry = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...paramNames), junk) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('seed', 'canvas', 'timescale', 'workers', 'paused', 'kernels'), fc.oneof(junk, fc.constantFrom('7', '0', '1', '2', '160x100', 'js', 'wasm'))) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !/^(scene|fault|slowstep)$/.test(k)), junk) },
);
const query = fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constantFrom('nope', 'Particles', '../x') }), fc.array(entry, { minLength: 1, maxLength: 4 }));

/** What the page must say about a query: the app's URL errors verbatim, and the bad scene keys by name. */
function expected(scene: string, search: string): { appErrors: string[]; badScene: boolean; badParams: string[] } {
  const appErrors: string[] = [];
  const url = parseAppUrl(search, (e) => appErrors.push(e.message));
  const schema = schemas[scene];
  if (!schema) return { appErrors, badScene: true, badParams: [] };
  const badParams: string[] = [];
  for (const [k, v] of Object.entries(url.params)) {
    const p = schema[k];
    if (!p) badParams.push(k);
    else if (p.type === 'number' && !(v.trim() !== '' && Number.isFinite(Number(v)) && (!p.int || Number.isInteger(Number(v))) && Number(v) >= (p.min ?? -Infinity) && Number(v) <= (p.max ?? Infinity))) badParams.push(k);
    else if (p.type === 'boolean' && !['true', 'false', '1', '0'].includes(v)) badParams.push(k);
  }
  return { appErrors, badScene: false, badParams };
}

/** The errors the panel shows, one string each. */
async function panelText(page: Page): Promise<string> {
  return (await page.evaluate(() => window.__tickflow.errors())).join('\n');
}

describe('app URL fuzz', () => {
  let browser: TestBrowser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser({ width: 640, height: 400 });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`${RUNS} random query strings: the page never goes blank and names every bad key`, { timeout: 600_000 }, async () => {
    const samples = fc.sample(query, { seed: SEED, numRuns: RUNS });
    const seen = { appErrors: 0, badScene: 0, badParams: 0 };
    for (const [scene, entries] of samples) {
      const q = new URLSearchParams({ scene, canvas: '160x100' });
      for (const [k, v] of entries) q.set(k, v);
      // Small scenes: the fuzz is about input; counts stay at test size unless the URL says otherwise.
      if (!q.has('workers')) q.set('workers', '0');
      const search = `?${q.toString()}`;
      const want = expected(scene, search);
      seen.appErrors += want.appErrors.length;
      seen.badScene += want.badScene ? 1 : 0;
      seen.badParams += want.badParams.length > 0 ? 1 : 0;
      await page.goto(`${baseUrl}${search}`);
      // Ready (a scene runs) or an error on screen: never a blank page.
      await page.waitForFunction(() => window.__tickflow?.ready === true || (window.__tickflow?.errors().length ?? 0) > 0, null, { timeout: 30_000 });
      const snippets = [
        ...want.appErrors,
        ...(want.badScene ? [`Unknown scene "${scene}"`] : []),
        ...want.badParams.slice(0, 1).map((k) => `"${k}"`),
      ];
      // URL errors are reported once the scene has started: wait for every snippet (bounded).
      if (snippets.length > 0)
        await page
          .waitForFunction((s) => s.every((x) => window.__tickflow.errors().join('\n').includes(x)), snippets, { timeout: 20_000 })
          .catch(() => {});
      const text = await panelText(page);
      for (const s of snippets) expect(text, `${search}: the panel should name ${s}`).toContain(s);
      if (want.badParams.length > 0) expect(text).toMatch(new RegExp(`Scene "${scene}"`));
      if (!want.badScene) {
        // The scene runs (its defaults where the URL was bad) and draws.
        const before = await page.evaluate(() => window.__tickflow.renderedFrames);
        await page.waitForFunction((b) => window.__tickflow.renderedFrames > b + 2, before, { timeout: 30_000 });
        expect((await page.evaluate(() => window.__tickflow.drawnPixels())).drawn, search).toBeGreaterThan(0);
      }
      if (snippets.length === 0) expect(text, search).toBe('');
      else expect(await page.locator('.tf-errors').isVisible(), search).toBe(true);
    }
    // The seeded sample covers each kind of bad input.
    expect(seen.appErrors).toBeGreaterThan(0);
    expect(seen.badScene).toBeGreaterThan(0);
    expect(seen.badParams).toBeGreaterThan(2);
  });
});
