import type { ComponentBase as Component } from './Component.ts';
import { CommandBufferOverflowError } from './errors.ts';
import { spawn, despawn, addComponent, removeComponent, isAlive, type EntityStore } from './entities.ts';

const OP_SPAWN = 1;
const OP_DESPAWN = 2;
const OP_ADD = 3;
const OP_REMOVE = 4;

/**
 * Deferred structural changes (Unity's EntityCommandBuffer): systems record spawns,
 * removals and component changes during a phase; the loop applies them between
 * phases, so queries and job snapshots never change under a running phase.
 * Commands live in preallocated Int32Arrays: recording allocates nothing.
 *
 * Spawns take an archetype (a component list registered once with {@link archetype});
 * the ids spawned by the last {@link apply} are in `spawned[0 .. spawnedCount)`.
 *
 * @example
 * const Bullet = world.commands.archetype([Pos, Vel]);
 * world.commands.spawn(Bullet);       // during update
 * // after the phase: world.commands.spawned[0] is the new id
 */
export class CommandBuffer {
  /** Ids created by the last apply, in recording order. */
  readonly spawned: Int32Array;
  spawnedCount = 0;

  private readonly ops: Int32Array;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private count = 0;
  private readonly archetypes: Component[][] = [];
  private readonly componentIds = new Map<Component, number>();
  private readonly componentList: Component[] = [];
  private readonly appliedListeners: (() => void)[] = [];

  constructor(
    private readonly world: EntityStore,
    readonly capacity: number,
  ) {
    this.ops = new Int32Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.spawned = new Int32Array(capacity);
  }

  /** Register a component list once; returns the id `spawn` takes. */
  archetype(components: readonly Component[]): number {
    this.archetypes.push([...components]);
    return this.archetypes.length - 1;
  }

  /** Commands waiting for the next apply. */
  get pending(): number {
    return this.count;
  }

  /** Record `count` spawns of an archetype (their ids land in `spawned` at apply). */
  spawn(archetypeId: number, count = 1): void {
    for (let i = 0; i < count; i++) this.push(OP_SPAWN, archetypeId, 0);
  }

  /** Record removal of an entity. */
  despawn(eid: number): void {
    this.push(OP_DESPAWN, eid, 0);
  }

  /** Record adding a component. */
  add(eid: number, component: Component): void {
    this.push(OP_ADD, eid, this.idOf(component));
  }

  /** Record removing a component. */
  remove(eid: number, component: Component): void {
    this.push(OP_REMOVE, eid, this.idOf(component));
  }

  /**
   * Apply every recorded command in order and clear the buffer. Removing an entity
   * that is already gone is skipped (two systems may both decide to remove it).
   */
  apply(): void {
    const n = this.count;
    this.spawnedCount = 0;
    if (n === 0) return;
    const w = this.world;
    // Reset first so a throw (capacity) does not replay the same commands next phase.
    this.count = 0;
    for (let i = 0; i < n; i++) {
      const a = this.a[i]!;
      switch (this.ops[i]) {
        case OP_SPAWN:
          this.spawned[this.spawnedCount++] = spawn(w, ...this.archetypes[a]!);
          break;
        case OP_DESPAWN:
          if (isAlive(w, a)) despawn(w, a);
          break;
        case OP_ADD:
          addComponent(w, a, this.componentList[this.b[i]!]!);
          break;
        case OP_REMOVE:
          if (isAlive(w, a)) removeComponent(w, a, this.componentList[this.b[i]!]!);
          break;
      }
    }
    for (let i = 0; i < this.appliedListeners.length; i++) this.appliedListeners[i]!();
  }

  /**
   * Call `fn` after every apply that changed something (setup's own applies and
   * the loop's between phases alike): what mirrors the world's structure, such as
   * a scene's live queries, refreshes there. Returns the unsubscribe function.
   *
   * @example
   * const off = world.commands.onApplied(() => movers.update());
   */
  onApplied(fn: () => void): () => void {
    this.appliedListeners.push(fn);
    return () => {
      const i = this.appliedListeners.indexOf(fn);
      if (i >= 0) this.appliedListeners.splice(i, 1);
    };
  }

  /** Drop recorded commands without applying them. */
  clear(): void {
    this.count = 0;
  }

  private push(op: number, a: number, b: number): void {
    const i = this.count;
    if (i >= this.capacity) throw new CommandBufferOverflowError(this.world.name, this.capacity);
    this.ops[i] = op;
    this.a[i] = a;
    this.b[i] = b;
    this.count = i + 1;
  }

  private idOf(c: Component): number {
    let id = this.componentIds.get(c);
    if (id === undefined) {
      id = this.componentList.length;
      this.componentList.push(c);
      this.componentIds.set(c, id);
    }
    return id;
  }
}
