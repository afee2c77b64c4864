import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { mkdirSync, existsSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { scenesWithViews, testSetup, otherValue, sceneUrl, capCounts, MAX_SCREENSHOT_INSTANCES } from './scenes.ts';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { serveWithoutIsolation } from './staticServer.ts';
import { createServer as createViteServer } from 'vite';
import { createServer as createNetServer } from 'node:net';
import type { AppDebugHandle } from '../../src/app/App.ts';
import { listSceneIds } from '../../src/scene/NodeSceneRegistry.ts';

const baseUrl = inject('baseUrl');
const ROOT = join(import.meta.dirname, '..', '..');
/** Every run writes here (git-ignored); docs/ gets a scene's picture when it has none yet or with UPDATE_SCREENSHOTS=1. */
const RUN_SHOTS = join(ROOT, 'test-results', 'screenshots');
const DOC_SHOTS = join(ROOT, 'docs', 'screenshots');

type Hook = AppDebugHandle;
declare const window: { __tickflow: Hook };

/** Wait until the app has rendered `n` more frames. */
async function frames(page: Page, n: number): Promise<void> {
  const start = await page.evaluate(() => window.__tickflow.renderedFrames);
  await page.waitForFunction((s) => window.__tickflow.renderedFrames >= s, start + n, { timeout: 30_000 });
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.__tickflow?.ready === true, null, { timeout: 30_000 });
}

const fixedSteps = (page: Page) => page.evaluate(() => window.__tickflow.runtime!.loop.time.fixedStepCount);

