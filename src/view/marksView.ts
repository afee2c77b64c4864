import * as THREE from 'three';
import type { ViewContext, ViewFactory } from './SceneView.ts';
import { InstancedArrays, writeColor, writeTranslationScale } from './InstancedArrays.ts';

/** A linear RGB colour, each channel in [0, 1]. */
export type Rgb = readonly [r: number, g: number, b: number];

/** One kind of mark: the entities of a query, drawn at one size in one colour (or a colour per entity). */
export interface MarkLayer {
  /** The entities to draw: a live query (its `ids[0 .. count)` are read each frame). */
  readonly of: { readonly ids: Int32Array; readonly count: number };
  /** Side of each mark, in world units. */
  readonly scale: number;
  /**
   * The marks' colour, or a function giving an entity's colour. The function is
   * called per mark per frame: return hoisted constants, not fresh arrays.
   */
  readonly color: Rgb | ((e: number) => Rgb);
}

/** What {@link marksView} draws: positions by entity id, the world's side, and the layers. */
export interface Marks {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Side of the square world; the camera looks down at its centre. */
  readonly size: number;
  /** The world's lower-left corner (default [0, 0]: the world is [0, size]²). */
  readonly origin?: readonly [x: number, y: number];
  /** Drawn in order: a later layer lies above an earlier one. */
  readonly layers: readonly MarkLayer[];
}

/**
 * Put the camera above the origin, looking down, with a square `size` wide in
 * view and inside the far plane.
 *
 * @example
 * lookDown(camera, 100); // a 100 × 100 world centred on the origin
 */
export function lookDown(camera: THREE.PerspectiveCamera, size: number): void {
  camera.position.set(0, 0, size * 1.2);
  camera.lookAt(0, 0, 0);
  camera.far = Math.max(camera.far, size * 4);
  camera.updateProjectionMatrix();
}

/** Height between layers, as a fraction of the world's side: enough for the depth test, too little to see. */
const LAYER_GAP = 1e-4;

/**
 * A view for a 2D world seen from above, said as data: each layer a query, a
 * size and a colour. Every entity is a flat square in one instanced mesh (points
 * above a few thousand, see `InstancedArrays`), written from the component
 * arrays each frame without allocating. `describe` runs once, at mount; the
 * camera is left where it is put (the app's OrbitControls still orbit it).
 *
 * @example
 * import type predators from './index.ts';
 * export default marksView<ViewOf<typeof predators>>(({ Position, prey, hunters, size }) => ({
 *   x: Position.x, y: Position.y, size,
 *   layers: [{ of: prey, scale: 0.5, color: [0.3, 0.85, 0.4] }, { of: hunters, scale: 1.6, color: [1, 0.25, 0.2] }],
 * }));
 */
export function marksView<V>(describe: (view: V, ctx: ViewContext<V>) => Marks): ViewFactory<V> {
  return (ctx) => {
    const { x, y, size, layers, origin = [0, 0] } = describe(ctx.view, ctx);
    const marks = new InstancedArrays({
      capacity: ctx.runtime.world.capacity,
      geometry: new THREE.PlaneGeometry(1, 1),
      material: new THREE.MeshBasicMaterial({ color: 0xffffff }),
      name: 'marks',
    });
    marks.object.position.set(-(origin[0] + size / 2), -(origin[1] + size / 2), 0);
    ctx.scene.add(marks.object);
    lookDown(ctx.camera, size);
    return {
      update() {
        let n = 0;
        for (let l = 0; l < layers.length; l++) {
          const { of, scale, color } = layers[l]!;
          const z = l * LAYER_GAP * size;
          for (let i = 0; i < of.count; i++) {
            const e = of.ids[i]!;
            const c = typeof color === 'function' ? color(e) : color;
            writeTranslationScale(marks.matrices, n, x[e]!, y[e]!, z, scale);
            writeColor(marks.colors, n++, c[0], c[1], c[2]);
          }
        }
        marks.commit(n);
      },
      dispose: () => marks.dispose(),
    };
  };
}
