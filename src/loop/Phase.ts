/**
 * The ordered phases of one frame, as in Unity's PlayerLoop. `fixedUpdate` runs
 * 0..n times per frame from the time accumulator; every other phase runs once.
 */
export const PHASES = ['initialization', 'fixedUpdate', 'update', 'lateUpdate', 'render'] as const;

/** One phase of the player loop. */
export type Phase = (typeof PHASES)[number];

/** Index of each phase in {@link PHASES}; hooks receive indices so the hot path passes no strings around. */
export const PhaseIndex = {
  initialization: 0,
  fixedUpdate: 1,
  update: 2,
  lateUpdate: 3,
  render: 4,
} as const satisfies Record<Phase, number>;

/** Whether `name` is a phase. */
export function isPhase(name: string): name is Phase {
  return (PHASES as readonly string[]).includes(name);
}
