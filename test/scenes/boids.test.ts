import { describe, it, expect } from 'vitest';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { Rng } from '../../src/math/Rng.ts';
import boids from '../../scenes/boids/index.ts';
import { assignCellsJob, countCellsJob, prefixSumJob, scatterSortedJob, steerJob, STRIDE, X, Y, VX, VY, NEIGHBOURS } from '../../scenes/boids/jobs.ts';

const P = { radius: 2, sepRadius: 1.2, wSep: 6, wAlign: 2, wCoh: 0.5, minSpeed: 2, maxSpeed: 6, dt: 1 / 60 };

/** Pack SoA test data into the kernels' record layout (8 floats per boid, ids 1..n). */
function pack(n: number, px: Float32Array, py: Float32Array, vx: Float32Array, vy: Float32Array): Float32Array {
  const st = new Float32Array((n + 1) * STRIDE);
  for (let e = 1; e <= n; e++) {
    st[e * STRIDE + X] = px[e];
    st[e * STRIDE + Y] = py[e];
    st[e * STRIDE + VX] = vx[e];
    st[e * STRIDE + VY] = vy[e];
  }
  return st;
}

/** One steer step through the grid kernels, for `n` boids with ids 1..n. */
function gridStep(reach: number, n: number, size: number, px: Float32Array, py: Float32Array, vx: Float32Array, vy: Float32Array) {
  const gridW = Math.floor((size * reach) / P.radius);
  expect(gridW).toBeGreaterThanOrEqual(2 * reach + 1);
  const invCell = gridW / size;
  const cells = gridW * gridW;
  const ids = Int32Array.from({ length: n }, (_, i) => i + 1);
  const st = pack(n, px, py, vx, vy);
  const cellOf = new Int32Array(n);
  const cellCount = new Int32Array(cells);
  const cellStart = new Int32Array(cells + 1);
  const cursor = new Int32Array(cells);
  const sortedId = new Int32Array(n);
  const sorted = new Float32Array(n * 4);
  assignCellsJob.kernel(0, n, { ids, state: st, cellOf, invCell, gridW });
  countCellsJob.kernel(0, n, { cellOf, cellCount });
  prefixSumJob.kernel(0, 1, { cellCount, cellStart, cursor, cells });
  scatterSortedJob.kernel(0, n, { ids, cellOf, cursor, sortedId, state: st, sorted });
  steerJob.kernel(0, n, { sortedId, cellStart, sorted, state: st, gridW, invCell, reach, size, ...P });
  expect(cellStart[cells]).toBe(n);
  const nb = new Uint16Array(n + 1);
  const ovx = new Float32Array(n + 1);
  const ovy = new Float32Array(n + 1);
  for (let e = 1; e <= n; e++) {
    nb[e] = st[e * STRIDE + NEIGHBOURS];
    ovx[e] = st[e * STRIDE + VX];
    ovy[e] = st[e * STRIDE + VY];
  }
  return { nb, vx: ovx, vy: ovy };
}

/** The same rules by brute force over all pairs: the reference the grid must match. */
function bruteStep(n: number, size: number, px: Float32Array, py: Float32Array, vx: Float32Array, vy: Float32Array) {
  const nb = new Uint16Array(n + 1);
  const nvx = new Float64Array(n + 1);
  const nvy = new Float64Array(n + 1);
  const wrap = (d: number) => (d > size / 2 ? d - size : d < -size / 2 ? d + size : d);
  for (let i = 1; i <= n; i++) {
    let c = 0, avx = 0, avy = 0, ox = 0, oy = 0, sepX = 0, sepY = 0;
    for (let j = 1; j <= n; j++) {
      if (j === i) continue;
      const dx = wrap(px[j] - px[i]);
      const dy = wrap(py[j] - py[i]);
      const d2 = dx * dx + dy * dy;
      if (d2 >= P.radius ** 2) continue;
      c++;
      avx += vx[j];
      avy += vy[j];
      ox += dx;
      oy += dy;
      if (d2 < P.sepRadius ** 2 && d2 > 0) {
        sepX -= dx / d2;
        sepY -= dy / d2;
      }
    }
    let ux = vx[i], uy = vy[i];
    if (c > 0) {
      ux += (P.wSep * sepX + P.wAlign * (avx / c - ux) + (P.wCoh * ox) / c) * P.dt;
      uy += (P.wSep * sepY + P.wAlign * (avy / c - uy) + (P.wCoh * oy) / c) * P.dt;
    }
    const sp = Math.hypot(ux, uy);
    const k = sp > P.maxSpeed ? P.maxSpeed / sp : sp < P.minSpeed ? P.minSpeed / sp : 1;
    nb[i] = c;
    nvx[i] = ux * k;
    nvy[i] = uy * k;
  }
  return { nb, vx: nvx, vy: nvy };
}

