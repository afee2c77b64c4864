import {
  createWorld as createBitWorld,
  createEntityIndex,
  addEntity,
  removeEntity,
  addComponent as bitAddComponent,
  removeComponent as bitRemoveComponent,
  hasComponent as bitHasComponent,
  entityExists,
  type World as BitWorld,
} from 'bitecs';
import { createComponentStorage, type Component, type ComponentBase, type Schema } from './Component.ts';
import { CommandBuffer } from './CommandBuffer.ts';
import { CapacityError, DeadEntityError, DuplicateComponentError } from './errors.ts';

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
export interface SimWorld {
  readonly name: string;
  readonly capacity: number;
  /** Slots per scalar field: capacity + 1 (id 0 is never handed out). */
  readonly slots: number;
  /** The underlying bitecs world, for bitecs queries and relations. */
  readonly raw: BitWorld;
  readonly components: ComponentBase[];
  /** Structural changes recorded during a phase, applied between phases. */
  readonly commands: CommandBuffer;
  /** Entities alive now. */
  alive: number;
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
  const world: SimWorld = {
    name: opts.name ?? 'world',
    capacity,
    slots: capacity + 1,
    raw: createBitWorld(createEntityIndex()),
    components: [],
    commands: undefined as unknown as CommandBuffer,
    alive: 0,
  };
  (world as { commands: CommandBuffer }).commands = new CommandBuffer(world, opts.commandCapacity ?? 65_536);
  return world;
}

/**
 * Define a component in a world: one typed array per field, `capacity + 1` entries
 * (times the vector length for vector fields), over shared memory.
 *
 * @example
 * const Emb = defineComponent(world, 'Embedding', { v: ['f32', 16] });
 * Emb.v[e * 16 + 3] = 0.25;
 */
export function defineComponent<S extends Schema>(world: SimWorld, name: string, schema: S): Component<S> {
  if (world.components.some((c) => c.componentName === name)) throw new DuplicateComponentError(world.name, name);
  const c = createComponentStorage(name, schema, world.slots);
  world.components.push(c);
  return c;
}

/**
 * Create an entity now (main thread, outside jobs) with the given components.
 * Throws {@link CapacityError} when the world is full. Inside a phase, prefer
 * `world.commands.spawn(...)`, applied between phases.
 */
export function spawn(world: SimWorld, ...components: ComponentBase[]): number {
  if (world.alive >= world.capacity) throw new CapacityError(world.name, world.capacity);
  const eid = addEntity(world.raw);
  world.alive++;
  for (let i = 0; i < components.length; i++) bitAddComponent(world.raw, eid, components[i]!);
  return eid;
}

/** Remove an entity now. Its component data stays in the arrays until the id is reused. */
export function despawn(world: SimWorld, eid: number): void {
  if (!entityExists(world.raw, eid)) throw new DeadEntityError(world.name, eid, 'despawn');
  removeEntity(world.raw, eid);
  world.alive--;
}

/** Add a component to a live entity now. */
export function addComponent(world: SimWorld, eid: number, component: ComponentBase): void {
  if (!entityExists(world.raw, eid)) throw new DeadEntityError(world.name, eid, `addComponent(${component.componentName})`);
  bitAddComponent(world.raw, eid, component);
}

/** Remove a component from a live entity now. */
export function removeComponent(world: SimWorld, eid: number, component: ComponentBase): void {
  if (!entityExists(world.raw, eid)) throw new DeadEntityError(world.name, eid, `removeComponent(${component.componentName})`);
  bitRemoveComponent(world.raw, eid, component);
}

/** Whether a live entity has a component. */
export function hasComponent(world: SimWorld, eid: number, component: ComponentBase): boolean {
  return entityExists(world.raw, eid) && bitHasComponent(world.raw, eid, component);
}

/** Whether an entity id is alive. */
export function isAlive(world: SimWorld, eid: number): boolean {
  return entityExists(world.raw, eid);
}
