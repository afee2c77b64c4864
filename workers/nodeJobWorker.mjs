// Piscina loads this file in each worker thread: register tsx (the project's
// TypeScript loader) so the .ts worker entry and kernel modules import from a
// fresh clone without a build step, then hand piscina the real handler.
import { register } from 'tsx/esm/api';

register();
// Release runs strip asserts from kernel modules here too (the parent's `.ts`
// preloads are not passed to workers: see workerExecArgv in NodeThreadHost).
if (process.env.NODE_ENV === 'production') await import('../src/assert/registerRelease.ts');
const mod = await import('./nodeJobWorker.ts');
export default mod.default;
// The same handler under the name the host's balancer routes attach tasks by.
export const attach = mod.default;
