import { AssertionError } from '../assert/errors.ts';
import { ERR, ERR_ARG_COUNT, F, R, claimError, writeErrorText, type JobMemory } from './JobMemory.ts';

/**
 * Turn what a kernel threw into its job record's error slot (first error wins).
 *
 * A failed assert with a `defineMessage` id crosses as numbers only: the id, the
 * entity (from `assertEntity`), up to four numeric args and the source line and
 * column; the main thread formats the message from its own copy of the template
 * table (kernel modules register their templates at load on every thread, and an
 * id is a hash of the text, so it is the same everywhere). An assert with a plain string message carries its formatted text
 * instead. Anything else is a kernel throw: its stack travels as text. All of
 * this is the failure path; a batch that succeeds never comes here.
 *
 * @example
 * try { def.kernel(start, end, args); } catch (err) { recordKernelFailure(mem, slot, lane, start, end, err); }
 */
export function recordKernelFailure(mem: JobMemory, slot: number, lane: number, start: number, end: number, err: unknown): void {
  if (err instanceof AssertionError) {
    if (!claimError(mem, slot, ERR.ASSERTED, lane, start, end)) return;
    const b = slot * R.STRIDE;
    const id = err.messageId;
    mem.rec[b + R.ERR_MSG] = id ?? -1;
    mem.rec[b + R.ERR_ENTITY] = err.entity ?? -1;
    mem.rec[b + R.ERR_LINE] = err.location?.line ?? 0;
    mem.rec[b + R.ERR_COL] = err.location?.column ?? 0;
    const f = slot * F.STRIDE + F.ERR_ARGS;
    for (let i = 0; i < ERR_ARG_COUNT; i++) {
      const v = err.args[i];
      mem.f64[f + i] = typeof v === 'number' ? v : Number.NaN;
    }
    // Only a string-message assert needs text: an id-message is formatted on the main thread.
    if (id === undefined) writeErrorText(mem, slot, err.message.replace(/ \(at [^)]*\)$/, ''));
    else mem.rec[b + R.ERR_TEXT_LEN] = 0;
    return;
  }
  if (claimError(mem, slot, ERR.THROWN, lane, start, end)) {
    writeErrorText(mem, slot, err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err));
  }
}
