/** An allocation window used without what it needs, or out of order. */
export class AllocationWindowError extends Error {
  override name = 'AllocationWindowError';
}
