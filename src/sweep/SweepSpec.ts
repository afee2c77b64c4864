import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { SweepUsageError } from './errors.ts';

/** One swept param: its name and the values it takes, as the runner's `--param` strings. */
export interface ParamAxis {
  name: string;
  values: string[];
}

/** What `sweep` was asked to do. */
export interface SweepSpec {
  scene: string;
  axes: ParamAxis[];
  seeds: number[];
  frames: number;
  /** Results file (JSON lines); points already in it are skipped. */
  out: string | undefined;
  /** Page with the chart and the table. */
  html: string | undefined;
  /** The chart alone, as an SVG file. */
  svg: string | undefined;
  /** `redis://host:port`: run the points on BullMQ instead of a local pool. */
  queue: string | undefined;
  /** Local runner processes. */
  concurrency: number;
  /** Chart: the param on x (default: the first one with more than one value), the stat on y, an optional theory stat. */
  x: string | undefined;
  y: string | undefined;
  theory: string | undefined;
  /** Stats shown in the table (default: all). */
  stats: string[] | undefined;
  help: boolean;
}

/** The sweep flags, for usage text and errors. */
export const SWEEP_FLAGS = [
  '--param name=SPEC   a param to sweep (repeatable): lo:hi:count (evenly spaced), a,b,c (a list) or one value',
  '--seeds SPEC        seeds: 1..8, or a list 1,2,5 (default 1)',
  '--frames N          frames per run (default 600)',
  '--out FILE          results as JSON lines; points already there are skipped (resume)',
  '--html FILE         a page with the chart and the table',
  '--svg FILE          the chart alone, as SVG',
  '--queue URL         redis://host:port: enqueue on BullMQ for sweep-workers instead of running here',
  '--concurrency K     local runner processes (default: available cores)',
  '--x PARAM --y STAT  chart axes (default: the first swept param, the first stat)',
  '--theory STAT       a stat drawn as the theory line on the chart',
  '--stats a,b         stats shown in the table (default: all)',
  '--help              this text',
] as const;

export const SWEEP_USAGE = `Usage: npm run sweep -- <scene> --param name=lo:hi:count [--param …] [--seeds 1..8] [--frames N] [flags]\n\nFlags:\n  ${SWEEP_FLAGS.join('\n  ')}`;

/** Parse `<scene> --param …`; throws {@link SweepUsageError} naming what is valid. */
export function parseSweepArgs(argv: readonly string[]): SweepSpec {
  const { values: v, positionals } = parseStrict(argv, {
    param: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    frames: { type: 'string' },
    out: { type: 'string' },
    html: { type: 'string' },
    svg: { type: 'string' },
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    x: { type: 'string' },
    y: { type: 'string' },
    theory: { type: 'string' },
    stats: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, SWEEP_USAGE);
  const help = v.help === true;
  if (positionals.length > 1) throw new SweepUsageError(`One scene per sweep, got ${positionals.join(', ')}.\n${SWEEP_USAGE}`);
  const scene = positionals[0];
  if (!scene && !help) throw new SweepUsageError(`Name a scene (an id from scenes/, or a scene folder).\n${SWEEP_USAGE}`);
  const axes = ((v.param as string[] | undefined) ?? []).map(parseAxis);
  const names = axes.map((a) => a.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new SweepUsageError(`--param ${dup} is given twice; give each param once (a list a,b,c sweeps several values).`);
  const x = v.x as string | undefined;
  if (x !== undefined && !names.includes(x)) throw new SweepUsageError(`--x ${x} is not a swept param; swept params: ${names.join(', ') || '(none)'}.`);
  return {
    scene: scene ?? '',
    axes,
    seeds: parseSeeds((v.seeds as string | undefined) ?? '1'),
    frames: parseInteger('--frames', (v.frames as string | undefined) ?? '600', 1, 100_000_000),
    out: v.out as string | undefined,
    html: v.html as string | undefined,
    svg: v.svg as string | undefined,
    queue: v.queue as string | undefined,
    concurrency: parseInteger('--concurrency', (v.concurrency as string | undefined) ?? String(availableParallelism()), 1, 1024),
    x,
    y: v.y as string | undefined,
    theory: v.theory as string | undefined,
    stats: (v.stats as string | undefined)?.split(',').filter(Boolean),
    help,
  };
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** `node:util` parseArgs, strict, its errors turned into {@link SweepUsageError} with the usage text. */
export function parseStrict(argv: readonly string[], options: Options, usage: string): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new SweepUsageError(`${(err as Error).message}\n${usage}`);
  }
}

/** An integer flag in [min, max]. */
export function parseInteger(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new SweepUsageError(`${flag} expects an integer from ${min} to ${max}, got "${text}".`);
  return n;
}

/**
 * `name=lo:hi:count` (count evenly spaced values, ends included), `name=a,b,c` or `name=v`.
 *
 * @example
 * parseAxis('lambdaP=0.05:0.5:10').values // ['0.05', '0.1', …, '0.5']
 */
export function parseAxis(text: string): ParamAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SweepUsageError(`--param expects name=lo:hi:count, name=a,b,c or name=value, got "${text}".`);
  const name = text.slice(0, eq);
  const spec = text.slice(eq + 1);
  const range = spec.split(':');
  if (range.length === 3) {
    const [lo, hi, count] = range.map(Number) as [number, number, number];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isInteger(count) || count < 1 || count > 100_000)
      throw new SweepUsageError(`--param ${name}=${spec}: a range is lo:hi:count with numbers lo, hi and an integer count from 1 to 100000.`);
    // Rounded to 12 significant digits so 0.05 + 9 * 0.05 prints as 0.5, not 0.49999999999999994.
    const values = Array.from({ length: count }, (_, i) => String(Number((count === 1 ? lo : lo + ((hi - lo) * i) / (count - 1)).toPrecision(12))));
    return { name, values };
  }
  if (range.length !== 1) throw new SweepUsageError(`--param ${name}=${spec}: a range has three parts, lo:hi:count.`);
  const values = spec.split(',');
  if (values.some((s) => s === '')) throw new SweepUsageError(`--param ${name}=${spec}: a list is a,b,c with no empty values.`);
  return { name, values };
}

/**
 * `1..8` (inclusive), `1,2,5` or `7`.
 *
 * @example
 * parseSeeds('1..4') // [1, 2, 3, 4]
 */
export function parseSeeds(text: string): number[] {
  const m = /^(\d+)\.\.(\d+)$/.exec(text);
  const seed = (s: string) => parseInteger('--seeds', s, 0, 0xffffffff);
  if (m) {
    const [a, b] = [seed(m[1]!), seed(m[2]!)];
    if (b < a || b - a >= 100_000) throw new SweepUsageError(`--seeds ${text}: a range is lo..hi with lo <= hi and at most 100000 seeds.`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const seeds = text.split(',').map(seed);
  if (new Set(seeds).size !== seeds.length) throw new SweepUsageError(`--seeds ${text}: a seed is listed twice.`);
  return seeds;
}
