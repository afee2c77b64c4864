/**
 * The kernel memory: one `WebAssembly.Memory` per thread that component fields
 * and job buffers are carved from, so compiled kernels (which address one
 * linear memory by byte offset) and JS kernels read the same bytes. Shared (its
 * buffer a SharedArrayBuffer, visible to workers) when shared memory is
 * available; a plain memory otherwise (inline jobs only, as without isolation).
 *
 * Capacity is reserved up front (`TICKFLOW_KERNEL_MEMORY_MB`, default 256 MB of
 * address space, committed lazily by the OS). When an allocation does not fit,
 * the memory grows: existing views stay valid, but they are views of the old
 * buffer, so compiled kernels over them run as JS (still correct).
 */
import { hasSharedArrayBuffer } from './sharedMemory.ts';

const PAGE = 65536;
const MAX_PAGES = 65536;

let memory: WebAssembly.Memory | null = null;
let top = 0;

function reservePages(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TICKFLOW_KERNEL_MEMORY_MB;
  const mb = env ? Number(env) : 256;
  return Math.min(MAX_PAGES, Math.max(16, Math.ceil((Number.isFinite(mb) && mb > 0 ? mb : 256) * 16)));
}

/**
 * This thread's kernel memory (created on first use).
 *
 * @example
 * const mem = kernelMemory(); mem.buffer instanceof SharedArrayBuffer // true in Node
 */
export function kernelMemory(): WebAssembly.Memory {
  if (!memory) {
    const pages = reservePages();
    memory = hasSharedArrayBuffer ? new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true }) : new WebAssembly.Memory({ initial: pages });
    // Offset 0 stays unused: a zero offset then always means "no array".
    top = 64;
  }
  return memory;
}

type Ctor<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A zeroed typed array of `length` elements inside the kernel memory, 16-byte aligned.
 *
 * @example
 * const px = allocateArray(Float32Array, 1024);
 */
export function allocateArray<T>(C: Ctor<T>, length: number): T {
  const mem = kernelMemory();
  const start = Math.ceil(top / 16) * 16;
  const end = start + length * C.BYTES_PER_ELEMENT;
  if (end > mem.buffer.byteLength) mem.grow(Math.ceil((end - mem.buffer.byteLength) / PAGE));
  top = end;
  return new C(mem.buffer, start, length);
}
