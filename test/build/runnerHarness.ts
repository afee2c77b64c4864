/**
 * The runner-level equivalence harness: a module of coroutines is loaded twice —
 * compiled by the async builder and as written (plain generators) — and each
 * coroutine runs on a real PlayerLoop + TaskRunner, assembled as
 * src/scene/SceneRuntime.ts assembles them (the runner steps at each phase end,
 * unobserved failures are flushed at frame end). The trace records, per frame,
 * what the coroutine logged, then its outcome (result, error, cancellation) and
 * every unobserved failure, so "compiled ≡ generator" is a comparison of traces.
 * Throws are injected at a chosen wait (a `waitUntil` whose predicate throws),
 * cancellations at a chosen frame.
 */
import { transformSync } from 'rolldown/experimental';
import { PlayerLoop } from '../../src/loop/PlayerLoop.ts';
import { transformModule } from '../../src/build/transformModule.ts';
import { coroutineTransform } from '../../src/build/CoroutineTransform.ts';
import type { BuildWarning } from '../../src/build/errors.ts';
import * as tasksRuntime from '../../src/tasks/index.ts';
import { TaskRunner, join, nextFrame, waitFrames, waitUntil, type CoroutineDef, type TaskHandle } from '../../src/tasks/index.ts';

/** A loaded module: what it put on `__out`, and the builder's warnings. */
export interface LoadedModule {
  out: Record<string, CoroutineDef & Record<string, unknown>>;
  warnings: BuildWarning[];
  code: string;
}

/** Other modules a test module may import, by specifier (`tickflow/tasks` is always there). */
export type ModuleMap = Record<string, Record<string, unknown>>;

/**
 * Load `source` (ESM importing from `tickflow/tasks` or from `modules`, results on
 * `__out`), compiled by the builder or not. TypeScript (`id` ending in .ts) goes
 * through the builder first and oxc after, as under the Vite plugin.
 */
