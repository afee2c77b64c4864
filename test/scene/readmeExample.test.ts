import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScene } from '../../src/scene/NodeSceneRegistry.ts';
import { createSceneRuntime } from '../../src/scene/SceneRuntime.ts';
import { NodeThreadHost } from '../../src/jobs/NodeThreadHost.ts';

// The README's "Write a scene" example (its ```ts example scenes/drift/*.ts blocks), extracted as written into a scratch scenes
// folder two levels below the root (its `../../src/...` imports resolve as in scenes/).
const root = join(__dirname, '..', '..');
const dir = join(root, '.readme-scenes');

function extract(): void {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts example scenes\/drift\/(\w+)\.ts\n([\s\S]*?)```/g)];
  expect(blocks.map((b) => b[1]).sort()).toEqual(['index', 'jobs']);
  mkdirSync(join(dir, 'drift'), { recursive: true });
  for (const b of blocks) writeFileSync(join(dir, 'drift', `${b[1]}.ts`), b[2]!);
}

describe('README example scene', () => {
  it('runs as written, with the same state inline and on a worker', async () => {
    extract();
    const scene = await loadScene('drift', dir);
    const run = async (workers: number) => {
      const rt = createSceneRuntime(scene, { seed: 5, params: { count: 500 }, ...(workers ? { host: new NodeThreadHost({ workers }) } : {}) });
      await rt.jobs.ready();
      for (let f = 0; f < 200; f++) rt.tick(1 / 60); // 3.3 s: the coroutine flips velocities once
      const hash = rt.hash();
      const live = rt.tasks.tracker().live;
      await rt.dispose();
      return { hash, live };
    };
    const inline = await run(0);
    expect(inline.live).toBe(1);
    expect(await run(1)).toEqual(inline);
  });
});