/**
 * Wait until no fixed step is in flight. Under the step budget a step whose jobs
 * outlast the frame spans frames (the view keeps the last state) and is counted
 * when it completes: on a slow or busy machine that is the normal case, so a test
 * that counts steps waits for the count to settle rather than assuming it has.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !window.__tickflow.runtime!.loop.stepInFlight, null, { timeout: 30_000 });
}

/** Type a value into the lil-gui controller of a param (or a simulation control), as a user would. */
async function setGuiParam(page: Page, name: string, value: number | string | boolean): Promise<void> {
  const ctl = page.locator(`.tf-gui [data-param="${name}"], .tf-gui [data-control="${name}"]`);
  if (typeof value === 'boolean') {
    const box = ctl.locator('input[type=checkbox]');
    if ((await box.isChecked()) !== value) await box.click();
  } else if ((await ctl.locator('select').count()) > 0) {
    await ctl.locator('select').selectOption(String(value));
  } else {
    const input = ctl.locator('input').last();
    await input.fill(String(value));
    await input.press('Enter');
  }
  // Hand the keyboard back to the page so Space / . / R reach the app.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

const ids = scenesWithViews();

describe.each(ids)('scene %s in the browser app', (id) => {
  let browser: TestBrowser;
  let page: Page;
  let small: Record<string, number>;
  let schema: Awaited<ReturnType<typeof testSetup>>['schema'];

  beforeAll(async () => {
    ({ schema, small } = await testSetup(id));
    browser = await launchBrowser();
    page = await browser.newPage();
    await open(page, sceneUrl(baseUrl, id, small));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs cross-origin isolated on shared memory and reports its thread host', async () => {
    const facts = await page.evaluate(() => ({
      isolated: crossOriginIsolated,
      sab: typeof SharedArrayBuffer === 'function',
      hook: { isolated: window.__tickflow.isolated, shared: window.__tickflow.sharedMemory, host: window.__tickflow.host, workers: window.__tickflow.workers },
      sceneId: window.__tickflow.sceneId,
      status: document.querySelector('.tf-status')?.textContent ?? '',
    }));
    expect(facts.isolated).toBe(true);
    expect(facts.sab).toBe(true);
    expect(facts.hook.isolated).toBe(true);
    expect(facts.hook.shared).toBe(true);
    expect(facts.sceneId).toBe(id);
    expect(facts.status).toContain('cross-origin isolated');
    // Isolated: jobs run on Web Workers (navigator.hardwareConcurrency - 1, at least 1).
    expect(facts.hook.host).toBe('workers');
    expect(facts.hook.workers).toBeGreaterThan(0);
    expect(facts.status).toMatch(/host: \d+ workers?/);
    await expect.poll(() => page.workers().length).toBe(facts.hook.workers);
  });

  it('runs its jobs on worker lanes (worker batches grow; the timeline strip shows spans on a worker lane)', async (ctx) => {
    await frames(page, 5);
    const kernels = await page.evaluate(() => window.__tickflow.runtime!.jobs.stats().map((s) => s.name));
    // Scenes still moving onto jobs schedule none yet: nothing to run on workers.
    if (kernels.length === 0) return ctx.skip(`${id} schedules no job yet`);
    const batches = async () => (await page.evaluate(() => window.__tickflow.workerStats())).reduce((n, w) => n + w.batches, 0);
    const before = await batches();
    // Each worker loads the scene's kernel modules by registry key (the production build hashes
    // chunk names); it may still be loading them a few frames in, so poll until they agree.
    await expect
      .poll(async () => {
        const { names, stats } = await page.evaluate(async () => ({ names: window.__tickflow.runtime!.jobs.stats().map((s) => s.name), stats: await window.__tickflow.workerStats() }));
        return stats.every((w) => [...w.kernels].sort().join() === [...names].sort().join()) && stats.length > 0;
      }, { timeout: 20_000 })
      .toBe(true);
    await expect.poll(batches, { timeout: 20_000 }).toBeGreaterThan(before);
    // The strip draws a frame in which a worker lane ran a batch: coloured pixels below the main lane's row.
    await page.waitForFunction(
      () => {
        const t = window.__tickflow.timeline();
        if (!t || !t.spans.some((s) => s.lane > 0)) return false;
        const c = document.querySelector('.tf-timeline canvas') as HTMLCanvasElement;
        if (c.height !== t.lanes * 14) return false;
        const d = c.getContext('2d')!.getImageData(54, 14, c.width - 54, c.height - 14).data;
        let coloured = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 60) coloured++;
        return coloured > 0;
      },
      null,
      { timeout: 20_000, polling: 'raf' },
    );
    // Read together: a scene may schedule a kernel for the first time after the first frames.
    const { t, names } = await page.evaluate(() => ({ t: window.__tickflow.timeline()!, names: window.__tickflow.runtime!.jobs.stats().map((s) => s.name) }));
    for (const sp of t.spans) {
      expect(names).toContain(sp.name);
      expect(sp.end).toBeGreaterThanOrEqual(sp.start);
    }
    expect(await page.locator('.tf-timeline .tf-caption').textContent()).toMatch(/jobs · workers · \d+ workers? · frame \d+/);
  });

  it('shows its coroutines in the task tracker panel', async (ctx) => {
    const has = await page.evaluate(() => window.__tickflow.runtime!.hasTasks);
    if (!has) return ctx.skip(`${id} starts no coroutine`);
    const live = await page.evaluate(() => window.__tickflow.runtime!.tasks.tracker().live);
    expect(live).toBeGreaterThan(0);
    // The panel refreshes 4 times a second from the scene's own runner.
    await page.waitForFunction((n) => (document.querySelector('.tf-tasks')?.textContent ?? '').includes(`${n} live`), live, { timeout: 5_000 });
  });

  it('advances frames and fixed steps', async () => {
    const before = await page.evaluate(() => window.__tickflow.runtime!.loop.time.frameCount);
    const steps = await fixedSteps(page);
    await frames(page, 10);
    // Frames that wait for a spanning step do not count as simulated frames: wait for progress (bounded).
    await page.waitForFunction((b) => window.__tickflow.runtime!.loop.time.frameCount > b + 5, before, { timeout: 30_000 });
    await page.waitForFunction((s) => window.__tickflow.runtime!.loop.time.fixedStepCount > s, steps, { timeout: 30_000 });
    // The stats panel publishes every half second.
    await page.waitForFunction(() => window.__tickflow.stats().fps > 0, null, { timeout: 5_000 });
    const stats = await page.evaluate(() => window.__tickflow.stats());
    expect(stats.simMs).toBeGreaterThan(0);
    // The scheduler's timeline feeds job ms (0 for a scene that schedules no job yet).
    expect(stats.jobMs).not.toBeNull();
    expect(stats.jobMs!).toBeGreaterThanOrEqual(0);
  });

  it('draws something (canvas is not blank)', async () => {
    const px = await page.evaluate(() => window.__tickflow.drawnPixels());
    expect(px.total).toBe(320 * 240);
    // At least 1% of the canvas differs from the background.
    expect(px.drawn).toBeGreaterThan(px.total / 100);
  });

  it('pauses with Space, steps exactly one fixed step with ".", resumes with Space', async () => {
    await page.keyboard.press('Space');
    await frames(page, 2);
    expect(await page.evaluate(() => window.__tickflow.runtime!.loop.time.paused)).toBe(true);
    await settled(page);
    const frozen = await fixedSteps(page);
    const hash = await page.evaluate(() => window.__tickflow.runtime!.hash());
    await frames(page, 5);
    expect(await fixedSteps(page)).toBe(frozen);
    expect(await page.evaluate(() => window.__tickflow.runtime!.hash())).toBe(hash);
    await page.keyboard.press('.');
    await frames(page, 3);
    await settled(page);
    // Exactly one fixed step (whether it changes the state is the scene's business:
    // a converged GLOM step changes nothing).
    expect(await fixedSteps(page)).toBe(frozen + 1);
    await frames(page, 3);
    expect(await fixedSteps(page)).toBe(frozen + 1);
    await page.keyboard.press('Space');
    await frames(page, 5);
    expect(await page.evaluate(() => window.__tickflow.runtime!.loop.time.paused)).toBe(false);
    await page.waitForFunction((f) => window.__tickflow.runtime!.loop.time.fixedStepCount > f + 1, frozen, { timeout: 30_000 });
  });

  it('time scale 0 from the GUI stops simulated time without pausing; 1 restarts it', async () => {
    await setGuiParam(page, 'timeScale', 0);
    await frames(page, 2);
    await settled(page);
    const frozen = await fixedSteps(page);
    await frames(page, 5);
    expect(await fixedSteps(page)).toBe(frozen);
    expect(await page.evaluate(() => window.__tickflow.runtime!.loop.time.paused)).toBe(false);
    await setGuiParam(page, 'timeScale', 1);
    await frames(page, 5);
    await page.waitForFunction((f) => window.__tickflow.runtime!.loop.time.fixedStepCount > f, frozen, { timeout: 30_000 });
  });

  it('lists every scene in the picker', async () => {
    const options = await page.locator('.tf-gui select').first().locator('option').allTextContents();
    expect(options).toEqual(listSceneIds());
  });

  it('applies a live param from the GUI at once', async () => {
    const live = Object.entries(schema).find(([, p]) => p.live);
    if (!live) return;
    const [name, p] = live;
    const current = await page.evaluate((n) => (window.__tickflow.runtime!.params as Record<string, unknown>)[n], name);
    const value = p.type === 'number' ? otherValue(p, current as number) : p.type === 'boolean' ? !current : p.options.find((o) => o !== current)!;
    const runtimeBefore = await page.evaluate(() => window.__tickflow.runtime!.seed + ':' + window.__tickflow.runtime!.world.name);
    await setGuiParam(page, name, value);
    await frames(page, 2);
    expect(await page.evaluate((n) => (window.__tickflow.runtime!.params as Record<string, unknown>)[n], name)).toBe(value);
    // Same runtime: a live change does not rebuild the scene.
    expect(await page.evaluate(() => window.__tickflow.runtime!.seed + ':' + window.__tickflow.runtime!.world.name)).toBe(runtimeBefore);
  });

  it('applies an on-reset param from the GUI when R is pressed', async () => {
    const entry = Object.entries(schema).find(([n, p]) => !p.live && p.type === 'number' && n in small) ?? Object.entries(schema).find(([, p]) => !p.live && p.type === 'number');
    if (!entry) return;
    const [name, p] = entry;
    if (p.type !== 'number') return;
    const current = (await page.evaluate((n) => (window.__tickflow.runtime!.params as Record<string, unknown>)[n], name)) as number;
    const value = otherValue(p, current);
    await setGuiParam(page, name, value);
    await frames(page, 2);
    expect(await page.evaluate((n) => (window.__tickflow.runtime!.params as Record<string, unknown>)[n], name)).toBe(current);
    await page.keyboard.press('r');
    await page.waitForFunction(([n, v]) => (window.__tickflow.runtime?.params as Record<string, unknown> | undefined)?.[n as string] === v, [name, value] as const);
    await frames(page, 3);
    expect(new URL(page.url()).searchParams.get(name)).toBe(String(value));
  });

  it('disposes the view on reset and on picking the scene again: GPU resources do not grow', async () => {
    await page.keyboard.press('r');
    await frames(page, 3);
    const first = await page.evaluate(() => window.__tickflow.resources());
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('r');
      await frames(page, 3);
    }
    await page.locator('.tf-gui select').first().selectOption(id);
    await frames(page, 3);
    const after = await page.evaluate(() => window.__tickflow.resources());
    expect(after).toEqual(first);
    expect(first.geometries).toBeGreaterThan(0);
    // Each runtime's worker threads ended before the next one's started.
    const workers = await page.evaluate(() => window.__tickflow.workers);
    await expect.poll(() => page.workers().length).toBe(workers);
  });

  it('logs no console errors', () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});

