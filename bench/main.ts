/**
 * `npm run bench -- <suite> [--json] [--html FILE] [--svg DIR]`: runs
 * bench/suites/<suite>.ts. With --json, exactly one JSON document on stdout,
 * {"suite","node","cpus","cpuModel","date","results":{"<name>":{"value","unit",…}}},
 * or {"error":{…}} when the suite throws (exit 1) or the command line is bad
 * (exit 2); otherwise a table. --html and --svg draw the results (bench/charts);
 * --from FILE draws an earlier --json document instead of running the suite;
 * --readme FILE writes the table into the file's <!-- bench:<suite> --> block.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureProfilingFlags } from '../src/profile/flags.ts';
import { releaseSemiSpaceFlags } from '../src/jobs/releaseSemiSpaceFlags.ts';
import type { BenchDocument, BenchSuite } from './types.ts';
import { formatTable, formatRows } from './formatTable.ts';
import { writeTableBlock } from './readmeTables.ts';
import { parseBenchArgs, type BenchArgs } from './parseBenchArgs.ts';
import { BenchDocumentError, BenchUsageError } from './errors.ts';

ensureProfilingFlags();
// The main thread keeps its GC-free semi-spaces; every worker a suite starts gets V8's defaults.
releaseSemiSpaceFlags();

const wantsJson = process.argv.includes('--json');
const errorDoc = (err: unknown) => {
  const e = err instanceof Error ? err : new Error(String(err));
  return JSON.stringify({ error: { name: e.name, message: e.message, ...(e.stack && !(e instanceof BenchUsageError) ? { stack: e.stack } : {}) } }) + '\n';
};
const fail = (err: unknown, code: number): never => {
  if (wantsJson) process.stdout.write(errorDoc(err));
  process.stderr.write(`${err instanceof Error && code === 1 ? (err.stack ?? err.message) : (err as Error).message}\n`);
  process.exit(code);
};

const dir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
const suites = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
/** An earlier `--json` document of suite `name`. */
function readDocument(file: string, name: string): BenchDocument {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchDocument> & { error?: unknown };
  if (doc.suite !== name || typeof doc.results !== 'object' || doc.results === null)
    throw new BenchDocumentError(file, name, doc.suite, doc.error !== undefined);
  return doc as BenchDocument;
}

let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2), suites);
} catch (err) {
  fail(err, err instanceof BenchUsageError ? 2 : 1);
}
// stdout carries the one JSON document: anything a suite logs goes to stderr.
if (args!.json) console.log = console.info = (...a: unknown[]) => console.error(...a);
try {
  const { suite: name, json, html, svg, from, readme } = args!;
  const suite = ((await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default: BenchSuite }).default;
  if (!json && from === undefined) process.stderr.write(`suite ${name}: ${suite.description}\n`);
  const doc: BenchDocument = from !== undefined ? readDocument(from, name) : { suite: name, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', date: new Date().toISOString(), results: await suite.run() };
  const table = formatTable(doc, suite.goals ?? {});
  if (svg !== undefined) {
    mkdirSync(svg, { recursive: true });
    // The chart libraries load only when asked for: a bare run (a device machine's) needs none of them.
    const { renderSuiteSvg } = await import('./charts/renderSuiteSvg.ts');
    writeFileSync(join(svg, `${name}.svg`), renderSuiteSvg(doc));
  }
  if (html !== undefined) {
    mkdirSync(dirname(html), { recursive: true });
    const { renderReportHtml } = await import('./charts/renderReportHtml.ts');
    writeFileSync(html, renderReportHtml(doc, table, suite.description));
  }
  if (readme !== undefined) writeFileSync(readme, writeTableBlock(readFileSync(readme, 'utf8'), name, formatRows(doc, suite.goals ?? {}), readme));
  if (json) process.stdout.write(JSON.stringify(doc) + '\n');
  else process.stdout.write(table);
} catch (err) {
  fail(err, 1);
}
process.exit(0);
