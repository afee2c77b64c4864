import { JobScheduler } from '../src/jobs/JobScheduler.ts';
import { nothing } from './fixtures/benchKernels.ts';
const d = new JobScheduler();
const none = nothing.createArgs();
const t0 = performance.now();
for (let i = 0; i < 20_000_000; i++) d.complete(d.schedule(nothing, none));
console.log(((performance.now() - t0) / 2e4).toFixed(3), 'us');
