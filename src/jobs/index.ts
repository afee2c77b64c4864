/**
 * tickflow/jobs: Burst-style kernels on worker threads over SharedArrayBuffer
 * component arrays. Node threads live in `tickflow/jobs/node` (piscina), kept
 * out of this entry so browser bundles never see Node modules.
 */
export { defineJob, isJobDef, MAX_ARGS } from './defineJob.ts';
export type { JobDef, JobSpec, JobArgs, ArgsInit, LiveCount, ArgSchema, Kernel } from './defineJob.ts';
export { read, write, f64, i32, u32 } from './argDecl.ts';
export type { ArgDecl, ArrayArg, ScalarArg, ElemType, ScalarType } from './argDecl.ts';
export type { AccessTarget } from './accessTargets.ts';
export { definePoolTask, isPoolTask } from './definePoolTask.ts';
export type { PoolTask } from './definePoolTask.ts';
export { JobScheduler, NO_JOB } from './JobScheduler.ts';
export type { JobHandle, JobSchedulerOptions, JobStats, Access, AccessSystemSpec } from './JobScheduler.ts';
export { InlineHost } from './ThreadHost.ts';
export { JobTimeline } from './JobTimeline.ts';
export type { JobTimelineFrame, JobTimelineSpan } from './JobTimeline.ts';
export { BrowserThreadHost } from './BrowserThreadHost.ts';
export type { BrowserThreadHostOptions, BrowserWorkerStats } from './BrowserThreadHost.ts';
export type { ThreadHost, ControlMessage } from './ThreadHost.ts';
export type { JobLoop, JobLoopHook, JobSystemSpec } from './JobLoop.ts';
export type { BrowserJobWorkerApi } from './BrowserWorkerApi.ts';
export { reportJobError } from './reportJobError.ts';
export { setModuleLoader } from './loadExports.ts';
export type { ModuleLoader } from './loadExports.ts';
export { createJobMemory, markLaneDead } from './JobMemory.ts';
export type { JobMemory } from './JobMemory.ts';
export {
  JobDefinitionError,
  JobArgsError,
  JobSafetyError,
  StaleJobHandleError,
  JobKernelError,
  JobWorkerLostError,
  JobStalledError,
  JobDependencyError,
  JobReportedError,
  JobAssertionError,
  JobPoolExhaustedError,
  JobSchedulerDisposedError,
  JobThreadsNotReadyError,
  JobWorkerError,
  KernelModuleNotFoundError,
} from './errors.ts';
