import { PHASES } from '../loop/Phase.ts';
import type { Time } from '../loop/Time.ts';
import type { CoroutineDef } from './coroutine.ts';
import { TaskState, type TaskPool } from './TaskPool.ts';

/** Options of the tracker. */
export interface TrackerOptions {
  /** Tasks alive longer than this many unscaled seconds are listed as leak hints (default 60). */
  olderThanSeconds?: number;
  /** At most this many leak hints (default 20, oldest first). */
  maxHints?: number;
}

/** One long-lived task: a possible leak. */
export interface TaskLeakHint {
  handle: number;
  name: string;
  phase: string;
  ageSeconds: number;
  ageFrames: number;
  state: 'running' | 'cancelling' | 'unobserved';
}

/** What the tracker reports (UniTask's Tracker window, as data). */
export interface TrackerSnapshot {
  /** Running or cancelling tasks. */
  live: number;
  /** Completed tasks whose result nobody has observed yet (joined, result(), forget()). */
  unobserved: number;
  byPhase: Record<string, number>;
  byName: Record<string, number>;
  pool: { capacity: number; inUse: number; free: number };
  /** Pooled state machines per compiled coroutine seen by this runner. */
  machinePools: Record<string, number>;
  /** Tasks older than the threshold, oldest first. */
  leaks: TaskLeakHint[];
  olderThanSeconds: number;
}

/**
 * Walk the pool once and summarize it. Allocates (it builds objects): call it for
 * diagnostics, not per frame.
 *
 * @example
 * const t = buildTracker(runner.pool, loop.time, new Set());
 */
export function buildTracker(pool: TaskPool, time: Time, defs: ReadonlySet<CoroutineDef<any, any>>, opts: TrackerOptions = {}): TrackerSnapshot {
  const older = opts.olderThanSeconds ?? 60;
  const maxHints = opts.maxHints ?? 20;
  const byPhase: Record<string, number> = {};
  const byName: Record<string, number> = {};
  const leaks: TaskLeakHint[] = [];
  let live = 0;
  let unobserved = 0;
  for (let s = 0; s < pool.used; s++) {
    const st = pool.state[s]!;
    if (st === TaskState.Free) continue;
    const age = time.unscaledElapsed - pool.startTime[s]!;
    const isLive = st === TaskState.Running || st === TaskState.Cancelling;
    if (isLive) {
      live++;
      const ph = PHASES[pool.phase[s]!]!;
      byPhase[ph] = (byPhase[ph] ?? 0) + 1;
      const n = pool.name[s]!;
      byName[n] = (byName[n] ?? 0) + 1;
    } else unobserved++;
    if (age > older) {
      leaks.push({
        handle: pool.handleOf(s),
        name: pool.name[s]!,
        phase: PHASES[pool.phase[s]!]!,
        ageSeconds: age,
        ageFrames: time.frameCount - pool.startFrame[s]!,
        state: st === TaskState.Running ? 'running' : st === TaskState.Cancelling ? 'cancelling' : 'unobserved',
      });
    }
  }
  leaks.sort((a, b) => b.ageSeconds - a.ageSeconds);
  if (leaks.length > maxHints) leaks.length = maxHints;
  const machinePools: Record<string, number> = {};
  for (const d of defs) if (d.compiled) machinePools[d.coroutineName] = (machinePools[d.coroutineName] ?? 0) + (d.pooled ?? 0);
  return {
    live,
    unobserved,
    byPhase,
    byName,
    pool: { capacity: pool.capacity, inUse: pool.inUse, free: pool.freeSlots },
    machinePools,
    leaks,
    olderThanSeconds: older,
  };
}

/**
 * One line for the headless runner's table, e.g.
 * `120 live (update 100, fixedUpdate 20); top: wander 100, boost 20; 0 unobserved; pool 128/1024; 0 older than 60 s`.
 *
 * @example
 * io.out(`tasks  ${formatTrackerSummary(runner.tracker())}\n`);
 */
export function formatTrackerSummary(t: TrackerSnapshot): string {
  const phases = Object.entries(t.byPhase)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
  const top = Object.entries(t.byName)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([n, c]) => `${n} ${c}`)
    .join(', ');
  const pools = Object.values(t.machinePools).reduce((a, b) => a + b, 0);
  return (
    `${t.live} live${phases ? ` (${phases})` : ''}${top ? `; top: ${top}` : ''}; ${t.unobserved} unobserved; ` +
    `pool ${t.pool.inUse}/${t.pool.capacity}${pools ? `; ${pools} pooled machines` : ''}; ` +
    `${t.leaks.length} older than ${t.olderThanSeconds} s`
  );
}
