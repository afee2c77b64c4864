import { describe, it, expect } from 'vitest';
import { measureSettled } from '../../src/profile/measure.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import agents, { MOVING, RESTING } from '../../scenes/agents/index.ts';

describe('agents scene (per-agent coroutines)', () => {
  it('runs one coroutine per agent: agents walk to targets, rest, and go again', () => {
    const rt = createSceneRuntime(agents, { seed: 5, params: { count: 300, speed: 60, size: 100, rest: 0.3 } });
    const v = rt.view;
    expect(rt.tasks.tracker().byName).toEqual({ agent: 300 });
    // Vitest runs the build pipeline: the behaviour runs as a compiled, pooled state machine.
    expect(rt.tasks.tracker().machinePools).toEqual({ agent: 0 });
    for (let f = 0; f < 600; f++) rt.tick(1 / 60); // 10 s: a walk is at most ~2.4 s
    const stats = rt.instance.stats!();
    expect(stats.agents).toBe(300);
    for (let e = 1; e <= 300; e++) {
      expect(v.Agent.arrivals[e]).toBeGreaterThanOrEqual(2);
      expect(v.Position.x[e]).toBeGreaterThanOrEqual(0);
      expect(v.Position.x[e]).toBeLessThanOrEqual(100);
      // A resting agent stands on its target; a moving one has not reached it.
      const dx = v.Agent.tx[e] - v.Position.x[e];
      const dy = v.Agent.ty[e] - v.Position.y[e];
      if (v.Agent.mode[e] === RESTING) expect(dx * dx + dy * dy).toBeLessThan(0.01);
      else expect(v.Agent.mode[e]).toBe(MOVING);
    }
    expect(stats.arrivals).toBeGreaterThan(600);
    expect(rt.tasks.tracker().live).toBe(300);
    rt.dispose();
    expect(rt.tasks.tracker().live).toBe(0);
  });

  it('is deterministic for a seed', () => {
    const run = (seed: number) => {
      const rt = createSceneRuntime(agents, { seed, params: { count: 100 } });
      for (let i = 0; i < 200; i++) rt.tick(1 / 60);
      const h = rt.hash();
      rt.dispose();
      return h;
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });

  it('2,000 agents in steady state allocate under 1 B a frame: rests of computed seconds armed and checked without boxing a double', async () => {
    // Each agent rests waitSeconds(rng.int(RES) * maxRest / RES) at every arrival, and
    // every pass checks the resting agents' deadlines. Two doubles crossed calls the JIT
    // does not always inline, each a heap number: the rest's seconds (106 B a frame here
    // before the builder armed it from WAIT_SECONDS) and the clock a seconds wait reads
    // (2,161 B a frame in one run of ten, before the clock readers wrote into a Float64Array).
    const rt = createSceneRuntime(agents, { seed: 1, params: { count: 2000 } });
    for (let f = 0; f < 600; f++) rt.tick(1 / 60);
    const m = await measureSettled('agents frames', () => rt.tick(1 / 60), { iterations: 600, warmup: 1200 }, 8, 1);
    expect(m.valid).toBe(true);
    expect(m.bytesPerOp).toBeLessThan(1);
    expect(rt.instance.stats!().arrivals).toBeGreaterThan(10_000); // the waits were armed and resumed, many times
    await rt.dispose();
  }, 120_000);
});
