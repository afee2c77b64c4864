import { writeFileSync } from 'node:fs';
import { cpus, availableParallelism } from 'node:os';
import type { CliIO } from '../cli/runSim.ts';
import { loadScene } from '../scene/NodeSceneRegistry.ts';
import { coerceParam, describeParam } from '../scene/Params.ts';
import { ParamError } from '../scene/errors.ts';
import { parseSweepArgs, SWEEP_USAGE, type SweepSpec } from './SweepSpec.ts';
import { expandPoints } from './SweepPoint.ts';
import { ResultsFile } from './ResultsFile.ts';
import { SweepProgress } from './SweepProgress.ts';
import { runLocal } from './LocalSweep.ts';
import { runQueued } from './QueueSweep.ts';
import { summarize, formatTable, type PointSummary } from './SweepSummary.ts';
import { sweepChart, sweepPage } from './SweepChart.ts';
import { SweepUsageError, sweepExitCode } from './errors.ts';
import type { SweepResult } from './SweepResult.ts';

/** Check every swept value against the scene's params schema before anything runs: a typo costs no sweep. */
async function validate(spec: SweepSpec): Promise<void> {
  const scene = await loadScene(spec.scene);
  const id = scene.id ?? spec.scene;
  for (const axis of spec.axes) {
    const p = scene.params?.[axis.name];
    if (!p) {
      const valid = Object.entries(scene.params ?? {}).map(([n, s]) => describeParam(n, s));
      throw new ParamError(id, `unknown param "${axis.name}". Valid params: ${valid.join('; ') || '(none)'}.`);
    }
    for (const v of axis.values) coerceParam(id, axis.name, p, v);
  }
}

/** The chart's caption: what ran, and where. */
function caption(spec: SweepSpec): string {
  const seeds = spec.seeds.length > 1 ? `seeds ${spec.seeds[0]}..${spec.seeds.at(-1)}` : `seed ${spec.seeds[0]}`;
  const where = spec.queue ? 'on BullMQ sweep-workers' : `on ${cpus()[0]?.model.trim() ?? 'this machine'} (${availableParallelism()} cores), Node ${process.version}`;
  return `${spec.scene}, ${spec.frames} frames, ${seeds}; ${where}`;
}

/** Write the chart (SVG and/or page) of the sweep; an unknown --y or --theory is bad input naming the stats there are. */
function writeChart(spec: SweepSpec, rows: PointSummary[], table: string): void {
  const stats = [...new Set(rows.flatMap((r) => Object.keys(r.stats)))];
  const x = spec.x ?? spec.axes.find((a) => a.values.length > 1)?.name ?? spec.axes[0]?.name;
  if (!x) throw new SweepUsageError('A chart needs a swept param on x: add --param name=lo:hi:count.');
  const y = spec.y ?? stats[0];
  for (const [flag, s] of [['--y', y], ['--theory', spec.theory]] as const)
    if (s !== undefined && !stats.includes(s)) throw new SweepUsageError(`${flag} ${s} is not a stat of ${spec.scene}; its stats: ${stats.join(', ') || '(none: every run failed)'}.`);
  const svg = sweepChart(rows, { x, y: y!, ...(spec.theory ? { theory: spec.theory } : {}), caption: caption(spec) });
  if (spec.svg) writeFileSync(spec.svg, svg + '\n');
  if (spec.html) writeFileSync(spec.html, sweepPage(`Sweep: ${spec.scene}, ${y} against ${x}`, svg, table));
}

/**
 * `sweep`: run a scene over params × seeds, locally in a pool of runner
 * processes or (`--queue`) on BullMQ sweep-workers; stream each run to `--out`
 * as a JSON line, skip the points already there, print a table of mean ± SE per
 * param point on stdout, and draw the chart (`--html`, `--svg`). Returns the exit
 * code: 0 all ran, 1 some run failed (recorded in its line), 2 bad input,
 * 130 interrupted by `signal` (rerun the same command to resume).
 *
 * @example
 * const code = await runSweep(['pondernet', '--param', 'lambdaP=0.05:0.5:10', '--seeds', '1..8', '--frames', '300'], io, signal);
 */
export async function runSweep(argv: readonly string[], io: CliIO, signal: AbortSignal): Promise<number> {
  let spec: SweepSpec;
  try {
    spec = parseSweepArgs(argv);
    if (spec.help) return io.out(SWEEP_USAGE + '\n'), 0;
    await validate(spec);
  } catch (err) {
    io.err(`tickflow sweep: ${(err as Error).message}\n`);
    return sweepExitCode(err);
  }
  const points = expandPoints(spec);
  const file = spec.out ? new ResultsFile(spec.out) : undefined;
  const done = file?.read(spec.scene, spec.frames) ?? new Map<string, SweepResult>();
  const byKey = new Map<string, SweepResult>();
  for (const p of points) if (done.has(p.key)) byKey.set(p.key, done.get(p.key)!);
  const pending = points.filter((p) => !byKey.has(p.key));
  if (byKey.size) io.err(`sweep: ${byKey.size} of ${points.length} points already in ${spec.out}, skipped\n`);
  const progress = new SweepProgress(io, points.length, byKey.size);
  const onResult = (r: SweepResult) => {
    byKey.set(r.key, r);
    file?.append(r);
    progress.done(r.key, r.error ? `error ${r.error.type}` : `ok ${r.hash}`);
  };
  let complete: boolean;
  try {
    complete = pending.length === 0 || (spec.queue ? await runQueued(spec.queue, pending, onResult, io, signal) : await runLocal(pending, spec.concurrency, onResult, signal));
  } catch (err) {
    progress.end();
    io.err(`tickflow sweep: ${(err as Error).message}\n`);
    return sweepExitCode(err);
  }
  progress.end();
  if (!complete) {
    const where = spec.queue ? `; the rest stay queued on ${spec.queue} for the workers` : '';
    io.err(`sweep: interrupted with ${byKey.size} of ${points.length} points done${where}. Run the same command${spec.out ? '' : ' with --out FILE'} to resume.\n`);
    return 130;
  }
  const results = points.map((p) => byKey.get(p.key)!);
  const rows = summarize(results);
  const table = formatTable(rows, spec.stats);
  io.out(table);
  try {
    if (spec.html || spec.svg) writeChart(spec, rows, table);
  } catch (err) {
    io.err(`tickflow sweep: ${(err as Error).message}\n`);
    return sweepExitCode(err);
  }
  const failed = results.filter((r) => r.error);
  if (failed.length) io.err(`sweep: ${failed.length} of ${results.length} runs failed; their errors are in ${spec.out ?? 'the results (use --out FILE to keep them)'}\n`);
  return failed.length ? 1 : 0;
}
