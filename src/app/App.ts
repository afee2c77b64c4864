import { createSceneRuntime, type SceneRuntime } from '../scene/SceneRuntime.ts';
import type { SceneDefinition } from '../scene/defineScene.ts';
import { machineDefaults } from '../scene/Params.ts';
import { runWithAnimationFrames, type DriverHandle } from '../loop/drivers.ts';
import { hasSharedArrayBuffer } from '../ecs/sharedMemory.ts';
import { BrowserThreadHost } from '../jobs/BrowserThreadHost.ts';
import { globalKernelPath, setKernelPath } from '../jobs/compiledKernels.ts';
import { ViewRenderer } from '../view/ViewRenderer.ts';
import type { SceneView, ViewFactory } from '../view/SceneView.ts';
import type { BrowserSceneRegistry } from './BrowserSceneRegistry.ts';
import { formatAppUrl, MAX_APP_WORKERS, type AppUrlState } from './AppUrl.ts';
import { ControlPanel } from './ControlPanel.ts';
import { StatsPanel, type FrameFigures } from './StatsPanel.ts';
import { JobTimelineStrip, jobMilliseconds } from './JobTimelineStrip.ts';
import { TaskTrackerPanel } from './TaskTrackerPanel.ts';
import { ErrorPanel, type ErrorOrigin } from './ErrorPanel.ts';
import { createAppLayout } from './AppLayout.ts';
import { bindAppKeys } from './AppKeys.ts';
import { createDebugHandle, loadTestHooks, type AppDebugHandle, type AppSources } from './AppDebug.ts';

export type { AppDebugHandle, AppSources } from './AppDebug.ts';

/**
 * The browser shell, as a scene host: owns the renderer, the panels and the
 * animation-frame driver, and swaps scenes in and out (the page's layout, its
 * keys and its test surface live in AppLayout, AppKeys and AppDebug). A scene change stops the driver, disposes
 * the view (geometries, materials, textures) and the runtime, then builds the
 * next one; the renderer and its WebGL context live as long as the page.
 *
 * @example
 * const app = new App(document.getElementById('app')!, registry, parseAppUrl(location.search));
 * await app.start();
 */
export class App {
  readonly debug: AppDebugHandle;
  private readonly root: HTMLElement;
  private readonly registry: BrowserSceneRegistry;
  private readonly url: AppUrlState;
  private readonly renderer: ViewRenderer;
  private readonly panel: ControlPanel;
  private readonly stats: StatsPanel;
  private readonly timeline: JobTimelineStrip;
  private readonly tracker: TaskTrackerPanel;
  private readonly errors: ErrorPanel;
  private readonly status: HTMLElement;
  private sources: AppSources;
  private runtime: SceneRuntime | undefined;
  private view: SceneView | undefined;
  private driver: DriverHandle | undefined;
  private loadedScene: SceneDefinition | undefined;
  private loadedView: ViewFactory | undefined;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every load, so a slow import that lost the race does not win. */
  private generation = 0;
  private readonly unbindKeys: () => void;
  /** Worker threads each runtime gets (0: the inline host). */
  private readonly workerCount: number;
  private host: BrowserThreadHost | undefined;
  /** Runtimes being disposed: the next one starts only when their threads are gone. */
  private disposing: Promise<void> = Promise.resolve();

