/**
 * The entry of a runner child process (forked by {@link RunnerPool}): it runs the
 * headless runner once per message from its parent, in this process, and answers
 * with the exit code and the runner's stdout (one JSON document). A long-lived
 * child pays for tsx and the scene imports once, not once per point.
 *
 * The runner's frame loop is synchronous, so one point runs at a time; the parent
 * sends the next only after the answer.
 */
import { runSim } from '../cli/runSim.ts';
import type { RunRequest, RunAnswer } from './RunnerPool.ts';

process.on('message', (msg: RunRequest) => {
  let out = '';
  let err = '';
  void runSim(msg.argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false }).then((code) => {
    const answer: RunAnswer = { id: msg.id, code, stdout: out, stderrTail: err.slice(-2000) };
    process.send!(answer);
  });
});
// Ctrl-C in a terminal signals the whole process group: the parent decides (a sweep
// kills its children, a sweep-worker lets them finish the points in hand).
process.on('SIGINT', () => {});
// The parent is gone (closed, killed): nothing will read another answer.
process.on('disconnect', () => process.exit(0));
