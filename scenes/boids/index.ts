import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
// Scratch arrays live in the kernel memory, so compiled kernels can read them.
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { ParamError } from '../../src/scene/errors.ts';
import { assignCellsJob, countCellsJob, prefixSumJob, scatterSortedJob, steerJob, STRIDE, SORTED_STRIDE, X, Y, VX, VY, ALIGN, NEIGHBOURS } from './jobs.ts';

/**
 * Boids (Reynolds 1987) at stress scale: separation, alignment and cohesion on a
 * 2D torus, with neighbours found through a uniform grid rebuilt every frame by
 * a counting sort over SAB arrays. 100,000 boids by default (in the browser,
 * 10,000 per lane the machine offers); the frame allocates nothing.
 */
export default defineScene({
  title: 'Boids',
  description: 'Flocking at scale: uniform-grid neighbour search rebuilt by counting sort each frame.',
  params: {
    count: {
      type: 'number', int: true, default: 100_000, min: 2, max: 2_000_000, description: 'Number of boids',
      // In the browser, 10,000 per lane (workers + main thread): a step that keeps up there.
      machineDefault: ({ lanes }) => Math.min(100_000, 10_000 * lanes),
    },
    density: { type: 'number', default: 0.5, min: 0.001, max: 100, description: 'Boids per unit area (sets the world size)' },
    radius: { type: 'number', default: 2, min: 0.1, max: 100, description: 'Perception radius' },
    reach: { type: 'number', int: true, default: 2, min: 1, max: 3, description: 'Grid cells per perception radius (block of (2 reach + 1)² cells)' },
    sepRadius: { type: 'number', default: 1.2, min: 0, max: 100, live: true, description: 'Separation radius' },
    separation: { type: 'number', default: 6, min: 0, max: 100, live: true, description: 'Separation weight' },
    alignment: { type: 'number', default: 2, min: 0, max: 100, live: true, description: 'Alignment weight' },
    cohesion: { type: 'number', default: 0.5, min: 0, max: 100, live: true, description: 'Cohesion weight' },
    minSpeed: { type: 'number', default: 2, min: 0, max: 1000, live: true, description: 'Minimum speed (units/s)' },
    maxSpeed: { type: 'number', default: 6, min: 0.01, max: 1000, live: true, description: 'Maximum speed (units/s)' },
  },
  capacity: (p) => p.count,
  setup({ world, loop, rng, params, jobs, query }) {
    const count = params.count;
    const size = Math.sqrt(count / params.density);
    const reach = params.reach;
    const gridW = Math.floor((size * reach) / params.radius);
    if (gridW < 2 * reach + 1) {
      throw new ParamError(
        'boids',
        `the world (side ${size.toFixed(2)} = sqrt(count / density)) must be at least ${2 * reach + 1} grid cells (of radius / reach) wide; lower density, radius or reach, or add boids.`,
      );
    }
    const invCell = gridW / size; // cells are size / gridW >= radius / reach wide
    const cells = gridW * gridW;

    // One record of STRIDE floats per boid (x, y, vx, vy, align, neighbours at the
    // offsets X … NEIGHBOURS of ./jobs.ts), not one array per field: see the layout note there.
    const Boid = defineComponent(world, 'Boid', { s: ['f32', STRIDE] as ['f32', 8] });
    const st = Boid.s;
    for (let i = 0; i < count; i++) {
      const b = spawn(world, Boid) * STRIDE;
      st[b + X] = rng.range(0, size);
      st[b + Y] = rng.range(0, size);
      const a = rng.range(0, Math.PI * 2);
      const s = rng.range(params.minSpeed, params.maxSpeed);
      st[b + VX] = Math.cos(a) * s;
      st[b + VY] = Math.sin(a) * s;
      // f64 rounding of rng.range can reach size in f32; keep the torus half-open.
      if (st[b + X] >= size) st[b + X] = 0;
      if (st[b + Y] >= size) st[b + Y] = 0;
    }
    const boids = query([Boid]);

    // The grid: scratch arrays over shared memory, sized once.
    const i32 = (n: number) => allocateArray(Int32Array, n);
    const f32 = (n: number) => allocateArray(Float32Array, n);
    const cellOf = i32(count);
    const cellCount = i32(cells);
    const cellStart = i32(cells + 1);
    const cursor = i32(cells);
    const sortedId = i32(count);
    const sorted = f32(count * SORTED_STRIDE);

    // Args made once; scalars that can change are assigned in place every step.
    const assignArgs = assignCellsJob.createArgs({ ids: boids.ids, state: st, cellOf, invCell, gridW });
    const countArgs = countCellsJob.createArgs({ cellOf, cellCount });
    const prefixArgs = prefixSumJob.createArgs({ cellCount, cellStart, cursor, cells });
    const scatterArgs = scatterSortedJob.createArgs({ ids: boids.ids, cellOf, cursor, sortedId, state: st, sorted });
    const steerArgs = steerJob.createArgs({ sortedId, cellStart, sorted, state: st, gridW, invCell, reach, size });
    // Batches: the cheap pass in big batches, steering (hundreds of candidates per
    // boid) in small ones so lanes that start late still find work.
    const assignBatch = Math.max(4096, Math.ceil(count / 16));
    const steerBatch = Math.max(512, Math.ceil(count / 128));

    loop.addSystem({
      name: 'boids.step',
      phase: 'fixedUpdate',
      run(time) {
        jobs.scheduleParallel(assignCellsJob, boids, assignBatch, assignArgs);
        jobs.scheduleFor(countCellsJob, boids, countArgs);
        jobs.schedule(prefixSumJob, prefixArgs);
        jobs.scheduleFor(scatterSortedJob, boids, scatterArgs);
        steerArgs.radius = params.radius;
        steerArgs.sepRadius = params.sepRadius;
        steerArgs.wSep = params.separation;
        steerArgs.wAlign = params.alignment;
        steerArgs.wCoh = params.cohesion;
        steerArgs.minSpeed = params.minSpeed;
        steerArgs.maxSpeed = params.maxSpeed;
        steerArgs.dt = time.deltaTime;
        jobs.scheduleParallel(steerJob, boids, steerBatch, steerArgs);
      },
    });
    return {
      // The view (and the render-phase sync its data declares) reads Boid.s;
      // size is the torus side, gridW the grid's cells per side.
      view: { Boid, boids, size, gridW },
      stats() {
        let alignSum = 0;
        let withNeighbours = 0;
        let neighbourSum = 0;
        let hx = 0;
        let hy = 0;
        for (let i = 0; i < boids.count; i++) {
          const b = boids.ids[i] * STRIDE;
          const n = st[b + NEIGHBOURS];
          neighbourSum += n;
          if (n > 0) {
            alignSum += st[b + ALIGN];
            withNeighbours++;
          }
          const sp = Math.hypot(st[b + VX], st[b + VY]);
          if (sp > 0) {
            hx += st[b + VX] / sp;
            hy += st[b + VY] / sp;
          }
        }
        return {
          boids: boids.count,
          worldSize: size,
          gridCells: cells,
          meanAlignment: withNeighbours ? alignSum / withNeighbours : 0,
          meanNeighbours: boids.count ? neighbourSum / boids.count : 0,
          polarization: boids.count ? Math.hypot(hx, hy) / boids.count : 0,
        };
      },
    };
  },
});
