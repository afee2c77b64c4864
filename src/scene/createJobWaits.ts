import type { JobScheduler, JobHandle } from '../jobs/JobScheduler.ts';
import type { JobWaitSource } from '../tasks/JobWaitSource.ts';

/**
 * The adapter between the two: jobs know nothing of coroutines, so the scene
 * runtime, which assembles both, makes the scheduler a coroutine's job-wait source (`yield waitJob(handle)`): a
 * non-blocking poll per pass of the waiting coroutine's phase.
 *
 * - With worker threads, `isDone` reads the record's state; the job runs on its own.
 * - Inline (no workers) nothing runs a job until someone completes it, so the
 *   poll completes it there and then: the coroutine resumes in the same pass.
 * - A handle recycled at a frame end was completed by that frame's `completeAll`
 *   (which threw any failure out of the frame), so it reads as done and clean.
 *
 * @example
 * tasks.jobs = createJobWaits(jobs);
 * // in a coroutine: const h = jobs.scheduleParallel(...); yield waitJob(h);
 */
export function createJobWaits(jobs: JobScheduler): JobWaitSource<JobHandle> {
  return {
    isDone(h) {
      if (!jobs.isLive(h)) return true;
      if (jobs.workers === 0) return true; // errorOf completes it inline
      return jobs.isCompleted(h);
    },
    errorOf(h) {
      if (!jobs.isLive(h)) return undefined;
      try {
        jobs.complete(h); // done (or inline): returns without blocking on workers
      } catch (err) {
        return err;
      }
      return undefined;
    },
    describe: (h) => `job handle ${h}`,
  };
}
