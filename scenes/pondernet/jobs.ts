/**
 * Kernels of the PonderNet scene: plain functions over an index range of agents,
 * no allocation, no captured state. `ids[i]` is the i-th agent's entity id;
 * per-(k, n) counters are laid out `[k * (N + 1) + n]`.
 */
import { respawnAgent, stepAgent } from './agent.ts';

/**
 * One ponder step for agents `ids[start..end)`: an agent that halted at the
 * previous step respawns with a new input first, then every agent takes a step
 * and samples halting. Agents are independent, so ranges split freely.
 *
 * Reads/writes: PonderAgent.bits, .rest, .k, .n, .parity, .halted, .rng (own agents).
 * Invariants: 1 <= k <= kMax, 1 <= n <= N, rest a subset of bits.
 *
 * @example
 * ponderStep(0, agents.count, agents.ids, A.bits, A.rest, A.k, A.n, A.parity, A.halted, A.rng, 0.2, 0.5, 14, 8, 16);
 */
export function ponderStep(
  start: number,
  end: number,
  ids: Int32Array,
  bits: Uint32Array,
  rest: Uint32Array,
  k: Uint8Array,
  n: Uint8Array,
  parity: Uint8Array,
  halted: Uint8Array,
  rng: Uint32Array,
  lambdaP: number,
  w: number,
  N: number,
  kMax: number,
  inputBits: number,
): void {
  for (let i = start; i < end; i++) {
    const e = ids[i]!;
    if (halted[e]) respawnAgent(e, bits, rest, k, n, parity, halted, rng, kMax, inputBits);
    stepAgent(e, rest, k, n, parity, halted, rng, lambdaP, w, N);
  }
}

/**
 * Statistics of the step just taken: `taken[k][n]` counts agents of difficulty k
 * that took step n, `stops[k][n]` those that halted there, `correct[k]` halts
 * that had read every set bit (their parity is the input's). The hazard
 * `stops / taken` per step is what the scene's halting distribution is built from.
 *
 * The counters are shared by all agents, so this kernel runs as one range (or per
 * range into private counters summed afterwards).
 *
 * Reads: PonderAgent.k, .n, .halted. Writes: taken, stops, correct (scene buffers).
 *
 * @example
 * ponderStats(0, agents.count, agents.ids, A.k, A.n, A.halted, taken, stops, correct, 14);
 */
export function ponderStats(
  start: number,
  end: number,
  ids: Int32Array,
  k: Uint8Array,
  n: Uint8Array,
  halted: Uint8Array,
  taken: Float64Array,
  stops: Float64Array,
  correct: Float64Array,
  N: number,
): void {
  const stride = N + 1;
  for (let i = start; i < end; i++) {
    const e = ids[i]!;
    const kk = k[e]!;
    const nn = n[e]!;
    const j = kk * stride + nn;
    taken[j]!++;
    if (halted[e]) {
      stops[j]!++;
      if (nn >= kk) correct[kk]!++;
    }
  }
}

/**
 * The empirical halting distribution of difficulties `kLo..kHi` pooled, from the
 * per-step hazard `h_n = stops_n / taken_n`: `p_n = h_n * prod_{j<n} (1 - h_j)`,
 * n = 1..N, into `out[0 .. N)`. Unlike the mean over finished episodes, this is
 * not biased toward short episodes by the window (the episodes still running at
 * the end are exactly the long ones). A step nobody reached gets hazard 1.
 * Sums to 1: h_N = 1 since every agent halts at the horizon.
 *
 * Reads: taken, stops. Writes: out.
 *
 * @example
 * hazardDistribution(taken, stops, 1, kMax, N, p); // p[n - 1]: P(halt at step n)
 */
export function hazardDistribution(
  taken: Float64Array,
  stops: Float64Array,
  kLo: number,
  kHi: number,
  N: number,
  out: Float64Array,
): void {
  const stride = N + 1;
  let survive = 1;
  for (let s = 1; s <= N; s++) {
    let t = 0;
    let h = 0;
    for (let kk = kLo; kk <= kHi; kk++) {
      t += taken[kk * stride + s]!;
      h += stops[kk * stride + s]!;
    }
    const hazard = s === N || t === 0 ? 1 : h / t;
    out[s - 1] = survive * hazard;
    survive *= 1 - hazard;
  }
}
