import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { runSim, type CliIO } from '../../src/cli/runSim.ts';
import { listSceneIds, loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import type { ParamSchema } from '../../src/scene/Params.ts';

/**
 * Random argument vectors for the runner (seeded): whatever they say, it exits
 * 0, 1 or 2, never hangs, and with --json prints exactly one JSON document.
 * Valid values are kept small (at most 5 frames, counts near their minimum) so a
 * thousand runs stay quick; the invalid ones are what the runner must survive.
 */
const RUNS = 1000;
const SEED = 20261201;
const ids = listSceneIds();
const schemas: Record<string, ParamSchema> = {};
for (const id of ids) schemas[id] = (await loadScene(id)).params;
const paramNames = [...new Set(Object.values(schemas).flatMap((s) => Object.keys(s)))];

const junk = fc.constantFrom('', ' ', 'x', '-1', '0', 'NaN', 'Infinity', '1e400', '0x10', '2.5', '-0', '=', '==', '%', '\u00e9', '--', '1,2');
/** A value in range near a number param's minimum, or its boolean. */
function validValue(schema: ParamSchema, name: string): fc.Arbitrary<string> {
  const p = schema[name]!;
  if (p.type === 'boolean') return fc.constantFrom('true', 'false');
  if (p.type !== 'number') return fc.constant(String(p.default));
  const lo = p.min ?? 0;
  const span = Math.min(4, Math.max(0, (p.max ?? lo + 4) - lo));
  return fc.integer({ min: 0, max: 100 }).map((k) => String(p.int ? lo + Math.round((k / 100) * span) : lo + (k / 100) * span));
}
const flag = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constant('--frames'), fc.oneof(fc.integer({ min: 1, max: 5 }).map(String), junk)) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('--seed'), fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(String), junk)) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('--workers'), fc.oneof({ weight: 1, arbitrary: fc.constant('1') }, { weight: 6, arbitrary: fc.constantFrom('0', '-1', '257', 'two', '') })) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('--dt'), fc.oneof(fc.constantFrom('0.016', '0.5', '1'), junk)) },
  { weight: 4, arbitrary: fc.tuple(fc.constant('--param'), fc.oneof(fc.constantFrom(...paramNames), fc.string({ maxLength: 6 })), fc.oneof(junk, fc.constant('1'))).map(([f, k, v]) => [f, `${k}=${v}`]) },
  { weight: 2, arbitrary: fc.constantFrom(['--json'], ['--help'], ['--profile-jobs'], ['--release'], ['--nope'], ['-x'], ['--json=1'], ['--frames']) },
);

/** An argv: maybe a scene, valid params for it, then random flags, shuffled a little. */
const argv = fc
  .tuple(
    fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: fc.constant('test/cli/fixtures/failing') }),
    fc.boolean(),
    fc.array(flag, { maxLength: 6 }),
    fc.boolean(),
  )
  .chain(([scene, sceneFirst, flags, json]) => {
    const schema = schemas[scene];
    const valid = schema
      ? fc.array(fc.constantFrom(...Object.keys(schema)).chain((k) => validValue(schema, k).map((v) => ['--param', `${k}=${v}`])), { maxLength: 3 })
      : scene.includes('failing')
        ? fc.constantFrom([], [['--param', 'failAt=2']])
        : fc.constant([] as string[][]);
    return valid.map((vs) => {
      // Counts default to thousands of entities; the fuzz is about input, not load.
      const small = schema && 'count' in schema ? [['--param', `count=${schema.count!.type === 'number' ? (schema.count!.min ?? 1) + 1 : 1}`]] : [];
      const rest = [['--frames', '3'], ...small, ...vs, ...flags, ...(json ? [['--json']] : [])].flat();
      return sceneFirst || !scene ? [scene, ...rest].filter((a) => a !== '') : [...rest, scene];
    });
  });

function sink(): { io: CliIO; out: () => string } {
  const out: string[] = [];
  return { io: { out: (t) => void out.push(t), err: () => {} }, out: () => out.join('') };
}

function checkJson(args: readonly string[], code: number, stdout: string): void {
  if (!args.includes('--json')) return;
  // Exactly one document: one line that parses.
  expect(stdout.endsWith('\n'), `stdout for ${JSON.stringify(args)}`).toBe(true);
  expect(stdout.trimEnd().includes('\n')).toBe(false);
  const doc = JSON.parse(stdout);
  if (code === 0) expect(typeof doc.hash === 'string' || typeof doc.usage === 'string').toBe(true);
  else expect(doc.error.exitCode).toBe(code);
}

describe('runner argument fuzz', () => {
  it(`${RUNS} random argument vectors: exit 0, 1 or 2, never a hang, --json always one document`, { timeout: 600_000 }, async () => {
    const codes = [0, 0, 0];
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const s = sink();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hang = new Promise<number>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`runSim hung on ${JSON.stringify(args)}`)), 60_000);
        });
        const code = await Promise.race([runSim(args, s.io), hang]).finally(() => clearTimeout(timer));
        expect([0, 1, 2]).toContain(code);
        codes[code]!++;
        checkJson(args, code, s.out());
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The generator reaches every outcome: successes, bad input, and failures while running.
    expect(codes[0]).toBeGreaterThan(50);
    expect(codes[2]).toBeGreaterThan(300);
    expect(codes[1]).toBeGreaterThan(0);
  });

  it('as real processes: never a signal, exit 0, 1 or 2, one JSON document', () => {
    const samples = fc.sample(argv, { seed: SEED + 1, numRuns: 8 });
    samples.push(['--json', '--frames'], ['particles', '--json', '--frames', '2', '--workers', 'x'], ['test/cli/fixtures/failing', '--json', '--frames', '3', '--param', 'failAt=2']);
    for (const args of samples) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
      expect(r.signal, `${JSON.stringify(args)}: ${r.stderr}`).toBe(null);
      expect([0, 1, 2]).toContain(r.status);
      checkJson(args, r.status!, r.stdout);
    }
  });
});
