import { readdirSync, existsSync } from 'node:fs';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UnknownSceneError } from './errors.ts';
import type { SceneDefinition } from './defineScene.ts';

/** The repository's scenes/ folder, found relative to this file. */
export const SCENES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenes');

/**
 * Scene ids available in Node: every folder of scenes/ with an index.ts. The id
 * is the folder name, so adding a scene is adding a folder. None when the folder
 * is missing (the installed package carries no scenes: users name theirs by path).
 */
export function listSceneIds(dir = SCENES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * Import a scene by id, or by path (a scene folder with an index.ts, or the
 * index.ts itself; relative to the working directory); throws
 * {@link UnknownSceneError} listing the valid ids.
 *
 * @example
 * const scene = await loadScene('particles');
 * const mine = await loadScene('./my-scenes/predators');
 */
export async function loadScene(id: string, dir = SCENES_DIR): Promise<SceneDefinition> {
  if (id.includes('/') || id.includes('\\') || id.endsWith('.ts')) return loadScenePath(id, dir);
  const ids = listSceneIds(dir);
  if (!ids.includes(id)) throw new UnknownSceneError(id, ids);
  const mod = (await import(pathToFileURL(join(dir, id, 'index.ts')).href)) as { default: SceneDefinition };
  return { ...mod.default, id };
}

async function loadScenePath(path: string, dir: string): Promise<SceneDefinition> {
  const abs = resolve(path);
  const file = abs.endsWith('.ts') ? abs : join(abs, 'index.ts');
  if (!existsSync(file)) throw new UnknownSceneError(path, listSceneIds(dir), `no scene at ${file}: a scene path is a folder with an index.ts, or that index.ts`);
  const mod = (await import(pathToFileURL(file).href)) as { default?: SceneDefinition };
  if (!mod.default) throw new UnknownSceneError(path, listSceneIds(dir), `${file} has no default export: export default defineScene({ … })`);
  return { ...mod.default, id: basename(dirname(file)) };
}
