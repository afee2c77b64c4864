import { describe, expect, it, afterEach } from 'vitest';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { allocateArray } from '../../src/ecs/kernelMemory.ts';
import { attachCompiledKernels, setKernelPath } from '../../src/jobs/compiledKernels.ts';
import { compileKernels } from '../../src/build/kernels/KernelModuleCompiler.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPastEnd } from './fixtures/probeKernels.ts';
import type { JobDef } from '../../src/jobs/defineJob.ts';

// What the build does for the fixture module: compile it and attach the kernels (main thread only;
// a worker gets the bundle with the job's registration).
const file = fileURLToPath(new URL('./fixtures/probeKernels.ts', import.meta.url));
const out = compileKernels(readFileSync(file, 'utf8'), file, { unshared: false });
const b64 = (u: Uint8Array | null) => (u ? Buffer.from(u).toString('base64') : null);
attachCompiledKernels({ ...out, wasm: b64(out.wasm)!, wasmUnshared: null, file }, [readPastEnd as unknown as JobDef]);

let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
  setKernelPath('js');
});

async function runOnWorker(): Promise<{ err: unknown; out: Float32Array }> {
  const jobs = (open = new JobScheduler({ host: new NodeThreadHost({ workers: 1 }), mainThreadExecutes: false }));
  const a = allocateArray(Float32Array, 64);
  const out = allocateArray(Float32Array, 64);
  await jobs.ready();
  let err: unknown = null;
  try {
    jobs.complete(jobs.scheduleParallel(readPastEnd, 64, 64, readPastEnd.createArgs({ a, out })));
  } catch (e) {
    err = e;
  }
  return { err, out };
}

describe('compiled kernels on a worker lane', () => {
  it('kernels=js: the worker runs the JS kernel (the read past the end gives NaN)', async () => {
    const r = await runOnWorker();
    expect(r.err).toBeNull();
    expect(Number.isNaN(r.out[0])).toBe(true);
  }, 60_000);

  it('kernels=wasm: the worker runs the compiled kernel over the main thread memory (the read past the end throws)', async () => {
    setKernelPath('wasm');
    const r = await runOnWorker();
    expect(String(r.err)).toMatch(/read outside a typed array/);
  }, 60_000);
});