export function loadModule(source: string, compile: boolean, id = 'mod.js', modules: ModuleMap = {}): LoadedModule {
  let code = source;
  let warnings: BuildWarning[] = [];
  if (compile) {
    const out = transformModule(source, id, { transforms: [coroutineTransform()] });
    warnings = out.warnings;
    code = out.code ?? source;
  }
  if (/\.tsx?$/.test(id)) code = transformSync(id, code).code;
  const mods: ModuleMap = { 'tickflow/tasks': tasksRuntime as unknown as Record<string, unknown>, ...modules };
  code = code
    .replace(/import\s*\*\s*as\s+([\w$]+)\s+from\s*["']([^"']+)["'];?/g, (_m, ns: string, from: string) => `const ${ns} = __mod(${JSON.stringify(from)});`)
    .replace(/import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["'];?/g, (_m, specs: string, from: string) => `const {${specs.replace(/\bas\b/g, ':')}} = __mod(${JSON.stringify(from)});`);
  const mod = (from: string): Record<string, unknown> => {
    const m = mods[from];
    if (!m) throw new Error(`runnerHarness: module "${from}" is not in the module map`);
    return m;
  };
  const out: LoadedModule['out'] = {};
  // Modules are strict: a plain call sees `this === undefined`.
  new Function('__mod', '__out', `'use strict';\n${code}`)(mod, out);
  return { out, warnings, code };
}

/** What a program calls through a local: the receiver it sees. */
export function whoAmI(this: unknown): string {
  return this === undefined ? 'undefined' : typeof this;
}

/** A child that returns its argument times ten, at once (joined by `env.w`). */
// eslint-disable-next-line require-yield -- a coroutine that finishes on its first step is the case under test
function* valueChild(v: number) {
  return v * 10;
}

/**
 * What a program reads: numbers and flags from a seed, a log, `w(v)` (what to
 * yield: stepped, the value itself) and `who` (called through a local, it
 * reports its receiver).
 */
export class Env {
  readonly trace: string[] = [];
  private k: number;
  readonly who = whoAmI;
  constructor(seed: number) {
    this.k = seed;
  }
  n(): number {
    this.k = (this.k * 1103515245 + 12345) & 0x7fffffff;
    return this.k % 10;
  }
  flag(): boolean {
    return this.n() % 2 === 0;
  }
  log(...xs: unknown[]): void {
    this.trace.push(`${this.stamp()} ${xs.map((x) => String(x)).join(' ')}`);
  }
  protected stamp(): string {
    return 'log';
  }
  w(v: unknown): unknown {
    return v;
  }
}

/**
 * The environment on the runner: the log is stamped with the frame, and `w(v)`
 * is a wait chosen by `v` (next frame, two frames, a join of a task that already
 * finished, a join of one just started) that throws the injected error at step
 * `throwAt`.
 */
export class RunnerEnv extends Env {
  frame = 0;
  /** Waits made through `w` so far. */
  steps = 0;
  private prev: TaskHandle = 0;
  private injected = '';
  /** Hoisted: the predicate of the injected throw. */
  private readonly boom = (): boolean => {
    throw new Error(this.injected);
  };
  constructor(readonly tasks: TaskRunner, seed: number, private readonly throwAt: number) {
    super(seed);
  }
  protected override stamp(): string {
    return `${this.frame}:`;
  }
  override w(v: unknown): unknown {
    const i = this.steps++;
    if (i === this.throwAt) {
      this.injected = `injected at wait ${i}`;
      return waitUntil(this.boom);
    }
    const n = typeof v === 'number' && Number.isFinite(v) ? Math.abs(Math.trunc(v)) : 0;
    const prev = this.prev;
    this.prev = this.tasks.start(valueChild, n);
    switch (n % 4) {
      case 0:
        return nextFrame();
      case 1:
        return waitFrames(2);
      case 2:
        // The child started at the previous wait ran in that pass: joining it joins a finished task.
        if (prev !== 0 && this.tasks.status(prev) === 'succeeded') {
          this.prev = this.tasks.start(valueChild, n);
          return join(prev);
        }
        return nextFrame();
      default: {
        const h = this.prev;
        this.prev = 0;
        return join(h);
      }
    }
  }
}

/** How to run: arguments after `env`, how many frames, when to cancel, where to throw. */
export interface RunSpec {
  args?: unknown[];
  frames?: number;
  /** Cancel the task before this frame's tick (1-based); -1: never. */
  cancelAt?: number;
  /** Throw at the env.w wait with this index; -1: never. */
  throwAt?: number;
  seed?: number;
}

/** Run one coroutine on a real loop + runner and return its trace. */
export function traceOnRunner(def: CoroutineDef, spec: RunSpec = {}): string[] {
  const loop = new PlayerLoop();
  const reports: string[] = [];
  const tasks = new TaskRunner({ loop, onUnobservedError: (e) => reports.push(`unobserved ${e.taskName}: ${(e.cause as Error)?.message ?? String(e.cause)}`) });
  const env = new RunnerEnv(tasks, spec.seed ?? 1, spec.throwAt ?? -1);
  const args = spec.args ?? [];
  const h = tasks.start(def, env, args[0], args[1], args[2]);
  const frames = spec.frames ?? 40;
  for (let f = 1; f <= frames; f++) {
    env.frame = f;
    if (f === spec.cancelAt && tasks.status(h) === 'running') {
      tasks.cancel(h);
      env.log('cancel requested');
    }
    try {
      loop.tick(0.1);
    } catch (e) {
      env.log(`tick threw ${(e as Error).message}`);
    }
    if (tasks.isDone(h)) break;
  }
  const status = tasks.status(h);
  let outcome: string;
  try {
    outcome = status === 'running' || status === 'cancelling' ? status : `${status} ${JSON.stringify(tasks.result(h)) ?? 'undefined'}`;
  } catch (e) {
    outcome = `${status} ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
  tasks.dispose();
  return [...env.trace, `end at frame ${env.frame}: ${outcome}`, ...reports];
}

/** The traces of `name` run compiled and as a generator, with the compiled module's warnings. */
export function bothOnRunner(source: string, name = 'co', spec: RunSpec = {}, id = 'mod.js', modules: ModuleMap = {}) {
  const c = loadModule(source, true, id, modules);
  const g = loadModule(source, false, id, modules);
  return {
    compiled: traceOnRunner(c.out[name]!, spec),
    generator: traceOnRunner(g.out[name]!, spec),
    isCompiled: c.out[name]!.compiled,
    warnings: c.warnings,
    code: c.code,
  };
}
