#!/usr/bin/env node
/**
 * The `tickflow` command of the published package (see COMMANDS in commands.ts):
 *
 *   tickflow sim <scene-folder | index.ts> [flags]   the headless runner (runSim)
 *   tickflow bench <file.bench.ts> [--json]          a defineBenchSuite suite
 *   tickflow dev <scenes-folder> [--port N]          the browser app on Vite's dev server
 *   tickflow build <scenes-folder> [--out dir]       the browser app as a static site
 *   tickflow new <name>                              scaffold a scene folder
 *
 * Exit codes: 0 ok, 2 bad input (naming what is valid), 1 failure. The user's
 * scenes, kernels and benches are TypeScript: tsx is registered here (and in each
 * job worker, see workers/nodeJobWorker.mjs) before they load, then the async
 * builder's hooks, then with `--release` the assert-stripping hooks, so every
 * module imported afterwards goes through them (hence the dynamic imports).
 */
import { parseArgs } from 'node:util';
import { commandUsage, COMMANDS, type CommandName } from './commands.ts';
import { UsageError } from './errors.ts';

const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t), isTTY: process.stderr.isTTY };

function exitUsage(message: string, name?: CommandName): never {
  io.err(`tickflow: ${message}\n\n${commandUsage(name)}\n`);
  process.exit(2);
}

/** The command's flags, by parseArgs; a mistake exits 2 with the command's usage. */
function parse<O extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(name: CommandName, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    return exitUsage((err as Error).message, name);
  }
}

/** What sim and bench need before user code loads: GC-free windows, TypeScript, the async builder. */
async function prepareNodeRun(release: boolean): Promise<void> {
  const { ensureProfilingFlags } = await import('../profile/flags.ts');
  ensureProfilingFlags();
  // Workers started by a suite or a scene size their own young generation.
  (await import('../jobs/releaseSemiSpaceFlags.ts')).releaseSemiSpaceFlags();
  // Run from the sources, tsx is loaded already (node --import tsx); from dist, register it for the user's files.
  if (!import.meta.url.endsWith('.ts')) (await import('tsx/esm/api')).register();
  await import('../build/register.ts');
  if (release || process.env.NODE_ENV === 'production') await import('../assert/registerRelease.ts');
}

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h') {
  io.out(`${commandUsage()}\n`);
  process.exit(command === undefined ? 2 : 0);
}
if (!Object.hasOwn(COMMANDS, command)) exitUsage(`unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}.`);
const name = command as CommandName;

try {
  if (name === 'sim') {
    // The runner parses its own flags (src/cli/parseArgs.ts) and answers bad ones with exit 2.
    await prepareNodeRun(rest.includes('--release'));
    const { runSim } = await import('./runSim.ts');
    process.exitCode = await runSim(rest, io);
  } else if (name === 'bench') {
    const { values, positionals } = parse(name, rest, { json: { type: 'boolean', default: false } });
    if (positionals.length !== 1) exitUsage(`bench takes one file, got ${positionals.length}.`, name);
    await prepareNodeRun(false);
    const { runBench } = await import('./runBench.ts');
    await runBench(positionals[0]!, { json: values.json === true }, io);
    // A suite may leave timers or threads behind; its report is out.
    process.exit(0);
  } else if (name === 'dev' || name === 'build') {
    const { values, positionals } = parse(name, rest, { port: { type: 'string' }, host: { type: 'string' }, out: { type: 'string' } });
    if (positionals.length !== 1) exitUsage(`${name} takes one scenes folder, got ${positionals.length}.`, name);
    const { runDev, runBuild } = await import('./runVite.ts');
    if (name === 'build') {
      if (values.port !== undefined || values.host !== undefined) exitUsage('--port and --host are dev flags.', name);
      await runBuild(positionals[0]!, values.out, io);
    } else {
      if (values.out !== undefined) exitUsage('--out is a build flag.', name);
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) exitUsage(`--port expects an integer from 1 to 65535, got "${values.port}".`, name);
      await runDev(positionals[0]!, { port, host: values.host }, io);
    }
  } else {
    const { positionals } = parse(name, rest, {});
    if (positionals.length !== 1) exitUsage(`new takes one scene name, got ${positionals.length}.`, name);
    const { newScene } = await import('./newScene.ts');
    const files = newScene(positionals[0]!);
    io.out(`Wrote ${files.join(', ')}\nRun it: npx tickflow sim ${positionals[0]} --workers 1\n`);
  }
} catch (err) {
  if (err instanceof UsageError) exitUsage(err.message, name);
  io.err(`tickflow ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
