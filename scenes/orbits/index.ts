import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
import { createQuerySnapshot } from '../../src/ecs/QuerySnapshot.ts';
import { orbit } from './jobs.ts';

/**
 * Orbits: bodies circling the origin, each at its own radius and angular speed.
 * The example scene of docs/scenes.md: components, a kernel, params, stats, a view.
 */
export default defineScene({
  title: 'Orbits',
  description: 'Bodies on circular orbits: the scripting guide example.',
  params: {
    count: { type: 'number', int: true, default: 200, min: 1, max: 100_000, description: 'Number of bodies' },
    speed: { type: 'number', default: 1, min: 0, max: 10, live: true, description: 'Angular speed multiplier' },
  },
  capacity: (p) => p.count,
  setup({ world, loop, rng, params }) {
    // 1. Components: one SAB-backed typed array per field, indexed by entity id.
    const Orbit = defineComponent(world, 'Orbit', { radius: 'f32', angle: 'f32', speed: 'f32' });
    const Position = defineComponent(world, 'Position', { x: 'f32', y: 'f32' });

    // 2. Entities, from the seeded rng only, so a seed fixes the run.
    for (let i = 0; i < params.count; i++) {
      const e = spawn(world, Orbit, Position);
      Orbit.radius[e] = rng.range(1, 10);
      Orbit.angle[e] = rng.range(0, Math.PI * 2);
      Orbit.speed[e] = 1 / Math.sqrt(Orbit.radius[e]!); // inner bodies run faster
    }

    // 3. A query snapshot, looked up once: its ids array is reused every frame.
    const bodies = createQuerySnapshot(world, [Orbit, Position]);
    bodies.update();

    // 4. A system: the per-frame closure calls the kernel over all bodies.
    loop.addSystem({
      name: 'orbits.move',
      phase: 'fixedUpdate',
      run(time) {
        orbit(0, bodies.count, bodies.ids, Orbit.radius, Orbit.angle, Orbit.speed, Position.x, Position.y, params.speed, time.deltaTime);
      },
    });

    // 5. What the view and the runner's stats see.
    return {
      view: { Orbit, Position, bodies },
      stats: () => ({ bodies: bodies.count, simulatedSeconds: loop.time.fixedElapsed }),
    };
  },
});
