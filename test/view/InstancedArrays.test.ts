import { describe, it, expect } from 'vitest';
import * as THREE from 'three';
import { InstancedArrays, writeTranslationScale, writeColor } from '../../src/view/InstancedArrays.ts';
import { InstanceCapacityError } from '../../src/view/errors.ts';

const make = (capacity = 4) =>
  new InstancedArrays({ capacity, geometry: new THREE.BoxGeometry(), material: new THREE.MeshBasicMaterial(), name: 'boxes' });

describe('InstancedArrays', () => {
  it('binds its shared arrays as the mesh attributes: same memory, no copy', () => {
    const a = make();
    expect(a.matrices.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.colors.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.mesh.instanceMatrix.array).toBe(a.matrices);
    expect(a.mesh.instanceColor!.array).toBe(a.colors);
    expect(a.matrices.length).toBe(4 * 16);
    expect(a.colors.length).toBe(4 * 3);
    expect(a.mesh.count).toBe(0);
  });

  it('matches Matrix4.compose for translation + uniform scale', () => {
    const a = make();
    writeTranslationScale(a.matrices, 2, 1, -2, 3, 0.5);
    const m = new THREE.Matrix4();
    a.mesh.getMatrixAt(2, m);
    const expected = new THREE.Matrix4().compose(new THREE.Vector3(1, -2, 3), new THREE.Quaternion(), new THREE.Vector3(0.5, 0.5, 0.5));
    expect(m.elements).toEqual(expected.elements);
    writeColor(a.colors, 1, 0.25, 0.5, 1);
    const c = new THREE.Color();
    a.mesh.getColorAt(1, c);
    expect([c.r, c.g, c.b]).toEqual([0.25, 0.5, 1]);
  });

  it('commit draws the first n instances and uploads only that range, reusing the range object', () => {
    const a = make();
    const v0 = a.mesh.instanceMatrix.version;
    a.commit(3);
    expect(a.mesh.count).toBe(3);
    expect(a.mesh.instanceMatrix.version).toBe(v0 + 1);
    expect(a.mesh.instanceMatrix.updateRanges).toEqual([{ start: 0, count: 48 }]);
    expect(a.mesh.instanceColor!.updateRanges).toEqual([{ start: 0, count: 9 }]);
    const range = a.mesh.instanceMatrix.updateRanges[0];
    a.commit(2, false);
    expect(a.mesh.instanceMatrix.updateRanges[0]).toBe(range);
    expect(range!.count).toBe(32);
    expect(a.mesh.instanceColor!.updateRanges[0]!.count).toBe(9);
  });

  it('refuses more instances than its capacity, saying what to do', () => {
    expect(() => make(2).commit(3)).toThrow(InstanceCapacityError);
    expect(() => make(2).commit(3)).toThrow(/3 instances committed but only 2 were allocated/);
  });

  it('dispose removes the mesh from its parent', () => {
    const a = make();
    const scene = new THREE.Scene();
    scene.add(a.mesh);
    a.dispose();
    expect(scene.children).toHaveLength(0);
    const b = make();
    scene.add(b.object);
    b.dispose();
    expect(scene.children).toHaveLength(0);
  });

  it('draws points above pointsAbove instances, over the same memory: positions from the translation column', () => {
    const a = new InstancedArrays({ capacity: 10, geometry: new THREE.BoxGeometry(), material: new THREE.MeshBasicMaterial(), pointsAbove: 3 });
    writeTranslationScale(a.matrices, 4, 7, 8, 9, 1);
    writeColor(a.colors, 4, 0.25, 0.5, 0.75);
    a.commit(3);
    expect(a.drawsPoints).toBe(false);
    expect(a.mesh.visible).toBe(true);
    a.commit(5);
    expect(a.drawsPoints).toBe(true);
    expect(a.mesh.visible).toBe(false);
    expect(a.mesh.count).toBe(0);
    const g = a.points.geometry;
    expect(g.drawRange).toEqual({ start: 0, count: 5 });
    const pos = g.getAttribute('position') as THREE.InterleavedBufferAttribute;
    expect(pos.data.array).toBe(a.matrices);
    expect([pos.getX(4), pos.getY(4), pos.getZ(4)]).toEqual([7, 8, 9]);
    expect(g.getAttribute('color').array).toBe(a.colors);
    expect(pos.data.updateRanges).toEqual([{ start: 0, count: 80 }]);
    a.commit(2);
    expect(a.drawsPoints).toBe(false);
    expect(a.mesh.count).toBe(2);
  });
});
