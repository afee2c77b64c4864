/**
 * Kernels of the boids scene: plain functions over an index range, no allocation,
 * no captured state. Each frame:
 *
 * 1. {@link assignCellsJob}: the uniform-grid cell of every boid.
 * 2. {@link countCellsJob}, {@link prefixSumJob}, {@link scatterSortedJob}: a counting sort
 *    of the boids by cell into SAB arrays, copying position and velocity into
 *    cell order so the neighbour loop reads memory nearly sequentially.
 * 3. {@link steerJob}: separation, alignment and cohesion over the block of cells
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
 * Jobs: the scene schedules each kernel every fixed step. They communicate
 * through the grid's scratch arrays, and the scheduler orders them by the arrays
 * their args bind, so no job names another. Tests call a kernel directly:
 * `steerJob.kernel(0, n, args)`.
 */
import { defineJob } from '../../src/jobs/defineJob.ts';
import { read, write, f64, i32 } from '../../src/jobs/argDecl.ts';
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
 * Cell of each boid `ids[i]`, row-major `cy * gridW + cx`, into `cellOf[i]`
 * (0 <= cellOf[i] < gridW²). A parallel-for over the boids snapshot: every index
 * writes its own slot.
 *
 * @example
 * jobs.scheduleParallel(assignCellsJob, boids, 8192, assignCellsJob.createArgs({ ids: boids.ids, state: Boid.s, cellOf, invCell, gridW }));
 */
export const assignCellsJob = defineJob({
  name: 'boids.assignCells',
  args: { ids: read.i32, state: read.f32, cellOf: write.i32, invCell: f64, gridW: i32 },
  kernel(start, end, { ids, state, cellOf, invCell, gridW }) {
    const last = gridW - 1;
    for (let i = start; i < end; i++) {
      const b = ids[i] * 8;
      let cx = (state[b] * invCell) | 0;
      let cy = (state[b + 1] * invCell) | 0;
      // Positions are in [0, size); the clamp only guards float rounding at the edge.
      if (cx > last) cx = last;
      if (cy > last) cy = last;
      // `| 0` turns NaN into 0, so the position itself is checked (args are
      // integers: a float passed to a call the optimizer did not inline is boxed).
      assertEntity(ids[i], cx >= 0 && cy >= 0 && state[b] >= 0 && state[b + 1] >= 0, CELL_RANGE, cx, cy, gridW);
      cellOf[i] = cy * gridW + cx;
    }
  },
});

/**
 * Boids per cell: `cellCount[c]` += 1 for every `cellOf[i] = c`, into counts that
 * {@link prefixSumJob} left zeroed. One batch over `[0, n)` (`scheduleFor`): the
 * counters are shared, so batches would race.
 *
 * @example
 * jobs.scheduleFor(countCellsJob, boids, countCellsJob.createArgs({ cellOf, cellCount }));
 */
export const countCellsJob = defineJob({
  name: 'boids.countCells',
  args: { cellOf: read.i32, cellCount: write.i32 },
  kernel(start, end, { cellOf, cellCount }) {
    for (let i = start; i < end; i++) cellCount[cellOf[i]]++;
  },
});

/**
 * Exclusive prefix sum: `cellStart[c]` = boids in cells before c, `cellStart[cells]`
 * = total; `cursor` gets the same starts (the scatter's write positions) and
 * `cellCount` is zeroed for the next frame. A single sequential job, O(cells).
 *
 * @example
 * jobs.schedule(prefixSumJob, prefixSumJob.createArgs({ cellCount, cellStart, cursor, cells: gridW * gridW }));
 */
export const prefixSumJob = defineJob({
  name: 'boids.prefixSum',
  args: { cellCount: write.i32, cellStart: write.i32, cursor: write.i32, cells: i32 },
  kernel(_start, _end, { cellCount, cellStart, cursor, cells }) {
    let sum = 0;
    for (let c = 0; c < cells; c++) {
      const n = cellCount[c];
      cellStart[c] = sum;
      cursor[c] = sum;
      cellCount[c] = 0;
      sum += n;
    }
    cellStart[cells] = sum;
  },
});

