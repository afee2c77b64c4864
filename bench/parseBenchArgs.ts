import { parseArgs } from 'node:util';
import { BenchUsageError } from './errors.ts';

/** What `npm run bench -- …` asked for. */
export interface BenchArgs {
  suite: string;
  json: boolean;
  /** Write a report page with the chart here. */
  html?: string;
  /** Write `<suite>.svg` into this folder. */
  svg?: string;
  /** Draw the results of an earlier `--json` run (this file) instead of running the suite. */
  from?: string;
  /** Write the table into this file's `<!-- bench:<suite> -->` block. */
  readme?: string;
}

/**
 * Parse the bench command line (node's own parseArgs, strict): one suite name
 * out of `suites`, and the output flags. Throws {@link BenchUsageError}.
 *
 * @example
 * parseBenchArgs(['jobs', '--svg', 'docs/bench'], ['jobs', 'loop']) // { suite: 'jobs', json: false, svg: 'docs/bench' }
 */
export function parseBenchArgs(argv: readonly string[], suites: readonly string[]): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, html: { type: 'string' }, svg: { type: 'string' }, from: { type: 'string' }, readme: { type: 'string' } },
    });
  } catch (err) {
    // Node's message goes on about positionals after '--': its first sentence names the flag.
    throw new BenchUsageError(`${/^[^.]*\./.exec((err as Error).message)?.[0] ?? (err as Error).message}`, suites);
  }
  const names = parsed.positionals;
  if (names.length !== 1) throw new BenchUsageError(names.length ? `Name one suite, got ${names.join(', ')}.` : 'Name one suite.', suites);
  if (!suites.includes(names[0]!)) throw new BenchUsageError(`Unknown suite "${names[0]}".`, suites);
  const { json = false, html, svg, from, readme } = parsed.values;
  for (const [flag, v] of [['--html', html], ['--svg', svg], ['--from', from], ['--readme', readme]] as const) if (v === '') throw new BenchUsageError(`${flag} needs a path.`, suites);
  return { suite: names[0]!, json, ...(html !== undefined ? { html } : {}), ...(svg !== undefined ? { svg } : {}), ...(from !== undefined ? { from } : {}), ...(readme !== undefined ? { readme } : {}) };
}
