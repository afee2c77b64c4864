import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runSim, type CliIO } from '../../src/cli/runSim.ts';
import { parseSimArgs, UsageError } from '../../src/cli/parseArgs.ts';

const FAILING = 'test/cli/fixtures/failing';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIO = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

describe('headless runner', () => {
  it('prints exactly one JSON document with the frames run', async () => {
    const s = io();
    const code = await runSim(['particles', '--frames', '300', '--json', '--param', 'count=100'], s.sink);
    expect(code).toBe(0);
    const doc = JSON.parse(s.out());
    expect(doc.frames).toBe(300);
    expect(doc.scene).toBe('particles');
    expect(doc.params.count).toBe(100);
    expect(doc.simulatedSeconds).toBeCloseTo(5, 6);
    expect(doc.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(doc.frameMs.p50).toBeGreaterThan(0);
    expect(doc.frameMs.p99).toBeGreaterThanOrEqual(doc.frameMs.p50);
  });

  it('gives the same hash for the same seed and params', async () => {
    const a = io();
    const b = io();
    const c = io();
    await runSim(['particles', '--frames', '50', '--json', '--seed', '9', '--count=64'], a.sink);
    await runSim(['particles', '--frames', '50', '--json', '--seed', '9', '--param', 'count=64'], b.sink);
    await runSim(['particles', '--frames', '50', '--json', '--seed', '10', '--count=64'], c.sink);
    expect(JSON.parse(a.out()).hash).toBe(JSON.parse(b.out()).hash);
    expect(JSON.parse(a.out()).hash).not.toBe(JSON.parse(c.out()).hash);
  });

  it('prints a readable table without --json', async () => {
    const s = io();
    expect(await runSim(['particles', '--frames', '20', '--count=10'], s.sink)).toBe(0);
    expect(s.out()).toMatch(/frame p95 +\d/);
    expect(s.out()).toMatch(/state hash +[0-9a-f]{8}/);
  });

  const bad: [string, string[], RegExp][] = [
    ['no scene', [], /Name a scene. Available scenes: .*particles/],
    ['unknown scene', ['nope'], /Unknown scene "nope". Available scenes: .*particles/],
    ['unknown flag', ['particles', '--fast'], /Unknown flag "--fast". Valid flags:/],
    ['missing value', ['particles', '--frames'], /--frames needs a value/],
    ['frames not an integer', ['particles', '--frames', 'ten'], /--frames expects an integer from 1/],
    ['frames zero', ['particles', '--frames', '0'], /--frames expects an integer from 1/],
    ['seed negative', ['particles', '--seed', '-3'], /--seed expects an integer from 0/],
    ['workers out of range', ['particles', '--workers', '999'], /--workers expects an integer from 0 to 256/],
    ['bad dt', ['particles', '--dt', '5'], /--dt expects seconds in \(0, 1\]/],
    ['param without =', ['particles', '--param', 'count'], /--param expects name=value/],
    ['unknown param', ['particles', '--param', 'colour=red'], /unknown param "colour". Valid params:/],
    ['param out of range', ['particles', '--count=0'], /param "count" got 0, below the minimum 1/],
    ['param not a number', ['particles', '--speed=fast'], /param "speed" got "fast", which is not a number/],
    ['two scenes', ['particles', 'other'], /Unexpected argument "other"/],
    ['value on a boolean flag', ['particles', '--json=yes'], /--json takes no value/],
  ];
  for (const [what, argv, message] of bad) {
    it(`exits 2 on ${what}`, async () => {
      const s = io();
      expect(await runSim(argv, s.sink)).toBe(2);
      expect(s.err()).toMatch(message);
      expect(s.out()).toBe('');
    });
  }

  it('parses --name=value as a param and keeps defaults', () => {
    const a = parseSimArgs(['particles', '--count=5']);
    expect(a).toMatchObject({ scene: 'particles', frames: 600, seed: 1, workers: 0, json: false, params: { count: '5' } });
    expect(() => parseSimArgs(['--nope'])).toThrow(UsageError);
  });

  it('exits with code 2 as a real process; with --json stdout is one JSON document naming the error', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'nope', '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.error).toMatchObject({ type: 'UnknownSceneError', exitCode: 2 });
    expect(doc.error.message).toMatch(/Unknown scene "nope". Available scenes: .*particles/);
    expect(r.stderr).toMatch(/Unknown scene "nope"/);
    const plain = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'nope'], { encoding: 'utf8' });
    expect(plain.status).toBe(2);
    expect(plain.stdout).toBe('');
  });
});

describe('failures in --json mode print exactly one JSON document', () => {
  it('a bad param: the error and what of the report was known', async () => {
    const s = io();
    expect(await runSim(['particles', '--param', 'count=-5', '--json', '--seed', '3'], s.sink)).toBe(2);
    const doc = JSON.parse(s.out());
    expect(doc.error).toMatchObject({ type: 'ParamError', exitCode: 2 });
    expect(doc.error.message).toMatch(/param "count" got -5, below the minimum 1/);
    expect(doc).toMatchObject({ scene: 'particles', seed: 3, workers: 0, framesRun: 0 });
    expect(s.err()).toMatch(/param "count" got -5/);
  });

  it('a flag error before parsing finished still answers in JSON', async () => {
    const s = io();
    expect(await runSim(['--json', 'particles', '--frames'], s.sink)).toBe(2);
    expect(JSON.parse(s.out()).error).toMatchObject({ type: 'UsageError', message: '--frames needs a value.', exitCode: 2 });
  });

  it('a kernel assert: job, entity, location and the frame it failed in', async () => {
    const s = io();
    // The fixture scene's kernel asserts in frame 7 (frames 1-6 complete).
    expect(await runSim([FAILING, '--json', '--frames', '10', '--param', 'failAt=7'], s.sink)).toBe(1);
    const doc = JSON.parse(s.out());
    expect(doc.error).toMatchObject({ type: 'JobAssertionError', job: 'failing.step', entity: 1, exitCode: 1 });
    expect(doc.error.location).toMatch(/test\/cli\/fixtures\/failing\/jobs\.ts:\d+:\d+$/);
    expect(doc.error.message).toMatch(/entity 1 failed on purpose at frame 7/);
    expect(doc).toMatchObject({ scene: 'failing', framesRun: 6, params: { count: 64, failAt: 7 } });
    expect(await runSim([FAILING, '--json', '--frames', '10'], s.sink)).toBe(0);
  });
});
