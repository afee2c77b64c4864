import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/math/Rng.ts';
import binaryen from 'binaryen';
import { compileAndLoad, compareRuns, jsKernels } from './harness.ts';

const wat = (wasm: Uint8Array | null): string => binaryen.readBinary(wasm!).emitText();

// Inner loops the vectorizer takes: elementwise (exact: f64x2) and, in fast mode, a reduction.
const code = `
export const axpy = defineJob({ name: 'axpy', args: { x: read.f32, y: write.f32, rows: i32, D: i32, s: f64 },
  kernel(start, end, { x, y, rows, D, s }) {
    for (let i = start; i < end; i++) {
      const a = i * D;
      const b = ((i + 1) % rows) * D;
      for (let k = 0; k < D; k++) y[a + k] = y[a + k] + s * x[b + k] - Math.sqrt(Math.abs(x[a + k])) / 3;
      for (let k = 0; k < D; k++) y[a + k] *= 0.5;
    }
  },
});
export const dots = defineJob({ name: 'dots', args: { x: read.f32, out: write.f32, D: i32 },
  kernel(start, end, { x, out, D }) {
    for (let i = start; i < end; i++) {
      let dot = 0;
      for (let k = 0; k < D; k++) {
        const p = x[i * D + k] * x[k];
        dot += p;
      }
      out[i] = dot;
    }
  },
});`;

describe('loop vectorizer', () => {
  it('exact mode (f64x2) stays byte-identical: odd lengths, offsets and overlapping arrays', () => {
    const js = jsKernels(code, 'v');
    const h = compileAndLoad(code, 'v.ts', js, { unshared: false });
    expect(h.out.warnings).toEqual([]);
    expect(wat(h.out.wasm)).toContain('f64x2.mul');
    const r = new Rng(3);
    let compared = 0;
    for (const D of [1, 2, 3, 5, 8, 17]) {
      for (const overlap of [false, true]) {
        h.reset();
        const rows = 6;
        const x = h.alloc('f32', rows * D + 8);
        for (let i = 0; i < x.length; i++) x[i] = (r.next() - 0.5) * 100;
        // Overlap: y is x shifted by one element (a store lands on the next element's load).
        const y = overlap ? new Float32Array(x.buffer, x.byteOffset + 4, rows * D) : h.alloc('f32', rows * D);
        if (!overlap) for (let i = 0; i < y.length; i++) y[i] = r.next();
        const copy = (a: Float32Array) => {
          const b = h.alloc('f32', a.length);
          b.set(a);
          return b;
        };
        // compareRuns copies each array separately, which would break the overlap: compare by hand then.
        if (!overlap) expect(compareRuns(js.axpy!, h.kernels.get('axpy')!, 0, rows, { x, y, rows, D, s: 1.5 }, copy as never)).toBe(0);
        else {
          const x2 = h.alloc('f32', x.length);
          x2.set(x);
          const y2 = new Float32Array(x2.buffer, x2.byteOffset + 4, rows * D);
          js.axpy!(0, rows, { x, y, rows, D, s: 1.5 } as never);
          h.kernels.get('axpy')!(0, rows, { x: x2, y: y2, rows, D, s: 1.5 } as never);
          expect(Buffer.from(new Uint8Array(x2.buffer, x2.byteOffset, x2.byteLength)).equals(Buffer.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)))).toBe(true);
        }
        compared++;
      }
    }
    expect(compared).toBe(12);
  });

  it('fast mode (f32x4) reduces within 1e-5 of exact', () => {
    const js = jsKernels(code, 'v');
    const exact = compileAndLoad(code, 'v.ts', js, { unshared: false });
    const fast = compileAndLoad(code, 'v.ts', js, { unshared: false, mode: 'fast' });
    const f = wat(fast.out.wasm);
    expect(f).toContain('f32x4.extract_lane');
    // Blocks of 4 vectors (the 4th at byte offset 48), then single vectors, then scalars.
    expect(f).toContain('v128.load offset=48');
    const r = new Rng(4);
    // 3: scalars only; 16: one block; 20: a block and a vector; 33: two blocks and a scalar.
    for (const D of [3, 16, 20, 33]) {
      const n = 8;
      const mk = (hh: typeof exact) => {
        hh.reset();
        const x = hh.alloc('f32', n * D);
        const out = hh.alloc('f32', n);
        return { x, out };
      };
      const e = mk(exact);
      const f = mk(fast);
      for (let i = 0; i < n * D; i++) e.x[i] = f.x[i] = r.next() - 0.5;
      exact.kernels.get('dots')!(0, n, { ...e, D } as never);
      fast.kernels.get('dots')!(0, n, { ...f, D } as never);
      let scale = 0;
      for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(e.out[i]!));
      for (let i = 0; i < n; i++) expect(Math.abs(f.out[i]! - e.out[i]!) / scale).toBeLessThan(1e-5);
    }
  });
});
