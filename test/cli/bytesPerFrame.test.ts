import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PROFILING_FLAGS } from '../../src/profile/flags.ts';

/**
 * The runner's bytes/frame is what the frames allocate, nothing subtracted, and a
 * black box agrees: with 1 MB semi-spaces every megabyte allocated is a scavenge,
 * so a run 80,000 frames longer that allocated even 100 B a frame would show
 * about 8 more. The box counts only the scavenges inside the span the runner
 * leaves on the performance timeline around its frames: start-up and the report
 * vary by up to 9 scavenges from run to run (a failed CI run saw 7 more with
 * whole-process counts), the frames by 1. Allocation, not time: the same on any machine.
 */
const RUNNER = ['--import', 'tsx', '--import', './src/build/register.ts'];

function run(flags: string[], frames: number): { doc: { bytesPerFrame: number | null; bytesWindowFrames: number; hash: string }; framesMinor: number } {
  const r = spawnSync(process.execPath, [...flags, ...RUNNER, '--import', './test/cli/fixtures/countGcs.mjs', 'src/cli/main.ts', 'particles', '--frames', String(frames), '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const m = /GCCOUNT minor=\d+ framesMinor=(\d+)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return { doc: JSON.parse(r.stdout), framesMinor: Number(m![1]) };
}

describe('bytes per frame', () => {
  it('particles: the runner measures under 1 B/frame over its window, with no GC in it', () => {
    const { doc } = run(PROFILING_FLAGS as unknown as string[], 8000);
    expect(doc.bytesWindowFrames).toBe(2000);
    expect(doc.bytesPerFrame).not.toBeNull();
    expect(doc.bytesPerFrame!).toBeLessThan(1);
  });

  it('particles: a black-box scavenge count agrees (80,000 more frames, at most 6 more scavenges of 1 MB)', { timeout: 300_000 }, () => {
    const small = ['--expose-gc', '--min-semi-space-size=1', '--max-semi-space-size=1'];
    // The first frames, until the JIT has optimized them, box their floats and vary
    // by a scavenge from run to run: the fewer of two runs of each length.
    const fewer = (frames: number) => {
      const a = run(small, frames);
      const b = run(small, frames);
      return a.framesMinor <= b.framesMinor ? a : b;
    };
    const short = fewer(2_000);
    const long = fewer(82_000);
    expect(long.doc.hash).not.toBe(short.doc.hash);
    // 6 MB over 80,000 frames is 75 B/frame, timed frames' clock reads (32 B each) included;
    // with --profile-jobs (a clock read pair per batch) the same runs differ by about 26.
    expect(long.framesMinor - short.framesMinor).toBeLessThanOrEqual(6);
  });
});
