import * as THREE from 'three';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import { Rng } from '../../src/math/Rng.ts';
import type { ViewOf } from '../../src/scene/defineScene.ts';
import type glom from './index.ts';

/**
 * Every level (input at the bottom, level L on top) as a layer of instanced boxes,
 * one per column, coloured by a fixed random projection of the embedding to RGB.
 * Columns that agree share a colour, so islands show as flat patches that grow
 * from parts (level 1) to whole objects (top). The projection is per level in the
 * level's own coordinates, so colours differ between levels; patches are the point.
 */
const createGlomView: ViewFactory<ViewOf<typeof glom>> = ({ scene, camera, view }) => {
  const { grid: G, D, ids, read } = view;
  const layers = view.levels + 1;
  const cells = G * G;
  const count = cells * layers;
  const gap = G * 0.35;

  // A fixed random projection D -> 3 (rows of unit length), the same every run.
  const rng = new Rng(0x61c0);
  const proj = new Float32Array(3 * D);
  for (let r = 0; r < 3; r++) {
    let nrm = 0;
    for (let k = 0; k < D; k++) nrm += (proj[r * D + k] = rng.normal()) ** 2;
    for (let k = 0; k < D; k++) proj[r * D + k] /= Math.sqrt(nrm);
  }

  const geometry = new THREE.BoxGeometry(0.92, 0.25, 0.92);
  const material = new THREE.MeshBasicMaterial({ color: 0xffffff });
  const mesh = new THREE.InstancedMesh(geometry, material, count);
  const c = new Float32Array(count * 3);
  const colours = new THREE.InstancedBufferAttribute(c, 3);
  colours.setUsage(THREE.DynamicDrawUsage);
  mesh.instanceColor = colours;
  mesh.frustumCulled = false;
  // Placement never changes: matrices once, colours every update.
  const m = mesh.instanceMatrix.array as Float32Array;
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i < cells; i++) {
      const o = (l * cells + i) * 16;
      m.fill(0, o, o + 16);
      m[o] = m[o + 5] = m[o + 10] = m[o + 15] = 1;
      m[o + 12] = (i % G) - G / 2 + 0.5;
      m[o + 13] = l * gap;
      m[o + 14] = Math.floor(i / G) - G / 2 + 0.5;
    }
  }
  mesh.instanceMatrix.needsUpdate = true;
  scene.add(mesh);
  camera.position.set(G * 0.9, layers * gap + G * 0.6, G * 1.3);
  camera.lookAt(0, (layers * gap) / 2, 0);

  return {
    update() {
      for (let l = 0; l < layers; l++) {
        const emb = read(l);
        for (let i = 0; i < cells; i++) {
          const base = ids[i] * D;
          const o = (l * cells + i) * 3;
          for (let r = 0; r < 3; r++) {
            let s = 0;
            for (let k = 0; k < D; k++) s += proj[r * D + k] * emb[base + k];
            // A unit embedding projects into [-1, 1]; stretch the typical range.
            const v = 0.5 + 1.2 * s;
            c[o + r] = v < 0 ? 0 : v > 1 ? 1 : v;
          }
        }
      }
      colours.needsUpdate = true;
    },
    dispose() {
      scene.remove(mesh);
      mesh.dispose();
      geometry.dispose();
      material.dispose();
    },
  };
};

export default createGlomView;
