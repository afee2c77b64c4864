/** Every error the ECS module throws, built in one place. */

/** Spawning would exceed the world's fixed entity capacity. */
export class CapacityError extends Error {
  override name = 'CapacityError';
  readonly world: string;
  readonly capacity: number;
  constructor(world: string, capacity: number) {
    super(
      `World "${world}" is full: its capacity is ${capacity} entities and all are alive. ` +
        `Component arrays are preallocated at that size; raise it with createWorld({ capacity }) ` +
        `(or the scene's capacity), or remove entities before spawning more.`,
    );
    this.world = world;
    this.capacity = capacity;
  }
}

/** A component schema names an unknown field type or a bad vector length. */
export class SchemaError extends Error {
  override name = 'SchemaError';
  constructor(component: string, field: string, problem: string) {
    super(
      `Component "${component}" field "${field}": ${problem}. ` +
        `Use one of f32, f64, i8, i16, i32, u8, u16, u32, or [type, length] with an integer length >= 1.`,
    );
  }
}

/** An operation names an entity that is not alive. */
export class DeadEntityError extends Error {
  override name = 'DeadEntityError';
  constructor(world: string, eid: number, op: string) {
    super(`${op}: entity ${eid} is not alive in world "${world}". It was removed, or never spawned there.`);
  }
}

/** The deferred command buffer ran out of its preallocated room. */
export class CommandBufferOverflowError extends Error {
  override name = 'CommandBufferOverflowError';
  constructor(world: string, capacity: number) {
    super(
      `The command buffer of world "${world}" holds at most ${capacity} commands between phases and is full. ` +
        `Raise it with createWorld({ commandCapacity }), or apply structural changes in smaller batches.`,
    );
  }
}

/** A component defined twice under one name in a world. */
export class DuplicateComponentError extends Error {
  override name = 'DuplicateComponentError';
  constructor(world: string, component: string) {
    super(`World "${world}" already has a component named "${component}". Component names must be unique per world.`);
  }
}
