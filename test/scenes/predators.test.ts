import { describe, it, expect } from 'vitest';
import predators from '../../scenes/predators/index.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { hasComponent } from '../../src/ecs/World.ts';

const DT = 1 / 60;

function start(params: Record<string, unknown> = {}) {
  return createSceneRuntime(predators, { seed: 5, params: { prey: 600, hunters: 12, ...params } });
}

describe('predators scene', () => {
  it('turns caught prey into carcasses and back through world.commands, losing none', async () => {
    const rt = start({ regrow: 1 });
    const { prey, carcasses, Hunter, hunters } = rt.view;
    let sawCarcass = false;
    for (let f = 0; f < 360; f++) {
      rt.tick(DT);
      sawCarcass ||= carcasses.count > 0;
      // Every prey entity is either prey or a carcass, never both.
      expect(prey.count + carcasses.count).toBe(600);
    }
    expect(sawCarcass).toBe(true);
    const Prey = rt.world.components.find((c) => c.componentName === 'Prey')!;
    const Carcass = rt.world.components.find((c) => c.componentName === 'Carcass')!;
    expect(Prey.fields).toHaveLength(0); // a tag
    for (let i = 0; i < carcasses.count; i++) {
      expect(hasComponent(rt.world, carcasses.ids[i], Prey)).toBe(false);
      expect(hasComponent(rt.world, carcasses.ids[i], Carcass)).toBe(true);
    }
    let meals = 0;
    for (let i = 0; i < hunters.count; i++) meals += Hunter.meals[hunters.ids[i]];
    expect(meals).toBeGreaterThan(0);
    expect(rt.instance.stats!().meals).toBe(meals);
    await rt.dispose();
  });

  it('a hunter rests for `digest` seconds after a meal (its coroutine), and does not move meanwhile', async () => {
    const rt = start({ digest: 1 });
    const { Hunter, hunters, Position } = rt.view;
    let e = -1;
    for (let f = 0; f < 600 && e < 0; f++) {
      rt.tick(DT);
      for (let i = 0; i < hunters.count; i++) if (Hunter.resting[hunters.ids[i]] === 1) e = hunters.ids[i];
    }
    expect(e).toBeGreaterThanOrEqual(0);
    const x = Position.x[e];
    const y = Position.y[e];
    let restingFrames = 0;
    while (Hunter.resting[e] === 1 && restingFrames < 600) {
      expect([Position.x[e], Position.y[e]]).toEqual([x, y]);
      rt.tick(DT);
      restingFrames++;
    }
    // Found within its first step of rest, it rests one second: 60 steps, give or take the one it was found in.
    expect(restingFrames).toBeGreaterThanOrEqual(59);
    expect(restingFrames).toBeLessThanOrEqual(61);
    await rt.dispose();
  });

  it('names the prey whose position broke, from the flee kernel', async () => {
    const rt = start();
    rt.tick(DT);
    const { prey, Position } = rt.view;
    const e = prey.ids[3];
    Position.x[e] = NaN;
    expect(() => rt.tick(DT)).toThrow(new RegExp(`predators: prey ${e} has a non-finite position`));
    await rt.dispose();
  });
});
