import * as THREE from 'three';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import { InstancedArrays } from '../../src/view/InstancedArrays.ts';
import { lookDown } from '../../src/view/marksView.ts';
import type { ViewOf } from '../../src/scene/defineScene.ts';
import type boidsScene from './index.ts';
import { STRIDE, X, Y, VX, VY, ALIGN } from './jobs.ts';

/**
 * Boids as one InstancedMesh of flat arrowheads on the XY plane, pointing along
 * their velocity and coloured by local alignment (red: disordered, cyan: moving
 * with their neighbours); above a few thousand, one point each (`POINTS_ABOVE`),
 * which software WebGL can still draw at 100,000. Matrices and colours are
 * written straight into the instance attributes' Float32Arrays from the SAB
 * component arrays each update: no per-boid objects, no allocation.
 */
const createBoidsView: ViewFactory<ViewOf<typeof boidsScene>> = ({ scene, camera, view }) => {
  const { Boid, boids, size } = view;
  const n = boids.count;
  const half = size / 2;
  const geometry = new THREE.ConeGeometry(0.35, 1.2, 3);
  geometry.rotateZ(-Math.PI / 2); // the cone's tip along +x: heading (1, 0) is the identity
  const arrows = new InstancedArrays({ capacity: n, geometry, material: new THREE.MeshBasicMaterial({ color: 0xffffff }), name: 'boids' });
  scene.add(arrows.object);
  lookDown(camera, size);

  const m = arrows.matrices;
  const c = arrows.colors;
  const st = Boid.s;
  return {
    update() {
      for (let i = 0; i < n; i++) {
        const b = boids.ids[i] * STRIDE;
        const vx = st[b + VX];
        const vy = st[b + VY];
        const sp = Math.sqrt(vx * vx + vy * vy) || 1;
        const cs = vx / sp;
        const sn = vy / sp;
        const o = i * 16;
        // Column-major rotation about z plus translation.
        m[o] = cs; m[o + 1] = sn; m[o + 2] = 0; m[o + 3] = 0;
        m[o + 4] = -sn; m[o + 5] = cs; m[o + 6] = 0; m[o + 7] = 0;
        m[o + 8] = 0; m[o + 9] = 0; m[o + 10] = 1; m[o + 11] = 0;
        m[o + 12] = st[b + X] - half; m[o + 13] = st[b + Y] - half; m[o + 14] = 0; m[o + 15] = 1;
        const a = st[b + ALIGN] > 0 ? st[b + ALIGN] : 0;
        c[i * 3] = 1 - a;
        c[i * 3 + 1] = 0.3 + 0.6 * a;
        c[i * 3 + 2] = 0.4 + 0.6 * a;
      }
      arrows.commit(n);
    },
    dispose() {
      arrows.dispose();
    },
  };
};

export default createBoidsView;
