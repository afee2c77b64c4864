import { JobScheduler } from '../src/jobs/JobScheduler.ts';
import { nothing } from './fixtures/benchKernels.ts';
import { usPerCall } from './lib/timePerCall.ts';
const d = new JobScheduler();
const none = nothing.createArgs();
for (let i = 0; i < 100000; i++) d.complete(d.schedule(nothing, none));
const r = [];
for (let k = 0; k < 7; k++) r.push(usPerCall(100000, () => d.complete(d.schedule(nothing, none))).value);
r.sort(); console.log('inline median', r[3].toFixed(3));
