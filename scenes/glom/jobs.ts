/**
 * Jobs of the GLOM scene: kernels over (level, cell) pairs, no allocation, no
 * captured state, so lanes split them freely over the same SharedArrayBuffers.
 * Cell `i` is column `(i % grid, floor(i / grid))`; `ids[i]` is its entity id.
 *
 * Layout: the input (level 0) is `GlomInput.e`, D floats per entity at `e * D`.
 * Levels 1..L of an entity are packed in one record per field of `GlomLevels`
 * (`a` and `b`, the double buffer, and this iteration's terms `bu`, `td`, `att`):
 * level l at `e * L * D + (l - 1) * D`. One field per role rather than one
 * component per level lets one job cover every level: its index `j` in
 * `[0, L * cells)` is level `1 + floor(j / cells)`, cell `j % cells`.
 *
 * One iteration is synchronous (Jacobi): {@link bottomUp}, {@link topDown} and
 * {@link attention} read the read buffer (`a` or `b`, by parity) and write their
 * own term fields, so they may run at the same time; {@link combine} reads the
 * terms and writes the write buffer, so its automatic dependencies are exactly
 * those three. The dependencies follow the arrays bound at schedule time, so
 * one definition serves both parities.
 */
import { defineJob } from '../../src/jobs/defineJob.ts';
import { read, write, f64, i32 } from '../../src/jobs/argDecl.ts';
import { assertEntity, defineMessage } from '../../src/assert/index.ts';

// Assert messages: ids registered at module top level, the same on every thread.
const BU_NOT_UNIT = defineMessage('glom: column {e}, level {0}: the bottom-up term is not unit length');
const TD_NOT_UNIT = defineMessage('glom: column {e}, level {0}: the top-down term is not unit length');
const NOT_UNIT = defineMessage('glom: column {e}, level {0}: the combined embedding is not unit length');
const NOT_FINITE = defineMessage('glom: column {e}, level {0}: attention weights are not finite (beta too large?)');
const OUT_OF_RANGE = defineMessage('glom: column {e}, level {0}: record at {1} is outside its field of {2} floats');

/**
 * `dst[dstBase ..] = normalize(R src[srcBase ..])` (bottom-up, `transpose = 0`) or
 * `normalize(Rᵀ src)` (top-down, `transpose = 1`), for one D-vector. `R` is a
 * D x D row-major matrix at `R[rOffset ..]`. Integer and array args only, so a
 * call the optimizer does not inline still boxes nothing.
 *
 * @example
 * projectRow(Input.e, e * D, bu, e * L * D, R, 1 * D * D, D, 0);
 */
export function projectRow(src: Float32Array, srcBase: number, dst: Float32Array, dstBase: number, R: Float32Array, rOffset: number, D: number, transpose: number): void {
  // Row stride and column stride of the matrix walk: R[r][c] or R[c][r].
  const rs = transpose ? 1 : D;
  const cs = transpose ? D : 1;
  let norm = 0;
  for (let r = 0; r < D; r++) {
    let s = 0;
    let m = rOffset + r * rs;
    for (let c = 0; c < D; c++, m += cs) s += R[m] * src[srcBase + c];
    dst[dstBase + r] = s;
    norm += s * s;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let r = 0; r < D; r++) dst[dstBase + r] *= inv;
}

/**
 * {@link projectRow} for cells `[start, end)` of one-level arrays (D floats per
 * entity at `e * D`): `dst = normalize(R src)` or `normalize(Rᵀ src)`.
 *
 * @example
 * project(0, cells, ids, Input.e, up, R, 1 * D * D, D, 0);
 */
export function project(start: number, end: number, ids: Int32Array, src: Float32Array, dst: Float32Array, R: Float32Array, rOffset: number, D: number, transpose: number): void {
  for (let i = start; i < end; i++) projectRow(src, ids[i] * D, dst, ids[i] * D, R, rOffset, D, transpose);
}

/** Whether the D floats at `v[base ..]` have length 1 (to f32 rounding). Assert conditions only. */
function isUnit(v: Float32Array, base: number, D: number): boolean {
  let s = 0;
  for (let k = 0; k < D; k++) s += v[base + k] * v[base + k];
  return Math.abs(s - 1) < 1e-4;
}

/**
 * Bottom-up terms of every level: `bu_l = normalize(R_l e_{l-1})`, from the input
 * for level 1. Index `j` in `[0, L * cells)`: level `1 + floor(j / cells)`, cell
 * `j % cells`; each writes its own record slot.
 *
 * @example
 * jobs.scheduleParallel(bottomUp, L * cells, 64, bottomUp.createArgs({ ids, input: Input.e, cur: Levels.a, bu: Levels.bu, R, cells, L, D }));
 */
