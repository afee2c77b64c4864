import * as THREE from 'three';
import { allocateBuffer } from '../ecs/sharedMemory.ts';
import { InstanceCapacityError } from './errors.ts';

/**
 * Above this many instances a frame draws points rather than meshes: software
 * WebGL (SwiftShader, headless Chromium) manages a few thousand instanced boxes
 * at 20 fps, not 10,000; one vertex per instance keeps any count drawable.
 */
export const POINTS_ABOVE = 4000;

/** Options of {@link InstancedArrays}. */
export interface InstancedArraysOptions {
  /** Most instances drawn at once; the arrays are allocated for it once. */
  capacity: number;
  geometry: THREE.BufferGeometry;
  material: THREE.Material;
  /** Name of the mesh, used in errors and the three.js inspector. */
  name?: string;
  /** Draw points instead of meshes when more instances than this are committed (default {@link POINTS_ABOVE}). */
  pointsAbove?: number;
  /** Size of those points in pixels (default 2). */
  pointSize?: number;
}

/**
 * An `InstancedMesh` whose instance matrices and colours are plain typed arrays
 * over (shared) memory that systems or jobs fill each frame. The arrays *are* the
 * mesh's `InstancedBufferAttribute`s: nothing is copied per entity or per frame
 * except the GPU upload of the live range `[0, count)`.
 *
 * Matrices are column-major 4x4 (16 floats per instance, translation at 12..14),
 * colours linear RGB (3 floats). Instance `i` is the i-th entity of whatever
 * query the filler walks, not an entity id, so the upload range stays dense.
 *
 * Geometry fits the count: above `pointsAbove` instances {@link commit} shows
 * `points` instead of `mesh`, one pixel-sized point per instance whose position is
 * the matrices' translation column and whose colour is the same colour array (the
 * same memory, read with a stride of 16 floats), so fillers do not change.
 *
 * @example
 * const boxes = new InstancedArrays({ capacity: 1000, geometry: new THREE.BoxGeometry(), material });
 * scene.add(boxes.object);
 * // each frame:
 * for (let i = 0; i < n; i++) {
 *   writeTranslationScale(boxes.matrices, i, x[i], y[i], 0, 1);
 *   writeColor(boxes.colors, i, 1, 0.5, 0);
 * }
 * boxes.commit(n);
 */
export class InstancedArrays {
  /** What to add to the scene: holds `mesh` and `points`, one of them visible. */
  readonly object = new THREE.Group();
  readonly mesh: THREE.InstancedMesh;
  /** The same instances as points (translation and colour only), drawn above `pointsAbove`. */
  readonly points: THREE.Points;
  readonly pointsAbove: number;
  /** `capacity * 16` floats, column-major matrices; shared memory when the page is cross-origin isolated. */
  readonly matrices: Float32Array;
  /** `capacity * 3` floats, linear RGB. */
  readonly colors: Float32Array;
  readonly capacity: number;
  private readonly matrixAttr: THREE.InstancedBufferAttribute;
  private readonly colorAttr: THREE.InstancedBufferAttribute;
  private readonly pointMatrices: THREE.InterleavedBuffer;
  private readonly pointColors: THREE.BufferAttribute;

