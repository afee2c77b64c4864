/**
 * tickflow's main entry: the loop, the world and scenes. Jobs, tasks, asserts,
 * the view and the profiler have their own subpaths (`tickflow/jobs`, …).
 */
export { PlayerLoop, Time, PHASES, runInNode, runWithAnimationFrames } from './loop/index.ts';
export type { Phase, SystemSpec, SystemFn, PhaseHook, DriverHandle } from './loop/index.ts';
export {
  createWorld,
  defineComponent,
  spawn,
  despawn,
  addComponent,
  removeComponent,
  hasComponent,
  isAlive,
  createQuerySnapshot,
  hashWorld,
  CapacityError,
} from './ecs/index.ts';
export type { SimWorld, Component, Schema, QuerySnapshot } from './ecs/index.ts';
export { defineScene, createSceneRuntime } from './scene/index.ts';
export type { SceneDefinition, SceneContext, SceneInstance, ViewOf, ParamSchema } from './scene/index.ts';
export { Rng } from './math/Rng.ts';
