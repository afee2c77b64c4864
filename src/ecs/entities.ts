import {
  addEntity,
  removeEntity,
  addComponent as bitAddComponent,
  removeComponent as bitRemoveComponent,
  hasComponent as bitHasComponent,
  entityExists,
  type World as BitWorld,
} from 'bitecs';
import type { ComponentBase } from './Component.ts';
import { CapacityError, DeadEntityError } from './errors.ts';

/**
 * What structural changes need of a world: its bitecs world, capacity and live
 * count. A {@link SimWorld} is one; the command buffer replays into one.
 */
export interface EntityStore {
  readonly name: string;
  readonly capacity: number;
  /** The underlying bitecs world, for bitecs queries and relations. */
  readonly raw: BitWorld;
  /** Entities alive now. */
  alive: number;
}

/**
 * Create an entity now (main thread, outside jobs) with the given components.
 * Throws {@link CapacityError} when the world is full. Inside a phase, prefer
 * `world.commands.spawn(...)`, applied between phases.
 */
export function spawn(world: EntityStore, ...components: ComponentBase[]): number {
  if (world.alive >= world.capacity) throw new CapacityError(world.name, world.capacity);
  const eid = addEntity(world.raw);
  world.alive++;
  for (let i = 0; i < components.length; i++) bitAddComponent(world.raw, eid, components[i]!);
  return eid;
}

/** Remove an entity now. Its component data stays in the arrays until the id is reused. */
export function despawn(world: EntityStore, eid: number): void {
  if (!entityExists(world.raw, eid)) throw new DeadEntityError(world.name, eid, 'despawn');
  removeEntity(world.raw, eid);
  world.alive--;
}

/** Add a component to a live entity now. */
export function addComponent(world: EntityStore, eid: number, component: ComponentBase): void {
  if (!entityExists(world.raw, eid)) throw new DeadEntityError(world.name, eid, `addComponent(${component.componentName})`);
  bitAddComponent(world.raw, eid, component);
}

/** Remove a component from a live entity now. */
export function removeComponent(world: EntityStore, eid: number, component: ComponentBase): void {
  if (!entityExists(world.raw, eid)) throw new DeadEntityError(world.name, eid, `removeComponent(${component.componentName})`);
  bitRemoveComponent(world.raw, eid, component);
}

/** Whether a live entity has a component. */
export function hasComponent(world: EntityStore, eid: number, component: ComponentBase): boolean {
  return entityExists(world.raw, eid) && bitHasComponent(world.raw, eid, component);
}

/** Whether an entity id is alive. */
export function isAlive(world: EntityStore, eid: number): boolean {
  return entityExists(world.raw, eid);
}
