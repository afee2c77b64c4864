import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SCENES_DIR, loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import type { ParamSchema, NumberParam } from '../../src/scene/Params.ts';

/** Most instances a browser test draws: software WebGL manages ~30 fps at 1,000. */
export const MAX_TEST_INSTANCES = 1000;

/** Scenes with a `view.ts`: the ones the browser tests open. */
export function scenesWithViews(): string[] {
  return readdirSync(SCENES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(SCENES_DIR, d.name, 'index.ts')) && existsSync(join(SCENES_DIR, d.name, 'view.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * URL param overrides that keep a scene small enough for software WebGL: per-scene
 * rows win; otherwise every integer param whose name says it counts things
 * (count, agents, boids, particles, n, …) is capped at {@link MAX_TEST_INSTANCES}.
 */
const SMALL: Record<string, Record<string, number>> = {
  particles: { count: 500 },
  // GLOM holds its result after 20 iterations and then schedules no job: a slow page
  // would never show a worker span. Iterating forever keeps jobs flowing, whatever the speed.
  glom: { maxIterations: 0 },
};

const COUNTISH = /^(n|count|num.*|.*count|agents|boids|particles|entities|instances|population)$/i;

/** Most instances in a README screenshot: one frame at ~4 fps is fine, 100,000 at 0.5 fps is not. */
export const MAX_SCREENSHOT_INSTANCES = 10_000;

/** Count-like integer params whose default exceeds `max`, capped at `max` (within the param's range). */
export function capCounts(schema: ParamSchema, max: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, p] of Object.entries(schema)) {
    if (p.type !== 'number' || !p.int || !COUNTISH.test(name) || p.default <= max) continue;
    out[name] = Math.max(p.min ?? 1, Math.min(p.max ?? Infinity, max));
  }
  return out;
}

/** The schema and the test-sized overrides for a scene (per-scene rows win over the cap). */
export async function testSetup(id: string): Promise<{ schema: ParamSchema; small: Record<string, number> }> {
  const scene = await loadScene(id);
  return { schema: scene.params, small: { ...capCounts(scene.params, MAX_TEST_INSTANCES / 2), ...SMALL[id] } };
}
/** A new value for a number param: inside its range and different from `current`. */
export function otherValue(p: NumberParam, current: number): number {
  const lo = p.min ?? current - 10;
  const hi = p.max ?? current + 10;
  let v = p.int ? Math.round((current + lo) / 2) : (current + lo) / 2;
  if (v === current) v = p.int ? Math.min(hi, current + 1) : Math.min(hi, current + (hi - current) / 2);
  return v;
}

/** The URL of a scene at test size. */
export function sceneUrl(base: string, id: string, params: Record<string, number | string>, extra = 'canvas=320x240'): string {
  const q = new URLSearchParams({ scene: id, seed: '7' });
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  return `${base}?${q.toString()}${extra ? `&${extra}` : ''}`;
}
