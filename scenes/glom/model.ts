import type { Rng } from '../../src/math/Rng.ts';

/**
 * The hand-set, seeded GLOM model: the scene layout (a background and two objects
 * of two parts each), random unit directions and random orthogonal matrices.
 * Setup-time only; nothing here runs per frame.
 */

/** Objects in the layout, background included (object 0). */
export const OBJECT_COUNT = 3;
/** Parts in the layout: the background is one part, each object has two. */
export const PART_COUNT = 5;

/**
 * Object and part of a cell of a `grid x grid` layout, in fractions of the grid so
 * it scales: object 1 is a tall box split top/bottom, object 2 a box split
 * left/right, everything else background (object 0, part 0).
 *
 * @example
 * const { object, part } = cellLabel(16, 3, 4); // { object: 1, part: 1 }
 */
export function cellLabel(grid: number, x: number, y: number): { object: number; part: number } {
  const fx = (x + 0.5) / grid;
  const fy = (y + 0.5) / grid;
  if (fx >= 0.12 && fx < 0.44 && fy >= 0.12 && fy < 0.8) return { object: 1, part: fy < 0.46 ? 1 : 2 };
  if (fx >= 0.56 && fx < 0.88 && fy >= 0.25 && fy < 0.88) return { object: 2, part: fx < 0.72 ? 3 : 4 };
  return { object: 0, part: 0 };
}

/**
 * A uniformly random unit direction in D dimensions (normalized Gaussian) into
 * `out[offset ..]`.
 *
 * @example
 * randomUnit(rng, 16, objectVec, 0);
 */
export function randomUnit(rng: Rng, D: number, out: Float32Array | Float64Array, offset = 0): void {
  let n = 0;
  for (let k = 0; k < D; k++) {
    const g = rng.normal();
    out[offset + k] = g;
    n += g * g;
  }
  const inv = 1 / Math.sqrt(n);
  for (let k = 0; k < D; k++) out[offset + k] *= inv;
}

/**
 * `out = normalize(a + s * b)` over D floats.
 *
 * @example
 * addScaledNormalized(objectDir, randomDir, 0.7, partDir, 16); // part = normalize(object + 0.7 rand)
 */
export function addScaledNormalized(a: Float64Array, b: Float64Array, s: number, out: Float64Array, D: number): void {
  let n = 0;
  for (let k = 0; k < D; k++) {
    const v = a[k] + s * b[k];
    out[k] = v;
    n += v * v;
  }
  const inv = 1 / Math.sqrt(n);
  for (let k = 0; k < D; k++) out[k] *= inv;
}

/**
 * A random orthogonal D x D matrix (Gram–Schmidt on Gaussian rows, computed in
 * f64), row-major into `out[offset ..]`. Orthogonal so that bottom-up and
 * top-down (its transpose) preserve cosines: a level's islands are not distorted
 * by the change of coordinates between levels.
 *
 * @example
 * randomOrthogonal(rng, 16, R, l * 16 * 16);
 */
export function randomOrthogonal(rng: Rng, D: number, out: Float32Array, offset: number): void {
  const m = new Float64Array(D * D);
  for (let r = 0; r < D; r++) {
    for (;;) {
      for (let c = 0; c < D; c++) m[r * D + c] = rng.normal();
      for (let q = 0; q < r; q++) {
        let dot = 0;
        for (let c = 0; c < D; c++) dot += m[r * D + c] * m[q * D + c];
        for (let c = 0; c < D; c++) m[r * D + c] -= dot * m[q * D + c];
      }
      let n = 0;
      for (let c = 0; c < D; c++) n += m[r * D + c] ** 2;
      if (n > 1e-8) {
        const inv = 1 / Math.sqrt(n);
        for (let c = 0; c < D; c++) m[r * D + c] *= inv;
        break;
      }
    }
  }
  for (let i = 0; i < D * D; i++) out[offset + i] = m[i];
}

/**
 * `(dx, dy)` pairs of the disc `dx² + dy² <= r²`, (0, 0) left out: the attention
 * neighbourhood of a level. Returns the pairs and their count.
 *
 * @example
 * discOffsets(1).count // 4
 */
export function discOffsets(r: number): { offsets: Int32Array; count: number } {
  const R = Math.floor(r);
  const list: number[] = [];
  for (let dy = -R; dy <= R; dy++)
    for (let dx = -R; dx <= R; dx++) if ((dx !== 0 || dy !== 0) && dx * dx + dy * dy <= r * r) list.push(dx, dy);
  return { offsets: Int32Array.from(list), count: list.length / 2 };
}
