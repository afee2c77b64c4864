#!/usr/bin/env node
export {};
/**
 * The headless runner: `npm run sim -- <scene> [--frames N] [--seed S] [--workers K]
 * [--param name=value ...] [--json] [--release]`. Exit codes: 0 ok, 2 bad input, 1 failure.
 *
 * With `--release` (or NODE_ENV=production) the assert-stripping module hooks are
 * registered before anything else loads, so scenes and kernels run as a production
 * build would: no asserts, `DEV` false. Hence the dynamic imports below.
 */
if (process.argv.includes('--release') || process.env.NODE_ENV === 'production') await import('../assert/registerRelease.ts');
const { runSim } = await import('./runSim.ts');

const code = await runSim(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY,
});
process.exitCode = code;
export {};
