import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { formatRows } from '../../bench/formatTable.ts';
import { readTableBlock, writeTableBlock } from '../../bench/readmeTables.ts';
import { BenchReadmeError } from '../../bench/errors.ts';
import type { BenchDocument, BenchSuite } from '../../bench/types.ts';

const README = readFileSync('README.md', 'utf8');
const suites = readdirSync('docs/bench').filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));

describe('README benchmark tables', () => {
  it('has a table for every committed results document', () => {
    expect(suites.length).toBeGreaterThanOrEqual(7);
    for (const s of suites) expect(readTableBlock(README, s), `README block for ${s}`).toBeDefined();
  });

  for (const s of suites)
    it(`shows ${s} as docs/bench/${s}.json has it`, async () => {
      const doc = JSON.parse(readFileSync(`docs/bench/${s}.json`, 'utf8')) as BenchDocument;
      const suite = ((await import(`../../bench/suites/${s}.ts`)) as { default: BenchSuite }).default;
      // On a mismatch: npm run bench -- <suite> --from docs/bench/<suite>.json --readme README.md
      expect(readTableBlock(README, s)).toBe(formatRows(doc, suite.goals ?? {}));
    });

  it('writes a table into its block only, and names the missing block', () => {
    const text = 'a\n<!-- bench:x -->\nold\n<!-- /bench:x -->\nb\n<!-- bench:y -->\nkeep\n<!-- /bench:y -->\n';
    const out = writeTableBlock(text, 'x', '| new |\n', 'R.md');
    expect(out).toBe('a\n<!-- bench:x -->\n| new |\n<!-- /bench:x -->\nb\n<!-- bench:y -->\nkeep\n<!-- /bench:y -->\n');
    expect(readTableBlock(out, 'y')).toBe('keep\n');
    expect(() => writeTableBlock(text, 'z', '', 'R.md')).toThrow(BenchReadmeError);
    expect(() => writeTableBlock(text, 'z', '', 'R.md')).toThrow(/R\.md has no table block for suite "z"; add the lines <!-- bench:z -->/);
  });
});
