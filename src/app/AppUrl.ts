import { AppUrlError } from './errors.ts';
import type { KernelPath } from '../jobs/compiledKernels.ts';

/** What the page's query string says: `?scene=particles&seed=7&count=500&canvas=320x240&paused=1`. */
export interface AppUrlState {
  scene: string | undefined;
  seed: number;
  /** Every other key: a scene param override, checked against the scene's schema when it loads. */
  params: Record<string, string>;
  /** `canvas=WxH`: a fixed drawing size (tests use a small one: software WebGL is slow). */
  canvas: { width: number; height: number } | undefined;
  /** `paused=1`: start paused. */
  paused: boolean;
  /** `timescale=0.5`. */
  timeScale: number;
  /** `workers=N`: worker threads for jobs (0 = inline host); undefined = the app picks from the core count. */
  workers: number | undefined;
  /**
   * `fault=kernel|worker`: a test hook. `kernel` schedules a job whose kernel
   * throws; `worker` one that makes its worker thread fail outside the kernel.
   */
  fault: 'kernel' | 'worker' | undefined;
  /** `slowstep=MS`: a test hook that adds MS ms of busy jobs to every fixed step (0 or undefined: none). */
  slowStep: number | undefined;
  /**
   * `kernels=js|wasm`: run jobs' JS kernels or their compiled WebAssembly ones
   * (`setKernelPath`, the switch behind the CLI's `--kernels`); undefined keeps
   * the runtime's default, the CLI's: js.
   */
  kernels: KernelPath | undefined;
  /**
   * `mainlane=0`: a test hook; the main thread runs no job batch while a worker
   * lives (`mainThreadExecutes: false`), so every batch runs on a worker lane.
   */
  mainLane: boolean;
}

/** Most worker threads the app starts (more rarely helps a page and costs memory per worker). */
export const MAX_APP_WORKERS = 16;

/** Keys the app owns; anything else in the query is a scene param. */
const APP_KEYS = new Set(['scene', 'seed', 'canvas', 'paused', 'timescale', 'workers', 'fault', 'slowstep', 'kernels', 'mainlane']);
/** Longest `slowstep` (ms of busy work per fixed step). */
export const MAX_SLOW_STEP_MS = 10_000;

/**
 * Parse the page's query string. A malformed app option throws
 * {@link AppUrlError}, or, given `onError`, is reported there and left at its
 * default while the rest of the URL still applies. Scene params are passed on as
 * strings for the scene's schema to judge.
 *
 * @example
 * parseAppUrl('?scene=particles&seed=7&count=500').params // { count: '500' }
 * parseAppUrl('?scene=particles&seed=x', (e) => panel.report(e)).scene // 'particles'
 */
export function parseAppUrl(search: string, onError?: (err: AppUrlError) => void): AppUrlState {
  const fail = (err: AppUrlError): void => {
    if (!onError) throw err;
    onError(err);
  };
  const q = new URLSearchParams(search);
  const state: AppUrlState = { scene: undefined, seed: 1, params: {}, canvas: undefined, paused: false, timeScale: 1, workers: undefined, fault: undefined, slowStep: undefined, kernels: undefined, mainLane: true };
  const scene = q.get('scene');
  if (scene) state.scene = scene;
  const seed = q.get('seed');
  if (seed !== null) {
    const n = Number(seed);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) fail(new AppUrlError('seed', seed, 'an integer 0..4294967295'));
    else state.seed = n;
  }
  const canvas = q.get('canvas');
  if (canvas !== null) {
    const m = /^(\d{2,5})x(\d{2,5})$/.exec(canvas);
    if (!m) fail(new AppUrlError('canvas', canvas, 'WIDTHxHEIGHT in pixels, e.g. 320x240'));
    else state.canvas = { width: Number(m[1]), height: Number(m[2]) };
  }
  const paused = q.get('paused');
  if (paused !== null) state.paused = paused === '' || paused === '1' || paused === 'true';
  const ts = q.get('timescale');
  if (ts !== null) {
    const n = Number(ts);
    if (!(n >= 0) || !Number.isFinite(n)) fail(new AppUrlError('timescale', ts, 'a number >= 0'));
    else state.timeScale = n;
  }
  const workers = q.get('workers');
  if (workers !== null) {
    const n = Number(workers);
    if (!Number.isInteger(n) || n < 0 || n > MAX_APP_WORKERS) fail(new AppUrlError('workers', workers, `an integer 0..${MAX_APP_WORKERS} (0 runs jobs inline on the main thread)`));
    else state.workers = n;
  }
  const fault = q.get('fault');
  if (fault !== null) {
    if (fault !== 'kernel' && fault !== 'worker') fail(new AppUrlError('fault', fault, 'kernel or worker (a test hook)'));
    else state.fault = fault;
  }
  const slow = q.get('slowstep');
  if (slow !== null) {
    const n = Number(slow);
    if (!Number.isInteger(n) || n < 0 || n > MAX_SLOW_STEP_MS) fail(new AppUrlError('slowstep', slow, `an integer 0..${MAX_SLOW_STEP_MS} (ms of busy work per fixed step, a test hook)`));
    else state.slowStep = n;
  }
  const kernels = q.get('kernels');
  if (kernels !== null) {
    if (kernels !== 'js' && kernels !== 'wasm') fail(new AppUrlError('kernels', kernels, 'js or wasm (JavaScript kernels, or the ones the build compiled to WebAssembly)'));
    else state.kernels = kernels;
  }
  const mainLane = q.get('mainlane');
  if (mainLane !== null) {
    if (mainLane !== '0' && mainLane !== '1') fail(new AppUrlError('mainlane', mainLane, '0 or 1 (0: the main thread runs no job batch while a worker lives, a test hook)'));
    else state.mainLane = mainLane === '1';
  }
  for (const [k, v] of q) if (!APP_KEYS.has(k)) state.params[k] = v;
  return state;
}

/**
 * The query string for a state (app options first, then params), for
 * `history.replaceState` so a reload or a shared link shows the same thing.
 *
 * @example
 * formatAppUrl({ ...state, scene: 'particles', seed: 3 }) // '?scene=particles&seed=3'
 */
export function formatAppUrl(state: AppUrlState): string {
  const q = new URLSearchParams();
  if (state.scene) q.set('scene', state.scene);
  q.set('seed', String(state.seed));
  if (state.canvas) q.set('canvas', `${state.canvas.width}x${state.canvas.height}`);
  if (state.paused) q.set('paused', '1');
  if (state.timeScale !== 1) q.set('timescale', String(state.timeScale));
  if (state.workers !== undefined) q.set('workers', String(state.workers));
  if (state.fault !== undefined) q.set('fault', state.fault);
  if (state.slowStep !== undefined) q.set('slowstep', String(state.slowStep));
  if (state.kernels !== undefined) q.set('kernels', state.kernels);
  if (!state.mainLane) q.set('mainlane', '0');
  for (const [k, v] of Object.entries(state.params)) q.set(k, v);
  return `?${q.toString()}`;
}
