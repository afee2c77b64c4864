import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/math/Rng.ts';
import { defineJob, type ArgSchema, type Kernel } from '../../../src/jobs/defineJob.ts';
import { read, write, f64, i32 } from '../../../src/jobs/argDecl.ts';
import { compileAndLoad, compareRuns } from './harness.ts';
import { generateKernel, randomDouble, GEN_ARGS } from './generateKernel.ts';

// 1,000 kernels in 10 modules. The first module goes through binaryen's -O3 (what
// ships; it caught a binaryen miscompile of zero-extended loads); the others skip the
// optimiser, which is most of the compile time, and test the compiler's own lowering.
const KERNELS = 1000;
const PER_MODULE = 100;
const N = 16;

/** Evaluate a generated module as JavaScript (types are plain JS here), returning its jobs by name. */
function evalJs(code: string): Record<string, Kernel<ArgSchema>> {
  const out: Record<string, Kernel<ArgSchema>> = {};
  const src = code.replace(/export const (\w+) = /g, 'out.$1 = ');
  new Function('defineJob', 'read', 'write', 'f64', 'i32', 'out', src)((spec: { name: string; args: ArgSchema; kernel: Kernel<ArgSchema> }) => defineJob({ ...spec, module: 'generated' }), read, write, f64, i32, out);
  const byName: Record<string, Kernel<ArgSchema>> = {};
  for (const def of Object.values(out) as unknown as { name: string; kernel: Kernel<ArgSchema> }[]) byName[def.name] = def.kernel;
  return byName;
}

describe('exact mode: compiled kernels are byte-identical to the JS kernel', () => {
  it(`${KERNELS} generated kernels × random inputs (seed 20261201)`, () => {
    const rng = new Rng(20261201);
    let compared = 0;
    let ranCompiled = 0;
    const failures: string[] = [];
    for (let m = 0; m < KERNELS / PER_MODULE; m++) {
      const sources = Array.from({ length: PER_MODULE }, (_, k) => generateKernel(rng, `p${m}_${k}`));
      const code = sources.join('\n');
      const js = evalJs(code);
      const h = compileAndLoad(code, `generated${m}.ts`, js, { optimize: m === 0 ? 3 : 0, unshared: false });
      expect(h.out.warnings.map((w) => w.message)).toEqual([]);
      expect(h.kernels.size).toBe(PER_MODULE);
      for (let k = 0; k < PER_MODULE; k++) {
        h.reset();
        const name = `p${m}_${k}`;
        const a = h.alloc('f32', N), b = h.alloc('f64', N), c = h.alloc('i32', N), u = h.alloc('u8', N), w = h.alloc('u32', N), hh = h.alloc('i16', N);
        for (let i = 0; i < N; i++) {
          a[i] = randomDouble(rng);
          b[i] = randomDouble(rng);
          c[i] = randomDouble(rng);
          u[i] = randomDouble(rng);
          w[i] = randomDouble(rng);
          hh[i] = randomDouble(rng);
        }
        const args = { a, b, c, u, w, h: hh, s: randomDouble(rng), n: rng.next() < 0.8 ? Math.floor(rng.next() * 100) : randomDouble(rng) | 0 };
        const copy = (x: Float32Array | Float64Array | Int32Array | Uint8Array | Uint32Array | Int16Array) => {
          const decl = Object.entries(GEN_ARGS).find(([key]) => (args as Record<string, unknown>)[key] === x)?.[1];
          const elem = (decl?.array ? decl.elem : 'f64') as 'f32';
          const y = h.alloc(elem, x.length) as unknown as typeof x;
          y.set(x as never);
          return y;
        };
        const before = h.compiledRuns();
        const diff = compareRuns(js[name]!, h.kernels.get(name)!, 0, N, args, copy as never);
        compared++;
        ranCompiled += h.compiledRuns() - before;
        if (diff !== 0) failures.push(`${name} (${diff} elements differ):\n${sources[k]}`);
      }
    }
    expect(compared).toBe(KERNELS);
    // Calls with an i32 scalar outside the compiled range [0, 2^21] run JS; most must run compiled.
    expect(ranCompiled).toBeGreaterThan(KERNELS * 0.7);
    expect(failures.length + ' failures\n' + failures.slice(0, 3).join('\n')).toBe('0 failures\n');
  }, 120_000);
});
