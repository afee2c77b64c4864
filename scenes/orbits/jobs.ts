/**
 * Kernels of the orbits scene. A kernel is a plain function over an index range
 * [start, end) of typed arrays and numbers: no allocation, no captured state, so
 * the job system can run the same function on worker threads.
 */

/**
 * Advance each body along its circle: `angle += speed * dt` (kept in [0, 2π)),
 * then place it at `radius * (cos angle, sin angle)`.
 *
 * Reads: Orbit.radius, Orbit.speed, Orbit.angle. Writes: Orbit.angle, Position.x, Position.y.
 *
 * @example
 * orbit(0, bodies.count, bodies.ids, Orbit.radius, Orbit.angle, Orbit.speed, Position.x, Position.y, 1, 1 / 60);
 */
export function orbit(
  start: number,
  end: number,
  ids: Int32Array,
  radius: Float32Array,
  angle: Float32Array,
  speed: Float32Array,
  px: Float32Array,
  py: Float32Array,
  speedScale: number,
  dt: number,
): void {
  const TAU = Math.PI * 2;
  for (let i = start; i < end; i++) {
    const e = ids[i]!;
    let a = angle[e]! + speed[e]! * speedScale * dt;
    if (a >= TAU) a -= TAU;
    else if (a < 0) a += TAU;
    angle[e] = a;
    px[e] = radius[e]! * Math.cos(a);
    py[e] = radius[e]! * Math.sin(a);
  }
}
