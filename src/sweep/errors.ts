/** Every error of the sweep module, built in one place; the sweep commands map them to exit codes. */

/** How to get a Redis when none answers: said once, here, and quoted by the docs. */
export const START_REDIS = 'apt-get install redis-server; redis-server --port 6379';

/** A command-line mistake in `sweep` or `sweep-worker`: exit code 2. */
export class SweepUsageError extends Error {
  override name = 'SweepUsageError';
}

/** The `--queue` URL answers nothing (or is not a Redis URL): exit code 2, no hang. */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
  constructor(
    readonly url: string,
    why: string,
  ) {
    super(`Cannot reach Redis at ${url} (${why}). Start one with: ${START_REDIS} — or pass --queue the URL of a running one.`);
  }
}

/** A runner child process died (signal, OOM, crash) while it ran a point. */
export class RunnerCrashError extends Error {
  override name = 'RunnerCrashError';
  constructor(key: string, how: string, stderrTail: string) {
    super(`The runner process died while running "${key}" (${how}).${stderrTail ? ` Its last output:\n${stderrTail}` : ''}`);
  }
}

/** The exit code for an error of a sweep command: 2 for bad input (flags, scene, params, Redis URL), 1 otherwise. */
export function sweepExitCode(err: unknown): number {
  const name = (err as { name?: unknown })?.name;
  return name === 'SweepUsageError' || name === 'RedisUnreachableError' || name === 'UnknownSceneError' || name === 'ParamError' ? 2 : 1;
}
