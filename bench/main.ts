/**
 * `npm run bench -- <suite> [--json]`: runs bench/suites/<suite>.ts. With --json,
 * exactly one JSON document on stdout:
 * {"suite","node","cpus","results":{"<name>":{"value","unit"}}}; otherwise a table.
 */
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureProfilingFlags } from '../src/profile/flags.ts';
import { releaseSemiSpaceFlags } from '../src/jobs/releaseSemiSpaceFlags.ts';
import type { BenchSuite } from './types.ts';
import { formatTable } from './formatTable.ts';

ensureProfilingFlags();
// The main thread keeps its GC-free semi-spaces; every worker a suite starts gets V8's defaults.
releaseSemiSpaceFlags();

const dir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
const suites = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const args = process.argv.slice(2);
const json = args.includes('--json');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
const names = args.filter((a) => !a.startsWith('-'));
if (unknown.length || names.length !== 1 || !suites.includes(names[0]!)) {
  const what = unknown.length ? `Unknown flag ${unknown.join(', ')}.` : names.length !== 1 ? 'Name one suite.' : `Unknown suite "${names[0]}".`;
  process.stderr.write(`tickflow bench: ${what} Usage: npm run bench -- <suite> [--json]. Suites: ${suites.join(', ')}.\n`);
  process.exit(2);
}
const name = names[0]!;
const suite = ((await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default: BenchSuite }).default;
if (!json) process.stderr.write(`suite ${name}: ${suite.description}\n`);
const results = await suite.run();
const doc = { suite: name, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', results };
if (json) process.stdout.write(JSON.stringify(doc) + '\n');
else process.stdout.write(formatTable(doc, suite.goals ?? {}));
process.exit(0);
