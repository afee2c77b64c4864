import { StepMode } from '../CoroutineMachine.ts';
import { NoJobSourceError } from '../errors.ts';
import type { JobWaitSource } from '../JobWaitSource.ts';
import { WaitKind } from '../Wait.ts';
import { dropNothing, notAwaiting, type WaitHandler } from './WaitHandler.ts';

/*
 * Job waits (`waitJob(handle, source?)`): poll the source once per pass.
 * Record: ref = the job's handle; ref2 = the JobWaitSource polled (the one passed,
 * else the runner's `tasks.jobs`).
 */

/**
 * `waitJob(handle)`: resume when the source says the job is done; a failed job's
 * error is thrown at the yield.
 *
 * @example
 * // yield waitJob(h) arms this handler.
 */
export const JobWait: WaitHandler = {
  label: 'job',
  arm(host, s, sc) {
    const pool = host.pool;
    const source = (sc.ref2 as JobWaitSource<any> | null) ?? host.jobs;
    if (!source) return new NoJobSourceError(pool.name[s]!);
    pool.waitKind[s] = WaitKind.Job;
    pool.ref[s] = sc.ref;
    pool.ref2[s] = source;
    return undefined;
  },
  ready(host, s) {
    const source = host.pool.ref2[s] as JobWaitSource<any>;
    // Kick batched dispatch once per pass, before the first poll of that source.
    if (source.flush && host.jobSourceFlushed !== source) {
      host.jobSourceFlushed = source;
      source.flush();
    }
    return source.isDone(host.pool.ref[s]);
  },
  resume(host, s) {
    const pool = host.pool;
    const error = (pool.ref2[s] as JobWaitSource<any>).errorOf?.(pool.ref[s]);
    pool.ref[s] = pool.ref2[s] = null;
    if (error === undefined) host.advance(s, StepMode.Next, undefined);
    else host.advance(s, StepMode.Throw, error);
  },
  drop: dropNothing,
  awaitedDone: notAwaiting,
  resumesInPass: false,
};
