/** Every error of the view module, built in one place; each says what happened and what to do. */

/** The browser could not create a WebGL2 context. */
export class WebGLUnavailableError extends Error {
  override name = 'WebGLUnavailableError';
  constructor(cause: unknown) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    super(
      `Could not create a WebGL2 context (${inner}). Enable hardware acceleration, or start Chromium with ` +
        `--use-angle=swiftshader --enable-unsafe-swiftshader for software rendering.`,
      { cause },
    );
  }
}

/** More instances were committed than an InstancedArrays was allocated for. */
export class InstanceCapacityError extends Error {
  override name = 'InstanceCapacityError';
  constructor(name: string, count: number, capacity: number) {
    super(
      `InstancedArrays "${name}": ${count} instances committed but only ${capacity} were allocated. ` +
        `Create it with a capacity of at least the world's capacity.`,
    );
  }
}
