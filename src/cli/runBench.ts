import { basename, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isBenchSuite, runBenchSuite, formatBenchReport } from '../profile/BenchSuite.ts';
import { UsageError } from './errors.ts';
import type { CliIO } from './runSim.ts';

/**
 * `tickflow bench <file> [--json]`: import the file (TypeScript, through the
 * hooks the bin registered), run its default-exported suite, print the table or
 * one JSON document. Throws {@link UsageError} for a missing file or a default
 * export that is not a suite; the caller turns that into exit code 2.
 *
 * @example
 * await runBench('bench/awaitVsCoroutine.bench.ts', { json: true }, io);
 */
export async function runBench(file: string, opts: { json: boolean }, io: CliIO): Promise<void> {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new UsageError(`no bench file at ${abs}: name a module whose default export is defineBenchSuite({ … }) from 'tickflow/profile'.`);
  const mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
  if (!isBenchSuite(mod.default)) throw new UsageError(`${abs} does not default-export a suite: export default defineBenchSuite({ baseline, cases: [bench(name, fn), …] }) from 'tickflow/profile'.`);
  if (!opts.json) io.err(`bench ${file}: measuring ${mod.default.cases.length} cases\n`);
  const report = await runBenchSuite(mod.default, basename(abs).replace(/(\.bench)?\.[cm]?[jt]s$/, ''));
  io.out(opts.json ? JSON.stringify(report) + '\n' : formatBenchReport(report));
}