function randomBoids(n: number, size: number, seed: number) {
  const rng = new Rng(seed);
  const [px, py, vx, vy] = [0, 0, 0, 0].map(() => new Float32Array(n + 1));
  for (let e = 1; e <= n; e++) {
    px[e] = rng.range(0, size) % size;
    py[e] = rng.range(0, size) % size;
    const a = rng.range(0, 2 * Math.PI);
    vx[e] = 4 * Math.cos(a);
    vy[e] = 4 * Math.sin(a);
  }
  return { px, py, vx, vy };
}

describe('boids grid neighbour search', () => {
  const cases = [[1, 400, 20], [1, 150, 6.5], [1, 300, 11], [2, 400, 20], [2, 150, 5.5], [3, 300, 11]] as const;
  for (const [reach, n, size] of cases) {
    const gridW = Math.floor((size * reach) / P.radius);
    it(`equals brute force (reach ${reach}, ${n} boids, world ${size}, grid ${gridW} wide, wrapping)`, () => {
      const b = randomBoids(n, size, n);
      const g = gridStep(reach, n, size, b.px, b.py, b.vx, b.vy);
      const r = bruteStep(n, size, b.px, b.py, b.vx, b.vy);
      let pairs = 0;
      for (let e = 1; e <= n; e++) {
        expect(g.nb[e], `neighbours of boid ${e}`).toBe(r.nb[e]);
        expect(g.vx[e]).toBeCloseTo(r.vx[e], 3);
        expect(g.vy[e]).toBeCloseTo(r.vy[e], 3);
        pairs += r.nb[e];
      }
      expect(pairs).toBeGreaterThan(n); // the case has real neighbourhoods
    });
  }
});

describe('boids scene', () => {
  it('flocks: mean local alignment rises from ~0 to above 0.7 in 3 seconds (seed 3)', () => {
    const rt = createSceneRuntime(boids, { seed: 3, params: { count: 3000 } });
    rt.tick(1 / 60);
    const before = rt.instance.stats!();
    for (let f = 0; f < 180; f++) rt.tick(1 / 60);
    const after = rt.instance.stats!();
    expect(Math.abs(before.meanAlignment!)).toBeLessThan(0.1);
    expect(after.meanAlignment!).toBeGreaterThan(0.7);
    expect(after.meanAlignment!).toBeGreaterThan(before.meanAlignment! + 0.6);
    expect(after.meanNeighbours!).toBeGreaterThan(3);
    const v = rt.view;
    const st = v.Boid.s;
    for (let i = 0; i < v.boids.count; i++) {
      const b = v.boids.ids[i] * STRIDE;
      expect(st[b + X]).toBeGreaterThanOrEqual(0);
      expect(st[b + X]).toBeLessThan(v.size);
      expect(st[b + Y]).toBeGreaterThanOrEqual(0);
      expect(st[b + Y]).toBeLessThan(v.size);
      const sp = Math.hypot(st[b + VX], st[b + VY]);
      expect(Number.isFinite(sp)).toBe(true);
      expect(sp).toBeGreaterThanOrEqual(2 - 1e-4);
      expect(sp).toBeLessThanOrEqual(6 + 1e-4);
    }
  });

  it('is deterministic for a seed, and refuses a world narrower than 3 cells', () => {
    const run = (seed: number) => {
      const rt = createSceneRuntime(boids, { seed, params: { count: 500 } });
      for (let f = 0; f < 30; f++) rt.tick(1 / 60);
      return rt.hash();
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
    expect(() => createSceneRuntime(boids, { params: { count: 10, density: 1 } })).toThrow(/at least 5 grid cells/);
  });
});
