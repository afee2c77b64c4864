import type { SceneDefinition } from '../scene/defineScene.ts';
import type { ViewFactory } from '../view/SceneView.ts';
import { UnknownSceneError } from '../scene/errors.ts';
import { SceneModuleError } from './errors.ts';

/** Lazy module loaders keyed by path, the shape `import.meta.glob` returns. */
export type ModuleLoaders<T> = Readonly<Record<string, () => Promise<T>>>;

/** One scene as the picker lists it. */
export interface SceneEntry {
  readonly id: string;
  /** Whether `scenes/<id>/view.ts` exists; without it the app runs the simulation and says there is nothing to draw. */
  readonly hasView: boolean;
}

/** A scene and its view, loaded. */
export interface LoadedScene {
  readonly scene: SceneDefinition;
  readonly createView: ViewFactory | undefined;
}

/**
 * The browser's scene registry: the same rule as Node's (`scenes/<id>/index.ts`,
 * id = folder name) over modules Vite found at build time, each loaded on demand
 * so a page pays only for the scene it shows.
 *
 * @example
 * const reg = new BrowserSceneRegistry(
 *   import.meta.glob('../../scenes/*\/index.ts'),
 *   import.meta.glob('../../scenes/*\/view.ts'),
 * );
 * const { scene, createView } = await reg.load('particles');
 */
export class BrowserSceneRegistry {
  private readonly scenes = new Map<string, () => Promise<unknown>>();
  private readonly views = new Map<string, () => Promise<unknown>>();

  private readonly bindKernels: ((id: string) => Promise<void>) | undefined;

  /**
   * `bindKernels(id)` runs before a scene's modules are used: the app passes
   * `(id) => bindKernelModules('/scenes/' + id + '/')`, which gives the scene's
   * jobs the module ids its workers know.
   */
  constructor(sceneModules: ModuleLoaders<unknown>, viewModules: ModuleLoaders<unknown>, bindKernels?: (id: string) => Promise<void>) {
    this.bindKernels = bindKernels;
    for (const [path, load] of Object.entries(sceneModules)) {
      const id = folderOf(path, 'index.ts');
      if (id) this.scenes.set(id, load);
    }
    for (const [path, load] of Object.entries(viewModules)) {
      const id = folderOf(path, 'view.ts');
      if (id) this.views.set(id, load);
    }
  }

  /** Scene ids, sorted, with whether each has a view. */
  list(): SceneEntry[] {
    return [...this.scenes.keys()].sort().map((id) => ({ id, hasView: this.views.has(id) }));
  }

  /** Whether a scene id exists. */
  has(id: string): boolean {
    return this.scenes.has(id);
  }

  /** Load a scene and its view; throws {@link UnknownSceneError} listing the valid ids. */
  async load(id: string): Promise<LoadedScene> {
    const loadScene = this.scenes.get(id);
    if (!loadScene) throw new UnknownSceneError(id, [...this.scenes.keys()].sort());
    const loadView = this.views.get(id);
    const [sceneMod, viewMod] = await Promise.all([loadScene(), loadView ? loadView() : Promise.resolve(undefined), this.bindKernels?.(id)]);
    const scene = (sceneMod as { default?: SceneDefinition }).default;
    if (!scene || typeof scene.setup !== 'function') throw new SceneModuleError(id, 'index.ts', 'a scene made with defineScene()');
    let createView: ViewFactory | undefined;
    if (viewMod !== undefined) {
      createView = (viewMod as { default?: ViewFactory }).default;
      if (typeof createView !== 'function') throw new SceneModuleError(id, 'view.ts', 'a ViewFactory function');
    }
    return { scene: { ...scene, id }, createView };
  }
}

/** `…/scenes/<id>/<file>` → id, or undefined for anything nested deeper. */
function folderOf(path: string, file: string): string | undefined {
  const m = new RegExp(`(?:^|/)scenes/([^/]+)/${file.replace('.', '\\.')}$`).exec(path);
  return m?.[1];
}
