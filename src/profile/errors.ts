/** An allocation window used without what it needs, or out of order. */
export class AllocationWindowError extends Error {
  override name = 'AllocationWindowError';
}

/** A user benchmark suite that cannot run as written: duplicate cases, a baseline that names none. */
export class BenchDefinitionError extends Error {
  override name = 'BenchDefinitionError';
  constructor(suite: string, problem: string) {
    super(`Bench suite "${suite}": ${problem}`);
  }
}
