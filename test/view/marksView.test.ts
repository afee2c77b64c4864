import { describe, it, expect } from 'vitest';
import * as THREE from 'three';
import { marksView, type Rgb } from '../../src/view/marksView.ts';
import type { ViewContext } from '../../src/view/SceneView.ts';
import type { SceneRuntime } from '../../src/scene/SceneRuntime.ts';

// View data as a scene would return it: positions by entity id and two "queries".
const x = new Float32Array([5, 6, 7, 8]);
const y = new Float32Array([1, 2, 3, 4]);
const herd = { ids: new Int32Array([3, 1, 0, 0]), count: 2 };
const wolves = { ids: new Int32Array([2, 0, 0, 0]), count: 1 };
type Data = { herd: typeof herd; wolves: typeof wolves };

function mount(capacity: number, origin?: readonly [number, number]) {
  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera();
  const RED: Rgb = [1, 0, 0];
  const GREY: Rgb = [0.5, 0.5, 0.5];
  const factory = marksView<Data>((v) => ({ x, y, size: 10, origin, layers: [{ of: v.herd, scale: 0.5, color: (e) => (e === 1 ? RED : GREY) }, { of: v.wolves, scale: 2, color: [0, 0, 1] }] }));
  const ctx = { scene, camera, renderer: {} as THREE.WebGLRenderer, view: { herd, wolves }, runtime: { world: { capacity } } as unknown as SceneRuntime } satisfies ViewContext<Data>;
  const view = factory(ctx);
  const mesh = scene.getObjectsByProperty('isInstancedMesh', true)[0] as THREE.InstancedMesh;
  return { scene, camera, view, mesh };
}

describe('marksView', () => {
  it('writes layer after layer: position, scale, height by layer, colour per entity or per layer', () => {
    const { view, mesh, camera, scene } = mount(4);
    view.update(0);
    expect(mesh.count).toBe(3);
    const m = mesh.instanceMatrix.array;
    const c = mesh.instanceColor!.array;
    const row = (i: number) => [m[i * 16], m[i * 16 + 12], m[i * 16 + 13], m[i * 16 + 14]];
    expect(row(0)).toEqual([0.5, 8, 4, 0]); // herd's first id is 3
    expect(row(1)).toEqual([0.5, 6, 2, 0]);
    expect(row(2)[1]).toBe(7); // the wolf, entity 2, above the herd
    expect(row(2)[3]).toBeCloseTo(1e-3, 9); // layer 1 of a world 10 wide
    expect([...c.subarray(0, 9)]).toEqual([0.5, 0.5, 0.5, 1, 0, 0, 0, 0, 1]);
    // [0, 10]² is centred on the origin, and the camera looks down at it.
    expect(mesh.parent!.position.toArray()).toEqual([-5, -5, 0]);
    expect(camera.position.toArray()).toEqual([0, 0, 12]);
    view.dispose();
    expect(scene.children).toHaveLength(0);
  });

  it('centres a world whose corner is elsewhere', () => {
    const { view, mesh } = mount(4, [-5, -5]);
    expect(mesh.parent!.position.toArray().map((v) => v + 0)).toEqual([0, 0, 0]); // -0 is fine
    view.dispose();
  });

  it('names the mesh and the capacity when the layers hold more entities than the world', () => {
    const { view } = mount(2);
    expect(() => view.update(0)).toThrow(/InstancedArrays "marks": 3 instances committed but only 2 were allocated/);
    view.dispose();
  });
});
