import { describe, expect, it } from 'vitest';
import binaryen from 'binaryen';
import { Rng } from '../../../src/math/Rng.ts';
import { compileAndLoad, compareRuns, jsKernels } from './harness.ts';

const wat = (wasm: Uint8Array | null): string => binaryen.readBinary(wasm!).emitText();

// ToInt32 of doubles on the way into an Int32Array, and `| 0`, over every range.
const toInt = `
export const toInt = defineJob({ name: 'toInt', args: { x: read.f64, out: write.i32, sums: write.i32, n: i32 },
  kernel(_s, _e, { x, out, sums, n }) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      out[i] = (x[i] * 3) | 0;
      sums[i] = sum;
      sum += x[i];
    }
  },
});`;

// The torus-wrap idiom of the boids grid: a counter from -reach (which is -0 when reach is 0),
// a row wrapped by branch tests, a row base that is -0 when w is 0 and the row negative.
const wrap = `
export const wrap = defineJob({ name: 'wrap', args: { cell: read.i32, start: read.i32, out: write.i32, w: i32, reach: i32 },
  kernel(s, e, { cell, start, out, w, reach }) {
    const last = w - 1;
    for (let i = s; i < e; i++) {
      for (let d = -reach; d <= reach; d++) {
        let r = cell[i] + d;
        if (r < 0) r += w;
        else if (r > last) r -= w;
        const base = r * w;
        out[i * 7 + d + 3] = start[base + r] + d;
      }
    }
  },
});`;

// A narrowed variable assigned inside a loop of its branch: the narrowed range must not be
// used there. v is in [0, 255]; the branch narrows it to [0, 9], but the second iteration
// sees 200..209, whose product with 2^24 leaves the i32 range the narrowed one would fit.
// `after`: the same past an assignment in straight-line code.
const grow = `
export const grow = defineJob({ name: 'grow', args: { x: read.i32, out: write.f64 },
  kernel(s, e, { x, out }) {
    for (let i = s; i < e; i++) {
      let v = x[i] & 255;
      if (v < 10) {
        for (let k = 0; k < 2; k++) {
          out[i * 2 + k] = v * 16777216;
          v = (v + 200) & 255;
        }
      }
    }
  },
});
export const after = defineJob({ name: 'after', args: { x: read.i32, out: write.f64 },
  kernel(s, e, { x, out }) {
    for (let i = s; i < e; i++) {
      let v = x[i] & 255;
      if (v < 10) {
        out[i * 2] = v * 16777216;
        v = (v + 200) & 255;
        out[i * 2 + 1] = v * 16777216;
      }
    }
  },
});`;

// Products that may be -0 where ToInt32 reads them (an Int32Array store, a bitwise operand).
const cells = `
export const cells = defineJob({ name: 'cells', args: { cx: read.i32, cy: read.i32, out: write.i32, bits: write.i32, w: i32 },
  kernel(s, e, { cx, cy, out, bits, w }) {
    for (let i = s; i < e; i++) {
      out[i] = cy[i] * w + cx[i] - -cx[i];
      bits[i] = (cy[i] * w) ^ -cx[i];
    }
  },
});`;

// The same shapes where the sign of zero reaches a float: these must stay floats.
const signed = `
export const signed = defineJob({ name: 'signed', args: { row: read.i32, out: write.f32, inv: write.f64, w: i32, reach: i32, f: f64 },
  kernel(s, e, { row, out, inv, w, reach, f }) {
    for (let i = s; i < e; i++) {
      for (let d = -reach; d <= reach; d++) out[i] = d;
      const base = row[i] * w;
      inv[i] = 1 / base;
      const sum = row[i] * w;
      inv[i + e] = sum + f;
    }
  },
});`;

/** A test module compiled (without a fallback) and its JS kernels. */
function load(code: string, module: string) {
  const js = jsKernels(code, module);
  const h = compileAndLoad(code, `${module}.ts`, js, { unshared: false });
  expect(h.out.warnings).toEqual([]);
  return { js, h };
}