  constructor(root: HTMLElement, registry: BrowserSceneRegistry, url: AppUrlState, sources: AppSources = {}) {
    this.root = root;
    this.registry = registry;
    this.url = url;
    this.sources = sources;
    const { canvas, hud, status } = createAppLayout(root, url);
    this.status = status;
    this.stats = new StatsPanel(hud);
    this.timeline = new JobTimelineStrip(hud);
    this.tracker = new TaskTrackerPanel(root);
    this.errors = new ErrorPanel(root, { onReset: () => void this.reset() });
    this.renderer = new ViewRenderer(canvas, url.canvas ? { size: url.canvas, maxPixelRatio: 1 } : {});
    this.panel = new ControlPanel({
      selectScene: (id) => void this.load(id, this.panel.state.seed, {}),
      setPaused: (p) => this.setPaused(p),
      step: () => this.step(),
      setTimeScale: (s) => {
        if (this.runtime) this.runtime.loop.time.timeScale = s;
      },
      reset: () => void this.reset(),
      setLiveParam: (name, value) => {
        if (this.runtime) (this.runtime.params as Record<string, unknown>)[name] = value;
        this.syncUrlSoon();
      },
    });
    this.panel.state.paused = url.paused;
    this.panel.state.timeScale = url.timeScale;
    this.panel.gui.controllersRecursive().forEach((c) => c.updateDisplay());
    // Before any scene loads: a job's path is fixed on workers when it is first scheduled.
    if (url.kernels) setKernelPath(url.kernels);
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    // Workers need SharedArrayBuffer, so cross-origin isolation; without it everything runs inline.
    const wanted = url.workers ?? defaultWorkerCount();
    this.workerCount = isolated && hasSharedArrayBuffer ? wanted : 0;
    const inlineReason = this.workerCount > 0 ? '' : !isolated || !hasSharedArrayBuffer ? 'not cross-origin isolated' : 'workers=0 in the URL';
    this.debug = createDebugHandle(
      {
        sources: () => this.sources,
        host: () => this.host,
        errors: this.errors,
        renderer: this.renderer,
        stats: this.stats,
        setSources: (src) => this.setSources(src),
      },
      { isolated, sharedMemory: hasSharedArrayBuffer, inlineReason, host: sources.jobs?.host ?? 'inline', workers: sources.jobs?.workerCount ?? 0, kernels: globalKernelPath() },
    );
    this.showStatus();
    this.unbindKeys = bindAppKeys({
      togglePause: () => this.setPaused(!this.panel.state.paused),
      step: () => this.step(),
      reset: () => void this.reset(),
      toggleOverlays: () => {
        // Hide the overlays (not the error panel) for an unobstructed view or a clean capture.
        const hidden = this.root.classList.toggle('tf-hud-hidden');
        this.panel.gui.show(!hidden);
      },
    });
    // Errors that escape the loop (async code, promise chains in scenes) still reach the panel.
    window.addEventListener('error', (e) => this.errors.report(e.error ?? e.message));
    window.addEventListener('unhandledrejection', (e) => this.errors.report(e.reason));
  }

  /** Load the scene the URL names (or the first one). */
  async start(): Promise<void> {
    const scenes = this.registry.list();
    // Without ?scene=, the first scene that has something to show (a first look at an empty page teaches nothing).
    const id = this.url.scene ?? (scenes.find((s) => s.hasView) ?? scenes[0])?.id;
    if (!id) {
      this.errors.report(new Error('No scenes found: add a folder scenes/<id>/ with an index.ts.'), 'app');
      return;
    }
    await this.load(id, this.url.seed, this.url.params);
  }

  /** Rebuild the current scene with the panel's seed and param values. */
  reset(): Promise<void> {
    if (!this.loadedScene) return Promise.resolve();
    this.errors.clear();
    return this.instantiate(this.loadedScene, this.loadedView, this.panel.state.seed, this.panel.paramValues());
  }

  /** Pause or resume simulation time (rendering and orbiting go on). */
  setPaused(paused: boolean): void {
    this.panel.setPaused(paused);
    const time = this.runtime?.loop.time;
    if (time) {
      if (paused) time.pause();
      else time.resume();
    }
    this.showStatus();
  }

  /** Advance exactly one fixed step, pausing first if running (Unity's step button). */
  step(): void {
    if (!this.panel.state.paused) this.setPaused(true);
    this.runtime?.loop.time.step();
  }

  /**
   * Point the timeline strip, the job stats and the task tracker at new sources
   * (a scene's job scheduler and coroutine runner, created with its runtime).
   * Takes effect on the next frame.
   */
  setSources(sources: AppSources): void {
    this.sources = sources;
    this.debug.host = sources.jobs?.host ?? 'inline';
    this.debug.workers = sources.jobs?.workerCount ?? 0;
    this.showStatus();
  }

  /** Show an error in the on-screen panel (and the console). */
  report(err: unknown, origin?: ErrorOrigin): void {
    this.errors.report(err, origin);
  }

  /** Stop the driver and release the scene, the view, the worker threads and the renderer. */
  async dispose(): Promise<void> {
    this.unbindKeys();
    await this.teardown();
    this.panel.dispose();
    this.renderer.dispose();
  }

