import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { workerExecArgv } from '../../src/jobs/NodeThreadHost.ts';
import { runSim, type CliIO } from '../../src/cli/runSim.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { L } from '../../src/jobs/JobMemory.ts';

function io() {
  const out: string[] = [];
  const sink: CliIO = { out: (t) => void out.push(t), err: () => {} };
  return { sink, out: () => out.join('') };
}

describe('particles on jobs', () => {
  it('gives the same hash with 0 and 2 workers, and the workers do part of the work', async () => {
    const scene = await loadScene('particles');
    const hashes: string[] = [];
    for (const workers of [0, 2]) {
      const rt = createSceneRuntime(scene, { seed: 5, params: { count: 100_000 }, ...(workers ? { host: new NodeThreadHost({ workers }) } : {}) });
      await rt.jobs.ready();
      for (let f = 0; f < 120; f++) rt.tick(1 / 60);
      hashes.push(rt.hash());
      const stats = rt.jobs.stats().find((s) => s.name === 'particles.integrate')!;
      expect(stats.jobs).toBeGreaterThanOrEqual(119);
      if (workers) {
        let onWorkers = 0;
        for (let l = 1; l <= workers; l++) onWorkers += rt.jobs.memory.lanes[l * L.STRIDE + L.BATCHES]!;
        expect(onWorkers).toBeGreaterThan(0);
      }
      await rt.dispose();
    }
    expect(hashes[0]).toBe(hashes[1]);
  });

  it('the runner adds per-job rows and keeps the hash across --workers', async () => {
    const a = io();
    const b = io();
    expect(await runSim(['particles', '--frames', '60', '--count=5000', '--json'], a.sink)).toBe(0);
    expect(await runSim(['particles', '--frames', '60', '--count=5000', '--workers', '2', '--json'], b.sink)).toBe(0);
    const da = JSON.parse(a.out());
    const db = JSON.parse(b.out());
    expect(db.hash).toBe(da.hash);
    expect(db.workers).toBe(2);
    expect(db.jobs[0]).toMatchObject({ name: 'particles.integrate', jobs: expect.any(Number), batches: expect.any(Number) });
    expect(db.jobs[0].batches).toBeGreaterThanOrEqual(60);
    const t = io();
    expect(await runSim(['particles', '--frames', '30', '--count=100', '--workers', '1'], t.sink)).toBe(0);
    expect(t.out()).toMatch(/job particles\.integrate +\d+ jobs, \d+ batches, busy n\/a \(--profile-jobs\)/);
    const p = io();
    expect(await runSim(['particles', '--frames', '30', '--count=100', '--workers', '1', '--profile-jobs'], p.sink)).toBe(0);
    expect(p.out()).toMatch(/job particles\.integrate +\d+ jobs, \d+ batches, busy [\d.]+ ms/);
  });

  it('a CLI run with workers, as `npm run sim` starts it, exits on its own, also with --release', () => {
    // The exact node flags of the package's sim script: its `.ts` preloads must not reach workers.
    const sim = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { sim: string } }).scripts.sim.split(/\s+/).slice(1);
    for (const extra of [[], ['--release']]) {
      const r = spawnSync(process.execPath, [...sim, 'particles', '--frames', '60', '--workers', '2', '--json', ...extra], { encoding: 'utf8', timeout: 30_000 });
      expect(r.signal).toBe(null);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).frames).toBe(60);
    }
  });
});

describe('workerExecArgv', () => {
  it('keeps module-loading flags, drops V8 flags and TypeScript preloads', () => {
    expect(
      workerExecArgv(['--expose-gc', '--min-semi-space-size=1024', '--import', 'tsx', '--import', './src/build/register.ts', '--import=./x.mts', '--conditions', 'dev', '--enable-source-maps']),
    ).toEqual(['--import', 'tsx', '--conditions', 'dev', '--enable-source-maps']);
  });
});
