// Piscina loads this file in each worker thread: register tsx so TypeScript kernel
// modules import without a build step (the user's, and in this repository the
// worker entry itself), then hand piscina the real handler. Published, this file
// sits in dist/workers/ next to the compiled handler, so it loads whichever of
// the two exists: the sources here, the package's JavaScript there.
import { register } from 'tsx/esm/api';
import { existsSync } from 'node:fs';

register();
const ext = existsSync(new URL('./nodeJobWorker.ts', import.meta.url)) ? '.ts' : '.js';
// Release runs strip asserts from kernel modules here too (the parent's `.ts`
// preloads are not passed to workers: see workerExecArgv in NodeThreadHost).
if (process.env.NODE_ENV === 'production') await import(`../src/assert/registerRelease${ext}`);
const mod = await import(`./nodeJobWorker${ext}`);
export default mod.default;
// The same handler under the name the host's balancer routes attach tasks by.
export const attach = mod.default;
