/**
 * The worker side of the job system, shared by every host (Node piscina
 * workers, browser Web Workers): apply control messages, then claim and run
 * batches from the SAB ring; spin for a bounded time when idle, then sleep on
 * the SIGNAL futex word so an idle app burns no CPU.
 */
import { CTL, L, LANE, type JobMemory } from '../src/jobs/JobMemory.ts';
import { runOneBatch, createKernelTable, type KernelTable } from '../src/jobs/JobExecutor.ts';
import { loadJob } from '../src/jobs/loadExports.ts';
import type { ControlMessage } from '../src/jobs/ThreadHost.ts';
import { adoptKernelMemory, onKernelMemory } from '../src/ecs/kernelMemory.ts';
import { attachCompiledKernels, setKernelPath } from '../src/jobs/compiledKernels.ts';

/** What a host gives the loop. */
export interface WorkerEnv {
  readonly mem: JobMemory;
  readonly lane: number;
  /** Let the thread's event loop run once (deliver control messages, pool tasks). */
  yieldToHost(): Promise<void>;
}

/** A worker's state: its kernel table and the queue that applies control messages in order. */
export interface WorkerState {
  readonly env: WorkerEnv;
  readonly table: KernelTable;
  applied: Promise<void>;
}

/** Create the worker state for a lane. */
export function createWorkerState(env: WorkerEnv): WorkerState {
  return { env, table: createKernelTable(), applied: Promise.resolve() };
}

/**
 * Queue a control message: import its kernel modules, learn its buffers, then
 * acknowledge its epoch in the lane words. A kernel that cannot be loaded is
 * reported and left out; the main thread runs its jobs.
 */
export function applyControl(state: WorkerState, msg: ControlMessage): Promise<void> {
  state.applied = state.applied.then(async () => {
    const t = state.table;
    // A late joiner may see a message both in its log copy and on its port.
    if (msg.epoch <= t.epoch) return;
    // Adopt the main thread's kernel memory before kernel modules load (they instantiate over it),
    // and rebuild views on it, so compiled kernels see their arrays inside it.
    if (msg.memory) adoptKernelMemory(msg.memory);
    for (const b of msg.buffers) t.buffers[b.id] = onKernelMemory(b.array);
    for (const k of msg.kernels) {
      try {
        const def = await loadJob(k.module, k.name);
        t.kernels[k.id] = def;
        // The main thread runs this job compiled: so does this lane, from the same bundle.
        if (k.bundle) {
          attachCompiledKernels(k.bundle, [def]);
          setKernelPath('wasm', def.name);
        }
      } catch (err) {
        console.error(`tickflow worker lane ${state.env.lane}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    t.epoch = msg.epoch;
    Atomics.store(state.env.mem.lanes, state.env.lane * L.STRIDE + L.EPOCH_ACK, msg.epoch);
  });
  return state.applied;
}

/** Node's global `performance` is a lazy getter (a call and a property check per read): read it once. */
const clock = performance;
const hasWaitAsync = typeof (Atomics as { waitAsync?: unknown }).waitAsync === 'function';
/** Blocking sleep before the long (event-loop friendly) one, in ms: longer than a frame. */
const HOT_SLEEP_MS = 50;
/** Longest a lane that is never idle long enough to sleep goes without running its event loop, in ms. */
const YIELD_EVERY_MS = 20;

/**
 * Poll LAST, SIGNAL and FINISHED for the spin budget (`CTL.SPIN_US`): true as
 * soon as one moves. The clock is read only every 256 polls, and the first
 * time then: a lane woken within its first polls never reads it.
 */
function spinForWork(ctl: Int32Array, seenLast: number, seenSignal: number, seenFinished: number): boolean {
  let until = 0;
  for (let i = 1; ; i++) {
    if (Atomics.load(ctl, CTL.LAST) !== seenLast || Atomics.load(ctl, CTL.SIGNAL) !== seenSignal || Atomics.load(ctl, CTL.FINISHED) !== seenFinished) return true;
    if ((i & 255) !== 0) continue;
    const now = clock.now();
    if (until === 0) until = now + ctl[CTL.SPIN_US]! / 1000;
    else if (now > until) return false;
  }
}

/**
 * Run the lane until shutdown (or until the lane is marked dead). Async only
 * around sleeping and control changes; batches run synchronously.
 */
export async function runJobWorkerLoop(state: WorkerState): Promise<void> {
  const { mem, lane } = state.env;
  const ctl = mem.ctl;
  const table = state.table;
  const laneState = lane * L.STRIDE + L.STATE;
  let lastYield = clock.now();
  for (;;) {
    // A lane that finds batches goes from one straight to the next: the words below
    // are looked at when it runs dry (shutdown comes after the last job completes,
    // and a job needing newer kernels or buffers is left to lanes that have them).
    if (runOneBatch(mem, lane, table)) continue;
    if (Atomics.load(ctl, CTL.SHUTDOWN) !== 0 || Atomics.load(mem.lanes, laneState) !== LANE.ALIVE) break;
    if (Atomics.load(ctl, CTL.EPOCH) > table.epoch) {
      await state.env.yieldToHost();
      continue;
    }
    // Idle: spin on the words that can make work appear (a publish, a job
    // finishing and unblocking dependents, a control change), for a bounded time.
    const seenLast = Atomics.load(ctl, CTL.LAST);
    const seenSignal = Atomics.load(ctl, CTL.SIGNAL);
    const seenFinished = Atomics.load(ctl, CTL.FINISHED);
    if (runOneBatch(mem, lane, table)) continue;
    if (spinForWork(ctl, seenLast, seenSignal, seenFinished)) continue;
    Atomics.add(ctl, CTL.SLEEPERS, 1);
    // First a short blocking sleep: a futex wake costs tens of microseconds, so a
    // lane between two bursts of one frame is back at once. Only then the long
    // sleep, with waitAsync where there is one: it keeps the event loop free for
    // control messages and pool tasks (its wake-up goes through the event loop,
    // which is slower, so it is for idle time only).
    // Counted as a sleeper first, then LAST once more: a publish after this look sees the count and bumps SIGNAL.
    if (Atomics.load(ctl, CTL.LAST) === seenLast && Atomics.load(ctl, CTL.SIGNAL) === seenSignal && Atomics.load(ctl, CTL.SHUTDOWN) === 0) {
      const r = Atomics.wait(ctl, CTL.SIGNAL, seenSignal, HOT_SLEEP_MS);
      if (r === 'timed-out' && Atomics.load(ctl, CTL.EPOCH) === table.epoch) {
        if (hasWaitAsync) {
          const a = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } }).waitAsync(ctl, CTL.SIGNAL, seenSignal, 1000);
          if (a.async) await a.value;
        } else {
          await state.env.yieldToHost();
        }
      }
    }
    Atomics.sub(ctl, CTL.SLEEPERS, 1);
    // A lane woken every frame never reaches the long sleep: let its event loop
    // run now and then (comlink calls such as stats, pool tasks), between bursts only.
    const now = clock.now();
    if (now - lastYield > YIELD_EVERY_MS) {
      lastYield = now;
      await state.env.yieldToHost();
    }
  }
}
