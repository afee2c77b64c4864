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

/**
 * Where a clock reader leaves the time. The readers differ per wait kind, so the
 * one call site in a handler sees three; when the JIT does not inline it, a
 * double it returned would be a heap number, 16 B per waiting task per pass
 * (agents: 2,174.5 B a frame in about one process in five). A double stored into
 * a Float64Array never is.
 */
const NOW = new Float64Array(1);

/** Scaled seconds as the task's phase sees them: fixed-step time in fixedUpdate, frame time elsewhere. */
const scaledNow = (host: WaitHost, phase: number): void => {
  NOW[0] = phase === PhaseIndex.fixedUpdate ? host.time.fixedElapsed : host.time.elapsed;
};

/** A wait that ends when the clock `now` writes (read in the task's phase) reaches the deadline, give or take `eps`. */
function deadlineWait(
  kind: typeof WaitKind.Seconds | typeof WaitKind.UnscaledSeconds | typeof WaitKind.RealtimeSeconds,
  label: string,
  now: (host: WaitHost, phase: number) => void,
  eps: number,
): WaitHandler {
  return {
    label,
    arm(host, s, sc) {
      host.pool.waitKind[s] = kind;
      now(host, host.pool.phase[s]!);
      host.pool.waitNum[s] = NOW[0]! + sc.num[0]!;
      return undefined;
    },
    ready: (host, s, phase) => {
      now(host, phase);
      return NOW[0]! + eps >= host.pool.waitNum[s]!;
    },
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
export const UnscaledSecondsWait: WaitHandler = deadlineWait(WaitKind.UnscaledSeconds, 'unscaledSeconds', (host) => void (NOW[0] = host.time.unscaledElapsed), TIME_EPS);

/**
 * `waitRealtimeSeconds(s)`: the runner's wall clock (a real clock needs no slack).
 *
 * @example
 * // yield waitRealtimeSeconds(2) arms this handler.
 */
export const RealtimeSecondsWait: WaitHandler = deadlineWait(WaitKind.RealtimeSeconds, 'realtimeSeconds', (host) => void (NOW[0] = host.clock()), 0);