  private async load(id: string, seed: number, params: Readonly<Record<string, unknown>>): Promise<void> {
    const gen = ++this.generation;
    await this.teardown();
    if (gen !== this.generation) return;
    this.errors.clear();
    let loaded;
    try {
      loaded = await this.registry.load(id);
    } catch (err) {
      if (gen === this.generation) this.errors.report(err, 'scene');
      return;
    }
    if (gen !== this.generation) return;
    this.loadedScene = loaded.scene;
    this.loadedView = loaded.createView;
    await this.instantiate(loaded.scene, loaded.createView, seed, params);
  }

  /** Build runtime + view + panels for a scene and start the driver. */
  private async instantiate(scene: SceneDefinition, createView: ViewFactory | undefined, seed: number, params: Readonly<Record<string, unknown>>): Promise<void> {
    const gen = ++this.generation;
    // The previous runtime's threads end before new ones start (R held down must not pile up workers).
    await this.teardown();
    if (gen !== this.generation) return;
    // The test hooks' kernels load only when asked for, like a scene's (a chunk of their own).
    const installTestHooks = await loadTestHooks(this.url);
    if (gen !== this.generation) return;
    const id = scene.id ?? scene.title;
    // Defaults that suit this machine (e.g. boids per lane), under what the URL or the panel says.
    const defaults = machineDefaults(scene.params, { lanes: this.workerCount + 1 });
    let runtime: SceneRuntime;
    try {
      runtime = createSceneRuntime(scene, this.runtimeOptions(seed, { ...defaults, ...params }));
    } catch (err) {
      // Bad params (URL or panel) should not leave a blank page: say why, run the defaults.
      this.errors.report(err, 'scene');
      try {
        runtime = createSceneRuntime(scene, this.runtimeOptions(seed, defaults));
      } catch (err2) {
        this.errors.report(err2, 'scene');
        return;
      }
    }
    this.runtime = runtime;
    // The tracker panel reads the scene's coroutine runner, if setup started one
    // (reading runtime.tasks otherwise would make an idle runner for nothing).
    const rt = runtime;
    const tasks = rt.hasTasks ? { snapshot: () => rt.tasks.tracker() } : undefined;
    this.setSources({ ...this.sources, jobs: runtime.jobs.timeline, tasks });
    installTestHooks?.(runtime);
    const time = runtime.loop.time;
    time.timeScale = this.panel.state.timeScale;
    if (this.panel.state.paused) time.pause();
    this.renderer.clearScene();
    if (createView) {
      try {
        this.view = createView({ scene: this.renderer.scene, camera: this.renderer.camera, renderer: this.renderer.renderer, view: runtime.view, runtime });
      } catch (err) {
        this.errors.report(err, 'view');
      }
    }
    this.panel.showScene(
      this.registry.list().map((s) => s.id),
      id,
      scene.params,
      runtime.params as Record<string, unknown>,
      seed,
    );
    this.stats.restart();
    this.debug.sceneId = id;
    this.debug.runtime = runtime;
    this.debug.renderedFrames = 0;
    document.title = `${scene.title} · tickflow`;
    this.syncUrl();
    this.showStatus();
    this.startDriver(runtime);
  }

  private startDriver(runtime: SceneRuntime): void {
    const time = runtime.loop.time;
    const view = this.view;
    const renderer = this.renderer;
    const debug = this.debug;
    const world = runtime.world;
    const loop = runtime.loop;
    const scheduler = runtime.jobs;
    const figures: FrameFigures = { simMs: 0, renderMs: 0, jobMs: null, fixedSteps: 0, simSeconds: 0, budgetSeconds: Infinity };
    let extraAt = 0;
    this.driver = runWithAnimationFrames(loop, {
      onFrame: (simMs) => {
        const t0 = performance.now();
        try {
          // While a step's jobs run across frames the arrays are mid-write: the GPU keeps the last completed state.
          if (!loop.stepInFlight) view?.update(time.alpha);
          renderer.render();
        } catch (err) {
          this.driver?.stop();
          this.errors.report(err, 'view');
          return;
        }
        const t1 = performance.now();
        const { jobs, tasks } = this.sources;
        const frameTimeline = jobs ? jobs.latest() : null;
        figures.simMs = simMs;
        figures.renderMs = t1 - t0;
        figures.jobMs = jobs ? jobMilliseconds(frameTimeline) : null;
        figures.fixedSteps = loop.stepInFlight ? 0 : time.fixedStepsThisFrame;
        figures.simSeconds = time.fixedElapsed;
        figures.budgetSeconds = time.budget.seconds;
        this.stats.record(t1, figures);
        if (t1 - extraAt > 500) {
          extraAt = t1;
          this.stats.setExtra(`entities ${world.alive} · frame ${time.frameCount} · t ${time.elapsed.toFixed(1)} s`);
          this.timeline.showKernels(scheduler.stats());
        }
        this.timeline.draw(frameTimeline, jobs);
        this.tracker.update(t1, tasks);
        debug.renderedFrames++;
        debug.ready = true;
      },
      onError: (err) => {
        this.errors.report(err);
        this.showStatus('stopped after an error: fix it and press R to reset');
      },
    });
  }

