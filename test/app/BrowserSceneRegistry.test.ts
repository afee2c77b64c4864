import { describe, it, expect } from 'vitest';
import { BrowserSceneRegistry } from '../../src/app/BrowserSceneRegistry.ts';
import { UnknownSceneError } from '../../src/scene/errors.ts';
import { SceneModuleError } from '../../src/app/errors.ts';
import { listSceneIds } from '../../src/scene/NodeSceneRegistry.ts';
import { defineScene } from '../../src/scene/defineScene.ts';

const demo = defineScene({ title: 'Demo', params: {}, setup() {} });

describe('BrowserSceneRegistry', () => {
  it('finds the same scenes as the Node registry through import.meta.glob', async () => {
    const reg = new BrowserSceneRegistry(import.meta.glob('../../scenes/*/index.ts'), import.meta.glob('../../scenes/*/view.ts'));
    expect(reg.list().map((s) => s.id)).toEqual(listSceneIds());
    expect(reg.list().find((s) => s.id === 'particles')).toEqual({ id: 'particles', hasView: true });
    const loaded = await reg.load('particles');
    expect(loaded.scene.id).toBe('particles');
    expect(loaded.scene.title).toBe('Particles');
    expect(typeof loaded.createView).toBe('function');
  });

  it('takes the id from the folder name and loads a scene without a view', async () => {
    const reg = new BrowserSceneRegistry({ '/x/scenes/demo/index.ts': async () => ({ default: demo }), '/x/scenes/a/b/index.ts': async () => ({}) }, {});
    expect(reg.list()).toEqual([{ id: 'demo', hasView: false }]);
    const loaded = await reg.load('demo');
    expect(loaded.scene.id).toBe('demo');
    expect(loaded.createView).toBeUndefined();
  });

  it('names an unknown scene and lists the valid ids', async () => {
    const reg = new BrowserSceneRegistry({ 'scenes/demo/index.ts': async () => ({ default: demo }) }, {});
    await expect(reg.load('nope')).rejects.toThrow(UnknownSceneError);
    await expect(reg.load('nope')).rejects.toThrow('Unknown scene "nope". Available scenes: demo.');
  });

  it('rejects modules whose default export is not a scene or a view factory', async () => {
    const reg = new BrowserSceneRegistry(
      { 'scenes/bad/index.ts': async () => ({ default: 42 }), 'scenes/demo/index.ts': async () => ({ default: demo }) },
      { 'scenes/demo/view.ts': async () => ({ default: {} }) },
    );
    await expect(reg.load('bad')).rejects.toThrow(SceneModuleError);
    await expect(reg.load('bad')).rejects.toThrow('scenes/bad/index.ts must default-export a scene');
    await expect(reg.load('demo')).rejects.toThrow('scenes/demo/view.ts must default-export a ViewFactory');
  });
});
