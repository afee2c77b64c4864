/**
 * Kernels of the boids scene: plain functions over an index range, no allocation,
 * no captured state. Each frame:
 *
 * 1. {@link assignCells}: the uniform-grid cell of every boid.
 * 2. {@link countCells}, {@link prefixSum}, {@link scatterSorted}: a counting sort
 *    of the boids by cell into SAB arrays, copying position and velocity into
 *    cell order so the neighbour loop reads memory nearly sequentially.
 * 3. {@link steer}: separation, alignment and cohesion over the block of cells
 *    around each boid, then integration, written back by entity id.
 *
 * The world is a torus `[0, size)²`; cells are at least `radius / reach` wide, so
 * every neighbour within `radius` is in the `(2 reach + 1)²` block around the
 * boid's cell (grids are at least `2 reach + 1` wide, so the block never visits a
 * cell twice). `reach = 2` (5 x 5 cells of half the radius) scans 25/36 of the
 * area `reach = 1` (3 x 3 cells of the radius) does, so fewer candidates fail the
 * distance test.
 *
 * Layout: a boid's state is one record of {@link STRIDE} floats in the vector
 * field `Boid.s` (x, y, vx, vy, align, neighbours, 2 spare): 32 bytes, half a cache
 * line. Structure-of-arrays would cost one cache miss per field on the two
 * random-order passes (the scatter into cell order, the write-back by entity id);
 * a record costs one. The sorted copy is packed the same way, 4 floats per slot.
 * The kernels spell offsets and strides as literals: module constants are context
 * loads the optimizer does not always fold, and this is the innermost loop.
 *
 * Jobs: each kernel is a job ({@link assignCellsJob} … {@link steerJob}) that the
 * scene schedules every fixed step. The grid's scratch arrays are not component
 * fields, so the scheduler cannot order jobs through them: the scene chains the
 * grid jobs with explicit handles. The plain functions of the same names run a
 * kernel directly, for tests and one-off callers (`steer` and `assignCells`
 * allocate an args object per call; the jobs do not).
 */
import { defineJob } from '../../src/jobs/defineJob.ts';
import { assertEntity, defineMessage } from '../../src/assert/index.ts';

// Assert messages: ids registered at module top level, the same on every thread.
const CELL_RANGE = defineMessage('boids: boid {e} is at a negative or NaN position, in cell ({0}, {1}) of a {2}-wide grid');
const SLOT_RANGE = defineMessage('boids: boid {e} got sorted slot {0}, outside [0, {1})');
const VELOCITY = defineMessage('boids: boid {e} has a non-finite velocity ({0}, {1})');
const POSITION = defineMessage('boids: boid {e} left the world: ({0}, {1}), size {2}');

/** Floats per boid in `Boid.s`. */
export const STRIDE = 8;
/** Offsets of the fields in a `Boid.s` record. */
export const X = 0;
export const Y = 1;
export const VX = 2;
export const VY = 3;
/** Cosine between the boid's velocity and its neighbours' mean velocity (0 without neighbours). */
export const ALIGN = 4;
/** Neighbours within the perception radius at the last step. */
export const NEIGHBOURS = 5;
/** Floats per slot of the sorted copy: x, y, vx, vy. */
export const SORTED_STRIDE = 4;

/**
 * Cell of each boid `ids[i]`, row-major `cy * gridW + cx`, into `cellOf[i]`.
 *
 * Reads: Boid.s (x, y). Writes: cellOf[i] (scratch, per slot). Ranges split freely.
 * Invariant: 0 <= cellOf[i] < gridW².
 *
 * @example
 * assignCells(0, n, ids, Boid.s, cellOf, gridW / size, gridW);
 */
export function assignCells(start: number, end: number, ids: Int32Array, state: Float32Array, cellOf: Int32Array, invCell: number, gridW: number): void {
  assignCellsJob.kernel(start, end, { ids, state, cellOf, invCell, gridW });
}

/**
 * Boids per cell: `cellCount[c]` += 1 for every `cellOf[i] = c`. The caller zeroes
 * `cellCount` first ({@link prefixSum} leaves it zeroed for the next frame).
 *
 * Reads: cellOf. Writes: cellCount (shared by all boids: one range, or
 * per-range counts summed before the prefix sum when run as parallel jobs).
 *
 * @example
 * countCells(0, n, cellOf, cellCount); // cellCount zeroed by the last prefixSum
 */
export function countCells(start: number, end: number, cellOf: Int32Array, cellCount: Int32Array): void {
  for (let i = start; i < end; i++) cellCount[cellOf[i]!]!++;
}

