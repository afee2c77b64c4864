import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { generateProgram, loadProgram, runProgram } from './programs.ts';
import { traceOnRunner } from './runnerHarness.ts';

/** 1,000 per CI run; `TICKFLOW_PROPERTY_RUNS=20000` for a long local run. */
const PROGRAMS = Number(process.env.TICKFLOW_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.TICKFLOW_PROPERTY_SEED ?? 20261126);

describe('async builder: generator and compiled coroutines are equivalent', () => {
  it(
    `${PROGRAMS} generated programs give identical traces, stepped and on the real runner, with throws and cancellation injected`,
    () => {
      let compared = 0;
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2 ** 30 }),
          fc.integer({ min: -1, max: 10 }),
          fc.integer({ min: -1, max: 10 }),
          (seed, throwAt, cancelAt) => {
            const program = generateProgram(seed);
            const asGenerator = loadProgram(program, false);
            const compiled = loadProgram(program, true);
            // Every generated program is inside the compilable language: no fallback allowed.
            expect(compiled.warnings).toEqual([]);
            expect(compiled.main.compiled).toBe(true);
            expect(asGenerator.main.compiled).toBe(false);
            const fail = (how: string, inj: object, a: string[], b: string[]) =>
              new Error(`${how} traces differ for ${JSON.stringify(inj)}\n--- program\n${program.source}\n--- generator\n${a.join('\n')}\n--- compiled\n${b.join('\n')}`);
            // Stepped as the runner steps: a throw or a cancel at any yield.
            for (const inj of [{ throwAt: -1, cancelAt: -1 }, { throwAt, cancelAt }, { throwAt: -1, cancelAt }]) {
              const a = runProgram(asGenerator.main, seed, inj);
              const b = runProgram(compiled.main, seed, inj);
              if (JSON.stringify(a) !== JSON.stringify(b)) throw fail('stepped', inj, a, b);
            }
            // On a PlayerLoop + TaskRunner, per frame: a throw at a wait, a cancel at a frame.
            for (const inj of [{ throwAt: -1, cancelAt: -1 }, { throwAt, cancelAt: cancelAt * 2 }, { throwAt: -1, cancelAt: cancelAt + 1 }]) {
              const spec = { ...inj, seed, frames: 60 };
              const a = traceOnRunner(asGenerator.main, spec);
              const b = traceOnRunner(compiled.main, spec);
              if (JSON.stringify(a) !== JSON.stringify(b)) throw fail('runner', inj, a, b);
            }
            compared++;
          },
        ),
        { numRuns: PROGRAMS, seed: SEED },
      );
      expect(compared).toBe(PROGRAMS);
    },
    PROGRAMS * 200,
  );
});
