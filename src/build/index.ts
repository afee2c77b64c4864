/**
 * tickflow/build: the build-time pipeline (one parse, ordered passes, one print
 * with a source map), the async builder pass that compiles coroutines, and the
 * Vite plugin. The Node loader is `src/build/register.ts`.
 */
export { transformModule } from './transformModule.ts';
export type { ModuleTransform, TransformContext, TransformOptions, TransformOutput } from './transformModule.ts';
export { coroutineTransform } from './CoroutineTransform.ts';
export type { CoroutineTransformOptions } from './CoroutineTransform.ts';
export { compileCoroutine } from './CoroutineCompiler.ts';
export type { CompileResult, RuntimeNames } from './CoroutineCompiler.ts';
export { tickflowBuild } from './vitePlugin.ts';
export type { TickflowBuildOptions } from './vitePlugin.ts';
export { coroutineFallback } from './errors.ts';
export type { BuildWarning, SourcePosition } from './errors.ts';
