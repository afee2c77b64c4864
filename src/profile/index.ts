export { measure, measureAsync, measureSettled, heapUsed, forceGc } from './measure.ts';
export type { Measurement, MeasureOptions } from './measure.ts';
export { GcWatcher } from './GcWatcher.ts';
export { AllocationWindow } from './AllocationWindow.ts';
export type { AllocationCount } from './AllocationWindow.ts';
export { PROFILING_FLAGS, profilingFlagsPresent, ensureProfilingFlags, missingFlagsMessage } from './flags.ts';
export { bench, defineBenchSuite, isBenchSuite, runBenchSuite, formatBenchReport } from './BenchSuite.ts';
export type { BenchCase, BenchSuite, BenchSuiteSpec, BenchCaseResult, BenchReport } from './BenchSuite.ts';
export { BenchDefinitionError } from './errors.ts';
