import type * as THREE from 'three';
import type { SceneRuntime } from '../scene/SceneRuntime.ts';

/**
 * What a scene's view receives: the three.js objects the app owns, and the runtime
 * whose SAB-backed component arrays the view reads (never copies per entity).
 */
export interface ViewContext<V = unknown> {
  /** The three.js scene to add meshes to; the app clears it when the scene changes. */
  readonly scene: THREE.Scene;
  readonly camera: THREE.PerspectiveCamera;
  readonly renderer: THREE.WebGLRenderer;
  /** What the scene's setup returned as `view`, typed by `ViewFactory<ViewOf<typeof scene>>`. */
  readonly view: V;
  /** The running scene (its loop, jobs, world). */
  readonly runtime: SceneRuntime;
}

/** A scene's view: updated once per rendered frame, disposed when the scene changes. */
export interface SceneView {
  /**
   * Refresh GPU-side data from the component arrays. `alpha` is the loop's
   * interpolation factor between the last two fixed steps.
   */
  update(alpha: number): void;
  /** Release geometries, materials and textures. */
  dispose(): void;
}

/**
 * `scenes/<id>/view.ts` default-exports one of these.
 *
 * @example
 * import type orbits from './index.ts';
 * const createView: ViewFactory<ViewOf<typeof orbits>> = ({ scene, view }) => { ...; return { update() {}, dispose() {} }; };
 * export default createView;
 */
export type ViewFactory<V = unknown> = (ctx: ViewContext<V>) => SceneView;
