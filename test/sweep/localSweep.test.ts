import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweep } from '../../src/sweep/Sweep.ts';
import { runSim, type CliIO } from '../../src/cli/runSim.ts';
import { START_REDIS } from '../../src/sweep/errors.ts';
import type { SweepResult } from '../../src/sweep/SweepResult.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIO = { out: (t) => void out.push(t), err: (t) => void err.push(t), isTTY: false };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

/** The results file's lines that parse (a torn line does not). */
const lines = (path: string) =>
  readFileSync(path, 'utf8').trim().split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as SweepResult];
    } catch {
      return [];
    }
  });
const never = new AbortController().signal;
// Small PonderNet runs: 4 points (2 lambdaP x 2 seeds), few agents, few frames.
const SWEEP = ['pondernet', '--param', 'lambdaP=0.1:0.3:2', '--param', 'w=0', '--param', 'agents=256', '--seeds', '1..2', '--frames', '40', '--concurrency', '2'];

describe('local sweep', () => {
  it('runs every point in runner processes, with the hashes of direct runs, and resumes skipping what --out holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickflow-sweep-'));
    try {
      const out = join(dir, 'results.jsonl');
      const svg = join(dir, 'chart.svg');
      const a = io();
      const code = await runSweep([...SWEEP, '--out', out, '--svg', svg, '--y', 'meanHaltingStep', '--theory', 'priorMeanHaltingStep'], a.sink, never);
      expect(code, a.err()).toBe(0);
      const results = lines(out);
      expect(results.map((r) => r.key).sort()).toEqual(['lambdaP=0.1 w=0 agents=256 seed=1', 'lambdaP=0.1 w=0 agents=256 seed=2', 'lambdaP=0.3 w=0 agents=256 seed=1', 'lambdaP=0.3 w=0 agents=256 seed=2']);
      for (const r of results) {
        const direct = io();
        expect(await runSim(['pondernet', '--frames', '40', '--seed', String(r.seed), '--json', '--param', `lambdaP=${r.params.lambdaP}`, '--param', 'w=0', '--param', 'agents=256'], direct.sink)).toBe(0);
        expect(r.hash).toBe(JSON.parse(direct.out()).hash);
        expect(r.stats.meanHaltingStep).toBeGreaterThan(1);
        expect(r.frameMs!.p50).toBeGreaterThan(0);
      }
      // The table: a row per lambdaP, its seeds pooled; the chart: a dot per lambdaP.
      expect(a.out()).toMatch(/lambdaP=0\.1 w=0 agents=256\s+2\s+0\s/);
      expect(a.err()).toMatch(/sweep 4\/4 100%/);
      expect(readFileSync(svg, 'utf8').match(/<circle/g)).toHaveLength(2);

      // Keep one line, tear the next (a sweep killed mid-write), drop the rest: the rerun runs exactly the three others.
      const [keep, torn] = readFileSync(out, 'utf8').trim().split('\n');
      writeFileSync(out, `${keep}\n${torn!.slice(0, 40)}`);
      const b = io();
      expect(await runSweep([...SWEEP, '--out', out], b.sink, never), b.err()).toBe(0);
      expect(b.err()).toMatch(/1 of 4 points already in/);
      expect(b.err().match(/^sweep \d\/4/gm)).toHaveLength(3);
      const again = lines(out);
      expect(again).toHaveLength(4); // the torn line stays, on a line of its own, and parses as nothing
      expect(new Map(again.map((r) => [r.key, r.hash]))).toEqual(new Map(results.map((r) => [r.key, r.hash])));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('records a failing point with its error and goes on', async () => {
    const s = io();
    const code = await runSweep(['test/cli/fixtures/failing', '--param', 'failAt=0,3', '--frames', '5', '--concurrency', '1'], s.sink, never);
    expect(code).toBe(1);
    expect(s.out()).toMatch(/failAt=0\s+1\s+0/);
    expect(s.out()).toMatch(/failAt=3\s+1\s+1/);
    expect(s.err()).toMatch(/failAt=3 seed=1: error JobAssertionError/);
    expect(s.err()).toMatch(/1 of 2 runs failed/);
  }, 60_000);

  it('rejects a bad param before running anything, naming the valid ones', async () => {
    const s = io();
    expect(await runSweep(['pondernet', '--param', 'lamdaP=0.1:0.2:2'], s.sink, never)).toBe(2);
    expect(s.err()).toMatch(/unknown param "lamdaP". Valid params: agents=/);
  });

  it('names an unreachable Redis and how to start one, exit 2, without hanging', async () => {
    const s = io();
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    expect(await runSweep(['pondernet', '--param', 'lambdaP=0.1', '--queue', 'redis://127.0.0.1:1'], s.sink, never)).toBe(2);
    expect(s.err()).toContain('Cannot reach Redis at redis://127.0.0.1:1');
    expect(s.err()).toContain(START_REDIS);
  }, 30_000);
});
