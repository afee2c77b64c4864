/**
 * The files `tickflow new <name>` writes: a scene that runs at once (headless and
 * in the app) and shows each piece once: params, components, a job over a query
 * snapshot, stats and a typed view said as data (`marksView`; what it holds is
 * declared read at render, so no sync system). Everything imports the package's
 * subpaths (`tickflow/*`).
 *
 * @example
 * sceneTemplate('swarm')['index.ts'] // "import { defineScene … } from 'tickflow';…"
 */
export function sceneTemplate(id: string): Record<'index.ts' | 'jobs.ts' | 'view.ts', string> {
  return {
    'index.ts': `import { defineScene, defineComponent, spawn } from 'tickflow';
import { drift } from './jobs.ts';

/** ${id}: bodies drifting on circles. Run it: npx tickflow sim ./${id} --workers 1 */
export default defineScene({
  title: '${id}',
  description: 'Bodies drifting on circles (made by tickflow new).',
  params: {
    count: { type: 'number', int: true, default: 1000, min: 1, max: 100_000, description: 'Number of bodies' },
    speed: { type: 'number', default: 1, min: 0, max: 10, live: true, description: 'Angular speed' },
  },
  capacity: (p) => p.count,
  setup({ world, loop, rng, params, jobs, query }) {
    const Orbit = defineComponent(world, 'Orbit', { radius: 'f32', angle: 'f32' });
    const Position = defineComponent(world, 'Position', { x: 'f32', y: 'f32' });
    // Only the seeded rng: a seed fixes the run, and its hash.
    for (let i = 0; i < params.count; i++) {
      const e = spawn(world, Orbit, Position);
      Orbit.radius[e] = rng.range(1, 10);
      Orbit.angle[e] = rng.range(0, Math.PI * 2);
    }
    const bodies = query([Orbit, Position]);
    // Made once, updated in place: scheduling allocates nothing. The arrays bound
    // here are what the scheduler derives the job's dependencies from.
    const args = drift.createArgs({ ids: bodies.ids, radius: Orbit.radius, angle: Orbit.angle, px: Position.x, py: Position.y });
    loop.addSystem({
      name: '${id}.drift',
      phase: 'fixedUpdate',
      run(time) {
        args.dt = time.deltaTime * params.speed;
        jobs.scheduleParallel(drift, bodies, 256, args);
      },
    });
    // What the view holds (Position, bodies) is read at render: the jobs writing it complete first.
    return {
      view: { Position, bodies },
      stats: () => ({ bodies: bodies.count }),
    };
  },
});
`,
    'jobs.ts': `import { defineJob, read, write, f64 } from 'tickflow/jobs';
import { assertEntity, defineMessage } from 'tickflow/assert';

// At top level, so every thread that loads this module knows it under the same id.
const NOT_FINITE = defineMessage('${id}: body {e} has a non-finite angle {0}');

/** Advance each body along its circle; bodies are independent, so batches split freely. */
export const drift = defineJob({
  name: '${id}.drift',
  args: { ids: read.i32, radius: read.f32, angle: write.f32, px: write.f32, py: write.f32, dt: f64 },
  kernel(start, end, { ids, radius, angle, px, py, dt }) {
    for (let i = start; i < end; i++) {
      const e = ids[i];
      const a = (angle[e] + dt / Math.sqrt(radius[e])) % (Math.PI * 2);
      assertEntity(e, Number.isFinite(a), NOT_FINITE, a);
      angle[e] = a;
      px[e] = radius[e] * Math.cos(a);
      py[e] = radius[e] * Math.sin(a);
    }
  },
});
`,
    'view.ts': `import { marksView } from 'tickflow/view';
import type { ViewOf } from 'tickflow';
import type definition from './index.ts';

/** The bodies seen from above, one square each (one point each above a few thousand). */
export default marksView<ViewOf<typeof definition>>(({ Position, bodies }) => ({
  x: Position.x,
  y: Position.y,
  size: 22,
  origin: [-11, -11], // the orbits' radii are at most 10
  layers: [{ of: bodies, scale: 0.3, color: [0.44, 0.82, 1] }],
}));
`,
  };
}
