import * as THREE from 'three';
import type { ViewFactory } from '../../src/view/SceneView.ts';
import { InstancedArrays } from '../../src/view/InstancedArrays.ts';
import { FixedStepHistory } from '../../src/view/FixedStepHistory.ts';
import type { ViewOf } from '../../src/scene/defineScene.ts';
import type particles from './index.ts';
import { writeParticleInstances } from './viewJobs.ts';

/**
 * The particles as small boxes in the plane z = 0 (points above a few thousand:
 * see `POINTS_ABOVE`), inside the outline of their wrapping box, coloured by
 * heading. Instance matrices and colours are written straight into the
 * InstancedMesh's shared arrays each frame, interpolated between fixed steps.
 */
const createParticlesView: ViewFactory<ViewOf<typeof particles>> = ({ scene, camera, runtime, view }) => {
  const { Position, Velocity, movers, size, base } = view;
  // Boxes sized to the mean spacing, so 500 and 50,000 particles both read well.
  const scale = Math.min(size * 0.05, (size / Math.sqrt(Math.max(1, movers.count))) * 0.35);
  const boxes = new InstancedArrays({
    capacity: runtime.world.capacity,
    geometry: new THREE.BoxGeometry(1, 1, 1),
    material: new THREE.MeshLambertMaterial({ color: 0xffffff }),
    name: 'particles',
  });
  scene.add(boxes.object);

  const outline = new THREE.LineSegments(
    new THREE.EdgesGeometry(new THREE.PlaneGeometry(size, size)),
    new THREE.LineBasicMaterial({ color: 0x5a6478 }),
  );
  scene.add(outline);

  camera.position.set(0, -size * 0.75, size * 1.45);
  camera.lookAt(0, 0, 0);

  // Worker jobs write Position: the pre-step copy waits for the ones still in flight.
  // The access list is made once: a literal per frame allocates unless the JIT inlines completeFor.
  const positionReads = { reads: [Position] };
  const history = new FixedStepHistory(runtime.loop, [Position.x, Position.y], {
    beforeCopy: () => runtime.jobs.completeFor(positionReads),
  });
  const [prevX, prevY] = history.previous;

  return {
    update(alpha) {
      const n = movers.count;
      writeParticleInstances(0, n, movers.ids, Position.x, Position.y, prevX, prevY, Velocity.x, Velocity.y, alpha, size, scale, base, boxes.matrices, boxes.colors);
      boxes.commit(n);
    },
    dispose() {
      history.dispose();
      boxes.dispose();
      outline.geometry.dispose();
      outline.material.dispose();
      outline.removeFromParent();
    },
  };
};

export default createParticlesView;
