/**
 * The Node worker entry (loaded by piscina through nodeJobWorker.mjs, which
 * registers tsx first). Two task kinds: `attach` turns this thread into a job
 * lane and starts the shared loop detached (the task returns at once, so the
 * thread stays free for pool tasks while the loop sleeps); `call` runs a pool task.
 */
import { threadId, type MessagePort } from 'node:worker_threads';
import { CTL, L, LANE, markLaneDead, type JobMemory } from '../src/jobs/JobMemory.ts';
import { loadPoolTask } from '../src/jobs/loadExports.ts';
import type { ControlMessage } from '../src/jobs/ThreadHost.ts';
import { createWorkerState, applyControl, runJobWorkerLoop, type WorkerState } from './jobWorkerLoop.ts';

/** A task piscina hands this worker. */
export type NodeWorkerTask =
  | { kind: 'attach'; lane: number; mem: JobMemory; log: ControlMessage[]; port: MessagePort }
  | { kind: 'call'; module: string; name: string; input: unknown };

let attached: WorkerState | null = null;

export default async function handle(task: NodeWorkerTask): Promise<unknown> {
  if (task.kind === 'call') return (await loadPoolTask(task.module, task.name)).run(task.input);
  if (attached !== null) {
    task.port.close();
    return { ok: false, threadId };
  }
  const { mem, lane, port } = task;
  const state = createWorkerState({ mem, lane, yieldToHost: () => new Promise((r) => setImmediate(r)) });
  attached = state;
  for (const m of task.log) void applyControl(state, m);
  port.on('message', (m: ControlMessage) => void applyControl(state, m));
  port.unref();
  Atomics.store(mem.lanes, lane * L.STRIDE + L.THREAD, threadId);
  Atomics.store(mem.lanes, lane * L.STRIDE + L.STATE, LANE.ALIVE);
  // process.exit() inside a kernel runs this on the dying thread: the batch it held fails at once.
  process.on('exit', () => {
    if (Atomics.load(mem.ctl, CTL.SHUTDOWN) === 0) markLaneDead(mem, lane);
  });
  // Start after this task's reply is sent: the loop runs synchronously while jobs flow.
  setImmediate(() => {
    runJobWorkerLoop(state).catch((err) => {
      console.error(`tickflow worker lane ${lane}: loop failed: ${err instanceof Error ? err.stack : String(err)}`);
      markLaneDead(mem, lane);
    });
  });
  return { ok: true, threadId };
}
