import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { compileKernels } from '../../src/build/kernels/KernelModuleCompiler.ts';
import { attachCompiledKernels, compiledCalls, setKernelPath } from '../../src/jobs/compiledKernels.ts';
import { isJobDef, type JobDef } from '../../src/jobs/defineJob.ts';
import { readModule } from '../build/kernels/harness.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';

/**
 * Exact mode, end to end: every scene's jobs compiled to WebAssembly (as the build
 * does) and run inline over the kernel memory give the same world hash and stats
 * as the JS kernels, and the compiled path really ran.
 */
const CASES: { scene: string; params: Record<string, unknown>; frames: number }[] = [
  { scene: 'particles', params: {}, frames: 30 },
  { scene: 'orbits', params: { count: 3000 }, frames: 30 },
  { scene: 'boids', params: { count: 4000 }, frames: 30 },
  { scene: 'pondernet', params: { agents: 4096 }, frames: 40 },
  { scene: 'glom', params: { stepEvery: 1, islandsEvery: 4 }, frames: 16 },
];

const b64 = (u: Uint8Array | null) => (u ? Buffer.from(u).toString('base64') : null);

async function attach(scene: string): Promise<JobDef[]> {
  const file = fileURLToPath(new URL(`../../scenes/${scene}/jobs.ts`, import.meta.url));
  const out = compileKernels(readFileSync(file, 'utf8'), file, { readModule, unshared: false });
  expect(out.warnings.map((w) => w.message)).toEqual([]);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const defs = Object.values(mod).filter(isJobDef);
  attachCompiledKernels({ ...out, wasm: b64(out.wasm)!, wasmUnshared: b64(out.wasmUnshared), file }, defs);
  return defs;
}

async function run(scene: string, params: Record<string, unknown>, frames: number, workers = 0) {
  const rt = createSceneRuntime(await loadScene(scene), { seed: 9, params, ...(workers ? { host: new NodeThreadHost({ workers }) } : {}) });
  try {
    await rt.jobs.ready();
    for (let f = 0; f < frames; f++) rt.tick(1 / 60);
    return { hash: rt.hash(), stats: JSON.stringify(rt.instance.stats?.() ?? null) };
  } finally {
    await rt.dispose();
  }
}

afterAll(() => setKernelPath('js'));

describe('compiled kernels (exact mode) give every scene its JS hash', () => {
  for (const c of CASES) {
    it(`${c.scene}: same hash and stats with kernels=js and kernels=wasm, inline`, async () => {
      const defs = await attach(c.scene);
      setKernelPath('js');
      const js = await run(c.scene, c.params, c.frames);
      setKernelPath('wasm');
      const before = defs.map((d) => compiledCalls(d)!.wasm);
      const wasm = await run(c.scene, c.params, c.frames);
      setKernelPath('js');
      expect(wasm.hash).toBe(js.hash);
      expect(wasm.stats).toBe(js.stats);
      const ran = defs.reduce((n, d, i) => n + compiledCalls(d)!.wasm - before[i]!, 0);
      expect(ran, 'calls that ran compiled').toBeGreaterThan(0);
    }, 60_000);
  }
});

describe('compiled kernels on worker lanes', () => {
  // Workers get each compiled job's bundle with its registration and the main thread's kernel
  // memory with the control messages, and run the compiled kernels over the same bytes
  // (test/jobs/compiledOnWorkers.test.ts shows a lane really takes the compiled path).
  for (const c of CASES.filter((x) => x.scene !== 'particles')) {
    it(`${c.scene}: kernels=wasm on 2 workers gives the JS hash`, async () => {
      await attach(c.scene);
      setKernelPath('js');
      const js = await run(c.scene, c.params, c.frames);
      setKernelPath('wasm');
      const wasm = await run(c.scene, c.params, c.frames, 2);
      setKernelPath('js');
      expect(wasm.hash).toBe(js.hash);
      expect(wasm.stats).toBe(js.stats);
    }, 120_000);
  }
});
