/**
 * How a kernel's floats are compiled. `exact` (the default) keeps JavaScript's
 * semantics, so results are byte-identical to the JS kernel: f64 arithmetic,
 * rounding only where a Float32Array is stored. `fast` (opt-in per job, like
 * Burst's `FloatMode.Fast`) computes in f32, so results differ within a tolerance.
 */
export type KernelMode = 'exact' | 'fast';
