/**
 * `npm run sweep -- <scene> --param name=lo:hi:count [--seeds 1..8] [--frames N] [--out F] [--html F] [--queue URL]`:
 * the entry of {@link runSweep}. Ctrl-C stops the sweep (the results so far are in --out, the queue keeps its jobs).
 */
import { runSweep } from '../sweep/Sweep.ts';

const ac = new AbortController();
process.once('SIGINT', () => ac.abort());
process.exitCode = await runSweep(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY }, ac.signal);