/**
 * Exclusive prefix sum: `cellStart[c]` = boids in cells before c, `cellStart[cells]`
 * = total; `cursor` gets the same starts (the scatter's write positions) and
 * `cellCount` is zeroed for the next frame. Sequential, O(cells).
 *
 * Reads: cellCount. Writes: cellStart, cursor, cellCount.
 *
 * @example
 * prefixSum(cellCount, cellStart, cursor, gridW * gridW); // cellStart[cells] === n
 */
export function prefixSum(cellCount: Int32Array, cellStart: Int32Array, cursor: Int32Array, cells: number): void {
  let sum = 0;
  for (let c = 0; c < cells; c++) {
    const n = cellCount[c]!;
    cellStart[c] = sum;
    cursor[c] = sum;
    cellCount[c] = 0;
    sum += n;
  }
  cellStart[cells] = sum;
}

/**
 * Place each boid at its cell's next free slot: `sortedId[slot] = e` and its
 * position and velocity copied to `sorted[slot * 4 ..]`. Slots follow `ids` order
 * within a cell, so the sort is stable and the frame deterministic.
 *
 * Reads: cellOf, Boid.s (x, y, vx, vy). Writes: cursor, sortedId, sorted (one
 * range: the cursors are shared).
 *
 * @example
 * scatterSorted(0, n, ids, cellOf, cursor, sortedId, Boid.s, sorted);
 */
export function scatterSorted(
  start: number,
  end: number,
  ids: Int32Array,
  cellOf: Int32Array,
  cursor: Int32Array,
  sortedId: Int32Array,
  state: Float32Array,
  sorted: Float32Array,
): void {
  for (let i = start; i < end; i++) {
    const e = ids[i]!;
    const slot = cursor[cellOf[i]!]!++;
    assertEntity(e, slot < end, SLOT_RANGE, slot, end);
    sortedId[slot] = e;
    const b = e * 8;
    const o = slot * 4;
    sorted[o] = state[b]!;
    sorted[o + 1] = state[b + 1]!;
    sorted[o + 2] = state[b + 2]!;
    sorted[o + 3] = state[b + 3]!;
  }
}

/**
 * Flocking for the boids in sorted slots `[start, end)`: over every other boid
 * within `radius` (torus distance), separation (push away, weighted 1/d, from
 * those within `sepRadius`), alignment (steer toward the neighbours' mean
 * velocity) and cohesion (toward their mean position); speed clamped to
 * `[minSpeed, maxSpeed]`; then `pos += vel * dt`, wrapped. Also writes each boid's
 * local alignment (cosine between its velocity and its neighbours' mean velocity,
 * 0 without neighbours) and neighbour count.
 *
 * Reads: the sorted copy, sortedId, cellStart (never the component it writes, so
 * slots split into ranges freely).
 * Writes, by entity id: Boid.s (x, y, vx, vy, align, neighbours).
 * Invariants: velocities finite with minSpeed <= |v| <= maxSpeed; positions in [0, size).
 *
 * @example
 * steer(0, n, sortedId, cellStart, sorted, Boid.s, gridW, invCell, 2, size, 2, 1.2, 6, 2, 0.5, 2, 6, 1 / 60);
 */
export function steer(
  start: number,
  end: number,
  sortedId: Int32Array,
  cellStart: Int32Array,
  sorted: Float32Array,
  state: Float32Array,
  gridW: number,
  invCell: number,
  reach: number,
  size: number,
  radius: number,
  sepRadius: number,
  wSep: number,
  wAlign: number,
  wCoh: number,
  minSpeed: number,
  maxSpeed: number,
  dt: number,
): void {
  steerJob.kernel(start, end, { sortedId, cellStart, sorted, state, gridW, invCell, reach, size, radius, sepRadius, wSep, wAlign, wCoh, minSpeed, maxSpeed, dt });
}

/**
 * {@link assignCells} as a parallel-for over the boids snapshot: every index writes
 * its own `cellOf[i]`.
 *
 * @example
 * jobs.scheduleParallel(assignCellsJob, boids, 8192, assignCellsJob.createArgs({ ids, state: Boid.s, cellOf, invCell, gridW }));
 */
