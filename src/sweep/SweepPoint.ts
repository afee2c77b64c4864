import { createHash } from 'node:crypto';
import type { SweepSpec } from './SweepSpec.ts';

/** One run of a sweep: a scene, its params, a seed, a frame count. */
export interface SweepPoint {
  scene: string;
  frames: number;
  /** The params the sweep sets, in axis order, as the runner's `--param` strings. */
  params: Record<string, string>;
  seed: number;
  /** `lambdaP=0.1 w=0 seed=3`: names the point in logs and in the results file. */
  key: string;
}

/** The params of a point as text, in axis order: what the table groups seeds by. */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * Every point of a sweep: the product of the axes (the first axis outermost), each with every seed.
 *
 * @example
 * expandPoints(parseSweepArgs(['pondernet', '--param', 'lambdaP=0.1,0.2', '--seeds', '1..2'])).map((p) => p.key)
 * // ['lambdaP=0.1 seed=1', 'lambdaP=0.1 seed=2', 'lambdaP=0.2 seed=1', 'lambdaP=0.2 seed=2']
 */
export function expandPoints(spec: Pick<SweepSpec, 'scene' | 'frames' | 'axes' | 'seeds'>): SweepPoint[] {
  let combos: Record<string, string>[] = [{}];
  for (const axis of spec.axes) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v })));
  return combos.flatMap((params) =>
    spec.seeds.map((seed) => ({ scene: spec.scene, frames: spec.frames, params, seed, key: [paramsText(params), `seed=${seed}`].filter(Boolean).join(' ') })),
  );
}

/** The headless runner's argv for a point (`runSim`, one JSON document on stdout). */
export function runnerArgv(p: SweepPoint): string[] {
  return [p.scene, '--frames', String(p.frames), '--seed', String(p.seed), '--json', ...Object.entries(p.params).flatMap(([k, v]) => ['--param', `${k}=${v}`])];
}

/**
 * The point's BullMQ job id: a digest of everything that fixes the run, so
 * enqueuing a sweep again (a resume) adds no duplicate, and two sweeps of
 * different scenes or frame counts never share a job. (BullMQ ids may not contain ':'.)
 */
export function pointJobId(p: SweepPoint): string {
  return createHash('sha256').update(JSON.stringify(runnerArgv(p))).digest('hex').slice(0, 32);
}
