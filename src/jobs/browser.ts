/**
 * tickflow/jobs/browser: the page's side of worker kernels under Vite. Its module
 * expands `import.meta.glob` over the project's kernel files, so it loads only
 * in a Vite bundle (the `tickflow/vite` plugin), never in Node.
 */
export { bindKernelModules, loadKernelModule, kernelModuleIds } from './BrowserKernelModules.ts';
