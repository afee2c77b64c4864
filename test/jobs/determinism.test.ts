import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { Rng } from '../../src/math/Rng.ts';
import { mix } from './fixtures/kernels.ts';
import { L } from '../../src/jobs/JobMemory.ts';

const N = 200_003; // not a multiple of any batch size below

async function run(workers: number): Promise<string> {
  const jobs = new JobScheduler(workers > 0 ? { host: new NodeThreadHost({ workers }) } : {});
  try {
    const x = new Float32Array(new SharedArrayBuffer(N * 4));
    const y = new Float32Array(new SharedArrayBuffer(N * 4));
    const rng = new Rng(7);
    for (let i = 0; i < N; i++) {
      x[i] = rng.next();
      y[i] = rng.next();
    }
    const args = mix.createArgs({ x, y, t: 0, rounds: 3 });
    jobs.complete(jobs.scheduleParallel(mix, N, 997, args));
    await jobs.ready();
    for (let frame = 1; frame <= 20; frame++) {
      args.t = frame / 60;
      // Two jobs a frame on the same field: auto dependencies order them.
      jobs.scheduleParallel(mix, N, frame % 2 ? 997 : 4096, args);
      jobs.scheduleParallel(mix, N, 1500, args);
      jobs.endFrame();
    }
    let onWorkers = 0;
    for (let l = 1; l <= workers; l++) onWorkers += jobs.memory.lanes[l * L.STRIDE + L.BATCHES]!;
    if (workers > 0) expect(onWorkers).toBeGreaterThan(0); // the workers really took part
    return createHash('sha256').update(new Uint8Array(x.buffer)).digest('hex');
  } finally {
    await jobs.dispose();
  }
}

describe('determinism', () => {
  it('disjoint-write kernels give byte-identical results with 0, 1, 2 and 3 workers', async () => {
    const hashes = [];
    for (const w of [0, 1, 2, 3]) hashes.push(await run(w));
    expect(new Set(hashes).size).toBe(1);
  });
});
