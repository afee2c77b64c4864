import { describe, expect, it } from 'vitest';
import binaryen from 'binaryen';
import { Rng } from '../../../src/math/Rng.ts';
import { compileAndLoad, jsKernels } from './harness.ts';

const wat = (wasm: Uint8Array | null): string => binaryen.readBinary(wasm!).emitText();

// Loops fast mode unrolls and jams by 4 (JamPlan): a softmax-weighted mix (the attention shape,
// with its own weights: a squared distance, clamped), and an elementwise exp through a const.
const code = `
export const mix = defineJob({ name: 'mix', args: { x: read.f32, out: write.f32, n: i32, D: i32, t: f64 },
  kernel(start, end, { x, out, n, D, t }) {
    for (let i = start; i < end; i++) {
      const a = i * D;
      for (let k = 0; k < D; k++) out[a + k] = 0;
      let total = 0;
      for (let j = 0; j < n; j++) {
        const b = j * D;
        let d2 = 0;
        for (let k = 0; k < D; k++) {
          const d = x[a + k] - x[b + k];
          d2 += d * d;
        }
        const w = Math.exp(-Math.min(d2, 30) / t) + 0.5 * Math.sqrt(Math.abs(d2));
        total = total + w;
        for (let k = 0; k < D; k++) out[a + k] += w * x[b + k];
      }
      for (let k = 0; k < D; k++) out[a + k] = out[a + k] / total;
    }
  },
});
export const expAll = defineJob({ name: 'expAll', args: { x: read.f32, y: write.f32 },
  kernel(start, end, { x, y }) {
    for (let j = start; j < end; j++) {
      const v = x[j];
      const e = Math.exp(v);
      y[j] = e;
    }
  },
});`;

describe('unroll-and-jam (fast mode)', () => {
  const js = jsKernels(code, 'j');
  const exact = compileAndLoad(code, 'j.ts', js, { unshared: false });
  const fast = compileAndLoad(code, 'j.ts', js, { unshared: false, mode: 'fast' });

  it('packs the jammed consts into f32x4 with the vectorised exp; exact mode does not jam', () => {
    expect(fast.out.warnings).toEqual([]);
    const f = wat(fast.out.wasm);
    expect(f).toContain('f32x4.nearest');
    expect(f).toContain('f32x4.replace_lane');
    const e = wat(exact.out.wasm);
    expect(e).not.toContain('f32x4.nearest');
    expect(e).not.toContain('f32x4.replace_lane');
  });

  it('the mix is within 1e-5 of exact mode: odd counts (remainders), odd widths, and a written array that overlaps the read one', () => {
    const r = new Rng(14);
    let compared = 0;
    for (const n of [3, 4, 7, 13]) {
      for (const D of [1, 5, 16]) {
        for (const overlap of [false, true]) {
          const run = (h: typeof exact, xs: Float32Array) => {
            h.reset();
            const x = h.alloc('f32', n * D + D);
            x.set(xs);
            // Overlap: out is x shifted by D, so row i of out is row i + 1 of x (the jam must not reorder then).
            const out = overlap ? new Float32Array(x.buffer, x.byteOffset + D * 4, n * D) : h.alloc('f32', n * D);
            h.kernels.get('mix')!(0, overlap ? 1 : n, { x, out, n, D, t: 0.7 } as never);
            return out.slice();
          };
          const xs = new Float32Array(n * D + D);
          for (let i = 0; i < xs.length; i++) xs[i] = r.next() - 0.5;
          const e = run(exact, xs);
          const f = run(fast, xs);
          let scale = 0;
          for (const v of e) scale = Math.max(scale, Math.abs(v));
          for (let i = 0; i < e.length; i++) expect(Math.abs(f[i]! - e[i]!) / scale).toBeLessThan(1e-5);
          compared++;
        }
      }
    }
    expect(compared).toBe(24);
  });

  it('each lane of the vectorised exp equals the scalar fast exp (byte-equal), within 1e-6 of Math.exp', () => {
    const n = 1003;
    fast.reset();
    const x = fast.alloc('f32', n);
    const jammed = fast.alloc('f32', n);
    const scalar = fast.alloc('f32', n);
    const r = new Rng(15);
    for (let i = 0; i < n; i++) x[i] = (r.next() - 0.5) * 40;
    const k = fast.kernels.get('expAll')!;
    k(0, n, { x, y: jammed } as never);
    // One element per call: fewer than 4 iterations, so the scalar loop runs them.
    for (let i = 0; i < n; i++) k(i, i + 1, { x, y: scalar } as never);
    expect(Buffer.from(jammed.buffer, jammed.byteOffset, jammed.byteLength).equals(Buffer.from(scalar.buffer, scalar.byteOffset, scalar.byteLength))).toBe(true);
    for (let i = 0; i < n; i++) expect(Math.abs(jammed[i]! - Math.exp(x[i]!)) / Math.exp(x[i]!)).toBeLessThan(1e-6);
  });
});

describe('unroll-and-jam refusals', () => {
  // y is written by one statement and read by another (a recurrence): jamming would read
  // y[j - 1] of the next iterations before they are written, so the loop must stay sequential.
  const scan = `
export const scan = defineJob({ name: 'scan', args: { x: read.f32, y: write.f32 },
  kernel(start, end, { x, y }) {
    for (let j = start + 1; j < end; j++) {
      const prev = y[j - 1];
      const e = Math.exp(prev * 0.25);
      y[j] = e * 0.5 + x[j];
    }
  },
});`;

  it('keeps a recurrence through an array sequential (no jam, same values as exact within 1e-5)', () => {
    const js = jsKernels(scan, 'j');
    const exact = compileAndLoad(scan, 's.ts', js, { unshared: false });
    const fast = compileAndLoad(scan, 's.ts', js, { unshared: false, mode: 'fast' });
    expect(wat(fast.out.wasm)).not.toContain('f32x4.nearest');
    const n = 64;
    const run = (h: typeof exact) => {
      h.reset();
      const x = h.alloc('f32', n);
      const y = h.alloc('f32', n);
      for (let i = 0; i < n; i++) x[i] = (i % 7) / 7 - 0.5;
      h.kernels.get('scan')!(0, n, { x, y } as never);
      return y.slice();
    };
    const e = run(exact);
    const f = run(fast);
    for (let i = 0; i < n; i++) expect(Math.abs(f[i]! - e[i]!) / (Math.abs(e[i]!) || 1)).toBeLessThan(1e-5);
  });
});
