import type { PlayerLoop } from '../loop/PlayerLoop.ts';
import type { Time } from '../loop/Time.ts';
import type { SimWorld } from '../ecs/World.ts';
import type { Rng } from '../math/Rng.ts';
import type { TaskRunner } from '../tasks/TaskRunner.ts';
import type { ParamSchema, ParamValues } from './Params.ts';
import type { JobScheduler } from '../jobs/JobScheduler.ts';
import type { QuerySnapshot } from '../ecs/QuerySnapshot.ts';
import type { QueryTerm } from 'bitecs';

/** What a scene's `setup` receives. */
export interface SceneContext<P extends ParamSchema = ParamSchema> {
  /** The world, sized by the scene's `capacity`. */
  readonly world: SimWorld;
  /** The loop to register systems in. */
  readonly loop: PlayerLoop;
  /** The loop's clock. */
  readonly time: Time;
  /** Seeded from the run's seed: the only randomness a scene should use. */
  readonly rng: Rng;
  /** The run's seed (for kernels that derive their own streams). */
  readonly seed: number;
  /** Resolved param values. */
  readonly params: ParamValues<P>;
  /** The job scheduler: kernels on worker threads over the world's arrays (inline when the run has no workers). */
  readonly jobs: JobScheduler;
  /** Coroutines stepped by the loop's phases; disposing the scene cancels them. */
  readonly tasks: TaskRunner;
  /**
   * A live query: a snapshot of the entities matching `terms`, filled now and
   * refreshed after every structural change (spawns, despawns, tag swaps), once
   * the jobs still reading its ids complete. Bind it to jobs like any snapshot.
   */
  query(terms: QueryTerm[]): QuerySnapshot;
}

/** What `setup` may return: data for the view, and cleanup. */
export interface SceneInstance<V = unknown> {
  /**
   * What the scene's view reads (component refs, snapshots, arrays), typed for
   * the view through {@link ViewOf}. Components, snapshots and typed arrays
   * among its values are declared read in the render phase: jobs writing them
   * complete before the frame is drawn, with no sync system to write.
   */
  readonly view?: V;
  /** Scene-specific numbers for the runner's final table and tests. */
  stats?(): Record<string, number>;
  /** Release what setup acquired beyond the world and loop. */
  dispose?(): void;
}

/** What {@link defineScene} takes: a scene whose `params` may be left out (a scene without params). */
export interface SceneInput<P extends ParamSchema = ParamSchema, V = unknown> {
  /** Set by the registry from the folder name; optional in the source. */
  id?: string;
  title: string;
  description?: string;
  params?: P;
  /** World capacity for given params (default: 10,000). A method, so a typed scene's runtime is a `SceneRuntime` (parameter bivariance). */
  capacity?(params: ParamValues<P>): number;
  setup(ctx: SceneContext<P>): SceneInstance<V> | void;
}

/** A scene: params schema plus a setup script. The id is the folder name under scenes/. */
export interface SceneDefinition<P extends ParamSchema = ParamSchema, V = unknown> extends SceneInput<P, V> {
  params: P;
}

/**
 * The view data of a scene, for its view file (a type-only import, no cast).
 *
 * @example
 * import type orbits from './index.ts';
 * const createView: ViewFactory<ViewOf<typeof orbits>> = ({ view }) => { view.Position.x; … };
 */
export type ViewOf<S> = S extends SceneDefinition<infer _P, infer V> ? V : never;

/**
 * Declare a scene. Typed params flow into `setup`; what setup returns as `view`
 * types the view (see {@link ViewOf}) and `runtime.view`.
 *
 * @example
 * export default defineScene({
 *   title: 'Particles',
 *   params: { count: { type: 'number', int: true, default: 1000, min: 1 } },
 *   capacity: (p) => p.count,
 *   setup({ world, loop, params }) { ... },
 * });
 * defineScene({ title: 'Empty', setup: () => {} }); // no params: none to write
 */
export function defineScene<P extends ParamSchema, V = undefined>(def: SceneInput<P, V>): SceneDefinition<P, V> {
  // A scene without params says nothing of them; everything downstream sees an empty schema.
  return { ...def, params: def.params ?? ({} as P) };
}
