import { spawnSync } from 'node:child_process';

/** The node flags an allocation measurement needs (semi-space sizes in MB). */
export const PROFILING_FLAGS = ['--expose-gc', '--min-semi-space-size=1024', '--max-semi-space-size=1024'] as const;

/**
 * Whether this process can measure allocation: `gc()` exposed and a young
 * generation large enough that a measured window fits in it without a scavenge
 * (the max semi-space alone still lets scavenges happen at the default min).
 */
export function profilingFlagsPresent(): boolean {
  const argv = process.execArgv.join(' ') + ' ' + (process.env.NODE_OPTIONS ?? '');
  return typeof (globalThis as { gc?: unknown }).gc === 'function' && /--min-semi-space-size/.test(argv) && /--max-semi-space-size/.test(argv);
}

/** The message for a process without the flags. */
export function missingFlagsMessage(script = '<script>'): string {
  return (
    `Allocation measurement needs node ${PROFILING_FLAGS.join(' ')}. ` +
    `Run: node ${PROFILING_FLAGS.join(' ')} --import tsx ${script}`
  );
}

/**
 * Make sure the flags are present: if not, run this same script again in a child
 * node with them (inheriting stdio) and exit with its status. Call it first thing
 * in a benchmark entry point.
 *
 * @example
 * ensureProfilingFlags(); // relaunches itself when needed
 */
export function ensureProfilingFlags(): void {
  if (profilingFlagsPresent()) return;
  if (process.env.TICKFLOW_RELAUNCHED) throw new Error(missingFlagsMessage(process.argv[1]));
  const hasTsx = process.execArgv.some((a) => a.includes('tsx')) || (process.env.NODE_OPTIONS ?? '').includes('tsx');
  const args = [...PROFILING_FLAGS, ...process.execArgv.filter((a) => !PROFILING_FLAGS.some((f) => a.startsWith(f.split('=')[0]!)))];
  if (!hasTsx && process.argv[1]?.endsWith('.ts')) args.push('--import', 'tsx');
  const r = spawnSync(process.execPath, [...args, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, TICKFLOW_RELAUNCHED: '1' },
  });
  process.exit(r.status ?? 1);
}
