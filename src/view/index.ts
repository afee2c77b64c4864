/**
 * tickflow's three.js binding: the view contract scenes implement, the renderer
 * the browser app owns, and helpers that draw straight from SAB-backed arrays.
 * Only the browser app and scenes' `view.ts` import this; the core never does.
 */
export type { ViewContext, SceneView, ViewFactory } from './SceneView.ts';
export { ViewRenderer } from './ViewRenderer.ts';
export type { ViewRendererOptions } from './ViewRenderer.ts';
export { InstancedArrays, writeTranslationScale, writeColor } from './InstancedArrays.ts';
export { marksView, lookDown } from './marksView.ts';
export type { Marks, MarkLayer, Rgb } from './marksView.ts';
export type { InstancedArraysOptions } from './InstancedArrays.ts';
export { FixedStepHistory, lerpWrapped } from './FixedStepHistory.ts';
export { WebGLUnavailableError, InstanceCapacityError } from './errors.ts';
