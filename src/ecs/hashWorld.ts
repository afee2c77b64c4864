import type { SimWorld } from './World.ts';

/**
 * FNV-1a over the bytes of every component array, in definition order: a compact
 * fingerprint of a world's state for determinism checks (same seed, same hash).
 *
 * @example
 * hashWorld(world) // '9c1d4f3a'
 */
export function hashWorld(world: SimWorld): string {
  let h = 0x811c9dc5;
  for (const c of world.components) {
    for (const f of c.fields) {
      const bytes = new Uint8Array(f.array.buffer, f.array.byteOffset, f.array.byteLength);
      for (let i = 0; i < bytes.length; i++) {
        h ^= bytes[i]!;
        h = Math.imul(h, 0x01000193);
      }
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
