import { claimError, ERR, F, R, type JobMemory } from './JobMemory.ts';

/**
 * The batch a thread is running, set by the executor around each kernel call so
 * that a kernel can fill its job's error slot without taking any extra argument.
 * One per thread (module state is per thread in both Node and browser workers).
 */
const current = { mem: null as JobMemory | null, slot: -1, lane: 0, start: 0, end: 0 };

/** Executor only: the batch about to run on this thread. */
export function enterBatch(mem: JobMemory, slot: number, lane: number, start: number, end: number): void {
  current.mem = mem;
  current.slot = slot;
  current.lane = lane;
  current.start = start;
  current.end = end;
}

/** Executor only: the batch has returned. */
export function leaveBatch(): void {
  current.slot = -1;
}

/**
 * Report an error from inside a kernel, through the job record's error slot:
 * a message id (the asserts module owns the table of templates), the entity
 * index and up to four numbers. No allocation, no string building on the worker.
 * The first report of a job wins; the job's remaining batches are skipped and
 * `complete()` throws a {@link JobReportedError} carrying these fields.
 * Returns false outside a kernel or when another error was reported first.
 *
 * @example
 * kernel(start, end, a) {
 *   for (let i = start; i < end; i++) {
 *     if (!(a.mass[i]! > 0)) { reportJobError(MSG_MASS_POSITIVE, i, a.mass[i]!); return; }
 *   }
 * }
 */
export function reportJobError(messageId: number, entity: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0): boolean {
  const mem = current.mem;
  const slot = current.slot;
  if (mem === null || slot < 0) return false;
  if (!claimError(mem, slot, ERR.REPORTED, current.lane, current.start, current.end)) return false;
  const b = slot * R.STRIDE;
  mem.rec[b + R.ERR_MSG] = messageId;
  mem.rec[b + R.ERR_ENTITY] = entity;
  const f = slot * F.STRIDE + F.ERR_ARGS;
  mem.f64[f] = a0;
  mem.f64[f + 1] = a1;
  mem.f64[f + 2] = a2;
  mem.f64[f + 3] = a3;
  mem.rec[b + R.ERR_TEXT_LEN] = 0;
  return true;
}
