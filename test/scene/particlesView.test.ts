import { describe, it, expect } from 'vitest';
import * as THREE from 'three';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import createParticlesView from '../../scenes/particles/view.ts';
import { writeParticleInstances } from '../../scenes/particles/viewJobs.ts';
import particles from '../../scenes/particles/index.ts';

describe('particles view', () => {
  it('writes one instance per particle at its interpolated, centred position (no WebGL needed)', () => {
    const rt = createSceneRuntime(particles, { seed: 5, params: { count: 50, size: 100 } });
    const scene = new THREE.Scene();
    const camera = new THREE.PerspectiveCamera();
    const view = createParticlesView({ scene, camera, renderer: undefined as unknown as THREE.WebGLRenderer, runtime: rt, view: rt.view });
    const meshes = () => {
      const out: THREE.InstancedMesh[] = [];
      scene.traverse((o) => o instanceof THREE.InstancedMesh && out.push(o));
      return out;
    };
    const mesh = meshes()[0];
    expect(mesh).toBeDefined();
    const { movers, Position } = rt.view;
    const e = movers.ids[0];
    const x0 = Position.x[e];
    rt.tick(1 / 60);
    const x1 = Position.x[e];
    view.update(0.25);
    expect(mesh.count).toBe(50);
    const m = new THREE.Matrix4();
    mesh.getMatrixAt(0, m);
    const wrapped = Math.abs(x1 - x0) > 50;
    if (!wrapped) expect(m.elements[12]).toBeCloseTo(x0 + (x1 - x0) * 0.25 - 50, 4);
    view.dispose();
    expect(meshes()).toHaveLength(0);
  });

  it('interpolates across the wrap seam the short way', () => {
    const ids = Int32Array.of(1);
    const px = Float32Array.of(0, 1);
    const prev = Float32Array.of(0, 99);
    const zero = new Float32Array(2);
    const matrices = new Float32Array(16);
    const colors = new Float32Array(3);
    writeParticleInstances(0, 1, ids, px, zero, prev, zero, Float32Array.of(0, 60), zero, 0.5, 100, 1, 60, matrices, colors);
    expect(matrices[12]).toBeCloseTo(100 - 50); // half way from 99 to 101 (= 1 wrapped), centred
    expect(matrices[0]).toBe(1);
    expect(colors[0]).toBeGreaterThan(0);
  });
});
