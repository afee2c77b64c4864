import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
import { allocateBuffer } from '../../src/ecs/sharedMemory.ts';
import type { Component } from '../../src/ecs/Component.ts';
import { project, attention, combine, islands } from './jobs.ts';
import { cellLabel, randomUnit, randomOrthogonal, addScaledNormalized, discOffsets, OBJECT_COUNT, PART_COUNT } from './model.ts';
import { islandPurity, islandsNest, withinObjectCosine, type LabelView } from './metrics.ts';

/** Betas and radii of levels 1..4 (the defaults for 1..3, halved/doubled beyond). */
const BETA_DEFAULTS = [20, 8, 4, 2] as const;
const RADIUS_DEFAULTS = [2, 4, 8, 16] as const;

type LevelSchema = { a: ['f32', number]; b: ['f32', number]; bu: ['f32', number]; td: ['f32', number]; att: ['f32', number] };
/** One level's fields: the double buffer `a`/`b`, and this iteration's bottom-up, top-down and attention terms. */
export type GlomLevel = Component<LevelSchema>;

/** What the GLOM scene hands its view and tests. */
export interface GlomViewData {
  grid: number;
  levels: number;
  D: number;
  /** `ids[i]`: entity of cell i (row-major). */
  ids: Int32Array;
  Input: Component<{ e: ['f32', number] }>;
  /** `Level[l - 1]` is level l. */
  Level: GlomLevel[];
  Column: Component<{ x: 'i32'; y: 'i32'; object: 'i32'; part: 'i32' }>;
  Islands: Component<{ label: ['i32', number] }>;
  /** Embeddings of level l (0 = input) as of the last completed iteration. */
  read(level: number): Float32Array;
  /** Island count per level (0..L) at the last islands pass. */
  islandCounts: Int32Array;
  /** Iterations completed. */
  iterations(): number;
}

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
  setup({ world, loop, rng, params }) {
    const G = params.grid;
    const L = params.levels;
    const D = params.dim;
    const cells = G * G;
    const vec = ['f32', D] as ['f32', number];
    const Column = defineComponent(world, 'GlomColumn', { x: 'i32', y: 'i32', object: 'i32', part: 'i32' });
    const Input = defineComponent(world, 'GlomInput', { e: vec });
    const Level: GlomLevel[] = [];
    for (let l = 1; l <= L; l++) Level.push(defineComponent(world, `GlomLevel${l}`, { a: vec, b: vec, bu: vec, td: vec, att: vec }));
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
      tmpA.set(objectVec.subarray(partObject[p]! * D, partObject[p]! * D + D));
      randomUnit(rng, D, tmpB);
      addScaledNormalized(tmpA, tmpB, params.spread, tmpOut, D);
      partVec.set(tmpOut, p * D);
    }
    const R = new Float32Array(allocateBuffer((L + 1) * D * D * 4));
    for (let l = 1; l <= L; l++) randomOrthogonal(rng, D, R, l * D * D);

    const ids = new Int32Array(allocateBuffer(cells * 4));
    for (let i = 0; i < cells; i++) {
      const e = spawn(world, Column, Input, Islands, ...Level);
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
      for (let k = 0; k < D; k++) Input.e[e * D + k] = tmpOut[k]!;
    }
    // Start each level at the bottom-up prediction of the one below.
    for (let l = 1; l <= L; l++) project(0, cells, ids, l === 1 ? Input.e : Level[l - 2]!.a, Level[l - 1]!.a, R, l * D * D, D, 0);

    const betas = [params.beta1, params.beta2, params.beta3, params.beta4];
    const discs = [params.radius1, params.radius2, params.radius3, params.radius4].map(discOffsets);
    const parent = new Int32Array(allocateBuffer(cells * 4));
    const islandCounts = new Int32Array(allocateBuffer((L + 1) * 4));
    let parity = 0; // 0: read a, write b; 1: the other way round
    let iterations = 0;
    let stepsSinceIteration = 0;

    const read = (level: number): Float32Array => (level === 0 ? Input.e : parity ? Level[level - 1]!.b : Level[level - 1]!.a);
    const write = (level: number): Float32Array => (parity ? Level[level - 1]!.a : Level[level - 1]!.b);

    const countIslands = (): void => {
      for (let l = 0; l <= L; l++) islandCounts[l] = islands(G, ids, read(l), D, params.threshold, parent, Islands.label, L + 1, l);
    };
    countIslands();

    loop.addSystem({
      name: 'glom.iterate',
      phase: 'fixedUpdate',
      run() {
        if (params.maxIterations > 0 && iterations >= params.maxIterations) return;
        if (++stepsSinceIteration < params.stepEvery) return;
        stepsSinceIteration = 0;
        const useAtt = params.attention ? 1 : 0;
        for (let l = 1; l <= L; l++) {
          const lv = Level[l - 1]!;
          project(0, cells, ids, read(l - 1), lv.bu, R, l * D * D, D, 0);
          if (l < L) project(0, cells, ids, read(l + 1), lv.td, R, (l + 1) * D * D, D, 1);
          if (useAtt) {
            const disc = discs[l - 1]!;
            attention(0, cells, ids, G, read(l), lv.att, D, disc.offsets, disc.count, betas[l - 1]!);
          }
        }
        // Every term above read the read buffers; now write all levels, then swap.
        for (let l = 1; l <= L; l++) {
          const lv = Level[l - 1]!;
          combine(0, cells, ids, read(l), lv.bu, lv.td, lv.att, write(l), D, l < L ? 1 : 0, useAtt);
        }
        parity ^= 1;
        iterations++;
        if (iterations % params.islandsEvery === 0) countIslands();
      },
    });

    const labelView: LabelView = { ids, cells, labels: Islands.label, stride: L + 1 };
    const view: GlomViewData = { grid: G, levels: L, D, ids, Input, Level, Column, Islands, read, islandCounts, iterations: () => iterations };
    return {
      view,
      stats() {
        countIslands(); // fresh labels for the state as it is now
        const out: Record<string, number> = { iterations, objects: OBJECT_COUNT };
        for (let l = 0; l <= L; l++) out[`islandsLevel${l}`] = islandCounts[l]!;
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
