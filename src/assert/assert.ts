import { AssertionError } from './errors.ts';
import { callerLocation, type SourceLocation } from '../env/callerLocation.ts';
import { formatMessage, messageTemplate } from './messages.ts';

/** A message: a template string, or an id from `defineMessage` (required inside kernels on workers). */
export type Message = string | number;

/**
 * Check an invariant. The message is a template (`{0}`, `{1}`… or `{}`) filled with
 * up to four args only when the check fails, so the success path builds no string
 * and allocates nothing (fixed parameters, no rest array). Production builds remove
 * the whole call, condition included: conditions must not have side effects.
 *
 * @example
 * assert(i < n, 'index {0} out of range [0, {1})', i, n);
 */
export function assert(condition: unknown, message: Message, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): asserts condition {
  // `if (ok) return` first, then a call that throws, with as few arguments as the
  // message needs: once inlined, every value the cold call takes must be kept alive
  // for it. (Measured: the leaner cold call is a few percent faster; an assert
  // imported from another module, as users do, costs ~1.5x a bare check, against
  // ~1.25x for the same function defined in the calling module.)
  if (condition) return;
  fail(message, a0, a1, a2, a3);
}

/**
 * Like {@link assert}, naming the entity the invariant is about: the error (and a
 * job's `JobAssertionError`) carries it, and `{e}` in the template prints it.
 *
 * @example
 * assertEntity(e, Number.isFinite(px[e]), 'entity {e} has x={0}', px[e]);
 */
export function assertEntity(entity: number, condition: unknown, message: Message, a0?: unknown, a1?: unknown, a2?: unknown): asserts condition {
  if (condition) return;
  failEntity(entity, message, a0, a1, a2);
}

/**
 * Assert `min <= value <= max`.
 *
 * @example
 * assertRange(p, 0, 1, 'probability {0} outside [{1}, {2}]');
 */
export function assertRange(value: number, min: number, max: number, message: Message = 'value {0} is outside [{1}, {2}]'): void {
  if (value >= min && value <= max) return;
  fail(message, value, min, max, undefined);
}

/**
 * Assert an integer index in `[0, length)`.
 *
 * @example
 * assertIndex(cell, cellCount);
 */
export function assertIndex(index: number, length: number, message: Message = 'index {0} is outside [0, {1})'): void {
  if (index >= 0 && index < length && index === Math.floor(index)) return;
  fail(message, index, length, undefined, undefined);
}

/**
 * Assert a finite number (not NaN, not ±Infinity).
 *
 * @example
 * assertFinite(vx[e], 'velocity is {0}');
 */
export function assertFinite(value: number, message: Message = 'expected a finite number, got {0}'): void {
  if (Number.isFinite(value)) return;
  fail(message, value, undefined, undefined, undefined);
}

/**
 * Assert strict equality.
 *
 * @example
 * assertEqual(count, expected, 'count {0} != expected {1}');
 */
export function assertEqual<T>(actual: T, expected: T, message: Message = 'expected {1}, got {0}'): void {
  if (actual === expected) return;
  fail(message, actual, expected, undefined, undefined);
}

/**
 * Assert `|actual - expected| <= tolerance` (e.g. a vector's length is 1).
 *
 * @example
 * assertClose(len, 1, 1e-4, 'embedding length {0} is not 1');
 */
export function assertClose(actual: number, expected: number, tolerance: number, message: Message = 'expected {1} ± {2}, got {0}'): void {
  if (Math.abs(actual - expected) <= tolerance) return;
  fail(message, actual, expected, tolerance, undefined);
}

/** Cold path of the asserts: build and throw the error. Kept out of them so they stay small enough to inline. */
function fail(message: Message, a0: unknown, a1: unknown, a2: unknown, a3: unknown): never {
  throw build(-1, message, a0, a1, a2, a3);
}

/** Cold path of {@link assertEntity}. */
function failEntity(entity: number, message: Message, a0: unknown, a1: unknown, a2: unknown): never {
  throw build(entity, message, a0, a1, a2, undefined);
}

function build(entity: number, message: Message, a0: unknown, a1: unknown, a2: unknown, a3: unknown, at: SourceLocation | undefined = locate()): AssertionError {
  const args = [a0, a1, a2, a3];
  while (args.length && args[args.length - 1] === undefined) args.pop();
  const template = typeof message === 'number' ? messageTemplate(message) : message;
  let text = formatMessage(template, args);
  if (entity >= 0) text = text.replace(/\{e\}/g, String(entity));
  const err = new AssertionError(template, text, args, at);
  if (typeof message === 'number') err.messageId = message;
  if (entity >= 0) err.entity = entity;
  return err;
}

/**
 * The error an assert at `at` throws, for callers that know the location (a
 * compiled kernel reports its assert's source position; there is no JS frame).
 *
 * @example
 * throw assertionFailure(e, OUTSIDE, [x, y], { file: 'jobs.ts', line: 30, column: 7 });
 */
export function assertionFailure(entity: number, message: Message, args: readonly unknown[], at: SourceLocation): AssertionError {
  return build(entity, message, args[0], args[1], args[2], args[3], at);
}

/** This module's file, to skip its own frames (the assert, `fail`, `build`) in a stack. */
const SELF = /[\\/]assert[\\/]assert\.[cm]?[jt]s$/;

/** The first caller outside this module. */
function locate(): SourceLocation | undefined {
  return callerLocation(SELF);
}