describe('particles: params change the simulation', () => {
  let browser: TestBrowser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await open(page, sceneUrl(baseUrl, 'particles', { count: 500 }));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a step while paused moves the particles by exactly one fixed step', async () => {
    await page.keyboard.press('Space');
    await frames(page, 2);
    const before = await page.evaluate(() => window.__tickflow.runtime!.hash());
    await page.keyboard.press('.');
    await frames(page, 3);
    expect(await page.evaluate(() => window.__tickflow.runtime!.hash())).not.toBe(before);
    await page.keyboard.press('Space');
    await frames(page, 2);
  });

  it('H hides the overlays and the panel, and shows them again', async () => {
    await page.keyboard.press('h');
    expect(await page.locator('.tf-hud').isVisible()).toBe(false);
    expect(await page.locator('.tf-gui').isVisible()).toBe(false);
    await page.keyboard.press('h');
    expect(await page.locator('.tf-hud').isVisible()).toBe(true);
    expect(await page.locator('.tf-gui').isVisible()).toBe(true);
  });

  it('speed 0 (live, typed into the GUI) freezes the particles while frames go on', async () => {
    await setGuiParam(page, 'speed', 0);
    await frames(page, 2);
    const hash = await page.evaluate(() => window.__tickflow.runtime!.hash());
    const steps = await fixedSteps(page);
    await frames(page, 10);
    await page.waitForFunction((st) => window.__tickflow.runtime!.loop.time.fixedStepCount > st, steps, { timeout: 30_000 });
    expect(await page.evaluate(() => window.__tickflow.runtime!.hash())).toBe(hash);
  });

  it('switching scenes repeatedly ends each runtime\'s workers: the worker count does not grow', async () => {
    const workers = await page.evaluate(() => window.__tickflow.workers);
    expect(workers).toBeGreaterThan(0);
    await expect.poll(() => page.workers().length).toBe(workers);
    const picker = page.locator('.tf-gui select').first();
    for (let i = 0; i < 3; i++) {
      for (const id of ['orbits', 'particles']) {
        await picker.selectOption(id);
        await page.waitForFunction((want) => window.__tickflow.sceneId === want && window.__tickflow.runtime !== undefined, id);
        await frames(page, 2);
        expect(page.workers().length).toBeLessThanOrEqual(workers + 1);
      }
    }
    await expect.poll(() => page.workers().length).toBe(workers);
    // Back to the small particles scene for the tests below.
    await page.goto(sceneUrl(baseUrl, 'particles', { count: 500 }));
    await page.waitForFunction(() => window.__tickflow?.ready === true);
  });

  it('count (on reset) changes the number of entities after R', async () => {
    await setGuiParam(page, 'count', 321);
    expect(await page.evaluate(() => window.__tickflow.runtime!.world.alive)).toBe(500);
    await page.keyboard.press('r');
    await page.waitForFunction(() => window.__tickflow.runtime?.world.alive === 321);
    await frames(page, 3);
    expect(await page.evaluate(() => window.__tickflow.drawnPixels().drawn)).toBeGreaterThan(0);
  });

  it('logs no console errors', () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});

