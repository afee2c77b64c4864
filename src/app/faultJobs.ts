/**
 * Test hooks for the app's `?fault=` and `?slowstep=` options: jobs that fail on
 * purpose, so the e2e suite can check that job errors reach the on-screen panel,
 * and one that is slow on purpose, so it can check that the page stays
 * interactive when the simulation cannot keep up. A kernel
 * module like any scene's (the bundle's kernel registry lists it), small
 * kernels, no DOM and no three.js.
 */
import { defineJob } from '../jobs/defineJob.ts';
import { write, f64 } from '../jobs/argDecl.ts';

/** `?fault=kernel`: throws in the kernel; complete() turns it into a JobKernelError. */
export const kernelFault = defineJob({
  name: 'app.fault.kernel',
  args: { fired: write.u8 },
  kernel(_start, _end, { fired }) {
    fired[0] = 1;
    throw new Error('kernel fault injected by the ?fault=kernel test hook');
  },
});

/**
 * `?fault=worker`: on a worker lane only, fails the worker thread outside any
 * kernel (an uncaught error on its event loop), which the host sees as the
 * worker's `error` event. Scheduled as two batches of one: the main lane's
 * batch waits (at most 50 ms) for a worker to take the other, so the main
 * thread cannot run both itself; the app schedules it again until a worker
 * has run it (`fired[0]` becomes 1).
 */
export const workerFault = defineJob({
  name: 'app.fault.worker',
  args: { fired: write.u8 },
  kernel(_start, _end, { fired }) {
    if (typeof (globalThis as { document?: unknown }).document !== 'undefined') {
      const t0 = performance.now();
      while (Atomics.load(fired, 0) === 0 && performance.now() - t0 < 50);
      return;
    }
    Atomics.store(fired, 0, 1);
    setTimeout(() => {
      throw new Error('worker fault injected by the ?fault=worker test hook');
    }, 0);
  },
});

/**
 * `?slowstep=MS`: busy-waits `msEach` ms per item. The app schedules MS / 2
 * items of 2 ms each fixed step, so any lane (the main thread included) can stop
 * between batches when a frame's budget runs out.
 */
export const slowStep = defineJob({
  name: 'app.slowStep',
  args: { msEach: f64 },
  kernel(start, end, { msEach }) {
    for (let i = start; i < end; i++) {
      const t0 = performance.now();
      while (performance.now() - t0 < msEach);
    }
  },
});