describe('integer ranges in exact mode', () => {
  it('ToInt32 of doubles is byte-identical to JS at ±2^31, ±2^32, beyond 2^53, fractions, NaN and ±Infinity, and needs no i64 conversion', () => {
    const { js, h } = load(toInt, 't');
    const text = wat(h.out.wasm);
    expect(text).not.toContain('i64.trunc_sat_f64_s');
    expect(text).not.toContain('i64.trunc_f64_s');
    const edges = [0, -0, 0.5, -0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, 2 ** 32 + 0.5, -(2 ** 32) - 0.5, 3e9 + 0.5, -3e9 - 0.5, 2 ** 52 + 1, 2 ** 53, 2 ** 60 + 2 ** 33, 1e300, -1e300, 5e-324, NaN, Infinity, -Infinity];
    const r = new Rng(31);
    const n = 4096;
    const x = h.alloc('f64', n);
    for (let i = 0; i < n; i++) x[i] = i < edges.length ? edges[i]! : (r.next() - 0.5) * 2 ** (r.next() * 70);
    const args = { x, out: h.alloc('i32', n), sums: h.alloc('i32', n), n };
    expect(compareRuns(js.toInt!, h.kernels.get('toInt')!, 0, 1, args, h.copy)).toBe(0);
    expect(h.compiledRuns()).toBe(1);
  });

  it('keeps the wrap idiom in integers (no float index) and byte-identical to JS, reach 0 to 3 and 1- to 9-wide grids', () => {
    const { js, h } = load(wrap, 'w');
    const text = wat(h.out.wasm);
    // A float index would be converted back with a saturating truncation and checked with f64.eq.
    expect(text).not.toMatch(/trunc_sat_f64_u|f64\.convert_i64_s|f64\.neg/);
    const r = new Rng(32);
    let compared = 0;
    for (const w of [1, 2, 5, 9])
      for (const reach of [0, 1, 2, 3]) {
        if (w < 2 * reach + 1 && reach > 0) continue;
        h.reset();
        const n = 50;
        const cell = h.alloc('i32', n);
        const start = h.alloc('i32', w * w + 1);
        for (let i = 0; i < n; i++) cell[i] = Math.floor(r.next() * w);
        for (let i = 0; i <= w * w; i++) start[i] = Math.floor(r.next() * 1000) - 500;
        expect(compareRuns(js.wrap!, h.kernels.get('wrap')!, 0, n, { cell, start, out: h.alloc('i32', n * 7), w, reach }, h.copy)).toBe(0);
        compared++;
      }
    expect(compared).toBe(9);
    expect(h.compiledRuns()).toBe(9);
  });

  it('drops a narrowed range at an assignment, and never narrows a variable its branch assigns in a loop (products past 2^31 byte-identical to JS)', () => {
    const { js, h } = load(grow, 'g');
    const n = 512;
    const x = h.alloc('i32', n);
    const r = new Rng(33);
    for (let i = 0; i < n; i++) x[i] = Math.floor(r.next() * 20);
    for (const job of ['grow', 'after']) expect(compareRuns(js[job]!, h.kernels.get(job)!, 0, n, { x, out: h.alloc('f64', 2 * n) }, h.copy)).toBe(0);
    expect(h.compiledRuns()).toBe(2);
  });

  it('computes may-be -0 products in integers where only ToInt32 reads them, byte-identical to JS past 2^31', () => {
    const { js, h } = load(cells, 'c');
    expect(wat(h.out.wasm)).not.toMatch(/f64\.(mul|add|sub|neg)/);
    const n = 256;
    const cx = h.alloc('i32', n);
    const cy = h.alloc('i32', n);
    const r = new Rng(34);
    for (let i = 0; i < n; i++) {
      cx[i] = Math.floor((r.next() - 0.5) * 2 ** 32);
      cy[i] = i % 3 === 0 ? 0 : Math.floor((r.next() - 0.5) * 2 ** 32);
    }
    for (const w of [0, 1, 7, 2 ** 21]) expect(compareRuns(js.cells!, h.kernels.get('cells')!, 0, n, { cx, cy, out: h.alloc('i32', n), bits: h.alloc('i32', n), w }, h.copy)).toBe(0);
    expect(h.compiledRuns()).toBe(4);
  });

  it('keeps a may-be -0 integer a float where the sign reaches a float store, a division or a float sum (-0 bytes as JS)', () => {
    const { js, h } = load(signed, 's');
    const n = 4;
    const row = h.alloc('i32', n);
    row.set([-3, 0, 2, -1]);
    for (const [w, reach, f] of [[0, 0, -0], [0, 1, -0], [3, 0, 0], [0, 0, 1.5]] as const) {
      const out = h.alloc('f32', n);
      const inv = h.alloc('f64', 2 * n);
      expect(compareRuns(js.signed!, h.kernels.get('signed')!, 0, n, { row, out, inv, w, reach, f }, h.copy)).toBe(0);
    }
    // The -0 cases really were -0 in JS (so the comparison above saw them).
    const out = new Float32Array(1);
    const inv = new Float64Array(2);
    js.signed!(0, 1, { row: new Int32Array([-3]), out, inv, w: 0, reach: 0, f: -0 } as never);
    expect(Object.is(out[0], -0)).toBe(true);
    expect(inv[0]).toBe(-Infinity);
    expect(Object.is(inv[1], -0)).toBe(true);
    expect(h.compiledRuns()).toBe(4);
  });
});
