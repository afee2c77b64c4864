import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent, spawn } from '../../src/ecs/World.ts';
import { allocateBuffer } from '../../src/ecs/sharedMemory.ts';
import { coroutine, nextFrame, waitSeconds } from '../../src/tasks/index.ts';
import { hunt, flee } from './jobs.ts';

const FIXED = { phase: 'fixedUpdate' } as const;

/**
 * Predators and prey: hunters run down the nearest prey, prey flee the nearest
 * hunter they see. Each animal's life is a coroutine: a caught prey lies as a
 * carcass for a while, then grows back elsewhere (its tags swapped through
 * `world.commands`); a hunter rests after each meal.
 */
export default defineScene({
  title: 'Predators and prey',
  description: 'Hunters chase, prey flee, carcasses regrow: jobs, coroutines and world.commands.',
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
    const Carcass = defineComponent(world, 'Carcass');
    const caught = new Uint8Array(allocateBuffer(world.slots)); // a scratch flag per entity: jobs track it like a field
    const place = (e: number): void => {
      Position.x[e] = rng.range(0, size);
      Position.y[e] = rng.range(0, size);
    };
    for (let i = 0; i < params.prey; i++) place(spawn(world, Position, Velocity, Prey));
    for (let i = 0; i < params.hunters; i++) place(spawn(world, Position, Hunter));

    // Live queries: refreshed whenever the world's structure changes (here, the
    // tag swaps landing at the end of a fixed step); counts bound to a job are
    // read at each schedule.
    const prey = query([Prey, Position]);
    const hunters = query([Hunter, Position]);
    const carcasses = query([Carcass]);
    const huntArgs = hunt.createArgs({ hunters: hunters.ids, prey: prey.ids, nPrey: prey, resting: Hunter.resting, px: Position.x, py: Position.y, meals: Hunter.meals, caught, speed: 12, reach: 0.6 });
    const fleeArgs = flee.createArgs({ prey: prey.ids, hunters: hunters.ids, nHunters: hunters, px: Position.x, py: Position.y, vx: Velocity.x, vy: Velocity.y, speed: 9, sight: 8, size });
    loop.addSystem({
      name: 'predators.move',
      phase: 'fixedUpdate',
      run(time) {
        huntArgs.dt = fleeArgs.dt = time.deltaTime;
        jobs.scheduleParallel(hunt, hunters, 64, huntArgs);
        // Completed here (flee after hunt: both write Position), as the coroutines
        // stepped at the end of this phase read what the jobs wrote.
        jobs.complete(jobs.scheduleParallel(flee, prey, 1024, fleeArgs));
      },
    });

    // A prey's life: graze until caught, lie as a carcass, grow back elsewhere.
    // The tag swaps are recorded now and land at the end of the step.
    const { commands } = world;
    const preyLife = coroutine(function* preyLife(e: number) {
      for (;;) {
        while (caught[e] === 0) yield nextFrame();
        caught[e] = 0;
        commands.remove(e, Prey);
        commands.add(e, Carcass);
        yield waitSeconds(params.regrow);
        place(e);
        commands.remove(e, Carcass);
        commands.add(e, Prey);
      }
    });
    // A hunter's life: wait for a meal, rest while digesting, hunt again.
    const hunterLife = coroutine(function* hunterLife(e: number) {
      for (;;) {
        const meals = Hunter.meals[e];
        while (Hunter.meals[e] === meals) yield nextFrame();
        Hunter.resting[e] = 1;
        yield waitSeconds(params.digest);
        Hunter.resting[e] = 0;
      }
    });
    for (let i = 0; i < prey.count; i++) tasks.startWith(FIXED, preyLife, prey.ids[i]);
    for (let i = 0; i < hunters.count; i++) tasks.startWith(FIXED, hunterLife, hunters.ids[i]);

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
