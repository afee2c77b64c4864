import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

describe('Node loader hook (src/build/register.ts)', () => {
  it('compiles coroutines for the headless runner, with stack traces at original lines', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './src/build/register.ts', 'test/build/fixtures/loaderMain.ts'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { compiled: boolean; stack: string };
    expect(out.compiled).toBe(true);
    expect(out.stack).toMatch(/thrown after 2 frames\n\s+at (thrower\$Machine\.)?step \(.*thrower\.ts:9:\d+\)/);
  });
});

describe('Node loader hook: the user\'s names and positions (issue 12, classes 7, 9 and 11)', () => {
  it('names coroutines as written, marks through re-exports and src/tasks/coroutine.ts, reports original positions', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './src/build/register.ts', 'test/build/fixtures/loaderNames.ts'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toEqual({
      // esbuild renames these functions (patrol2, …); the builder reports the user's names.
      patrol: { name: 'patrol', compiled: true, result: 2 },
      // A fallback: tasks.start passes four arguments to a generator.
      restless: { name: 'restless', compiled: false, result: 4 },
      viaReexport: { name: 'viaReexport', compiled: true, result: 5 },
      // The user's own nextFrame (from userTasks.ts) waits three frames, as written.
      userWait: { name: 'userWait', compiled: true, result: 'waited' },
      frames: 4,
    });
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('tickflow build: warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${join('test', 'build', 'fixtures', 'names.ts')}:13:54: coroutine "restless" is not compiled: a rest parameter.`);
  });
});
