import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { generateProgram, loadProgram, runProgram } from './programs.ts';

const PROGRAMS = 1000;

describe('async builder: generator and compiled coroutines are equivalent', () => {
  it(`${PROGRAMS} generated programs give identical traces, with throws and cancellation injected at random steps`, () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: -1, max: 10 }),
        fc.integer({ min: -1, max: 10 }),
        (seed, throwAt, cancelAt) => {
          const source = generateProgram(seed);
          const asGenerator = loadProgram(source, false);
          const compiled = loadProgram(source, true);
          // Every generated program is inside the compilable language: no fallback allowed.
          expect(compiled.warnings).toEqual([]);
          expect(compiled.main.compiled).toBe(true);
          expect(asGenerator.main.compiled).toBe(false);
          for (const inj of [{ throwAt: -1, cancelAt: -1 }, { throwAt, cancelAt }, { throwAt: -1, cancelAt }]) {
            const a = runProgram(asGenerator.main, seed, inj);
            const b = runProgram(compiled.main, seed, inj);
            if (JSON.stringify(a) !== JSON.stringify(b)) {
              throw new Error(`traces differ for ${JSON.stringify(inj)}\n--- program\n${source}\n--- generator\n${a.join('\n')}\n--- compiled\n${b.join('\n')}`);
            }
          }
          compared++;
        },
      ),
      { numRuns: PROGRAMS, seed: Number(process.env.TICKFLOW_PROPERTY_SEED ?? 20261126) },
    );
    expect(compared).toBe(PROGRAMS);
  });
});
