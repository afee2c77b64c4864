import { describe, it, expect } from 'vitest';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { horizon, haltingDistribution, haltingLambda, geometricPrior, klOfHaltingFromPrior, meanStep } from '../../scenes/pondernet/halting.ts';
import pondernet from '../../scenes/pondernet/index.ts';

const SEED = 11;

function runPonder(params: Record<string, unknown>, frames: number) {
  const rt = createSceneRuntime(pondernet, { seed: SEED, params });
  for (let f = 0; f < frames; f++) rt.tick(1 / 60);
  return { rt, v: rt.view, stats: rt.instance.stats!() };
}

describe('pondernet halting model', () => {
  it('puts the horizon where the prior reaches 0.95, and halts surely there', () => {
    expect(horizon(0.2)).toBe(14); // 0.8^13 = 0.055, 0.8^14 = 0.044
    expect(horizon(0.5)).toBe(5); // 0.5^4 = 0.0625, 0.5^5 = 0.031
    expect(horizon(0.95)).toBe(1);
    expect(haltingLambda(14, 3, 0.2, 0.3, 14)).toBe(1);
    expect(haltingLambda(3, 3, 0.2, 1, 14)).toBeCloseTo(0.5, 12);
  });

  it('has a halting distribution that sums to 1 within 1e-9', () => {
    for (const lambdaP of [0.05, 0.2, 0.5, 0.9]) {
      const N = horizon(lambdaP);
      const p = new Float64Array(N);
      for (const w of [0, 0.25, 0.5, 1]) {
        for (let k = 1; k <= 16; k++) {
          haltingDistribution(k, lambdaP, w, N, p, 0);
          let s = 0;
          for (let n = 0; n < N; n++) {
            expect(p[n]).toBeGreaterThanOrEqual(0);
            s += p[n];
          }
          expect(Math.abs(s - 1)).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('names the KL direction: D(halting || prior), zero iff equal', () => {
    const N = horizon(0.2);
    const prior = new Float64Array(N);
    geometricPrior(0.2, N, prior);
    expect(klOfHaltingFromPrior(prior, prior, N)).toBe(0);
    const p = new Float64Array(N);
    haltingDistribution(4, 0.2, 1, N, p, 0);
    let manual = 0;
    for (let n = 0; n < N; n++) manual += p[n] * Math.log(p[n] / prior[n]);
    expect(klOfHaltingFromPrior(p, prior, N)).toBeCloseTo(manual, 12);
    // The other direction is a different number: the name matters.
    expect(Math.abs(klOfHaltingFromPrior(prior, p, N) - manual)).toBeGreaterThan(1e-3);
  });
});

describe('pondernet scene', () => {
  it('measures a halting distribution that sums to 1 within 1e-9', () => {
    const { v } = runPonder({ agents: 1024, w: 0.5 }, 60);
    const p = new Float64Array(v.N);
    v.distribution(1, v.kMax, p);
    let s = 0;
    for (let n = 0; n < v.N; n++) s += p[n];
    expect(Math.abs(s - 1)).toBeLessThan(1e-9);
  });

  it('at w = 0 halts after (1 - (1 - lambdaP)^N) / lambdaP steps on average, within 4 standard errors', () => {
    const lambdaP = 0.2;
    const { stats } = runPonder({ w: 0, lambdaP }, 150);
    const N = horizon(lambdaP);
    const expected = (1 - (1 - lambdaP) ** N) / lambdaP; // 4.7801
    expect(stats.priorMeanHaltingStep).toBeCloseTo(expected, 12);
    expect(stats.halts).toBeGreaterThan(100_000);
    expect(Math.abs(stats.meanHaltingStep - expected)).toBeLessThan(4 * stats.haltingStepStdErr);
  });

  it('at w = 1 ponders longer on harder inputs: E[n | k] rises strictly with k', () => {
    const { stats, v } = runPonder({ w: 1 }, 150);
    for (let k = 2; k <= v.kMax; k++) expect(stats[`meanStepK${k}`]).toBeGreaterThan(stats[`meanStepK${k - 1}`]);
    // And it reads more of its input than the prior does: more correct parities.
    const prior = runPonder({ w: 0 }, 150);
    expect(stats.accuracy).toBeGreaterThan(prior.stats.accuracy);
  });

  it('keeps every agent within its horizon and its reads within its input', () => {
    const { v } = runPonder({ agents: 500, w: 0.5 }, 40);
    const A = v.Agent;
    let fresh = 0;
    for (let i = 0; i < v.agents.count; i++) {
      const e = v.agents.ids[i];
      // Each agent's coroutine gives a halted agent a new input at the end of the
      // fixed step it halted in: none is left halted, and those are at step 0.
      expect(A.halted[e]).toBe(0);
      if (A.n[e] === 0) fresh++;
      expect(A.n[e]).toBeGreaterThanOrEqual(0);
      expect(A.n[e]).toBeLessThanOrEqual(v.N);
      expect(A.k[e]).toBeGreaterThanOrEqual(1);
      expect(A.k[e]).toBeLessThanOrEqual(v.kMax);
      expect((A.rest[e] & ~A.bits[e]) >>> 0).toBe(0);
      // Parity of the bits read so far: k minus the unread ones.
      const unread = A.rest[e].toString(2).replace(/0/g, '').length;
      expect(A.parity[e]).toBe((A.k[e] - unread) & 1);
    }
    expect(fresh).toBeGreaterThan(0);
    expect(fresh).toBeLessThan(v.agents.count);
    expect(meanStep(v.prior, 0, v.N)).toBeGreaterThan(1);
  });
});

describe('pondernet params', () => {
  it('refuses more set bits than input bits, naming both params', () => {
    expect(() => createSceneRuntime(pondernet, { params: { kMax: 12, inputBits: 8 } })).toThrow(/"kMax" \(12\) cannot exceed inputBits \(8\)/);
  });
});
