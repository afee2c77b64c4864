import * as THREE from 'three';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import type { ViewOf } from '../../src/scene/defineScene.ts';
import { InstancedArrays, writeColor, writeTranslationScale } from '../../src/view/InstancedArrays.ts';
import type predators from './index.ts';

/**
 * Hunters as red squares (grey while digesting), prey green, carcasses dark; all
 * in one instanced mesh of flat quads: seen from above they look like boxes, at
 * a sixth of the vertices (software renderers feel the difference).
 */
const createPredatorsView: ViewFactory<ViewOf<typeof predators>> = ({ scene, camera, view, runtime }) => {
  const { Position, Hunter, prey, hunters, carcasses, size } = view;
  const marks = new InstancedArrays({ capacity: runtime.world.capacity, geometry: new THREE.PlaneGeometry(1, 1), material: new THREE.MeshBasicMaterial({ color: 0xffffff }), name: 'predators' });
  marks.object.position.set(-size / 2, -size / 2, 0);
  scene.add(marks.object);
  camera.position.set(0, 0, size * 1.2);
  camera.lookAt(0, 0, 0);
  let n = 0;
  const put = (e: number, scale: number, r: number, g: number, b: number): void => {
    writeTranslationScale(marks.matrices, n, Position.x[e], Position.y[e], 0, scale);
    writeColor(marks.colors, n++, r, g, b);
  };
  return {
    update() {
      n = 0;
      for (let i = 0; i < carcasses.count; i++) put(carcasses.ids[i], 0.4, 0.25, 0.2, 0.2);
      for (let i = 0; i < prey.count; i++) put(prey.ids[i], 0.5, 0.3, 0.85, 0.4);
      for (let i = 0; i < hunters.count; i++) {
        const e = hunters.ids[i];
        if (Hunter.resting[e]) put(e, 1.6, 0.6, 0.5, 0.5);
        else put(e, 1.6, 1, 0.25, 0.2);
      }
      marks.commit(n);
    },
    dispose: () => marks.dispose(),
  };
};

export default createPredatorsView;