describe('job timeline and task tracker panels draw the data they are given', () => {
  it('shows a 2-worker timeline, job ms and a tracker snapshot from injected sources', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await open(page, sceneUrl(baseUrl, 'particles', { count: 200 }));
      await page.evaluate(() => {
        let frame = 0;
        window.__tickflow.setSources({
          jobs: {
            host: 'workers',
            workerCount: 2,
            latest: () => ({
              frame: ++frame,
              duration: 16,
              lanes: 3,
              spans: [
                { name: 'particles.integrate', lane: 1, start: 0.5, end: 6 },
                { name: 'particles.integrate', lane: 2, start: 0.6, end: 5.5 },
                { name: 'particles.fill', lane: 0, start: 7, end: 9 },
              ],
            }),
          },
          tasks: {
            snapshot: () => ({
              live: 3,
              unobserved: 1,
              byPhase: { update: 2, fixedUpdate: 1 },
              byName: { wander: 2, spawnWave: 1 },
              pool: { capacity: 1024, inUse: 4, free: 1020 },
              leaks: [{ handle: 7, name: 'spawnWave', phase: 'update', ageSeconds: 75, ageFrames: 4500, state: 'running' }],
              olderThanSeconds: 60,
            }),
          },
        });
      });
      await frames(page, 5);
      expect(await page.evaluate(() => [window.__tickflow.host, window.__tickflow.workers])).toEqual(['workers', 2]);
      expect(await page.locator('.tf-status').textContent()).toContain('host: 2 workers');
      expect(await page.locator('.tf-timeline .tf-caption').textContent()).toMatch(/jobs · workers · 2 workers · frame \d+/);
      // Three lanes drawn, with coloured bars on the worker lanes.
      const strip = await page.evaluate(() => {
        const c = document.querySelector('.tf-timeline canvas') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let coloured = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 60) coloured++;
        return { h: c.height, coloured };
      });
      expect(strip.h).toBe(3 * 14);
      expect(strip.coloured).toBeGreaterThan(500);
      // The first half-second window may still average in frames of the scene's own (real) timeline.
      await page.waitForFunction(() => Math.abs((window.__tickflow.stats().jobMs ?? 0) - 12.4) < 0.05, null, { timeout: 5_000 });
      // The tracker refreshes 4 times a second.
      await page.waitForFunction(() => document.querySelector('.tf-tasks')?.textContent?.includes('live'), null, { timeout: 5_000 });
      const tracker = await page.locator('.tf-tasks').textContent();
      expect(tracker).toContain('3 live · 1 unobserved · pool 4/1024');
      expect(tracker).toContain('wander2');
      expect(tracker).toContain('older than 60 s');
      expect(tracker).toContain('spawnWaveupdate75 srunning');
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('errors and bad input reach the on-screen panel', () => {
  let browser: TestBrowser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a throwing system stops the loop and shows a SystemError; R recovers', async () => {
    await open(page, sceneUrl(baseUrl, 'particles', { count: 200 }));
    await page.evaluate(() =>
      window.__tickflow.runtime!.loop.addSystem({
        name: 'e2e.boom',
        run: () => {
          throw new Error('kaboom from e2e');
        },
      }),
    );
    const panel = page.locator('.tf-errors');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.textContent()).toMatch(/\[system\] SystemError: System "e2e.boom" threw in phase "update" at frame \d+: kaboom from e2e/);
    expect(await page.locator('.tf-status').textContent()).toContain('stopped after an error');
    await page.keyboard.press('r');
    await panel.waitFor({ state: 'hidden' });
    await frames(page, 3);
    expect(await page.evaluate(() => window.__tickflow.errors())).toEqual([]);
  });

  it('a kernel that throws (?fault=kernel) shows a JobKernelError naming the job', async () => {
    await page.goto(`${sceneUrl(baseUrl, 'particles', { count: 200 })}&fault=kernel`);
    const panel = page.locator('.tf-errors');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.textContent()).toMatch(/\[job\] JobKernelError: Job "app\.fault\.kernel" threw in batch \[0, 1\) on (the main thread|worker lane \d+): Error: kernel fault injected by the \?fault=kernel test hook/);
    expect(await page.locator('.tf-status').textContent()).toContain('stopped after an error');
  });

  it('a worker that fails outside a kernel (?fault=worker) shows a JobWorkerError; a replacement takes its lane', async () => {
    await page.goto(`${sceneUrl(baseUrl, 'particles', { count: 200 })}&fault=worker`);
    const panel = page.locator('.tf-errors');
    await panel.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await panel.textContent()).toMatch(/\[job\] JobWorkerError: Worker lane \d+ failed: Uncaught Error: worker fault injected by the \?fault=worker test hook/);
    // The app goes on: frames advance and the lane is back.
    await frames(page, 5);
    const workers = await page.evaluate(() => window.__tickflow.workers);
    await expect.poll(() => page.workers().length).toBe(workers);
    await expect.poll(async () => (await page.evaluate(() => window.__tickflow.workerStats())).length).toBe(workers);
  });

  it('with no ?scene= the page opens the first scene that has a view, and draws it', async () => {
    await page.goto(`${baseUrl}?canvas=160x100&workers=0`);
    await page.waitForFunction(() => window.__tickflow?.ready === true, null, { timeout: 30_000 });
    const first = scenesWithViews()[0]!;
    expect(await page.evaluate(() => window.__tickflow.runtime!.scene.id)).toBe(first);
    expect((await page.evaluate(() => window.__tickflow.drawnPixels())).drawn).toBeGreaterThan(0);
    const has = await page.evaluate(() => window.__tickflow.runtime!.hasTasks);
    if (!has) await page.waitForFunction(() => document.querySelector('.tf-tasks')?.textContent?.includes('no coroutines in this scene'), null, { timeout: 5_000 });
  });

  it('?workers=0 runs jobs inline on the main thread and says so', async () => {
    await page.goto(`${sceneUrl(baseUrl, 'particles', { count: 200 })}&workers=0`);
    await page.waitForFunction(() => window.__tickflow?.ready === true);
    await frames(page, 3);
    expect(await page.evaluate(() => [window.__tickflow.host, window.__tickflow.workers])).toEqual(['inline', 0]);
    expect(await page.locator('.tf-status').textContent()).toContain('host: inline (0 workers: workers=0 in the URL)');
    expect(page.workers()).toHaveLength(0);
    expect((await page.evaluate(() => window.__tickflow.timeline()))!.spans.every((s) => s.lane === 0)).toBe(true);
  });

  it('an unknown scene in the URL is named, with the valid ids', async () => {
    await page.goto(`${baseUrl}?scene=nope`);
    const panel = page.locator('.tf-errors');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.textContent()).toContain('Unknown scene "nope". Available scenes: ');
    expect(await panel.textContent()).toContain('particles');
  });

  it('a bad param in the URL is explained and the scene runs on its defaults', async () => {
    await page.goto(`${baseUrl}?scene=particles&count=-5&size=50&canvas=320x240`);
    const panel = page.locator('.tf-errors');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.textContent()).toContain('param "count" got -5, below the minimum 1');
    await page.waitForFunction(() => window.__tickflow?.ready === true);
    expect(await page.evaluate(() => window.__tickflow.runtime!.world.alive)).toBe(10_000);
  });

  it('a malformed app option in the URL is explained and the app starts anyway', async () => {
    await page.goto(`${baseUrl}?scene=particles&count=100&seed=abc&canvas=320x240`);
    await page.waitForFunction(() => window.__tickflow?.errors().length > 0);
    expect(await page.locator('.tf-errors').textContent()).toContain('URL option seed=abc is invalid: expected an integer 0..4294967295');
    await page.waitForFunction(() => window.__tickflow?.ready === true);
    // The rest of the URL still applies.
    expect(await page.evaluate(() => window.__tickflow.runtime!.world.alive)).toBe(100);
  });
});

