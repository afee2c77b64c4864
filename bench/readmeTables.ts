import { BenchReadmeError } from './errors.ts';

/**
 * README shows each suite's table between `<!-- bench:NAME -->` and
 * `<!-- /bench:NAME -->`, drawn from `docs/bench/NAME.json` (`npm run bench --
 * NAME --from docs/bench/NAME.json --readme README.md`), so the table and the
 * JSON beside the chart cannot disagree (test/bench/readmeTables.test.ts).
 */
const block = (suite: string) => new RegExp(`(<!-- bench:${suite} -->\\n)[\\s\\S]*?(<!-- /bench:${suite} -->)`);

/** The table now in `text`'s block for `suite`, or undefined when it has none. */
export function readTableBlock(text: string, suite: string): string | undefined {
  const m = block(suite).exec(text);
  return m ? m[0].slice(m[1]!.length, m[0].length - m[2]!.length) : undefined;
}

/** `text` with `suite`'s block holding `table`; throws when the block is missing. */
export function writeTableBlock(text: string, suite: string, table: string, file: string): string {
  if (!block(suite).test(text)) throw new BenchReadmeError(file, suite);
  return text.replace(block(suite), (_m, open: string, close: string) => open + table + close);
}
