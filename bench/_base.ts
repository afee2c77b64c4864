import { startPingPong } from './lib/atomicsPingPong.ts';
import { startMinimalProtocol } from './lib/minimalProtocol.ts';
import { startDispatch } from './lib/jobFigures.ts';
import { pairedUsPerCall, pairedRatio } from './lib/timePerCall.ts';
const f = (x: { value: number; min: number; max: number }) => `${x.value.toFixed(3)} [${x.min.toFixed(3)}..${x.max.toFixed(3)}]`;
const spin = await startPingPong(20_000), min = await startMinimalProtocol(), disp = await startDispatch();
for (let r = 0; r < 3; r++) {
  const t = pairedUsPerCall(30_000, { spin: spin.call, minimal: min.call, dispatch: disp.call });
  console.log('spin', f(t.us.spin), 'min', f(t.us.minimal), 'disp', f(t.us.dispatch), 'd/s', f(pairedRatio(t, 'dispatch', 'spin')), 'd/m', f(pairedRatio(t, 'dispatch', 'minimal')));
  if (r === 0) console.log(t.blocks.spin.map((x) => x.toFixed(2)).join(' '), '|', t.blocks.dispatch.map((x) => x.toFixed(2)).join(' '));
}
await spin.close(); await min.close(); await disp.close();
process.exit(0);