export const bottomUp = defineJob({
  name: 'glom.bottomUp',
  args: { ids: read.i32, input: read.f32, cur: read.f32, bu: write.f32, R: read.f32, cells: i32, L: i32, D: i32 },
  kernel(start, end, { ids, input, cur, bu, R, cells, L, D }) {
    const LD = L * D;
    for (let j = start; j < end; j++) {
      const l0 = (j / cells) | 0; // level - 1
      const e = ids[j - l0 * cells];
      const dst = e * LD + l0 * D;
      assertEntity(e, dst + D <= bu.length, OUT_OF_RANGE, l0 + 1, dst, bu.length);
      if (l0 === 0) projectRow(input, e * D, bu, dst, R, D * D, D, 0);
      else projectRow(cur, dst - D, bu, dst, R, (l0 + 1) * D * D, D, 0);
      assertEntity(e, isUnit(bu, dst, D), BU_NOT_UNIT, l0 + 1);
    }
  },
});

/**
 * Top-down terms of levels 1..L-1: `td_l = normalize(R_{l+1}ᵀ e_{l+1})`. Index `j`
 * in `[0, (L - 1) * cells)`, laid out as in {@link bottomUp}.
 *
 * @example
 * if (L > 1) jobs.scheduleParallel(topDown, (L - 1) * cells, 64, topDownArgs);
 */
export const topDown = defineJob({
  name: 'glom.topDown',
  args: { ids: read.i32, cur: read.f32, td: write.f32, R: read.f32, cells: i32, L: i32, D: i32 },
  kernel(start, end, { ids, cur, td, R, cells, L, D }) {
    const LD = L * D;
    for (let j = start; j < end; j++) {
      const l0 = (j / cells) | 0;
      const e = ids[j - l0 * cells];
      const dst = e * LD + l0 * D;
      projectRow(cur, dst + D, td, dst, R, (l0 + 2) * D * D, D, 1);
      assertEntity(e, isUnit(td, dst, D), TD_NOT_UNIT, l0 + 1);
    }
  },
});

/**
 * Attention within each level: the weighted mean of the other columns' embeddings
 * within the level's radius, weights `exp(beta * cos)`. Embeddings are unit
 * vectors, so cos is the dot product; the kernel uses `exp(beta * (cos - 1))`,
 * the same weights after normalization but never overflowing for large beta.
 * Level l's disc is `offsets[2 * discStart[l - 1] .. 2 * discStart[l])`, `(dx, dy)`
 * pairs of `dx² + dy² <= r²` without (0, 0). The betas are scalars (at most four
 * levels), copied into the job at schedule time: the live params may change
 * while an earlier iteration's job still runs.
 *
 * @example
 * jobs.scheduleParallel(attention, L * cells, 64, attentionArgs);
 */
export const attention = defineJob({
  name: 'glom.attention',
  args: {
    ids: read.i32, cur: read.f32, att: write.f32, offsets: read.i32, discStart: read.i32,
    grid: i32, L: i32, D: i32, beta1: f64, beta2: f64, beta3: f64, beta4: f64,
  },
  kernel(start, end, { ids, cur, att, offsets, discStart, grid, L, D, beta1, beta2, beta3, beta4 }) {
    const cells = grid * grid;
    const LD = L * D;
    for (let j = start; j < end; j++) {
      const l0 = (j / cells) | 0;
      const i = j - l0 * cells;
      const beta = l0 === 0 ? beta1 : l0 === 1 ? beta2 : l0 === 2 ? beta3 : beta4;
      const cx = i % grid;
      const cy = (i - cx) / grid;
      const e = ids[i];
      const base = e * LD + l0 * D;
      for (let k = 0; k < D; k++) att[base + k] = 0;
      let wsum = 0;
      const o1 = discStart[l0 + 1];
      for (let o = discStart[l0]; o < o1; o++) {
        const x = cx + offsets[2 * o];
        const y = cy + offsets[2 * o + 1];
        if (x < 0 || y < 0 || x >= grid || y >= grid) continue;
        const nb = ids[y * grid + x] * LD + l0 * D;
        let dot = 0;
        for (let k = 0; k < D; k++) dot += cur[base + k] * cur[nb + k];
        const w = Math.exp(beta * (dot - 1));
        wsum += w;
        for (let k = 0; k < D; k++) att[base + k] += w * cur[nb + k];
      }
      assertEntity(e, wsum - wsum === 0, NOT_FINITE, l0 + 1);
      const inv = wsum > 0 ? 1 / wsum : 0;
      for (let k = 0; k < D; k++) att[base + k] *= inv;
    }
  },
});

