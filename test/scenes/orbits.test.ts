import { describe, it, expect } from 'vitest';
import orbits from '../../scenes/orbits/index.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { runSim, type CliIO } from '../../src/cli/runSim.ts';

describe('orbits scene (the guide example)', () => {
  it('moves each body along its circle at its angular speed', () => {
    const rt = createSceneRuntime(orbits, { seed: 4, params: { count: 20, speed: 2 } });
    const { Orbit, Position } = rt.view;
    const a0 = Orbit.angle[1];
    for (let f = 0; f < 60; f++) rt.tick(1 / 60); // 60 fixed steps: one second
    const expected = (a0 + Orbit.speed[1] * 2 * 1) % (Math.PI * 2);
    expect(Orbit.angle[1]).toBeCloseTo(expected, 3);
    expect(Math.hypot(Position.x[1], Position.y[1])).toBeCloseTo(Orbit.radius[1], 4);
  });

  it('runs headless through the runner and reports its stats', async () => {
    const out: string[] = [];
    const io: CliIO = { out: (t) => void out.push(t), err: () => {} };
    expect(await runSim(['orbits', '--frames', '120', '--json', '--param', 'count=50'], io)).toBe(0);
    const doc = JSON.parse(out.join(''));
    expect(doc.stats.bodies).toBe(50);
    expect(doc.stats.simulatedSeconds).toBeCloseTo(2, 6);
  });
});

describe('docs/scenes.md', () => {
  it('quotes the example scene files as they are', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/scenes.md', import.meta.url), 'utf8');
    for (const file of ['scenes/orbits/jobs.ts', 'scenes/orbits/index.ts', 'scenes/orbits/view.ts']) {
      const src = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8').trimEnd();
      expect(doc.includes(src), `${file} is quoted verbatim`).toBe(true);
    }
  });
});
