import type { Component } from '../../src/ecs/Component.ts';
import { haltingLambda } from './halting.ts';

/**
 * One PonderNet agent's state lives in its component fields; these functions are
 * its transitions. `stepAgent` runs inside the `pondernet.step` job (a parallel-for
 * over agents, once per fixed step); `respawnAgent` runs in the agent's coroutine
 * (scenes/pondernet/index.ts) when the agent halts. Randomness is a per-agent
 * xorshift32 state in a component field, so no generator object is captured and
 * any agent can be stepped on any thread with the same result.
 */

/**
 * Next uniform in [0, 1) from agent `e`'s xorshift32 state (never 0).
 *
 * @example
 * const u = agentRandom(Agent.rng, e); // [0, 1)
 */
export function agentRandom(rng: Uint32Array, e: number): number {
  let x = rng[e];
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  x >>>= 0;
  rng[e] = x;
  return x / 4294967296;
}

/** The fields of a PonderNet agent (component `PonderAgent`). */
export const AGENT_FIELDS = { bits: 'u32', rest: 'u32', k: 'u8', n: 'u8', parity: 'u8', halted: 'u8', rng: 'u32' } as const;
/** The PonderNet agent component. */
export type PonderAgent = Component<typeof AGENT_FIELDS>;

/**
 * Give agent `e` a new parity input: a difficulty k uniform in 1..kMax and k set
 * bits among `inputBits` chosen uniformly (selection sampling), nothing read yet.
 * Main thread only (setup and the agent's coroutine).
 *
 * @example
 * respawnAgent(e, Agent, 8, 16);
 */
export function respawnAgent(e: number, A: PonderAgent, kMax: number, inputBits: number): void {
  const kk = 1 + Math.floor(agentRandom(A.rng, e) * kMax);
  let b = 0;
  let chosen = 0;
  for (let i = 0; i < inputBits && chosen < kk; i++) {
    if (agentRandom(A.rng, e) * (inputBits - i) < kk - chosen) {
      b |= 1 << i;
      chosen++;
    }
  }
  A.bits[e] = b >>> 0;
  A.rest[e] = b >>> 0;
  A.k[e] = kk;
  A.n[e] = 0;
  A.parity[e] = 0;
  A.halted[e] = 0;
}

/**
 * One ponder step of agent `e`: read the next set bit (clear the lowest unread
 * one, flip the running parity), then sample halting with probability
 * `lambda_n`. Returns 1 when the agent halted at this step, else 0.
 *
 * Writes: rest, n, parity, halted, rng of `e`. Invariant: 1 <= n <= N.
 *
 * @example
 * if (stepAgent(e, A.rest, A.k, A.n, A.parity, A.halted, A.rng, 0.2, 0.5, 14)) respawnAgent(e, A, 8, 16);
 */
export function stepAgent(
  e: number,
  rest: Uint32Array,
  k: Uint8Array,
  n: Uint8Array,
  parity: Uint8Array,
  halted: Uint8Array,
  rng: Uint32Array,
  lambdaP: number,
  w: number,
  N: number,
): number {
  const step = n[e] + 1;
  n[e] = step;
  const r = rest[e];
  if (r !== 0) {
    rest[e] = (r & (r - 1)) >>> 0;
    parity[e] ^= 1;
  }
  const h = agentRandom(rng, e) < haltingLambda(step, k[e], lambdaP, w, N) ? 1 : 0;
  halted[e] = h;
  return h;
}
