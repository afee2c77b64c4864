import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Rng } from '../../src/math/Rng.ts';

/**
 * Soak: boids on 2 workers for 3,000 frames, with a worker killed in 10 frames
 * drawn from a fixed seed. The kill is created, not hoped for: in a kill frame a
 * test system schedules the `die` job, whose first worker batch exits its thread
 * (the main thread's batch waits for a worker to claim one). Each kill must
 * surface as a JobWorkerLostError naming the job and batch, the run goes on, the
 * pool is back to 2 live threads and the process's OS thread count is back to
 * its level (no leaked threads), and memory after a full GC stays flat.
 */
const FRAMES = 3000;
const KILLS = 10;

describe('fault soak', () => {
  it(`boids on 2 workers, ${FRAMES} frames, a worker killed in ${KILLS} seeded frames: each surfaces, nothing leaks`, () => {
    const rng = new Rng(20261201);
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(100 + rng.int(FRAMES - 100));
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/jobs/fixtures/faultSoak.ts', String(FRAMES), ...[...killAt].map(String)], {
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      liveAtStart: number;
      osThreadsAtStart: number;
      kills: { frame: number; error: string; job?: string; batch?: [number, number]; lane?: number; live: number; osThreads: number; rss: number }[];
      unexpected: unknown[];
      framesRun: number;
      rssEnd: number;
    };
    expect(out.unexpected).toEqual([]);
    expect(out.framesRun).toBe(FRAMES);
    expect(out.liveAtStart).toBe(2);
    expect(out.kills.map((k) => k.frame)).toEqual([...killAt].sort((a, b) => a - b));
    for (const k of out.kills) {
      expect(k.error).toBe('JobWorkerLostError');
      expect(k.job).toBe('test.die');
      expect(k.batch![1] - k.batch![0]).toBe(1);
      expect([1, 2]).toContain(k.lane);
      expect(k.live).toBe(2);
      expect(k.osThreads).toBe(out.osThreadsAtStart);
    }
    expect(out.rssEnd / out.kills[0]!.rss).toBeLessThan(1.1);
  }, 300_000);
});
