import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent } from '../../src/ecs/World.ts';
import { allocateBuffer } from '../../src/ecs/sharedMemory.ts';
import { coroutine, nextFrame, waitSeconds } from '../../src/tasks/index.ts';
import { hunt, flee } from './jobs.ts';

/**
 * Predators and prey: hunters run down the nearest prey, prey flee the nearest
 * hunter they see. A caught prey becomes a carcass (`world.commands` swaps its
 * tag) and grows back as prey later; a hunter digests each meal (a coroutine).
 */
export default defineScene({
  title: 'Predators and prey',
  description: 'Hunters chase, prey flee, carcasses regrow: jobs, a coroutine and world.commands.',
  params: {
    prey: { type: 'number', int: true, default: 1000, min: 1, max: 50_000, description: 'Prey' },
    hunters: { type: 'number', int: true, default: 30, min: 1, max: 1000, description: 'Hunters' },
    digest: { type: 'number', default: 2, min: 0, max: 30, live: true, description: 'Seconds a hunter rests after a meal' },
    regrow: { type: 'number', default: 5, min: 0, max: 60, live: true, description: 'Seconds before a carcass is prey again' },
  },
  capacity: (p) => p.prey + p.hunters,
  setup({ world, loop, rng, params, jobs, tasks, query }) {
    const size = 100;
    const Position = defineComponent(world, 'Position', { x: 'f32', y: 'f32' });
    const Velocity = defineComponent(world, 'Velocity', { x: 'f32', y: 'f32' });
    const Hunter = defineComponent(world, 'Hunter', { resting: 'u8', meals: 'u32' });
    const Prey = defineComponent(world, 'Prey'); // tags: no fields, only for queries
    const Carcass = defineComponent(world, 'Carcass', { regrowAt: 'f64' });
    const caught = new Uint8Array(allocateBuffer(world.slots)); // a scratch flag per entity: jobs track it like a field

    // Spawning through the command buffer, applied at once here (in a running
    // scene the loop applies it at the end of each phase).
    const { commands } = world;
    commands.spawn(commands.archetype([Position, Velocity, Prey]), params.prey);
    commands.spawn(commands.archetype([Position, Hunter]), params.hunters);
    commands.apply();
    for (let i = 0; i < commands.spawnedCount; i++) {
      const e = commands.spawned[i];
      Position.x[e] = rng.range(0, size);
      Position.y[e] = rng.range(0, size);
    }

    // Live queries: refreshed whenever the world's structure changes (here, the
    // tag swaps landing at the end of a fixed step).
    const prey = query([Prey, Position]);
    const hunters = query([Hunter, Position]);
    const carcasses = query([Carcass]);
    // Counts are live: each schedule reads the snapshot's count of that moment.
    const huntArgs = hunt.createArgs({ hunters: hunters.ids, prey: prey.ids, nPrey: prey, resting: Hunter.resting, px: Position.x, py: Position.y, meals: Hunter.meals, caught, speed: 12, reach: 0.6 });
    const fleeArgs = flee.createArgs({ prey: prey.ids, hunters: hunters.ids, nHunters: hunters, px: Position.x, py: Position.y, vx: Velocity.x, vy: Velocity.y, speed: 9, sight: 8, size });

    loop.addSystem({
      name: 'predators.move',
      phase: 'fixedUpdate',
      run(time) {
        huntArgs.dt = fleeArgs.dt = time.deltaTime;
        jobs.scheduleParallel(hunt, hunters, 64, huntArgs);
        jobs.scheduleParallel(flee, prey, 1024, fleeArgs);
      },
    });

    // Caught prey turn into carcasses, and ripe carcasses back into prey. Declared
    // access: the jobs using these arrays complete before it runs (so the hunters'
    // coroutines, stepped after it, see this step's meals). The tag swaps land at
    // the end of the step.
    loop.addSystem(
      jobs.system({
        name: 'predators.food',
        phase: 'fixedUpdate',
        after: ['predators.move'],
        reads: [prey, carcasses],
        writes: [caught, Position, Carcass, Hunter],
        run(time) {
          const now = time.fixedElapsed;
          for (let i = 0; i < prey.count; i++) {
            const e = prey.ids[i];
            if (caught[e] === 0) continue;
            caught[e] = 0;
            Carcass.regrowAt[e] = now + params.regrow;
            commands.remove(e, Prey);
            commands.add(e, Carcass);
          }
          for (let i = 0; i < carcasses.count; i++) {
            const e = carcasses.ids[i];
            if (Carcass.regrowAt[e] > now) continue;
            Position.x[e] = rng.range(0, size);
            Position.y[e] = rng.range(0, size);
            commands.remove(e, Carcass);
            commands.add(e, Prey);
          }
        },
      }),
    );

    // Each hunter's life is a coroutine, stepped at the end of every fixed step:
    // wait for a meal, rest while digesting, hunt again.
    const digest = coroutine(function* digest(e: number) {
      for (;;) {
        const meals = Hunter.meals[e];
        while (Hunter.meals[e] === meals) yield nextFrame();
        Hunter.resting[e] = 1;
        yield waitSeconds(params.digest);
        Hunter.resting[e] = 0;
      }
    });
    for (let i = 0; i < hunters.count; i++) tasks.startWith({ phase: 'fixedUpdate', name: 'digest' }, digest, hunters.ids[i]);

    return {
      view: { Position, Hunter, prey, hunters, carcasses, size },
      stats() {
        let meals = 0;
        for (let i = 0; i < hunters.count; i++) meals += Hunter.meals[hunters.ids[i]];
        return { prey: prey.count, carcasses: carcasses.count, meals };
      },
    };
  },
});
