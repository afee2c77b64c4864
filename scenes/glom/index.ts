import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
// Scratch arrays live in the kernel memory, so compiled kernels can read them.
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { projectRow, bottomUp, topDown, attention, combine, islands } from './jobs.ts';
import { cellLabel, randomUnit, randomOrthogonal, addScaledNormalized, discOffsets, OBJECT_COUNT, PART_COUNT } from './model.ts';
import { islandPurity, islandsNest, withinObjectCosine, type LabelView } from './metrics.ts';

/** Betas and radii of levels 1..4 (the defaults for 1..3, halved/doubled beyond). */
const BETA_DEFAULTS = [20, 8, 4, 2] as const;
const RADIUS_DEFAULTS = [2, 4, 8, 16] as const;

/**
 * GLOM part-whole islands (Hinton 2021). Columns on a grid hold an input level and
 * levels 1..L of unit embeddings. Each iteration a level becomes the normalized
 * mean of its previous value, a bottom-up prediction from the level below, a
 * top-down prediction from the level above and attention over nearby columns of
 * the same level. Attention with a large beta and small radius low down, a small
 * beta and large radius high up, makes islands of agreement: parts at level 1,
 * whole objects at the top.
 */
export default defineScene({
  title: 'GLOM islands',
  description: 'Part-whole hierarchies as islands of agreeing embeddings (Hinton 2021).',
  params: {
    grid: { type: 'number', int: true, default: 16, min: 8, max: 128, description: 'Columns per side' },
    levels: { type: 'number', int: true, default: 3, min: 1, max: 4, description: 'Levels above the input' },
    dim: { type: 'number', int: true, default: 16, min: 4, max: 64, description: 'Embedding size D' },
    beta1: { type: 'number', default: BETA_DEFAULTS[0], min: 0, max: 200, live: true, description: 'Attention sharpness, level 1' },
    beta2: { type: 'number', default: BETA_DEFAULTS[1], min: 0, max: 200, live: true, description: 'Attention sharpness, level 2' },
    beta3: { type: 'number', default: BETA_DEFAULTS[2], min: 0, max: 200, live: true, description: 'Attention sharpness, level 3' },
    beta4: { type: 'number', default: BETA_DEFAULTS[3], min: 0, max: 200, live: true, description: 'Attention sharpness, level 4' },
    radius1: { type: 'number', default: RADIUS_DEFAULTS[0], min: 1, max: 64, description: 'Attention radius (cells), level 1' },
    radius2: { type: 'number', default: RADIUS_DEFAULTS[1], min: 1, max: 64, description: 'Attention radius, level 2' },
    radius3: { type: 'number', default: RADIUS_DEFAULTS[2], min: 1, max: 64, description: 'Attention radius, level 3' },
    radius4: { type: 'number', default: RADIUS_DEFAULTS[3], min: 1, max: 64, description: 'Attention radius, level 4' },
    noise: { type: 'number', default: 0.35, min: 0, max: 2, description: 'Input noise: e0 = normalize(part + noise * rand)' },
    spread: { type: 'number', default: 0.7, min: 0, max: 2, description: 'Part spread: part = normalize(object + spread * rand)' },
    attention: { type: 'boolean', default: true, live: true, description: 'Attention between columns on/off' },
    threshold: { type: 'number', default: 0.95, min: -1, max: 1, live: true, description: 'Cosine above which neighbours join an island' },
    maxIterations: {
      type: 'number', int: true, default: 20, min: 0, max: 1_000_000,
      description: 'Iterations per image, then the result holds (0 = never stop; long runs over-smooth object borders)',
    },
    stepEvery: { type: 'number', int: true, default: 3, min: 1, max: 600, live: true, description: 'Fixed steps per iteration (3 = 20 iterations/s)' },
    islandsEvery: { type: 'number', int: true, default: 5, min: 1, max: 1000, description: 'Iterations between island passes' },
  },
  capacity: (p) => p.grid * p.grid,
  setup({ world, loop, rng, params, jobs }) {
    const G = params.grid;
    const L = params.levels;
    const D = params.dim;
    const cells = G * G;
    const Column = defineComponent(world, 'GlomColumn', { x: 'i32', y: 'i32', object: 'i32', part: 'i32' });
    // Level 0 (the input) and levels 1..L packed per entity: the layout is in jobs.ts.
    const Input = defineComponent(world, 'GlomInput', { e: ['f32', D] });
    const packed = ['f32', L * D] as const;
    const Levels = defineComponent(world, 'GlomLevels', { a: packed, b: packed, bu: packed, td: packed, att: packed });
    const Islands = defineComponent(world, 'GlomIslands', { label: ['i32', L + 1] });

    // The seeded model: object directions, part directions near their object, and
    // one orthogonal matrix per level (R[l] maps level l-1 to level l).
    // Object directions are orthonormal (rows of a random orthogonal matrix): distinct
    // wholes, so attention between two objects starts at weight exp(-beta).
    const objectBasis = new Float32Array(D * D);
    randomOrthogonal(rng, D, objectBasis, 0);
    const objectVec = Float64Array.from(objectBasis.subarray(0, OBJECT_COUNT * D));
    const partObject = [0, 1, 1, 2, 2];
    const partVec = new Float64Array(PART_COUNT * D);
    const tmpA = new Float64Array(D);
    const tmpB = new Float64Array(D);
    const tmpOut = new Float64Array(D);
    for (let p = 0; p < PART_COUNT; p++) {
      tmpA.set(objectVec.subarray(partObject[p] * D, partObject[p] * D + D));
      randomUnit(rng, D, tmpB);
      addScaledNormalized(tmpA, tmpB, params.spread, tmpOut, D);
      partVec.set(tmpOut, p * D);
    }
    const R = allocateArray(Float32Array, (L + 1) * D * D);
    for (let l = 1; l <= L; l++) randomOrthogonal(rng, D, R, l * D * D);

    const ids = allocateArray(Int32Array, cells);
    for (let i = 0; i < cells; i++) {
      const e = spawn(world, Column, Input, Islands, Levels);
      ids[i] = e;
      const x = i % G;
      const y = (i - x) / G;
      const { object, part } = cellLabel(G, x, y);
      Column.x[e] = x;
      Column.y[e] = y;
      Column.object[e] = object;
      Column.part[e] = part;
      tmpA.set(partVec.subarray(part * D, part * D + D));
      randomUnit(rng, D, tmpB);
      addScaledNormalized(tmpA, tmpB, params.noise, tmpOut, D);
      for (let k = 0; k < D; k++) Input.e[e * D + k] = tmpOut[k];
    }
    // Start each level at the bottom-up prediction of the one below (level by level: not a job).
    const LD = L * D;
    for (let l = 1; l <= L; l++)
      for (let i = 0; i < cells; i++) {
        const e = ids[i];
        if (l === 1) projectRow(Input.e, e * D, Levels.a, e * LD, R, D * D, D, 0);
        else projectRow(Levels.a, e * LD + (l - 2) * D, Levels.a, e * LD + (l - 1) * D, R, l * D * D, D, 0);
      }

    // Attention discs of all levels packed: level l's (dx, dy) pairs from discStart[l - 1].
    const discs = [params.radius1, params.radius2, params.radius3, params.radius4].slice(0, L).map(discOffsets);
    const discStart = allocateArray(Int32Array, L + 1);
    for (let l = 0; l < L; l++) discStart[l + 1] = discStart[l] + discs[l].count;
    const offsets = allocateArray(Int32Array, Math.max(1, 2 * discStart[L]));
    for (let l = 0; l < L; l++) offsets.set(discs[l].offsets, 2 * discStart[l]);
    const parent = allocateArray(Int32Array, (L + 1) * cells);
    const islandCounts = allocateArray(Int32Array, L + 1);
    let parity = 0; // 0: read a, write b; 1: the other way round
    let iterations = 0;
    let stepsSinceIteration = 0;

    // read(level): one level (0 = the input) at e * D as of the last completed iteration,
    // for the view and the metrics; levels above 0 are copied into these arrays.
    const copies: Float32Array[] = [Input.e];
    for (let l = 1; l <= L; l++) copies.push(new Float32Array(Input.e.length));
    const read = (level: number): Float32Array => {
      if (level === 0) return Input.e;
      const src = parity ? Levels.b : Levels.a;
      const out = copies[level];
      for (let i = 0; i < cells; i++) {
        const e = ids[i];
        const from = e * LD + (level - 1) * D;
        for (let k = 0; k < D; k++) out[e * D + k] = src[from + k];
      }
      return out;
    };

    // Args made once; the buffers flip with parity (re-pointing an array arg allocates nothing).
    const buArgs = bottomUp.createArgs({ ids, input: Input.e, cur: Levels.a, bu: Levels.bu, R, cells, L, D });
    const tdArgs = topDown.createArgs({ ids, cur: Levels.a, td: Levels.td, R, cells, L, D });
    const attArgs = attention.createArgs({ ids, cur: Levels.a, att: Levels.att, offsets, discStart, grid: G, L, D });
    const combineArgs = combine.createArgs({ ids, prev: Levels.a, bu: Levels.bu, td: Levels.td, att: Levels.att, out: Levels.b, cells, L, D });
    const islandArgs = islands.createArgs({ ids, input: Input.e, cur: Levels.a, parent, labels: Islands.label, counts: islandCounts, grid: G, L, D });
    // Small batches: the grid is small (768 level-cells at 16 x 16 x 3), and lanes
    // should share even one iteration's work.
    const batch = Math.max(32, Math.ceil((L * cells) / 32));

    const countIslands = (): void => {
      islandArgs.cur = parity ? Levels.b : Levels.a;
      islandArgs.threshold = params.threshold;
      // On demand (stats, tests), between frames: the kernel on the main thread.
      islands.kernel(0, L + 1, islandArgs);
    };
    countIslands();

    loop.addSystem({
      name: 'glom.iterate',
      phase: 'fixedUpdate',
      run() {
        if (params.maxIterations > 0 && iterations >= params.maxIterations) return;
        if (++stepsSinceIteration < params.stepEvery) return;
        stepsSinceIteration = 0;
        const cur = parity ? Levels.b : Levels.a;
        const next = parity ? Levels.a : Levels.b;
        const useAtt = params.attention ? 1 : 0;
        // The three terms read the read buffer and write their own fields: no
        // dependencies between them, so lanes run them side by side.
        buArgs.cur = cur;
        jobs.scheduleParallel(bottomUp, L * cells, batch, buArgs);
        if (L > 1) {
          tdArgs.cur = cur;
          jobs.scheduleParallel(topDown, (L - 1) * cells, batch, tdArgs);
        }
        if (useAtt) {
          attArgs.cur = cur;
          attArgs.beta1 = params.beta1;
          attArgs.beta2 = params.beta2;
          attArgs.beta3 = params.beta3;
          attArgs.beta4 = params.beta4;
          jobs.scheduleParallel(attention, L * cells, batch, attArgs);
        }
        // Reads the terms: its automatic dependencies are the jobs above.
        combineArgs.prev = cur;
        combineArgs.out = next;
        combineArgs.useAtt = useAtt;
        jobs.scheduleParallel(combine, L * cells, batch, combineArgs);
        parity ^= 1;
        iterations++;
        if (iterations % params.islandsEvery === 0) {
          islandArgs.cur = next;
          islandArgs.threshold = params.threshold;
          jobs.scheduleParallel(islands, L + 1, 1, islandArgs); // after combine: it reads a / b
        }
      },
    });
    const labelView: LabelView = { ids, cells, labels: Islands.label, stride: L + 1 };
    return {
      // ids[i]: entity of cell i (row-major); islandCounts: per level, at the last islands pass.
      view: { grid: G, levels: L, D, ids, Input, Levels, Column, Islands, read, islandCounts, iterations: () => iterations },
      stats() {
        countIslands(); // fresh labels for the state as it is now
        const out: Record<string, number> = { iterations, objects: OBJECT_COUNT };
        for (let l = 0; l <= L; l++) out[`islandsLevel${l}`] = islandCounts[l];
        out.topPurity = islandPurity(labelView, L, Column.object);
        const cos = withinObjectCosine(ids, cells, read(L), D, Column.object, OBJECT_COUNT);
        out.topObjectCosine = cos.mean;
        out.topMinCosToObject = cos.minToCentroid;
        let nested = 1;
        for (let l = 0; l < L; l++) if (!islandsNest(labelView, l)) nested = 0;
        out.islandsNest = nested;
        return out;
      },
    };
  },
});
