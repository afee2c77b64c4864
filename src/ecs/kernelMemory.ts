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
    // Both with a maximum: the compiled modules import a memory with one (the shared
    // module must; the unshared one is built the same way), and instantiating over a
    // memory without it is a LinkError.
    memory = hasSharedArrayBuffer ? new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true }) : new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES });
    // Offset 0 stays unused: a zero offset then always means "no array". Bytes 8..15 hold a
    // random tag, so another thread can tell a view of this memory from any other SAB.
    const tag = new Int32Array(memory.buffer, TAG, 2);
    tag[0] = (Math.random() * 2 ** 32) | 0;
    tag[1] = (Math.random() * 2 ** 32) | 0;
    top = 64;
  }
  return memory;
}

const TAG = 8;

/** This thread's kernel memory if it exists and is shared (what workers are sent), else null. */
export function sharedKernelMemory(): WebAssembly.Memory | null {
  return memory && typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer ? memory : null;
}

/**
 * On a worker: use the main thread's kernel memory as this thread's (before any
 * kernel module instantiates over it). Ignored if this thread already has one.
 *
 * @example
 * adoptKernelMemory(msg.memory);
 */
export function adoptKernelMemory(m: WebAssembly.Memory): void {
  if (!memory) memory = m;
}

/**
 * A view like `a` but built on this thread's kernel memory object when `a` views
 * the same memory (a view received from another thread has its own buffer object,
 * which compiled kernels would not recognise); otherwise `a` itself.
 *
 * @example
 * t.buffers[id] = onKernelMemory(received);
 */
export function onKernelMemory<T extends ArrayBufferView>(a: T): T {
  const m = memory;
  const buf = a.buffer;
  if (!m || !(buf instanceof SharedArrayBuffer) || (buf as ArrayBufferLike) === m.buffer || buf.byteLength < 64) return a;
  const mine = new Int32Array(m.buffer, TAG, 2);
  const theirs = new Int32Array(buf, TAG, 2);
  if (mine[0] !== theirs[0] || mine[1] !== theirs[1] || a.byteOffset + a.byteLength > m.buffer.byteLength) return a;
  const C = a.constructor as new (b: ArrayBufferLike, o: number, n: number) => T;
  return new C(m.buffer, a.byteOffset, (a as unknown as { length: number }).length);
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
