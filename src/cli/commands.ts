import { SIM_FLAGS } from './parseArgs.ts';

/** The `tickflow` commands: what each takes, for usage text and "unknown command" errors. */
export const COMMANDS = {
  sim: { args: '<scene-folder | index.ts> [flags]', does: 'run a scene headless and report frame times, bytes/frame and the world hash', flags: SIM_FLAGS },
  bench: { args: '<file.bench.ts> [--json]', does: 'run a suite made with defineBenchSuite (tickflow/profile): ns/op, B/op, GCs, validity, ratio to its baseline', flags: ['--json            print the report as one JSON document'] },
  dev: { args: '<scenes-folder> [--port N] [--host H]', does: 'the browser app over your scenes on Vite (COOP/COEP set, workers and compiled kernels)', flags: ['--port N          dev server port (default: Vite\'s, 5173 or the next free one)', '--host H          interface to listen on (default localhost)'] },
  build: { args: '<scenes-folder> [--out dir]', does: 'the browser app over your scenes as a static site (its host must send COOP/COEP)', flags: ['--out DIR         output folder (default dist-app/ beside the scenes folder)'] },
  new: { args: '<name>', does: 'scaffold a scene folder (index.ts, jobs.ts, view.ts) that runs at once', flags: [] },
} as const satisfies Record<string, { args: string; does: string; flags: readonly string[] }>;

export type CommandName = keyof typeof COMMANDS;

/**
 * Usage text: every command, or one command with its flags.
 *
 * @example
 * commandUsage('sim') // "Usage: tickflow sim <scene-folder | index.ts> [flags]\n\nFlags: …"
 */
export function commandUsage(name?: CommandName): string {
  if (name) {
    const c = COMMANDS[name];
    const flags: readonly string[] = c.flags;
    return `Usage: tickflow ${name} ${c.args}\n  ${c.does}${flags.length ? `\n\nFlags:\n  ${flags.join('\n  ')}` : ''}`;
  }
  const rows = Object.entries(COMMANDS).map(([n, c]) => `  tickflow ${n} ${c.args}\n      ${c.does}`);
  return `Usage:\n${rows.join('\n')}`;
}
