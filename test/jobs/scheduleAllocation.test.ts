import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PROFILING_FLAGS } from '../../src/profile/flags.ts';

// The v2 per-schedule path (resources per bound array, live counts, derived
// dependencies, completeFor) measured in a GC-free window in a plain node process.
describe('scheduling allocates nothing per frame', () => {
  for (const workers of [0, 1]) {
    it(`schedule + completeFor + complete of a chain through a scratch buffer, a live count, ${workers} workers: under 1 byte a frame`, () => {
      const r = spawnSync(process.execPath, [...PROFILING_FLAGS, '--import', 'tsx', 'test/jobs/fixtures/scheduleBytes.ts', String(workers)], { encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const m = JSON.parse(r.stdout) as { valid: boolean; bytesPerOp: number; gcCount: number; ok: boolean };
      expect(m.ok).toBe(true);
      expect(m.valid).toBe(true);
      expect(m.bytesPerOp).toBeLessThan(1);
    }, 150_000);
  }
});
