import { describe, it, expect } from 'vitest';
import { parseSweepArgs, parseAxis, parseSeeds } from '../../src/sweep/SweepSpec.ts';
import { expandPoints, pointJobId, runnerArgv } from '../../src/sweep/SweepPoint.ts';
import { meanSE, summarize } from '../../src/sweep/SweepSummary.ts';
import { SweepUsageError } from '../../src/sweep/errors.ts';
import type { SweepResult } from '../../src/sweep/SweepResult.ts';

describe('sweep spec', () => {
  it('spaces a range evenly, ends included, and prints round values', () => {
    expect(parseAxis('lambdaP=0.05:0.5:10').values).toEqual(['0.05', '0.1', '0.15', '0.2', '0.25', '0.3', '0.35', '0.4', '0.45', '0.5']);
    expect(parseAxis('w=0,0.5,1').values).toEqual(['0', '0.5', '1']);
    expect(parseAxis('kMax=4')).toEqual({ name: 'kMax', values: ['4'] });
  });

  it('reads seeds as a range or a list', () => {
    expect(parseSeeds('1..8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseSeeds('3,9')).toEqual([3, 9]);
    expect(() => parseSeeds('8..1')).toThrow(/lo <= hi/);
    expect(() => parseSeeds('1,1')).toThrow(/twice/);
  });

  it('rejects bad input naming what is valid', () => {
    expect(() => parseSweepArgs([])).toThrow(/Name a scene/);
    expect(() => parseSweepArgs(['pondernet', '--nope'])).toThrow(SweepUsageError);
    expect(() => parseSweepArgs(['pondernet', '--nope'])).toThrow(/--seeds SPEC/);
    expect(() => parseSweepArgs(['pondernet', '--param', 'lambdaP=1:2'])).toThrow(/lo:hi:count/);
    expect(() => parseSweepArgs(['pondernet', '--frames', '0'])).toThrow(/--frames expects an integer from 1/);
    expect(() => parseSweepArgs(['pondernet', '--param', 'a=1', '--x', 'b'])).toThrow(/swept params: a/);
  });

  it('expands the product of the axes, each with every seed, and names each point once', () => {
    const spec = parseSweepArgs(['pondernet', '--param', 'lambdaP=0.1,0.2', '--param', 'w=0:1:3', '--seeds', '1..2', '--frames', '50']);
    const points = expandPoints(spec);
    expect(points).toHaveLength(12);
    expect(points[0]!.key).toBe('lambdaP=0.1 w=0 seed=1');
    expect(points[11]!.key).toBe('lambdaP=0.2 w=1 seed=2');
    expect(new Set(points.map(pointJobId)).size).toBe(12);
    expect(pointJobId(points[0]!)).toMatch(/^[0-9a-f]{32}$/);
    expect(runnerArgv(points[0]!)).toEqual(['pondernet', '--frames', '50', '--seed', '1', '--json', '--param', 'lambdaP=0.1', '--param', 'w=0']);
  });
});

describe('sweep summary', () => {
  it('pools seeds as mean ± standard error, leaving failed runs out', () => {
    expect(meanSE([1, 2, 3, 4])).toEqual({ mean: 2.5, se: Math.sqrt(5 / 3 / 4), n: 4 });
    expect(meanSE([7]).se).toBeNaN();
    const run = (seed: number, v: number, error = false): SweepResult => ({
      key: `a=1 seed=${seed}`, scene: 's', frames: 1, params: { a: 1 }, seed, hash: error ? null : 'h', stats: error ? {} : { v }, frameMs: null,
      ...(error ? { error: { type: 'AssertionError', message: 'x' } } : {}),
    });
    const [row] = summarize([run(1, 2), run(2, 4), run(3, 0, true)]);
    expect(row).toMatchObject({ label: 'a=1', seeds: 3, errors: 1, stats: { v: { mean: 3, se: 1, n: 2 } } });
  });
});
