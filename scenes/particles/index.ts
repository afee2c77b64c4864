import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
import { integrate } from './jobs.ts';

/**
 * N particles drifting with constant velocity in a wrapping box: the smallest
 * scene that exercises the loop, SAB-backed components and query snapshots.
 */
export default defineScene({
  title: 'Particles',
  description: 'N particles with velocity, wrapping around the edges of a box.',
  params: {
    count: { type: 'number', int: true, default: 10_000, min: 1, max: 2_000_000, description: 'Number of particles' },
    speed: { type: 'number', default: 20, min: 0, max: 1000, description: 'Max speed (units/s)', live: true },
    size: { type: 'number', default: 200, min: 1, max: 10_000, description: 'Box side length' },
  },
  capacity: (p) => p.count,
  setup({ world, loop, rng, params, jobs, query }) {
    const Position = defineComponent(world, 'Position', { x: 'f32', y: 'f32' });
    const Velocity = defineComponent(world, 'Velocity', { x: 'f32', y: 'f32' });
    const size = params.size;
    // Velocities are drawn at the setup speed (or 1 when it is 0, so that raising the
    // speed later still moves something); `speed` is live: the system scales dt by
    // speed / base every step, which is exactly 1 (same hash) while it is unchanged.
    const base = params.speed > 0 ? params.speed : 1;
    for (let i = 0; i < params.count; i++) {
      const e = spawn(world, Position, Velocity);
      Position.x[e] = rng.range(0, size);
      Position.y[e] = rng.range(0, size);
      const a = rng.range(0, Math.PI * 2);
      const s = rng.range(0.2, 1) * base;
      Velocity.x[e] = Math.cos(a) * s;
      Velocity.y[e] = Math.sin(a) * s;
    }
    const movers = query([Position, Velocity]);
    // One parallel-for per fixed step; steps of a frame chain through the arrays
    // they bind (each writes Position), and the frame's jobs overlap the main thread
    // until render, whose sync the view data declares.
    const args = integrate.createArgs({ ids: movers.ids, px: Position.x, py: Position.y, vx: Velocity.x, vy: Velocity.y, width: size, height: size });
    const batch = Math.max(1024, Math.ceil(params.count / 64));
    loop.addSystem({
      name: 'particles.integrate',
      phase: 'fixedUpdate',
      run(time) {
        // `speed` is live: scale time rather than velocities, so an unchanged speed keeps the hash.
        args.dt = params.speed === base ? time.deltaTime : time.deltaTime * (params.speed / base);
        jobs.scheduleParallel(integrate, movers, batch, args);
      },
    });
    return {
      view: { Position, Velocity, movers, size, base },
      stats: () => ({ particles: movers.count }),
    };
  },
});
