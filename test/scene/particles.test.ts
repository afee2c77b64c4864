import { describe, it, expect } from 'vitest';
import { loadScene, listSceneIds } from '../../src/scene/NodeSceneRegistry.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { ParamError, UnknownSceneError } from '../../src/scene/errors.ts';
import particles from '../../scenes/particles/index.ts';

describe('particles scene', () => {
  it('is discovered by folder name', async () => {
    expect(listSceneIds()).toContain('particles');
    expect((await loadScene('particles')).id).toBe('particles');
    await expect(loadScene('nope')).rejects.toThrow(UnknownSceneError);
  });

  it('is deterministic for a seed, and differs across seeds', async () => {
    const scene = await loadScene('particles');
    const run = (seed: number) => {
      const rt = createSceneRuntime(scene, { seed, params: { count: 500 } });
      for (let i = 0; i < 120; i++) rt.tick(1 / 60);
      return rt.hash();
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });

  it('moves particles by velocity and wraps them inside the box', () => {
    const rt = createSceneRuntime(particles, { seed: 3, params: { count: 200, size: 50, speed: 100 } });
    const v = rt.view;
    const x0 = v.Position.x[1];
    const vx = v.Velocity.x[1];
    rt.tick(1 / 60);
    const expected = (((x0 + vx / 60) % 50) + 50) % 50;
    expect(v.Position.x[1]).toBeCloseTo(expected, 3);
    for (let i = 0; i < 600; i++) rt.tick(1 / 60);
    for (let e = 1; e <= 200; e++) {
      expect(v.Position.x[e]).toBeGreaterThanOrEqual(0);
      expect(v.Position.x[e]).toBeLessThan(50);
      expect(v.Position.y[e]).toBeGreaterThanOrEqual(0);
      expect(v.Position.y[e]).toBeLessThan(50);
    }
    expect(rt.instance.stats?.()).toEqual({ particles: 200 });
  });

  it('rejects params out of range or unknown, listing what is valid', async () => {
    const scene = await loadScene('particles');
    expect(() => createSceneRuntime(scene, { params: { count: 0 } })).toThrow(ParamError);
    expect(() => createSceneRuntime(scene, { params: { count: '1.5' } })).toThrow(/not an integer/);
    expect(() => createSceneRuntime(scene, { params: { colour: 'red' } })).toThrow(/unknown param "colour". Valid params: count=<integer 1..2000000>/);
  });
});

describe('particles speed param (live)', () => {
  it('scales motion while running: 0 freezes, unchanged keeps the hash identical', async () => {
    const scene = await loadScene('particles');
    const a = createSceneRuntime(scene, { seed: 2, params: { count: 100 } });
    const b = createSceneRuntime(scene, { seed: 2, params: { count: 100 } });
    for (let i = 0; i < 30; i++) {
      a.tick(1 / 60);
      b.tick(1 / 60);
    }
    expect(a.hash()).toBe(b.hash());
    (a.params as Record<string, unknown>).speed = 0;
    const frozen = a.hash();
    for (let i = 0; i < 30; i++) a.tick(1 / 60);
    expect(a.hash()).toBe(frozen);
    (a.params as Record<string, unknown>).speed = 40; // twice the default: moves again
    a.tick(1 / 60);
    expect(a.hash()).not.toBe(frozen);
  });
});

describe('particles kernel assert', () => {
  it('names the particle whose velocity went non-finite', async () => {
    const { JobAssertionError } = await import('../../src/jobs/errors.ts');
    const rt = createSceneRuntime(particles, { seed: 2, params: { count: 300 } });
    rt.view.Velocity.x[123] = Number.NaN;
    let err: unknown;
    try {
      rt.tick(1 / 60);
      rt.hash();
    } catch (e) {
      err = (e as { cause?: unknown }).cause ?? e;
    }
    expect(err).toBeInstanceOf(JobAssertionError);
    expect((err as InstanceType<typeof JobAssertionError>).entity).toBe(123);
    expect((err as Error).message).toMatch(/particle 123 left the box after wrapping: \(NaN, [\d.]+\)/);
    expect((err as InstanceType<typeof JobAssertionError>).location).toMatch(/scenes\/particles\/jobs\.ts:\d+:\d+$/);
    await rt.dispose();
  });
});
