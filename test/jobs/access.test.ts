import { describe, it, expect } from 'vitest';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { createWorld, defineComponent } from '../../src/ecs/World.ts';
import { createQuerySnapshot } from '../../src/ecs/QuerySnapshot.ts';
import { spawn, addComponent } from '../../src/ecs/entities.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { defineScene } from '../../src/scene/defineScene.ts';
import { scaleAdd, storeCount } from './fixtures/kernels.ts';
import { testWorld } from './helpers.ts';

// On the inline host a job runs when something completes it, so a sync point that
// is missing shows as the old value (the control case in each test).
const N = 1000;

function producerLoop(syncLateUpdate: boolean) {
  const w = testWorld(N);
  const jobs = new JobScheduler({ world: w.world });
  const loop = new PlayerLoop();
  jobs.attach(loop);
  w.A.v.fill(1);
  const args = scaleAdd.createArgs({ a: w.A.v, k: 2 });
  const seen: number[] = [];
  loop.addSystem({ name: 'producer', phase: 'update', run: () => void jobs.scheduleParallel(scaleAdd, N, 100, args) });
  loop.addSystem({ name: 'reader', phase: 'lateUpdate', run: () => void seen.push(w.A.v[10]) });
  if (syncLateUpdate) jobs.sync('lateUpdate', { reads: [w.A] });
  return { loop, seen };
}

describe('main-thread access by component, snapshot or array', () => {
  it('jobs.sync(phase, { reads: [Comp] }) completes a job writing the component when the phase begins', () => {
    const synced = producerLoop(true);
    synced.loop.tick(1 / 60);
    expect(synced.seen).toEqual([2 + 10]);
    const control = producerLoop(false);
    control.loop.tick(1 / 60);
    expect(control.seen).toEqual([1]);
  });

  it('refuses a sync for a phase that does not exist, naming the phases', () => {
    const jobs = new JobScheduler();
    expect(() => jobs.sync('paint' as never, { reads: [] })).toThrow(/"paint" is not a phase\. Use one of .*render/);
    expect(() => jobs.sync('update', { reads: ['A.v' as never] })).toThrow(/access lists take components, query snapshots or typed arrays, got string/);
  });

  it('completeFor completes only the jobs that conflict with the named access', () => {
    const { world, A, B } = testWorld(N);
    const jobs = new JobScheduler({ world });
    A.v.fill(1);
    const h = jobs.scheduleParallel(scaleAdd, N, 100, scaleAdd.createArgs({ a: A.v, k: 2 }));
    jobs.completeFor({ reads: [B] });
    expect(jobs.isCompleted(h)).toBe(false);
    expect(A.v[7]).toBe(1);
    jobs.completeFor({ reads: [A] });
    expect(jobs.isCompleted(h)).toBe(true);
    expect(A.v[7]).toBe(2 + 7);
    // A typed array names the same resource as its component.
    const h2 = jobs.scheduleParallel(scaleAdd, N, 100, scaleAdd.createArgs({ a: A.v, k: 1 }));
    jobs.completeFor({ writes: [A.v] });
    expect(jobs.isCompleted(h2)).toBe(true);
    expect(A.v[7]).toBe(9 + 7);
    jobs.endFrame();
  });
});

describe('tags and live counts', () => {
  it('a tag component (no schema) has no arrays and selects entities in a query', () => {
    const world = createWorld({ name: 'tags', capacity: 63 });
    const Pos = defineComponent(world, 'Pos', { x: 'f32' });
    const Predator = defineComponent(world, 'Predator');
    expect(Predator.fields).toEqual([]);
    for (let i = 0; i < 10; i++) {
      const e = spawn(world, Pos);
      if (i % 3 === 0) addComponent(world, e, Predator);
    }
    const predators = createQuerySnapshot(world, [Pos, Predator]);
    const all = createQuerySnapshot(world, [Pos]);
    expect(predators.update()).toBe(4);
    expect(all.update()).toBe(10);
  });

  it('createArgs({ n: snapshot }) follows the count at each schedule; assigning a number unbinds it', () => {
    const world = createWorld({ name: 'live', capacity: 63 });
    const Pos = defineComponent(world, 'Pos', { x: 'f32' });
    const jobs = new JobScheduler({ world });
    const movers = createQuerySnapshot(world, [Pos]);
    const out = new Int32Array(new SharedArrayBuffer(4));
    const args = storeCount.createArgs({ out, n: movers });
    const countNow = (): number => {
      jobs.complete(jobs.schedule(storeCount, args));
      return out[0];
    };
    for (let i = 0; i < 3; i++) spawn(world, Pos);
    movers.update();
    expect(countNow()).toBe(3);
    for (let i = 0; i < 4; i++) spawn(world, Pos);
    movers.update();
    expect(countNow()).toBe(7);
    expect(args.n).toBe(7);
    args.n = 5;
    spawn(world, Pos);
    movers.update();
    expect(movers.count).toBe(8);
    expect(countNow()).toBe(5);
    jobs.endFrame();
  });
});

describe('view data declares a render-phase read', () => {
  function sceneWith(viewHoldsA: boolean) {
    return defineScene({
      title: 'view-sync',
      params: {},
      capacity: () => N - 1,
      setup({ world, loop, jobs }) {
        const A = defineComponent(world, 'A', { v: 'f32' });
        const args = scaleAdd.createArgs({ a: A.v, k: 2 });
        const seen = { completed: [] as boolean[], value: [] as number[] };
        let h = 0;
        A.v.fill(1);
        loop.addSystem({ name: 'producer', phase: 'update', run: () => void (h = jobs.scheduleParallel(scaleAdd, N, 100, args)) });
        loop.addSystem({
          name: 'probe',
          phase: 'render',
          run: () => {
            seen.completed.push(jobs.isCompleted(h));
            seen.value.push(A.v[10]);
          },
        });
        return { view: viewHoldsA ? { A, seen } : { seen } };
      },
    });
  }

  it('a job writing a component the view holds is complete when the render phase begins', async () => {
    const rt = createSceneRuntime(sceneWith(true));
    const control = createSceneRuntime(sceneWith(false));
    try {
      rt.tick(1 / 60);
      control.tick(1 / 60);
      expect(rt.view.seen.completed).toEqual([true]);
      expect(rt.view.seen.value).toEqual([2 + 10]);
      expect(control.view.seen.completed).toEqual([false]);
      expect(control.view.seen.value).toEqual([1]);
    } finally {
      await rt.dispose();
      await control.dispose();
    }
  });
});
