export { defineScene } from './defineScene.ts';
export type { SceneDefinition, SceneContext, SceneInstance, ViewOf } from './defineScene.ts';
export { createSceneRuntime } from './SceneRuntime.ts';
export type { SceneRuntime, SceneRuntimeOptions } from './SceneRuntime.ts';
export { createJobWaits } from './createJobWaits.ts';
export { resolveParams, coerceParam, describeParam, machineDefaults } from './Params.ts';
export type { ParamSchema, ParamSpec, ParamValues, NumberParam, BooleanParam, EnumParam, MachineFacts } from './Params.ts';
export { UnknownSceneError, ParamError } from './errors.ts';
