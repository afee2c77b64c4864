/**
 * Jobs of the PonderNet scene: kernels over an index range of agents, no
 * allocation, no captured state. `ids[i]` is the i-th agent's entity id;
 * per-(k, n) counters are laid out `[k * (N + 1) + n]`.
 */
import { defineJob } from '../../src/jobs/defineJob.ts';
import { read, write, f64, i32 } from '../../src/jobs/argDecl.ts';
import { assertEntity, defineMessage } from '../../src/assert/index.ts';
import { stepAgent } from './agent.ts';
import { haltingLambda } from './halting.ts';

// Assert messages: ids registered at module top level, the same on every thread.
const STATE_RANGE = defineMessage('pondernet: agent {e} has k={0}, n={1} outside 1..kMax, 1..{2}');
const NOT_PROBABILITY = defineMessage('pondernet: agent {e} at step {0} (k={1}) has a halting probability outside [0, 1]');
const CELL_RANGE = defineMessage('pondernet: agent {e} with k={0}, n={1} counts outside the {2} (k, n) counters');

/**
 * One ponder step for agents `ids[start..end)`, a parallel-for: every pondering
 * agent takes a step and samples halting. Respawning is its coroutine's business
 * (scenes/pondernet/index.ts): an agent still marked halted is skipped. Agents are independent (each owns its
 * xorshift state), so batches split freely and any lane gives the same result.
 *
 * Invariants (asserted in development builds): 1 <= k <= kMax, 1 <= n <= N, the
 * halting probability of the step in [0, 1].
 *
 * @example
 * const args = ponderStep.createArgs({ ids: agents.ids, rest: A.rest, k: A.k, n: A.n, parity: A.parity, halted: A.halted, rng: A.rng, N: 14, kMax: 8 });
 * args.lambdaP = 0.2; args.w = 0.5;
 * jobs.scheduleParallel(ponderStep, agents, 1024, args);
 */
export const ponderStep = defineJob({
  name: 'pondernet.step',
  args: {
    ids: read.i32, k: read.u8, rest: write.u32, n: write.u8, parity: write.u8, halted: write.u8, rng: write.u32,
    lambdaP: f64, w: f64, N: i32, kMax: i32,
  },
  kernel(start, end, { ids, rest, k, n, parity, halted, rng, lambdaP, w, N, kMax }) {
    for (let i = start; i < end; i++) {
      const e = ids[i];
      if (halted[e]) continue; // waits for its coroutine to give it a new input
      stepAgent(e, rest, k, n, parity, halted, rng, lambdaP, w, N);
      // Integer args only: a float passed to a call the optimizer did not inline is boxed.
      assertEntity(e, k[e] >= 1 && k[e] <= kMax && n[e] >= 1 && n[e] <= N, STATE_RANGE, k[e], n[e], N);
      // The whole statement goes in release builds, the recomputed probability with it.
      assertEntity(e, isProbability(haltingLambda(n[e], k[e], lambdaP, w, N)), NOT_PROBABILITY, n[e], k[e]);
    }
  },
});

/** Whether `p` is a probability (false for NaN). */
function isProbability(p: number): boolean {
  return p >= 0 && p <= 1;
}

/**
 * Statistics of the step just taken: `taken[k][n]` counts agents of difficulty k
 * that took step n, `stops[k][n]` those that halted there, `correct[k]` halts
 * that had read every set bit (their parity is the input's). The hazard
 * `stops / taken` per step is what the scene's halting distribution is built from.
 *
 * The counters are shared by all agents, so this job runs as one batch
 * (`scheduleFor`); per-range private counters summed afterwards would parallelize
 * it, but at 4,096 agents the step is microseconds. Its automatic dependency is
 * the step job (it reads the agent fields the step writes).
 *
 * @example
 * jobs.scheduleFor(ponderStats, agents, ponderStats.createArgs({ ids: agents.ids, k: A.k, n: A.n, halted: A.halted, taken, stops, correct, N: 14 }));
 */
export const ponderStats = defineJob({
  name: 'pondernet.stats',
  args: { ids: read.i32, k: read.u8, n: read.u8, halted: read.u8, taken: write.f64, stops: write.f64, correct: write.f64, N: i32 },
  kernel(start, end, { ids, k, n, halted, taken, stops, correct, N }) {
    const stride = N + 1;
    for (let i = start; i < end; i++) {
      const e = ids[i];
      const kk = k[e];
      const nn = n[e];
      const j = kk * stride + nn;
      assertEntity(e, j < taken.length, CELL_RANGE, kk, nn, taken.length);
      taken[j]++;
      if (halted[e]) {
        stops[j]++;
        if (nn >= kk) correct[kk]++;
      }
    }
  },
});

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
      t += taken[kk * stride + s];
      h += stops[kk * stride + s];
    }
    const hazard = s === N || t === 0 ? 1 : h / t;
    out[s - 1] = survive * hazard;
    survive *= 1 - hazard;
  }
}
