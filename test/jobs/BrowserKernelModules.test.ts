import { describe, it, expect } from 'vitest';
import { bindKernelModules, bindModuleId, kernelModuleIds, loadKernelModule } from '../../src/jobs/BrowserKernelModules.ts';
import { KernelModuleNotFoundError } from '../../src/jobs/errors.ts';
import { integrate } from '../../scenes/particles/jobs.ts';
import { definePoolTask } from '../../src/jobs/definePoolTask.ts';
import { defineJob } from '../../src/jobs/defineJob.ts';

describe('browser kernel module registry', () => {
  it('is keyed by root-relative source path (the same keys in the page and in workers, dev and build)', () => {
    const ids = kernelModuleIds();
    expect(ids).toContain('/scenes/particles/jobs.ts');
    expect(ids).toContain('/scenes/particles/viewJobs.ts');
    expect(ids).toContain('/src/app/faultJobs.ts');
    for (const id of ids) expect(id).toMatch(/^\/(scenes\/[^/]+\/(jobs|\w+Jobs)\.ts|src\/app\/faultJobs\.ts)$/);
  });

  it("binds a scene's jobs to their registry key: the very objects its index.ts imports", async () => {
    await bindKernelModules('/scenes/particles/');
    expect(integrate.module).toBe('/scenes/particles/jobs.ts');
    const mod = await loadKernelModule('/scenes/particles/jobs.ts');
    expect(mod.integrate).toBe(integrate);
  });

  it('stamps jobs and pool tasks among exports, and ignores everything else', () => {
    const job = defineJob({ name: 't.job', args: {}, kernel() {} });
    const task = definePoolTask({ name: 't.task', run: () => 1 });
    const other = { module: 'keep' };
    bindModuleId('/scenes/x/jobs.ts', { job, task, other, n: 3 });
    expect(job.module).toBe('/scenes/x/jobs.ts');
    expect(task.module).toBe('/scenes/x/jobs.ts');
    expect(other.module).toBe('keep');
  });

  it('names the known modules when an id is missing', async () => {
    await expect(loadKernelModule('/assets/jobs-SEedj_cY.js')).rejects.toThrow(KernelModuleNotFoundError);
    await expect(loadKernelModule('/assets/jobs-SEedj_cY.js')).rejects.toThrow(/No kernel module "\/assets\/jobs-SEedj_cY.js" in this bundle.*known: .*\/scenes\/particles\/jobs.ts/);
  });
});
