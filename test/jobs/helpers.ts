import { JobScheduler, type JobSchedulerOptions } from '../../src/jobs/JobScheduler.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';
import { createWorld, defineComponent } from '../../src/ecs/World.ts';

/** A world with components A..D, each one f32 field `v`, of `n` slots. */
export function testWorld(n: number) {
  const world = createWorld({ name: 'jobs-test', capacity: n - 1 });
  return {
    world,
    A: defineComponent(world, 'A', { v: 'f32' }),
    B: defineComponent(world, 'B', { v: 'f32' }),
    C: defineComponent(world, 'C', { v: 'f32' }),
    D: defineComponent(world, 'D', { v: 'f32' }),
  };
}

/** A scheduler with `workers` threads (0 = inline), ready to use. */
export async function scheduler(workers: number, opts: JobSchedulerOptions = {}): Promise<JobScheduler> {
  const jobs = new JobScheduler({ ...(workers > 0 ? { host: new NodeThreadHost({ workers }) } : {}), ...opts });
  return jobs;
}
