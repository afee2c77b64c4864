import type { QueryTerm } from 'bitecs';
import type { SimWorld } from '../ecs/World.ts';
import { createQuerySnapshot, type QuerySnapshot } from '../ecs/QuerySnapshot.ts';
import type { JobScheduler } from '../jobs/JobScheduler.ts';

/** A scene's live queries: snapshots kept current with the world's structure. */
export interface LiveQueries {
  /** A snapshot of the entities matching `terms`, filled now and refreshed after every structural change. */
  query(terms: QueryTerm[]): QuerySnapshot;
  dispose(): void;
}

/**
 * Snapshots that follow the world (Bevy's and Unity's queries always do): each
 * is refreshed after every command-buffer apply that changed something, at the
 * phase end where structural changes land, so no scene writes a census system.
 * Refreshing rewrites the ids, so the jobs still reading them complete first
 * (a structural change is a sync point, as in Unity).
 *
 * @example
 * const live = createLiveQueries(world, jobs);
 * const prey = live.query([Prey, Position]); // prey.count follows spawns and tag swaps
 */
export function createLiveQueries(world: SimWorld, jobs: JobScheduler): LiveQueries {
  const all: QuerySnapshot[] = [];
  const sync = { writes: all };
  const off = world.commands.onApplied(() => {
    if (all.length === 0) return;
    jobs.completeFor(sync);
    for (let i = 0; i < all.length; i++) all[i]!.update();
  });
  return {
    query(terms) {
      const snap = createQuerySnapshot(world, terms);
      snap.update();
      all.push(snap);
      return snap;
    },
    dispose: off,
  };
}