export const assignCellsJob = defineJob({
  name: 'boids.assignCells',
  reads: ['Boid.s'],
  args: { ids: 'i32[]', state: 'f32[]', cellOf: 'i32[]', invCell: 'f64', gridW: 'i32' },
  kernel(start, end, { ids, state, cellOf, invCell, gridW }) {
    const last = gridW - 1;
    for (let i = start; i < end; i++) {
      const b = ids[i]! * 8;
      let cx = (state[b]! * invCell) | 0;
      let cy = (state[b + 1]! * invCell) | 0;
      // Positions are in [0, size); the clamp only guards float rounding at the edge.
      if (cx > last) cx = last;
      if (cy > last) cy = last;
      // `| 0` turns NaN into 0, so the position itself is checked (args are
      // integers: a float passed to a call the optimizer did not inline is boxed).
      assertEntity(ids[i]!, cx >= 0 && cy >= 0 && state[b]! >= 0 && state[b + 1]! >= 0, CELL_RANGE, cx, cy, gridW);
      cellOf[i] = cy * gridW + cx;
    }
  },
});

/**
 * {@link countCells} as one batch over `[0, n)` (`scheduleFor`): every boid
 * increments a shared per-cell counter, so batches would race.
 *
 * @example
 * h = jobs.scheduleFor(countCellsJob, boids, countCellsJob.createArgs({ cellOf, cellCount }), h);
 */
export const countCellsJob = defineJob({
  name: 'boids.countCells',
  args: { cellOf: 'i32[]', cellCount: 'i32[]' },
  kernel(start, end, a) {
    countCells(start, end, a.cellOf, a.cellCount);
  },
});

/**
 * {@link prefixSum} as a single job (`schedule`): a sequential scan over the cells.
 *
 * @example
 * h = jobs.schedule(prefixSumJob, prefixSumJob.createArgs({ cellCount, cellStart, cursor, cells }), h);
 */
export const prefixSumJob = defineJob({
  name: 'boids.prefixSum',
  args: { cellCount: 'i32[]', cellStart: 'i32[]', cursor: 'i32[]', cells: 'i32' },
  kernel(_start, _end, a) {
    prefixSum(a.cellCount, a.cellStart, a.cursor, a.cells);
  },
});

/**
 * {@link scatterSorted} as one batch over `[0, n)` (`scheduleFor`): the cell
 * cursors are shared, and one range in `ids` order keeps the sort stable.
 *
 * @example
 * h = jobs.scheduleFor(scatterSortedJob, boids, scatterSortedJob.createArgs({ ids, cellOf, cursor, sortedId, state: Boid.s, sorted }), h);
 */
export const scatterSortedJob = defineJob({
  name: 'boids.scatterSorted',
  reads: ['Boid.s'],
  args: { ids: 'i32[]', cellOf: 'i32[]', cursor: 'i32[]', sortedId: 'i32[]', state: 'f32[]', sorted: 'f32[]' },
  kernel(start, end, a) {
    scatterSorted(start, end, a.ids, a.cellOf, a.cursor, a.sortedId, a.state, a.sorted);
  },
});

/**
 * {@link steer} as a parallel-for over sorted slots: it reads only the sorted copy
 * and writes each boid's own record, so batches split freely. Its 16 args are the
 * most a job record holds.
 *
 * @example
 * jobs.scheduleParallel(steerJob, boids, 1024, steerArgs, scatterHandle);
 */
