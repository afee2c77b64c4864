import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileKernels } from '../../../src/build/kernels/KernelModuleCompiler.ts';
import { integrate } from '../../../scenes/particles/jobs.ts';
import { compileAndLoad, compareRuns, readModule } from './harness.ts';

const sceneFile = (s: string) => fileURLToPath(new URL(`../../../scenes/${s}/jobs.ts`, import.meta.url));

describe('kernel compiler', () => {
  it('compiles particles.integrate byte-identical to its JS kernel (4,096 particles, 3 steps)', () => {
    const file = sceneFile('particles');
    const h = compileAndLoad(readFileSync(file, 'utf8'), file, { 'particles.integrate': integrate.kernel as never });
    const k = h.kernels.get('particles.integrate')!;
    const n = 4096;
    const ids = h.alloc('i32', n), px = h.alloc('f32', n), py = h.alloc('f32', n), vx = h.alloc('f32', n), vy = h.alloc('f32', n);
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < n; i++) {
      ids[i] = n - 1 - i;
      px[i] = rnd() * 100;
      py[i] = rnd() * 50;
      vx[i] = (rnd() - 0.5) * 4000;
      vy[i] = (rnd() - 0.5) * 40;
    }
    const copy = (a: Float32Array | Int32Array) => {
      const b = a instanceof Float32Array ? h.alloc('f32', a.length) : h.alloc('i32', a.length);
      b.set(a);
      return b;
    };
    for (const dt of [1 / 60, 0.25, 3]) expect(compareRuns(integrate.kernel as never, k, 0, n, { ids, px, py, vx, vy, dt, width: 100, height: 50 }, copy as never)).toBe(0);
  });

  it('compiles every kernel of the shipped scenes without a fallback', () => {
    for (const s of ['particles', 'boids', 'glom', 'orbits', 'pondernet']) {
      const file = sceneFile(s);
      const out = compileKernels(readFileSync(file, 'utf8'), file, { readModule, optimize: 1 });
      expect(out.warnings.map((w) => w.message)).toEqual([]);
      expect(out.jobs.length).toBeGreaterThan(0);
    }
  });

  it('keeps a kernel outside the subset as JS, with a file:line:column warning naming the construct', () => {
    const code = [
      "import { defineJob } from '../src/jobs/defineJob.ts';",
      "export const bad = defineJob({ name: 'bad', args: { px: write.f32 },",
      '  kernel(start, end, { px }) {',
      '    const tmp = new Float32Array(4);',
      '    for (let i = start; i < end; i++) px[i] = tmp[0];',
      '  },',
      '});',
    ].join('\n');
    const out = compileKernels(code, '/src/bad.ts');
    expect(out.wasm).toBeNull();
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]!.message).toBe(
      '/src/bad.ts:4:17: kernel of job "bad" is not compiled to WebAssembly: a `new` expression (allocation). It keeps running as JavaScript. Keep kernels to numeric locals, loops, typed-array args, Math.* and module-level helper functions.',
    );
  });
});
