/**
 * `node --import tsx --import ./src/build/register.ts main.ts`: compile coroutines
 * in the Node headless runner and benchmarks. Enables source maps so stack traces
 * from compiled coroutines point at the original lines.
 */
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
// `--kernels=wasm` (or `--kernels wasm`) on the command line: compile job kernels as modules load
// and run them compiled. Set before the hooks start, which read it (src/jobs/compiledKernels.ts too).
const k = process.argv.findIndex((a) => a === '--kernels' || a.startsWith('--kernels='));
if (k >= 0) {
  const v = process.argv[k]!.includes('=') ? process.argv[k]!.slice('--kernels='.length) : process.argv[k + 1];
  if (v === 'js' || v === 'wasm') process.env.TICKFLOW_KERNELS = v;
}
// `npm run bench` compiles kernels too, with the JS path still the default, so a
// suite can time the compiled kernels of the same scene in the same run.
if (!process.env.TICKFLOW_KERNELS && process.env.npm_lifecycle_event === 'bench') process.env.TICKFLOW_KERNELS = 'js';
// The hooks run on tsx's loader thread, started before this line: pass the choice as data.
register('./loaderHooks.ts', import.meta.url, { data: { kernels: process.env.TICKFLOW_KERNELS } });
