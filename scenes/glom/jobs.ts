/**
 * Kernels of the GLOM scene: plain functions over a range of grid cells, no
 * allocation, no captured state, so the job system can run them on workers over
 * the same SharedArrayBuffers. Cell `i` is column `(i % grid, floor(i / grid))`;
 * `ids[i]` is its entity id, and a D-float embedding of entity `e` sits at
 * `[e * D, e * D + D)` of a vector field.
 *
 * One iteration of every level is synchronous (Jacobi): all kernels read the
 * levels' *read* buffers and only {@link combine} writes, into the *write*
 * buffers; the scene swaps the two afterwards. So the kernels of one iteration
 * have no write-read conflicts between cells and split into ranges freely.
 */

/**
 * `dst = normalize(R src)` (bottom-up, `transpose = 0`) or `normalize(Rᵀ src)`
 * (top-down, `transpose = 1`), per cell. `R` is a D x D row-major matrix at
 * `R[rOffset ..]`.
 *
 * Reads: `src` (Input.e or GlomLevel<l>.a|b, the read buffer), `R`.
 * Writes: `dst` (GlomLevel<l>.bu or .td), own cells only.
 * Invariant (for asserts): `dst` rows finite and unit length.
 *
 * @example
 * project(0, cells, ids, Input.e, Level1.bu, R, 1 * D * D, D, 0); // bottom-up into level 1
 */
export function project(
  start: number,
  end: number,
  ids: Int32Array,
  src: Float32Array,
  dst: Float32Array,
  R: Float32Array,
  rOffset: number,
  D: number,
  transpose: number,
): void {
  // Row stride and column stride of the matrix walk: R[r][c] or R[c][r].
  const rs = transpose ? 1 : D;
  const cs = transpose ? D : 1;
  for (let i = start; i < end; i++) {
    const base = ids[i]! * D;
    let norm = 0;
    for (let r = 0; r < D; r++) {
      let s = 0;
      let m = rOffset + r * rs;
      for (let c = 0; c < D; c++, m += cs) s += R[m]! * src[base + c]!;
      dst[base + r] = s;
      norm += s * s;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let r = 0; r < D; r++) dst[base + r]! *= inv;
  }
}

/**
 * Attention within one level: the weighted mean of the other columns' embeddings
 * within the level's radius, weights `exp(beta * cos)`. Embeddings are unit
 * vectors, so cos is the dot product; the kernel uses `exp(beta * (cos - 1))`,
 * the same weights after normalization but never overflowing for large beta.
 * `offsets` holds `(dx, dy)` pairs of the disc `dx² + dy² <= r²` without (0, 0).
 *
 * Reads: `src` (GlomLevel<l> read buffer) of the cell and its neighbours.
 * Writes: `dst` (GlomLevel<l>.att), own cells only.
 * Invariant: `dst` rows finite (a convex combination of unit vectors).
 *
 * @example
 * attention(0, cells, ids, grid, Level1.a, Level1.att, D, disc.offsets, disc.count, 20);
 */
export function attention(
  start: number,
  end: number,
  ids: Int32Array,
  grid: number,
  src: Float32Array,
  dst: Float32Array,
  D: number,
  offsets: Int32Array,
  offsetCount: number,
  beta: number,
): void {
  for (let i = start; i < end; i++) {
    const cx = i % grid;
    const cy = (i - cx) / grid;
    const base = ids[i]! * D;
    for (let k = 0; k < D; k++) dst[base + k] = 0;
    let wsum = 0;
    for (let o = 0; o < offsetCount; o++) {
      const x = cx + offsets[2 * o]!;
      const y = cy + offsets[2 * o + 1]!;
      if (x < 0 || y < 0 || x >= grid || y >= grid) continue;
      const nb = ids[y * grid + x]! * D;
      let dot = 0;
      for (let k = 0; k < D; k++) dot += src[base + k]! * src[nb + k]!;
      const w = Math.exp(beta * (dot - 1));
      wsum += w;
      for (let k = 0; k < D; k++) dst[base + k]! += w * src[nb + k]!;
    }
    const inv = wsum > 0 ? 1 / wsum : 0;
    for (let k = 0; k < D; k++) dst[base + k]! *= inv;
  }
}

/**
 * `e_l <- normalize(mean(previous, bottom-up, top-down, attention))`; a term whose
 * flag is 0 is left out of the mean (the top level has no top-down term; attention
 * can be switched off). Since the result is normalized, the sum stands for the mean.
 *
 * Reads: `prev` (GlomLevel<l> read buffer), `bu`, `td`, `att` (GlomLevel<l>).
 * Writes: `out` (GlomLevel<l> write buffer), own cells only.
 * Invariant: `out` rows finite and unit length.
 *
 * @example
 * combine(0, cells, ids, Level1.a, Level1.bu, Level1.td, Level1.att, Level1.b, D, 1, 1);
 */
export function combine(
  start: number,
  end: number,
  ids: Int32Array,
  prev: Float32Array,
  bu: Float32Array,
  td: Float32Array,
  att: Float32Array,
  out: Float32Array,
  D: number,
  useTd: number,
  useAtt: number,
): void {
  for (let i = start; i < end; i++) {
    const base = ids[i]! * D;
    let norm = 0;
    for (let k = 0; k < D; k++) {
      const j = base + k;
      let s = prev[j]! + bu[j]!;
      if (useTd) s += td[j]!;
      if (useAtt) s += att[j]!;
      out[j] = s;
      norm += s * s;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < D; k++) out[base + k]! *= inv;
  }
}

/**
 * Islands of one level: connected groups of 4-neighbour columns whose embeddings'
 * cosine exceeds `threshold`, by union-find with path halving. Labels are the
 * smallest cell index of each island. Returns the island count.
 *
 * Union-find is sequential, so this kernel runs as one range over the whole grid
 * (`start = 0, end = grid * grid`); it is cheap and runs every few frames.
 *
 * Reads: `src` (Input.e or GlomLevel<l> read buffer).
 * Writes: `parent` (scratch, one Int32 per cell), `labels[i * stride + level]`
 * (Islands.label).
 *
 * @example
 * const count = islands(grid, ids, Level3.a, D, 0.95, parent, Islands.label, L + 1, 3);
 */
export function islands(
  grid: number,
  ids: Int32Array,
  src: Float32Array,
  D: number,
  threshold: number,
  parent: Int32Array,
  labels: Int32Array,
  stride: number,
  level: number,
): number {
  const n = grid * grid;
  for (let i = 0; i < n; i++) parent[i] = i;
  for (let i = 0; i < n; i++) {
    const x = i % grid;
    const a = ids[i]! * D;
    // Right and down neighbours cover every 4-neighbour pair once.
    if (x + 1 < grid && dotAt(src, a, ids[i + 1]! * D, D) > threshold) union(parent, i, i + 1);
    if (i + grid < n && dotAt(src, a, ids[i + grid]! * D, D) > threshold) union(parent, i, i + grid);
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = find(parent, i);
    if (r === i) count++;
    labels[ids[i]! * stride + level] = r;
  }
  return count;
}

function dotAt(v: Float32Array, a: number, b: number, D: number): number {
  let s = 0;
  for (let k = 0; k < D; k++) s += v[a + k]! * v[b + k]!;
  return s;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    const p = parent[parent[i]!]!;
    parent[i] = p;
    i = p;
  }
  return i;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  // The smaller index becomes the root, so labels are each island's first cell.
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}
