import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
import { orbit } from './jobs.ts';

/**
 * Orbits: bodies circling the origin, each at its own radius and angular speed.
 * The example scene of docs/scenes.md: components, a job, params, stats, a view.
 */
export default defineScene({
  title: 'Orbits',
  description: 'Bodies on circular orbits: the scripting guide example.',
  params: {
    count: { type: 'number', int: true, default: 200, min: 1, max: 100_000, description: 'Number of bodies' },
    speed: { type: 'number', default: 1, min: 0, max: 10, live: true, description: 'Angular speed multiplier' },
  },
  capacity: (p) => p.count,
  setup({ world, loop, rng, params, jobs, query }) {
    // 1. Components: one SAB-backed typed array per field, indexed by entity id.
    const Orbit = defineComponent(world, 'Orbit', { radius: 'f32', angle: 'f32', speed: 'f32' });
    const Position = defineComponent(world, 'Position', { x: 'f32', y: 'f32' });

    // 2. Entities, from the seeded rng only, so a seed fixes the run.
    for (let i = 0; i < params.count; i++) {
      const e = spawn(world, Orbit, Position);
      Orbit.radius[e] = rng.range(1, 10);
      Orbit.angle[e] = rng.range(0, Math.PI * 2);
      Orbit.speed[e] = 1 / Math.sqrt(Orbit.radius[e]); // inner bodies run faster
    }

    // 3. A live query: a snapshot of the matching ids (one reused array), refreshed
    //    whenever spawns, despawns or component changes land.
    const bodies = query([Orbit, Position]);

    // 4. A system schedules the job over all bodies. The args object is made once
    //    and its scalars updated in place, so scheduling allocates nothing; the job
    //    runs on the workers (and the main thread) while the frame goes on. No
    //    dependsOn: the job waits for the last job writing an array it binds.
    const args = orbit.createArgs({ ids: bodies.ids, radius: Orbit.radius, angle: Orbit.angle, speed: Orbit.speed, px: Position.x, py: Position.y });
    loop.addSystem({
      name: 'orbits.move',
      phase: 'fixedUpdate',
      run(time) {
        args.speedScale = params.speed;
        args.dt = time.deltaTime;
        jobs.scheduleParallel(orbit, bodies, 1024, args);
      },
    });

    // 5. What the view and the runner's stats see. The view's components are
    //    read in the render phase, so jobs writing Position complete before it draws.
    return {
      view: { Orbit, Position, bodies },
      stats: () => ({ bodies: bodies.count, simulatedSeconds: loop.time.fixedElapsed }),
    };
  },
});
