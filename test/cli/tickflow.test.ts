import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newScene } from '../../src/cli/newScene.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { COMMANDS } from '../../src/cli/commands.ts';

/** The bin from the sources (node --import tsx). The packed bin is test/pack/outOfRepo.sh's. */
function tickflow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/tickflow.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('tickflow (the bin)', () => {
  it('exits 2 naming the commands for an unknown one, and for none', () => {
    const bad = tickflow('simulate');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`unknown command "simulate". Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    const none = tickflow();
    expect(none.code).toBe(2);
    for (const c of Object.keys(COMMANDS)) expect(none.out).toContain(`tickflow ${c} `);
  });

  it('exits 2 with the command usage for a bad flag or a missing file (bench, new)', () => {
    const flag = tickflow('bench', 'x.bench.ts', '--jsn');
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/Unknown option '--jsn'[\s\S]*Usage: tickflow bench <file.bench.ts> \[--json\]/);
    const missing = tickflow('bench', 'no/such.bench.ts');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no bench file at');
    expect(tickflow('new').code).toBe(2);
  });

  it('exits 2 for dev and build over a folder that is not a scenes folder, or with the other command\'s flags', () => {
    const named = tickflow('dev', 'test');
    expect(named.code).toBe(2);
    expect(named.err).toContain('the scenes folder must be named "scenes" (got "test")');
    const missing = tickflow('build', 'no/such/scenes');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no scenes folder at');
    expect(tickflow('build', 'scenes', '--port', '3000').err).toContain('--port and --host are dev flags.');
    const port = tickflow('dev', 'scenes', '--port', 'http');
    expect(port.code).toBe(2);
    expect(port.err).toContain('--port expects an integer from 1 to 65535, got "http".');
  });

  it('runs a scene by path through runSim: the report, its hash and exit 0', () => {
    const r = tickflow('sim', 'scenes/orbits', '--frames', '5', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { scene: string; frames: number; hash: string };
    expect(report.scene).toBe('orbits');
    expect(report.frames).toBe(5);
    expect(report.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(tickflow('sim', 'scenes/orbits', '--frams', '5').code).toBe(2);
  });
});

describe('newScene (tickflow new)', () => {
  it('writes index.ts, jobs.ts and view.ts importing only the package (and three in the view)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickflow-new-'));
    try {
      const files = newScene(join(dir, 'swarm'));
      expect(readdirSync(join(dir, 'swarm')).sort()).toEqual(['index.ts', 'jobs.ts', 'view.ts']);
      expect(files).toHaveLength(3);
      const specifiers = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!));
      expect(specifiers.filter((s) => !/^(tickflow(\/[a-z]+)?|\.\/(jobs|index)\.ts|three)$/.test(s))).toEqual([]);
      const [index, jobs, view] = files.map((f) => readFileSync(f, 'utf8'));
      expect(index).toContain("name: 'swarm.drift'");
      // Scene API v2: access lives in the arg declarations, the view is typed from the scene.
      expect(jobs).toContain('args: { ids: read.i32, radius: read.f32, angle: write.f32, px: write.f32, py: write.f32, dt: f64 }');
      expect(view).toContain('marksView<ViewOf<typeof definition>>');
      expect(files.map((f) => readFileSync(f, 'utf8').match(/reads:|writes:|'f32\[\]'|jobs\.system\(|instance\.view/g))).toEqual([null, null, null]);
      expect(() => newScene(join(dir, 'swarm'))).toThrow(/already exists/);
      expect(() => newScene(join(dir, 'Swarm'))).toThrow(UsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
