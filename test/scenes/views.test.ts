import { describe, it, expect } from 'vitest';
import * as THREE from 'three';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import type { SceneDefinition } from '../../src/scene/defineScene.ts';
import type { ParamSchema } from '../../src/scene/Params.ts';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import boids from '../../scenes/boids/index.ts';
import createBoidsView from '../../scenes/boids/view.ts';
import glom from '../../scenes/glom/index.ts';
import createGlomView from '../../scenes/glom/view.ts';
import pondernet from '../../scenes/pondernet/index.ts';
import createPonderView from '../../scenes/pondernet/view.ts';
import orbits from '../../scenes/orbits/index.ts';
import createOrbitsView from '../../scenes/orbits/view.ts';
import predators from '../../scenes/predators/index.ts';
import createPredatorsView from '../../scenes/predators/view.ts';

/**
 * The views run without a browser: three.js scene graphs and instanced
 * attributes are plain objects until a renderer uploads them. These tests check
 * that each view fills its instance arrays from the component arrays.
 */
function mount<P extends ParamSchema, V>(def: SceneDefinition<P, V>, factory: ViewFactory<V>, params: Record<string, unknown>) {
  const rt = createSceneRuntime(def, { seed: 2, params });
  for (let f = 0; f < 5; f++) rt.tick(1 / 60);
  const scene = new THREE.Scene();
  const view = factory({ scene, camera: new THREE.PerspectiveCamera(), renderer: {} as THREE.WebGLRenderer, view: rt.view, runtime: rt });
  view.update(0);
  const meshes: THREE.InstancedMesh[] = [];
  scene.traverse((o) => void ((o as THREE.InstancedMesh).isInstancedMesh && meshes.push(o as THREE.InstancedMesh)));
  return { rt, view, scene, meshes };
}

describe('scene views', () => {
  it('boids: one instance per boid at its position, pointing along its velocity', () => {
    const { rt, view, meshes, scene } = mount(boids, createBoidsView, { count: 2000 });
    const { Boid, boids: ids, size } = rt.view;
    expect(meshes).toHaveLength(1);
    const m = meshes[0].instanceMatrix.array;
    const b = ids.ids[17] * 8;
    const st = Boid.s;
    expect(m[17 * 16 + 12]).toBeCloseTo(st[b] - size / 2, 4);
    expect(m[17 * 16 + 13]).toBeCloseTo(st[b + 1] - size / 2, 4);
    const sp = Math.hypot(st[b + 2], st[b + 3]);
    expect(m[17 * 16]).toBeCloseTo(st[b + 2] / sp, 4);
    view.dispose();
    expect(scene.children).toHaveLength(0);
  });

  it('glom: a layer of boxes per level, island cells sharing a colour at the top', () => {
    const { meshes, view } = mount(glom, createGlomView, { stepEvery: 1 });
    expect(meshes).toHaveLength(1);
    expect(meshes[0].count).toBe(16 * 16 * 4);
    const c = meshes[0].instanceColor?.array ?? [];
    for (let i = 0; i < c.length; i++) expect(c[i]).toBeGreaterThanOrEqual(0);
    view.dispose();
  });

  it('pondernet: agents at the height of their step, histogram bars per step', () => {
    const { rt, meshes, view } = mount(pondernet, createPonderView, { agents: 256 });
    const { Agent, agents } = rt.view;
    expect(meshes).toHaveLength(2);
    const m = meshes.find((mesh) => mesh.count === 256)?.instanceMatrix.array;
    expect(m?.[5 * 16 + 13]).toBe(Agent.n[agents.ids[5]]);
    view.dispose();
  });

  it('orbits: one sphere per body', () => {
    const { meshes, view } = mount(orbits, createOrbitsView, { count: 50 });
    expect(meshes).toHaveLength(1);
    expect(meshes[0]!.count).toBe(50);
    view.dispose();
  });

  it('predators (marksView): carcasses, then prey, then hunters, each at its position, size and colour, a resting hunter grey', () => {
    const { rt, meshes, view, scene } = mount(predators, createPredatorsView, { prey: 300, hunters: 5, regrow: 30 });
    const { Position, Hunter, prey, hunters, carcasses, size } = rt.view;
    for (let f = 0; f < 600 && (carcasses.count === 0 || Hunter.resting[hunters.ids[0]] === 0); f++) rt.tick(1 / 60);
    expect(carcasses.count).toBeGreaterThan(0);
    const h = hunters.ids[0];
    expect(Hunter.resting[h]).toBe(1);
    view.update(0);
    expect(meshes).toHaveLength(1);
    const mesh = meshes[0]!;
    expect(mesh.count).toBe(carcasses.count + prey.count + hunters.count);
    const m = mesh.instanceMatrix.array;
    const c = mesh.instanceColor!.array;
    const at = (i: number, e: number, scale: number, layer: number): void => {
      expect([m[i * 16], m[i * 16 + 12], m[i * 16 + 13]]).toEqual([Math.fround(scale), Position.x[e], Position.y[e]]);
      expect(m[i * 16 + 14]).toBeCloseTo(layer * 1e-4 * size, 6);
    };
    at(0, carcasses.ids[0], 0.4, 0);
    at(carcasses.count, prey.ids[0], 0.5, 1);
    const first = carcasses.count + prey.count;
    at(first, h, 1.6, 2);
    expect([c[first * 3], c[first * 3 + 1], c[first * 3 + 2]]).toEqual([0.6, 0.5, 0.5].map(Math.fround));
    const busy = hunters.ids.subarray(0, hunters.count).findIndex((e) => Hunter.resting[e] === 0);
    if (busy >= 0) expect(c[(first + busy) * 3]).toBe(1);
    expect(mesh.parent!.position.x).toBe(-size / 2);
    view.dispose();
    expect(scene.children).toHaveLength(0);
  });
});
