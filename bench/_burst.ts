import { startDispatch, burstUs } from './lib/jobFigures.ts';
const d = await startDispatch();
for (let r = 0; r < 3; r++) console.log('burst', burstUs(d, 1500).value.toFixed(3));
await d.close(); process.exit(0);
