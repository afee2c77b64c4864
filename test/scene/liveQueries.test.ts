import { describe, it, expect } from 'vitest';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { defineScene } from '../../src/scene/defineScene.ts';
import { defineComponent } from '../../src/ecs/World.ts';
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { copyIds } from '../jobs/fixtures/kernels.ts';

// A scene whose setup spawns 5 tagged entities through the command buffer; a
// fixedUpdate system untags the first `untag` of them each step.
function liveScene(untag: number) {
  return defineScene({
    title: 'live',
    capacity: () => 16,
    setup({ world, loop, query }) {
      const Pos = defineComponent(world, 'Pos', { x: 'f32' });
      const Hot = defineComponent(world, 'Hot');
      const hot = query([Pos, Hot]);
      const before = hot.count;
      world.commands.spawn(world.commands.archetype([Pos, Hot]), 5);
      world.commands.apply();
      const afterSetupApply = hot.count;
      const seenInUpdate: number[] = [];
      loop.addSystem({
        name: 'untag',
        phase: 'fixedUpdate',
        run() {
          for (let i = 0; i < untag && i < hot.count; i++) world.commands.remove(hot.ids[i], Hot);
        },
      });
      loop.addSystem({ name: 'look', phase: 'update', run: () => void seenInUpdate.push(hot.count) });
      return { view: { hot, Hot, before, afterSetupApply, seenInUpdate } };
    },
  });
}

describe('live queries (the setup context query())', () => {
  it('are filled when made and refreshed by every apply: at setup and at the phase end where commands land', async () => {
    const rt = createSceneRuntime(liveScene(2));
    expect(rt.view.before).toBe(0);
    expect(rt.view.afterSetupApply).toBe(5);
    expect(Array.from(rt.view.hot.ids.subarray(0, 5))).toEqual([1, 2, 3, 4, 5]);
    rt.tick(1 / 60); // one fixed step untags 2; they land at its phase end, before update
    rt.tick(1 / 60);
    expect(rt.view.seenInUpdate).toEqual([3, 1]);
    expect(rt.view.hot.count).toBe(1);
    await rt.dispose();
  });

  it('complete the jobs still reading the old ids before refreshing them', async () => {
    const rt = createSceneRuntime(liveScene(0)); // inline host: a job runs only when completed
    const out = allocateArray(Int32Array, 16);
    const h = rt.jobs.scheduleParallel(copyIds, rt.view.hot, 2, copyIds.createArgs({ ids: rt.view.hot.ids, out }));
    expect(rt.jobs.isCompleted(h)).toBe(false);
    rt.world.commands.remove(1, rt.view.Hot);
    rt.world.commands.apply();
    expect(rt.jobs.isCompleted(h)).toBe(true);
    expect(Array.from(out.subarray(0, 5))).toEqual([1, 2, 3, 4, 5]); // what the job saw: the ids before the change
    expect(Array.from(rt.view.hot.ids.subarray(0, rt.view.hot.count))).not.toContain(1);
    expect(rt.view.hot.count).toBe(4);
    await rt.dispose();
  });

  it('stop following the world once the scene is disposed', async () => {
    const rt = createSceneRuntime(liveScene(0));
    await rt.dispose();
    rt.world.commands.remove(2, rt.view.Hot);
    rt.world.commands.apply();
    expect(rt.view.hot.count).toBe(5);
  });
});

describe('a scene without params', () => {
  it('leaves them out: defineScene gives it an empty schema, and setup sees no values', async () => {
    const scene = defineScene({ title: 'bare', setup: ({ params }) => ({ view: { keys: Object.keys(params) } }) });
    expect(scene.params).toEqual({});
    const rt = createSceneRuntime(scene);
    expect(rt.view.keys).toEqual([]);
    await rt.dispose();
  });
});
