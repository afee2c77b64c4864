/**
 * Kernels of the orbits scene, as jobs. A job's kernel runs over an index range
 * [start, end) of typed arrays and numbers: no allocation, no captured state, so
 * the job system can run it inline or on worker threads, each taking batches.
 */
import { defineJob } from '../../src/jobs/defineJob.ts';
import { read, write, f64 } from '../../src/jobs/argDecl.ts';
import { assertEntity, defineMessage } from '../../src/assert/index.ts';

/**
 * Assert messages are registered at module top level: a kernel on a worker
 * reports the id and numbers, never a string, and every thread that loads this
 * module registers the same ids in the same order.
 */
const NOT_FINITE = defineMessage('orbits: body {e} has a non-finite angle {0}');

/**
 * Advance each body along its circle: `angle += speed * speedScale * dt` (kept in
 * [0, 2π)), then place it at `radius * (cos angle, sin angle)`. Bodies are
 * independent, so batches split the range freely (a parallel-for). Each array
 * arg says whether the kernel reads or writes it; the scheduler takes the
 * job's dependencies from the arrays `createArgs` binds.
 *
 * @example
 * const args = orbit.createArgs({ ids: bodies.ids, radius: Orbit.radius, angle: Orbit.angle, speed: Orbit.speed, px: Position.x, py: Position.y });
 * args.speedScale = 1; args.dt = 1 / 60;
 * jobs.scheduleParallel(orbit, bodies, 1024, args);
 */
export const orbit = defineJob({
  name: 'orbits.orbit',
  args: { ids: read.i32, radius: read.f32, speed: read.f32, angle: write.f32, px: write.f32, py: write.f32, speedScale: f64, dt: f64 },
  kernel(start, end, { ids, radius, angle, speed, px, py, speedScale, dt }) {
    const TAU = Math.PI * 2;
    for (let i = start; i < end; i++) {
      const e = ids[i];
      let a = angle[e] + speed[e] * speedScale * dt;
      if (a >= TAU) a -= TAU;
      else if (a < 0) a += TAU;
      // Stripped from release builds; in development it names the body that broke.
      assertEntity(e, Number.isFinite(a), NOT_FINITE, a);
      angle[e] = a;
      px[e] = radius[e] * Math.cos(a);
      py[e] = radius[e] * Math.sin(a);
    }
  },
});
