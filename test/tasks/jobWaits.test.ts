import { describe, it, expect } from 'vitest';
import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent } from '../../src/ecs/World.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { NO_JOB } from '../../src/jobs/JobScheduler.ts';
import { JobKernelError } from '../../src/jobs/errors.ts';
import { waitJob, nextFrame } from '../../src/tasks/index.ts';
import { scaleAdd, throwAt } from '../jobs/fixtures/kernels.ts';

const N = 20_000;

/** A scene whose one coroutine schedules a job, waits for it, and records what it saw. */
function scene(fail: boolean) {
  const seen = { frameScheduled: -1, frameResumed: -1, first: 0, last: 0, error: '' };
  const def = defineScene({
    title: 'job-waits',
    params: {},
    capacity: () => N,
    setup({ world, jobs, tasks, time }) {
      // The fixture kernels declare `A.v`; the scheduler checks the world has it.
      const a = defineComponent(world, 'A', { v: 'f32' }).v;
      tasks.start(function* waiter() {
        yield nextFrame();
        seen.frameScheduled = time.frameCount;
        const h = fail
          ? jobs.scheduleParallel(throwAt, N, 1000, throwAt.createArgs({ a, at: 15_000 }), NO_JOB)
          : jobs.scheduleParallel(scaleAdd, N, 1000, scaleAdd.createArgs({ a, k: 1 }), NO_JOB);
        try {
          yield waitJob(h);
        } catch (err) {
          seen.error = (err as Error).name;
        }
        seen.frameResumed = time.frameCount;
        seen.first = a[1]!;
        seen.last = a[N - 1]!;
      });
    },
  });
  return { def, seen };
}

for (const workers of [0, 2]) {
  describe(`yield waitJob on the scene's scheduler, ${workers} workers`, () => {
    it('resumes after the job with its results in place', async () => {
      const { def, seen } = scene(false);
      const rt = createSceneRuntime(def, workers ? { host: new NodeThreadHost({ workers }) } : {});
      await rt.jobs.ready();
      for (let f = 0; f < 5; f++) rt.tick(1 / 60);
      await rt.dispose();
      expect(seen.frameScheduled).toBe(1);
      expect(seen.frameResumed).toBeGreaterThanOrEqual(1);
      expect(seen.frameResumed).toBeLessThanOrEqual(2);
      expect([seen.first, seen.last]).toEqual([1, N - 1]);
      expect(seen.error).toBe('');
    });

    it('throws the job error into the coroutine at its yield', async () => {
      const { def, seen } = scene(true);
      const rt = createSceneRuntime(def, workers ? { host: new NodeThreadHost({ workers }) } : {});
      await rt.jobs.ready();
      // The job fails; whichever comes first (the coroutine's poll or the frame's
      // completeAll) reports it, and the runtime stays usable for later frames.
      let frameError: unknown = null;
      for (let f = 0; f < 5; f++) {
        try {
          rt.tick(1 / 60);
        } catch (err) {
          frameError = err;
        }
      }
      await rt.dispose();
      if (seen.error) expect(seen.error).toBe('JobKernelError');
      else expect((frameError as { cause?: unknown })?.cause ?? frameError).toBeInstanceOf(JobKernelError);
      expect(seen.frameResumed).toBeGreaterThan(0);
    });
  });
}
