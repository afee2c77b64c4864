/** Diagnostics of the kernel compiler, built in one place. */
import type { BuildWarning, SourcePosition } from '../errors.ts';

/**
 * A construct outside the compiled subset. Thrown inside the compiler and caught
 * per job: the job keeps its JavaScript kernel and the build warns.
 */
export class UnsupportedKernelConstruct extends Error {
  override name = 'UnsupportedKernelConstruct';
  constructor(
    readonly construct: string,
    readonly line: number,
    readonly column: number,
    readonly advice = 'Keep kernels to numeric locals, loops, typed-array args, Math.* and module-level helper functions.',
  ) {
    super(construct);
  }
}

/**
 * The warning for a job whose kernel stays JavaScript.
 *
 * @example
 * warnings.push(kernelFallback({ file, line: 3, column: 5 }, 'particles.integrate', '`new` expression', 'allocate outside the kernel'));
 */
export function kernelFallback(at: SourcePosition, job: string, construct: string, advice: string): BuildWarning {
  return {
    ...at,
    construct,
    advice,
    transform: 'kernels',
    message: `${at.file}:${at.line}:${at.column}: kernel of job "${job}" is not compiled to WebAssembly: ${construct}. It keeps running as JavaScript. ${advice}`,
  };
}

/** A compiled kernel called with an arg that is not a view into the kernel memory. */
export class KernelMemoryError extends Error {
  override name = 'KernelMemoryError';
  constructor(job: string, arg: string) {
    super(
      `Job "${job}": arg "${arg}" is not a typed array over the kernel memory, so its compiled kernel cannot read it. ` +
        'Allocate it from the world (components and job buffers live in the kernel memory), or run this job with kernels=js.',
    );
  }
}

/** A compiled kernel read outside an array (JavaScript would have read undefined). */
export function outOfBounds(job: string, line: number, column: number): Error {
  const e = new RangeError(`Job "${job}": compiled kernel read outside a typed array at line ${line}:${column} (JavaScript reads undefined there). Check the index.`);
  return e;
}
