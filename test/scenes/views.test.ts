import { describe, it, expect } from 'vitest';
import * as THREE from 'three';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { createSceneRuntime, type SceneRuntime } from '../../src/scene/SceneRuntime.ts';
import type { ParamSchema } from '../../src/scene/Params.ts';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import boids from '../../scenes/boids/index.ts';
import createBoidsView from '../../scenes/boids/view.ts';
import type { PonderViewData } from '../../scenes/pondernet/index.ts';

/**
 * The views run without a browser: three.js scene graphs and instanced
 * attributes are plain objects until a renderer uploads them. These tests check
 * that each view fills its instance arrays from the component arrays.
 */
async function mount(id: string, params: Record<string, unknown>) {
  const rt = createSceneRuntime(await loadScene(id), { seed: 2, params });
  const factory = ((await import(`../../scenes/${id}/view.ts`)) as { default: ViewFactory }).default;
  return { rt, ...mountView(rt, factory) };
}

/** Five frames, then the view mounted and updated once, with its instanced meshes. */
function mountView<P extends ParamSchema, V>(rt: SceneRuntime<P, V>, factory: ViewFactory<V>) {
  for (let f = 0; f < 5; f++) rt.tick(1 / 60);
  const scene = new THREE.Scene();
  const view = factory({ scene, camera: new THREE.PerspectiveCamera(), renderer: {} as THREE.WebGLRenderer, runtime: rt, view: rt.view });
  view.update(0);
  const meshes: THREE.InstancedMesh[] = [];
  scene.traverse((o) => void ((o as THREE.InstancedMesh).isInstancedMesh && meshes.push(o as THREE.InstancedMesh)));
  return { view, scene, meshes };
}

describe('scene views', () => {
  it('boids: one instance per boid at its position, pointing along its velocity', () => {
    const rt = createSceneRuntime(boids, { seed: 2, params: { count: 2000 } });
    const { view, meshes, scene } = mountView(rt, createBoidsView);
    const { Boid, size } = rt.view;
    expect(meshes).toHaveLength(1);
    const m = meshes[0].instanceMatrix.array;
    const b = rt.view.boids.ids[17] * 8;
    const st = Boid.s;
    expect(m[17 * 16 + 12]).toBeCloseTo(st[b] - size / 2, 4);
    expect(m[17 * 16 + 13]).toBeCloseTo(st[b + 1] - size / 2, 4);
    const sp = Math.hypot(st[b + 2], st[b + 3]);
    expect(m[17 * 16]).toBeCloseTo(st[b + 2] / sp, 4);
    view.dispose();
    expect(scene.children).toHaveLength(0);
  });

  it('glom: a layer of boxes per level, island cells sharing a colour at the top', async () => {
    const { meshes, view } = await mount('glom', { stepEvery: 1 });
    expect(meshes).toHaveLength(1);
    expect(meshes[0]!.count).toBe(16 * 16 * 4);
    const c = meshes[0]!.instanceColor!.array as Float32Array;
    for (let i = 0; i < c.length; i++) expect(c[i]).toBeGreaterThanOrEqual(0);
    view.dispose();
  });

  it('pondernet: agents at the height of their step, histogram bars per step', async () => {
    const { rt, meshes, view } = await mount('pondernet', { agents: 256 });
    const d = rt.instance.view as PonderViewData;
    expect(meshes).toHaveLength(2);
    const agents = meshes.find((m) => m.count === 256)!;
    const m = agents.instanceMatrix.array as Float32Array;
    expect(m[5 * 16 + 13]).toBe(d.Agent.n[d.agents.ids[5]!]!);
    view.dispose();
  });

  it('orbits: one sphere per body', async () => {
    const { meshes, view } = await mount('orbits', { count: 50 });
    expect(meshes).toHaveLength(1);
    expect(meshes[0]!.count).toBe(50);
    view.dispose();
  });
});
