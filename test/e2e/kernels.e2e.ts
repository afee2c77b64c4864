import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { scenesWithViews, testSetup, sceneUrl } from './scenes.ts';
import type { AppDebugHandle } from '../../src/app/App.ts';
import { serveWithoutIsolation } from './staticServer.ts';
import { join } from 'node:path';

/**
 * Compiled kernels in the browser: the app's build compiles every scene's
 * kernels to WebAssembly (vite.config.ts), `?kernels=wasm` runs them, and on
 * worker lanes they run over the page's kernel memory. Each scene is opened
 * paused with one worker and `mainlane=0` (every batch runs on the worker),
 * stepped a fixed number of fixed steps with `.`, and compared with the same
 * scene, seed, params and steps under `?kernels=js`.
 */
const baseUrl = inject('baseUrl');
declare const window: { __tickflow: AppDebugHandle };

/** Fixed steps per run: enough for every scene's jobs to run a few times. */
const STEPS = 4;
const WORKERS = 1;

async function open(page: Page, url: string, workers: number): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.__tickflow?.ready === true, null, { timeout: 30_000 });
  // Workers are started (comlink answers), so the first step's kernels reach a live lane.
  await expect.poll(async () => (await page.evaluate(() => window.__tickflow.workerStats())).length, { timeout: 20_000 }).toBe(workers);
}

/** Paused from the start: press `.` `n` times, each time until its fixed step has completed. */
async function stepFixed(page: Page, n: number): Promise<void> {
  expect(await page.evaluate(() => window.__tickflow.runtime!.loop.time.fixedStepCount)).toBe(0);
  for (let i = 1; i <= n; i++) {
    await page.keyboard.press('.');
    await page.waitForFunction((k) => window.__tickflow.runtime!.loop.time.fixedStepCount >= k && !window.__tickflow.runtime!.loop.stepInFlight, i, { timeout: 30_000 });
  }
  expect(await page.evaluate(() => window.__tickflow.runtime!.loop.time.fixedStepCount)).toBe(n);
}

/** Open, step, and read what the run did. */
async function run(page: Page, url: string, workers = WORKERS) {
  await open(page, url, workers);
  const initial = await page.evaluate(() => window.__tickflow.runtime!.hash());
  await stepFixed(page, STEPS);
  return page.evaluate(async (initial) => {
    const t = window.__tickflow;
    return { initial, hash: t.runtime!.hash(), jobs: t.runtime!.jobs.stats(), workers: await t.workerStats(), errors: t.errors(), kernels: t.kernels };
  }, initial);
}

describe.each(scenesWithViews())('scene %s with compiled kernels on worker lanes', (id) => {
  let browser: TestBrowser;
  let page: Page;
  let url: (kernels: string) => string;

  beforeAll(async () => {
    const { small } = await testSetup(id);
    url = (kernels) => sceneUrl(baseUrl, id, small, `canvas=160x120&paused=1&workers=${WORKERS}&mainlane=0&kernels=${kernels}`);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs every job compiled, every batch on the worker lane, and ends on the kernels=js hash', async (ctx) => {
    const wasm = await run(page, url('wasm'));
    expect(wasm.errors).toEqual([]);
    if (wasm.jobs.length === 0) return ctx.skip(`${id} schedules no job`);
    expect(wasm.kernels).toBe('wasm');
    // (a) Every job took the compiled path: on the page, and on the worker (it got the bundles).
    expect(wasm.jobs.map((j) => `${j.name} ${j.kernels}`)).toEqual(wasm.jobs.map((j) => `${j.name} wasm`));
    const [w] = wasm.workers;
    expect(w!.paths).toEqual(w!.kernels.map(() => 'wasm'));
    expect([...w!.kernels].sort()).toEqual(wasm.jobs.map((j) => j.name).sort());
    // (b) Batches ran on the worker lane (all of them: mainlane=0), and compiled code ran there.
    const batches = wasm.jobs.reduce((n, j) => n + j.batches, 0);
    expect(batches).toBeGreaterThan(0);
    expect(w!.batches).toBe(batches);
    expect(w!.compiledCalls.wasm).toBeGreaterThan(0);
    // The page says so: status line and the timeline strip's kernel line.
    expect(await page.locator('.tf-status').textContent()).toContain('kernels: wasm');
    for (const j of wasm.jobs) await expect.poll(() => page.locator('.tf-timeline .tf-kernels').textContent(), { timeout: 10_000 }).toContain(`${j.name} wasm`);

    // (c) The same run on the JS kernels ends on the same world.
    const js = await run(page, url('js'));
    expect(js.errors).toEqual([]);
    expect(js.jobs.map((j) => j.kernels)).toEqual(js.jobs.map(() => 'js'));
    expect(js.workers[0]!.compiledCalls.wasm).toBe(0);
    expect(js.workers[0]!.batches).toBe(js.jobs.reduce((n, j) => n + j.batches, 0));
    expect(js.initial).toBe(wasm.initial);
    // The steps changed the world (so equal hashes compare work done, not two idle worlds).
    expect(js.hash).not.toBe(js.initial);
    expect(wasm.hash).toBe(js.hash);
    await expect.poll(() => page.locator('.tf-timeline .tf-kernels').textContent(), { timeout: 10_000 }).toContain(`${js.jobs[0]!.name} js`);
  });

  it('logs no console errors', () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});

describe('without cross-origin isolation', () => {
  it('kernels=wasm runs compiled inline over a plain memory (the unshared module) and ends on the kernels=js hash', async () => {
    const server = await serveWithoutIsolation(join(import.meta.dirname, '..', '..', 'dist-app'));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const url = (kernels: string) => sceneUrl(server.url, 'particles', { count: 300 }, `canvas=160x120&paused=1&kernels=${kernels}`);
      const wasm = await run(page, url('wasm'), 0);
      expect(wasm.errors).toEqual([]);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      expect(wasm.jobs.map((j) => j.kernels)).toEqual(['wasm']);
      const js = await run(page, url('js'), 0);
      expect(js.jobs.map((j) => j.kernels)).toEqual(['js']);
      expect(js.hash).not.toBe(js.initial);
      expect(wasm.hash).toBe(js.hash);
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
