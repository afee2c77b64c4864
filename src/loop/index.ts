export { PlayerLoop } from './PlayerLoop.ts';
export type { SystemSpec, SystemFn, PhaseHook, PlayerLoopOptions } from './PlayerLoop.ts';
export { StepBudget } from './StepBudget.ts';
export { Time } from './Time.ts';
export { PHASES, PhaseIndex, isPhase } from './Phase.ts';
export type { Phase } from './Phase.ts';
export { runInNode, runWithAnimationFrames } from './drivers.ts';
export type { DriverHandle, NodeDriverOptions, RafDriverOptions } from './drivers.ts';
export {
  UnknownSystemError,
  SystemCycleError,
  DuplicateSystemError,
  UnknownPhaseError,
  SystemError,
  TimeSettingError,
} from './errors.ts';
