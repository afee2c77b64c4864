import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineSuite, type BenchResult } from '../types.ts';
import { compileKernels } from '../../src/build/kernels/KernelModuleCompiler.ts';
import { instantiateKernels } from '../../src/jobs/WasmKernels.ts';
import type { ArgSchema, Kernel } from '../../src/jobs/defineJob.ts';
import * as K from '../fixtures/burstKernels.ts';

type Args = Record<string, unknown>;
type Arr = Float32Array | Int32Array;

const FILE = fileURLToPath(new URL('../fixtures/burstKernels.ts', import.meta.url));
const JS: Record<string, Kernel<ArgSchema>> = Object.fromEntries([K.integrate, K.attention, K.nbody, K.hamming].map((d) => [d.name, d.kernel as Kernel<ArgSchema>]));

/** One memory for all data; both compiled builds are instantiated over it. */
const memory = new WebAssembly.Memory({ initial: 1024, maximum: 16384, shared: true });
let top = 0;
function alloc(kind: 'f32' | 'i32', n: number): Arr {
  top = Math.ceil(top / 16) * 16;
  const need = top + n * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const a = kind === 'f32' ? new Float32Array(memory.buffer, top, n) : new Int32Array(memory.buffer, top, n);
  top = need;
  return a;
}

let seed = 12345;
const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

interface Case {
  name: string;
  job: string;
  /** Elements (or pairs, interactions, words) per call. */
  ops: number;
  start: number;
  end: number;
  args: Args;
  /** Output arrays compared between paths. */
  outputs: string[];
  /** Restore inputs that the kernel updates in place. */
  reset?: () => void;
}

function cases(): Case[] {
  const N = 1 << 20;
  const px = alloc('f32', N), py = alloc('f32', N), vx = alloc('f32', N), vy = alloc('f32', N);
  const px0 = new Float32Array(N), py0 = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    px0[i] = rnd() * 100;
    py0[i] = rnd() * 100;
    vx[i] = rnd() - 0.5;
    vy[i] = rnd() - 0.5;
  }
  const C = 256, D = 16;
  const emb = alloc('f32', C * D), out = alloc('f32', C * D);
  for (let i = 0; i < C; i++) {
    let s = 0;
    for (let k = 0; k < D; k++) s += (emb[i * D + k] = rnd() - 0.5) ** 2;
    for (let k = 0; k < D; k++) emb[i * D + k] = emb[i * D + k]! / Math.sqrt(s);
  }
  const B = 4096;
  const x = alloc('f32', B), y = alloc('f32', B), z = alloc('f32', B), m = alloc('f32', B), ax = alloc('f32', B), ay = alloc('f32', B), az = alloc('f32', B);
  for (let i = 0; i < B; i++) {
    x[i] = rnd() * 10;
    y[i] = rnd() * 10;
    z[i] = rnd() * 10;
    m[i] = rnd() + 0.5;
  }
  const V = 1000, W = 313;
  const vecs = alloc('i32', V * W), q = alloc('i32', W), dist = alloc('i32', V);
  for (let i = 0; i < V * W; i++) vecs[i] = (rnd() * 4294967296) | 0;
  for (let i = 0; i < W; i++) q[i] = (rnd() * 4294967296) | 0;
  return [
    { name: 'integrate', job: 'burst.integrate', ops: N, start: 0, end: N, args: { px, py, vx, vy, dt: 1 / 60 }, outputs: ['px', 'py'], reset: () => (px.set(px0), py.set(py0)) },
    { name: 'attention', job: 'burst.attention', ops: C * C, start: 0, end: C, args: { emb, out, n: C, D, beta: 4 }, outputs: ['out'] },
    // A quarter of the bodies per call keeps one call near 10 ms (4,096 x 1,024 interactions).
    { name: 'nbody', job: 'burst.nbody', ops: (B / 4) * B, start: 0, end: B / 4, args: { x, y, z, m, ax, ay, az, n: B, eps2: 0.01 }, outputs: ['ax', 'ay', 'az'] },
    { name: 'hamming', job: 'burst.hamming', ops: V * W, start: 0, end: V, args: { vecs, q, dist, W }, outputs: ['dist'] },
  ];
}

function snapshot(c: Case): Arr[] {
  return c.outputs.map((k) => (c.args[k] as Arr).slice());
}

