/**
 * `npm run sweep-worker -- --queue redis://host:port [--concurrency K]`: the entry of
 * {@link runSweepWorker}. The first Ctrl-C lets the points in hand finish; a second
 * one exits at once (BullMQ's stalled-job check then runs those points again elsewhere).
 */
import { runSweepWorker } from '../sweep/SweepWorker.ts';

const ac = new AbortController();
process.once('SIGINT', () => {
  ac.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.once('SIGTERM', () => ac.abort());
const code = await runSweepWorker(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY }, ac.signal);
// Exit even if a Redis client still holds a reconnect timer.
process.exit(code);
