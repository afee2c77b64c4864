import * as THREE from 'three';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import type { BoidsViewData } from './index.ts';
import { STRIDE, X, Y, VX, VY, ALIGN } from './jobs.ts';

/**
 * Boids as one InstancedMesh of flat arrowheads on the XY plane, pointing along
 * their velocity and coloured by local alignment (red: disordered, cyan: moving
 * with their neighbours). Matrices and colours are written straight into the
 * instance attributes' Float32Arrays from the SAB component arrays each update:
 * no per-boid objects, no allocation.
 */
const createBoidsView: ViewFactory = ({ scene, camera, runtime }) => {
  const d = runtime.instance.view as BoidsViewData;
  const n = d.boids.count;
  const half = d.size / 2;
  const geometry = new THREE.ConeGeometry(0.35, 1.2, 3);
  geometry.rotateZ(-Math.PI / 2); // the cone's tip along +x: heading (1, 0) is the identity
  const material = new THREE.MeshBasicMaterial({ color: 0xffffff });
  const mesh = new THREE.InstancedMesh(geometry, material, n);
  mesh.instanceColor = new THREE.InstancedBufferAttribute(new Float32Array(n * 3), 3);
  mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
  mesh.instanceColor.setUsage(THREE.DynamicDrawUsage);
  mesh.frustumCulled = false; // instances span the whole world; the bounding sphere is the cone's
  scene.add(mesh);
  camera.position.set(0, 0, d.size * 1.2);
  camera.lookAt(0, 0, 0);
  camera.far = Math.max(camera.far, d.size * 4);
  camera.updateProjectionMatrix();

  const m = mesh.instanceMatrix.array as Float32Array;
  const c = mesh.instanceColor.array as Float32Array;
  const { Boid, boids } = d;
  const st = Boid.s;
  return {
    update() {
      for (let i = 0; i < n; i++) {
        const b = boids.ids[i]! * STRIDE;
        const vx = st[b + VX]!;
        const vy = st[b + VY]!;
        const sp = Math.sqrt(vx * vx + vy * vy) || 1;
        const cs = vx / sp;
        const sn = vy / sp;
        const o = i * 16;
        // Column-major rotation about z plus translation.
        m[o] = cs; m[o + 1] = sn; m[o + 2] = 0; m[o + 3] = 0;
        m[o + 4] = -sn; m[o + 5] = cs; m[o + 6] = 0; m[o + 7] = 0;
        m[o + 8] = 0; m[o + 9] = 0; m[o + 10] = 1; m[o + 11] = 0;
        m[o + 12] = st[b + X]! - half; m[o + 13] = st[b + Y]! - half; m[o + 14] = 0; m[o + 15] = 1;
        const a = st[b + ALIGN]! > 0 ? st[b + ALIGN]! : 0;
        c[i * 3] = 1 - a;
        c[i * 3 + 1] = 0.3 + 0.6 * a;
        c[i * 3 + 2] = 0.4 + 0.6 * a;
      }
      mesh.count = n;
      mesh.instanceMatrix.needsUpdate = true;
      mesh.instanceColor!.needsUpdate = true;
    },
    dispose() {
      scene.remove(mesh);
      mesh.dispose();
      geometry.dispose();
      material.dispose();
    },
  };
};

export default createBoidsView;
