import { UsageError } from './errors.ts';

export { UsageError };

/** Parsed options of the headless runner. */
export interface SimArgs {
  scene: string | undefined;
  frames: number;
  seed: number;
  workers: number;
  dt: number;
  json: boolean;
  release: boolean;
  /** Time every job batch (busy ms per job); the main thread's clock reads then allocate. */
  profileJobs: boolean;
  /** Kernel path: the JS kernels or the compiled ones (applied before modules load, by src/build/register.ts). */
  kernels: 'js' | 'wasm';
  help: boolean;
  params: Record<string, string>;
}

/** The runner's flags, for usage text and "did you mean" errors. */
export const SIM_FLAGS = [
  '--frames N        frames to run (default 600)',
  '--seed S          RNG seed, a 32-bit integer (default 1)',
  '--workers K       worker threads for jobs, 0 = inline (default 0)',
  '--dt SECONDS      fixed frame delta fed to the loop (default 1/60)',
  '--param name=value  set a scene param (repeatable); also --name=value',
  '--json            print exactly one JSON document on stdout',
  '--release         production mode: asserts stripped',
  '--profile-jobs    time job batches (busy ms per job); adds the clock\'s bytes to bytes/frame',
  '--kernels js|wasm run job kernels as JavaScript (default) or compiled to WebAssembly',
  '--help            this text',
] as const;

const VALUE_FLAGS = new Set(['--frames', '--seed', '--workers', '--dt', '--param', '--kernels']);
const BOOL_FLAGS = new Set(['--json', '--release', '--profile-jobs', '--help', '-h']);

function int(flag: string, v: string | undefined, min: number, max: number): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} expects an integer from ${min} to ${max}, got "${v ?? ''}".`);
  return n;
}

/**
 * Parse `<scene> [--frames N] [--seed S] [--workers K] [--param name=value ...] [--json]`.
 * Throws {@link UsageError} for an unknown flag, a missing value or one out of range.
 *
 * @example
 * parseSimArgs(['particles', '--frames', '300', '--json'])
 */
export function parseSimArgs(argv: readonly string[]): SimArgs {
  const out: SimArgs = { scene: undefined, frames: 600, seed: 1, workers: 0, dt: 1 / 60, json: false, release: false, profileJobs: false, kernels: 'js', help: false, params: {} };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (!arg.startsWith('-')) {
      if (out.scene !== undefined) throw new UsageError(`Unexpected argument "${arg}": the scene is already "${out.scene}". Flags start with --.`);
      out.scene = arg;
      continue;
    }
    if (BOOL_FLAGS.has(arg)) {
      if (inline !== undefined) throw new UsageError(`${arg} takes no value.`);
      if (arg === '--json') out.json = true;
      else if (arg === '--release') out.release = true;
      else if (arg === '--profile-jobs') out.profileJobs = true;
      else out.help = true;
      continue;
    }
    if (!VALUE_FLAGS.has(arg)) {
      // `--count=5` is shorthand for `--param count=5`; the scene validates the name.
      if (inline !== undefined) {
        out.params[arg.slice(2)] = inline;
        continue;
      }
      throw new UsageError(`Unknown flag "${arg}". Valid flags:\n  ${SIM_FLAGS.join('\n  ')}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`${arg} needs a value.`);
    switch (arg) {
      case '--frames':
        out.frames = int(arg, value, 1, 100_000_000);
        break;
      case '--seed':
        out.seed = int(arg, value, 0, 0xffffffff);
        break;
      case '--workers':
        out.workers = int(arg, value, 0, 256);
        break;
      case '--dt': {
        const dt = Number(value);
        if (!(dt > 0 && dt <= 1)) throw new UsageError(`--dt expects seconds in (0, 1], got "${value}".`);
        out.dt = dt;
        break;
      }
      case '--kernels':
        if (value !== 'js' && value !== 'wasm') throw new UsageError(`--kernels expects js or wasm, got "${value}".`);
        out.kernels = value;
        break;
      case '--param': {
        const k = value.indexOf('=');
        if (k <= 0) throw new UsageError(`--param expects name=value, got "${value}".`);
        out.params[value.slice(0, k)] = value.slice(k + 1);
        break;
      }
    }
  }
  return out;
}
