import { describe, it, expect } from 'vitest';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import boids from '../../scenes/boids/index.ts';
import glom from '../../scenes/glom/index.ts';

/**
 * The scenes' kernels assert their invariants in development builds: a broken
 * value fails the job, and completing it (at the latest at frame end) throws an
 * error that carries the formatted message. Inline host: the worker path is the
 * job system's to test.
 */
describe('scene kernel asserts', () => {
  it('boids: a non-finite velocity fails the steering job with its message', async () => {
    const rt = createSceneRuntime(boids, { seed: 3, params: { count: 2000 } });
    const v = rt.view;
    rt.tick(1 / 60);
    v.Boid.s[v.boids.ids[7] * 8 + 2] = NaN;
    expect(() => rt.tick(1 / 60)).toThrow(/boids: boid \d+ has a non-finite velocity/);
    await rt.dispose();
  });

  it('glom: a NaN input fails the bottom-up job (not unit length)', async () => {
    const rt = createSceneRuntime(glom, { seed: 3, params: { stepEvery: 1 } });
    const v = rt.view;
    v.Input.e[v.ids[5] * v.D] = NaN;
    // The render sync completes combine first, which reports the failed dependency by name.
    expect(() => rt.tick(1 / 60)).toThrow(/glom\.bottomUp/);
    await rt.dispose();
  });
});
