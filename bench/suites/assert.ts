import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineSuite } from '../types.ts';
import { measure } from '../../src/profile/measure.ts';
import { stripAsserts } from '../../src/assert/stripAsserts.ts';
import * as dev from '../fixtures/assertLoops.ts';

type Loop = (a: Float64Array, out: Float64Array) => void;

/** Load a release-stripped copy of the fixture, as a production build would see it. */
async function loadStripped(): Promise<typeof dev> {
  const here = dirname(fileURLToPath(import.meta.url));
  const src = join(here, '..', 'fixtures', 'assertLoops.ts');
  const stripped = stripAsserts(readFileSync(src, 'utf8'), src);
  if (stripped === null || stripped.includes("'value {0}")) throw new Error('assert bench: stripping left the assert in place');
  const outDir = join(here, '..', '.generated');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'assertLoops.release.ts');
  writeFileSync(out, stripped); // bench/.generated/ sits beside bench/fixtures/, so relative imports still resolve
  return (await import(pathToFileURL(out).href)) as typeof dev;
}

/**
 * Passing asserts in a hot loop against the baselines measured in the same run: a
 * bare `if (!cond) throw` and no check at all; plus the release-stripped loop.
 * Rounds are interleaved and the median kept, since these loops run near 1 ns per
 * element and a shared 2-core VM is noisy.
 */
export default defineSuite({
  description: 'assert with 3 numeric args vs bare check vs no check vs stripped (ns per element)',
  goals: {
    assertPassBytes: { text: '0', met: (r) => r.assertPassBytes!.value < 0.01 },
    assertPassNs: { text: '<= 1.5x bareCheckNs', met: (r) => r.assertPassNs!.value <= 1.5 * r.bareCheckNs!.value },
    assertStrippedNs: { text: 'within noise of noCheckNs (<= 1.1x)', met: (r) => r.assertStrippedNs!.value <= 1.1 * r.noCheckNs!.value },
  },
  async run() {
    const rel = await loadStripped();
    const a = new Float64Array(4096);
    for (let i = 0; i < a.length; i++) a[i] = (i * 7919) % 1000;
    const out = new Float64Array(1);
    // Correctness: every variant computes the same sum.
    const sums = [dev.withAssert, dev.withBareCheck, dev.withoutCheck, rel.withAssert].map((f) => {
      out[0] = 0;
      f(a, out);
      return out[0];
    });
    if (new Set(sums).size !== 1) throw new Error(`assert bench: variants disagree: ${sums.join(', ')}`);
    const variants: [string, Loop][] = [
      ['assertPass', dev.withAssert],
      ['bareCheck', dev.withBareCheck],
      ['noCheck', dev.withoutCheck],
      ['assertStripped', rel.withAssert],
    ];
    const ns: Record<string, number[]> = {};
    let passBytes = 0;
    let passNote: string | undefined;
    for (let round = 0; round < 7; round++) {
      for (const [name, f] of variants) {
        const m = await measure(name, () => f(a, out), { iterations: 2_000, warmup: round === 0 ? 2_000 : 200, opsPerCall: a.length });
        (ns[name] ??= []).push(m.nsPerOp);
        if (name === 'assertPass' && round === 6) {
          passBytes = m.bytesPerOp;
          if (!m.valid) passNote = m.note;
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    return {
      assertPassNs: { value: median(ns.assertPass!), unit: 'ns', baseline: 'bareCheckNs' },
      assertPassBytes: { value: passBytes, unit: 'B', ...(passNote ? { note: passNote } : {}) },
      bareCheckNs: { value: median(ns.bareCheck!), unit: 'ns' },
      noCheckNs: { value: median(ns.noCheck!), unit: 'ns' },
      assertStrippedNs: { value: median(ns.assertStripped!), unit: 'ns', baseline: 'noCheckNs' },
      assertVsBareRatio: { value: median(ns.assertPass!) / median(ns.bareCheck!), unit: 'x', baseline: 'bareCheckNs' },
      strippedVsNoCheckRatio: { value: median(ns.assertStripped!) / median(ns.noCheck!), unit: 'x', baseline: 'noCheckNs' },
    };
  },
});
