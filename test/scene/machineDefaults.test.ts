import { describe, it, expect } from 'vitest';
import { machineDefaults, resolveParams, type ParamSchema } from '../../src/scene/Params.ts';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';

describe('machineDefaults', () => {
  it('gives boids 10,000 per lane in the browser, up to 100,000; Node keeps the schema default', async () => {
    const boids = await loadScene('boids');
    expect(machineDefaults(boids.params, { lanes: 2 })).toEqual({ count: 20_000 });
    expect(machineDefaults(boids.params, { lanes: 16 })).toEqual({ count: 100_000 });
    expect(resolveParams('boids', boids.params).count).toBe(100_000);
  });

  it('rounds integer params and clamps to the range; params without one are left out', () => {
    const schema: ParamSchema = {
      n: { type: 'number', int: true, default: 5, min: 1, max: 10, machineDefault: ({ lanes }) => lanes * 2.6 },
      x: { type: 'number', default: 1 },
    };
    expect(machineDefaults(schema, { lanes: 2 })).toEqual({ n: 5 });
    expect(machineDefaults(schema, { lanes: 40 })).toEqual({ n: 10 });
  });
});
