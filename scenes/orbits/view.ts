import * as THREE from 'three';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import type { ViewOf } from '../../src/scene/defineScene.ts';
import type orbits from './index.ts';

/**
 * One InstancedMesh of spheres; each update writes the bodies' positions into the
 * translation slots of the instance matrices (column-major, slots 12 and 13).
 */
const createOrbitsView: ViewFactory<ViewOf<typeof orbits>> = ({ scene, camera, view }) => {
  const { Position, bodies } = view;
  const geometry = new THREE.SphereGeometry(0.15, 12, 8);
  const material = new THREE.MeshBasicMaterial({ color: 0xffd070 });
  const mesh = new THREE.InstancedMesh(geometry, material, bodies.count);
  mesh.frustumCulled = false;
  scene.add(mesh);
  camera.position.set(0, 0, 25);
  camera.lookAt(0, 0, 0);
  const m = mesh.instanceMatrix.array as Float32Array; // identity matrices to start
  return {
    update() {
      for (let i = 0; i < bodies.count; i++) {
        const e = bodies.ids[i];
        m[i * 16 + 12] = Position.x[e];
        m[i * 16 + 13] = Position.y[e];
      }
      mesh.instanceMatrix.needsUpdate = true;
    },
    dispose() {
      scene.remove(mesh);
      mesh.dispose();
      geometry.dispose();
      material.dispose();
    },
  };
};

export default createOrbitsView;
