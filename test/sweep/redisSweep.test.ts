/**
 * Sweeps on BullMQ over a real Redis: a redis-server started here (loopback, a
 * free port, no persistence), two sweep-worker processes, a 12-point sweep; the
 * worker that takes the first point is SIGKILLed as soon as it starts it, and
 * BullMQ's stalled-job recovery must run that point again on the other, with the
 * same hash as the local run. Every process started here is stopped by pid.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../../src/sweep/Sweep.ts';
import { checkRedis } from '../../src/sweep/RedisConnection.ts';
import type { CliIO } from '../../src/cli/runSim.ts';
import type { SweepResult } from '../../src/sweep/SweepResult.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// 12 points: 4 lambdaP x 3 seeds, small runs.
const SWEEP = ['pondernet', '--param', 'lambdaP=0.1:0.4:4', '--param', 'w=0', '--param', 'agents=256', '--seeds', '1..3', '--frames', '40'];
// A short job lock, so a killed worker's point is requeued within seconds (BullMQ's default is 30 s).
const LOCK_MS = '4000';

function io() {
  const err: string[] = [];
  const sink: CliIO = { out: () => {}, err: (t) => void err.push(t), isTTY: false };
  return { sink, err: () => err.join('') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A process's stderr as it grows, and a wait for a line matching `re`. */
function watch(child: ChildProcess) {
  let text = '';
  const waiters: { re: RegExp; resolve(m: RegExpMatchArray): void }[] = [];
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    text += t;
    for (const w of waiters.splice(0)) {
      const m = text.match(w.re);
      if (m) w.resolve(m);
      else waiters.push(w);
    }
  });
  return {
    text: () => text,
    waitFor: (re: RegExp) => new Promise<RegExpMatchArray>((resolve) => {
      const m = text.match(re);
      if (m) resolve(m);
      else waiters.push({ re, resolve });
    }),
  };
}

/** The pids of a process's children (Linux), read before it is killed so they can be stopped too. */
function childPids(pid: number): number[] {
  const f = `/proc/${pid}/task/${pid}/children`;
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(hard), resolve()));
    child.kill(signal);
  });
}

/**
 * `npm test` covers what needs only Node: without Debian's redis-server this
 * suite is skipped, and says so, except under CI (`.ci/run` installs the server),
 * where a missing server fails it.
 */
const hasRedisServer = !spawnSync('redis-server', ['--version']).error;
const REDIS_HINT = "this test needs Debian's redis-server, which .ci/run installs (apt-get install -y redis-server)";
if (!hasRedisServer && !process.env.CI) console.warn(`test/sweep/redisSweep.test.ts skipped: redis-server is not on PATH; ${REDIS_HINT}.`);

const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SweepResult);
const hashes = (rs: SweepResult[]) => new Map(rs.map((r) => [r.key, r.hash]));

describe.skipIf(!hasRedisServer && !process.env.CI)('sweep on BullMQ over Redis', () => {
  let redis: ChildProcess | undefined;
  const workers: ChildProcess[] = [];
  const orphans: number[] = [];
  let url = '';
  const dir = mkdtempSync(join(tmpdir(), 'tickflow-redis-sweep-'));

  beforeAll(async () => {
    if (!hasRedisServer) throw new Error(`redis-server is not on PATH: ${REDIS_HINT}.`);
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    // Ready when it answers PING; bounded against a server that never comes up.
    for (let i = 0; ; i++) {
      try {
        await checkRedis(url);
        break;
      } catch (err) {
        if (i >= 100 || redis.exitCode !== null) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stop(w)));
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: it exits on its own once its parent is
      }
    }
    await stop(redis);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('runs all 12 points across two workers, one SIGKILLed mid-run, with the local run\'s hashes', async () => {
    const local = io();
    const localOut = join(dir, 'local.jsonl');
    expect(await runSweep([...SWEEP, '--out', localOut, '--concurrency', '2'], local.sink, new AbortController().signal), local.err()).toBe(0);

    for (let i = 0; i < 2; i++) {
      workers.push(spawn(process.execPath, ['--import', 'tsx', '--import', './src/build/register.ts', 'src/cli/sweepWorkerMain.ts', '--queue', url, '--concurrency', '1', '--lock-ms', LOCK_MS], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }));
    }
    const [a, b] = workers.map(watch) as [ReturnType<typeof watch>, ReturnType<typeof watch>];
    await Promise.all([a.waitFor(/waiting for points/), b.waitFor(/waiting for points/)]);

    const queued = io();
    const queueOut = join(dir, 'queue.jsonl');
    const sweep = runSweep([...SWEEP, '--out', queueOut, '--queue', url], queued.sink, new AbortController().signal);
    // Kill the worker that takes the first point, the moment it has taken it: that point is mid-run.
    const started = /sweep-worker: start (.+?) \(job/;
    const [victim, killedKey] = await Promise.race([a, b].map((w, i) => w.waitFor(started).then((m) => [i, m[1]!] as const)));
    const [dead, alive] = victim === 0 ? [a, b] : [b, a];
    orphans.push(...childPids(workers[victim]!.pid!));
    workers[victim]!.kill('SIGKILL');
    const code = await sweep;
    expect(code, queued.err() + alive.text()).toBe(0);
    expect(dead.text()).not.toContain(`done ${killedKey}`);
    // The other worker ran the killed point again, after BullMQ found it stalled.
    expect(alive.text()).toContain(`start ${killedKey} `);

    const results = lines(queueOut);
    expect(results).toHaveLength(12);
    expect(results.every((r) => !r.error && /^[0-9a-f]{8}$/.test(r.hash ?? ''))).toBe(true);
    expect(hashes(results)).toEqual(hashes(lines(localOut)));
  }, 180_000);

  it('leaves the queue resumable when the coordinator is interrupted', async () => {
    // Other frames than above: other job ids, so nothing of that sweep is reused.
    const spec = [...SWEEP.slice(0, -1), '41'];
    const out = join(dir, 'resume.jsonl');
    const ac = new AbortController();
    const first: string[] = [];
    // Ctrl-C as soon as the first result is in.
    const sink: CliIO = { out: () => {}, err: (t) => void (first.push(t), /^sweep 1\/12/m.test(t) && ac.abort()), isTTY: false };
    expect(await runSweep([...spec, '--out', out, '--queue', url], sink, ac.signal), first.join('')).toBe(130);
    expect(first.join('')).toMatch(/interrupted with \d+ of 12 points done; the rest stay queued/);
    const again = io();
    expect(await runSweep([...spec, '--out', out, '--queue', url], again.sink, new AbortController().signal), again.err()).toBe(0);
    // Nothing enqueued twice: the points not in the file were already on the queue.
    expect(again.err()).toMatch(/sweep: 0 points enqueued on .*, \d+ already there/);
    expect(lines(out)).toHaveLength(12);
    expect(new Set(lines(out).map((r) => r.key)).size).toBe(12);
  }, 120_000);
});
