import { createWorld as createBitWorld, createEntityIndex } from 'bitecs';
import { createComponentStorage, type Component, type ComponentBase, type Schema } from './Component.ts';
import { CommandBuffer } from './CommandBuffer.ts';
import { DuplicateComponentError } from './errors.ts';
import type { EntityStore } from './entities.ts';

// The entity operations live beside the command buffer that replays them; the world re-exports them.
export { spawn, despawn, addComponent, removeComponent, hasComponent, isAlive } from './entities.ts';

/** Options of {@link createWorld}. */
export interface WorldOptions {
  /** Name used in error messages (default `world`). */
  name?: string;
  /** Most entities alive at once; component arrays are preallocated for it (default 10,000). */
  capacity?: number;
  /** Structural commands the deferred buffer holds between phases (default 65,536). */
  commandCapacity?: number;
}

/**
 * A simulation world: a bitecs world whose component stores we allocate over
 * SharedArrayBuffers, with a fixed capacity and a deferred command buffer.
 * Entity ids start at 1 (bitecs' convention) and never exceed `capacity`, so
 * arrays have `capacity + 1` slots and an id indexes them directly.
 */
export interface SimWorld extends EntityStore {
  /** Slots per scalar field: capacity + 1 (id 0 is never handed out). */
  readonly slots: number;
  readonly components: ComponentBase[];
  /** Structural changes recorded during a phase, applied between phases. */
  readonly commands: CommandBuffer;
}

/**
 * Create a world with a fixed capacity.
 *
 * @example
 * const world = createWorld({ name: 'particles', capacity: 10_000 });
 * const Pos = defineComponent(world, 'Position', { x: 'f32', y: 'f32' });
 * const e = spawn(world, Pos);
 * Pos.x[e] = 3;
 */
export function createWorld(opts: WorldOptions = {}): SimWorld {
  const capacity = opts.capacity ?? 10_000;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`World capacity must be an integer >= 1, got ${capacity}.`);
  const store: EntityStore & { slots: number; components: ComponentBase[] } = {
    name: opts.name ?? 'world',
    capacity,
    slots: capacity + 1,
    raw: createBitWorld(createEntityIndex()),
    components: [],
    alive: 0,
  };
  // The same object, completed: the buffer's spawns count into `alive` of the world itself.
  return Object.assign(store, { commands: new CommandBuffer(store, opts.commandCapacity ?? 65_536) });
}

/**
 * Define a component in a world: one typed array per field, `capacity + 1` entries
 * (times the vector length for vector fields), over shared memory.
 *
 * A component without a schema is a tag: it has no arrays and only marks
 * entities for queries.
 *
 * @example
 * const Emb = defineComponent(world, 'Embedding', { v: ['f32', 16] });
 * Emb.v[e * 16 + 3] = 0.25;
 * const Predator = defineComponent(world, 'Predator'); // a tag
 */
export function defineComponent<S extends Schema = Record<never, never>>(world: SimWorld, name: string, schema: S = {} as S): Component<S> {
  if (world.components.some((c) => c.componentName === name)) throw new DuplicateComponentError(world.name, name);
  const c = createComponentStorage(name, schema, world.slots);
  world.components.push(c);
  return c;
}
