/** Every error of the scene module, built in one place; the CLI maps them to exit code 2. */

/** A scene id that no folder in scenes/ provides. */
export class UnknownSceneError extends Error {
  override name = 'UnknownSceneError';
  constructor(id: string, valid: readonly string[], why?: string) {
    super(`Unknown scene "${id}"${why ? ` (${why})` : ''}. Available scenes: ${valid.join(', ') || '(none)'}.`);
  }
}

/** A param that the scene does not declare, or a value it cannot take. */
export class ParamError extends Error {
  override name = 'ParamError';
  constructor(
    scene: string,
    /** What is wrong, without the scene: lets one error list several params. */
    readonly detail: string,
  ) {
    super(`Scene "${scene}": ${detail}`);
  }
}
