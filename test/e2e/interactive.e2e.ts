import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { scenesWithViews } from './scenes.ts';
import type { AppDebugHandle } from '../../src/app/App.ts';

/**
 * The page stays interactive: every scene at its defaults, and a step made slow
 * on purpose (`?slowstep=`), keep the browser's frame callbacks at 20 a second
 * or more on a 640×400 canvas in software WebGL. This holds by design, not by
 * the machine's speed: the fixed steps get a wall-clock budget (the frame target
 * less what the rest of the frame measured), steps that do not fit are dropped,
 * and a step whose jobs outlast the budget runs across frames while the view
 * shows the last completed state.
 */
const baseUrl = inject('baseUrl');
const SIZE = { width: 640, height: 400 };
const MIN_FPS = 20;
/** Busy work per fixed step for the slow case: 20 times a 1/60 s step, so the sim must fall behind. */
const SLOW_STEP_MS = 330;
/**
 * The same on worker lanes: long enough that a machine three times slower than
 * ours (whose frames took 86 ms here next to the busy worker and a busy core)
 * still renders several frames while one step runs.
 */
const SLOW_WORKER_STEP_MS = 1000;

declare const window: { __tickflow: AppDebugHandle };

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`${baseUrl}?${query}&canvas=${SIZE.width}x${SIZE.height}`);
  await page.waitForFunction(() => window.__tickflow?.ready === true, null, { timeout: 60_000 });
}

/** requestAnimationFrame callbacks per second, counted in the page over `ms`. */
function rafRate(page: Page, ms: number): Promise<number> {
  return page.evaluate(
    (span) =>
      new Promise<number>((resolve) => {
        let n = 0;
        let t0 = -1;
        const tick = (t: number): void => {
          if (t0 < 0) t0 = t;
          else n++;
          if (t - t0 < span) requestAnimationFrame(tick);
          else resolve((n * 1000) / (t - t0));
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

/**
 * Let the budget measure its frames and the JIT settle before counting: the claim
 * is the steady state. 90 frames (about 3 s at the floor rate) rather than 30: on a
 * loaded machine the first second still compiles kernels and adapts the budget.
 */
const warmUp = (page: Page) => page.waitForFunction(() => window.__tickflow.renderedFrames >= 90, null, { timeout: 60_000 });

describe('the page stays interactive', () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser(SIZE);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const id of scenesWithViews()) {
    it(`${id} at its defaults keeps >= ${MIN_FPS} frames per second`, async () => {
      await open(page, `scene=${id}&seed=7`);
      await warmUp(page);
      const fps = await rafRate(page, 5000);
      const stats = await page.evaluate(() => window.__tickflow.stats());
      console.log(`[interactive] ${id}: ${fps.toFixed(1)} rAF/s, sim ${stats.simRate.toFixed(2)}x real time, budget ${stats.budgetMs.toFixed(1)} ms, render ${stats.renderMs.toFixed(1)} ms`);
      expect(fps).toBeGreaterThanOrEqual(MIN_FPS);
    });
  }

  /** Open the slow case, count frames and steps over 5 s, and read what the stats panel shows. */
  async function slowRun(stepMs: number, extra: string) {
    await open(page, `scene=orbits&seed=7&slowstep=${stepMs}${extra}`);
    await warmUp(page);
    const counts = () => page.evaluate(() => ({ steps: window.__tickflow.runtime!.loop.time.fixedStepCount, frames: window.__tickflow.renderedFrames }));
    const before = await counts();
    const fps = await rafRate(page, 5000);
    const after = await counts();
    const stats = await page.evaluate(() => window.__tickflow.stats());
    const text = (await page.locator('.tf-stats pre').textContent()) ?? '';
    const steps = after.steps - before.steps;
    const frames = after.frames - before.frames;
    console.log(
      `[interactive] slowstep=${stepMs}${extra}: ${fps.toFixed(1)} rAF/s, ${steps} steps and ${frames} frames in 5 s, sim ${stats.simRate.toFixed(3)}x, ` +
        `tick ${stats.simMs.toFixed(1)} ms, render ${stats.renderMs.toFixed(1)} ms, budget ${stats.budgetMs.toFixed(1)} ms`,
    );
    // It still simulates, and says it runs below real time, with the chart and the budget on screen.
    expect(steps).toBeGreaterThan(0);
    expect(stats.simRate).toBeLessThan(1);
    const shown = /sim (\d+\.\d+)× real time/.exec(text);
    expect(shown, `stats panel text: ${text}`).not.toBeNull();
    expect(Number(shown![1])).toBeLessThan(1);
    expect(text).toMatch(/budget \d+\.\d ms/);
    expect(await page.locator('.tf-stats canvas.tf-frame-chart').count()).toBe(1);
    return { fps, steps, frames };
  }

  it(`a step with ${SLOW_STEP_MS} ms of jobs on the main thread (workers=0) keeps >= ${MIN_FPS} frames per second, the sim below 1x`, async () => {
    // The main thread is the only lane: the budget alone decides how long a frame spends on the step.
    const { fps } = await slowRun(SLOW_STEP_MS, '&workers=0');
    expect(fps).toBeGreaterThanOrEqual(MIN_FPS);
  });

  it(`a step with ${SLOW_WORKER_STEP_MS} ms of jobs on worker lanes runs across frames: rendering goes on while it runs`, async () => {
    // The step's jobs run on a worker while the main thread renders the last completed state. The
    // frame rate here also depends on how much CPU the OS leaves the page next to a worker that
    // busy-loops (on a 2-core machine under load, not much), so the check is that frames keep
    // coming during each step rather than a rate. A step that blocked rendering would
    // give one frame per step.
    const { frames, steps } = await slowRun(SLOW_WORKER_STEP_MS, '');
    expect(frames).toBeGreaterThan(2 * steps);
  });
});
