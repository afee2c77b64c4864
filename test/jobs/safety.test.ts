import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { JobScheduler, NO_JOB } from '../../src/jobs/JobScheduler.ts';
import { JobSafetyError, JobDefinitionError, JobArgsError } from '../../src/jobs/errors.ts';
import { defineJob } from '../../src/jobs/defineJob.ts';
import { f64 } from '../../src/jobs/argDecl.ts';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { scaleAdd, copyPlusOne, doubleInto } from './fixtures/kernels.ts';
import { testWorld } from './helpers.ts';

const N = 1000;

function setup() {
  const w = testWorld(N);
  const jobs = new JobScheduler({ world: w.world });
  return {
    ...w,
    jobs,
    a: scaleAdd.createArgs({ a: w.A.v, k: 2 }),
    b: copyPlusOne.createArgs({ a: w.A.v, b: w.B.v }),
    c: doubleInto.createArgs({ a: w.A.v, c: w.C.v }),
  };
}

describe('job safety (development build)', () => {
  it('refuses two writers of a field with no dependency path, naming both jobs, the field and the fix', () => {
    const { jobs, a } = setup();
    jobs.scheduleParallel(scaleAdd, N, 100, a, NO_JOB);
    let err: unknown;
    try {
      jobs.scheduleParallel(scaleAdd, N, 100, a, NO_JOB);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JobSafetyError);
    const e = err as JobSafetyError;
    expect(e.message).toMatch(/Scheduling job "test.scaleAdd" \(writes A.v\) races with job "test.scaleAdd" \(writes A.v\)/);
    expect(e.message).toMatch(/Fix: pass the handle of "test.scaleAdd" .* as dependsOn, call complete\(\) on it first/);
    expect(e.field).toBe('A.v');
    jobs.completeAll();
  });

  it('refuses a reader of a field an incomplete job writes', () => {
    const { jobs, a, b } = setup();
    jobs.scheduleParallel(scaleAdd, N, 100, a, NO_JOB);
    expect(() => jobs.scheduleParallel(copyPlusOne, N, 100, b, NO_JOB)).toThrow(
      /"test.copyPlusOne" \(reads A.v\) races with job "test.scaleAdd" \(writes A.v\)/,
    );
    jobs.completeAll();
  });

  it('refuses a writer of a field incomplete jobs read', () => {
    const { jobs, a, b, c } = setup();
    jobs.scheduleParallel(copyPlusOne, N, 100, b, NO_JOB);
    jobs.scheduleParallel(doubleInto, N, 100, c, NO_JOB); // two readers are fine
    expect(() => jobs.scheduleParallel(scaleAdd, N, 100, a, NO_JOB)).toThrow(/\(writes A.v\) races with job "test.copyPlusOne" \(reads A.v\)/);
    jobs.completeAll();
  });

  it('accepts the same schedules with a dependency path, or after complete()', () => {
    const { jobs, a, b, c } = setup();
    const h1 = jobs.scheduleParallel(scaleAdd, N, 100, a, NO_JOB);
    const h2 = jobs.scheduleParallel(copyPlusOne, N, 100, b, h1);
    const h3 = jobs.scheduleParallel(doubleInto, N, 100, c, h1);
    // Transitive: both readers depend on h1, the new writer on both readers.
    const h4 = jobs.scheduleParallel(scaleAdd, N, 100, a, jobs.combine(h2, h3));
    jobs.complete(h4);
    const h5 = jobs.scheduleParallel(scaleAdd, N, 100, a, NO_JOB);
    jobs.complete(h5);
    jobs.scheduleParallel(scaleAdd, N, 100, a, NO_JOB);
    jobs.completeAll();
  });

  it('refuses the old string arg types, naming the arg and the declaration to write', () => {
    let err: unknown;
    try {
      defineJob({ name: 'test.old', args: { px: 'f32[]' as never, dt: f64 }, kernel() {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JobDefinitionError);
    expect((err as Error).message).toMatch(/"test.old".*arg "px" is declared as the string 'f32\[\]'\. Declare arrays with their access, read\.f32 or write\.f32/);
    expect(() => defineJob({ name: 'bad', args: { k: 'f64' as never }, kernel() {} })).toThrow(/arg "k" is declared as the string 'f64'.*scalars as f64, i32 or u32/);
    expect(() => defineJob({ name: 'bad', args: { x: { array: true, elem: 'f16', write: false } as never }, kernel() {} })).toThrow(/arg "x" is declared as/);
  });

  it('refuses bad args: a non-number scalar, an unknown name, an unset array, a misspelt assignment', () => {
    const { jobs, A } = setup();
    const scalar = defineJob({ name: 'test.scalar', args: { k: f64 }, kernel() {} });
    expect(() => jobs.schedule(scalar, { k: 'x' as unknown as number })).toThrow(JobArgsError);
    expect(() => scaleAdd.createArgs({ b: A.v } as never)).toThrow(/createArgs got "b", which is not one of its args \(a, k\)/);
    const unset = scaleAdd.createArgs({ k: 1 });
    expect(() => jobs.schedule(scaleAdd, unset)).toThrow(/array arg "a" was never set/);
    expect(() => {
      (unset as unknown as Record<string, number>).kk = 1;
    }).toThrow(TypeError);
  });

  it('reports main-thread access to a field an incomplete job writes', () => {
    const { jobs, a, b, A } = setup();
    jobs.scheduleParallel(scaleAdd, N, 100, a);
    expect(() => jobs.checkAccess(A, 'read', 'hud')).toThrow(JobSafetyError);
    expect(() => jobs.checkAccess(A, 'read', 'hud')).toThrow(
      /Main-thread read of A.v by hud while job "test.scaleAdd" writes it.*Fix: complete the job's handle before touching A.v, or declare the access/,
    );
    jobs.completeAll();
    jobs.checkAccess(A, 'read', 'hud');
    jobs.scheduleParallel(copyPlusOne, N, 100, b);
    jobs.checkAccess(A, 'read', 'hud'); // reading alongside a reader is fine
    expect(() => jobs.checkAccess(A, 'write', 'editor')).toThrow(/Main-thread write of A.v by editor while job "test.copyPlusOne" reads it/);
    jobs.completeAll();
  });

  it('completes conflicting jobs before a system with declared access runs, or throws with onConflict: throw', () => {
    const { jobs, a, A } = setup();
    const loop = new PlayerLoop();
    jobs.attach(loop);
    A.v.fill(1);
    const seen: number[] = [];
    loop.addSystem({ name: 'producer', phase: 'update', run: () => void jobs.scheduleParallel(scaleAdd, N, 100, a) });
    loop.addSystem(jobs.system({ name: 'reader', phase: 'lateUpdate', reads: [A], run: () => void seen.push(A.v[10]) }));
    loop.tick(1 / 60);
    expect(seen).toEqual([2 + 10]);
    const strict = new PlayerLoop();
    jobs.attach(strict);
    strict.addSystem({ name: 'producer', phase: 'update', run: () => void jobs.scheduleParallel(scaleAdd, N, 100, a) });
    strict.addSystem(jobs.system({ name: 'peek', phase: 'update', after: ['producer'], writes: [A.v], onConflict: 'throw', run: () => {} }));
    expect(() => strict.tick(1 / 60)).toThrow(/Main-thread write of A.v by peek while job "test.scaleAdd" writes it/);
    jobs.completeAll();
  });

  it('pays nothing in production: the same race schedules without a check', () => {
    const script = `
      import { JobScheduler, NO_JOB } from './src/jobs/JobScheduler.ts';
      import { DEV } from './src/env/dev.ts';
      import { scaleAdd } from './test/jobs/fixtures/kernels.ts';
      const jobs = new JobScheduler();
      const a = scaleAdd.createArgs({ a: new Float32Array(new SharedArrayBuffer(400)), k: 1 });
      jobs.scheduleParallel(scaleAdd, 100, 10, a, NO_JOB);
      jobs.scheduleParallel(scaleAdd, 100, 10, a, NO_JOB);
      jobs.completeAll();
      console.log('DEV=' + DEV);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('DEV=false');
  });
});
