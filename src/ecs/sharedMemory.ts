/**
 * Whether real shared memory is available: Node always; browsers only when
 * cross-origin isolated. Without it, stores fall back to ArrayBuffer and jobs
 * run inline (the single-thread fallback).
 */
export const hasSharedArrayBuffer: boolean =
  typeof SharedArrayBuffer === 'function' &&
  ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false);

/**
 * Allocate `bytes` of zeroed memory, shared when possible.
 *
 * @example
 * const buf = allocateBuffer(1024); // SharedArrayBuffer in Node
 */
export function allocateBuffer(bytes: number, shared = hasSharedArrayBuffer): ArrayBufferLike {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}
