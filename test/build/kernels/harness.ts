/**
 * Test harness for compiled kernels: compile a module's kernels, lay every array
 * arg out twice in one kernel memory, run the JS kernel on one copy and the
 * compiled one on the other, and count the bytes that differ.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compileKernels, type KernelCompileOptions } from '../../../src/build/kernels/KernelModuleCompiler.ts';
import { instantiateKernels } from '../../../src/jobs/WasmKernels.ts';
import { defineJob, type ArgSchema, type Kernel } from '../../../src/jobs/defineJob.ts';
import { read, write, f64, i32 } from '../../../src/jobs/argDecl.ts';

type Arr = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
const CTOR = { f32: Float32Array, f64: Float64Array, i8: Int8Array, i16: Int16Array, i32: Int32Array, u8: Uint8Array, u16: Uint16Array, u32: Uint32Array } as const;

/** Reads relative imports from disk (what the build does). */
export const readModule: KernelCompileOptions['readModule'] = (from, spec) => {
  const file = resolve(dirname(from), spec);
  try {
    return { file, code: readFileSync(file, 'utf8') };
  } catch {
    return null;
  }
};

/** The JS kernels of a test module's `export const x = defineJob({…})` source, by job name. */
export function jsKernels(code: string, module: string): Record<string, Kernel<ArgSchema>> {
  const out: Record<string, { name: string; kernel: Kernel<ArgSchema> }> = {};
  new Function('defineJob', 'read', 'write', 'f64', 'i32', 'out', code.replace(/export const (\w+) = /g, 'out.$1 = '))((spec: never) => defineJob({ ...(spec as object), module } as never), read, write, f64, i32, out);
  return Object.fromEntries(Object.values(out).map((d) => [d.name, d.kernel]));
}

/** Compile `code` and instantiate it over a fresh shared memory. */
export function compileAndLoad(code: string, file: string, js: Record<string, Kernel<ArgSchema>>, options: KernelCompileOptions = {}) {
  const out = compileKernels(code, file, { readModule, ...options });
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 4096, shared: true });
  const compiled = out.wasm ? instantiateKernels({ ...out, wasm: out.wasm, file }, memory, js) : new Map();
  const kernels = new Map<string, Kernel<ArgSchema>>([...compiled].map(([k, v]) => [k, v.kernel]));
  /** Calls that ran compiled, over every kernel (the rest handed over to JS). */
  const compiledRuns = () => [...compiled.values()].reduce((n, c) => n + c.counts[0]!, 0);
  let top = 0;
  /** A typed array of `n` elements inside the memory. */
  const alloc = <E extends keyof typeof CTOR>(elem: E, n: number): InstanceType<(typeof CTOR)[E]> => {
    const C = CTOR[elem];
    top = Math.ceil(top / 16) * 16;
    const need = top + n * C.BYTES_PER_ELEMENT;
    if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    const a = new C(memory.buffer, top, n) as InstanceType<(typeof CTOR)[E]>;
    top = need;
    return a;
  };
  /** A copy of `a` inside the memory (what {@link compareRuns} takes as its `copy`). */
  const copy = (a: Arr): Arr => {
    const elem = (Object.keys(CTOR) as (keyof typeof CTOR)[]).find((k) => a instanceof CTOR[k])!;
    const b = alloc(elem, a.length);
    b.set(a as never);
    return b;
  };
  return { out, memory, kernels, compiledRuns, alloc, copy, reset: () => (top = 0) };
}

/**
 * Run `kernel` over [start, end) with JS and compiled on equal copies of `args`;
 * returns the number of array elements whose bytes differ afterwards (NaNs of any bits are equal).
 */
export function compareRuns(js: Kernel<ArgSchema>, compiled: Kernel<ArgSchema>, start: number, end: number, args: Record<string, Arr | number>, copy: (a: Arr) => Arr): number {
  const a1: Record<string, Arr | number> = {};
  const a2: Record<string, Arr | number> = {};
  for (const [k, v] of Object.entries(args)) {
    a1[k] = typeof v === 'number' ? v : copy(v);
    a2[k] = typeof v === 'number' ? v : copy(v);
  }
  let e1: unknown = null;
  let e2: unknown = null;
  try {
    js(start, end, a1 as never);
  } catch (e) {
    e1 = e;
  }
  try {
    compiled(start, end, a2 as never);
  } catch (e) {
    e2 = e;
  }
  if (String(e1 && (e1 as Error).message) !== String(e2 && (e2 as Error).message)) return -1;
  let diff = 0;
  for (const k of Object.keys(args)) {
    const x = a1[k]!;
    const y = a2[k]!;
    if (typeof x === 'number' || typeof y === 'number') continue;
    const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    const by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
    const w = x.BYTES_PER_ELEMENT;
    const float = x instanceof Float32Array || x instanceof Float64Array;
    for (let i = 0; i < bx.length; i += w) {
      // NaN's sign and payload are not specified by JS: V8 itself gives different NaN bits
      // in its interpreter and its optimised code (0/0 is x86's negative default NaN, and
      // negation may or may not flip it). Any NaN equals any NaN; every other value is bytes.
      if (float && Number.isNaN(x[i / w]!) && Number.isNaN(y[i / w]!)) continue;
      for (let j = 0; j < w; j++)
        if (bx[i + j] !== by[i + j]) {
          diff++;
          break;
        }
    }
  }
  return diff;
}
