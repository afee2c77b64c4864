import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { transformModule } from '../../../src/build/transformModule.ts';
import { kernelTransform } from '../../../src/build/kernels/KernelTransform.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('kernel build pass', () => {
  it('appends the compiled module and attaches it to the job constants', () => {
    const code = [
      "import { defineJob } from '../src/jobs/defineJob.ts';",
      "import { write, f64 } from '../src/jobs/argDecl.ts';",
      "export const scale = defineJob({ name: 'scale', args: { a: write.f32, k: f64 }, kernel(s, e, { a, k }) { for (let i = s; i < e; i++) a[i] = a[i] * k; } });",
    ].join('\n');
    const out = transformModule(code, '/virtual/scale.ts', { transforms: [kernelTransform({ runtime: '/rt.ts', cacheDir: null })], sourceMaps: false });
    expect(out.warnings).toEqual([]);
    expect(out.code).toContain('import { attachCompiledKernels as __tickflowAttachKernels } from "/rt.ts";');
    expect(out.code).toMatch(/__tickflowAttachKernels\(\{\s*"wasm": "[A-Za-z0-9+/=]+",[^]*\}, \[scale\]\);\s*$/);
  });

  it('in the Node loader (TICKFLOW_KERNELS), runs the scene compiled with the JS hash', () => {
    const run = (kernels: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './src/build/register.ts', 'test/build/fixtures/kernelsMain.ts'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, TICKFLOW_KERNELS: kernels },
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { hash: string; path: string; calls: { wasm: number; js: number } | null };
    };
    const js = run('js');
    const wasm = run('wasm');
    expect(js.path).toBe('js');
    expect(wasm.path).toBe('wasm');
    expect(wasm.calls!.wasm).toBeGreaterThan(0);
    expect(wasm.hash).toBe(js.hash);
  }, 120_000);
});