describe('without cross-origin isolation', () => {
  it('still runs, single-threaded on plain ArrayBuffers, and says so on screen', async () => {
    const server = await serveWithoutIsolation(join(import.meta.dirname, '..', '..', 'dist-app'));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await open(page, sceneUrl(server.url, 'particles', { count: 300 }));
      await frames(page, 5);
      const facts = await page.evaluate(() => ({
        isolated: crossOriginIsolated,
        shared: window.__tickflow.sharedMemory,
        host: window.__tickflow.host,
        status: document.querySelector('.tf-status')?.textContent ?? '',
        drawn: window.__tickflow.drawnPixels().drawn,
      }));
      expect(facts.isolated).toBe(false);
      expect(facts.shared).toBe(false);
      expect(facts.host).toBe('inline');
      expect(facts.status).toContain('NOT cross-origin isolated');
      expect(facts.status).toContain('host: inline (0 workers: not cross-origin isolated)');
      expect(page.workers()).toHaveLength(0);
      expect(facts.drawn).toBeGreaterThan(0);
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe('npm start (the Vite dev server)', () => {
  it('serves the app cross-origin isolated, straight from the TypeScript sources', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createNetServer().listen(0, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const server = await createViteServer({ logLevel: 'warn', server: { host: '127.0.0.1', port, strictPort: true, hmr: false } });
    await server.listen();
    const browser = await launchBrowser();
    try {
      const url = `http://127.0.0.1:${port}/`;
      const res = await fetch(url);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      const page = await browser.newPage();
      await open(page, sceneUrl(url, 'particles', { count: 200 }));
      await frames(page, 3);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.evaluate(() => window.__tickflow.drawnPixels().drawn)).toBeGreaterThan(0);
      // Workers resolve kernel modules by the same registry keys from the sources.
      expect(await page.evaluate(() => window.__tickflow.host)).toBe('workers');
      await expect.poll(async () => (await page.evaluate(() => window.__tickflow.workerStats())).flatMap((w) => w.kernels), { timeout: 20_000 }).toContain('particles.integrate');
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe('resize', () => {
  it('follows the window: drawing buffer and camera aspect', async () => {
    const browser = await launchBrowser({ width: 800, height: 500 });
    try {
      const page = await browser.newPage();
      await open(page, sceneUrl(baseUrl, 'particles', { count: 200 }, ''));
      const size = () => page.evaluate(() => {
        const c = document.querySelector('canvas.tf-canvas') as HTMLCanvasElement;
        return { w: c.width, h: c.height };
      });
      expect(await size()).toEqual({ w: 800, h: 500 });
      await page.setViewportSize({ width: 640, height: 360 });
      await page.waitForFunction(() => (document.querySelector('canvas.tf-canvas') as HTMLCanvasElement).width === 640);
      expect(await size()).toEqual({ w: 640, h: 360 });
      await frames(page, 2);
      expect(await page.evaluate(() => window.__tickflow.drawnPixels().total)).toBe(640 * 360);
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('screenshots for the README', () => {
  it.each(ids)('%s', async (id) => {
    const browser = await launchBrowser({ width: 1000, height: 620 });
    try {
      const page = await browser.newPage();
      await open(page, sceneUrl(baseUrl, id, capCounts((await loadScene(id)).params, MAX_SCREENSHOT_INSTANCES), ''));
      await frames(page, 8);
      mkdirSync(RUN_SHOTS, { recursive: true });
      const shot = join(RUN_SHOTS, `${id}.png`);
      await page.screenshot({ path: shot });
      const doc = join(DOC_SHOTS, `${id}.png`);
      if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(doc)) {
        mkdirSync(DOC_SHOTS, { recursive: true });
        copyFileSync(shot, doc);
      }
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
