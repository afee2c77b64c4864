/** Every diagnostic the build transforms produce, built in one place. */

/** Where in a source file. Lines are 1-based, columns 1-based (as editors show them). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * A construct the async builder cannot compile. The coroutine keeps running as a
 * generator (correct, but it allocates per step); the warning says where and why.
 */
export interface BuildWarning extends SourcePosition {
  /** Short name of the construct, e.g. "closure captures a coroutine local". */
  construct: string;
  /** The full message: file:line:column, what, and what to do. */
  message: string;
  /** Which transform produced it. */
  transform: string;
  /** The coroutine's name, as the user wrote it (coroutine warnings only). */
  coroutine?: string;
  /** What to do instead. */
  advice: string;
}

/**
 * Build a warning for a coroutine that falls back to a generator.
 *
 * @example
 * warnings.push(coroutineFallback({ file, line: 3, column: 5 }, 'patrol', '`arguments`', 'use named parameters'));
 */
export function coroutineFallback(at: SourcePosition, coroutine: string, construct: string, advice: string): BuildWarning {
  return {
    ...at,
    construct,
    coroutine,
    advice,
    transform: 'coroutines',
    message:
      `${at.file}:${at.line}:${at.column}: coroutine "${coroutine}" is not compiled: ${construct}. ` +
      `It keeps running as a generator (correct, but it allocates on every step). ${advice}`,
  };
}
