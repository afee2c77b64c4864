import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
import { allocateBuffer } from '../../src/ecs/sharedMemory.ts';
import { ParamError } from '../../src/scene/errors.ts';
import { AGENT_FIELDS, respawnAgent } from './agent.ts';
import { coroutine, nextFrame } from '../../src/tasks/index.ts';
import { ponderStep, ponderStats, hazardDistribution } from './jobs.ts';
import { horizon, geometricPrior, klOfHaltingFromPrior, meanStep, varianceStep } from './halting.ts';

/**
 * PonderNet halting agents (Banino et al. 2021). Each agent holds a parity input
 * with k set bits, reads one set bit per step and halts with probability
 * `lambda_n = (1 - w) lambdaP + w sigmoid(6 (n / k - 1))`: at w = 0 halting is the
 * geometric prior whatever the input, at w = 1 agents ponder about as many steps
 * as their input is hard. A halted agent respawns with a new input.
 */
export default defineScene({
  title: 'PonderNet halting',
  description: 'Agents that learn when to stop thinking: halting steps against a geometric prior.',
  params: {
    agents: { type: 'number', int: true, default: 4096, min: 1, max: 1_048_576, description: 'Number of agents' },
    lambdaP: { type: 'number', default: 0.2, min: 0.01, max: 1, description: 'Geometric prior rate' },
    w: { type: 'number', default: 0.5, min: 0, max: 1, live: true, description: 'Weight of the input-aware halting term' },
    kMax: { type: 'number', int: true, default: 8, min: 1, max: 31, description: 'Largest difficulty (set bits)' },
    inputBits: { type: 'number', int: true, default: 16, min: 1, max: 31, description: 'Width of the parity input' },
  },
  capacity: (p) => p.agents,
  setup({ world, loop, rng, params, jobs, tasks, query }) {
    if (params.kMax > params.inputBits) {
      throw new ParamError('pondernet', `param "kMax" (${params.kMax}) cannot exceed inputBits (${params.inputBits}): an input cannot have more set bits than it has bits. Lower kMax or raise inputBits.`);
    }
    const N = horizon(params.lambdaP);
    const kMax = params.kMax;
    const Agent = defineComponent(world, 'PonderAgent', AGENT_FIELDS);
    for (let i = 0; i < params.agents; i++) {
      const e = spawn(world, Agent);
      Agent.rng[e] = rng.u32() | 1; // xorshift state must be nonzero
      respawnAgent(e, Agent, kMax, params.inputBits);
    }
    const agents = query([Agent]);

    const cells = (kMax + 1) * (N + 1);
    const taken = new Float64Array(allocateBuffer(cells * 8));
    const stops = new Float64Array(allocateBuffer(cells * 8));
    const correct = new Float64Array(allocateBuffer((kMax + 1) * 8));
    const prior = new Float64Array(N);
    geometricPrior(params.lambdaP, N, prior);

    const stepArgs = ponderStep.createArgs({
      ids: agents.ids, rest: Agent.rest, k: Agent.k, n: Agent.n, parity: Agent.parity, halted: Agent.halted, rng: Agent.rng, N, kMax,
    });
    const statsArgs = ponderStats.createArgs({ ids: agents.ids, k: Agent.k, n: Agent.n, halted: Agent.halted, taken, stops, correct, N });
    const batch = Math.max(256, Math.ceil(params.agents / 64));
    loop.addSystem({
      name: 'pondernet.step',
      phase: 'fixedUpdate',
      run() {
        stepArgs.lambdaP = params.lambdaP;
        stepArgs.w = params.w; // live
        // Automatic dependencies: the step waits for the last step's statistics
        // (they read the fields it writes), the statistics for the step.
        jobs.scheduleParallel(ponderStep, agents, batch, stepArgs);
        // The ponder loops below run at the end of each fixed step on the main
        // thread (they read `halted` and give halted agents new inputs): complete
        // the statistics, and with them the step, before them.
        jobs.complete(jobs.scheduleFor(ponderStats, agents, statsArgs));
      },
    });

    // Each agent's ponder loop is a coroutine (compiled to a pooled state machine),
    // stepped once per fixed step: it waits while the step job ponders, and when
    // the agent halts, gives it a new input. Per-agent randomness lives in
    // `Agent.rng`, so the order agents are resumed in changes nothing.
    const inputBits = params.inputBits;
    const ponder = coroutine(function* ponder(e: number) {
      for (;;) {
        while (!Agent.halted[e]) yield nextFrame();
        respawnAgent(e, Agent, kMax, inputBits);
      }
    });
    const inFixedStep = { phase: 'fixedUpdate', name: 'ponder' } as const;
    for (let i = 0; i < agents.count; i++) tasks.startWith(inFixedStep, ponder, agents.ids[i]);

    /** Empirical halting distribution of difficulties kLo..kHi pooled into `out[0..N)`. */
    const distribution = (kLo: number, kHi: number, out: Float64Array) => hazardDistribution(taken, stops, kLo, kHi, N, out);
    return {
      // N: the horizon (every agent halts by it); prior: over steps 1..N (index n - 1);
      // taken / stops[k * (N + 1) + n]: steps n taken / halts at step n by agents of difficulty k.
      view: { Agent, agents, N, kMax, prior, taken, stops, distribution },
      stats() {
        const p = new Float64Array(N);
        distribution(1, kMax, p);
        let halts = 0;
        let right = 0;
        for (let j = 0; j < cells; j++) halts += stops[j];
        for (let kk = 1; kk <= kMax; kk++) right += correct[kk];
        const mean = meanStep(p, 0, N);
        const out: Record<string, number> = {
          horizon: N,
          halts,
          meanHaltingStep: mean,
          haltingStepStdErr: Math.sqrt(varianceStep(p, 0, N) / Math.max(1, halts)),
          priorMeanHaltingStep: (1 - (1 - params.lambdaP) ** N) / params.lambdaP,
          klHaltingFromPrior: klOfHaltingFromPrior(p, prior, N),
          accuracy: halts ? right / halts : 0,
        };
        for (let kk = 1; kk <= kMax; kk++) {
          distribution(kk, kk, p);
          out[`meanStepK${kk}`] = meanStep(p, 0, N);
        }
        return out;
      },
    };
  },
});
