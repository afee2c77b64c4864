#!/usr/bin/env node
/**
 * The `tickflow` command of the published package:
 *
 *   tickflow sim <scene-folder | index.ts> [flags]   the headless runner (runSim)
 *   tickflow new <name>                              scaffold a scene folder
 *
 * Exit codes: 0 ok, 2 bad input (naming what is valid), 1 failure. The user's
 * scenes and kernels are TypeScript: tsx is registered here (and in each job
 * worker, see workers/nodeJobWorker.mjs) before they load, then the async
 * builder's hooks, then with `--release` the assert-stripping hooks, so every
 * module the runner imports afterwards goes through them (hence the dynamic imports).
 */
import { parseArgs } from 'node:util';
import { commandUsage, COMMANDS, type CommandName } from './commands.ts';

const [command, ...rest] = process.argv.slice(2);

function usageError(message: string, usage: string): never {
  process.stderr.write(`tickflow: ${message}\n\n${usage}\n`);
  process.exit(2);
}

if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${commandUsage()}\n`);
  process.exit(command === undefined ? 2 : 0);
}
if (!Object.hasOwn(COMMANDS, command)) usageError(`unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}.`, commandUsage());
const name = command as CommandName;

if (name === 'new') {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: {} }));
  } catch (err) {
    usageError((err as Error).message, commandUsage(name));
  }
  if (positionals.length !== 1) usageError(`new takes one scene name, got ${positionals.length}.`, commandUsage(name));
  const { newScene } = await import('./newScene.ts');
  const { UsageError } = await import('./errors.ts');
  try {
    const files = newScene(positionals[0]!);
    process.stdout.write(`Wrote ${files.join(', ')}\nRun it: npx tickflow sim ${positionals[0]} --workers 1\n`);
  } catch (err) {
    if (err instanceof UsageError) usageError(err.message, commandUsage(name));
    throw err;
  }
} else {
  // sim: allocation is measured in a GC-free window, which needs these node flags.
  const { ensureProfilingFlags } = await import('../profile/flags.ts');
  ensureProfilingFlags();
  if (!import.meta.url.endsWith('.ts')) (await import('tsx/esm/api')).register();
  await import('../build/register.ts');
  if (rest.includes('--release') || process.env.NODE_ENV === 'production') await import('../assert/registerRelease.ts');
  const { runSim } = await import('./runSim.ts');
  process.exitCode = await runSim(rest, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: process.stderr.isTTY,
  });
}
