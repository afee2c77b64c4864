import { StepMode } from '../CoroutineMachine.ts';
import { TaskTimeoutError } from '../errors.ts';
import { SLOT_BITS, SLOT_MASK, type TaskPool } from '../TaskPool.ts';
import { WaitKind } from '../Wait.ts';
import { armJoin, unhookAwaited } from './awaitLinks.ts';
import { TIME_EPS } from './SecondsWait.ts';
import type { WaitHost } from './WaitHost.ts';
import type { WaitHandler } from './WaitHandler.ts';

/*
 * Joins of one task (`yield handle`, `join(h)`, `timeout(h, s)`).
 * Record: waitHandle = the joined handle; waitInt = JOINED once that task finished
 * (set by awaitedDone), else 0. A timeout adds waitNum = the deadline in scaled
 * seconds and ref2 = the seconds asked for (for TaskTimeoutError's message).
 */
const JOINED = 1;

const markJoined = (pool: TaskPool, s: number): void => {
  pool.waitInt[s] = JOINED;
};

/** The joined task finished: unlink, observe it, and deliver its result (or throw its error). */
function resumeJoined(host: WaitHost, s: number): void {
  const c = host.pool.waitHandle[s]! & SLOT_MASK;
  host.pool.waiter[c] = -1;
  const v = host.take(c);
  host.advance(s, host.takeFailed ? StepMode.Throw : StepMode.Next, v);
}

/**
 * Join a task: the yield evaluates to its result or throws its error.
 *
 * @example
 * // yield handle (or yield join(handle)) arms this handler.
 */
export const JoinWait: WaitHandler = {
  label: 'join',
  arm: (host, s, sc) => armJoin(host, s, sc.int, WaitKind.Join),
  ready: (host, s) => host.pool.waitInt[s] === JOINED,
  resume: resumeJoined,
  drop: (host, s) => unhookAwaited(host.pool, s, host.pool.waitHandle[s]!),
  awaitedDone: markJoined,
  resumesInPass: true,
};

/**
 * Join a task for at most some scaled seconds; on expiry the task is cancelled
 * and given up, and TaskTimeoutError is thrown at the yield.
 *
 * @example
 * // yield timeout(handle, 2) arms this handler.
 */
export const TimeoutWait: WaitHandler = {
  label: 'timeout',
  arm(host, s, sc) {
    const err = armJoin(host, s, sc.int, WaitKind.Timeout);
    if (err !== undefined) return err;
    host.pool.waitNum[s] = host.time.elapsed + sc.num[0]!;
    host.pool.ref2[s] = sc.num[0]!;
    return undefined;
  },
  ready: (host, s) => host.pool.waitInt[s] === JOINED || host.time.elapsed + TIME_EPS >= host.pool.waitNum[s]!,
  resume(host, s) {
    if (host.pool.waitInt[s] === JOINED) return resumeJoined(host, s);
    // Timed out: stop waiting, cancel the task, and give it up (nobody will observe it).
    const pool = host.pool;
    const h = pool.waitHandle[s]!;
    const c = h & SLOT_MASK;
    const seconds = pool.ref2[s] as number;
    pool.ref2[s] = null;
    pool.waiter[c] = -1;
    const name = pool.name[c]!;
    host.cancelTask(c);
    if (pool.version[c] === h >>> SLOT_BITS) host.releaseOrForget(c);
    host.advance(s, StepMode.Throw, new TaskTimeoutError(name, seconds));
  },
  drop: (host, s) => unhookAwaited(host.pool, s, host.pool.waitHandle[s]!),
  awaitedDone: markJoined,
  resumesInPass: true,
};
