import { MAX_LANES } from './JobMemory.ts';

/**
 * Every error the jobs module throws, built in one place: each message says what
 * happened and what to do about it.
 */

/** A job definition is malformed (bad name, unknown arg type, module not found). */
export class JobDefinitionError extends Error {
  override name = 'JobDefinitionError';
  constructor(job: string, problem: string) {
    super(`Job "${job}": ${problem}`);
  }
}

/** The args passed to `schedule` do not match the job's declared args. */
export class JobArgsError extends Error {
  override name = 'JobArgsError';
  constructor(job: string, problem: string) {
    super(`schedule("${job}"): ${problem}`);
  }
}

/**
 * Two jobs (or a job and main-thread code) would touch the same component field
 * at once, with no dependency path between them (development builds only).
 */
export class JobSafetyError extends Error {
  override name = 'JobSafetyError';
  /** The job being scheduled, or `main thread`. */
  readonly job: string;
  /** The incomplete job it conflicts with. */
  readonly other: string;
  /** `Component.field`. */
  readonly field: string;
  constructor(job: string, other: string, field: string, what: string, fix: string) {
    super(`${what}: "${job}" and "${other}" both access ${field} ("${other}" is still scheduled and not completed). ${fix}`);
    this.job = job;
    this.other = other;
    this.field = field;
  }

  /** A new job conflicts with an incomplete one. */
  static forSchedule(job: string, jobAccess: string, other: string, otherAccess: string, field: string): JobSafetyError {
    return new JobSafetyError(
      job,
      other,
      field,
      `Scheduling job "${job}" (${jobAccess} ${field}) races with job "${other}" (${otherAccess} ${field})`,
      `Fix: pass the handle of "${other}" (or a combine() including it) as dependsOn, ` +
        `call complete() on it first, or omit dependsOn to let the scheduler derive dependencies from the bound arrays.`,
    );
  }

  /** Main-thread code touches a field an incomplete job uses. */
  static forMainThread(who: string, access: string, other: string, otherAccess: string, field: string): JobSafetyError {
    return new JobSafetyError(
      `main thread (${who})`,
      other,
      field,
      `Main-thread ${access} of ${field} by ${who} while job "${other}" ${otherAccess} it`,
      `Fix: complete the job's handle before touching ${field}, or declare the access ` +
        `(jobs.sync(phase, { reads, writes }), jobs.system({ … }) or jobs.completeFor) so the scheduler completes it first.`,
    );
  }
}

/** A JobHandle used after its job was completed and its record recycled. */
export class StaleJobHandleError extends Error {
  override name = 'StaleJobHandleError';
  constructor(op: string, handle: number, job: string | undefined) {
    super(
      `${op}: JobHandle ${handle}${job ? ` (job "${job}")` : ''} is stale: its job was completed and its record recycled ` +
        `(at the end of the frame it completed in, or when the record pool ran low). ` +
        `Don't keep handles past the frame in which they are completed; schedule again for new work, ` +
        `or test with isCompleted() before the frame ends.`,
    );
  }
}

/** A kernel threw while running a batch; wraps the worker's message and stack. */
export class JobKernelError extends Error {
  override name = 'JobKernelError';
  readonly job: string;
  readonly batchStart: number;
  readonly batchEnd: number;
  constructor(job: string, batchStart: number, batchEnd: number, where: string, original: string) {
    const firstLine = original.split('\n')[0] ?? original;
    super(
      `Job "${job}" threw in batch [${batchStart}, ${batchEnd}) on ${where}: ${firstLine}. ` +
        `The job's other batches were skipped; fix the kernel (its original stack follows).`,
    );
    this.job = job;
    this.batchStart = batchStart;
    this.batchEnd = batchEnd;
    this.stack = `${this.name}: ${this.message}\nCaused by: ${original}`;
  }
}

/** A worker thread died (process.exit, out of memory) while it ran a batch of the job. */
export class JobWorkerLostError extends Error {
  override name = 'JobWorkerLostError';
  constructor(
    readonly job: string,
    readonly batchStart: number,
    readonly batchEnd: number,
    readonly lane: number,
  ) {
    super(
      `Job "${job}" lost batch [${batchStart}, ${batchEnd}): worker lane ${lane} died while running it ` +
        `(process.exit, an uncaught error, out of memory, or terminated). The pool replaces the worker; ` +
        `the job's output is incomplete: schedule it again after fixing the kernel.`,
    );
  }
}

/** complete() waited past its bound for batches a worker holds, with no progress. */
export class JobStalledError extends Error {
  override name = 'JobStalledError';
  constructor(job: string, ms: number, lanes: string) {
    super(
      `complete("${job}") made no progress for ${ms} ms while ${lanes} held its batches. ` +
        `A worker may have died (e.g. out of memory) or a batch is far too large; ` +
        `use smaller batches, raise stallTimeoutMs, or check the kernel for an endless loop.`,
    );
  }
}

/** A job did not run because a job it depends on failed. */
export class JobDependencyError extends Error {
  override name = 'JobDependencyError';
  constructor(job: string, dependency: string) {
    super(`Job "${job}" did not run: the job "${dependency}" it depends on failed. Complete "${dependency}" to see why, and fix it first.`);
  }
}

/**
 * A kernel reported an error through its job's error slot (`reportJobError`);
 * the asserts module maps `messageId` to a message template.
 */
