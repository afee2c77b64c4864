import type { SimWorld } from './World.ts';
import { FNV_OFFSET, fnv1a } from '../math/fnv1a.ts';

/**
 * FNV-1a over the bytes of every component array, in definition order: a compact
 * fingerprint of a world's state for determinism checks (same seed, same hash).
 *
 * @example
 * hashWorld(world) // '9c1d4f3a'
 */
export function hashWorld(world: SimWorld): string {
  let h = FNV_OFFSET;
  for (const c of world.components) {
    for (const f of c.fields) {
      const bytes = new Uint8Array(f.array.buffer, f.array.byteOffset, f.array.byteLength);
      for (let i = 0; i < bytes.length; i++) h = fnv1a(h, bytes[i]!);
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
