import { describe, it, expect } from 'vitest';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { Rng } from '../../src/math/Rng.ts';
import { project } from '../../scenes/glom/jobs.ts';
import { randomOrthogonal, randomUnit } from '../../scenes/glom/model.ts';
import { islandsNest, islandPurity, withinObjectCosine } from '../../scenes/glom/metrics.ts';
import glom from '../../scenes/glom/index.ts';

const SEED = 1;
const ITERATIONS = 20;

/** Run GLOM (one iteration per fixed step) until `ITERATIONS` iterations are done. */
function runGlom(params: Record<string, unknown> = {}) {
  const rt = createSceneRuntime(glom, { seed: SEED, params: { stepEvery: 1, ...params } });
  const v = rt.view;
  for (let f = 0; f < 100 && v.iterations() < ITERATIONS; f++) rt.tick(1 / 60);
  expect(v.iterations()).toBe(ITERATIONS);
  return { rt, v, stats: rt.instance.stats!() };
}

describe('glom scene', () => {
  it('forms one top-level island per object (background included), each pure', () => {
    const { v, stats } = runGlom();
    expect(stats.objects).toBe(3);
    expect(stats[`islandsLevel${v.levels}`]).toBe(stats.objects);
    const labels = { ids: v.ids, cells: v.grid * v.grid, labels: v.Islands.label, stride: v.levels + 1 };
    expect(islandPurity(labels, v.levels, v.Column.object)).toBe(1);
    expect(stats.topPurity).toBe(1);
    // Islands grow with level: many at the noisy input, one per part at level 1.
    expect(stats.islandsLevel0).toBeGreaterThan(100);
    expect(stats.islandsLevel1).toBeLessThanOrEqual(6);
  });

  it('agrees within an object at the top level: cosine >= 0.98', () => {
    const { v } = runGlom();
    const cos = withinObjectCosine(v.ids, v.grid * v.grid, v.read(v.levels), v.D, v.Column.object, 3);
    expect(cos.mean).toBeGreaterThanOrEqual(0.98);
    expect(cos.minToCentroid).toBeGreaterThanOrEqual(0.98);
  });

  it('nests: every level-l island lies inside one level-(l+1) island', () => {
    const { v, stats } = runGlom();
    const labels = { ids: v.ids, cells: v.grid * v.grid, labels: v.Islands.label, stride: v.levels + 1 };
    for (let l = 0; l < v.levels; l++) expect(islandsNest(labels, l), `level ${l} in ${l + 1}`).toBe(true);
    expect(stats.islandsNest).toBe(1);
  });

  it('without attention, more than 100 islands remain at every level', () => {
    const { v, stats } = runGlom({ attention: false });
    for (let l = 0; l <= v.levels; l++) expect(stats[`islandsLevel${l}`]).toBeGreaterThan(100);
  });

  it('keeps embeddings finite and unit length, and is deterministic for a seed', () => {
    const a = runGlom();
    const b = runGlom();
    expect(a.rt.hash()).toBe(b.rt.hash());
    for (let l = 1; l <= a.v.levels; l++) {
      const e = a.v.read(l);
      for (let i = 0; i < a.v.grid * a.v.grid; i++) {
        const base = a.v.ids[i] * a.v.D;
        let n = 0;
        for (let k = 0; k < a.v.D; k++) n += e[base + k] ** 2;
        expect(Math.abs(n - 1)).toBeLessThan(1e-4);
      }
    }
  });

  it('top-down undoes bottom-up: R is orthogonal', () => {
    const D = 16;
    const rng = new Rng(3);
    const R = new Float32Array(D * D);
    randomOrthogonal(rng, D, R, 0);
    const ids = Int32Array.of(0);
    const x = new Float32Array(D);
    randomUnit(rng, D, x);
    const up = new Float32Array(D);
    const back = new Float32Array(D);
    project(0, 1, ids, x, up, R, 0, D, 0);
    project(0, 1, ids, up, back, R, 0, D, 1);
    for (let k = 0; k < D; k++) expect(back[k]).toBeCloseTo(x[k], 5);
  });
});