export class JobReportedError extends Error {
  override name = 'JobReportedError';
  readonly job: string;
  readonly messageId: number;
  readonly entity: number;
  readonly args: readonly number[];
  readonly batchStart: number;
  readonly batchEnd: number;
  constructor(job: string, messageId: number, entity: number, args: readonly number[], batchStart: number, batchEnd: number, text?: string) {
    super(
      `Job "${job}" reported error #${messageId}${text ? ` (${text})` : ''} at entity ${entity} in batch [${batchStart}, ${batchEnd})` +
        `${args.length ? `, values ${args.join(', ')}` : ''}. The job's other batches were skipped; fix the data or the kernel.`,
    );
    this.job = job;
    this.messageId = messageId;
    this.entity = entity;
    this.args = args;
    this.batchStart = batchStart;
    this.batchEnd = batchEnd;
  }
}

/**
 * An assert failed inside a kernel (inline or on a worker): names the job, the
 * entity, the formatted message and the kernel's source location. The job's other
 * batches were skipped; the scheduler stays usable.
 */
export class JobAssertionError extends Error {
  override name = 'JobAssertionError';
  readonly job: string;
  /** The entity `assertEntity` named, or -1. */
  readonly entity: number;
  /** The formatted assert message. */
  readonly assertMessage: string;
  /** `module:line:column` of the failed assert (line 0 when the thread had no stack). */
  readonly location: string;
  readonly args: readonly number[];
  readonly batchStart: number;
  readonly batchEnd: number;
  constructor(job: string, entity: number, message: string, location: string, args: readonly number[], batchStart: number, batchEnd: number, where: string) {
    super(
      `Assert failed in job "${job}"${entity >= 0 ? ` at entity ${entity}` : ''}: ${message} (at ${location}; batch [${batchStart}, ${batchEnd}) on ${where}). ` +
        `The job's other batches were skipped; fix the data or the kernel.`,
    );
    this.job = job;
    this.entity = entity;
    this.assertMessage = message;
    this.location = location;
    this.args = args;
    this.batchStart = batchStart;
    this.batchEnd = batchEnd;
  }
}

/** More jobs in flight than the preallocated record pool holds. */
export class JobPoolExhaustedError extends Error {
  override name = 'JobPoolExhaustedError';
  constructor(capacity: number) {
    super(
      `All ${capacity} job records are in flight and none is complete. Complete handles (or let the frame end) ` +
        `before scheduling more: a frame holds at most this many jobs (the record pool is fixed, MAX_RECORDS in JobMemory.ts). ` +
        `Batch work into fewer, larger jobs (scheduleParallel over a range) rather than one job per item.`,
    );
  }
}

/** The scheduler was used after dispose(). */
export class JobSchedulerDisposedError extends Error {
  override name = 'JobSchedulerDisposedError';
  constructor(op: string) {
    super(`${op}: the job scheduler was disposed (its threads are ended). Create a new scheduler (or scene runtime).`);
  }
}

/** ready() waited past its bound for worker lanes to start and load the registered kernels. */
export class JobThreadsNotReadyError extends Error {
  override name = 'JobThreadsNotReadyError';
  constructor(ms: number, lanes: string, cause?: unknown) {
    const why = cause instanceof Error ? ` A worker failed: ${cause.name}: ${cause.message}.` : '';
    super(
      `Worker lanes not ready after ${ms} ms (${lanes}).${why} Check that workers/nodeJobWorker.mjs loads (tsx installed) ` +
        `and that kernel modules import cleanly in a worker; jobs still run meanwhile, on the main thread.`,
      cause instanceof Error ? { cause } : undefined,
    );
  }
}

/**
 * A browser worker thread failed outside a kernel (an uncaught error in the
 * worker, a module that would not load): its lane is marked dead, the batch it
 * held fails with JobWorkerLostError, and the host starts a replacement.
 */
export class JobWorkerError extends Error {
  override name = 'JobWorkerError';
  readonly lane: number;
  constructor(lane: number, problem: string) {
    super(`Worker lane ${lane} failed: ${problem}. The batch it held fails with JobWorkerLostError and a replacement worker takes the lane; see the worker's stack in the console, fix it and reset the scene.`);
    this.lane = lane;
  }
}

/** A kernel module id has no entry in the browser's kernel module registry. */
export class KernelModuleNotFoundError extends Error {
  override name = 'KernelModuleNotFoundError';
  constructor(id: string, known: readonly string[]) {
    super(`No kernel module "${id}" in this bundle. Kernel modules are scenes/<id>/jobs.ts and scenes/<id>/*Jobs.ts (known: ${known.join(', ') || 'none'}); move the defineJob call into one of them.`);
  }
}

/** A thread host was asked for a worker count it cannot serve. */
export class JobHostOptionsError extends Error {
  override name = 'JobHostOptionsError';
  constructor(host: string, workers: unknown, max: number) {
    super(
      `${host}: workers must be an integer from 1 to ${max}, got ${String(workers)}. ` +
        `For no worker threads, leave the host out: the scheduler then runs every job inline on the main thread.`,
    );
  }
}

/**
 * Throw {@link JobHostOptionsError} unless `workers` is a lane count a host can
 * serve (lane 0 is the main thread, so at most `MAX_LANES - 1` workers).
 *
 * @example
 * checkWorkerCount('NodeThreadHost', opts.workers);
 */
export function checkWorkerCount(host: string, workers: unknown): void {
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1 || workers > MAX_LANES - 1) throw new JobHostOptionsError(host, workers, MAX_LANES - 1);
}