/**
 * Place each boid at its cell's next free slot: `sortedId[slot] = e` and its
 * position and velocity copied to `sorted[slot * 4 ..]`. One batch over `[0, n)`
 * (`scheduleFor`): the cursors are shared, and one range in `ids` order keeps the
 * sort stable and the frame deterministic.
 *
 * @example
 * jobs.scheduleFor(scatterSortedJob, boids, scatterSortedJob.createArgs({ ids: boids.ids, cellOf, cursor, sortedId, state: Boid.s, sorted }));
 */
export const scatterSortedJob = defineJob({
  name: 'boids.scatterSorted',
  args: { ids: read.i32, cellOf: read.i32, cursor: write.i32, sortedId: write.i32, state: read.f32, sorted: write.f32 },
  kernel(start, end, { ids, cellOf, cursor, sortedId, state, sorted }) {
    for (let i = start; i < end; i++) {
      const e = ids[i];
      const slot = cursor[cellOf[i]]++;
      assertEntity(e, slot < end, SLOT_RANGE, slot, end);
      sortedId[slot] = e;
      const b = e * 8;
      const o = slot * 4;
      sorted[o] = state[b];
      sorted[o + 1] = state[b + 1];
      sorted[o + 2] = state[b + 2];
      sorted[o + 3] = state[b + 3];
    }
  },
});

/**
 * Flocking for the boids in sorted slots `[start, end)`: over every other boid
 * within `radius` (torus distance), separation (push away, weighted 1/d, from
 * those within `sepRadius`), alignment (steer toward the neighbours' mean
 * velocity) and cohesion (toward their mean position); speed clamped to
 * `[minSpeed, maxSpeed]`; then `pos += vel * dt`, wrapped. Also writes each boid's
 * local alignment (cosine between its velocity and its neighbours' mean velocity,
 * 0 without neighbours) and neighbour count, by entity id.
 *
 * A parallel-for over sorted slots: it reads only the sorted copy, never the
 * record it writes, so batches split freely. Its 16 args are the most a job
 * record holds. Invariants: velocities finite with minSpeed <= |v| <= maxSpeed;
 * positions in [0, size).
 *
 * @example
 * jobs.scheduleParallel(steerJob, boids, 1024, steerJob.createArgs({ sortedId, cellStart, sorted, state: Boid.s, gridW, invCell, reach, size }));
 */
export const steerJob = defineJob({
  name: 'boids.steer',
  args: {
    sortedId: read.i32, cellStart: read.i32, sorted: read.f32, state: write.f32,
    gridW: i32, invCell: f64, reach: i32, size: f64, radius: f64, sepRadius: f64,
    wSep: f64, wAlign: f64, wCoh: f64, minSpeed: f64, maxSpeed: f64, dt: f64,
  },
  kernel(start, end, { sortedId, cellStart, sorted, state, gridW, invCell, reach, size, radius, sepRadius, wSep, wAlign, wCoh, minSpeed, maxSpeed, dt }) {
    // One body, no helper calls: a call passing the scalars on would box the
    // non-integer ones once per batch (a main-thread allocation).
    const r2 = radius * radius;
    const sep2 = sepRadius * sepRadius;
    const last = gridW - 1;
    // A float zero made once: a rarely taken branch must hold no arithmetic, or the
    // first time it runs the optimizer has no feedback for it and throws the whole
    // kernel back to the interpreter (seen every ~1,000 frames at 20,000 boids).
    const zero = size * 0;
    for (let s = start; s < end; s++) {
      const so = s * 4;
      const x = sorted[so];
      const y = sorted[so + 1];
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
            j0 = cellStart[rowBase + cx - reach];
            j1 = cellStart[rowBase + cx + reach + 1];
          } else {
            let col = cx + p - reach;
            if (col < 0) {
              col += gridW;
              xx = x + size;
            } else if (col > last) {
              col -= gridW;
              xx = x - size;
            }
            j0 = cellStart[rowBase + col];
            j1 = cellStart[rowBase + col + 1];
          }
          for (let j = j0; j < j1; j++) {
            const jo = j * 4;
            const dx = sorted[jo] - xx;
            const dy = sorted[jo + 1] - yy;
            const d2 = dx * dx + dy * dy;
            if (d2 >= r2 || j === s) continue;
            n++;
            avx += sorted[jo + 2];
            avy += sorted[jo + 3];
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
      const b = sortedId[s] * 8;
      let vxs = sorted[so + 2];
      let vys = sorted[so + 3];
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
      if (Math.fround(nx) >= size) nx = zero;
      if (Math.fround(ny) >= size) ny = zero;
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
