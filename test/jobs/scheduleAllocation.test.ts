import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PROFILING_FLAGS } from '../../src/profile/flags.ts';

// The v2 per-schedule path (resources per bound array, live counts, derived
// dependencies, completeFor) measured in a GC-free window in a plain node process.
// Also with TurboFan's inlining off: then nothing rests on escape analysis, so the
// figure does not depend on which calls the JIT chose to inline (a per-frame
// object literal passed to completeFor measured 0 B in most runs and 85 B in some).
describe('scheduling allocates nothing per frame', () => {
  for (const workers of [0, 1]) {
    for (const inlining of [true, false]) {
      it(`schedule + completeFor + complete of a chain through a scratch buffer, a live count, ${workers} workers${inlining ? '' : ', nothing inlined'}: under 1 byte a frame`, () => {
        const flags = [...PROFILING_FLAGS, ...(inlining ? [] : ['--no-turbo-inlining'])];
        const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', 'test/jobs/fixtures/scheduleBytes.ts', String(workers)], { encoding: 'utf8', timeout: 120_000 });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const m = JSON.parse(r.stdout) as { valid: boolean; bytesPerOp: number; gcCount: number; ok: boolean };
        expect(m.ok).toBe(true);
        expect(m.valid).toBe(true);
        expect(m.bytesPerOp).toBeLessThan(1);
      }, 150_000);
    }
  }
});
