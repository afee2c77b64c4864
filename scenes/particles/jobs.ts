/**
 * Kernels of the particles scene: plain functions over an index range of typed
 * arrays, with no captured state, so the same source runs inline or on workers
 * (which import this module and find each job by name).
 */
import { defineJob } from '../../src/jobs/defineJob.ts';
import { read, write, f64 } from '../../src/jobs/argDecl.ts';
import { assertEntity, defineMessage } from '../../src/assert/index.ts';

// Top level, so every thread that loads this module registers it under the same id.
const OUTSIDE = defineMessage('particle {e} left the box after wrapping: ({0}, {1}); is its velocity finite?');

/** `pos += vel * dt` over the movers snapshot, wrapping into [0, width) x [0, height). */
export const integrate = defineJob({
  name: 'particles.integrate',
  args: { ids: read.i32, px: write.f32, py: write.f32, vx: read.f32, vy: read.f32, dt: f64, width: f64, height: f64 },
  kernel(start, end, { ids, px, py, vx, vy, dt, width, height }) {
    for (let i = start; i < end; i++) {
      const e = ids[i];
      let x = px[e] + vx[e] * dt;
      let y = py[e] + vy[e] * dt;
      // One conditional subtract is enough while |vel * dt| < size; modulo handles the rest.
      if (x < 0) x += width;
      else if (x >= width) x -= width;
      if (y < 0) y += height;
      else if (y >= height) y -= height;
      if (x < 0 || x >= width) x = ((x % width) + width) % width;
      if (y < 0 || y >= height) y = ((y % height) + height) % height;
      // Also catches NaN from a non-finite velocity: every comparison with NaN is false.
      assertEntity(e, x >= 0 && x < width && y >= 0 && y < height, OUTSIDE, x, y);
      px[e] = x;
      py[e] = y;
    }
  },
});
