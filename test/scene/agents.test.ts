import { describe, it, expect } from 'vitest';
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
});
