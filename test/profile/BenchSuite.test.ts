import { describe, it, expect } from 'vitest';
import { bench, defineBenchSuite, isBenchSuite, runBenchSuite, formatBenchReport } from '../../src/profile/BenchSuite.ts';
import { BenchDefinitionError } from '../../src/profile/errors.ts';

describe('defineBenchSuite', () => {
  it('refuses a suite without cases, with two cases of one name, or a baseline that names none', () => {
    expect(() => defineBenchSuite({ name: 's', baseline: 'a', cases: [] })).toThrow(/"s": it has no cases/);
    expect(() => defineBenchSuite({ name: 's', baseline: 'a', cases: [bench('a', () => 0), bench('a', () => 1)] })).toThrow(/two cases are named "a"/);
    const err = (() => {
      try {
        defineBenchSuite({ name: 's', baseline: 'c', cases: [bench('a', () => 0), bench('b', () => 1)] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BenchDefinitionError);
    expect((err as Error).message).toContain('baseline "c" is not one of its cases (a, b)');
  });

  it('marks what it returns, so the bin can tell a suite from any default export', () => {
    expect(isBenchSuite(defineBenchSuite({ baseline: 'a', cases: [bench('a', () => 0)] }))).toBe(true);
    expect(isBenchSuite({ baseline: 'a', cases: [] })).toBe(false);
    expect(isBenchSuite(null)).toBe(false);
  });
});

describe('runBenchSuite', () => {
  it('measures each case against the baseline: bytes seen, async cases awaited, ratios from ns/op', async () => {
    let keep = new Float64Array(0);
    let awaited = 0;
    const suite = defineBenchSuite({
      name: 'sample',
      baseline: 'typedArray',
      cases: [
        bench('typedArray', () => {
          keep = new Float64Array(16);
        }, { iterations: 20_000, warmup: 1_000 }),
        bench('promise', async () => {
          awaited++;
        }, { iterations: 20_000, warmup: 1_000 }),
      ],
    });
    const r = await runBenchSuite(suite);
    expect(keep.length).toBe(16);
    expect(r.suite).toBe('sample');
    expect(r.baseline).toBe('typedArray');
    const [ta, pr] = r.cases as [(typeof r.cases)[0], (typeof r.cases)[0]];
    expect(ta.async).toBe(false);
    expect(pr.async).toBe(true);
    // The probe call, the warm-up, then whole windows (one more per GC-hit retry): each call ran to its end.
    expect(awaited - 1 - 1_000).toBeGreaterThanOrEqual(20_000);
    expect((awaited - 1 - 1_000) % 20_000).toBe(0);
    expect(ta.valid && pr.valid).toBe(true);
    // 128 bytes of payload plus headers; an async call makes at least its promise.
    expect(ta.bytesPerOp).toBeGreaterThanOrEqual(128);
    expect(pr.bytesPerOp).toBeGreaterThan(16);
    expect(ta.ratio).toBe(1);
    expect(pr.ratio).toBeCloseTo(pr.nsPerOp / ta.nsPerOp, 12);
    const table = formatBenchReport(r);
    expect(table).toMatch(/^sample \(node v/);
    expect(table).toContain('ratio (vs typedArray)');
    expect(table).toMatch(/promise \(async\)\s+[\d.]+\s+[\d.]+\s+0\s+yes\s+[\d.]+/);
  });
});
