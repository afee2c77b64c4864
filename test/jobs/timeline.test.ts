import { describe, it, expect, afterEach } from 'vitest';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { testWorld } from './helpers.ts';
import { scaleAdd } from './fixtures/kernels.ts';
import { CTL } from '../../src/jobs/JobMemory.ts';

const N = 4096;

describe('JobScheduler timeline (per-batch spans of the last frame)', () => {
  let jobs: JobScheduler | undefined;
  afterEach(async () => {
    await jobs?.dispose();
    jobs = undefined;
  });

  function frameWith(j: JobScheduler, A: { v: Float32Array }, batches: number) {
    const loop = new PlayerLoop();
    j.attach(loop);
    const a = scaleAdd.createArgs({ a: A.v, k: 1 });
    loop.addSystem({ name: 'producer', phase: 'update', run: () => void j.scheduleParallel(scaleAdd, N, N / batches, a) });
    return loop;
  }

  it('is null before a frame, then lists one span per batch on the main lane (inline host)', () => {
    const { world, A } = testWorld(N + 1);
    jobs = new JobScheduler({ world, timeline: true });
    expect(jobs.timeline.host).toBe('inline');
    expect(jobs.timeline.latest()).toBeNull();
    const loop = frameWith(jobs, A, 8);
    loop.tick(1 / 60);
    const t = jobs.timeline.latest()!;
    expect(t.frame).toBe(0);
    expect(t.lanes).toBe(1);
    expect(t.spans).toHaveLength(8);
    for (const s of t.spans) {
      expect(s.name).toBe('test.scaleAdd');
      expect(s.lane).toBe(0);
      expect(s.end).toBeGreaterThanOrEqual(s.start);
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(t.duration + 1e-6);
    }
    // The next frame reuses the same objects (nothing is kept across frames).
    const first = t.spans[0];
    loop.tick(1 / 60);
    const t2 = jobs.timeline.latest()!;
    expect(t2.frame).toBe(1);
    expect(t2.spans[0]).toBe(first);
  });

  it('records nothing without timeline: true', () => {
    const { world, A } = testWorld(N + 1);
    jobs = new JobScheduler({ world });
    frameWith(jobs, A, 4).tick(1 / 60);
    expect(jobs.timeline.latest()).toBeNull();
  });

  it('puts worker batches on worker lanes, on the main thread clock', async () => {
    const { world, A } = testWorld(N + 1);
    jobs = new JobScheduler({ world, timeline: true, host: new NodeThreadHost({ workers: 1 }) });
    const loop = frameWith(jobs, A, 64);
    loop.tick(1 / 60); // registers the kernel
    await jobs.ready();
    let lanes = new Set<number>();
    for (let i = 0; i < 200 && !lanes.has(1); i++) {
      loop.tick(1 / 60);
      const t = jobs.timeline.latest()!;
      expect(t.lanes).toBe(2);
      expect(t.spans).toHaveLength(64);
      lanes = new Set(t.spans.map((s) => s.lane));
      for (const s of t.spans) expect(s.start).toBeGreaterThan(-1);
    }
    expect(lanes.has(1)).toBe(true);
  });

  it('lists every span of a frame across the wrap of the span counter (an Int32 word)', () => {
    const { world, A } = testWorld(N + 1);
    jobs = new JobScheduler({ world, timeline: true });
    jobs.memory.ctl[CTL.SPAN_HEAD] = 2 ** 31 - 3;
    const loop = frameWith(jobs, A, 8);
    loop.tick(1 / 60);
    expect(jobs.memory.ctl[CTL.SPAN_HEAD]).toBe((2 ** 31 - 3 + 8) | 0);
    const t = jobs.timeline.latest()!;
    expect(t.spans).toHaveLength(8);
    for (const s of t.spans) expect(s.name).toBe('test.scaleAdd');
  });
});
