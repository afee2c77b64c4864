/**
 * Kernels that turn the particles' components into instance data for the view:
 * plain functions over an index range with no three.js import, so the job system
 * can run them on workers over the same shared arrays; today the view calls them
 * inline over the whole range.
 */

/**
 * For instances `[start, end)`: interpolate each particle between its pre-step and
 * current position (the short way round the wrapping box), centre the box on the
 * origin, and write a translation + uniform scale matrix and a direction colour.
 *
 * @example
 * writeParticleInstances(0, movers.count, movers.ids, Position.x, Position.y, prevX, prevY,
 *   Velocity.x, Velocity.y, time.alpha, size, 0.7, base, boxes.matrices, boxes.colors);
 */
export function writeParticleInstances(
  start: number,
  end: number,
  ids: Int32Array,
  px: Float32Array,
  py: Float32Array,
  prevX: Float32Array,
  prevY: Float32Array,
  vx: Float32Array,
  vy: Float32Array,
  alpha: number,
  size: number,
  scale: number,
  maxSpeed: number,
  matrices: Float32Array,
  colors: Float32Array,
): void {
  const half = size * 0.5;
  const inv = maxSpeed > 0 ? 1 / maxSpeed : 0;
  for (let i = start; i < end; i++) {
    const e = ids[i];
    let dx = px[e] - prevX[e];
    if (dx > half) dx -= size;
    else if (dx < -half) dx += size;
    let dy = py[e] - prevY[e];
    if (dy > half) dy -= size;
    else if (dy < -half) dy += size;
    const m = i * 16;
    matrices[m] = scale;
    matrices[m + 5] = scale;
    matrices[m + 10] = scale;
    matrices[m + 12] = prevX[e] + dx * alpha - half;
    matrices[m + 13] = prevY[e] + dy * alpha - half;
    matrices[m + 14] = 0;
    // Hue from heading, brightness from speed: no trig, just the unit vector.
    const ux = vx[e];
    const uy = vy[e];
    const sp = Math.sqrt(ux * ux + uy * uy);
    const n = sp > 0 ? 1 / sp : 0;
    const k = 0.35 + 0.65 * Math.min(1, sp * inv);
    const c = i * 3;
    colors[c] = k * (0.55 + 0.45 * ux * n);
    colors[c + 1] = k * (0.55 + 0.45 * uy * n);
    colors[c + 2] = k * (0.75 - 0.25 * ux * n);
  }
}