  /**
   * Stop the driver, dispose the view and the runtime, and wait until the
   * runtime's worker threads have ended (disposals queue up, so a burst of
   * resets never has two sets of threads alive for long).
   */
  private teardown(): Promise<void> {
    this.driver?.stop();
    this.driver = undefined;
    try {
      this.view?.dispose();
    } catch (err) {
      this.errors.report(err, 'view');
    }
    this.view = undefined;
    this.renderer.clearScene();
    const runtime = this.runtime;
    this.runtime = undefined;
    this.host = undefined;
    this.debug.runtime = undefined;
    if (runtime) {
      this.disposing = this.disposing.then(() =>
        runtime.dispose().catch((err: unknown) => this.errors.report(err, 'job')),
      );
    }
    return this.disposing;
  }

  /** A runtime's options: a fresh worker host per runtime (its threads end with it), spans for the strip. */
  private runtimeOptions(seed: number, params: Readonly<Record<string, unknown>>): Parameters<typeof createSceneRuntime>[1] {
    this.host = this.workerCount > 0 ? new BrowserThreadHost({ workers: this.workerCount, onError: (err) => this.errors.report(err, 'job') }) : undefined;
    // A page must never spin for long: a lost worker is seen only once the event loop runs again.
    return { seed, params, jobTimeline: true, stallTimeoutMs: 2000, mainThreadExecutes: this.url.mainLane, ...(this.host ? { host: this.host } : {}) };
  }

  /**
   * A slider fires a change per pointer move; Chrome throttles (and complains
   * about) more than ~100 history updates in 10 s, so live changes sync later.
   */
  private syncUrlSoon(): void {
    if (this.urlTimer !== undefined) return;
    this.urlTimer = setTimeout(() => {
      this.urlTimer = undefined;
      this.syncUrl();
    }, 300);
  }

  /** Keep the address bar reproducing what is on screen. */
  private syncUrl(): void {
    const s = this.panel.state;
    const params: Record<string, string> = {};
    const schema = this.loadedScene?.params ?? {};
    for (const [k, v] of Object.entries(s.params)) if (schema[k] && v !== schema[k]!.default) params[k] = String(v);
    const search = formatAppUrl({ ...this.url, scene: s.scene, seed: s.seed, paused: false, timeScale: 1, params });
    history.replaceState(null, '', search);
  }

  private showStatus(extra = ''): void {
    const d = this.debug;
    const iso = d.isolated
      ? 'cross-origin isolated · shared memory'
      : 'NOT cross-origin isolated: no SharedArrayBuffer, running single-threaded on the inline host';
    const host = d.host === 'inline' ? `host: inline (0 workers${d.inlineReason ? `: ${d.inlineReason}` : ''})` : `host: ${d.workers} worker${d.workers === 1 ? '' : 's'}`;
    const kernels = ` · kernels: ${d.kernels}`;
    const noView = this.loadedScene && !this.loadedView ? ' · this scene has no view.ts: simulating without drawing' : '';
    this.status.textContent = `${iso} · ${host}${kernels}${this.panel?.state.paused ? ' · PAUSED' : ''}${noView}${extra ? ` · ${extra}` : ''}`;
    this.status.classList.toggle('tf-warn', !d.isolated || extra !== '');
  }
}

/**
 * Worker threads for a page: one per core but one (the main thread is a lane
 * too), at least 1, at most 8 by default; `?workers=N` overrides (0..16).
 *
 * @example
 * defaultWorkerCount() // 7 on an 8-core machine
 */
export function defaultWorkerCount(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(8, MAX_APP_WORKERS, cores - 1));
}
