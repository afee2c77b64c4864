/**
 * Every error the loop module throws is built here, so messages stay consistent
 * and each one says what happened and what to do about it.
 */

/** A system names another system in `before`/`after` that is not registered in its phase. */
export class UnknownSystemError extends Error {
  override name = 'UnknownSystemError';
  constructor(system: string, reference: string, phase: string, known: readonly string[]) {
    super(
      `System "${system}" orders itself against "${reference}", which is not registered in phase "${phase}". ` +
        `Known systems in "${phase}": ${known.length ? known.join(', ') : '(none)'}. ` +
        `Register "${reference}" in the same phase or fix the name.`,
    );
  }
}

/** The before/after constraints of a phase form a cycle. */
export class SystemCycleError extends Error {
  override name = 'SystemCycleError';
  constructor(phase: string, cycle: readonly string[]) {
    super(
      `Systems in phase "${phase}" have a cyclic order: ${cycle.join(' -> ')}. ` +
        `Remove one of the before/after constraints along that path.`,
    );
  }
}

/** Two systems registered under one name in the same loop. */
export class DuplicateSystemError extends Error {
  override name = 'DuplicateSystemError';
  constructor(system: string, phase: string) {
    super(`A system named "${system}" is already registered (phase "${phase}"). System names must be unique per loop.`);
  }
}

/** An unknown phase name was passed. */
export class UnknownPhaseError extends Error {
  override name = 'UnknownPhaseError';
  constructor(phase: string, valid: readonly string[]) {
    super(`Unknown phase "${phase}". Valid phases: ${valid.join(', ')}.`);
  }
}

/** A system threw while the loop ran it; wraps the original error as `cause`. */
export class SystemError extends Error {
  override name = 'SystemError';
  readonly system: string;
  readonly phase: string;
  constructor(system: string, phase: string, frame: number, cause: unknown) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    super(`System "${system}" threw in phase "${phase}" at frame ${frame}: ${inner}`, { cause });
    this.system = system;
    this.phase = phase;
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${this.message}\nCaused by: ${cause.stack}`;
  }
}

/** A Time setting outside its valid range. */
export class TimeSettingError extends Error {
  override name = 'TimeSettingError';
  constructor(setting: string, value: number, rule: string) {
    super(`Time.${setting} = ${value} is invalid: ${rule}.`);
  }
}
