import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/parseBenchArgs.ts';
import { BenchUsageError } from '../../bench/errors.ts';

const SUITES = ['jobs', 'loop'];

describe('bench command line', () => {
  it('reads a suite and the output flags', () => {
    expect(parseBenchArgs(['jobs', '--json', '--svg', 'out', '--html=r.html'], SUITES)).toEqual({ suite: 'jobs', json: true, svg: 'out', html: 'r.html' });
    expect(parseBenchArgs(['loop'], SUITES)).toEqual({ suite: 'loop', json: false });
    expect(parseBenchArgs(['loop', '--from', 'loop.json', '--svg', 'd'], SUITES)).toEqual({ suite: 'loop', json: false, from: 'loop.json', svg: 'd' });
    expect(parseBenchArgs(['loop', '--from', 'loop.json', '--readme', 'README.md'], SUITES)).toEqual({ suite: 'loop', json: false, from: 'loop.json', readme: 'README.md' });
  });

  it.each([
    [['jobs', '--bad'], "Unknown option '--bad'."],
    [['nope'], 'Unknown suite "nope".'],
    [[], 'Name one suite.'],
    [['jobs', 'loop'], 'Name one suite, got jobs, loop.'],
    [['jobs', '--svg'], "Option '--svg <value>' argument missing"],
    [['jobs', '--from='], '--from needs a path.'],
  ])('rejects %j naming what is valid', (argv, what) => {
    let err: unknown;
    try {
      parseBenchArgs(argv, SUITES);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BenchUsageError);
    const msg = (err as Error).message;
    expect(msg).toContain(what);
    expect(msg).toContain('--json');
    expect(msg).toContain('--html FILE');
    expect(msg).toContain('--svg DIR');
    expect(msg).toContain('--from FILE');
    expect(msg).toContain('Suites: jobs, loop.');
  });
});
