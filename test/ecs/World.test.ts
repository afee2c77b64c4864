import { describe, it, expect } from 'vitest';
import { createWorld, defineComponent, spawn, despawn, hasComponent, isAlive } from '../../src/ecs/World.ts';
import { createQuerySnapshot } from '../../src/ecs/QuerySnapshot.ts';
import { CapacityError, SchemaError, CommandBufferOverflowError, DeadEntityError } from '../../src/ecs/errors.ts';
import { hashWorld } from '../../src/ecs/hashWorld.ts';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';

describe('SAB-backed world', () => {
  it('stores every field in a typed array over a SharedArrayBuffer, sized capacity + 1', () => {
    const world = createWorld({ name: 'w', capacity: 100 });
    const C = defineComponent(world, 'Body', { x: 'f32', m: 'f64', id: 'u32', flags: 'u8', emb: ['f32', 16] });
    expect(C.x).toBeInstanceOf(Float32Array);
    expect(C.m).toBeInstanceOf(Float64Array);
    expect(C.id).toBeInstanceOf(Uint32Array);
    expect(C.flags).toBeInstanceOf(Uint8Array);
    expect(C.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(C.x.length).toBe(101);
    expect(C.emb.length).toBe(101 * 16);
    expect(C.fields.map((f) => [f.key, f.stride])).toEqual([
      ['Body.x', 1],
      ['Body.m', 1],
      ['Body.id', 1],
      ['Body.flags', 1],
      ['Body.emb', 16],
    ]);
  });

  it('shares memory with a view built on the same buffer (what a worker does)', () => {
    const world = createWorld({ capacity: 4 });
    const C = defineComponent(world, 'P', { x: 'f32' });
    // Fields are views into the kernel memory, at their own offset.
    const other = new Float32Array(C.x.buffer as SharedArrayBuffer, C.x.byteOffset, C.x.length);
    other[2] = 7.5;
    expect(C.x[2]).toBe(7.5);
  });

  it('rejects a bad schema naming component and field', () => {
    const world = createWorld({ capacity: 4 });
    expect(() => defineComponent(world, 'Bad', { v: 'f16' as never })).toThrow(SchemaError);
    expect(() => defineComponent(world, 'Bad2', { v: ['f32', 0] })).toThrow(/Component "Bad2" field "v": vector length 0/);
  });

  it('throws a capacity error naming the world, capacity and the fix', () => {
    const world = createWorld({ name: 'tiny', capacity: 3 });
    const C = defineComponent(world, 'P', { x: 'f32' });
    const ids = [spawn(world, C), spawn(world, C), spawn(world, C)];
    expect(ids).toEqual([1, 2, 3]);
    let err: unknown;
    try {
      spawn(world, C);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CapacityError);
    expect((err as Error).message).toMatch(/World "tiny" is full: its capacity is 3 entities.*createWorld\(\{ capacity \}\)/);
    // Nothing lost: the world still works, and a freed slot is reused within capacity.
    despawn(world, 2);
    expect(spawn(world, C)).toBe(2);
    expect(world.alive).toBe(3);
  });

  it('applies the command buffer between phases, not during', () => {
    const world = createWorld({ capacity: 10 });
    const C = defineComponent(world, 'P', { x: 'f32' });
    const Tag = defineComponent(world, 'Tag', { t: 'u8' });
    const loop = new PlayerLoop();
    loop.addHook({ phaseEnd: () => world.commands.apply() });
    const snap = createQuerySnapshot(world, [C]);
    const arch = world.commands.archetype([C]);
    const seenInUpdate: number[] = [];
    const seenInLate: number[] = [];
    let first = 0;
    loop.addSystem({
      name: 'spawner',
      run: () => {
        world.commands.spawn(arch);
        world.commands.spawn(arch);
        seenInUpdate.push(snap.update());
      },
    });
    loop.addSystem({ name: 'after', run: () => seenInUpdate.push(snap.update()), after: ['spawner'] });
    loop.addSystem({
      name: 'late',
      phase: 'lateUpdate',
      run: () => {
        seenInLate.push(snap.update());
        if (!first) {
          first = world.commands.spawned[0]!;
          world.commands.add(first, Tag);
          world.commands.despawn(world.commands.spawned[1]!);
        }
      },
    });
    loop.tick(1 / 60);
    expect(seenInUpdate).toEqual([0, 0]); // spawns are deferred within the phase
    expect(seenInLate).toEqual([2]); // and visible in the next one
    expect(hasComponent(world, first, Tag)).toBe(true);
    expect(world.alive).toBe(1);
    expect(snap.update()).toBe(1);
  });

  it('reports command buffer overflow with the fix', () => {
    const world = createWorld({ name: 'cb', capacity: 10, commandCapacity: 2 });
    world.commands.despawn(1);
    world.commands.despawn(2);
    expect(() => world.commands.despawn(3)).toThrow(CommandBufferOverflowError);
    expect(() => world.commands.despawn(3)).toThrow(/holds at most 2 commands.*commandCapacity/);
  });

  it('names a dead entity', () => {
    const world = createWorld({ name: 'd', capacity: 2 });
    expect(() => despawn(world, 1)).toThrow(DeadEntityError);
    expect(isAlive(world, 1)).toBe(false);
  });

  it('snapshots a query into a SAB index array without reallocating', () => {
    const world = createWorld({ capacity: 8 });
    const A = defineComponent(world, 'A', { x: 'f32' });
    const B = defineComponent(world, 'B', { x: 'f32' });
    spawn(world, A);
    const e2 = spawn(world, A, B);
    spawn(world, B);
    const snap = createQuerySnapshot(world, [A, B]);
    const ids = snap.ids;
    expect(snap.update()).toBe(1);
    expect(snap.ids[0]).toBe(e2);
    expect(ids.buffer).toBeInstanceOf(SharedArrayBuffer);
    spawn(world, A, B);
    expect(snap.update()).toBe(2);
    expect(snap.ids).toBe(ids);
  });

  it('hashes state so equal worlds agree and a one-bit change differs', () => {
    const mk = () => {
      const w = createWorld({ capacity: 4 });
      const C = defineComponent(w, 'P', { x: 'f32' });
      C.x[1] = 1.5;
      return { w, C };
    };
    const a = mk();
    const b = mk();
    expect(hashWorld(a.w)).toBe(hashWorld(b.w));
    b.C.x[1] = 1.5000001;
    expect(hashWorld(a.w)).not.toBe(hashWorld(b.w));
  });
});
