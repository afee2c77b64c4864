import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/math/Rng.ts';
import { compileAndLoad } from './harness.ts';

const code = `export const e = defineJob({ name: 'e', args: { x: read.f64, y: write.f64 }, kernel(s, t, { x, y }) { for (let i = s; i < t; i++) y[i] = Math.exp(x[i]); } });`;

describe('ported Math.exp', () => {
  it('is compiled in (no call back to JS) and bit-identical to V8 on 600,000 inputs across every range', () => {
    const js = (s: number, t: number, a: { x: Float64Array; y: Float64Array }) => {
      for (let i = s; i < t; i++) a.y[i] = Math.exp(a.x[i]!);
    };
    const h = compileAndLoad(code, 'e.ts', { e: js as never }, { unshared: false });
    expect(h.out.hostImports).toEqual([]);
    const N = 100_000;
    const x = h.alloc('f64', N);
    const y = h.alloc('f64', N);
    const words = new Uint32Array(x.buffer, x.byteOffset, N * 2);
    const r = new Rng(99);
    const ranges: ((i: number) => void)[] = [
      (i) => (x[i] = (r.next() - 0.5) * 1500),
      (i) => (x[i] = (r.next() - 0.5) * 2),
      (i) => (x[i] = (r.next() - 0.5) * 1e-7),
      (i) => ((words[2 * i] = (r.next() * 2 ** 32) >>> 0), (words[2 * i + 1] = (r.next() * 2 ** 32) >>> 0)),
      (i) => (x[i] = -745 + r.next() * 40),
      (i) => (x[i] = 690 + r.next() * 30),
    ];
    const edges = [0, -0, 1, -1, Infinity, -Infinity, NaN, 709.782712893384, 709.79, -745.1332191019411, -745.14, 0.5 * Math.LN2, 1.5 * Math.LN2, 2 ** -28, -(2 ** -28), 1e-300, 5e-324];
    let bad = 0;
    for (const fill of ranges) {
      for (let i = 0; i < N; i++) fill(i);
      x.set(edges);
      h.kernels.get('e')!(0, N, { x, y } as never);
      for (let i = 0; i < N; i++) {
        const e = Math.exp(x[i]!);
        if (!Object.is(e, y[i]) && !(Number.isNaN(e) && Number.isNaN(y[i]))) bad++;
      }
    }
    expect(bad).toBe(0);
  });
});

describe('fast-mode exp (f32)', () => {
  it('is within 1e-6 relative of Math.exp on [-20, 20], and saturates instead of overflowing', () => {
    const src = `export const e = defineJob({ name: 'e', floatMode: 'fast', args: { x: read.f32, y: write.f32 }, kernel(s, t, { x, y }) { for (let i = s; i < t; i++) y[i] = Math.exp(x[i]); } });`;
    const h = compileAndLoad(src, 'e.ts', { e: (() => {}) as never }, { unshared: false });
    const N = 20_000;
    const x = h.alloc('f32', N);
    const y = h.alloc('f32', N);
    for (let i = 0; i < N; i++) x[i] = -20 + (40 * i) / N;
    x[0] = 1000;
    h.kernels.get('e')!(0, N, { x, y } as never);
    let worst = 0;
    for (let i = 1; i < N; i++) worst = Math.max(worst, Math.abs(y[i]! - Math.exp(x[i]!)) / Math.exp(x[i]!));
    expect(worst).toBeLessThan(1e-6);
    expect(Number.isFinite(y[0])).toBe(true);
  });
});
