import { readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UnknownSceneError } from './errors.ts';
import type { SceneDefinition } from './defineScene.ts';

/** The repository's scenes/ folder, found relative to this file. */
export const SCENES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenes');

/**
 * Scene ids available in Node: every folder of scenes/ with an index.ts. The id
 * is the folder name, so adding a scene is adding a folder.
 */
export function listSceneIds(dir = SCENES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * Import a scene by id; throws {@link UnknownSceneError} listing the valid ids.
 *
 * @example
 * const scene = await loadScene('particles');
 */
export async function loadScene(id: string, dir = SCENES_DIR): Promise<SceneDefinition> {
  const ids = listSceneIds(dir);
  if (!ids.includes(id)) throw new UnknownSceneError(id, ids);
  const mod = (await import(pathToFileURL(join(dir, id, 'index.ts')).href)) as { default: SceneDefinition };
  return { ...mod.default, id };
}