function timeOnce(k: Kernel<ArgSchema>, c: Case): number {
  c.reset?.();
  const t0 = process.hrtime.bigint();
  k(c.start, c.end, c.args as never);
  return Number(process.hrtime.bigint() - t0) / c.ops;
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * JS kernels against the same source compiled to WebAssembly, exact mode (byte-identical:
 * `exactMismatches` counts output elements that are not) and fast mode (f32: its largest
 * relative error against exact is `fastMaxRelErr`). Same data, same memory, rounds
 * interleaved, medians kept.
 */
export default defineSuite({
  description: 'JS kernels vs compiled exact vs compiled fast, same data (ns per element / pair / interaction / word)',
  goals: {
    integrateExactNs: { text: '<= integrateJsNs / 2.5', met: (r) => r.integrateExactNs!.value * 2.5 <= r.integrateJsNs!.value },
    attentionExactNs: { text: '<= attentionJsNs / 2', met: (r) => r.attentionExactNs!.value * 2 <= r.attentionJsNs!.value },
    attentionFastNs: { text: '<= attentionJsNs / 8', met: (r) => r.attentionFastNs!.value * 8 <= r.attentionJsNs!.value },
    nbodyFastNs: { text: '<= nbodyJsNs / 5', met: (r) => r.nbodyFastNs!.value * 5 <= r.nbodyJsNs!.value },
    exactMismatches: { text: '0', met: (r) => r.exactMismatches!.value === 0 },
    fastMaxRelErr: { text: '<= 1e-4', met: (r) => r.fastMaxRelErr!.value <= 1e-4 },
  },
  async run() {
    const code = readFileSync(FILE, 'utf8');
    const exact = compileKernels(code, FILE, { unshared: false });
    const fast = compileKernels(code, FILE, { unshared: false, mode: 'fast' });
    for (const w of [...exact.warnings, ...fast.warnings]) process.stderr.write(`burst bench: ${w.message}\n`);
    const ek = instantiateKernels({ ...exact, wasm: exact.wasm!, file: FILE }, memory, JS);
    const fk = instantiateKernels({ ...fast, wasm: fast.wasm!, file: FILE }, memory, JS);
    const results: Record<string, BenchResult> = {};
    let mismatches = 0;
    let maxRel = 0;
    for (const c of cases()) {
      const paths: [string, Kernel<ArgSchema>][] = [['Js', JS[c.job]!], ['Exact', ek.get(c.job)!.kernel], ['Fast', fk.get(c.job)!.kernel]];
      // Correctness first: one call of each path from the same inputs.
      const outs = paths.map(([, k]) => {
        c.reset?.();
        k(c.start, c.end, c.args as never);
        return snapshot(c);
      });
      const [js, ex, fa] = outs as [Arr[], Arr[], Arr[]];
      js.forEach((a, o) => {
        const b = ex[o]!;
        const ba = new Uint32Array(a.buffer, a.byteOffset, a.length);
        const bb = new Uint32Array(b.buffer, b.byteOffset, b.length);
        for (let i = 0; i < a.length; i++) if (ba[i] !== bb[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) mismatches++;
        const f = fa[o]!;
        // Relative error of fast against exact, scaled by the output's magnitude (outputs near 0 would divide by ~0).
        let scale = 0;
        for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
        let rel = 0;
        for (let i = 0; i < b.length; i++) rel = Math.max(rel, Math.abs(f[i]! - b[i]!) / (scale || 1));
        results[`${c.name}FastRelErr`] = { value: Math.max(rel, results[`${c.name}FastRelErr`]?.value ?? 0), unit: 'x' };
        maxRel = Math.max(maxRel, rel);
      });
      // Warm up: compiled code starts in V8's baseline tier and is swapped for optimised code
      // once it is hot (a later call picks it up); JS kernels tier up too. Steady state is what counts.
      for (let w = 0; w < 12; w++) for (const [, k] of paths) timeOnce(k, c);
      const ns: number[][] = paths.map(() => []);
      for (let round = 0; round < 7; round++) paths.forEach(([, k], p) => ns[p]!.push(timeOnce(k, c)));
      paths.forEach(([p], i) => (results[`${c.name}${p}Ns`] = { value: median(ns[i]!), unit: 'ns' }));
    }
    results.exactMismatches = { value: mismatches, unit: 'count' };
    results.fastMaxRelErr = { value: maxRel, unit: 'x' };
    return results;
  },
});
