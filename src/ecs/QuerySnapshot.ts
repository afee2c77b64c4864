import { registerQuery, commitRemovals, type QueryTerm, type Query } from 'bitecs';
import type { SimWorld } from './World.ts';
import { allocateArray } from './kernelMemory.ts';

/**
 * A query's matching entity ids copied into a reusable SAB-backed Int32Array that
 * jobs on other threads can read. The bitecs query is registered once; `update()`
 * copies its dense list, allocating nothing (a plain bitecs `query()` call
 * allocates ~1.7 KB each time, so the per-frame path never calls it).
 *
 * @example
 * const movers = createQuerySnapshot(world, [Pos, Vel]);
 * // each frame:
 * const n = movers.update();
 * for (let i = 0; i < n; i++) { const e = movers.ids[i]; Pos.x[e] += Vel.x[e]; }
 */
export interface QuerySnapshot {
  /** Entity ids; valid in [0, count). Length is the world capacity. */
  readonly ids: Int32Array;
  /** Number of ids from the last update. */
  count: number;
  /** Copy the query's current members into `ids`; returns the count. */
  update(): number;
}

/** Create a snapshot for a query (see {@link QuerySnapshot}). */
export function createQuerySnapshot(world: SimWorld, terms: QueryTerm[]): QuerySnapshot {
  const q: Query = registerQuery(world.raw, terms);
  keepRemovalSetWarm(q);
  const ids = allocateArray(Int32Array, world.capacity);
  const snap: QuerySnapshot = {
    ids,
    count: 0,
    update() {
      commitRemovals(world.raw);
      const dense = q.dense; // read each time: a buffered query may have grown its array
      const n = dense.length;
      for (let i = 0; i < n; i++) ids[i] = dense[i]!;
      snap.count = n;
      return n;
    },
  };
  return snap;
}

/**
 * bitecs 0.4.0 defers removals from a query into a sparse set, and each commit
 * resets it with `sparse.length = 0`, dropping the array's storage: the next
 * removal of entity e regrows it to e + 1 slots (about 8 KB at e = 1000, per
 * structural change). Only the dense list needs emptying: the set checks
 * membership as `dense[sparse[v]] === v`, so stale sparse slots answer false.
 */
function keepRemovalSetWarm(q: Query): void {
  const set = (q as unknown as { toRemove?: { dense: number[]; reset(): void } }).toRemove;
  if (set === undefined || !Array.isArray(set.dense)) return;
  const dense = set.dense;
  set.reset = () => {
    // pop keeps the backing store (a length store of 0 would drop it too)
    while (dense.length > 0) dense.pop();
  };
}
