/**
 * Kernels of the predator-prey scene. Both write Position (each its own
 * entities) and read the other side's, so the scheduler runs `flee` after
 * `hunt` without being told: they bind the same arrays.
 */
import { defineJob } from '../../src/jobs/defineJob.ts';
import { read, write, f64, i32 } from '../../src/jobs/argDecl.ts';
import { assertEntity, defineMessage } from '../../src/assert/index.ts';

const NOT_FINITE = defineMessage('predators: prey {e} has a non-finite position ({0}, {1})');

/** The nearest of `n` entities `ids` to (x, y) within `range`, or -1. A pure helper: the kernel compiler compiles it too. */
function nearest(ids: Int32Array, n: number, px: Float32Array, py: Float32Array, x: number, y: number, range: number): number {
  let best = -1;
  let bestD = range * range;
  for (let j = 0; j < n; j++) {
    const o = ids[j];
    const dx = px[o] - x;
    const dy = py[o] - y;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

/**
 * Each hunter that is not digesting runs at the nearest prey; within `reach` it
 * catches it: the prey is flagged (every hunter that reaches it counts a meal,
 * so batches never read what another batch writes).
 */
export const hunt = defineJob({
  name: 'predators.hunt',
  args: { hunters: read.i32, prey: read.i32, nPrey: i32, resting: read.u8, px: write.f32, py: write.f32, meals: write.u32, caught: write.u8, speed: f64, reach: f64, dt: f64 },
  kernel(start, end, { hunters, prey, nPrey, resting, px, py, meals, caught, speed, reach, dt }) {
    for (let i = start; i < end; i++) {
      const e = hunters[i];
      if (resting[e] !== 0) continue;
      const p = nearest(prey, nPrey, px, py, px[e], py[e], 1e9);
      if (p < 0) continue;
      const dx = px[p] - px[e];
      const dy = py[p] - py[e];
      const d = Math.sqrt(dx * dx + dy * dy);
      const step = Math.min(d, speed * dt);
      if (d > 0) {
        px[e] += (dx / d) * step;
        py[e] += (dy / d) * step;
      }
      if (d - step <= reach) {
        caught[p] = 1;
        meals[e]++;
      }
    }
  },
});

/** Each prey runs straight away from the nearest hunter it sees, and otherwise grazes (slows down), kept inside the world. */
export const flee = defineJob({
  name: 'predators.flee',
  args: { prey: read.i32, hunters: read.i32, nHunters: i32, px: write.f32, py: write.f32, vx: write.f32, vy: write.f32, speed: f64, sight: f64, size: f64, dt: f64 },
  kernel(start, end, { prey, hunters, nHunters, px, py, vx, vy, speed, sight, size, dt }) {
    for (let i = start; i < end; i++) {
      const e = prey[i];
      const h = nearest(hunters, nHunters, px, py, px[e], py[e], sight);
      if (h >= 0) {
        const dx = px[e] - px[h];
        const dy = py[e] - py[h];
        const d = Math.sqrt(dx * dx + dy * dy) || 1;
        vx[e] = (dx / d) * speed;
        vy[e] = (dy / d) * speed;
      } else {
        vx[e] *= 0.9;
        vy[e] *= 0.9;
      }
      px[e] = Math.min(size, Math.max(0, px[e] + vx[e] * dt));
      py[e] = Math.min(size, Math.max(0, py[e] + vy[e] * dt));
      assertEntity(e, Number.isFinite(px[e] + py[e]), NOT_FINITE, px[e], py[e]);
    }
  },
});
