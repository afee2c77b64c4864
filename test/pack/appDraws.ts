/**
 * `node --import tsx test/pack/appDraws.ts <url> <scene>`: open the app that
 * `tickflow dev` serves from a user's project (test/pack/outOfRepo.sh starts it)
 * in headless Chromium and check that it draws the scene with its jobs on a
 * worker lane: the page is cross-origin isolated, a worker ran batches of the
 * scene's kernels, the canvas is not blank, and the page logged no error.
 */
import { launchBrowser } from '../e2e/browser.ts';
import type { AppDebugHandle } from '../../src/app/App.ts';

declare const window: { __tickflow: AppDebugHandle };
declare const crossOriginIsolated: boolean;

const [base, scene] = process.argv.slice(2);
if (!base || !scene) throw new Error('usage: appDraws.ts <url> <scene>');
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${base}?scene=${scene}&workers=1&canvas=320x240`);
  await page.waitForFunction(() => window.__tickflow?.ready === true, null, { timeout: 60_000 });
  const isolated = await page.evaluate(() => crossOriginIsolated);
  // Jobs on the lane: the worker loaded the scene's kernels by their registry keys and ran batches.
  await page.waitForFunction(
    async () => {
      const stats = await window.__tickflow.workerStats();
      const names = window.__tickflow.runtime!.jobs.stats().map((s) => s.name);
      return stats.length > 0 && names.length > 0 && stats.some((w) => w.batches > 0 && names.every((n) => w.kernels.includes(n)));
    },
    null,
    { timeout: 60_000, polling: 500 },
  );
  const start = await page.evaluate(() => window.__tickflow.renderedFrames);
  await page.waitForFunction((s) => window.__tickflow.renderedFrames >= s + 5, start, { timeout: 30_000 });
  const px = await page.evaluate(() => window.__tickflow.drawnPixels());
  const problems = [
    ...(isolated ? [] : ['the page is not cross-origin isolated (COOP/COEP missing)']),
    ...(px.drawn > 0 ? [] : ['the canvas is blank']),
    ...browser.consoleErrors.map((e) => `console: ${e}`),
  ];
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  } else console.log(`app: ${scene} drawn (${px.drawn} of ${px.total} pixels), jobs on a worker lane, cross-origin isolated`);
} finally {
  await browser.close();
}
