import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultsFile } from '../../src/sweep/ResultsFile.ts';
import type { SweepResult } from '../../src/sweep/SweepResult.ts';

const line = (key: string, extra: Partial<SweepResult> = {}): SweepResult => ({ key, scene: 's', frames: 10, params: {}, seed: 1, hash: 'aaaaaaaa', stats: {}, frameMs: null, ...extra });

describe('results file', () => {
  it('skips on resume what ran, deterministic failures included, but not a crashed runner, a torn line or another sweep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickflow-results-'));
    try {
      const path = join(dir, 'r.jsonl');
      const rows = [
        line('ok'),
        line('assert', { hash: null, error: { type: 'JobAssertionError', message: 'x' } }),
        line('crashed', { hash: null, error: { type: 'RunnerCrashError', message: 'signal SIGKILL' } }),
        line('other-frames', { frames: 20 }),
        line('crashed-then-ok', { hash: null, error: { type: 'RunnerCrashError', message: 'x' } }),
        line('crashed-then-ok'),
      ];
      writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n' + JSON.stringify(line('torn')).slice(0, 20));
      const file = new ResultsFile(path);
      expect([...file.read('s', 10).keys()].sort()).toEqual(['assert', 'crashed-then-ok', 'ok']);
      // The next line starts on a line of its own, after the torn one.
      file.append(line('torn'));
      expect([...file.read('s', 10).keys()]).toContain('torn');
      expect(readFileSync(path, 'utf8').endsWith(`\n${JSON.stringify(line('torn'))}\n`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
