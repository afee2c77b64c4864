import { describe, it, expect } from 'vitest';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';

/**
 * `JobScheduler.settle` and the loop's frame-spanning steps on a real scene
 * (boids, inline host: the main thread runs every batch, so a step's jobs really
 * are spread over the frames that settle them). A budget of 0 ms is a deadline
 * already passed (the main thread still runs one batch, so settling always makes
 * progress); nothing below depends on how fast the machine is.
 */
describe('settling a fixed step over several frames', () => {
  const params = { count: 3000 };

  it('settle(0) leaves the jobs running; settle with time completes them', async () => {
    const rt = createSceneRuntime(await loadScene('boids'), { seed: 3, params });
    try {
      rt.loop.time.budget.enable(1e-6); // a budget that runs out within the first batch
      rt.tick(1 / 60);
      expect(rt.loop.stepInFlight).toBe(true);
      expect(rt.jobs.settle(0)).toBe(false);
      expect(rt.jobs.settle(60_000)).toBe(true);
      expect(rt.jobs.settle(0)).toBe(true); // nothing left in flight
    } finally {
      await rt.dispose();
    }
  });

  it('a step whose jobs span frames ends in the same state as one completed in its frame', async () => {
    const scene = await loadScene('boids');
    const steps = 6;
    const plain = createSceneRuntime(scene, { seed: 3, params });
    const spread = createSceneRuntime(scene, { seed: 3, params });
    try {
      for (let i = 0; i < steps; i++) plain.tick(1 / 60);
      // A frame target so small that each frame's budget runs out within a batch or two.
      spread.loop.time.budget.enable(1e-6);
      let frames = 0;
      let waited = 0;
      while (spread.loop.time.fixedStepCount < steps && frames < 1_000_000) {
        spread.tick(1 / 60);
        frames++;
        if (spread.loop.stepInFlight) waited++;
      }
      expect(spread.loop.time.fixedStepCount).toBe(steps);
      expect(waited).toBeGreaterThan(steps); // the steps really did span frames
      expect(spread.hash()).toBe(plain.hash());
    } finally {
      await plain.dispose();
      await spread.dispose();
    }
  });
});
