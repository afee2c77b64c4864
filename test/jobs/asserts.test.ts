import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { JobScheduler } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { JobAssertionError } from '../../src/jobs/errors.ts';
import { doublePositive, belowLimit } from './fixtures/assertKernels.ts';

const N = 4000;
const sab = (n: number) => new Float32Array(new SharedArrayBuffer(n * 4));
const fixture = readFileSync(new URL('./fixtures/assertKernels.ts', import.meta.url), 'utf8').split('\n');
const lineOf = (marker: string) => fixture.findIndex((l) => l.includes(marker)) + 1;

let open: JobScheduler | null = null;
afterEach(async () => {
  await open?.dispose();
  open = null;
});

function caught(fn: () => void): JobAssertionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof JobAssertionError) return e;
    throw e;
  }
  throw new Error('expected a JobAssertionError');
}

for (const workers of [0, 2]) {
  describe(`kernel asserts with ${workers} workers`, () => {
    it('a failed assertEntity names the job, entity, formatted message and source line', async () => {
      const jobs = (open = new JobScheduler(workers ? { host: new NodeThreadHost({ workers }) } : {}));
      await jobs.ready();
      const a = sab(N).fill(1);
      a[2345] = -3;
      const err = caught(() => jobs.complete(jobs.scheduleParallel(doublePositive, N, 250, doublePositive.createArgs({ a, limit: 9 }))));
      expect(err.job).toBe('test.doublePositive');
      expect(err.entity).toBe(2345);
      expect(err.assertMessage).toBe('value of entity 2345 must be positive, got -3 (limit 9)');
      expect(err.location).toMatch(new RegExp(`assertKernels\\.ts:${lineOf('ASSERT-LINE-ID')}:\\d+$`));
      expect([err.batchStart, err.batchEnd]).toEqual([2250, 2500]);
      expect(err.message).toMatch(/^Assert failed in job "test.doublePositive" at entity 2345: value of entity 2345 must be positive/);
      // The failing batch stopped at the bad entity: values before it were doubled, the bad one untouched.
      expect(a[2344]).toBe(2);
      expect(a[2345]).toBe(-3);
      // Every other batch either finished (all 2s) or was skipped (all 1s): no half-written batch.
      for (let b = 0; b < N / 250; b++) {
        if (b === 9) continue;
        const vals = new Set(Array.from(a.subarray(b * 250, b * 250 + 250)));
        expect(vals.size).toBe(1);
      }
      jobs.endFrame();
      // Recovery: fix the data and run again.
      a.fill(1);
      jobs.complete(jobs.scheduleParallel(doublePositive, N, 250, doublePositive.createArgs({ a, limit: 9 })));
      expect(a[3999]).toBe(2);
      jobs.endFrame();
    });

    it('a string-message assert crosses as text with its location', async () => {
      const jobs = (open = new JobScheduler(workers ? { host: new NodeThreadHost({ workers }) } : {}));
      await jobs.ready();
      const a = sab(N);
      a[17] = 50;
      const err = caught(() => jobs.complete(jobs.scheduleParallel(belowLimit, N, 500, belowLimit.createArgs({ a, limit: 10 }))));
      expect(err.entity).toBe(-1);
      expect(err.assertMessage).toBe('value 50 at index 17 is not below 10');
      expect(err.args).toEqual([50, 17, 10]);
      expect(err.location).toMatch(new RegExp(`assertKernels\\.ts:${lineOf('ASSERT-LINE-STRING')}:\\d+$`));
      jobs.endFrame();
    });
  });
}

it('reports the same error inline and on workers', async () => {
  const run = async (workers: number) => {
    const jobs = new JobScheduler(workers ? { host: new NodeThreadHost({ workers }) } : {});
    await jobs.ready();
    const a = sab(N).fill(1);
    a[999] = 0;
    const e = caught(() => jobs.complete(jobs.scheduleParallel(doublePositive, N, 100, doublePositive.createArgs({ a, limit: 1 }))));
    await jobs.dispose();
    return [e.job, e.entity, e.assertMessage, e.location, e.batchStart, e.batchEnd];
  };
  expect(await run(2)).toEqual(await run(0));
});
