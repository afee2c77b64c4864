/**
 * FNV-1a, 32-bit: the one hash of the house (world fingerprints, assert message
 * ids, stable colours per job name). Fold one unit (a byte or a UTF-16 code
 * unit) at a time with {@link fnv1a}, starting from {@link FNV_OFFSET}.
 *
 * @example
 * let h = FNV_OFFSET;
 * for (const b of bytes) h = fnv1a(h, b);
 * fnv1aString('particles.integrate') // an unsigned 32-bit integer
 */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step: xor the unit in, multiply by the prime (mod 2^32, as a signed int32). */
export function fnv1a(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

/** FNV-1a over a string's UTF-16 code units, as an unsigned 32-bit integer. */
export function fnv1aString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = fnv1a(h, text.charCodeAt(i));
  return h >>> 0;
}
