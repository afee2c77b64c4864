import { PhaseIndex } from '../../loop/Phase.ts';
import { WaitKind } from '../Wait.ts';
import type { WaitHost } from './WaitHost.ts';
import { dropNothing, notAwaiting, resumeNext, type WaitHandler } from './WaitHandler.ts';

/*
 * Time waits: resume when a clock reaches a deadline.
 * Record: waitNum = the deadline, in seconds of that wait's clock.
 */

/** Slack on deadlines, so a wait of exactly k fixed steps ends on the k-th despite float sums. */
export const TIME_EPS = 1e-9;

/** Scaled seconds as the task's phase sees them: fixed-step time in fixedUpdate, frame time elsewhere. */
const scaledNow = (host: WaitHost, phase: number): number => (phase === PhaseIndex.fixedUpdate ? host.time.fixedElapsed : host.time.elapsed);

/**
 * `waitSeconds(s)`: scaled time (stops while paused).
 *
 * @example
 * // yield waitSeconds(0.5) arms this handler.
 */
export const SecondsWait: WaitHandler = {
  label: 'seconds',
  arm(host, s, sc) {
    host.pool.waitKind[s] = WaitKind.Seconds;
    host.pool.waitNum[s] = scaledNow(host, host.pool.phase[s]!) + sc.num;
    return undefined;
  },
  ready: (host, s, phase) => scaledNow(host, phase) + TIME_EPS >= host.pool.waitNum[s]!,
  resume: resumeNext,
  drop: dropNothing,
  awaitedDone: notAwaiting,
  resumesInPass: false,
};

/**
 * `waitUnscaledSeconds(s)`: unscaled time (ignores timeScale and pause).
 *
 * @example
 * // yield waitUnscaledSeconds(1) arms this handler.
 */
export const UnscaledSecondsWait: WaitHandler = {
  label: 'unscaledSeconds',
  arm(host, s, sc) {
    host.pool.waitKind[s] = WaitKind.UnscaledSeconds;
    host.pool.waitNum[s] = host.time.unscaledElapsed + sc.num;
    return undefined;
  },
  ready: (host, s) => host.time.unscaledElapsed + TIME_EPS >= host.pool.waitNum[s]!,
  resume: resumeNext,
  drop: dropNothing,
  awaitedDone: notAwaiting,
  resumesInPass: false,
};

/**
 * `waitRealtimeSeconds(s)`: the runner's wall clock.
 *
 * @example
 * // yield waitRealtimeSeconds(2) arms this handler.
 */
export const RealtimeSecondsWait: WaitHandler = {
  label: 'realtimeSeconds',
  arm(host, s, sc) {
    host.pool.waitKind[s] = WaitKind.RealtimeSeconds;
    host.pool.waitNum[s] = host.clock() + sc.num;
    return undefined;
  },
  ready: (host, s) => host.clock() >= host.pool.waitNum[s]!,
  resume: resumeNext,
  drop: dropNothing,
  awaitedDone: notAwaiting,
  resumesInPass: false,
};
