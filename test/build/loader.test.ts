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
