/**
 * Random kernels for the exactness property test: loops over `i` that mix
 * float and integer arithmetic, JS integer idioms, Math functions, branches
 * and stores into every element type. Indices stay `i`, so every access is in
 * bounds (out-of-bounds reads are a documented difference: compiled kernels throw).
 */
import { Rng } from '../../../src/math/Rng.ts';
import { write, f64, i32 } from '../../../src/jobs/argDecl.ts';

/** The args every generated kernel declares. */
export const GEN_ARGS = { a: write.f32, b: write.f64, c: write.i32, u: write.u8, w: write.u32, h: write.i16, s: f64, n: i32 } as const;

/** {@link GEN_ARGS} as the source of an args object (`{ a: write.f32, … }`). */
const GEN_ARGS_SOURCE = `{ ${Object.entries(GEN_ARGS).map(([k, d]) => `${k}: ${d.array ? `write.${d.elem}` : d.scalar}`).join(', ')} }`;

const LITERALS = ['0', '1', '2', '3', '-1', '0.5', '1.5', '-2.25', '1e10', '1e-300', '255', '65536', '2147483647', '4294967295', '31', '7', '0.1'];
const BASE = ['a[i]', 'b[i]', 'c[i]', 'u[i]', 'w[i]', 'h[i]', 's', 'n', 'i'];
/** Leaves by how many locals are declared so far (x, then y, then k). */
const LEAVES = [BASE, [...BASE, 'x'], [...BASE, 'x', 'y'], [...BASE, 'x', 'y', 'k']];
let scope = 3;
const BIN = ['+', '-', '*', '/', '%', '|', '&', '^', '<<', '>>', '>>>', '+', '*', '-'];
const CMP = ['<', '<=', '>', '>=', '===', '!=='];
const MATH1 = ['Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.abs', 'Math.sqrt', 'Math.fround', 'Math.sign', 'Math.clz32', 'Math.exp', 'Math.sin', 'Math.log'];
const MATH2 = ['Math.min', 'Math.max', 'Math.imul', 'Math.atan2', 'Math.pow'];

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r.next() * xs.length)]!;
}

function expr(r: Rng, depth: number): string {
  const p = r.next();
  if (depth <= 0 || p < 0.25) return r.next() < 0.3 ? pick(r, LITERALS) : pick(r, LEAVES[scope]!);
  if (p < 0.6) return `(${expr(r, depth - 1)} ${pick(r, BIN)} ${expr(r, depth - 1)})`;
  if (p < 0.68) return `(${expr(r, depth - 1)} | 0)`;
  if (p < 0.72) return `(${expr(r, depth - 1)} >>> 0)`;
  if (p < 0.8) return `${pick(r, MATH1)}(${expr(r, depth - 1)})`;
  if (p < 0.87) return `${pick(r, MATH2)}(${expr(r, depth - 1)}, ${expr(r, depth - 1)})`;
  if (p < 0.93) return `(${cond(r, depth - 1)} ? ${expr(r, depth - 1)} : ${expr(r, depth - 1)})`;
  if (p < 0.97) return `(-(${expr(r, depth - 1)}))`;
  return `(~${expr(r, depth - 1)})`;
}

function cond(r: Rng, depth: number): string {
  const c = `${expr(r, depth)} ${pick(r, CMP)} ${expr(r, depth)}`;
  return r.next() < 0.2 ? `(${c} && ${expr(r, depth)} ${pick(r, CMP)} ${expr(r, depth)})` : c;
}

/**
 * One kernel's `defineJob` source, named `name`.
 *
 * @example
 * generateKernel(new Rng(1), 'p0') // "export const p0 = defineJob({ … })"
 */
export function generateKernel(r: Rng, name: string): string {
  const d = 3;
  const decl = (n: number, text: () => string) => {
    scope = n;
    const out = text();
    scope = 3;
    return out;
  };
  const body = [
    decl(0, () => `let x = ${expr(r, d)};`),
    decl(1, () => `let y = ${expr(r, d)} | 0;`),
    decl(2, () => `const k = ${expr(r, 2)};`),
    `if (${cond(r, 2)}) x = ${expr(r, d)}; else y += ${expr(r, 2)};`,
    r.next() < 0.5 ? `for (let j = 0; j < 3; j++) { x = x * 0.5 + ${expr(r, 2)}; if (x > 1e6) break; }` : `while (y > 100) y = y >> 1;`,
    `a[i] = ${expr(r, d)};`,
    `b[i] = ${expr(r, d)};`,
    `c[i] = ${expr(r, d)};`,
    `u[i] = ${expr(r, d)};`,
    `w[i] = ${expr(r, d)};`,
    `h[i] += ${expr(r, 2)};`,
    `b[i] += x + y;`,
  ];
  return `export const ${name} = defineJob({ name: '${name}', args: ${GEN_ARGS_SOURCE},
  kernel(start, end, { a, b, c, u, w, h, s, n }) {
    for (let i = start; i < end; i++) {
      ${body.join('\n      ')}
    }
  },
});`;
}

/** Interesting doubles: signed zeros, NaN, infinities, int32 edges, huge and tiny values. */
const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2.5, -2.5, 2147483647, -2147483648, 4294967295, 4294967296, 2 ** 53, 1e300, -1e300, 5e-324, 1e-310, 3.4e38, 1e39];

/** A random double: a special value, an integer, or a float of random scale. */
export function randomDouble(r: Rng): number {
  const p = r.next();
  if (p < 0.25) return pick(r, SPECIAL);
  if (p < 0.5) return Math.floor((r.next() - 0.5) * 2 ** (1 + Math.floor(r.next() * 33)));
  return (r.next() - 0.5) * 10 ** Math.floor(r.next() * 12 - 4);
}
