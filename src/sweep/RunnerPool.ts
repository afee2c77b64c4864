import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RunnerCrashError } from './errors.ts';

/** Parent → child: run the headless runner with these arguments. */
export interface RunRequest {
  id: number;
  argv: string[];
}

/** Child → parent: the runner's exit code and its stdout. */
export interface RunAnswer {
  id: number;
  code: number;
  stdout: string;
  stderrTail: string;
}

interface Slot {
  child: ChildProcess | undefined;
  busy: { req: RunRequest; key: string; resolve(a: RunAnswer): void; reject(e: Error): void } | undefined;
  stderr: string;
}

// The child loads TypeScript (tsx) and the coroutine compiler's hooks, as `npm run sim`
// does, found from this file so a sweep-worker started from any folder works.
const CHILD = fileURLToPath(new URL('./RunnerChild.ts', import.meta.url));
const EXEC_ARGV = ['--import', import.meta.resolve('tsx'), '--import', new URL('../build/register.ts', import.meta.url).href];

/**
 * A pool of headless runner child processes, `size` of them, forked on first use
 * and reused. A point that kills its child rejects with {@link RunnerCrashError};
 * the next point gets a fresh child.
 *
 * @example
 * const pool = new RunnerPool(os.availableParallelism());
 * const { code, stdout } = await pool.run('lambdaP=0.1 seed=1', ['pondernet', '--frames', '300', '--json']);
 * await pool.close();
 */
export class RunnerPool {
  private readonly slots: Slot[];
  private readonly waiting: { key: string; argv: string[]; resolve(a: RunAnswer): void; reject(e: Error): void }[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    this.slots = Array.from({ length: size }, () => ({ child: undefined, busy: undefined, stderr: '' }));
  }

  /** Run the runner with `argv` in a free child (queued while all are busy); `key` names the point in errors. */
  run(key: string, argv: string[]): Promise<RunAnswer> {
    if (this.closed) return Promise.reject(new Error('RunnerPool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, argv, resolve, reject });
      this.dispatch();
    });
  }

  /** The pids of the live children (tests stop them by pid). */
  pids(): number[] {
    return this.slots.flatMap((s) => (s.child?.pid !== undefined ? [s.child.pid] : []));
  }

  /** Kill every child; points still running or queued reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('RunnerPool closed'));
    await Promise.all(
      this.slots.map((s) => {
        const child = s.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        return new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGKILL');
        });
      }),
    );
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.waiting.length === 0) continue;
      const job = this.waiting.shift()!;
      const req: RunRequest = { id: this.nextId++, argv: job.argv };
      slot.busy = { req, key: job.key, resolve: job.resolve, reject: job.reject };
      slot.stderr = '';
      (slot.child ??= this.spawn(slot)).send(req);
    }
  }

  private spawn(slot: Slot): ChildProcess {
    const child = fork(CHILD, [], { execArgv: EXEC_ARGV, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    child.stderr!.setEncoding('utf8').on('data', (t: string) => void (slot.stderr = (slot.stderr + t).slice(-2000)));
    child.on('message', (answer: RunAnswer) => {
      const busy = slot.busy;
      if (!busy || busy.req.id !== answer.id) return;
      slot.busy = undefined;
      busy.resolve(answer);
      this.dispatch();
    });
    child.on('exit', (code, signal) => {
      if (slot.child === child) slot.child = undefined;
      const busy = slot.busy;
      if (!busy) return;
      slot.busy = undefined;
      busy.reject(new RunnerCrashError(busy.key, signal ? `signal ${signal}` : `exit code ${code}`, slot.stderr.trim()));
      if (!this.closed) this.dispatch();
    });
    return child;
  }
}
