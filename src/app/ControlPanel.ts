import GUI, { type Controller } from 'lil-gui';
import type { ParamSchema, ParamSpec } from '../scene/Params.ts';

/** What the panel asks the app to do. */
export interface ControlActions {
  selectScene(id: string): void;
  setPaused(paused: boolean): void;
  step(): void;
  setTimeScale(scale: number): void;
  /** Rebuild the scene with the seed and the panel's param values. */
  reset(): void;
  /** A live param changed: the app writes it into `runtime.params`. */
  setLiveParam(name: string, value: number | boolean | string): void;
}

/** The state the panel's controllers edit; the app reads it on reset. */
export interface ControlState {
  scene: string;
  seed: number;
  paused: boolean;
  timeScale: number;
  params: Record<string, number | boolean | string>;
}

/**
 * The lil-gui panel: scene picker, seed, pause / step / time scale / reset, and
 * one controller per scene param generated from its schema. Params marked
 * `live: true` apply at once (the scene reads `params.<name>` every frame);
 * the others are marked "↻" and apply when the scene resets.
 *
 * @example
 * const panel = new ControlPanel(actions);
 * panel.showScene(['particles'], 'particles', scene.params, runtime.params, seed);
 */
export class ControlPanel {
  readonly gui: GUI;
  readonly state: ControlState = { scene: '', seed: 1, paused: false, timeScale: 1, params: {} };
  private readonly actions: ControlActions;
  private sceneCtl: Controller | undefined;
  private pausedCtl: Controller;
  private paramsFolder: GUI | undefined;
  private pendingNote: Controller | undefined;
  private applied: Record<string, number | boolean | string> = {};
  private readonly note = { pending: '' };

  constructor(actions: ControlActions, container?: HTMLElement) {
    this.actions = actions;
    this.gui = new GUI({ title: 'tickflow', width: 260, ...(container ? { container } : {}) });
    this.gui.domElement.classList.add('tf-gui');
    const sim = this.gui.addFolder('Simulation');
    this.pausedCtl = sim
      .add(this.state, 'paused')
      .name('paused (Space)')
      .onChange((v: boolean) => actions.setPaused(v));
    sim.add({ step: () => actions.step() }, 'step').name('step one frame (.)');
    const timeScale = sim
      .add(this.state, 'timeScale', 0, 4, 0.05)
      .name('time scale')
      .onChange((v: number) => actions.setTimeScale(v));
    // Stable hooks for tests and user scripts: labels carry decorations (↻, key hints).
    timeScale.domElement.dataset.control = 'timeScale';
    this.pausedCtl.domElement.dataset.control = 'paused';
    sim.add(this.state, 'seed').min(0).step(1).name('seed ↻');
    sim.add({ reset: () => actions.reset() }, 'reset').name('reset (R)');
  }

  /** Rebuild the scene picker and the params folder for a freshly loaded scene. */
  showScene(ids: readonly string[], id: string, schema: ParamSchema, values: Readonly<Record<string, unknown>>, seed: number): void {
    this.state.scene = id;
    this.state.seed = seed;
    this.sceneCtl?.destroy();
    this.sceneCtl = this.gui
      .add(this.state, 'scene', [...ids])
      .name('scene')
      .onChange((v: string) => this.actions.selectScene(v));
    // The picker belongs on top; lil-gui appends, so move its row first.
    this.gui.$children.prepend(this.sceneCtl.domElement);
    this.paramsFolder?.destroy();
    this.pendingNote = undefined;
    this.state.params = {};
    this.applied = {};
    const folder = this.gui.addFolder('Params');
    this.paramsFolder = folder;
    for (const [name, spec] of Object.entries(schema)) {
      const value = values[name] as number | boolean | string;
      this.state.params[name] = value;
      this.applied[name] = value;
      this.addParam(folder, name, spec);
    }
    this.gui.controllersRecursive().forEach((c) => c.updateDisplay());
  }

  /** Reflect a pause toggled elsewhere (keyboard). */
  setPaused(paused: boolean): void {
    this.state.paused = paused;
    this.pausedCtl.updateDisplay();
  }

  /** Param overrides for a reset: every param's current value. */
  paramValues(): Record<string, number | boolean | string> {
    return { ...this.state.params };
  }

  /** Destroy the panel's DOM. */
  dispose(): void {
    this.gui.destroy();
  }

  private addParam(folder: GUI, name: string, spec: ParamSpec): void {
    const live = spec.live === true;
    let ctl: Controller;
    if (spec.type === 'number') {
      const step = spec.step ?? (spec.int ? 1 : undefined);
      ctl = spec.min !== undefined && spec.max !== undefined ? folder.add(this.state.params, name, spec.min, spec.max, step) : folder.add(this.state.params, name);
      if (spec.min !== undefined && spec.max === undefined) ctl.min(spec.min);
      if (spec.max !== undefined && spec.min === undefined) ctl.max(spec.max);
      if (step !== undefined && (spec.min === undefined || spec.max === undefined)) ctl.step(step);
    } else if (spec.type === 'boolean') {
      ctl = folder.add(this.state.params, name);
    } else {
      ctl = folder.add(this.state.params, name, [...spec.options]);
    }
    ctl.name(live ? name : `${name} ↻`);
    ctl.domElement.dataset.param = name;
    ctl.domElement.title = `${spec.description ?? name} — ${live ? 'applies live' : 'applies on reset (R)'}`;
    ctl.onChange((v: number | boolean | string) => {
      if (live) {
        this.applied[name] = v;
        this.actions.setLiveParam(name, v);
      }
      this.updatePending();
    });
  }

  /** Show which on-reset params differ from what the running scene was built with. */
  private updatePending(): void {
    const changed = Object.keys(this.state.params).filter((k) => this.state.params[k] !== this.applied[k]);
    this.note.pending = changed.length ? `reset to apply: ${changed.join(', ')}` : '';
    if (!this.paramsFolder) return;
    if (changed.length && !this.pendingNote) {
      this.pendingNote = this.paramsFolder.add(this.note, 'pending').name('pending').disable();
    } else if (!changed.length && this.pendingNote) {
      this.pendingNote.destroy();
      this.pendingNote = undefined;
    }
    this.pendingNote?.updateDisplay();
  }
}
