/**
 * Running compiled kernels: instantiate a kernel module over the kernel memory
 * and wrap each export as a kernel with the JS kernel's signature
 * `(start, end, args)`. The wrapper passes each array arg as its byte offset
 * and length, each scalar as a double; it runs the JS kernel instead when an
 * arg is not a view into the memory or a scalar is not of its declared type, so
 * a result never depends on which path ran.
 */
import { assertionFailure } from '../assert/assert.ts';
import { defineMessage } from '../assert/messages.ts';
import type { Kernel, ArgSchema } from './defineJob.ts';
import type { ArgType } from '../build/kernels/argTypes.ts';

/** What a compiled module carries to the runtime (the output of the kernel compiler, minus warnings). */
export interface KernelBundle {
  readonly wasm: Uint8Array;
  readonly wasmUnshared?: Uint8Array | null;
  readonly file: string;
  readonly jobs: readonly { readonly name: string; readonly exportName: string; readonly args: readonly { readonly name: string; readonly type: ArgType }[] }[];
  readonly messages: readonly { readonly text: string; readonly isId: boolean }[];
  readonly hostImports: readonly string[];
}

/** Calls of a compiled kernel: `[ran compiled, ran the JS kernel instead]` (arrays outside the memory, scalars outside their compiled range). */
export type PathCounts = Float64Array;

/** A compiled kernel and its path counts. */
export interface CompiledKernel {
  readonly kernel: Kernel<ArgSchema>;
  readonly counts: PathCounts;
}

/** Compiled kernels of one bundle by job name. */
export type CompiledKernels = Map<string, CompiledKernel>;

/**
 * Instantiate a bundle over `memory` (shared or not: the matching module is
 * chosen) and wrap its kernels. `jsKernels` are the fallbacks by job name.
 *
 * @example
 * const kernels = instantiateKernels(bundle, memory, { 'particles.integrate': integrate.kernel });
 * kernels.get('particles.integrate')!.kernel(0, n, args);
 */
export function instantiateKernels(bundle: KernelBundle, memory: WebAssembly.Memory, jsKernels: Readonly<Record<string, Kernel<ArgSchema>>>): CompiledKernels {
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = shared ? bundle.wasm : bundle.wasmUnshared;
  if (!bytes) throw new Error(`Kernel module of ${bundle.file}: no ${shared ? 'shared' : 'non-shared'} build to instantiate.`);
  const ids = bundle.messages.map((m) => (m.isId ? defineMessage(m.text) : m.text));
  const math: Record<string, unknown> = { fmod: (a: number, b: number) => a % b };
  for (const n of bundle.hostImports) if (n !== 'fmod') math[n] = (Math as unknown as Record<string, unknown>)[n];
  const kernel = {
    oob(line: number, column: number): never {
      throw new RangeError(`Compiled kernel in ${bundle.file} read outside a typed array at ${line}:${column} (JavaScript would read undefined). Check the index.`);
    },
    fail(msg: number, entity: number, n: number, a0: number, a1: number, a2: number, a3: number, line: number, column: number): never {
      throw assertionFailure(entity, ids[msg]!, [a0, a1, a2, a3].slice(0, n), { file: bundle.file, line, column });
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), { env: { memory }, math: math as WebAssembly.ModuleImports, kernel });
  const out: CompiledKernels = new Map();
  for (const job of bundle.jobs) {
    const js = jsKernels[job.name];
    if (!js) continue;
    const counts: PathCounts = new Float64Array(2);
    out.set(job.name, { kernel: wrap(instance.exports[job.exportName] as (...a: number[]) => number, js, job.args, memory, counts), counts });
  }
  return out;
}

/**
 * The wrapper, generated per job so each call reads its args as fixed property
 * loads and passes them positionally (no arrays, no spread: nothing allocated).
 */
function wrap(fn: (...a: number[]) => number, js: Kernel<ArgSchema>, args: readonly { name: string; type: ArgType }[], memory: WebAssembly.Memory, counts: PathCounts): Kernel<ArgSchema> {
  const lines: string[] = ['let buf = memory.buffer;', 'return function compiledKernel(s, e, a) {'];
  const ops: string[] = ['s', 'e'];
  args.forEach((a, i) => {
    const key = JSON.stringify(a.name);
    if (a.type.array) {
      lines.push(`  const v${i} = a[${key}];`);
      lines.push(`  if (v${i}.buffer !== buf) { buf = memory.buffer; if (v${i}.buffer !== buf) { counts[1]++; return js(s, e, a); } }`);
      ops.push(`v${i}.byteOffset`, `v${i}.length`);
    } else ops.push(`a[${key}]`);
  });
  lines.push(`  if (fn(${ops.join(', ')}) !== 0) { counts[1]++; js(s, e, a); } else counts[0]++;`, '};');
  return new Function('fn', 'js', 'memory', 'counts', lines.join('\n'))(fn, js, memory, counts) as Kernel<ArgSchema>;
}
