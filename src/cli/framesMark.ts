/**
 * The name under which the runner leaves the span of its frames on the performance
 * timeline: a `performance.mark` just before the first frame, and a
 * `performance.measure` from it to just after the last. Observers outside the
 * runner (the black-box scavenge count in the tests, a profiler) read it to tell
 * the frames from start-up (module loading, transforms) and from the report after
 * them, whose allocation varies from run to run by megabytes.
 */
export const FRAMES_MARK = 'tickflow:frames';
