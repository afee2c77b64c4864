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

/** A wait that ends when `now` (read in the task's phase) reaches the deadline, give or take `eps`. */
function deadlineWait(
  kind: typeof WaitKind.Seconds | typeof WaitKind.UnscaledSeconds | typeof WaitKind.RealtimeSeconds,
  label: string,
  now: (host: WaitHost, phase: number) => number,
  eps: number,
): WaitHandler {
  return {
    label,
    arm(host, s, sc) {
      host.pool.waitKind[s] = kind;
      host.pool.waitNum[s] = now(host, host.pool.phase[s]!) + sc.num;
      return undefined;
    },
    ready: (host, s, phase) => now(host, phase) + eps >= host.pool.waitNum[s]!,
    resume: resumeNext,
    drop: dropNothing,
    awaitedDone: notAwaiting,
    resumesInPass: false,
  };
}

/**
 * `waitSeconds(s)`: scaled time (stops while paused).
 *
 * @example
 * // yield waitSeconds(0.5) arms this handler.
 */
export const SecondsWait: WaitHandler = deadlineWait(WaitKind.Seconds, 'seconds', scaledNow, TIME_EPS);

/**
 * `waitUnscaledSeconds(s)`: unscaled time (ignores timeScale and pause).
 *
 * @example
 * // yield waitUnscaledSeconds(1) arms this handler.
 */
export const UnscaledSecondsWait: WaitHandler = deadlineWait(WaitKind.UnscaledSeconds, 'unscaledSeconds', (host) => host.time.unscaledElapsed, TIME_EPS);

/**
 * `waitRealtimeSeconds(s)`: the runner's wall clock (a real clock needs no slack).
 *
 * @example
 * // yield waitRealtimeSeconds(2) arms this handler.
 */
export const RealtimeSecondsWait: WaitHandler = deadlineWait(WaitKind.RealtimeSeconds, 'realtimeSeconds', (host) => host.clock(), 0);
