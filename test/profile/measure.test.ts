import { describe, it, expect } from 'vitest';
import { measure } from '../../src/profile/measure.ts';
import { settledBytes } from '../helpers/settledBytes.ts';
import { spawnSync } from 'node:child_process';
import { profilingFlagsPresent, PROFILING_FLAGS } from '../../src/profile/flags.ts';

// vitest.config.ts runs test workers with --expose-gc and a 256 MB young generation.
describe('measure', () => {
  it('runs with the profiling flags in this test pool', () => {
    expect(profilingFlagsPresent()).toBe(true);
  });

  it('sees allocation: 50,000 calls that each keep a 16-double typed array', async () => {
    let keep = new Float64Array(0);
    const m = await measure('alloc', () => {
      keep = new Float64Array(16);
    }, { iterations: 50_000, warmup: 1_000 });
    expect(keep.length).toBe(16);
    expect(m.valid).toBe(true);
    expect(m.gcCount).toBe(0);
    // 128 bytes of payload plus the object and its buffer header.
    expect(m.bytesPerOp).toBeGreaterThanOrEqual(128);
    expect(m.bytesPerOp).toBeLessThan(1024);
  });

  it('reports a window in which the JIT compiled code as not usable, naming the compile', async () => {
    // Each call is a new function whose long loop the JIT compiles while it runs: its
    // code and tables are heap bytes the measured code did not allocate as garbage.
    let sum = 0;
    const m = await measure('compiles', () => {
      sum += (new Function('let s = 0; for (let i = 0; i < 2e6; i++) s += i & 7; return s;') as () => number)();
    }, { iterations: 1, warmup: 0, attempts: 2 });
    expect(sum).toBe(2 * 7e6);
    expect(m.codeBytes).toBeGreaterThan(0);
    expect(m.valid).toBe(false);
    expect(m.note).toMatch(/^the JIT compiled \d+ B of code in the window after 2 attempt\(s\)/);
  });

  it('sees no allocation in a loop over typed arrays', async () => {
    const a = new Float64Array(1024);
    // Until the JIT optimizes the loop, the interpreter boxes each float it computes.
    const bytes = await settledBytes(() => {
      for (let i = 0; i < a.length; i++) a[i] = a[i]! * 0.5 + 1;
    }, { iterations: 2_000, warmup: 2_000 });
    expect(bytes).toBeLessThan(1);
  });

  it('measures a steady-state particles frame at under 1 byte', () => {
    // The frame schedules and completes a parallel-for job; measured in a plain node
    // process (see the fixture for why not inside vitest's transformed modules).
    const r = spawnSync(process.execPath, [...PROFILING_FLAGS, '--import', 'tsx', 'test/profile/fixtures/particlesFrameBytes.ts'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout) as { valid: boolean; bytesPerOp: number };
    expect(m.valid).toBe(true);
    expect(m.bytesPerOp).toBeLessThan(1);
  });
});
