import type { AppUrlState } from './AppUrl.ts';

/** The page's fixed elements, made once: the stage with its canvas, the HUD and its status line. */
export interface AppLayout {
  readonly stage: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly hud: HTMLElement;
  readonly status: HTMLElement;
}

/**
 * Build the app's DOM under `root`: the canvas (at a fixed size when the URL
 * says `canvas=WxH`), the HUD that the stats and the timeline strip go into,
 * and the key help line. Panels add themselves to these.
 *
 * @example
 * const { canvas, hud, status } = createAppLayout(document.getElementById('app')!, url);
 */
export function createAppLayout(root: HTMLElement, url: Pick<AppUrlState, 'canvas'>): AppLayout {
  root.classList.add('tf-root');
  const stage = document.createElement('div');
  stage.className = 'tf-stage';
  const canvas = document.createElement('canvas');
  canvas.className = 'tf-canvas';
  stage.append(canvas);
  if (url.canvas) {
    stage.classList.add('tf-fixed');
    stage.style.width = `${url.canvas.width}px`;
    stage.style.height = `${url.canvas.height}px`;
  }
  const hud = document.createElement('div');
  hud.className = 'tf-hud';
  const status = document.createElement('div');
  status.className = 'tf-status';
  hud.append(status);
  const help = document.createElement('div');
  help.className = 'tf-help';
  help.textContent = 'Space pause · . step · R reset · H hide panels · drag to orbit, wheel to zoom';
  root.append(stage, hud, help);
  return { stage, canvas, hud, status };
}
