#!/usr/bin/env node
/**
 * The headless runner: `npm run sim -- <scene> [--frames N] [--seed S] [--workers K]
 * [--param name=value ...] [--json]`. Exit codes: 0 ok, 2 bad input, 1 failure.
 */
import { runSim } from './runSim.ts';

const code = await runSim(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY,
});
process.exitCode = code;