/**
 * `e_l <- normalize(mean(previous, bottom-up, top-down, attention))` for every
 * level, from the read buffer `prev` into the write buffer `out`; the top level
 * has no top-down term, and attention can be off (`useAtt = 0`). Since the
 * result is normalized, the sum stands for the mean. Own record slot only.
 *
 * @example
 * jobs.scheduleParallel(combine, L * cells, 64, combineArgs); // after bottomUp, topDown, attention
 */
export const combine = defineJob({
  name: 'glom.combine',
  args: { ids: read.i32, prev: read.f32, bu: read.f32, td: read.f32, att: read.f32, out: write.f32, cells: i32, L: i32, D: i32, useAtt: i32 },
  kernel(start, end, { ids, prev, bu, td, att, out, cells, L, D, useAtt }) {
    const LD = L * D;
    for (let j = start; j < end; j++) {
      const l0 = (j / cells) | 0;
      const e = ids[j - l0 * cells];
      const base = e * LD + l0 * D;
      const useTd = l0 < L - 1;
      let norm = 0;
      for (let k = 0; k < D; k++) {
        const m = base + k;
        let s = prev[m] + bu[m];
        if (useTd) s += td[m];
        if (useAtt) s += att[m];
        out[m] = s;
        norm += s * s;
      }
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < D; k++) out[base + k] *= inv;
      assertEntity(e, isUnit(out, base, D), NOT_UNIT, l0 + 1);
    }
  },
});

/**
 * Islands of level `index` (0 = input, the input's own layout): connected groups
 * of 4-neighbour columns whose embeddings' cosine exceeds `threshold`, by
 * union-find with path halving. Labels (`Islands.label[e * (L + 1) + level]`) are
 * the smallest cell index of each island; `counts[level]` the island count.
 * Union-find is sequential within a level, but levels are independent: a
 * parallel-for over `[0, L + 1)` in batches of 1, each level with its own
 * `parent` scratch range.
 *
 * @example
 * jobs.scheduleParallel(islands, L + 1, 1, islandsArgs);
 */
export const islands = defineJob({
  name: 'glom.islands',
  args: { ids: read.i32, input: read.f32, cur: read.f32, parent: write.i32, labels: write.i32, counts: write.i32, grid: i32, L: i32, D: i32, threshold: f64 },
  kernel(start, end, { ids, input, cur, parent, labels, counts, grid, L, D, threshold }) {
    const n = grid * grid;
    for (let level = start; level < end; level++) {
      const src = level === 0 ? input : cur;
      const stride = level === 0 ? D : L * D;
      const off = level === 0 ? 0 : (level - 1) * D;
      const p0 = level * n;
      for (let i = 0; i < n; i++) parent[p0 + i] = i;
      for (let i = 0; i < n; i++) {
        const x = i % grid;
        const a = ids[i] * stride + off;
        // Right and down neighbours cover every 4-neighbour pair once.
        if (x + 1 < grid && dotAt(src, a, ids[i + 1] * stride + off, D) > threshold) union(parent, p0, i, i + 1);
        if (i + grid < n && dotAt(src, a, ids[i + grid] * stride + off, D) > threshold) union(parent, p0, i, i + grid);
      }
      let count = 0;
      for (let i = 0; i < n; i++) {
        const r = find(parent, p0, i);
        if (r === i) count++;
        labels[ids[i] * (L + 1) + level] = r;
      }
      counts[level] = count;
    }
  },
});

function dotAt(v: Float32Array, a: number, b: number, D: number): number {
  let s = 0;
  for (let k = 0; k < D; k++) s += v[a + k] * v[b + k];
  return s;
}

/** Root of `i` in the forest at `parent[p0 ..]`, halving the path on the way. */
function find(parent: Int32Array, p0: number, i: number): number {
  while (parent[p0 + i] !== i) {
    const p = parent[p0 + parent[p0 + i]];
    parent[p0 + i] = p;
    i = p;
  }
  return i;
}

function union(parent: Int32Array, p0: number, a: number, b: number): void {
  const ra = find(parent, p0, a);
  const rb = find(parent, p0, b);
  // The smaller index becomes the root, so labels are each island's first cell.
  if (ra < rb) parent[p0 + rb] = ra;
  else if (rb < ra) parent[p0 + ra] = rb;
}
