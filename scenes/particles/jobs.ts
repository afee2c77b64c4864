/**
 * Kernels of the particles scene: plain functions over an index range of typed
 * arrays, with no captured state, so the same source runs inline or on workers.
 */

/** `pos += vel * dt`, wrapping into [0, width) x [0, height). */
export function integrate(
  start: number,
  end: number,
  ids: Int32Array,
  px: Float32Array,
  py: Float32Array,
  vx: Float32Array,
  vy: Float32Array,
  dt: number,
  width: number,
  height: number,
): void {
  for (let i = start; i < end; i++) {
    const e = ids[i]!;
    let x = px[e]! + vx[e]! * dt;
    let y = py[e]! + vy[e]! * dt;
    // One conditional subtract is enough while |vel * dt| < size; modulo handles the rest.
    if (x < 0) x += width;
    else if (x >= width) x -= width;
    if (y < 0) y += height;
    else if (y >= height) y -= height;
    if (x < 0 || x >= width) x = ((x % width) + width) % width;
    if (y < 0 || y >= height) y = ((y % height) + height) % height;
    px[e] = x;
    py[e] = y;
  }
}