  constructor(opts: InstancedArraysOptions) {
    const capacity = Math.max(1, Math.floor(opts.capacity));
    this.capacity = capacity;
    this.matrices = new Float32Array(allocateBuffer(capacity * 16 * 4));
    this.colors = new Float32Array(allocateBuffer(capacity * 3 * 4));
    // Identity everywhere, so a filler that writes only translation and scale is enough.
    for (let i = 0; i < capacity; i++) this.matrices[i * 16 + 15] = 1;
    this.colors.fill(1);
    this.matrixAttr = new THREE.InstancedBufferAttribute(this.matrices, 16);
    this.matrixAttr.setUsage(THREE.DynamicDrawUsage);
    this.colorAttr = new THREE.InstancedBufferAttribute(this.colors, 3);
    this.colorAttr.setUsage(THREE.DynamicDrawUsage);
    // Built with 0 instances so three.js allocates no matrix array of its own; ours replaces it.
    const mesh = new THREE.InstancedMesh(opts.geometry, opts.material, 0);
    mesh.instanceMatrix = this.matrixAttr;
    mesh.instanceColor = this.colorAttr;
    mesh.count = 0;
    // The bounding sphere would be computed once from the first frame's matrices and
    // then go stale as instances move; culling a whole cloud saves nothing anyway.
    mesh.frustumCulled = false;
    mesh.name = opts.name ?? 'instances';
    this.mesh = mesh;

    this.pointsAbove = opts.pointsAbove ?? POINTS_ABOVE;
    this.pointMatrices = new THREE.InterleavedBuffer(this.matrices, 16);
    this.pointMatrices.setUsage(THREE.DynamicDrawUsage);
    this.pointColors = new THREE.BufferAttribute(this.colors, 3);
    this.pointColors.setUsage(THREE.DynamicDrawUsage);
    const cloud = new THREE.BufferGeometry();
    cloud.setAttribute('position', new THREE.InterleavedBufferAttribute(this.pointMatrices, 3, 12));
    cloud.setAttribute('color', this.pointColors);
    cloud.setDrawRange(0, 0);
    const points = new THREE.Points(cloud, new THREE.PointsMaterial({ size: opts.pointSize ?? 2, sizeAttenuation: false, vertexColors: true }));
    points.frustumCulled = false;
    points.visible = false;
    points.name = `${mesh.name} (points)`;
    this.points = points;
    this.object.name = mesh.name;
    this.object.add(mesh, points);
  }

  /** Whether the last commit drew points (more than `pointsAbove` instances). */
  get drawsPoints(): boolean {
    return this.points.visible;
  }

  /**
   * Draw the first `count` instances and upload their matrices (and colours unless
   * `colors` is false) this frame. Allocation-free: the update ranges are reused.
   */
  commit(count: number, colors = true): void {
    if (count > this.capacity) throw new InstanceCapacityError(this.mesh.name, count, this.capacity);
    const asPoints = count > this.pointsAbove;
    this.mesh.visible = !asPoints;
    this.points.visible = asPoints;
    if (asPoints) {
      this.mesh.count = 0;
      this.points.geometry.setDrawRange(0, count);
      markRange(this.pointMatrices, count * 16);
      if (colors) markRange(this.pointColors, count * 3);
    } else {
      this.mesh.count = count;
      markRange(this.matrixAttr, count * 16);
      if (colors) markRange(this.colorAttr, count * 3);
    }
  }

  /** Release the geometries and materials (the arrays are garbage-collected with the mesh). */
  dispose(): void {
    this.object.removeFromParent();
    this.mesh.removeFromParent();
    this.mesh.geometry.dispose();
    const m = this.mesh.material;
    if (Array.isArray(m)) for (const x of m) x.dispose();
    else m.dispose();
    this.mesh.dispose();
    this.points.geometry.dispose();
    (this.points.material as THREE.Material).dispose();
  }
}

function markRange(attr: THREE.BufferAttribute | THREE.InterleavedBuffer, floats: number): void {
  const ranges = attr.updateRanges;
  if (ranges.length === 1) ranges[0]!.count = floats; // reuse the range object: no allocation per frame
  else {
    attr.clearUpdateRanges();
    attr.addUpdateRange(0, floats);
  }
  attr.needsUpdate = true;
}

/**
 * Write a translation and uniform scale into instance `i` of a column-major matrix
 * array (rotation stays identity). A plain function over arrays, so it can run in
 * a job kernel as well as on the main thread.
 *
 * @example
 * writeTranslationScale(boxes.matrices, 0, 1, 2, 3, 0.5);
 */
export function writeTranslationScale(m: Float32Array, i: number, x: number, y: number, z: number, s: number): void {
  const o = i * 16;
  m[o] = s;
  m[o + 5] = s;
  m[o + 10] = s;
  m[o + 12] = x;
  m[o + 13] = y;
  m[o + 14] = z;
}

/**
 * Write an RGB colour (linear, 0..1) into instance `i` of a colour array.
 *
 * @example
 * writeColor(boxes.colors, 0, 1, 0, 0); // red
 */
export function writeColor(c: Float32Array, i: number, r: number, g: number, b: number): void {
  const o = i * 3;
  c[o] = r;
  c[o + 1] = g;
  c[o + 2] = b;
}
