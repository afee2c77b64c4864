import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { WebGLUnavailableError } from './errors.ts';

/** Options of {@link ViewRenderer}. */
export interface ViewRendererOptions {
  /** Fixed drawing size in CSS pixels; omit to follow the canvas's parent element. */
  size?: { width: number; height: number };
  /** Clear colour (default a dark blue-grey). */
  background?: number;
  /** Device pixel ratio cap (default 2); tests pass 1. */
  maxPixelRatio?: number;
}

/**
 * The three.js half of the app: one WebGLRenderer, camera and OrbitControls that
 * live as long as the page, and a THREE.Scene that is emptied (and everything in
 * it disposed) whenever the app switches scenes. Scenes' views only add objects
 * to `scene` and move the camera; they never own the renderer.
 *
 * @example
 * const vr = new ViewRenderer(canvas);
 * const view = createView({ scene: vr.scene, camera: vr.camera, renderer: vr.renderer, runtime });
 * // per frame: view.update(time.alpha); vr.render();
 * // on scene change: view.dispose(); vr.clearScene();
 */
export class ViewRenderer {
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(50, 1, 0.1, 10_000);
  readonly controls: OrbitControls;
  readonly canvas: HTMLCanvasElement;
  private readonly background: THREE.Color;
  private readonly fixedSize: { width: number; height: number } | undefined;
  private readonly observer: ResizeObserver | undefined;
  private width = 0;
  private height = 0;

  constructor(canvas: HTMLCanvasElement, opts: ViewRendererOptions = {}) {
    this.canvas = canvas;
    try {
      // antialias off: software WebGL (CI, headless) pays dearly for MSAA, and boxes barely need it.
      this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, powerPreference: 'high-performance' });
    } catch (err) {
      throw new WebGLUnavailableError(err);
    }
    this.renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio || 1, opts.maxPixelRatio ?? 2));
    this.background = new THREE.Color(opts.background ?? 0x14161c);
    this.scene.background = this.background;
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    this.fixedSize = opts.size;
    if (!opts.size && typeof ResizeObserver === 'function' && canvas.parentElement) {
      this.observer = new ResizeObserver(() => this.resize());
      this.observer.observe(canvas.parentElement);
    }
    this.resize();
    this.clearScene();
  }

  /** Match the drawing buffer and camera aspect to the canvas's box (or the fixed size). */
  resize(): void {
    const parent = this.canvas.parentElement;
    const w = this.fixedSize?.width ?? Math.max(1, parent?.clientWidth ?? 300);
    const h = this.fixedSize?.height ?? Math.max(1, parent?.clientHeight ?? 150);
    if (w === this.width && h === this.height) return;
    this.width = w;
    this.height = h;
    this.renderer.setSize(w, h, true);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
  }

  /** Draw one frame (after the view has updated its attributes). */
  render(): void {
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
  }

  /**
   * Empty the scene, disposing every geometry, material and texture in it, then
   * put back the default lights and camera. Views add to a clean slate.
   */
  clearScene(): void {
    disposeTree(this.scene);
    this.scene.clear();
    this.scene.add(new THREE.HemisphereLight(0xdde6ff, 0x30303a, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.8);
    sun.position.set(1, 2, 3);
    this.scene.add(sun);
    this.camera.position.set(0, 0, 10);
    this.camera.up.set(0, 1, 0);
    this.controls.target.set(0, 0, 0);
    this.camera.lookAt(this.controls.target);
    this.controls.update();
  }

  /**
   * Render now and count the pixels that differ from the background colour: a
   * cheap "is anything drawn" probe for tests and the status line. Must read back
   * in the same task as the render (the drawing buffer is not preserved).
   */
  countDrawnPixels(): { drawn: number; total: number } {
    this.render();
    const gl = this.renderer.getContext();
    const w = gl.drawingBufferWidth;
    const h = gl.drawingBufferHeight;
    const px = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
    const bg = this.background.clone().convertLinearToSRGB();
    const br = Math.round(bg.r * 255);
    const bgG = Math.round(bg.g * 255);
    const bb = Math.round(bg.b * 255);
    let drawn = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (Math.abs(px[i]! - br) + Math.abs(px[i + 1]! - bgG) + Math.abs(px[i + 2]! - bb) > 12) drawn++;
    }
    return { drawn, total: w * h };
  }

  /** Release the scene's resources, the controls and the WebGL context. */
  dispose(): void {
    this.observer?.disconnect();
    disposeTree(this.scene);
    this.scene.clear();
    this.controls.dispose();
    this.renderer.dispose();
  }
}

/** Dispose geometries, materials and their textures under `root` (each once). */
function disposeTree(root: THREE.Object3D): void {
  const seen = new Set<{ dispose(): void }>();
  root.traverse((obj) => {
    const o = obj as THREE.Object3D & { geometry?: THREE.BufferGeometry; material?: THREE.Material | THREE.Material[]; dispose?: () => void };
    if (o.geometry) seen.add(o.geometry);
    const mats = o.material ? (Array.isArray(o.material) ? o.material : [o.material]) : [];
    for (const m of mats) {
      seen.add(m);
      for (const v of Object.values(m)) if (v instanceof THREE.Texture) seen.add(v);
    }
    if (o instanceof THREE.InstancedMesh) seen.add(o);
    // Lights own shadow maps once castShadow is on.
    if (o instanceof THREE.Light) seen.add(o);
  });
  for (const d of seen) d.dispose();
}
