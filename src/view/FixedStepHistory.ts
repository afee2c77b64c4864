import type { PlayerLoop } from '../loop/PlayerLoop.ts';
import { PhaseIndex } from '../loop/Phase.ts';
import { allocateBuffer } from '../ecs/sharedMemory.ts';

/**
 * The values some fields had before the latest fixed step, so a view can draw
 * `prev + (current - prev) * time.alpha` and motion stays smooth when the display
 * rate and the fixed step differ (Unity's Rigidbody interpolation).
 *
 * Only the state before a frame's *last* fixed step matters for drawing that
 * frame, so each watched array is copied (`TypedArray.set`, a memcpy) once per
 * frame that has fixed steps, at the start of the last one; frames without a
 * fixed step copy nothing. The twins are shared memory like the fields, so a job
 * can read both. When jobs write the fields, pass `beforeCopy` to complete them
 * first (e.g. `() => jobs.completeFor(positionReads)`, the access list made once): the copy must
 * not race a job still writing the previous step.
 *
 * @example
 * const hist = new FixedStepHistory(runtime.loop, [Position.x, Position.y]);
 * const [px, py] = hist.previous;
 * // render: x = px[e] + (Position.x[e] - px[e]) * time.alpha
 * hist.dispose(); // when the view goes
 */
export class FixedStepHistory {
  /** One array per watched field, same length and type, holding the pre-step values. */
  readonly previous: readonly Float32Array[];
  private readonly current: readonly Float32Array[];
  private readonly removeHook: () => void;

  constructor(loop: PlayerLoop, fields: readonly Float32Array[], opts: { beforeCopy?: () => void } = {}) {
    this.current = fields;
    this.previous = fields.map((f) => {
      const twin = new Float32Array(allocateBuffer(f.byteLength));
      twin.set(f);
      return twin;
    });
    const fixed = PhaseIndex.fixedUpdate;
    const init = PhaseIndex.initialization;
    const cur = this.current;
    const prev = this.previous;
    const beforeCopy = opts.beforeCopy;
    let step = 0;
    this.removeHook = loop.addHook({
      phaseStart(phase, time) {
        if (phase === init) step = 0;
        else if (phase === fixed && ++step === time.fixedStepsThisFrame) {
          beforeCopy?.();
          for (let i = 0; i < cur.length; i++) prev[i]!.set(cur[i]!);
        }
      },
    });
  }

  /** Copy the current values into the history now (after a teleport or a reset). */
  sync(): void {
    for (let i = 0; i < this.current.length; i++) this.previous[i]!.set(this.current[i]!);
  }

  /** Stop watching the loop. */
  dispose(): void {
    this.removeHook();
  }
}

/**
 * Interpolate on a wrapping axis of length `period`: takes the short way round,
 * so a particle that wrapped from one edge to the other does not streak across.
 *
 * @example
 * lerpWrapped(199, 1, 0.5, 200) // 200 (half way across the seam), not 100
 */
export function lerpWrapped(prev: number, cur: number, alpha: number, period: number): number {
  let d = cur - prev;
  const half = period * 0.5;
  if (d > half) d -= period;
  else if (d < -half) d += period;
  return prev + d * alpha;
}