export const steerJob = defineJob({
  name: 'boids.steer',
  writes: ['Boid.s'],
  args: {
    sortedId: 'i32[]', cellStart: 'i32[]', sorted: 'f32[]', state: 'f32[]',
    gridW: 'i32', invCell: 'f64', reach: 'i32', size: 'f64', radius: 'f64', sepRadius: 'f64',
    wSep: 'f64', wAlign: 'f64', wCoh: 'f64', minSpeed: 'f64', maxSpeed: 'f64', dt: 'f64',
  },
  kernel(start, end, { sortedId, cellStart, sorted, state, gridW, invCell, reach, size, radius, sepRadius, wSep, wAlign, wCoh, minSpeed, maxSpeed, dt }) {
    // The body lives here rather than in `steer`: a call passing the scalars on
    // would box the non-integer ones once per batch (a main-thread allocation).
    const r2 = radius * radius;
    const sep2 = sepRadius * sepRadius;
    const last = gridW - 1;
    for (let s = start; s < end; s++) {
      const so = s * 4;
      const x = sorted[so]!;
      const y = sorted[so + 1]!;
      let cx = (x * invCell) | 0;
      let cy = (y * invCell) | 0;
      if (cx > last) cx = last;
      if (cy > last) cy = last;
      let n = 0;
      let avx = 0;
      let avy = 0;
      let ox = 0;
      let oy = 0;
      let sepX = 0;
      let sepY = 0;
      // Torus: a cell reached across the edge holds images shifted by ±size. With
      // cells at least `radius / reach` wide and grids at least `2 reach + 1` wide,
      // only that image can be within `radius`, so the shift is applied once per
      // cell (to the boid's own coordinate) rather than tested per candidate; the
      // brute-force tests cover the narrowest grids.
      for (let dyc = -reach; dyc <= reach; dyc++) {
        let row = cy + dyc;
        let yy = y;
        if (row < 0) {
          row += gridW;
          yy = y + size;
        } else if (row > last) {
          row -= gridW;
          yy = y - size;
        }
        const rowBase = row * gridW;
        // Interior columns: the row's cells of the block are adjacent in sorted
        // order, one range. At the wrap edge, visit them one at a time.
        const parts = cx >= reach && cx <= last - reach ? 1 : 2 * reach + 1;
        for (let p = 0; p < parts; p++) {
          let j0 = 0;
          let j1 = 0;
          let xx = x;
          if (parts === 1) {
            j0 = cellStart[rowBase + cx - reach]!;
            j1 = cellStart[rowBase + cx + reach + 1]!;
          } else {
            let col = cx + p - reach;
            if (col < 0) {
              col += gridW;
              xx = x + size;
            } else if (col > last) {
              col -= gridW;
              xx = x - size;
            }
            j0 = cellStart[rowBase + col]!;
            j1 = cellStart[rowBase + col + 1]!;
          }
          for (let j = j0; j < j1; j++) {
            const jo = j * 4;
            const dx = sorted[jo]! - xx;
            const dy = sorted[jo + 1]! - yy;
            const d2 = dx * dx + dy * dy;
            if (d2 >= r2 || j === s) continue;
            n++;
            avx += sorted[jo + 2]!;
            avy += sorted[jo + 3]!;
            ox += dx;
            oy += dy;
            if (d2 < sep2 && d2 > 0) {
              const inv = 1 / d2; // (dx, dy) / d² points away with weight 1/d
              sepX -= dx * inv;
              sepY -= dy * inv;
            }
          }
        }
      }
      const b = sortedId[s]! * 8;
      let vxs = sorted[so + 2]!;
      let vys = sorted[so + 3]!;
      // Branches write results directly rather than merging a float with an integer
      // constant: such a merge can make the optimizer box the float (an allocation).
      if (n === 0) state[b + 4] = 0;
      else {
        const invN = 1 / n;
        avx *= invN;
        avy *= invN;
        const dot = vxs * avx + vys * avy;
        const nn = Math.sqrt((vxs * vxs + vys * vys) * (avx * avx + avy * avy));
        state[b + 4] = dot / (nn + 1e-30);
        const ax = wSep * sepX + wAlign * (avx - vxs) + wCoh * ox * invN;
        const ay = wSep * sepY + wAlign * (avy - vys) + wCoh * oy * invN;
        vxs += ax * dt;
        vys += ay * dt;
      }
      const sp2 = vxs * vxs + vys * vys;
      if (sp2 > maxSpeed * maxSpeed) {
        const k = maxSpeed / Math.sqrt(sp2);
        vxs *= k;
        vys *= k;
      } else if (sp2 < minSpeed * minSpeed) {
        const sp = Math.sqrt(sp2);
        // A stopped boid keeps going along +x rather than dividing by zero.
        if (sp > 0) {
          vxs *= minSpeed / sp;
          vys *= minSpeed / sp;
        } else vxs = minSpeed * 1;
      }
      let nx = x + vxs * dt;
      let ny = y + vys * dt;
      if (nx < 0) nx += size;
      else if (nx >= size) nx -= size;
      if (ny < 0) ny += size;
      else if (ny >= size) ny -= size;
      // Stored as f32, a value just below size can round up to size itself.
      if (Math.fround(nx) >= size) nx = size * 0;
      if (Math.fround(ny) >= size) ny = size * 0;
      // x - x is 0 exactly when x is finite: one subtract and compare per component.
      assertEntity(b >> 3, vxs - vxs === 0 && vys - vys === 0, VELOCITY, vxs, vys);
      assertEntity(b >> 3, nx >= 0 && nx < size && ny >= 0 && ny < size, POSITION, nx, ny, size);
      state[b] = nx;
      state[b + 1] = ny;
      state[b + 2] = vxs;
      state[b + 3] = vys;
      state[b + 5] = n;
    }
  },
});
