/** Bad command line of `npm run bench`: exit 2, naming what is valid. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
  constructor(what: string, suites: readonly string[]) {
    super(
      `tickflow bench: ${what} Usage: npm run bench -- <suite> [--json] [--html FILE] [--svg DIR]. ` +
        `Flags: --json (one JSON document on stdout), --html FILE (a report page with the chart), --svg DIR (DIR/<suite>.svg). ` +
        `Suites: ${suites.join(', ')}.`,
    );
  }
}
