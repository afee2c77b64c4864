import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PROFILING_FLAGS } from '../../src/profile/flags.ts';

// A tag swap (remove one tag, add another, apply, refresh two snapshots) in a GC-free
// window in a plain node process. bitecs 0.4.0 as shipped regrows a query's removal set
// on each swap: 13 KB a swap for an entity id near 1000. What is left (about 0.9 KB) is
// bitecs' own closures and rest arrays per add and remove.
describe('structural changes', () => {
  it('a tag swap through the command buffer does not regrow bitecs removal sets (under 1.5 KB a swap)', () => {
    const r = spawnSync(process.execPath, [...PROFILING_FLAGS, '--import', 'tsx', 'test/ecs/fixtures/tagSwapBytes.ts'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout) as { valid: boolean; bytesPerOp: number; ok: boolean };
    expect(m.ok).toBe(true);
    expect(m.valid).toBe(true);
    expect(m.bytesPerOp).toBeLessThan(1500);
  }, 150_000);
});
