import { describe, it, expect, vi, afterEach } from 'vitest';
import { attachCompiledKernels, kernelPathOf, setKernelPath } from '../../src/jobs/compiledKernels.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { defineScene } from '../../src/scene/defineScene.ts';
import { scaleAdd } from './fixtures/kernels.ts';
import { allocateArray } from '../../src/ecs/kernelMemory.ts';

afterEach(() => {
  setKernelPath('js');
  vi.restoreAllMocks();
});

describe('a compiled module that does not instantiate', () => {
  it('leaves its jobs on their JS kernels, with a warning naming the module and the jobs', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const notWasm = btoa('not a wasm module');
    const bundle = { wasm: notWasm, wasmUnshared: notWasm, file: 'scenes/broken/jobs.ts', jobs: [{ name: scaleAdd.name, exportName: 'k0', args: [] }], messages: [], hostImports: [] };
    expect(() => attachCompiledKernels(bundle, [scaleAdd as never])).not.toThrow();
    setKernelPath('wasm');
    expect(kernelPathOf(scaleAdd)).toBe('js');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/compiled kernels of scenes\/broken\/jobs\.ts did not instantiate .*test\.scaleAdd run their JS kernels/);
    // And the job still runs, on its JS kernel.
    const rt = createSceneRuntime(defineScene({ title: 'fallback', params: {}, setup: () => ({}) }));
    const a = allocateArray(Float32Array, 8).fill(1);
    rt.jobs.complete(rt.jobs.scheduleParallel(scaleAdd, 8, 4, scaleAdd.createArgs({ a, k: 3 })));
    expect(Array.from(a)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    return rt.dispose();
  });
});
