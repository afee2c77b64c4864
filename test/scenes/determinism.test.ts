import { describe, it, expect } from 'vitest';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { L } from '../../src/jobs/JobMemory.ts';

/**
 * Every scene's jobs give byte-identical results on 0, 1 and 2 worker threads:
 * parallel-for jobs write disjoint entities, and the shared-write jobs (counting
 * sort, union-find, statistics) run as single jobs. Small sizes keep it fast; the
 * world hash covers every component array, and the stats cover the scenes'
 * scratch buffers (grid, histograms, island counts).
 */
const CASES: { scene: string; params: Record<string, unknown>; frames: number }[] = [
  { scene: 'orbits', params: { count: 3000 }, frames: 40 },
  { scene: 'boids', params: { count: 6000 }, frames: 40 },
  { scene: 'pondernet', params: { agents: 4096 }, frames: 60 },
  { scene: 'glom', params: { stepEvery: 1, islandsEvery: 4 }, frames: 24 },
  { scene: 'predators', params: { prey: 3000, hunters: 40, regrow: 0.5 }, frames: 90 },
];

async function run(scene: string, params: Record<string, unknown>, frames: number, workers: number) {
  const rt = createSceneRuntime(await loadScene(scene), { seed: 9, params, ...(workers ? { host: new NodeThreadHost({ workers }) } : {}) });
  try {
    await rt.jobs.ready();
    for (let f = 0; f < frames; f++) rt.tick(1 / 60);
    let onWorkers = 0;
    for (let l = 1; l <= workers; l++) onWorkers += rt.jobs.memory.lanes[l * L.STRIDE + L.BATCHES]!;
    return { hash: rt.hash(), stats: JSON.stringify(rt.instance.stats!()), onWorkers, jobs: rt.jobs.stats() };
  } finally {
    await rt.dispose();
  }
}

/** Batches that worker lanes ran, over every run with workers (it must not pass vacuously). */
let workerBatches = 0;

describe('scenes on jobs are deterministic across worker counts', () => {
  for (const c of CASES) {
    it(`${c.scene}: same hash and stats with 0, 1 and 2 workers`, async () => {
      const inline = await run(c.scene, c.params, c.frames, 0);
      expect(inline.jobs.length).toBeGreaterThan(0);
      for (const j of inline.jobs) expect(j.jobs, j.name).toBeGreaterThan(0);
      for (const workers of [1, 2]) {
        const r = await run(c.scene, c.params, c.frames, workers);
        expect(r.hash, `${workers} workers`).toBe(inline.hash);
        expect(r.stats, `${workers} workers`).toBe(inline.stats);
        workerBatches += r.onWorkers;
      }
    }, 30_000);
  }

  // Per scene a busy machine may leave a small scene's batches to the main thread;
  // over all of them, the workers surely ran some.
  it('the worker lanes took part', () => {
    expect(workerBatches).toBeGreaterThan(0);
  });
});
