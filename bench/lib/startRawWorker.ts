import { Worker } from 'node:worker_threads';
import { workerExecArgv, WORKER_RESOURCE_LIMITS } from '../../src/jobs/NodeThreadHost.ts';

/**
 * A bare `worker_threads` peer from CommonJS source, for the floors the job
 * system is measured against. It gets what a job worker gets: the parent's
 * module-loading flags only (`npm run bench` preloads `.ts` modules a worker
 * cannot load) and explicit `resourceLimits` (V8's heap flags are process-wide:
 * without them a worker would take the main thread's 1 GB semi-spaces).
 *
 * @example
 * const w = startRawWorker(`require('node:worker_threads').parentPort.postMessage(1)`);
 */
export function startRawWorker(source: string, workerData?: unknown): Worker {
  return new Worker(source, { eval: true, workerData, execArgv: workerExecArgv(process.execArgv), resourceLimits: { ...WORKER_RESOURCE_LIMITS } });
}
