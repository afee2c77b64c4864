import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';
import { sceneTemplate } from './sceneTemplate.ts';

/** A scene id: it names the folder, the jobs and the systems. */
const SCENE_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Scaffold a scene folder at `path` (its last segment is the scene id): index.ts,
 * jobs.ts and view.ts from {@link sceneTemplate}. Refuses an existing folder or a
 * bad id with a {@link UsageError}. Returns the files written.
 *
 * @example
 * newScene('scenes/swarm'); // ['…/scenes/swarm/index.ts', '…/jobs.ts', '…/view.ts']
 */
export function newScene(path: string): string[] {
  const dir = resolve(path);
  const id = basename(dir);
  if (!SCENE_ID.test(id)) throw new UsageError(`"${id}" is not a scene name: use lower-case letters, digits and dashes, starting with a letter (e.g. tickflow new scenes/swarm).`);
  if (existsSync(dir)) throw new UsageError(`${dir} already exists: name a new folder (tickflow new <name>).`);
  mkdirSync(dir, { recursive: true });
  return Object.entries(sceneTemplate(id)).map(([name, text]) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}
