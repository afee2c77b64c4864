import { describe, it, expect } from 'vitest';
import { callerLocation } from '../../src/env/callerLocation.ts';

const at = (frame: string) => callerLocation(/[\\/]skip\.ts$/, `Error: x\n    at skipped (file:///repo/src/skip.ts:1:1)\n${frame}`);

describe('callerLocation, the one stack parser', () => {
  it('reads every frame shape V8 and other engines print, skipping the asking module', () => {
    expect(at('    at file:///home/u/scenes/a/jobs.ts:10:20')).toEqual({ file: 'file:///home/u/scenes/a/jobs.ts', line: 10, column: 20 });
    expect(at('    at Object.<anonymous> (/home/u/scenes/a/jobs.ts:3:4)')).toEqual({ file: '/home/u/scenes/a/jobs.ts', line: 3, column: 4 });
    expect(at('    at x (C:\\Users\\me\\scenes\\a\\jobs.ts:5:6)')).toEqual({ file: 'C:\\Users\\me\\scenes\\a\\jobs.ts', line: 5, column: 6 });
    expect(at('    at file:///C:/Users/me/scenes/a/jobs.ts:7:8')).toEqual({ file: 'file:///C:/Users/me/scenes/a/jobs.ts', line: 7, column: 8 });
    expect(at('    at http://localhost:5173/scenes/a/jobs.ts?t=123:9:10')).toEqual({ file: 'http://localhost:5173/scenes/a/jobs.ts', line: 9, column: 10 });
    expect(at('step@https://example.test/x/y.js:1:2')).toEqual({ file: 'https://example.test/x/y.js', line: 1, column: 2 });
  });

  it('ignores frames without a file location', () => {
    expect(at('    at node:internal/modules/esm/module_job:213:21\n    at async Promise.all (index 0)\n    at new Promise (<anonymous>)')).toBeUndefined();
  });

  it('finds the real caller of this test', () => {
    const loc = callerLocation(/^$/);
    expect(loc?.file).toMatch(/test[\\/]env[\\/]callerLocation\.test\.ts$/);
    expect(loc!.line).toBeGreaterThan(0);
  });
});
