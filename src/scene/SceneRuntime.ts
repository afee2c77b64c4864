import { PlayerLoop } from '../loop/PlayerLoop.ts';
import { createWorld, type SimWorld } from '../ecs/World.ts';
import { hashWorld } from '../ecs/hashWorld.ts';
import { createLiveQueries } from './liveQueries.ts';
import { Rng } from '../math/Rng.ts';
import { JobScheduler } from '../jobs/JobScheduler.ts';
import type { ThreadHost } from '../jobs/ThreadHost.ts';
import { TaskRunner } from '../tasks/TaskRunner.ts';
import { createJobWaits } from './createJobWaits.ts';
import { isAccessTarget, type AccessTarget } from '../jobs/accessTargets.ts';
import { resolveParams, type ParamSchema, type ParamValues } from './Params.ts';
import type { SceneDefinition, SceneInstance } from './defineScene.ts';

/** Options of {@link createSceneRuntime}. */
export interface SceneRuntimeOptions {
  /** Seed of the scene's RNG (default 1). */
  seed?: number;
  /** Param overrides, checked against the schema (strings are parsed). */
  params?: Readonly<Record<string, unknown>>;
  /** Threads for the scene's jobs (default: none, jobs run inline). */
  host?: ThreadHost;
  /** Time job batches for per-job figures (default false). */
  profileJobs?: boolean;
  /** Record a span per job batch for `runtime.jobs.timeline` (default false; the browser app's strip). */
  jobTimeline?: boolean;
  /** `complete()` gives up after this long without progress (default 10,000 ms; the page uses less, see docs/app.md). */
  stallTimeoutMs?: number;
  /** Whether the main thread runs batches while it waits (default true; the app's `?mainlane=0` test hook turns it off). */
  mainThreadExecutes?: boolean;
}

/** A scene set up and ready to tick. */
export interface SceneRuntime<P extends ParamSchema = ParamSchema, V = unknown> {
  readonly scene: SceneDefinition<P, V>;
  readonly world: SimWorld;
  readonly loop: PlayerLoop;
  readonly params: ParamValues<P>;
  readonly seed: number;
  readonly instance: SceneInstance<V>;
  /** What setup returned as `view` (`undefined` when it returned none). */
  readonly view: V;
  readonly jobs: JobScheduler;
  /** The scene's coroutine runner (also in setup's context as `tasks`); made on first use. */
  readonly tasks: TaskRunner;
  /** Whether the scene has used coroutines (reading `tasks` would make a runner). */
  readonly hasTasks: boolean;
  /** Advance one frame by `dt` seconds. */
  tick(dt: number): void;
  /** Fingerprint of all component arrays. */
  hash(): string;
  /** Tear down: the scene's dispose, cancel its tasks, the loop's hooks, then the job threads (resolves when they are gone). */
  dispose(): Promise<void>;
}

/**
 * Build a world and loop for a scene and run its setup. The world's command
 * buffer is applied at the end of every phase, so structural changes recorded
 * during a phase land before the next one starts.
 *
 * @example
 * const rt = createSceneRuntime(particles, { seed: 7, params: { count: 100 } });
 * for (let i = 0; i < 60; i++) rt.tick(1 / 60);
 * console.log(rt.hash());
 */
export function createSceneRuntime<P extends ParamSchema, V>(
  scene: SceneDefinition<P, V>,
  opts: SceneRuntimeOptions = {},
): SceneRuntime<P, V> {
  const id = scene.id ?? scene.title;
  const params = resolveParams(id, scene.params, opts.params);
  const seed = opts.seed ?? 1;
  const world = createWorld({ name: id, capacity: scene.capacity?.(params) ?? 10_000 });
  const loop = new PlayerLoop();
  // The runner is made on first use, so scenes without coroutines pay nothing per
  // phase. It steps from this hook, before the command buffer is applied, so
  // structural changes coroutines record land at the same phase end.
  let tasks: TaskRunner | null = null;
  const getTasks = (): TaskRunner => {
    if (tasks === null) {
      tasks = new TaskRunner({ time: loop.time });
      tasks.jobs = createJobWaits(jobs); // `yield waitJob(handle)` polls this scene's scheduler
    }
    return tasks;
  };
  const commands = world.commands;
  const removeHook = loop.addHook({
    phaseEnd(p) {
      if (tasks !== null) tasks.runPhase(p);
      if (commands.pending > 0) commands.apply();
    },
    frameEnd() {
      if (tasks !== null) tasks.flushReports();
    },
  });
  const jobs = new JobScheduler({
    world,
    ...(opts.host ? { host: opts.host } : {}),
    profile: opts.profileJobs ?? false,
    timeline: opts.jobTimeline ?? false,
    ...(opts.stallTimeoutMs !== undefined ? { stallTimeoutMs: opts.stallTimeoutMs } : {}),
    ...(opts.mainThreadExecutes !== undefined ? { mainThreadExecutes: opts.mainThreadExecutes } : {}),
  });
  const removeJobsHook = jobs.attach(loop);
  const live = createLiveQueries(world, jobs);
  const ctx = {
    world,
    loop,
    time: loop.time,
    rng: new Rng(seed),
    seed,
    params,
    jobs,
    get tasks() {
      return getTasks();
    },
    query: live.query,
  };
  let instance: SceneInstance<V>;
  try {
    instance = scene.setup(ctx) ?? {};
    syncViewData(jobs, instance.view);
    loop.validate();
  } catch (err) {
    // The scheduler may own threads already: end them, or each failed setup would leak its workers.
    void jobs.dispose();
    throw err;
  }
  return {
    scene,
    world,
    loop,
    params,
    seed,
    instance,
    view: instance.view as V,
    jobs,
    get tasks() {
      return getTasks();
    },
    get hasTasks() {
      return tasks !== null;
    },
    tick: (dt) => loop.tick(dt),
    hash: () => {
      jobs.completeAll();
      return hashWorld(world);
    },
    async dispose() {
      instance.dispose?.();
      tasks?.dispose();
      removeHook();
      removeJobsHook();
      live.dispose();
      await jobs.dispose();
    },
  };
}

/**
 * The view reads what setup bound into its data after every frame: declare each
 * component, snapshot and array among its values as read in the render phase,
 * so jobs writing them complete before the frame is drawn.
 */
function syncViewData(jobs: JobScheduler, view: unknown): void {
  if (typeof view !== 'object' || view === null) return;
  const reads: AccessTarget[] = Object.values(view).filter(isAccessTarget);
  if (reads.length > 0) jobs.sync('render', { reads });
}
