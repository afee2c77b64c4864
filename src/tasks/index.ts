/**
 * tickflow/tasks: allocation-free coroutines stepped by the PlayerLoop, pooled
 * tasks with versioned integer handles, waits, combinators, cancellation, tracker.
 */
export { TaskRunner } from './TaskRunner.ts';
export type { TaskHandle, Startable, StartOptions, TaskRunnerOptions, TaskStatus } from './TaskRunner.ts';
export { toPromise } from './toPromise.ts';
export { coroutine, compiledCoroutine } from './coroutine.ts';
export type { CoroutineDef, CoroutineFunction, CompiledMachine } from './coroutine.ts';
export { DONE, StepMode, isCoroutineMachine } from './CoroutineMachine.ts';
export { startDelegate, startDelegateCall, stepDelegate, delegateResult, delegateDef, endDelegate } from './delegate.ts';
export type { CoroutineMachine } from './CoroutineMachine.ts';
export {
  nextFrame,
  NEXT_FRAME,
  waitFrames,
  waitSeconds,
  waitUnscaledSeconds,
  waitRealtimeSeconds,
  waitUntil,
  waitWhile,
  waitJob,
  join,
  whenAll,
  whenAny,
  timeout,
  // For the async builder's output (as NEXT_FRAME): timed waits armed without a boxed double.
  WAIT_SECONDS,
  armSeconds,
  armUnscaledSeconds,
  armRealtimeSeconds,
} from './Wait.ts';
export type { WaitToken } from './Wait.ts';
export type { JobWaitSource } from './JobWaitSource.ts';
export { buildTracker, formatTrackerSummary } from './TaskTracker.ts';
export type { TrackerSnapshot, TrackerOptions, TaskLeakHint } from './TaskTracker.ts';
export {
  StaleTaskError,
  InvalidTaskHandleError,
  TaskCanceledError,
  TaskTimeoutError,
  InvalidYieldError,
  AlreadyAwaitedError,
  TaskNotCompletedError,
  NoJobSourceError,
  TaskPoolExhaustedError,
  TaskUsageError,
  UnobservedTaskError,
  UnknownWaitKindError,
  TaskRecordError,
} from './errors.ts';
