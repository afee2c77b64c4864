import * as THREE from 'three';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import { InstancedArrays } from '../../src/view/InstancedArrays.ts';
import type { ViewOf } from '../../src/scene/defineScene.ts';
import type pondernet from './index.ts';

/**
 * Agents climb lanes one row per ponder step: a square field of lanes, each
 * agent a box at height n (a point above a few thousand agents, `POINTS_ABOVE`),
 * coloured by its difficulty k (hue), flashing white on
 * the frame it halts. Behind it, a histogram of halting steps (bars, all agents
 * since the start, from the hazard estimate) with the geometric prior drawn over
 * it as a line. Everything is filled from the SAB arrays in place each update.
 */
const createPonderView: ViewFactory<ViewOf<typeof pondernet>> = ({ scene, camera, view }) => {
  const { Agent, agents: snap, N, kMax, prior, distribution } = view;
  const n = snap.count;
  const side = Math.ceil(Math.sqrt(n));
  const rowH = 1;
  const group = new THREE.Group();
  scene.add(group);

  // Agents.
  const agents = new InstancedArrays({ capacity: n, geometry: new THREE.BoxGeometry(0.8, 0.8, 0.8), material: new THREE.MeshBasicMaterial({ color: 0xffffff }), name: 'agents', pointSize: 3 });
  group.add(agents.object);
  const m = agents.matrices;
  for (let i = 0; i < n; i++) {
    const o = i * 16;
    m[o] = m[o + 5] = m[o + 10] = 1;
    m[o + 12] = (i % side) - side / 2;
    m[o + 14] = Math.floor(i / side) - side / 2;
  }
  // Colour per difficulty, precomputed: hue from blue (easy) to red (hard).
  const kColour = new Float32Array((kMax + 1) * 3);
  const tmp = new THREE.Color();
  for (let k = 1; k <= kMax; k++) {
    tmp.setHSL(0.66 * (1 - (k - 1) / Math.max(1, kMax - 1)), 0.8, 0.55);
    kColour[k * 3] = tmp.r;
    kColour[k * 3 + 1] = tmp.g;
    kColour[k * 3 + 2] = tmp.b;
  }

  // Histogram bars and the prior line on a wall behind the field, as wide as it:
  // the orbit target is the origin, so this stays in view from the default camera.
  const barW = side / N;
  const barMaxH = side * 0.8;
  const x0 = -side / 2;
  const zWall = -side / 2 - 4;
  const y0 = N * rowH + 2; // above the highest row an agent can climb to
  const barGeo = new THREE.BoxGeometry(1, 1, 1);
  barGeo.translate(0.5, 0.5, 0); // grow up and right from the corner
  const barMat = new THREE.MeshBasicMaterial({ color: 0x88aacc });
  const bars = new THREE.InstancedMesh(barGeo, barMat, N);
  bars.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
  bars.frustumCulled = false;
  group.add(bars);
  const bm = bars.instanceMatrix.array as Float32Array;
  const priorPts = new Float32Array(N * 3);
  for (let s = 0; s < N; s++) {
    priorPts[s * 3] = x0 + (s + 0.5) * barW;
    priorPts[s * 3 + 1] = y0 + prior[s] * barMaxH;
    priorPts[s * 3 + 2] = zWall + 0.6;
  }
  const lineGeo = new THREE.BufferGeometry();
  lineGeo.setAttribute('position', new THREE.BufferAttribute(priorPts, 3));
  const lineMat = new THREE.LineBasicMaterial({ color: 0xffcc33 });
  const priorLine = new THREE.Line(lineGeo, lineMat);
  group.add(priorLine);
  const dist = new Float64Array(N);

  camera.position.set(0, N * rowH * 1.5 + side * 0.5, side * 1.3);
  camera.lookAt(0, N * rowH * 0.5, 0);

  const c = agents.colors;
  return {
    update() {
      for (let i = 0; i < n; i++) {
        const e = snap.ids[i];
        m[i * 16 + 13] = Agent.n[e] * rowH;
        const k = Agent.k[e];
        const o = i * 3;
        // Flash white for the frame after halting: the agent's coroutine has already
        // given it a new input (step 0) by the time the frame renders.
        if (Agent.halted[e] || Agent.n[e] === 0) c[o] = c[o + 1] = c[o + 2] = 1;
        else {
          c[o] = kColour[k * 3];
          c[o + 1] = kColour[k * 3 + 1];
          c[o + 2] = kColour[k * 3 + 2];
        }
      }
      agents.commit(n);
      distribution(1, kMax, dist);
      for (let s = 0; s < N; s++) {
        const o = s * 16;
        bm.fill(0, o, o + 16);
        bm[o] = barW * 0.9;
        bm[o + 5] = Math.max(1e-3, dist[s] * barMaxH);
        bm[o + 10] = 1;
        bm[o + 12] = x0 + s * barW;
        bm[o + 13] = y0;
        bm[o + 14] = zWall;
        bm[o + 15] = 1;
      }
      bars.instanceMatrix.needsUpdate = true;
    },
    dispose() {
      scene.remove(group);
      agents.dispose();
      bars.dispose();
      barGeo.dispose();
      barMat.dispose();
      lineGeo.dispose();
      lineMat.dispose();
    },
  };
};

export default createPonderView;
