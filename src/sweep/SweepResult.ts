import type { SimReport, SimFailure } from '../cli/runSim.ts';
import type { FrameSummary } from '../cli/percentiles.ts';
import type { SweepPoint } from './SweepPoint.ts';
import type { RunAnswer } from './RunnerPool.ts';

/** One line of the results file: one run of one point. */
export interface SweepResult {
  key: string;
  scene: string;
  frames: number;
  /** The params the sweep set (numbers where they parse as numbers). */
  params: Record<string, string | number>;
  seed: number;
  /** The state hash; null when the run failed before it ended. */
  hash: string | null;
  stats: Record<string, number>;
  /** Frame times of the run (ms); they vary by machine, the hash does not. */
  frameMs: FrameSummary | null;
  /** Where the run failed: the runner's error (an assert, a bad param) or a crash of its process. */
  error?: { type: string; message: string; [k: string]: unknown };
  /** Frames that ran before the failure. */
  framesRun?: number;
}

function typedParams(params: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) out[k] = v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  return out;
}

/**
 * The result line of a point from the runner's answer: its JSON report, or its
 * failure document (the error recorded, the sweep goes on).
 *
 * @example
 * const line = resultOf(point, await pool.run(point.key, runnerArgv(point)));
 */
export function resultOf(p: SweepPoint, answer: RunAnswer): SweepResult {
  const base = { key: p.key, scene: p.scene, frames: p.frames, params: typedParams(p.params), seed: p.seed };
  let doc: Partial<SimReport> & Partial<SimFailure>;
  try {
    doc = JSON.parse(answer.stdout) as typeof doc;
  } catch {
    const message = `the runner printed no JSON document (exit code ${answer.code})${answer.stderrTail ? `: ${answer.stderrTail.trim()}` : ''}`;
    return { ...base, hash: null, stats: {}, frameMs: null, error: { type: 'RunnerOutputError', message } };
  }
  if (doc.error) return { ...base, hash: null, stats: {}, frameMs: null, error: doc.error, ...(doc.framesRun !== undefined ? { framesRun: doc.framesRun } : {}) };
  return { ...base, hash: doc.hash ?? null, stats: doc.stats ?? {}, frameMs: doc.frameMs ?? null };
}

/** The result line of a point whose runner could not answer (its process died). */
export function crashResult(p: SweepPoint, err: Error): SweepResult {
  return { key: p.key, scene: p.scene, frames: p.frames, params: typedParams(p.params), seed: p.seed, hash: null, stats: {}, frameMs: null, error: { type: err.name, message: err.message } };
}
