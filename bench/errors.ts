/** Bad command line of `npm run bench`: exit 2, naming what is valid. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
  constructor(what: string, suites: readonly string[]) {
    super(
      `tickflow bench: ${what} Usage: npm run bench -- <suite> [--json] [--html FILE] [--svg DIR] [--from FILE] [--readme FILE]. ` +
        `Flags: --json (one JSON document on stdout), --html FILE (a report page with the chart), --svg DIR (DIR/<suite>.svg), ` +
        `--from FILE (chart an earlier --json document instead of running), --readme FILE (write the table into FILE's <!-- bench:<suite> --> block). ` +
        `Suites: ${suites.join(', ')}.`,
    );
  }
}

/** `--from FILE` names something other than a results document of the suite. */
export class BenchDocumentError extends Error {
  override readonly name = 'BenchDocumentError';
  constructor(file: string, suite: string, found: unknown, hadError: boolean) {
    super(
      `tickflow bench: ${file} is not a results document of suite "${suite}" (it has suite ${JSON.stringify(found)}${hadError ? ' and an error' : ''}); ` +
        `pass the file that \`npm run bench -- ${suite} --json\` wrote.`,
    );
  }
}

/** `--readme FILE` names a file without the suite's table block. */
export class BenchReadmeError extends Error {
  override readonly name = 'BenchReadmeError';
  constructor(file: string, suite: string) {
    super(`tickflow bench: ${file} has no table block for suite "${suite}"; add the lines <!-- bench:${suite} --> and <!-- /bench:${suite} --> where its table goes.`);
  }
}
