import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PROFILING_FLAGS } from '../../src/profile/flags.ts';

// A JS kernel whose rarely taken branch holds arithmetic deoptimizes when the branch
// is first taken (the optimizer had no feedback for it), and the interpreter boxes
// every float until it is optimized again. Over these frames boids allocated 18.6 to
// 31.7 KB a frame that way (three runs); without it, 0.3 to 4.1 KB (JIT timing: sixteen
// runs, four of them beside one busy core and three beside two). docs/jobs.md, "Rare branches hold no arithmetic".
describe('boids steady state', () => {
  it('20,000 boids, frames 1,000 to 1,500 (a rare branch taken near 1,300): under 8 KB a frame', () => {
    const r = spawnSync(process.execPath, [...PROFILING_FLAGS, '--import', 'tsx', '--import', './src/build/register.ts', 'test/scenes/fixtures/boidsSteadyBytes.ts'], { encoding: 'utf8', timeout: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout) as { youngBytesPerFrame: number; gcs: number; alignment: number };
    expect(m.gcs).toBe(0);
    expect(m.alignment).toBeGreaterThan(0.5);
    expect(m.youngBytesPerFrame).toBeLessThan(8000);
  }, 300_000);
});
