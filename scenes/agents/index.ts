import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
import { coroutine, nextFrame, waitSeconds } from '../../src/tasks/index.ts';

/** Agent modes, stored per entity in `Agent.mode`. */
export const MOVING = 0;
export const RESTING = 1;

/**
 * Agents whose behaviour is a coroutine each: pick a random target, walk to it
 * (a fixedUpdate system integrates the motion), rest a random while, repeat. The
 * behaviour reads as the sequence it is; the runner holds the "where am I in it"
 * state that would otherwise be a hand-maintained enum per agent.
 */
export default defineScene({
  title: 'Agents',
  description: 'N agents, each driven by a coroutine: walk to a random target, rest, repeat.',
  params: {
    count: { type: 'number', int: true, default: 2_000, min: 1, max: 200_000, description: 'Number of agents' },
    speed: { type: 'number', default: 30, min: 1, max: 1000, description: 'Walking speed (units/s)' },
    rest: { type: 'number', default: 0.5, min: 0, max: 10, description: 'Longest rest at a target (s)' },
    size: { type: 'number', default: 200, min: 1, max: 10_000, description: 'Box side length' },
  },
  capacity: (p) => p.count,
  setup({ world, loop, rng, params, tasks, query }) {
    const Position = defineComponent(world, 'Position', { x: 'f32', y: 'f32' });
    const Agent = defineComponent(world, 'Agent', { tx: 'f32', ty: 'f32', mode: 'u8', arrivals: 'u32' });
    const { size, speed } = params;
    const maxRest = params.rest;
    for (let i = 0; i < params.count; i++) {
      const e = spawn(world, Position, Agent);
      Position.x[e] = rng.range(0, size);
      Position.y[e] = rng.range(0, size);
      Agent.mode[e] = RESTING;
    }
    const agents = query([Position, Agent]);

    const arrived = (e: number): boolean => {
      const dx = Agent.tx[e] - Position.x[e];
      const dy = Agent.ty[e] - Position.y[e];
      return dx * dx + dy * dy < 0.01;
    };

    // Per-frame draws go through rng.int (a small integer, never boxed) scaled here:
    // a double returned from a call V8 does not inline becomes a heap number (16 B).
    const RES = 4096;
    const behave = coroutine(function* agent(e: number) {
      for (;;) {
        Agent.tx[e] = (rng.int(RES) * size) / RES;
        Agent.ty[e] = (rng.int(RES) * size) / RES;
        Agent.mode[e] = MOVING;
        while (!arrived(e)) yield nextFrame();
        Agent.mode[e] = RESTING;
        Agent.arrivals[e]++;
        yield waitSeconds((rng.int(RES) * maxRest) / RES);
      }
    });

    loop.addSystem({
      name: 'agents.walk',
      phase: 'fixedUpdate',
      run(time) {
        const step = speed * time.deltaTime;
        for (let i = 0; i < agents.count; i++) {
          const e = agents.ids[i];
          if (Agent.mode[e] !== MOVING) continue;
          const dx = Agent.tx[e] - Position.x[e];
          const dy = Agent.ty[e] - Position.y[e];
          const d = Math.sqrt(dx * dx + dy * dy);
          if (d <= step) {
            Position.x[e] = Agent.tx[e];
            Position.y[e] = Agent.ty[e];
          } else {
            Position.x[e] = Position.x[e] + (dx / d) * step;
            Position.y[e] = Position.y[e] + (dy / d) * step;
          }
        }
      },
    });

    for (let i = 0; i < agents.count; i++) tasks.forget(tasks.start(behave, agents.ids[i]));

    return {
      view: { Position, Agent, agents, size },
      stats() {
        let arrivals = 0;
        let moving = 0;
        for (let i = 0; i < agents.count; i++) {
          const e = agents.ids[i];
          arrivals += Agent.arrivals[e];
          if (Agent.mode[e] === MOVING) moving++;
        }
        return { agents: agents.count, arrivals, moving };
      },
    };
  },
});
