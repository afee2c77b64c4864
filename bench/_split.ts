import { JobScheduler } from '../src/jobs/JobScheduler.ts';
import { nothing } from './fixtures/benchKernels.ts';
const d = new JobScheduler();
const none = nothing.createArgs();
const hs = new Int32Array(200);
let ts = 0, tc = 0, te = 0, n = 0;
for (let r = 0; r < 6000; r++) {
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) hs[i] = d.schedule(nothing, none);
  const t1 = performance.now();
  for (let i = 0; i < 200; i++) d.complete(hs[i]);
  const t2 = performance.now();
  d.endFrame();
  const t3 = performance.now();
  if (r >= 1000) { ts += t1 - t0; tc += t2 - t1; te += t3 - t2; n += 200; }
}
console.log('schedule', (ts / n * 1000).toFixed(3), 'complete(run+finish)', (tc / n * 1000).toFixed(3), 'endFrame', (te / n * 1000).toFixed(3), 'us/job');
process.exit(0);
