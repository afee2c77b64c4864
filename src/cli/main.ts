#!/usr/bin/env node
export {};
/**
 * The headless runner: `npm run sim -- <scene> [--frames N] [--seed S] [--workers K]
 * [--param name=value ...] [--json]`. Exit codes: 0 ok, 2 bad input, 1 failure.
 */
// --release must be seen before any module reads the DEV constant (src/env/dev.ts).
if (process.argv.includes('--release')) process.env.NODE_ENV = 'production';
const { runSim } = await import('./runSim.ts');

const code = await runSim(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY,
});
process.exitCode = code;
