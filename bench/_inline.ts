import { JobScheduler } from '../src/jobs/JobScheduler.ts';
import { nothing } from './fixtures/benchKernels.ts';
import { usPerCall } from './lib/timePerCall.ts';
const d = new JobScheduler();
const none = nothing.createArgs();
const call = () => d.complete(d.schedule(nothing, none));
for (let i = 0; i < 200_000; i++) call();
for (let r = 0; r < 3; r++) console.log('inline', usPerCall(150_000, call).value.toFixed(3));
if (process.env.LONG) { const t0 = performance.now(); while (performance.now() - t0 < 4000) for (let i = 0; i < 10000; i++) call(); }
process.exit(0);
