/**
 * The app's test and debugging surface, kept out of the shell: the
 * `window.__tickflow` handle that e2e tests and the console read, and the URL
 * test hooks (`?fault=`, `?slowstep=`) whose kernels load only when asked for.
 */
import type { SceneRuntime } from '../scene/SceneRuntime.ts';
import { allocateBuffer } from '../ecs/sharedMemory.ts';
import { bindKernelModules, loadKernelModule } from '../jobs/BrowserKernelModules.ts';
import type { BrowserThreadHost, BrowserWorkerStats } from '../jobs/BrowserThreadHost.ts';
import type { ViewRenderer } from '../view/ViewRenderer.ts';
import type { KernelPath } from '../jobs/compiledKernels.ts';
import type { AppUrlState } from './AppUrl.ts';
import type { ErrorPanel } from './ErrorPanel.ts';
import type { StatsPanel, StatsSnapshot } from './StatsPanel.ts';
import type { JobTimelineSource } from './JobTimelineStrip.ts';
import type { TaskTrackerSource } from './TaskTrackerPanel.ts';
import type * as faultJobs from './faultJobs.ts';

/** Services the app draws from once they exist (the job system, the coroutine runtime). */
export interface AppSources {
  jobs?: JobTimelineSource;
  tasks?: TaskTrackerSource;
}

/**
 * What the page exposes as `window.__tickflow` for e2e tests and the console:
 * read-only facts plus a pixel probe. Not an API for scenes.
 */
export interface AppDebugHandle {
  /** True once the first scene has rendered a frame. */
  ready: boolean;
  sceneId: string;
  runtime: SceneRuntime | undefined;
  /** Frames rendered since the current scene loaded. */
  renderedFrames: number;
  /** `crossOriginIsolated` at startup. */
  isolated: boolean;
  /** Component arrays are SharedArrayBuffers. */
  sharedMemory: boolean;
  /** `inline` until a worker thread host is attached. */
  host: 'inline' | 'workers';
  /** Worker threads running jobs (0 on the inline host). */
  workers: number;
  /** Why the app runs jobs inline, or '' when it has workers. */
  inlineReason: string;
  /** The global kernel path (`?kernels=`, default js); each job's own is `runtime.jobs.stats()[i].kernels`. */
  kernels: KernelPath;
  /** The last frame's job spans, copied (lane 0 = main thread). */
  timeline(): { frame: number; lanes: number; spans: { name: string; lane: number; start: number; end: number }[] } | null;
  /** Each worker's own report, asked through comlink (lane, applied epoch, batches, kernels). */
  workerStats(): Promise<BrowserWorkerStats[]>;
  /** Messages of the errors on screen. */
  errors(): string[];
  /** Render now and count non-background pixels. */
  drawnPixels(): { drawn: number; total: number };
  /** three.js's live GPU resources: must not grow across resets and scene changes. */
  resources(): { geometries: number; textures: number; programs: number; sceneObjects: number };
  /** The stats panel's latest averages. */
  stats(): StatsSnapshot;
  /** Point the panels at new sources (see the app's `setSources`). */
  setSources(sources: AppSources): void;
}

/** The parts of the app the handle reads, looked up on every call (they change with each scene). */
export interface DebugSubject {
  sources(): AppSources;
  host(): BrowserThreadHost | undefined;
  readonly errors: ErrorPanel;
  readonly renderer: ViewRenderer;
  readonly stats: StatsPanel;
  setSources(sources: AppSources): void;
}

/**
 * The `window.__tickflow` handle over an app.
 *
 * @example
 * (window as { __tickflow?: AppDebugHandle }).__tickflow = createDebugHandle(subject, facts);
 */
export function createDebugHandle(app: DebugSubject, facts: Pick<AppDebugHandle, 'isolated' | 'sharedMemory' | 'inlineReason' | 'host' | 'workers' | 'kernels'>): AppDebugHandle {
  return {
    ready: false,
    sceneId: '',
    runtime: undefined,
    renderedFrames: 0,
    ...facts,
    timeline: () => {
      const t = app.sources().jobs?.latest();
      return t ? { frame: t.frame, lanes: t.lanes, spans: t.spans.map((x) => ({ name: x.name, lane: x.lane, start: x.start, end: x.end })) } : null;
    },
    workerStats: async () => app.host()?.stats() ?? [],
    errors: () => app.errors.errors.map((e) => `${e.name}: ${e.message}`),
    drawnPixels: () => app.renderer.countDrawnPixels(),
    stats: () => ({ ...app.stats.current }),
    setSources: (s) => app.setSources(s),
    resources: () => {
      const info = app.renderer.renderer.info;
      let sceneObjects = 0;
      app.renderer.scene.traverse(() => sceneObjects++);
      return { geometries: info.memory.geometries, textures: info.memory.textures, programs: info.programs?.length ?? 0, sceneObjects };
    },
  };
}

type FaultJobs = typeof faultJobs;

/**
 * The URL's test hooks for a runtime, or undefined when the URL asks for none:
 * `?fault=kernel|worker` schedules a failing job each frame until it has run
 * once; `?slowstep=MS` adds MS ms of busy jobs to every fixed step, in 2 ms
 * batches. Their kernels are a module of their own, loaded here on demand.
 *
 * @example
 * const install = await loadTestHooks(url); install?.(runtime);
 */
export async function loadTestHooks(url: Pick<AppUrlState, 'fault' | 'slowStep'>): Promise<((runtime: SceneRuntime) => void) | undefined> {
  if (!url.fault && !url.slowStep) return undefined;
  await bindKernelModules('/src/app/');
  const jobs = (await loadKernelModule('/src/app/faultJobs.ts')) as unknown as FaultJobs;
  return (runtime) => {
    if (url.fault) {
      const job = url.fault === 'kernel' ? jobs.kernelFault : jobs.workerFault;
      const args = job.createArgs({ fired: new Uint8Array(allocateBuffer(4)) });
      runtime.loop.addSystem({
        name: job.name,
        run() {
          if (args.fired[0] === 0) runtime.jobs.scheduleParallel(job, 2, 1, args);
        },
      });
    }
    if (url.slowStep) {
      const job = jobs.slowStep;
      const items = Math.max(1, Math.round(url.slowStep / 2));
      const args = job.createArgs({ msEach: url.slowStep / items });
      runtime.loop.addSystem({
        name: job.name,
        phase: 'fixedUpdate',
        run() {
          runtime.jobs.scheduleParallel(job, items, 1, args);
        },
      });
    }
  };
}
